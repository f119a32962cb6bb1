"""Who may see and change which agency — the one place these rules live.

- A superuser sees and manages everything.
- 公开办管理员 (office admin) sees and manages its agency's whole subtree.
- 只读 (e.g. a superior office) sees its agency's whole subtree and changes nothing.
- Every other role sees its own agency only and cannot change agency records.

Records of other apps that belong to an agency are scoped with
:func:`filter_visible` so that the same rule applies everywhere.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from gongkai.accounts.models import SUBTREE_ROLES, Role, User
from gongkai.agencies.models import Agency
from gongkai.agencies.querysets import AgencyQuerySet

M = TypeVar("M", bound=models.Model)


def visible_agencies(user: User) -> AgencyQuerySet:
    if not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    if user.agency is None:
        return Agency.objects.none()
    if user.has_role(*SUBTREE_ROLES):
        return Agency.objects.subtree_of(user.agency)
    return Agency.objects.filter(pk=user.agency.pk)


def manageable_agencies(user: User) -> AgencyQuerySet:
    if not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    if user.agency is None or not user.has_role(Role.OFFICE_ADMIN):
        return Agency.objects.none()
    return Agency.objects.subtree_of(user.agency)


def is_top_office_admin(user: User | AnonymousUser) -> bool:
    """A superuser or a 公开办管理员 of a top-level agency: keeps what every agency shares
    (the working-day calendar, the 主题分类 list)."""
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        user.agency is not None
        and user.agency.parent_id is None
        and user.has_role(Role.OFFICE_ADMIN)
    )


def can_view_agency(user: User, agency: Agency) -> bool:
    return visible_agencies(user).filter(pk=agency.pk).exists()


def can_manage_agency(user: User, agency: Agency) -> bool:
    return manageable_agencies(user).filter(pk=agency.pk).exists()


def get_agency_for_user(user: User, pk: int, *, change: bool = False) -> Agency:
    """The agency ``pk`` if ``user`` may see it (404 otherwise — its existence is
    not revealed); with ``change=True`` also require the right to change it (403)."""
    agency = visible_agencies(user).filter(pk=pk).first()
    if agency is None:
        raise Http404("没有找到该机构")
    if change and not can_manage_agency(user, agency):
        raise PermissionDenied("您没有修改该机构信息的权限")
    return agency


def filter_visible(
    queryset: models.QuerySet[M], user: User, field: str = "agency"
) -> models.QuerySet[M]:
    """Limit any agency-owned records to those ``user`` may see."""
    return queryset.filter(**{f"{field}__in": visible_agencies(user)})
