"""Ready-to-post texts and QR codes for channels the platform cannot reach itself.

政务微博 and 政务微信 are run by people with their own accounts; what the platform
gives them is a text to paste, with a link and a QR code to the document's portal page.
"""

from __future__ import annotations

import io
import re

import segno
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gongkai.publishing.models import Channel, Document

#: A Weibo post, link included, counted in characters.
WEIBO_LIMIT = 140
#: The longest title a Weibo post keeps before it is shortened.
WEIBO_TITLE_MAX = 60
#: A summary shorter than this is left out rather than cut to a stub.
WEIBO_MIN_SUMMARY = 8
WECHAT_SUMMARY_MAX = 300
ELLIPSIS = "…"

_SPACES = re.compile(r"\s+")


def document_url(document: Document) -> str:
    """The absolute address of the document's page on the portal."""
    try:
        path = reverse("portal:document", args=[document.pk])
    except NoReverseMatch:
        path = f"/xxgk/documents/{document.pk}/"
    return settings.SITE_URL + path


def clip(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters; a cut text ends with “…”."""
    text = _SPACES.sub(" ", text).strip()
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def summary_of(document: Document) -> str:
    """内容概述, or the start of the body when there is none."""
    return _SPACES.sub(" ", document.summary or document.body_text or "").strip()


def publish_date(document: Document) -> str:
    if document.published_at is None:
        return ""
    day = timezone.localtime(document.published_at).date()
    return f"{day.year}年{day.month}月{day.day}日"


def weibo_text(document: Document, url: str | None = None) -> str:
    """【标题】概述 链接 — at most :data:`WEIBO_LIMIT` characters including the link."""
    url = url or document_url(document)
    budget = WEIBO_LIMIT - len(url) - 1  # the space before the link
    title = clip(document.title, max(1, min(WEIBO_TITLE_MAX, budget - 2)))
    rest = budget - len(title) - 2  # 【】
    summary = clip(summary_of(document), rest) if rest >= WEIBO_MIN_SUMMARY else ""
    return f"【{title}】{summary} {url}"


def wechat_text(document: Document, url: str | None = None) -> str:
    """A longer message for a WeChat official account or a newspaper's desk."""
    url = url or document_url(document)
    lines = [document.title, f"发布机构：{document.agency.name}"]
    if document.doc_number:
        lines.append(f"发文字号：{document.doc_number}")
    if document.published_at is not None:
        lines.append(f"发布日期：{publish_date(document)}")
    if document.index_no:
        lines.append(f"索引号：{document.index_no}")
    summary = clip(summary_of(document), WECHAT_SUMMARY_MAX)
    if summary:
        lines.append(f"内容概述：{summary}")
    lines.append(f"全文链接：{url}")
    return "\n".join(lines)


def share_text(document: Document, channel: str) -> str:
    """The text to post on ``channel``: the short form for 政务微博, the long one for
    everything else (政务微信, 报刊, 广播电视, 新闻网站)."""
    if channel == Channel.WEIBO:
        return weibo_text(document)
    return wechat_text(document)


def qr_svg(url: str) -> str:
    """An inline ``<svg>`` QR code for ``url`` (safe to put in a page as it is)."""
    qr = segno.make(url, error="m")
    return str(qr.svg_inline(scale=4, title=f"二维码：{url}", svgclass="qr-code"))


def qr_png(url: str, scale: int = 8) -> bytes:
    """The same QR code as a PNG, to upload with a post."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
