"""Schedule changes: each goes through one action and leaves an audit event."""

from __future__ import annotations

import datetime

import pytest

from gongkai.audit.models import Event
from gongkai.workdays import actions
from gongkai.workdays.calendar import add_workdays
from gongkai.workdays.models import HolidaySchedule, ScheduleDay

D = datetime.date
pytestmark = pytest.mark.django_db


def events(schedule):
    return list(Event.objects.for_object(schedule).order_by("id"))


def test_create_schedule_records_who_and_the_notice(alice):
    schedule = actions.create_schedule(
        actor=alice, year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知"
    )
    assert schedule.entered_by == alice
    [event] = events(schedule)
    assert event.action == "workdays.schedule_created"
    assert event.summary == "录入2027年节假日安排"
    assert event.actor == alice
    assert event.actor_name == "Alice"
    assert event.changes["notice"] == {
        "label": "依据",
        "before": None,
        "after": "国务院办公厅关于2027年部分节假日安排的通知",
    }


def test_create_schedule_twice_is_refused(alice):
    actions.create_schedule(actor=alice, year=2027)
    with pytest.raises(actions.ScheduleError, match=r"^2027年节假日安排已录入$"):
        actions.create_schedule(actor=alice, year=2027)


def test_create_schedule_for_an_absurd_year_is_refused(alice):
    with pytest.raises(actions.ScheduleError, match=r"^年度应在 2000 到 2099 之间$"):
        actions.create_schedule(actor=alice, year=2207)
    assert not HolidaySchedule.objects.exists()


def test_update_schedule_records_before_and_after(alice):
    schedule = actions.create_schedule(actor=alice, year=2027, notice="草稿")
    actions.update_schedule(actor=alice, schedule=schedule, notice="国办发明电")
    schedule.refresh_from_db()
    assert schedule.notice == "国办发明电"
    event = events(schedule)[-1]
    assert event.action == "workdays.schedule_updated"
    assert event.changes == {"notice": {"label": "依据", "before": "草稿", "after": "国办发明电"}}


def test_update_schedule_without_change_writes_no_event(alice):
    schedule = actions.create_schedule(actor=alice, year=2027, notice="同一通知")
    actions.update_schedule(actor=alice, schedule=schedule, notice="同一通知")
    assert len(events(schedule)) == 1


def test_set_schedule_day_adds_then_changes_a_day(alice):
    schedule = actions.create_schedule(actor=alice, year=2027)
    actions.set_schedule_day(
        actor=alice, schedule=schedule, date=D(2027, 1, 1), is_workday=False, note="元旦"
    )
    actions.set_schedule_day(
        actor=alice, schedule=schedule, date=D(2027, 1, 1), is_workday=True, note="更正"
    )
    day = ScheduleDay.objects.get()
    assert (day.date, day.is_workday, day.note) == (D(2027, 1, 1), True, "更正")
    added, changed = events(schedule)[1:]
    assert added.action == "workdays.day_added"
    assert added.summary == "新增特殊日期 2027-01-01 休息（元旦）"
    assert added.changes["is_workday"] == {"label": "是否工作日", "before": None, "after": False}
    assert changed.action == "workdays.day_changed"
    assert changed.summary == "修改特殊日期 2027-01-01 上班（更正）"
    assert changed.changes == {
        "is_workday": {"label": "是否工作日", "before": False, "after": True},
        "note": {"label": "说明", "before": "元旦", "after": "更正"},
    }


def test_set_schedule_day_outside_the_year_is_refused(alice):
    schedule = actions.create_schedule(actor=alice, year=2027)
    with pytest.raises(actions.ScheduleError, match=r"^日期 2026-12-31 不在 2027 年内$"):
        actions.set_schedule_day(
            actor=alice, schedule=schedule, date=D(2026, 12, 31), is_workday=False
        )
    assert not ScheduleDay.objects.exists()


def test_removing_a_day_restores_the_package_answer(alice):
    schedule = actions.create_schedule(actor=alice, year=2024)
    day = actions.set_schedule_day(
        actor=alice, schedule=schedule, date=D(2024, 10, 8), is_workday=False
    )
    assert add_workdays(D(2024, 9, 27), 20).date == D(2024, 10, 31)
    actions.remove_schedule_day(actor=alice, day=day)
    assert add_workdays(D(2024, 9, 27), 20).date == D(2024, 10, 30)
    event = events(schedule)[-1]
    assert event.action == "workdays.day_removed"
    assert event.summary == "删除特殊日期 2024-10-08"
    assert event.changes["date"] == {"label": "日期", "before": "2024-10-08", "after": None}


def test_action_without_actor_is_recorded_as_the_system():
    schedule = actions.create_schedule(actor=None, year=2027)
    [event] = events(schedule)
    assert event.actor is None
    assert event.actor_name == "系统"
