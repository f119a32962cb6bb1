"""Deadline reminders of disclosure on request: the to-dos on the back-office home page
and the daily e-mail to handlers and office admins (run by ``tasks.py``).

Both read the stored, indexed ``alert_due_on`` / ``alert_kind`` columns that the
actions keep up to date (:meth:`ApplicationQuerySet.alerting`): the next deadline of an
open case — the reply, the applicant's correction period, a consultation answer or a
fee payment. A case still waiting for its receipt to be confirmed has its own to-do
(待确认), not a deadline.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse

from gongkai.accounts.models import Role, RoleGrant, User
from gongkai.agencies.access import manageable_agencies
from gongkai.applications.deadlines import workdays_left
from gongkai.applications.models import Application, Letter, LetterStatus, Status
from gongkai.applications.querysets import ApplicationQuerySet
from gongkai.backoffice.todos import Todo
from gongkai.workdays.calendar import WorkdayCalendar

#: "Due soon" = within this many working days.
DUE_SOON_WORKDAYS = 3
DUE_FILTERS = {"overdue": "已超期", "soon": f"{DUE_SOON_WORKDAYS}个工作日内到期"}
#: What the next deadline of a case is (``Application.alert_kind``).
ALERT_KINDS = {
    "confirm": "确认收到申请",
    "reply": "答复期限",
    "correction": "申请人补正期限",
    "consultation": "征求意见答复期限",
    "payment": "缴费期限",
}
_CONFIRM = "confirm"


def soon_end(today: datetime.date, cal: WorkdayCalendar | None = None) -> datetime.date:
    """The last day that counts as "due soon" (the 3rd working day after today)."""
    return (cal or WorkdayCalendar()).add(today, DUE_SOON_WORKDAYS).date


#: What stands for the working days left when the calendar cannot count them.
FAR_OVERDUE = "已超期（相差超过20年，请核对日期）"
FAR_AHEAD = "剩余超过20年（请核对日期）"


def with_due(
    applications: ApplicationQuerySet, due: str, today: datetime.date
) -> ApplicationQuerySet:
    """Open cases whose next deadline is past (``overdue``: before today) or comes within
    three working days (``soon``: today up to :func:`soon_end`). The list filter, the
    to-dos and the e-mail all use this one definition."""
    deadlines = applications.exclude(alert_kind=_CONFIRM)
    if due == "overdue":
        return deadlines.alerting(today - datetime.timedelta(days=1))
    if due == "soon":
        return deadlines.alerting(soon_end(today)).filter(alert_due_on__gte=today)
    if due == "alerting":
        return deadlines.alerting(soon_end(today))
    return applications


def handled_applications(user: User) -> ApplicationQuerySet:
    """The cases ``user`` may act on: their own agency's as 依申请办理人, their subtree's
    as 公开办管理员, everything as a superuser."""
    qs: ApplicationQuerySet = Application.objects.all()
    if user.is_superuser:
        return qs
    q = Q(agency__in=manageable_agencies(user).values("pk"))
    if user.agency_id is not None and user.has_role(Role.HANDLER):
        q |= Q(agency_id=user.agency_id)
    return qs.filter(q)


def application_todos(user: User, today: datetime.date) -> list[Todo]:
    if not user.is_active or not (
        user.is_superuser or user.has_role(Role.HANDLER, Role.OFFICE_ADMIN)
    ):
        return []
    url = reverse("applications:list")
    scope = handled_applications(user)
    items: list[Todo] = []
    overdue = with_due(scope, "overdue", today).aggregate(n=Count("pk"), first=Min("alert_due_on"))
    if overdue["n"]:
        items.append(
            Todo(
                title=f"{overdue['n']} 件政府信息公开申请已超过期限",
                detail="包括答复期限、申请人补正期限、征求意见答复期限和缴费期限，请尽快处理。",
                url=url + "?due=overdue",
                level="danger",
                due=overdue["first"],
            )
        )
    soon = with_due(scope, "soon", today).aggregate(n=Count("pk"), first=Min("alert_due_on"))
    if soon["n"]:
        items.append(
            Todo(
                title=f"{soon['n']} 件政府信息公开申请将在{DUE_SOON_WORKDAYS}个工作日内到期",
                detail="请按期答复；确需延期的，须经政府信息公开工作机构负责人同意并告知申请人。",
                url=url + "?due=soon",
                level="warning",
                due=soon["first"],
            )
        )
    pending = scope.filter(status=Status.PENDING).aggregate(
        n=Count("pk"), first=Min("submitted_on")
    )
    if pending["n"]:
        items.append(
            Todo(
                title=f"{pending['n']} 件政府信息公开申请待确认收到",
                detail=(
                    "平信、传真和网络申请须与申请人确认，确认之日为收到申请之日"
                    "（《条例》第三十一条）。"
                ),
                url=f"{url}?status={Status.PENDING}",
                level="info",
            )
        )
    drafts = Letter.objects.filter(application__in=scope, status=LetterStatus.DRAFT).aggregate(
        n=Count("pk"), cases=Count("application", distinct=True)
    )
    if drafts["n"]:
        items.append(
            Todo(
                title=f"{drafts['n']} 份告知书草稿尚未出具",
                detail=f"涉及 {drafts['cases']} 件申请。请核对后出具，出具后方可送达申请人。",
                url=url + "?letters=draft",
                level="info",
            )
        )
    return items


# --- the daily e-mail -------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    """One line of the e-mail: a case and how far its next deadline is."""

    application: Application
    kind: str
    due: datetime.date
    left: int | None  # working days, negative when overdue; None: decades overdue

    @property
    def overdue(self) -> bool:
        return self.left is None or self.left < 0

    @property
    def text(self) -> str:
        a = self.application
        when = f"{self.due.year}年{self.due.month}月{self.due.day}日"
        if a.due_provisional:
            when += "（暂定）"
        if self.left is None:
            state = FAR_OVERDUE
        elif self.left >= 0:
            state = f"剩余 {self.left} 个工作日"
        else:
            state = f"已超期 {-self.left} 个工作日"
        return f"{a.number} {a.applicant_name}（{a.agency.name}）：{self.kind} {when}，{state}"


def _recipients() -> list[User]:
    """Active handlers and office admins with an agency and an e-mail address; each
    annotated with ``is_handler`` / ``is_admin``."""
    grants = RoleGrant.objects.filter(user=OuterRef("pk"))
    return list(
        User.objects.filter(
            is_active=True,
            agency__isnull=False,
            role_grants__role__in=(Role.HANDLER, Role.OFFICE_ADMIN),
        )
        .exclude(email="")
        .annotate(
            is_handler=Exists(grants.filter(role=Role.HANDLER)),
            is_admin=Exists(grants.filter(role=Role.OFFICE_ADMIN)),
        )
        .select_related("agency")
        .distinct()
        .order_by("pk")
    )


def _email(user: User, reminders: list[Reminder], today: datetime.date) -> EmailMessage:
    overdue = [r for r in reminders if r.overdue]
    soon = [r for r in reminders if not r.overdue]
    lines = [
        f"{user.display_name}：",
        "",
        f"截至{today.year}年{today.month}月{today.day}日，您办理的以下政府信息公开申请"
        f"已超过期限或将在{DUE_SOON_WORKDAYS}个工作日内到期：",
    ]
    for heading, group in (
        ("已超过期限", overdue),
        (f"{DUE_SOON_WORKDAYS}个工作日内到期", soon),
    ):
        if not group:
            continue
        lines += ["", f"【{heading}】"]
        for r in group:
            lines.append(f"  · {r.text}")
            lines.append(
                f"    {settings.SITE_URL}{reverse('applications:detail', args=[r.application.pk])}"
            )
    lines += ["", "请及时处理。", "（本邮件由系统每日自动发送。）"]
    subject = f"【政务公开平台】依申请公开期限提醒：{len(overdue)} 件已超期，{len(soon)} 件即将到期"
    return EmailMessage(subject=subject, body="\n".join(lines) + "\n", to=[user.email])


def send_deadline_emails(today: datetime.date) -> int:
    """One e-mail to each handler (cases of their agency) and office admin (cases of
    their subtree) who has cases overdue or due within three working days; returns
    the number of e-mails sent."""
    cal = WorkdayCalendar()
    cases = list(
        with_due(Application.objects.all(), "alerting", today)
        .select_related("agency")
        .order_by("alert_due_on", "agency__path", "year", "serial")
    )
    if not cases:
        return 0
    reminders = [
        Reminder(
            a,
            ALERT_KINDS.get(a.alert_kind, "期限"),
            a.alert_due_on,
            workdays_left(cal, today, a.alert_due_on),
        )
        for a in cases
        if a.alert_due_on is not None
    ]
    messages = []
    for user in _recipients():
        if user.agency is None:
            continue
        path = user.agency.path
        mine = [
            r
            for r in reminders
            if (getattr(user, "is_admin", False) and r.application.agency.path.startswith(path))
            or (getattr(user, "is_handler", False) and r.application.agency_id == user.agency_id)
        ]
        if mine:
            messages.append(_email(user, mine, today))
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
