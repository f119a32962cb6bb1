"""Back-office pages of guides, catalogue columns, themes and the column freshness check.

Everyone who may see an agency may look at its guide and columns; its office admins
(:func:`gongkai.publishing.access.can_manage_catalogue`) change them. Themes are kept by
:func:`gongkai.publishing.catalogue.can_manage_themes` users.
"""

from __future__ import annotations

import difflib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.models import User
from gongkai.agencies.access import get_agency_for_user, visible_agencies
from gongkai.agencies.models import Agency
from gongkai.agencies.querysets import in_tree_order
from gongkai.audit.models import Event
from gongkai.core.auth import staff_user
from gongkai.core.forms import apply_validation_error
from gongkai.publishing import catalogue, freshness, theme_actions
from gongkai.publishing.access import can_manage_catalogue
from gongkai.publishing.catalogue import (
    MAX_COLUMN_DEPTH,
    OFFICE_FIELDS,
    READING_POINTS_KEY,
    CatalogueError,
    get_column_for_user,
    get_guide_for_user,
)
from gongkai.publishing.forms_catalogue import (
    ColumnForm,
    GuideDiffForm,
    GuideForm,
    ThemeCreateForm,
    ThemeForm,
)
from gongkai.publishing.models import Column, Freshness, Guide, Theme
from gongkai.publishing.theme_actions import can_manage_themes, get_theme_for_user

NO_CATALOGUE_RIGHT = "只有公开办管理员可以编辑政府信息公开指南和公开目录"
NO_THEME_RIGHT = "只有区政府公开办管理员可以修改主题分类"


def _managed(user: User, agency_id: int) -> Agency:
    """An agency ``user`` may see (404) and whose catalogue they may change (403)."""
    agency = get_agency_for_user(user, agency_id)
    if not can_manage_catalogue(user, agency):
        raise PermissionDenied(NO_CATALOGUE_RIGHT)
    return agency


def _error(request: HttpRequest, exc: CatalogueError | ValidationError) -> None:
    text = str(exc) if isinstance(exc, CatalogueError) else "；".join(exc.messages)
    messages.error(request, text)


# --- overview --------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    agencies = in_tree_order(
        visible_agencies(user)
        .select_related("parent")
        .annotate(
            column_count=Count("columns", filter=Q(columns__is_active=True), distinct=True),
            published_version=Max("guides__version", filter=Q(guides__is_published=True)),
            latest_version=Max("guides__version"),
        )
    )
    results = {r.agency.pk: r for r in freshness.inspect(agencies, timezone.localdate())}
    return render(
        request,
        "publishing/catalogue/index.html",
        {
            "rows": [(agency, results.get(agency.pk)) for agency in agencies],
            "can_manage_themes": can_manage_themes(user),
        },
    )


# --- guides ----------------------------------------------------------------------------


def _labels() -> list[str]:
    return [
        str(getattr(Guide._meta.get_field(name), "verbose_name", name))
        for name in Guide.TEXT_FIELDS
    ]


def _text_parts(guide: Guide) -> list[tuple[str, str]]:
    return [
        (label, getattr(guide, name))
        for label, name in zip(_labels(), Guide.TEXT_FIELDS, strict=True)
    ]


def _contacts(agency: Agency, frozen: dict[str, str] | None) -> list[tuple[str, str]]:
    values = frozen if frozen is not None else catalogue.office_snapshot(agency)
    return [
        (catalogue.office_label(name), values.get(name, ""))
        for name in (*OFFICE_FIELDS, READING_POINTS_KEY)
    ]


@login_required
def guide(request: HttpRequest, agency_id: int) -> HttpResponse:
    user = staff_user(request)
    agency = get_agency_for_user(user, agency_id)
    versions = list(agency.guides.select_related("created_by").order_by("-version"))
    events = Event.objects.filter(
        content_type=ContentType.objects.get_for_model(Guide),
        object_pk__in=[str(g.pk) for g in versions],
        action="catalogue.guide_published",
    )
    publishers = {event.object_pk: event.actor_name for event in events}
    published = next((g for g in versions if g.is_published), None)
    draft = versions[0] if versions and not versions[0].is_published else None
    diff_form = None
    if len(versions) > 1:
        diff_form = GuideDiffForm(
            versions=versions,
            initial={
                "old": (published or versions[1]).version,
                "new": versions[0].version,
            },
        )
    return render(
        request,
        "publishing/catalogue/guide.html",
        {
            "agency": agency,
            "versions": [(g, publishers.get(str(g.pk), "")) for g in versions],
            "published": published,
            "published_parts": _text_parts(published) if published else [],
            "draft": draft,
            "contacts": _contacts(agency, None),
            "reading_points": agency.reading_points.all(),
            "diff_form": diff_form,
            "can_manage": can_manage_catalogue(user, agency),
        },
    )


