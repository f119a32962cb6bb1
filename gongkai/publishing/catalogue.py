"""Guides (政府信息公开指南), catalogue columns (栏目) and themes (主题分类): every change,
one function each, in a transaction, with an audit event; plus the access helpers of
these three records.

A guide is versioned: staff edit one unpublished draft (the newest version); publishing
freezes it and earlier versions stay as history. Columns form a tree of at most three
levels per agency; a column that ever carried documents is deactivated, never deleted.
Themes are one platform-wide two-level list kept by the top-level office.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.access import filter_visible
from gongkai.agencies.models import Agency
from gongkai.audit.events import diff, record_event, snapshot
from gongkai.audit.models import Event
from gongkai.publishing.access import can_manage_catalogue
from gongkai.publishing.catalogue_defaults import ColumnSpec, column_tree
from gongkai.publishing.catalogue_defaults import (  # re-exported for the demo loader
    default_guide_text as default_guide_text,
)
from gongkai.publishing.models import Column, Document, Freshness, Guide

MAX_COLUMN_DEPTH = 3
MAX_GUIDE_FIELD = 20000
GUIDE_TRACKED = (*Guide.TEXT_FIELDS, "is_published", "published_at")
COLUMN_TRACKED = ("name", "parent", "freshness", "description", "sort_order", "is_active")
THEME_TRACKED = ("code", "name", "parent", "sort_order", "is_active")
#: Agency fields shown live on the guide page and frozen into the publish event.
OFFICE_FIELDS = (
    "office_name",
    "office_address",
    "office_postcode",
    "office_hours",
    "office_phone",
    "office_fax",
    "office_email",
    "website",
)
READING_POINTS_KEY = "reading_points"


class CatalogueError(Exception):
    """A step that cannot be taken; the message is for the user."""


def _label(model: type[models.Model], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


# --- access --------------------------------------------------------------------------


def get_guide_for_user(user: User, pk: int) -> Guide:
    """A guide version of an agency ``user`` may see (404 otherwise)."""
    guide = (
        filter_visible(Guide.objects.select_related("agency", "created_by"), user)
        .filter(pk=pk)
        .first()
    )
    if guide is None:
        raise Http404("没有找到该版本的指南")
    return guide


def get_column_for_user(user: User, pk: int, *, change: bool = False) -> Column:
    """A column of an agency ``user`` may see (404); with ``change`` also require the
    right to edit that agency's catalogue (403)."""
    column = (
        filter_visible(Column.objects.select_related("agency", "parent"), user)
        .filter(pk=pk)
        .first()
    )
    if column is None:
        raise Http404("没有找到该栏目")
    if change and not can_manage_catalogue(user, column.agency):
        raise PermissionDenied("只有公开办管理员可以修改公开目录")
    return column


# --- guides ----------------------------------------------------------------------------


def latest_guide(agency: Agency) -> Guide | None:
    return Guide.objects.filter(agency=agency).order_by("-version").first()


def published_guide(agency: Agency) -> Guide | None:
    """The version the portal shows: the newest published one."""
    return Guide.objects.filter(agency=agency, is_published=True).order_by("-version").first()


def _guide_fields(fields: Mapping[str, Any]) -> dict[str, str]:
    unknown = set(fields) - set(Guide.TEXT_FIELDS)
    if unknown:
        raise ValidationError(f"指南没有这些内容项：{'、'.join(sorted(unknown))}")
    cleaned = {
        name: str(value or "").strip().replace("\r\n", "\n") for name, value in fields.items()
    }
    errors = {
        name: f"“{_label(Guide, name)}”不能超过{MAX_GUIDE_FIELD}字"
        for name, value in cleaned.items()
        if len(value) > MAX_GUIDE_FIELD
    }
    if errors:
        raise ValidationError(errors)
    return cleaned


def _log_guide(actor: User | None, guide: Guide, action: str, summary: str, **kw: Any) -> None:
    record_event(
        actor=actor,
        obj=guide,
        action=f"catalogue.{action}",
        summary=summary,
        changes=kw.get("changes"),
        agency=guide.agency,
    )


