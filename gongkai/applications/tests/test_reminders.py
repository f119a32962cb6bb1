"""Deadline to-dos on the home page and the daily deadline e-mail."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from huey.api import PeriodicTask

from conftest import make_user
from gongkai.accounts.models import Role, User
from gongkai.agencies.models import Agency
from gongkai.applications import actions, tasks
from gongkai.applications.models import Application
from gongkai.applications.reminders import application_todos, send_deadline_emails
from gongkai.applications.tests.conftest import register
from gongkai.backoffice.todos import Todo
from gongkai.workdays.calendar import WorkdayCalendar

D = datetime.date
TODAY = D(2024, 12, 31)
LIST = "/workbench/applications/"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: TODAY)


def late(a: Application) -> int:
    """Working days ``a`` is past its next deadline on TODAY."""
    assert a.alert_due_on is not None
    return WorkdayCalendar().between(a.alert_due_on, TODAY).count


@pytest.fixture
def cases(binhe: Agency, wenchang: Agency, hank: User, wendy: User) -> dict[str, Application]:
    """滨河镇: two overdue, one due today, one due later, one waiting for confirmation;
    文昌镇: one overdue."""
    return {
        "overdue": register(binhe, hank, submitted_on=D(2024, 11, 1), applicant_name="张三"),
        "overdue2": register(binhe, hank, submitted_on=D(2024, 11, 4), applicant_name="孙七"),
        "soon": register(binhe, hank, submitted_on=D(2024, 12, 3), applicant_name="李四"),
        "later": register(binhe, hank, submitted_on=D(2024, 12, 30), applicant_name="王五"),
        "pending": register(binhe, hank, channel="email", submitted_on=D(2024, 12, 27)),
        "other": register(wenchang, wendy, submitted_on=D(2024, 11, 1), applicant_name="赵六"),
    }


def test_handler_gets_overdue_soon_pending_and_draft_todos(
    cases: dict[str, Application], hank: User
) -> None:
    assert application_todos(hank, TODAY) == [
        Todo(
            title="2 件政府信息公开申请已超过期限",
            detail="包括答复期限、申请人补正期限、征求意见答复期限和缴费期限，请尽快处理。",
            url=LIST + "?due=overdue",
            level="danger",
            due=cases["overdue"].reply_due_on,
        ),
        Todo(
            title="1 件政府信息公开申请将在3个工作日内到期",
            detail="请按期答复；确需延期的，须经政府信息公开工作机构负责人同意并告知申请人。",
            url=LIST + "?due=soon",
            level="warning",
            due=D(2024, 12, 31),
        ),
        Todo(
            title="1 件政府信息公开申请待确认收到",
            detail=(
                "平信、传真和网络申请须与申请人确认，确认之日为收到申请之日（《条例》第三十一条）。"
            ),
            url=LIST + "?status=pending",
            level="info",
        ),
        Todo(
            title="4 份告知书草稿尚未出具",
            detail="涉及 4 件申请。请核对后出具，出具后方可送达申请人。",
            url=LIST + "?letters=draft",
            level="info",
        ),
    ]


def test_the_todo_links_open_the_same_cases_in_the_list(
    cases: dict[str, Application], hank: User
) -> None:
    from django.test import Client

    from conftest import PASSWORD

    client = Client()
    assert client.login(username="hank", password=PASSWORD)
    for todo in application_todos(hank, TODAY):
        page = client.get(todo.url).content.decode()
        count = int(todo.title.split(" ")[0])
        if "草稿" in todo.title:
            count = 4  # cases with drafts
        assert f"共 {count} 件" in page, todo.url


def test_office_admin_of_the_district_counts_every_agency_below(
    cases: dict[str, Application], alice: User
) -> None:
    titles = [t.title for t in application_todos(alice, TODAY)]
    assert titles[0] == "3 件政府信息公开申请已超过期限"


def test_handler_of_another_agency_counts_only_its_own(
    cases: dict[str, Application], wendy: User
) -> None:
    assert [t.title for t in application_todos(wendy, TODAY)] == [
        "1 件政府信息公开申请已超过期限",
        "1 份告知书草稿尚未出具",
    ]


def test_users_who_do_not_handle_applications_get_no_todos(
    cases: dict[str, Application], bob: User, olga: User
) -> None:
    assert application_todos(bob, TODAY) == []
    assert application_todos(olga, TODAY) == []


def test_todos_are_counted_in_a_fixed_number_of_queries(
    cases: dict[str, Application], hank: User, django_assert_num_queries: Any
) -> None:
    WorkdayCalendar().add(TODAY, 3)  # the package calendar is cached after the first call
    hank = User.objects.get(pk=hank.pk)
    with django_assert_num_queries(7):  # roles, managed agencies, calendar, 4 counts
        application_todos(hank, TODAY)


def test_correction_consultation_and_payment_deadlines_are_reminded(
    binhe: Agency, hank: User
) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 12, 2))
    actions.request_correction(
        actor=hank, application=a, items="请写明年份", deadline=D(2024, 12, 20),
        notified_on=D(2024, 12, 3),
    )  # fmt: skip
    b = register(binhe, hank, submitted_on=D(2024, 12, 2))
    actions.start_consultation(
        actor=hank, application=b, kind="third_party", party="某公司", sent_on=D(2024, 12, 4)
    )
    c = register(binhe, hank, submitted_on=D(2024, 12, 2))
    actions.issue_fee_notice(
        actor=hank, application=c, method="per_page", pages=45, notice_on=D(2024, 12, 3)
    )
    todos = application_todos(hank, TODAY)
    assert todos[0].title == "2 件政府信息公开申请已超过期限"  # correction, consultation
    assert todos[1].title == "1 件政府信息公开申请将在3个工作日内到期"  # payment
    assert send_deadline_emails(TODAY) == 1
    body = mail.outbox[0].body
    a.refresh_from_db()
    b.refresh_from_db()
    c.refresh_from_db()
    assert f"：申请人补正期限 2024年12月20日，已超期 {late(a)} 个工作日" in body
    assert f"：征求意见答复期限 {b.alert_due_on:%Y年%-m月%-d日}，已超期 {late(b)} 个工作日" in body
    left = WorkdayCalendar().between(TODAY, c.alert_due_on).count  # type: ignore[arg-type]
    assert f"：缴费期限 {c.alert_due_on:%Y年%-m月%-d日}，剩余 {left} 个工作日" in body


# --- the daily e-mail --------------------------------------------------------------------------


def test_each_handler_and_office_admin_gets_one_email_with_their_cases(
    cases: dict[str, Application], hank: User, wendy: User, carol: User, alice: User, bob: User
) -> None:
    make_user("hilda", hank.agency, Role.HANDLER, email="")  # no address: no e-mail
    assert send_deadline_emails(TODAY) == 4
    sent = {m.to[0]: m for m in mail.outbox}
    assert sorted(sent) == sorted(u.email for u in (hank, wendy, carol, alice))
    to_hank = sent[hank.email]
    assert to_hank.subject == "【政务公开平台】依申请公开期限提醒：2 件已超期，1 件即将到期"
    c = cases
    detail = reverse("applications:detail", args=[c["soon"].pk])
    assert to_hank.body == (
        "Hank：\n\n"
        "截至2024年12月31日，您办理的以下政府信息公开申请已超过期限或将在3个工作日内到期：\n\n"
        "【已超过期限】\n"
        f"  · {c['overdue'].number} 张三（中卫市沙坡头区滨河镇人民政府）："
        f"答复期限 {c['overdue'].reply_due_on:%Y年%-m月%-d日}，"
        f"已超期 {late(c['overdue'])} 个工作日\n"
        f"    http://127.0.0.1:8000/workbench/applications/{c['overdue'].pk}/\n"
        f"  · {c['overdue2'].number} 孙七（中卫市沙坡头区滨河镇人民政府）："
        f"答复期限 {c['overdue2'].reply_due_on:%Y年%-m月%-d日}，"
        f"已超期 {late(c['overdue2'])} 个工作日\n"
        f"    http://127.0.0.1:8000/workbench/applications/{c['overdue2'].pk}/\n\n"
        "【3个工作日内到期】\n"
        f"  · {c['soon'].number} 李四（中卫市沙坡头区滨河镇人民政府）：答复期限 2024年12月31日，"
        "剩余 0 个工作日\n"
        f"    http://127.0.0.1:8000{detail}\n\n"
        "请及时处理。\n（本邮件由系统每日自动发送。）\n"
    )
    assert "赵六" not in to_hank.body
    assert "赵六" in sent[alice.email].body and "张三" in sent[alice.email].body
    assert "赵六" not in sent[carol.email].body
    assert "王五" not in sent[alice.email].body  # due later
    assert c["pending"].number + " 王小明" not in sent[alice.email].body  # not a deadline


def test_no_email_when_nothing_is_due(binhe: Agency, hank: User) -> None:
    register(binhe, hank, submitted_on=D(2024, 12, 30))
    assert send_deadline_emails(TODAY) == 0
    assert mail.outbox == []


def test_the_daily_task_runs_at_half_past_seven(
    binhe: Agency, hank: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = tasks.application_deadline_emails.task_class()
    assert isinstance(task, PeriodicTask)
    assert tasks.application_deadline_emails.name == "send_application_deadline_emails"
    day = datetime.datetime(2025, 1, 2, 7, 30)  # noqa: DTZ001 - huey runs on naive local time
    assert task.validate_datetime(day) is True
    assert task.validate_datetime(day + datetime.timedelta(minutes=1)) is False
    today = timezone.localdate()
    monkeypatch.setattr(actions, "today", lambda: today)
    register(binhe, hank, submitted_on=today - datetime.timedelta(days=60))
    assert tasks.application_deadline_emails.call_local() == 1
    assert mail.outbox[0].to == [hank.email]