@login_required
def guide_version(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    version = get_guide_for_user(user, pk)
    frozen = catalogue.published_contacts(version) if version.is_published else None
    return render(
        request,
        "publishing/catalogue/guide_version.html",
        {
            "agency": version.agency,
            "guide": version,
            "parts": _text_parts(version),
            "contacts": _contacts(version.agency, frozen),
            "contacts_frozen": frozen is not None,
            "is_latest": not Guide.objects.filter(
                agency=version.agency_id, version__gt=version.version
            ).exists(),
            "can_manage": can_manage_catalogue(user, version.agency),
        },
    )


@login_required
def guide_edit(request: HttpRequest, agency_id: int) -> HttpResponse:
    """Edit the draft; when the newest version is published, saving starts a new one."""
    user = staff_user(request)
    agency = _managed(user, agency_id)
    latest = catalogue.latest_guide(agency)
    if latest is not None:
        initial = {name: getattr(latest, name) for name in Guide.TEXT_FIELDS}
    else:
        initial = catalogue.default_guide_text(agency)
    form = GuideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = catalogue.draft_guide(actor=user, agency=agency, fields=form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已保存第{saved.version}版指南草稿，发布后在门户生效。")
            return redirect("publishing_catalogue:guide", agency_id=agency.pk)
    return render(
        request,
        "publishing/catalogue/guide_form.html",
        {
            "agency": agency,
            "form": form,
            "latest": latest,
            "next_version": (latest.version + 1) if latest else 1,
        },
    )


@login_required
@require_POST
def guide_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    version = get_guide_for_user(user, pk)
    if not can_manage_catalogue(user, version.agency):
        raise PermissionDenied(NO_CATALOGUE_RIGHT)
    try:
        catalogue.publish_guide(actor=user, guide=version)
    except CatalogueError as exc:
        _error(request, exc)
    else:
        messages.success(request, f"已发布第{version.version}版指南。")
    return redirect("publishing_catalogue:guide", agency_id=version.agency_id)


@login_required
@require_POST
def guide_discard(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    version = get_guide_for_user(user, pk)
    if not can_manage_catalogue(user, version.agency):
        raise PermissionDenied(NO_CATALOGUE_RIGHT)
    try:
        catalogue.discard_guide_draft(actor=user, guide=version)
    except CatalogueError as exc:
        _error(request, exc)
    else:
        messages.success(request, f"已放弃第{version.version}版指南草稿。")
    return redirect("publishing_catalogue:guide", agency_id=version.agency_id)


def diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    """Line-level changes between two texts: ``("same"|"removed"|"added", line)``."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(("same", line) for line in a[i1:i2])
            continue
        rows.extend(("removed", line) for line in a[i1:i2])
        rows.extend(("added", line) for line in b[j1:j2])
    return rows


@login_required
def guide_diff(request: HttpRequest, agency_id: int) -> HttpResponse:
    user = staff_user(request)
    agency = get_agency_for_user(user, agency_id)
    versions = list(agency.guides.order_by("-version"))
    form = GuideDiffForm(request.GET or None, versions=versions)
    parts = []
    old = new = None
    if form.is_valid():
        by_version = {g.version: g for g in versions}
        old, new = by_version[form.cleaned_data["old"]], by_version[form.cleaned_data["new"]]
        for label, name in zip(_labels(), Guide.TEXT_FIELDS, strict=True):
            before, after = getattr(old, name), getattr(new, name)
            parts.append(
                {"label": label, "changed": before != after, "rows": diff_lines(before, after)}
            )
    return render(
        request,
        "publishing/catalogue/guide_diff.html",
        {"agency": agency, "form": form, "old": old, "new": new, "parts": parts},
    )


# --- columns ---------------------------------------------------------------------------


def _tree(columns: list[Column]) -> list[tuple[Column, str, int, tuple[int, ...]]]:
    """Columns depth-first with (path label, depth, ancestor ids)."""
    children: dict[int | None, list[Column]] = {}
    for column in columns:
        children.setdefault(column.parent_id, []).append(column)
    for group in children.values():
        group.sort(key=lambda c: (c.sort_order, c.pk))
    rows: list[tuple[Column, str, int, tuple[int, ...]]] = []

    def walk(parent: int | None, prefix: str, ancestors: tuple[int, ...]) -> None:
        for column in children.get(parent, []):
            path = f"{prefix} › {column.name}" if prefix else column.name
            rows.append((column, path, len(ancestors) + 1, ancestors))
            walk(column.pk, path, (*ancestors, column.pk))

    walk(None, "", ())
    return rows


def _parent_choices(agency: Agency, column: Column | None = None) -> list[tuple[Column, str]]:
    """Active columns that can hold a child (not ``column`` or below it)."""
    rows = _tree(list(Column.objects.filter(agency=agency)))
    return [
        (c, path)
        for c, path, depth, ancestors in rows
        if c.is_active
        and depth < MAX_COLUMN_DEPTH
        and (column is None or (c.pk != column.pk and column.pk not in ancestors))
    ]


@login_required
def columns(request: HttpRequest, agency_id: int) -> HttpResponse:
    user = staff_user(request)
    agency = get_agency_for_user(user, agency_id)
    items = list(Column.objects.filter(agency=agency).select_related("agency"))
    facts = freshness.column_facts(items, timezone.localdate())
    with_children = {c.parent_id for c in items if c.parent_id is not None}
    rows = [
        {
            "column": c,
            "facts": facts[c.pk],
            "depth": depth,
            "indent": depth - 1,
            "deletable": c.pk not in with_children
            and facts[c.pk].documents == 0
            and c.last_published_at is None,
        }
        for c, _, depth, _ in _tree(items)
    ]
    agency_results = freshness.inspect([agency], timezone.localdate())
    return render(
        request,
        "publishing/catalogue/columns.html",
        {
            "agency": agency,
            "rows": rows,
            "warnings": agency_results[0].warnings if agency_results else [],
            "can_manage": can_manage_catalogue(user, agency),
            "periods": _periods(),
        },
    )


def _periods() -> str:
    """“动态要闻类 14 天；…” for the pages' explanation."""
    parts = []
    for value, label in Freshness.choices:
        days = freshness.period_days(value)
        if days is not None:
            parts.append(f"{str(label).split('（')[0]} {days} 天")
    return "；".join(parts)


@login_required
def column_create(request: HttpRequest, agency_id: int) -> HttpResponse:
    user = staff_user(request)
    agency = _managed(user, agency_id)
    initial: dict[str, Any] = {"freshness": Freshness.OTHER}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = int(request.GET["parent"])
    form = ColumnForm(request.POST or None, initial=initial, parents=_parent_choices(agency))
    if request.method == "POST" and form.is_valid():
        try:
            column = catalogue.create_column(actor=user, agency=agency, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已新建栏目“{column.name}”。")
            return redirect("publishing_catalogue:columns", agency_id=agency.pk)
    return render(
        request,
        "publishing/catalogue/column_form.html",
        {"agency": agency, "form": form, "column": None},
    )


@login_required
def column_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    column = get_column_for_user(user, pk, change=True)
    initial = {
        "name": column.name,
        "parent": column.parent_id,
        "freshness": column.freshness,
        "description": column.description,
    }
    form = ColumnForm(
        request.POST or None,
        initial=initial,
        parents=_parent_choices(column.agency, column),
    )
    if request.method == "POST" and form.is_valid():
        try:
            catalogue.update_column(actor=user, column=column, fields=form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "栏目已保存。")
            return redirect("publishing_catalogue:columns", agency_id=column.agency_id)
    return render(
        request,
        "publishing/catalogue/column_form.html",
        {"agency": column.agency, "form": form, "column": column},
    )


@login_required
@require_POST
def column_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    if direction not in ("up", "down"):
        raise Http404("没有这种操作")
    user = staff_user(request)
    column = get_column_for_user(user, pk, change=True)
    try:
        catalogue.move_column(
            actor=user, column=column, direction="up" if direction == "up" else "down"
        )
    except CatalogueError as exc:
        _error(request, exc)
    return redirect("publishing_catalogue:columns", agency_id=column.agency_id)


@login_required
@require_POST
def column_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    column = get_column_for_user(user, pk, change=True)
    try:
        done = catalogue.deactivate_column(actor=user, column=column)
    except CatalogueError as exc:
        _error(request, exc)
    else:
        extra = f"（连同{len(done) - 1}个下级栏目）" if len(done) > 1 else ""
        messages.success(request, f"已停用栏目“{column.name}”{extra}。")
    return redirect("publishing_catalogue:columns", agency_id=column.agency_id)


@login_required
@require_POST
def column_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    column = get_column_for_user(user, pk, change=True)
    try:
        catalogue.reactivate_column(actor=user, column=column)
    except CatalogueError as exc:
        _error(request, exc)
    else:
        messages.success(request, f"已启用栏目“{column.name}”。")
    return redirect("publishing_catalogue:columns", agency_id=column.agency_id)


@login_required
def column_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes an empty, never-used column."""
    user = staff_user(request)
    column = get_column_for_user(user, pk, change=True)
    if request.method == "POST":
        try:
            catalogue.delete_column(actor=user, column=column)
        except CatalogueError as exc:
            _error(request, exc)
        else:
            messages.success(request, f"已删除栏目“{column.name}”。")
        return redirect("publishing_catalogue:columns", agency_id=column.agency_id)
    return render(
        request,
        "publishing/catalogue/column_delete.html",
        {
            "agency": column.agency,
            "column": column,
            "deletable": catalogue.can_delete_column(column),
        },
    )


@login_required
@require_POST
def columns_default(request: HttpRequest, agency_id: int) -> HttpResponse:
    user = staff_user(request)
    agency = _managed(user, agency_id)
    try:
        created = catalogue.default_columns(agency, actor=user)
    except CatalogueError as exc:
        _error(request, exc)
    else:
        messages.success(request, f"已建立标准栏目 {len(created)} 个，请按本机关实际调整。")
    return redirect("publishing_catalogue:columns", agency_id=agency.pk)


# --- themes ----------------------------------------------------------------------------


def _theme_manager(request: HttpRequest) -> User:
    user = staff_user(request)
    if not can_manage_themes(user):
        raise PermissionDenied(NO_THEME_RIGHT)
    return user


@login_required
def themes(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    top = (
        Theme.objects.filter(parent__isnull=True)
        .prefetch_related("children")
        .annotate(document_count=Count("document", distinct=True))
        .order_by("code")
    )
    counts = dict(
        Theme.objects.filter(parent__isnull=False)
        .annotate(n=Count("document"))
        .values_list("pk", "n")
    )
    return render(
        request,
        "publishing/catalogue/themes.html",
        {"themes": top, "counts": counts, "can_manage": can_manage_themes(user)},
    )


@login_required
def theme_create(request: HttpRequest) -> HttpResponse:
    user = _theme_manager(request)
    parents = list(Theme.objects.filter(parent__isnull=True, is_active=True).order_by("code"))
    initial = {}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = int(request.GET["parent"])
    form = ThemeCreateForm(request.POST or None, initial=initial, parents=parents)
    if request.method == "POST" and form.is_valid():
        try:
            theme = theme_actions.create_theme(
                actor=user, name=form.cleaned_data["name"], parent=form.cleaned_data["parent"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已新增主题分类“{theme.code} {theme.name}”。")
            return redirect("publishing_catalogue:themes")
    return render(request, "publishing/catalogue/theme_form.html", {"form": form, "theme": None})


@login_required
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    theme = get_theme_for_user(user, pk, change=True)
    form = ThemeForm(request.POST or None, initial={"name": theme.name})
    if request.method == "POST" and form.is_valid():
        try:
            theme_actions.rename_theme(actor=user, theme=theme, name=form.cleaned_data["name"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "主题分类已保存。")
            return redirect("publishing_catalogue:themes")
    return render(request, "publishing/catalogue/theme_form.html", {"form": form, "theme": theme})


@login_required
@require_POST
def theme_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    theme = get_theme_for_user(user, pk, change=True)
    try:
        theme_actions.deactivate_theme(actor=user, theme=theme)
    except CatalogueError as exc:
        _error(request, exc)
    else:
        messages.success(request, f"已停用主题分类“{theme.code} {theme.name}”。")
    return redirect("publishing_catalogue:themes")


@login_required
@require_POST
def theme_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    theme = get_theme_for_user(user, pk, change=True)
    try:
        theme_actions.reactivate_theme(actor=user, theme=theme)
    except CatalogueError as exc:
        _error(request, exc)
    else:
        messages.success(request, f"已启用主题分类“{theme.code} {theme.name}”。")
    return redirect("publishing_catalogue:themes")


# --- freshness -------------------------------------------------------------------------


@login_required
def freshness_check(request: HttpRequest) -> HttpResponse:
    """栏目更新检查: stale and blank columns per agency in the user's subtree."""
    user = staff_user(request)
    agencies = (
        visible_agencies(user)
        .active()
        .annotate(column_count=Count("columns", filter=Q(columns__is_active=True)))
    )
    selected = None
    if request.GET.get("agency", "").isdigit():
        selected = get_agency_for_user(user, int(request.GET["agency"]))
        agencies = agencies.filter(path__startswith=selected.path)
    ordered = in_tree_order(agencies)
    today = timezone.localdate()
    results = freshness.inspect(ordered, today)
    return render(
        request,
        "publishing/catalogue/freshness.html",
        {
            "today": today,
            "selected": selected,
            "results": results,
            "checked": len(ordered),
            "without_columns": [a for a in ordered if not getattr(a, "column_count", 0)],
            "vetoed": sum(1 for r in results if r.has_veto),
            "periods": _periods(),
        },
    )
