"""Printed forms: the 保密审查和内容审批表 of a document and the 政府公报 issue.

Both are Django templates (``publishing/print/``) rendered to HTML and laid out by
WeasyPrint. Rendering never reaches the network: a document body may name remote
images, and only ``data:`` URLs and files of this site's media storage are loaded.
"""

from __future__ import annotations

import datetime
import mimetypes
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from gongkai.publishing.models import (
    Document,
    GazetteIssue,
    Publication,
    Review,
    ReviewStage,
)


class LocalOnlyFetcher(URLFetcher):
    """Loads ``data:`` URLs and this site's media files; refuses everything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        media_url = settings.MEDIA_URL or ""
        parts = urlsplit(url)
        site = urlsplit(settings.SITE_URL + "/")
        if media_url and parts.netloc == site.netloc:
            prefix = "/" + media_url.lstrip("/")
            if parts.path.startswith(prefix):
                name = parts.path.removeprefix(prefix)
                if name and ".." not in name.split("/"):
                    with default_storage.open(name, "rb") as handle:
                        data = handle.read()
                    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, data, {"Content-Type": kind})
        raise ValueError(f"打印时不加载外部资源：{url}")


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render ``template`` with ``context`` and lay it out as a PDF."""
    html = render_to_string(template, context)
    document = HTML(string=html, base_url=settings.SITE_URL + "/", url_fetcher=LocalOnlyFetcher())
    return bytes(document.write_pdf())


def _yes_no(value: bool | None) -> str:
    if value is None:
        return "—"
    return "是" if value else "否"


@dataclass(frozen=True)
class ReviewRow:
    review: Review
    answers: list[tuple[str, str]]


def _review_rows(document: Document) -> list[ReviewRow]:
    reviews = document.reviews.select_related("reviewer").order_by("decided_at", "id")
    rows = []
    for review in reviews:
        values = [(label, getattr(review, key)) for key, label in Review.QUESTIONS]
        # A return (退回修改) is a comment without answers; print the questions only
        # where the reviewer answered them.
        answered = review.stage == ReviewStage.REVIEW and any(v is not None for _, v in values)
        answers = [(label, _yes_no(value)) for label, value in values] if answered else []
        rows.append(ReviewRow(review, answers))
    return rows


def review_form_pdf(document: Document, *, printed_at: datetime.datetime | None = None) -> bytes:
    """保密审查和内容审批表: the document's particulars, the drafter, every sign-off
    with each question answered, the personal-data decisions and where it was published."""
    document = (
        Document.objects.select_related("agency", "created_by", "column", "theme")
        .prefetch_related("attachments")
        .get(pk=document.pk)
    )
    publications = (
        Publication.objects.filter(document=document)
        .select_related("gazette_issue", "reading_point", "recorded_by")
        .order_by("published_on", "id")
    )
    context = {
        "document": document,
        "questions": [label for _, label in Review.QUESTIONS],
        "reviews": _review_rows(document),
        "justifications": document.justifications.select_related("decided_by").order_by(
            "decided_at", "id"
        ),
        "publications": publications,
        "printed_at": timezone.localtime(printed_at or timezone.now()),
    }
    return render_pdf("publishing/print/review_form.html", context)


def gazette_body(document: Document) -> SafeString:
    """A document body as it goes into the gazette (stored sanitised already)."""
    return mark_safe(document.body_html)  # noqa: S308 - sanitised by html.sanitize on save


def gazette_title(agency_name: str) -> str:
    """中卫市沙坡头区人民政府 → 中卫市沙坡头区人民政府公报; 某某局 → 某某局政府公报."""
    return agency_name + ("公报" if agency_name.endswith("政府") else "政府公报")


@dataclass(frozen=True)
class GazetteEntry:
    document: Document
    anchor: str
    body: SafeString


def gazette_pdf(issue: GazetteIssue, documents: list[Document] | None = None) -> bytes:
    """The issue as printed: a cover, a table of contents with page numbers, then each
    document with its title, 发文字号, body and 成文日期, in the issue's order."""
    if documents is None:
        from gongkai.publishing.gazette import issue_documents

        documents = issue_documents(issue)
    entries = [GazetteEntry(d, f"doc-{d.pk}", gazette_body(d)) for d in documents]
    context = {
        "issue": issue,
        "agency": issue.agency,
        "title": gazette_title(issue.agency.name),
        "entries": entries,
    }
    return render_pdf("publishing/print/gazette.html", context)
