"""The working-day engine. Expected dates are counted by hand from the State Council
notices (国务院办公厅关于2024年/2025年部分节假日安排的通知), not taken from the code:
the day after the start is day 1; weekends and holidays are skipped; make-up working
weekends (调休上班) count."""

from __future__ import annotations

import datetime

import pytest

from gongkai.workdays.calendar import (
    MAX_DAYS,
    WorkdayCalendar,
    add_workdays,
    day_status,
    is_workday,
    package_special_days,
    workdays_between,
    year_known,
)
from gongkai.workdays.models import HolidaySchedule, ScheduleDay

D = datetime.date
pytestmark = pytest.mark.django_db


# --- 2024 National Day: 10-01..10-07 off, Sun 09-29 and Sat 10-12 worked -----------


def test_twenty_workdays_across_2024_national_day():
    # 09-29(Sun)=1, 09-30=2, [10-01..10-07 off], 10-08..10-11=3..6, 10-12(Sat)=7,
    # 10-14..10-18=8..12, 10-21..10-25=13..17, 10-28=18, 10-29=19, 10-30=20
    assert add_workdays(D(2024, 9, 27), 20) == (D(2024, 10, 30), False)


def test_2024_make_up_sunday_and_saturday_are_working_days():
    assert is_workday(D(2024, 9, 29)) is True  # Sunday
    assert is_workday(D(2024, 10, 12)) is True  # Saturday
    assert add_workdays(D(2024, 9, 28), 1).date == D(2024, 9, 29)
    assert add_workdays(D(2024, 10, 11), 1).date == D(2024, 10, 12)


def test_2024_national_day_weekdays_are_holidays():
    for day in range(1, 8):
        assert is_workday(D(2024, 10, day)) is False
    assert add_workdays(D(2024, 9, 30), 1).date == D(2024, 10, 8)


def test_day_status_names_the_holiday_and_the_make_up_day():
    assert day_status(D(2024, 10, 1)) == (False, False, "国庆节")
    assert day_status(D(2024, 9, 29)) == (True, False, "国庆节调休上班")
    assert day_status(D(2024, 10, 19)) == (False, False, "")  # an ordinary Saturday


# --- 2025 Spring Festival: 01-28..02-04 off, Sun 01-26 and Sat 02-08 worked --------


def test_ten_workdays_across_2025_spring_festival():
    # 01-26(Sun)=1, 01-27=2, [01-28..02-04 off], 02-05..02-07=3..5, 02-08(Sat)=6,
    # 02-10..02-13=7..10
    assert add_workdays(D(2025, 1, 24), 10) == (D(2025, 2, 13), False)


def test_2025_spring_festival_days():
    assert is_workday(D(2025, 1, 26)) is True  # Sunday, make-up
    assert is_workday(D(2025, 2, 8)) is True  # Saturday, make-up
    off = [D(2025, 1, 28) + datetime.timedelta(days=i) for i in range(8)]
    assert off[-1] == D(2025, 2, 4)
    assert [is_workday(day) for day in off] == [False] * 8
    assert add_workdays(D(2025, 1, 27), 1).date == D(2025, 2, 5)
    assert add_workdays(D(2025, 2, 7), 1).date == D(2025, 2, 8)


# --- years without an official schedule ---------------------------------------------


def test_result_in_2027_without_schedule_is_provisional_weekends_only():
    # 12-28..12-31=1..4, 2027-01-01 (Fri, counted: no schedule)=5, 01-04..01-08=6..10
    assert add_workdays(D(2026, 12, 25), 10) == (D(2027, 1, 8), True)


def test_result_that_stays_in_2026_is_not_provisional():
    assert add_workdays(D(2026, 12, 25), 4) == (D(2026, 12, 31), False)


def test_2027_is_unknown_until_a_schedule_is_entered():
    assert year_known(2026) is True
    assert year_known(2027) is False
    HolidaySchedule.objects.create(year=2027)
    assert year_known(2027) is True


def test_stored_2027_schedule_makes_results_final():
    schedule = HolidaySchedule.objects.create(
        year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知"
    )
    assert add_workdays(D(2026, 12, 25), 10) == (D(2027, 1, 8), False)
    ScheduleDay.objects.create(schedule=schedule, date=D(2027, 1, 1), is_workday=False, note="元旦")
    # 2027-01-01 is now a holiday: day 5 is 01-04, day 10 is 01-11
    assert add_workdays(D(2026, 12, 25), 10) == (D(2027, 1, 11), False)
    assert day_status(D(2027, 1, 1)) == (False, False, "元旦")


