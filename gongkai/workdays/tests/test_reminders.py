"""From 1 November, office admins are reminded while next year's schedule is missing:
a to-do on the home page and a daily email from the periodic task."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from conftest import make_user
from gongkai.backoffice.todos import todos_for
from gongkai.workdays import actions
from gongkai.workdays.models import HolidaySchedule
from gongkai.workdays.reminders import schedule_todos
from gongkai.workdays.tasks import check_holiday_schedule, missing_schedule_year

D = datetime.date
pytestmark = pytest.mark.django_db


def test_missing_year_is_next_year_from_1_november():
    assert missing_schedule_year(D(2026, 10, 31)) is None
    assert missing_schedule_year(D(2026, 11, 1)) == 2027
    assert missing_schedule_year(D(2026, 12, 31)) == 2027


def test_missing_year_is_none_once_next_year_is_entered():
    HolidaySchedule.objects.create(year=2027)
    assert missing_schedule_year(D(2026, 11, 1)) is None


def test_package_years_are_never_missing():
    assert missing_schedule_year(D(2025, 11, 1)) is None  # 2026 is in chinese-calendar


def test_a_current_year_without_schedule_is_missing_all_year():
    assert missing_schedule_year(D(2027, 3, 1)) == 2027


def test_todo_appears_on_1_november(alice):
    [todo] = schedule_todos(alice, D(2026, 11, 1))
    assert todo.title == "尚未录入2027年节假日安排"
    assert todo.url == "/workbench/workdays/2027/"
    assert todo.level == "warning"
    assert todo.due == D(2027, 1, 1)
    assert "请按国务院办公厅关于2027年部分节假日安排的通知录入" in todo.detail


def test_todo_is_registered_for_the_home_page(alice):
    titles = [t.title for t in todos_for(alice, D(2026, 11, 1))]
    assert "尚未录入2027年节假日安排" in titles


def test_no_todo_on_31_october(alice):
    assert list(schedule_todos(alice, D(2026, 10, 31))) == []


def test_no_todo_once_2027_is_entered(alice):
    actions.create_schedule(actor=alice, year=2027)
    assert list(schedule_todos(alice, D(2026, 11, 1))) == []


def test_todo_only_for_office_admins_and_superusers(bob, carol):
    assert list(schedule_todos(bob, D(2026, 11, 1))) == []
    [todo] = schedule_todos(carol, D(2026, 11, 1))  # township admin: told who enters it
    assert "节假日安排由区政府公开办管理员录入" in todo.detail
    root = make_user("root", None, is_superuser=True)
    assert len(list(schedule_todos(root, D(2026, 11, 1)))) == 1


def test_home_page_shows_the_warning(client, alice, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2026, 11, 1))
    client.force_login(alice)
    html = client.get("/workbench/").content.decode()
    assert 'href="/workbench/workdays/2027/">尚未录入2027年节假日安排</a>' in html


# --- the daily email --------------------------------------------------------------


@pytest.fixture
def admins(alice, bob, carol, district):
    make_user("noemail", district, "office_admin", email="")
    make_user("gone", district, "office_admin", email="gone@spt.example.cn", is_active=False)
    return alice


def test_task_emails_the_district_office_admins(admins, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2026, 11, 1))
    assert check_holiday_schedule.call_local() == 1
    [message] = mail.outbox
    assert message.to == ["alice@example.gov.cn"]  # not the township admin nor the handler
    assert message.subject == "【政务公开平台】尚未录入2027年节假日安排"
    assert f"{settings.SITE_URL}/workbench/workdays/2027/" in message.body


def test_task_sends_nothing_before_november(admins, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2026, 10, 31))
    assert check_holiday_schedule.call_local() == 0
    assert mail.outbox == []


def test_task_sends_nothing_once_the_year_is_entered(admins, monkeypatch):
    actions.create_schedule(actor=admins, year=2027)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2026, 12, 1))
    assert check_holiday_schedule.call_local() == 0
    assert mail.outbox == []


def test_task_is_a_daily_periodic_task():
    from huey.api import PeriodicTask

    task = check_holiday_schedule.task_class()
    assert isinstance(task, PeriodicTask)
    assert check_holiday_schedule.name == "check_holiday_schedule"
    validate = task.validate_datetime  # huey runs on naive local time (HUEY["utc"] False)
    assert validate(datetime.datetime(2026, 11, 1, 7, 30)) is True  # noqa: DTZ001
    assert validate(datetime.datetime(2026, 11, 1, 8, 30)) is False  # noqa: DTZ001