@transaction.atomic
def draft_guide(*, actor: User | None, agency: Agency, fields: Mapping[str, Any]) -> Guide:
    """Save changes to the agency's guide as a draft: the existing unpublished draft is
    updated; otherwise version N+1 is created as a copy of version N with the changes.
    A published version is never edited."""
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # one drafter at a time
    values = _guide_fields(fields)
    latest = latest_guide(agency)
    if latest is not None and not latest.is_published:
        before = snapshot(latest, Guide.TEXT_FIELDS)
        for name, value in values.items():
            setattr(latest, name, value)
        changes = diff(before, snapshot(latest, Guide.TEXT_FIELDS), Guide)
        if changes:
            latest.save(update_fields=list(changes))
            _log_guide(actor, latest, "guide_updated", "修改指南草稿", changes=changes)
        return latest
    guide = Guide(agency=agency, version=(latest.version + 1) if latest else 1, created_by=actor)
    for name in Guide.TEXT_FIELDS:
        setattr(guide, name, getattr(latest, name) if latest is not None else "")
    base = snapshot(guide, Guide.TEXT_FIELDS)
    for name, value in values.items():
        setattr(guide, name, value)
    changes = diff(base, snapshot(guide, Guide.TEXT_FIELDS), Guide)
    if latest is not None and not changes:
        raise ValidationError(f"内容与第{latest.version}版相同，没有需要保存的修改")
    guide.save()
    source = f"（基于第{latest.version}版）" if latest is not None else ""
    _log_guide(
        actor, guide, "guide_drafted", f"起草第{guide.version}版指南{source}", changes=changes
    )
    return guide


def office_snapshot(agency: Agency) -> dict[str, str]:
    """The office contacts and reading points as they are now, as text by field."""
    values = {name: str(getattr(agency, name) or "") for name in OFFICE_FIELDS}
    points = agency.reading_points.order_by("sort_order", "id")
    values[READING_POINTS_KEY] = "；".join(
        f"{p.name}：{p.address}"
        + (f"（开放时间：{p.hours}）" if p.hours else "")
        + (f"，电话 {p.phone}" if p.phone else "")
        for p in points
    )
    return values


def office_label(name: str) -> str:
    if name == READING_POINTS_KEY:
        return "政府信息查阅点"
    return _label(Agency, name)


@transaction.atomic
def publish_guide(*, actor: User | None, guide: Guide) -> Guide:
    """Publish the newest version. The office contacts and reading points (shown live on
    the guide page) are frozen into the event, so history shows what they were."""
    guide = Guide.objects.select_for_update(of=("self",)).select_related("agency").get(pk=guide.pk)
    if guide.is_published:
        raise CatalogueError(f"第{guide.version}版已经发布，不能重复发布")
    newest = Guide.objects.filter(agency=guide.agency_id).aggregate(v=Max("version"))["v"]
    if guide.version != newest:
        raise CatalogueError(f"只能发布最新版本（第{newest}版），历史版本不能再发布")
    missing = [
        _label(Guide, name) for name in Guide.TEXT_FIELDS if not getattr(guide, name).strip()
    ]
    if missing:
        raise CatalogueError(f"以下内容尚未填写，不能发布：{'、'.join(missing)}")
    before = snapshot(guide, GUIDE_TRACKED)
    guide.is_published = True
    guide.published_at = timezone.now()
    guide.save(update_fields=["is_published", "published_at"])
    changes: dict[str, Any] = diff(before, snapshot(guide, GUIDE_TRACKED), Guide)
    for name, value in office_snapshot(guide.agency).items():
        changes[name] = {"label": office_label(name), "before": None, "after": value}
    _log_guide(actor, guide, "guide_published", f"发布第{guide.version}版指南", changes=changes)
    transaction.on_commit(_invalidate_public_pages)
    return guide


@transaction.atomic
def discard_guide_draft(*, actor: User | None, guide: Guide) -> None:
    """Delete an unpublished draft (the published versions are untouched)."""
    guide = Guide.objects.select_for_update(of=("self",)).select_related("agency").get(pk=guide.pk)
    if guide.is_published:
        raise CatalogueError("已发布的版本不能删除")
    _log_guide(
        actor,
        guide,
        "guide_discarded",
        f"放弃第{guide.version}版指南草稿",
        changes=diff(snapshot(guide, Guide.TEXT_FIELDS), {}, Guide),
    )
    guide.delete()


def published_contacts(guide: Guide) -> dict[str, str] | None:
    """The office contacts frozen when ``guide`` was published (None for a draft)."""
    event = (
        Event.objects.for_object(guide)
        .filter(action="catalogue.guide_published")
        .order_by("-created_at", "-id")
        .first()
    )
    if event is None:
        return None
    return {
        name: str(change.get("after") or "")
        for name, change in event.changes.items()
        if name in OFFICE_FIELDS or name == READING_POINTS_KEY
    }


def _invalidate_public_pages() -> None:
    from gongkai.publishing import effects

    effects.invalidate_public_pages()


# --- columns ---------------------------------------------------------------------------


def _log_column(
    actor: User | None, column: Column, action: str, summary: str, changes: Any = None
) -> None:
    record_event(
        actor=actor,
        obj=column,
        action=f"catalogue.{action}",
        summary=summary,
        changes=changes,
        agency=column.agency,
    )


def _parents_of(agency_id: int) -> dict[int, int | None]:
    return dict(Column.objects.filter(agency=agency_id).values_list("pk", "parent_id"))


