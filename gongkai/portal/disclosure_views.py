"""政府信息公开 pages of the public portal: the landing page, each agency's 公开目录 and
公开指南, the document page (and its print view), attachment downloads and search.

No login, nothing but public facts: a document is shown when it is 主动公开 and
published (a withdrawn one shows its withdrawal notice). Pages are the same for every
anonymous visitor and cached for them (:mod:`gongkai.portal.cache`).
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency, ReadingPoint
from gongkai.agencies.querysets import in_tree_order
from gongkai.core.ratelimit import allow, client_ip
from gongkai.lib.filetypes import FileKind
from gongkai.portal.cache import cache_public_page
from gongkai.portal.views import _portal_root
from gongkai.publishing.catalogue import published_guide
from gongkai.publishing.models import (
    Attachment,
    Column,
    Disclosure,
    Document,
    Genre,
    Guide,
    Publication,
    Status,
    Theme,
    Validity,
)
from gongkai.publishing.querysets import DocumentQuerySet
from gongkai.search import SearchPage, SearchQuery
from gongkai.search import search as run_search

PER_PAGE = 20
LATEST_ON_HOME = 10
SEARCHES_PER_MINUTE = 120
MAX_QUERY = 100
FIRST_YEAR, LAST_YEAR = 1949, 2100
#: Indentation of tree levels in a <select> (an ideographic space per level).
INDENT = "\u3000"

# --- queries -------------------------------------------------------------------------


def public_documents() -> DocumentQuerySet:
    """Documents the catalogue and feeds list: 主动公开 and currently published."""
    return Document.objects.public()


def _shown_documents() -> DocumentQuerySet:
    """Documents that have a public page: published, or withdrawn with a notice."""
    return Document.objects.filter(
        disclosure=Disclosure.PROACTIVE,
        status__in=(Status.PUBLISHED, Status.WITHDRAWN),
        published_at__isnull=False,
    )


def _public_count() -> Count:
    return Count(
        "documents",
        filter=Q(documents__status=Status.PUBLISHED, documents__disclosure=Disclosure.PROACTIVE),
    )


def get_public_agency(slug: str) -> Agency:
    return get_object_or_404(Agency.objects.active(), slug=slug)


@dataclass
class ColumnNode:
    """One active 栏目 in its agency's tree, with the public documents in it and below."""

    column: Column
    depth: int
    ids: list[int] = field(default_factory=list)  # itself and every column below it
    document_count: int = 0

    @property
    def pk(self) -> int:
        return self.column.pk

    @property
    def name(self) -> str:
        return self.column.name


def column_tree(agency: Agency) -> list[ColumnNode]:
    """The agency's active columns depth-first, siblings by (sort_order, id)."""
    columns = (
        Column.objects.filter(agency=agency, is_active=True)
        .annotate(
            own_count=Count(
                "documents",
                filter=Q(
                    documents__status=Status.PUBLISHED,
                    documents__disclosure=Disclosure.PROACTIVE,
                ),
            )
        )
        .order_by("sort_order", "id")
    )
    own: dict[int, int] = {}
    children: dict[int | None, list[Column]] = {}
    for column in columns:
        own[column.pk] = column.own_count
        children.setdefault(column.parent_id, []).append(column)
    nodes: list[ColumnNode] = []

    def walk(column: Column, depth: int) -> ColumnNode:
        node = ColumnNode(column, depth, [column.pk])
        nodes.append(node)
        for child in children.get(column.pk, []):
            node.ids += walk(child, depth + 1).ids
        node.document_count = sum(own[pk] for pk in node.ids)
        return node

    # Columns whose parent is inactive are left out with their parent.
    for top in children.get(None, []):
        walk(top, 0)
    return nodes


def related_interpretations(document: Document) -> list[Any]:
    """政策解读 linked to ``document``. There is no interpretation model yet: this hook
    returns nothing and the page shows no section. When interpretations exist, return
    them here (objects with ``title`` and ``get_absolute_url``) in one query."""
    return []


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a public page. Its forms are all GET, so it carries no CSRF token: a
    cached page must not hand one visitor's token to everyone."""
    context = {"root": _portal_root(), "csrf_token": "", **context}
    return render(request, template, context, status=status)


