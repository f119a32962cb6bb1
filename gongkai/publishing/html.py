"""Document bodies are rich text: stored sanitised (nh3, an allow-list) and as plain
text for search and the personal-data scan."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "span", "div",
    "h2", "h3", "h4", "h5", "ul", "ol", "li", "blockquote", "pre", "code",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "a", "img", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "p": {"align"},
    "col": {"span"},
}
_BLOCK = re.compile(r"</?(p|div|br|li|tr|h[2-5]|blockquote|pre|table|hr)\b[^>]*>", re.I)
_CELL = re.compile(r"</t[dh]>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\u3000]+")
_LINES = re.compile(r"\n\s*\n+")


def sanitize(value: str) -> str:
    """The body as it is stored and shown: only the allowed tags, safe links."""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def plain_text(value: str) -> str:
    """Readable text of a sanitised body: block tags become line breaks."""
    text = _CELL.sub("\t", value)
    text = _BLOCK.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return _LINES.sub("\n\n", text).strip()


_TAG_START = re.compile(r"<[A-Za-z!/]")


def looks_like_html(value: str) -> bool:
    """Whether ``value`` holds markup (a tag), not text with a stray "<"."""
    return bool(_TAG_START.search(value))


def text_to_html(text: str) -> str:
    """Plain text (from an import or the API) as paragraphs."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def map_text_nodes(value: str, func: Callable[[str], str]) -> str:
    """Apply ``func`` to each text node of sanitised HTML (used to mask personal data
    without touching the markup). Entities are decoded for ``func`` and re-escaped."""
    parts = re.split(r"(<[^>]*>)", value)
    out = []
    for part in parts:
        if part.startswith("<"):
            out.append(part)
        elif part:
            out.append(html.escape(func(html.unescape(part)), quote=False))
    return "".join(out)