def _chain(parents: Mapping[int, int | None], pk: int | None) -> list[int]:
    """``pk`` and its ancestors, nearest first."""
    chain: list[int] = []
    while pk is not None and pk not in chain:
        chain.append(pk)
        pk = parents.get(pk)
    return chain


def _height(parents: Mapping[int, int | None], pk: int) -> int:
    """Levels in the subtree of ``pk`` (1 for a column without children)."""
    children: dict[int | None, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)

    def height(node: int) -> int:
        return 1 + max((height(c) for c in children.get(node, [])), default=0)

    return height(pk)


def _check_column(column: Column) -> None:
    errors: dict[str, str] = {}
    column.name = column.name.strip()
    column.description = column.description.strip()
    if not column.name:
        errors["name"] = "请填写栏目名称"
    elif len(column.name) > 60:
        errors["name"] = "栏目名称不能超过60个字"
    if len(column.description) > 200:
        errors["description"] = "说明不能超过200个字"
    if column.freshness not in Freshness.values:
        errors["freshness"] = "请选择更新类别"
    parent = column.parent
    if parent is not None:
        parents = _parents_of(column.agency_id)
        chain = _chain(parents, parent.pk)
        if parent.agency_id != column.agency_id:
            errors["parent"] = "上级栏目必须属于同一机构的公开目录"
        elif column.pk is not None and column.pk in chain:
            errors["parent"] = "不能把栏目移到它自己或它的下级栏目之下"
        elif not parent.is_active:
            errors["parent"] = "上级栏目已停用，请先启用上级栏目"
        else:
            height = _height(parents, column.pk) if column.pk is not None else 1
            if len(chain) + height > MAX_COLUMN_DEPTH:
                errors["parent"] = (
                    f"栏目最多{MAX_COLUMN_DEPTH}级，放在“{parent.name}”下会超过{MAX_COLUMN_DEPTH}级"
                )
    if "name" not in errors and "parent" not in errors:
        twin = Column.objects.filter(
            agency=column.agency_id, parent=column.parent_id, name=column.name
        ).exclude(pk=column.pk)
        if twin.exists():
            errors["name"] = f"同一上级栏目下已有名为“{column.name}”的栏目"
    if errors:
        raise ValidationError(errors)


def _next_sort_order(agency_id: int, parent_id: int | None) -> int:
    last = Column.objects.filter(agency=agency_id, parent=parent_id).aggregate(m=Max("sort_order"))[
        "m"
    ]
    return 0 if last is None else last + 1


@transaction.atomic
def create_column(
    *,
    actor: User | None,
    agency: Agency,
    name: str,
    freshness: str = Freshness.OTHER,
    parent: Column | None = None,
    description: str = "",
) -> Column:
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    column = Column(
        agency=agency, parent=parent, name=name, freshness=freshness, description=description
    )
    _check_column(column)
    column.sort_order = _next_sort_order(agency.pk, column.parent_id)
    column.save()
    _log_column(
        actor,
        column,
        "column_created",
        f"新建栏目“{column.name}”",
        diff({}, snapshot(column, COLUMN_TRACKED), Column),
    )
    transaction.on_commit(_invalidate_public_pages)
    return column


COLUMN_EDIT_FIELDS = ("name", "description", "freshness", "parent")