# --- filter forms --------------------------------------------------------------------


class LookupChoiceField(forms.ChoiceField):
    """A <select> whose options come from a list loaded once; ``clean`` returns the
    object (from the same list, so validating costs no query)."""

    def __init__(
        self, *, objects: dict[str, Any], choices: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        self.objects = objects
        super().__init__(choices=choices, required=False, **kwargs)

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return self.objects.get(value) if value else None


def _year(value: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) != 4:
        raise forms.ValidationError("年份须为四位数字，如 2024")
    year = int(value)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise forms.ValidationError(f"年份须在{FIRST_YEAR}年至{LAST_YEAR}年之间")
    return year


def _year_choices(years: list[int]) -> list[tuple[str, str]]:
    return [("", "全部年份"), *((str(y), f"{y}年") for y in years)]


VALIDITY_CHOICES = [("", "全部"), *Validity.choices]
INVALID_VALIDITY = "有效性只能选择有效、失效或废止"


def _theme_field() -> LookupChoiceField:
    themes = list(Theme.objects.filter(is_active=True).order_by("code"))
    return LookupChoiceField(
        label="主题分类",
        objects={t.code: t for t in themes},
        choices=[
            ("", "全部主题"),
            *((t.code, (INDENT if t.parent_id else "") + t.name) for t in themes),
        ],
        error_messages={"invalid_choice": "没有这个主题分类，请从列表中选择"},
    )


def _column_field(columns: list[ColumnNode]) -> LookupChoiceField:
    return LookupChoiceField(
        label="栏目",
        objects={str(c.pk): c for c in columns},
        choices=[
            ("", "全部栏目"),
            *((str(c.pk), INDENT * c.depth + c.name) for c in columns),
        ],
        error_messages={"invalid_choice": "所选栏目不属于该机构的公开目录，请从列表中选择"},
    )


class DocumentFilters(forms.Form):
    """The filters the catalogue and search share (all optional)."""

    genre = forms.ChoiceField(
        label="体裁",
        required=False,
        choices=[("", "全部体裁"), *Genre.choices],
        error_messages={"invalid_choice": "没有这个体裁，请从列表中选择"},
    )
    year = forms.CharField(label="成文年份", required=False, widget=forms.Select)
    validity = forms.ChoiceField(
        label="有效性",
        required=False,
        choices=VALIDITY_CHOICES,
        error_messages={"invalid_choice": INVALID_VALIDITY},
    )

    def _set_years(self, years: list[int]) -> None:
        """Offer the years that have documents, and the year asked for if it is another."""
        asked = str(self.data.get("year", "")).strip()
        if asked.isdigit() and len(asked) == 4 and int(asked) not in years:
            years = sorted([*years, int(asked)], reverse=True)
        self.fields["year"].widget.choices = _year_choices(years)

    def clean_year(self) -> int | None:
        return _year(self.cleaned_data.get("year", ""))


class CatalogueFilterForm(DocumentFilters):
    """Filters of an agency's 公开目录, read from the query string."""

    def __init__(self, data: Any, *, columns: list[ColumnNode], years: list[int]) -> None:
        super().__init__(data)
        self.fields = {"column": _column_field(columns), "theme": _theme_field(), **self.fields}
        self._set_years(years)


class SearchForm(DocumentFilters):
    """The search page's form: words, where to look, and the order of the results."""

    order = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[("relevance", "相关度"), ("date", "发布日期")],
        error_messages={"invalid_choice": "排序只能选择相关度或发布日期"},
    )

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        agencies = in_tree_order(
            Agency.objects.active().only(
                "pk", "parent_id", "name", "depth", "path", "sort_order", "slug"
            )
        )
        by_slug = {a.slug: a for a in agencies}
        top = min((a.depth for a in agencies), default=0)
        fields: dict[str, forms.Field] = {
            "q": forms.CharField(
                label="关键词",
                max_length=MAX_QUERY,
                required=False,
                error_messages={"max_length": f"关键词不能超过{MAX_QUERY}个字"},
            ),
            "agency": LookupChoiceField(
                label="发布机构",
                objects=by_slug,
                choices=[
                    ("", "全部机构"),
                    *((a.slug, INDENT * (a.depth - top) + a.name) for a in agencies),
                ],
                error_messages={"invalid_choice": "没有找到该机构，请从列表中选择"},
            ),
        }
        self.agency = by_slug.get(str(data.get("agency", "")))
        if self.agency is not None:
            fields["column"] = _column_field(column_tree(self.agency))
        fields["theme"] = _theme_field()
        self.fields = fields | self.fields
        self._set_years(
            [d.year for d in public_documents().dates("formed_on", "year", order="DESC")]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.data.get("column") and "column" not in self.fields:
            self.add_error(None, "请先选择发布机构，再选择栏目")
        data["order"] = data.get("order") or "relevance"
        return data


# --- pages ---------------------------------------------------------------------------


@require_safe
@cache_public_page()
def disclosure_home(request: HttpRequest) -> HttpResponse:
    agencies = in_tree_order(
        Agency.objects.active()
        .annotate(document_count=_public_count())
        .only("pk", "parent_id", "name", "slug", "depth", "sort_order", "path")
    )
    latest = (
        public_documents()
        .select_related("agency")
        .only("pk", "title", "index_no", "published_at", "agency__name", "agency__slug")
        .order_by("-published_at", "-id")[:LATEST_ON_HOME]
    )
    total = public_documents().count()
    top = min((a.depth for a in agencies), default=0)
    for agency in agencies:
        agency.level = agency.depth - top  # type: ignore[attr-defined]
    return _render(
        request,
        "portal/disclosure/home.html",
        {"agencies": agencies, "latest": latest, "total": total},
    )


@require_safe
@cache_public_page()
def agency_disclosure(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_public_agency(slug)
    documents = public_documents().filter(agency=agency)
    columns = column_tree(agency)
    years = [d.year for d in documents.dates("formed_on", "year", order="DESC")]
    form = CatalogueFilterForm(request.GET, columns=columns, years=years)
    form.is_valid()  # invalid filters are shown with their message and not applied
    filters = form.cleaned_data
    if filters.get("column") is not None:
        documents = documents.filter(column__in=filters["column"].ids)
    if filters.get("theme") is not None:
        theme = filters["theme"]
        documents = documents.filter(Q(theme=theme) | Q(theme__parent=theme))
    if filters.get("genre"):
        documents = documents.filter(genre=filters["genre"])
    if filters.get("year"):
        documents = documents.filter(formed_on__year=filters["year"])
    if filters.get("validity"):
        documents = documents.filter(validity=filters["validity"])
    documents = documents.only(
        "pk", "title", "index_no", "formed_on", "published_at", "validity"
    ).order_by("-published_at", "-id")
    page = Paginator(documents, PER_PAGE).get_page(request.GET.get("page"))
    return _render(
        request,
        "portal/disclosure/agency.html",
        {
            "agency": agency,
            "columns": columns,
            "form": form,
            "page": page,
            "filtered": any(filters.get(name) for name in form.fields),
        },
    )


@require_safe
@cache_public_page()
def agency_guide(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(
        Agency.objects.active().prefetch_related(
            Prefetch("reading_points", queryset=ReadingPoint.objects.order_by("sort_order", "id"))
        ),
        slug=slug,
    )
    guide = published_guide(agency)
    sections = [
        (f.verbose_name, getattr(guide, f.name))
        for f in Guide._meta.concrete_fields
        if guide is not None and f.name in Guide.TEXT_FIELDS
    ]
    return _render(
        request,
        "portal/disclosure/guide.html",
        {"agency": agency, "guide": guide, "sections": sections},
    )


def _document_context(pk: int) -> dict[str, Any]:
    document = get_object_or_404(
        _shown_documents()
        .select_related("agency", "theme__parent", "column")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("sort_order", "id")),
            Prefetch(
                "publications",
                queryset=Publication.objects.select_related("gazette_issue").order_by(
                    "published_on", "id"
                ),
            ),
        ),
        pk=pk,
    )
    withdrawn = document.status == Status.WITHDRAWN
    return {
        "document": document,
        "withdrawn": withdrawn,
        "attachments": [] if withdrawn else list(document.attachments.all()),
        "interpretations": [] if withdrawn else related_interpretations(document),
        "publications": list(document.publications.all()),
    }


@require_safe
@cache_public_page()
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, "portal/disclosure/document.html", _document_context(pk))


