"""Who may see and manage which staff accounts: the agency rule applied to users.

A user is visible to whoever can see the user's agency, and manageable by whoever can
manage it (an office administrator of the agency or one above it, or a superuser).
Nobody manages their own account here (they use 修改密码), so an administrator cannot
lock themselves out or raise their own roles.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.accounts.models import User
from gongkai.agencies.access import manageable_agencies, visible_agencies


def visible_staff(actor: User) -> QuerySet[User]:
    return User.objects.filter(agency__in=visible_agencies(actor))


def manageable_staff(actor: User) -> QuerySet[User]:
    return User.objects.filter(agency__in=manageable_agencies(actor)).exclude(pk=actor.pk)


def get_staff_for_user(actor: User, pk: int, *, change: bool = False) -> User:
    user = visible_staff(actor).select_related("agency").filter(pk=pk).first()
    if user is None:
        raise Http404("没有找到该用户")
    if change and not manageable_staff(actor).filter(pk=pk).exists():
        raise PermissionDenied("您没有管理该账号的权限")
    return user