@transaction.atomic
def update_column(*, actor: User | None, column: Column, fields: Mapping[str, Any]) -> Column:
    """Change a column's name, description, freshness class or parent (within the same
    agency, never under itself, never deeper than three levels)."""
    unknown = set(fields) - set(COLUMN_EDIT_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    Agency.objects.select_for_update().filter(pk=column.agency_id).first()
    column = Column.objects.select_related("agency", "parent").get(pk=column.pk)
    before = snapshot(column, COLUMN_TRACKED)
    old_parent = column.parent_id
    for name, value in fields.items():
        setattr(column, name, value if name == "parent" else str(value or ""))
    _check_column(column)
    if column.parent_id != old_parent:
        column.sort_order = _next_sort_order(column.agency_id, column.parent_id)
    changes = diff(before, snapshot(column, COLUMN_TRACKED), Column)
    if changes:
        column.save()
        _log_column(actor, column, "column_updated", f"修改栏目“{column.name}”", changes)
        transaction.on_commit(_invalidate_public_pages)
    return column


@transaction.atomic
def move_column(*, actor: User | None, column: Column, direction: Literal["up", "down"]) -> Column:
    """Swap a column with its previous (``up``) or next (``down``) sibling."""
    if direction not in ("up", "down"):
        raise CatalogueError("只能上移或下移")
    siblings = list(
        Column.objects.select_for_update()
        .filter(agency=column.agency_id, parent=column.parent_id)
        .order_by("sort_order", "id")
    )
    index = next(i for i, c in enumerate(siblings) if c.pk == column.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(siblings):
        raise CatalogueError(f"“{column.name}”已经排在{'最前' if direction == 'up' else '最后'}")
    moved = siblings[index]
    before = snapshot(moved, COLUMN_TRACKED)
    siblings[index], siblings[target] = siblings[target], siblings[index]
    changed = []
    for position, sibling in enumerate(siblings):
        if sibling.sort_order != position:
            sibling.sort_order = position
            changed.append(sibling)
    Column.objects.bulk_update(changed, ["sort_order"])
    moved.agency = column.agency
    _log_column(
        actor,
        moved,
        "column_moved",
        f"{'上移' if direction == 'up' else '下移'}栏目“{moved.name}”",
        diff(before, snapshot(moved, COLUMN_TRACKED), Column),
    )
    transaction.on_commit(_invalidate_public_pages)
    return moved


def _subtree(column: Column) -> list[Column]:
    """``column`` and its descendants, parents before children."""
    parents = _parents_of(column.agency_id)
    ids = [pk for pk in parents if column.pk in _chain(parents, pk)]
    found = {c.pk: c for c in Column.objects.select_related("agency").filter(pk__in=ids)}
    return sorted(found.values(), key=lambda c: len(_chain(parents, c.pk)))


@transaction.atomic
def deactivate_column(*, actor: User | None, column: Column) -> list[Column]:
    """停用 a column and every column below it (they leave the public catalogue; their
    documents stay). Returns the columns deactivated."""
    done = []
    for item in _subtree(column):
        if not item.is_active:
            continue
        before = snapshot(item, COLUMN_TRACKED)
        item.is_active = False
        item.save(update_fields=["is_active"])
        note = "" if item.pk == column.pk else f"（随上级栏目“{column.name}”停用）"
        _log_column(
            actor,
            item,
            "column_deactivated",
            f"停用栏目“{item.name}”{note}",
            diff(before, snapshot(item, COLUMN_TRACKED), Column),
        )
        done.append(item)
    if not done:
        raise CatalogueError(f"栏目“{column.name}”已经停用")
    transaction.on_commit(_invalidate_public_pages)
    return done


@transaction.atomic
def reactivate_column(*, actor: User | None, column: Column) -> Column:
    """启用 a column again (its children stay as they are)."""
    column = (
        Column.objects.select_for_update(of=("self",))
        .select_related("agency", "parent")
        .get(pk=column.pk)
    )
    if column.is_active:
        raise CatalogueError(f"栏目“{column.name}”已经启用")
    if column.parent is not None and not column.parent.is_active:
        raise CatalogueError(f"上级栏目“{column.parent.name}”已停用，请先启用上级栏目")
    before = snapshot(column, COLUMN_TRACKED)
    column.is_active = True
    column.save(update_fields=["is_active"])
    _log_column(
        actor,
        column,
        "column_reactivated",
        f"启用栏目“{column.name}”",
        diff(before, snapshot(column, COLUMN_TRACKED), Column),
    )
    transaction.on_commit(_invalidate_public_pages)
    return column


def can_delete_column(column: Column) -> bool:
    """Only an empty column that never carried a document and has no children."""
    return (
        column.last_published_at is None
        and not Document.objects.filter(column=column).exists()
        and not Column.objects.filter(parent=column).exists()
    )


@transaction.atomic
def delete_column(*, actor: User | None, column: Column) -> None:
    column = (
        Column.objects.select_for_update(of=("self",))
        .select_related("agency", "parent")
        .get(pk=column.pk)
    )
    if Column.objects.filter(parent=column).exists():
        raise CatalogueError(f"栏目“{column.name}”下还有下级栏目，请先删除或移走下级栏目")
    if column.last_published_at is not None or Document.objects.filter(column=column).exists():
        raise CatalogueError(f"栏目“{column.name}”已有信息，不能删除，只能停用")
    _log_column(
        actor,
        column,
        "column_deleted",
        f"删除栏目“{column.name}”",
        diff(snapshot(column, COLUMN_TRACKED), {}, Column),
    )
    column.delete()
    transaction.on_commit(_invalidate_public_pages)


@transaction.atomic
def default_columns(agency: Agency, *, actor: User | None = None) -> list[Column]:
    """Create the standard column tree for an agency that has no columns yet."""
    if Column.objects.filter(agency=agency).exists():
        raise CatalogueError(f"{agency.name}已有栏目，不能再套用标准栏目")
    created: list[Column] = []

    def add(specs: tuple[ColumnSpec, ...], parent: Column | None) -> None:
        for name, freshness, children in specs:
            column = create_column(
                actor=actor, agency=agency, name=name, freshness=freshness, parent=parent
            )
            created.append(column)
            add(children, column)

    add(column_tree(agency), None)
    return created
