"""Who may see and change the working-day calendar — the one place this rule lives.

The calendar is shared by every agency, so it is kept by the office of the top-level
government (区政府公开办): a superuser, or a 公开办管理员 of an agency without a
parent, may enter and change schedules. Every logged-in user may look at them.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from gongkai.accounts.models import User
from gongkai.agencies.access import is_top_office_admin
from gongkai.workdays.models import HolidaySchedule


def can_view_calendar(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_manage_calendar(user: User | AnonymousUser) -> bool:
    return is_top_office_admin(user)


def get_schedule_for_user(user: User, pk: int) -> HolidaySchedule:
    """A stored schedule, for its history page (every logged-in user may see it)."""
    if not can_view_calendar(user):
        raise Http404("没有找到该节假日安排")
    return get_object_or_404(HolidaySchedule, pk=pk)
