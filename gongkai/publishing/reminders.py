"""To-dos on the back-office home page for documents: proactive documents due soon or
overdue (20 working days from 成文日期), and documents waiting for the user's step."""

from __future__ import annotations

import datetime

from django.db.models import Count, Min, Q
from django.urls import reverse

from gongkai.accounts.models import Role, User
from gongkai.agencies.access import manageable_agencies
from gongkai.backoffice.todos import Todo
from gongkai.publishing.access import visible_documents
from gongkai.publishing.models import Status
from gongkai.workdays.calendar import WorkdayCalendar

#: "Due soon" = within this many working days.
DUE_SOON_WORKDAYS = 5


def _acting_documents(user: User, role: str) -> Q:
    managed = manageable_agencies(user).values("pk")
    q = Q(agency__in=managed)
    if user.agency_id is not None and user.has_role(role):
        q |= Q(agency_id=user.agency_id)
    return q


def document_todos(user: User, today: datetime.date) -> list[Todo]:
    if not user.is_active:
        return []
    items: list[Todo] = []
    url = reverse("publishing:list")
    documents = visible_documents(user)
    can_publish = user.is_superuser or user.has_role(Role.PUBLISHER, Role.OFFICE_ADMIN)
    if can_publish:
        scope = (
            documents
            if user.is_superuser
            else documents.filter(_acting_documents(user, Role.PUBLISHER))
        )
        soon_end = WorkdayCalendar().add(today, DUE_SOON_WORKDAYS).date
        overdue = scope.overdue(today).aggregate(n=Count("id"), first=Min("due_on"))
        soon = scope.due_between(today, soon_end).aggregate(n=Count("id"), first=Min("due_on"))
        if overdue["n"]:
            items.append(
                Todo(
                    title=f"{overdue['n']} 条主动公开信息已超过公开期限",
                    detail="自成文日期起20个工作日内应公开（《条例》第二十六条）。",
                    url=url + "?due=overdue",
                    level="danger",
                    due=overdue["first"],
                )
            )
        if soon["n"]:
            items.append(
                Todo(
                    title=f"{soon['n']} 条主动公开信息将在{DUE_SOON_WORKDAYS}个工作日内到期",
                    detail="请尽快完成保密审查、审批和发布。",
                    url=url + "?due=soon",
                    level="warning",
                    due=soon["first"],
                )
            )
    for status, role, label in (
        (Status.IN_REVIEW, Role.REVIEWER, "保密审查"),
        (Status.IN_APPROVAL, Role.APPROVER, "审批"),
    ):
        if not (user.is_superuser or user.has_role(role, Role.OFFICE_ADMIN)):
            continue
        scope = documents if user.is_superuser else documents.filter(_acting_documents(user, role))
        waiting = scope.filter(status=status).count()
        if waiting:
            items.append(
                Todo(
                    title=f"{waiting} 条政府信息待{label}",
                    url=f"{url}?status={status}",
                    level="info",
                )
            )
    return items