@require_safe
@cache_public_page()
def document_print(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, "portal/disclosure/print.html", _document_context(pk))


@require_safe
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """The public copy of an attachment of a currently public document (the masked
    copy where one was made)."""
    attachment = (
        Attachment.objects.select_related("document")
        .filter(
            pk=pk,
            document__status=Status.PUBLISHED,
            document__disclosure=Disclosure.PROACTIVE,
        )
        .first()
    )
    if attachment is None:
        raise Http404("没有找到该附件")
    stored = attachment.public_file
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件缺失，请联系发布机构") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=_content_type(attachment),
    )


def _content_type(attachment: Attachment) -> str:
    try:
        return FileKind(attachment.kind).mime_type
    except ValueError:  # a kind from before the current list
        return mimetypes.guess_type(attachment.name)[0] or "application/octet-stream"


# --- search --------------------------------------------------------------------------


@dataclass
class ShownHit:
    key: int
    title_html: str
    snippet_html: str
    document: Document


#: Search results are paged up to here (1,000 hits); narrower filters find the rest.
MAX_SEARCH_PAGES = 50


def _page_number(value: str | None) -> int:
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_SEARCH_PAGES)


def _run_search(data: dict[str, Any], number: int) -> SearchPage:
    return run_search(
        SearchQuery(
            text=data["q"],
            agency_path=data["agency"].path if data.get("agency") else None,
            column_id=data["column"].pk if data.get("column") else None,
            theme=data["theme"].code if data.get("theme") else None,
            genre=data.get("genre") or None,
            year=data.get("year"),
            validity=data.get("validity") or None,
            order=data["order"],
            offset=(number - 1) * PER_PAGE,
            limit=PER_PAGE,
        )
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    context: dict[str, Any] = {"form": form, "searched": False}
    if not form.is_valid() or not form.cleaned_data["q"]:
        context["no_words"] = form.is_valid() and bool(request.GET)
        return _render(request, "portal/disclosure/search.html", context)
    if not allow("portal-search", client_ip(request), limit=SEARCHES_PER_MINUTE, window_seconds=60):
        return _render(
            request,
            "portal/disclosure/rate_limited.html",
            {"limit": SEARCHES_PER_MINUTE},
            status=429,
        )
    data = form.cleaned_data
    number = _page_number(request.GET.get("page"))
    result = _run_search(data, number)
    last = min(max(1, -(-result.total // PER_PAGE)), MAX_SEARCH_PAGES)
    if number > last:  # past the end: show the last page instead of an empty one
        number = last
        result = _run_search(data, number)
    documents = (
        public_documents()
        .select_related("agency")
        .only("pk", "index_no", "published_at", "agency__name", "agency__slug")
        .in_bulk([hit.key for hit in result.hits])
    )
    hits = [
        ShownHit(hit.key, hit.title_html, hit.snippet_html, documents[hit.key])
        for hit in result.hits
        if hit.key in documents
    ]
    paginator = Paginator(range(min(result.total, MAX_SEARCH_PAGES * PER_PAGE)), PER_PAGE)
    context |= {
        "searched": True,
        "result": result,
        "hits": hits,
        "page": paginator.get_page(number),
        "capped": result.total > MAX_SEARCH_PAGES * PER_PAGE,
        "filtered": any(data.get(name) for name in form.fields if name not in ("q", "order")),
    }
    return _render(request, "portal/disclosure/search.html", context)
