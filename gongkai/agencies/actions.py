"""Every change to agencies and reading points. Views, the importer, the demo loader
and the CLI all call these; each runs in a transaction and writes an audit event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency, ReadingPoint, path_segment
from gongkai.audit.events import diff, record_event, snapshot
from gongkai.lib.codes import normalize_code

OFFICE_FIELDS = (
    "office_name",
    "office_address",
    "office_postcode",
    "office_hours",
    "office_phone",
    "office_fax",
    "office_email",
)
AGENCY_FIELDS = (
    "name",
    "short_name",
    "slug",
    "kind",
    "code",
    "parent",
    "sort_order",
    "is_active",
    *OFFICE_FIELDS,
    "website",
)
READING_POINT_FIELDS = ("name", "address", "hours", "phone", "sort_order")


def _tree_path(agency: Agency) -> tuple[str, int]:
    segment = path_segment(agency.pk)
    if agency.parent is None:
        return f"/{segment}/", 0
    return f"{agency.parent.path}{segment}/", agency.parent.depth + 1


def _clean(obj: Agency | ReadingPoint) -> None:
    obj.full_clean(exclude=["path", "depth"] if isinstance(obj, Agency) else None)


@transaction.atomic
def create_agency(*, actor: User | None, parent: Agency | None, **fields: Any) -> Agency:
    """Create an agency under ``parent`` (None for a top-level government)."""
    if "code" in fields:
        fields["code"] = normalize_code(fields["code"] or "")
    agency = Agency(parent=parent, **fields)
    _clean(agency)
    agency.save()
    agency.path, agency.depth = _tree_path(agency)
    agency.save(update_fields=["path", "depth"])
    record_event(
        actor=actor,
        obj=agency,
        action="agency.created",
        summary="新建机构",
        changes=diff({}, snapshot(agency, AGENCY_FIELDS), Agency),
        agency=agency,
    )
    return agency


@transaction.atomic
def update_agency(*, actor: User | None, agency: Agency, data: Mapping[str, Any]) -> Agency:
    """Change an agency's fields; moving it (a new ``parent``) moves its subtree too."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = snapshot(agency, AGENCY_FIELDS)
    old_path = agency.path
    for name, value in data.items():
        if name not in AGENCY_FIELDS:
            raise ValueError(f"unknown agency field {name!r}")
        setattr(agency, name, normalize_code(value or "") if name == "code" else value)
    if agency.parent is not None and agency.parent.path.startswith(old_path):
        raise ValidationError({"parent": "不能把机构移到它自己或它的下级机构之下"})
    _clean(agency)
    agency.path, agency.depth = _tree_path(agency)
    agency.save()
    if agency.path != old_path:
        _move_subtree(old_path, agency)
    changes = diff(before, snapshot(agency, AGENCY_FIELDS), Agency)
    if changes:
        record_event(
            actor=actor,
            obj=agency,
            action="agency.updated",
            summary="修改机构信息",
            changes=changes,
            agency=agency,
        )
    return agency


def _move_subtree(old_path: str, agency: Agency) -> None:
    depth_shift = agency.depth - (old_path.count("/") - 2)
    descendants = Agency.objects.filter(path__startswith=old_path).exclude(pk=agency.pk)
    for child in descendants:
        child.path = agency.path + child.path[len(old_path) :]
        child.depth = child.depth + depth_shift
    Agency.objects.bulk_update(descendants, ["path", "depth"])


@transaction.atomic
def add_reading_point(*, actor: User | None, agency: Agency, **fields: Any) -> ReadingPoint:
    point = ReadingPoint(agency=agency, **fields)
    _clean(point)
    point.save()
    record_event(
        actor=actor,
        obj=agency,
        action="agency.reading_point_added",
        summary=f"新增查阅点：{point.name}",
        changes=diff({}, snapshot(point, READING_POINT_FIELDS), ReadingPoint),
        agency=agency,
    )
    return point


@transaction.atomic
def update_reading_point(
    *, actor: User | None, point: ReadingPoint, data: Mapping[str, Any]
) -> ReadingPoint:
    before = snapshot(point, READING_POINT_FIELDS)
    for name, value in data.items():
        if name not in READING_POINT_FIELDS:
            raise ValueError(f"unknown reading point field {name!r}")
        setattr(point, name, value)
    _clean(point)
    point.save()
    changes = diff(before, snapshot(point, READING_POINT_FIELDS), ReadingPoint)
    if changes:
        record_event(
            actor=actor,
            obj=point.agency,
            action="agency.reading_point_updated",
            summary=f"修改查阅点：{point.name}",
            changes=changes,
            agency=point.agency,
        )
    return point


@transaction.atomic
def remove_reading_point(*, actor: User | None, point: ReadingPoint) -> None:
    agency = point.agency
    before = snapshot(point, READING_POINT_FIELDS)
    point.delete()
    record_event(
        actor=actor,
        obj=agency,
        action="agency.reading_point_removed",
        summary=f"删除查阅点：{before['name']}",
        changes=diff(before, {}, ReadingPoint),
        agency=agency,
    )