def test_unknown_year_days_follow_monday_to_friday():
    assert day_status(D(2030, 1, 1)) == (True, True, "")  # a Tuesday
    assert day_status(D(2030, 1, 5)) == (False, True, "")  # a Saturday


# --- stored days override the package ---------------------------------------------


def test_stored_holiday_in_a_package_year_moves_the_result():
    schedule = HolidaySchedule.objects.create(year=2024)
    ScheduleDay.objects.create(schedule=schedule, date=D(2024, 10, 8), is_workday=False)
    assert add_workdays(D(2024, 9, 27), 20) == (D(2024, 10, 31), False)


def test_stored_working_day_overrides_a_package_holiday():
    schedule = HolidaySchedule.objects.create(year=2024)
    ScheduleDay.objects.create(schedule=schedule, date=D(2024, 10, 7), is_workday=True, note="更正")
    assert day_status(D(2024, 10, 7)) == (True, False, "更正")
    assert add_workdays(D(2024, 9, 30), 1).date == D(2024, 10, 7)


# --- counting ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n"),
    [
        (D(2024, 9, 27), 20),
        (D(2024, 9, 28), 1),
        (D(2025, 1, 24), 10),
        (D(2025, 1, 27), 40),
        (D(2026, 12, 20), 15),
        (D(2023, 12, 29), 60),
    ],
)
def test_workdays_between_is_the_inverse_of_add(start, n):
    result = add_workdays(start, n)
    assert workdays_between(start, result.date).count == n


def test_workdays_between_national_day_2024():
    assert workdays_between(D(2024, 9, 27), D(2024, 10, 30)) == (20, False)
    assert workdays_between(D(2024, 9, 30), D(2024, 10, 7)) == (0, False)


def test_workdays_between_into_2027_is_provisional():
    assert workdays_between(D(2026, 12, 31), D(2027, 1, 4)) == (2, True)


def test_workdays_between_end_before_start_is_zero():
    assert workdays_between(D(2024, 10, 30), D(2024, 9, 27)) == (0, False)


def test_zero_workdays_is_the_start_day():
    assert add_workdays(D(2024, 10, 1), 0) == (D(2024, 10, 1), False)


def test_negative_count_is_refused():
    with pytest.raises(ValueError, match=f"^工作日数应在 0 到 {MAX_DAYS} 之间$"):
        add_workdays(D(2024, 9, 27), -1)


def test_too_many_days_is_refused():
    with pytest.raises(ValueError, match="工作日数应在"):
        add_workdays(D(2024, 9, 27), MAX_DAYS + 1)


def test_result_past_year_9999_is_a_value_error_not_an_overflow():
    with pytest.raises(ValueError, match=r"^计算结果超出可以表示的日期范围$"):
        add_workdays(D(9999, 12, 30), 5)


def test_calendar_reads_each_year_from_the_database_once(django_assert_num_queries):
    calendar = WorkdayCalendar()
    with django_assert_num_queries(1):  # 2024 is a package year: only its stored days
        calendar.add(D(2024, 1, 1), 200)
    with django_assert_num_queries(2):  # 2030: stored days and "is a schedule entered?"
        calendar.add(D(2030, 1, 1), 200)


def test_package_special_days_lists_holidays_and_make_up_days():
    days = {d.date: d for d in package_special_days(2024)}
    assert days[D(2024, 10, 1)] == (D(2024, 10, 1), False, "国庆节")
    assert days[D(2024, 10, 5)].is_workday is False  # a Saturday inside the holiday
    assert days[D(2024, 9, 29)] == (D(2024, 9, 29), True, "国庆节调休上班")
    assert D(2024, 10, 19) not in days
    assert package_special_days(2027) == []


def test_direct_table_lookup_agrees_with_the_package_for_every_covered_day():
    import datetime

    import chinese_calendar

    from gongkai.workdays.calendar import WorkdayCalendar, package_years

    cal = WorkdayCalendar()
    cal._years = {y: (True, {}) for y in package_years()}  # no database: package only
    day = datetime.date(min(package_years()), 1, 1)
    end = datetime.date(max(package_years()), 12, 31)
    while day <= end:
        assert cal.status(day).is_workday == chinese_calendar.is_workday(day), day
        day += datetime.timedelta(days=1)
