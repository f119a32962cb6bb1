"""Reminding office administrators to enter next year's holiday schedule: a to-do on
the back-office home page and a daily email (see ``tasks.py``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import QuerySet
from django.urls import reverse

from gongkai.accounts.models import Role, User
from gongkai.backoffice.todos import Todo
from gongkai.workdays.access import can_manage_calendar
from gongkai.workdays.years import missing_schedule_year


def _title(year: int) -> str:
    return f"尚未录入{year}年节假日安排"


def schedule_todos(user: User, today: datetime.date) -> Iterable[Todo]:
    """The home-page to-do for office administrators (and superusers)."""
    if not (user.is_superuser or user.has_role(Role.OFFICE_ADMIN)):
        return []
    year = missing_schedule_year(today)
    if year is None:
        return []
    if can_manage_calendar(user):
        detail = (
            f"请按国务院办公厅关于{year}年部分节假日安排的通知录入放假和调休日期。"
            f"录入前，涉及{year}年的期限只按周末计算，为临时结果。"
        )
    else:
        detail = (
            f"节假日安排由区政府公开办管理员录入。录入前，涉及{year}年的期限只按周末计算，"
            "为临时结果，请注意核对。"
        )
    return [
        Todo(
            title=_title(year),
            detail=detail,
            url=reverse("workdays:year_detail", args=[year]),
            level="warning",
            due=datetime.date(year, 1, 1) if year > today.year else None,
        )
    ]


def calendar_admins() -> QuerySet[User]:
    """Active office administrators of top-level agencies who have an email address."""
    return (
        User.objects.filter(
            is_active=True,
            role_grants__role=Role.OFFICE_ADMIN,
            agency__isnull=False,
            agency__parent__isnull=True,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def email_missing_schedule(*, today: datetime.date) -> int:
    """Email the calendar admins when a schedule is missing; the number emailed."""
    year = missing_schedule_year(today)
    if year is None:
        return 0
    url = settings.SITE_URL + reverse("workdays:year_detail", args=[year])
    messages = [
        EmailMessage(
            subject=f"【政务公开平台】{_title(year)}",
            body=(
                f"{admin.display_name}：\n\n"
                f"平台{_title(year)}。录入前，涉及{year}年的办理期限只按周末计算，为临时结果。\n"
                f"请按国务院办公厅关于{year}年部分节假日安排的通知录入放假和调休日期：\n{url}\n\n"
                "（本邮件由系统每日自动发送，录入后即停止。）\n"
            ),
            to=[admin.email],
        )
        for admin in calendar_admins()
    ]
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
