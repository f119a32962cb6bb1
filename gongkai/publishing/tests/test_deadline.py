from __future__ import annotations

import datetime

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.publishing.tests.conftest import draft
from gongkai.workdays import actions as workdays_actions
from gongkai.workdays.calendar import is_workday


def test_proactive_deadline_is_twenty_working_days_across_national_day(
    bob: User, binhe: Agency
) -> None:
    # 2024: 1–7 October off; Sunday 29 September and Saturday 12 October worked.
    document = draft(binhe, bob, formed_on=datetime.date(2024, 9, 27))
    assert document.due_on == datetime.date(2024, 10, 30)
    assert not document.due_provisional
    days = [
        datetime.date(2024, 9, 27) + datetime.timedelta(days=n)
        for n in range(1, (document.due_on - datetime.date(2024, 9, 27)).days + 1)
    ]
    assert sum(is_workday(d) for d in days) == 20


def test_documents_not_proactively_disclosed_have_no_deadline(bob: User, binhe: Agency) -> None:
    document = draft(binhe, bob, disclosure="withheld", withhold_ground="internal_affairs")
    assert document.due_on is None


def test_deadline_in_a_year_without_a_schedule_is_provisional_then_recomputed(
    bob: User,
    binhe: Agency,
    django_capture_on_commit_callbacks,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    from unittest import mock

    from django.utils import timezone

    # Pretend it is late 2027 so a 2027 成文日期 is allowed; 2027 has no stored schedule.
    fake_today = datetime.date(2027, 12, 20)
    with mock.patch.object(timezone, "localdate", return_value=fake_today):
        document = draft(binhe, bob, formed_on=datetime.date(2027, 12, 15))
    assert document.due_provisional
    assert document.due_on == datetime.date(2028, 1, 12)
    with django_capture_on_commit_callbacks(execute=True):
        schedule = workdays_actions.create_schedule(actor=None, year=2028, notice="假设的通知")
        workdays_actions.set_schedule_day(
            actor=None, schedule=schedule, date=datetime.date(2028, 1, 3), is_workday=False,
            note="元旦",
        )  # fmt: skip
    document.refresh_from_db()
    # Still provisional while 2027 is unknown, but 3 January 2028 is now a holiday.
    assert document.due_on == datetime.date(2028, 1, 13)
    assert document.due_provisional
