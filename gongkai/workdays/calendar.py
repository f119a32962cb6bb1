"""Working-day arithmetic (工作日) for statutory deadlines.

Counting convention (rules.md §1.6): the trigger day itself is not counted; the day
after it is day 1; weekends and statutory holidays are skipped; State Council make-up
working weekends (调休) count as working days.

Sources, in order of precedence for each date:
1. a :class:`~gongkai.workdays.models.ScheduleDay` stored by staff;
2. the official schedule shipped in the ``chinese-calendar`` package;
3. for a year neither covers: Monday–Friday, and the answer is *provisional*.

A year is *known* when the package covers it or staff have entered a
:class:`~gongkai.workdays.models.HolidaySchedule` for it. Any answer that depended on
an unknown year carries ``provisional=True``; nothing here ever raises for a year.
"""

from __future__ import annotations

import datetime
from functools import cache
from typing import NamedTuple

import chinese_calendar

MAX_DAYS = 3650  # no statutory period is longer than a few months


class DayStatus(NamedTuple):
    is_workday: bool
    provisional: bool
    note: str


class WorkdayDate(NamedTuple):
    date: datetime.date
    provisional: bool


class WorkdayCount(NamedTuple):
    # The field deliberately shadows tuple.count(); ``result.count`` is the number.
    count: int  # type: ignore[assignment]
    provisional: bool


class SpecialDay(NamedTuple):
    """A day the official schedule treats differently from the plain Mon–Fri rule."""

    date: datetime.date
    is_workday: bool
    note: str


def _next_day(day: datetime.date) -> datetime.date:
    try:
        return day + datetime.timedelta(days=1)
    except OverflowError:
        raise ValueError("计算结果超出可以表示的日期范围") from None


@cache
def package_years() -> frozenset[int]:
    """Years for which the installed ``chinese-calendar`` has the official schedule."""
    return frozenset(day.year for day in chinese_calendar.holidays)


class WorkdayCalendar:
    """Answers for one computation; loads each year's stored days once."""

    def __init__(self) -> None:
        self._years: dict[int, tuple[bool, dict[datetime.date, tuple[bool, str]]]] = {}

    def _year(self, year: int) -> tuple[bool, dict[datetime.date, tuple[bool, str]]]:
        if year not in self._years:
            from gongkai.workdays.models import HolidaySchedule, ScheduleDay

            stored = {
                row.date: (row.is_workday, row.note)
                for row in ScheduleDay.objects.filter(date__year=year).only(
                    "date", "is_workday", "note"
                )
            }
            known = year in package_years() or HolidaySchedule.objects.filter(year=year).exists()
            self._years[year] = (known, stored)
        return self._years[year]

    def year_known(self, year: int) -> bool:
        return self._year(year)[0]

    def status(self, day: datetime.date) -> DayStatus:
        known, stored = self._year(day.year)
        if day in stored:
            is_work, note = stored[day]
            return DayStatus(is_work, False, note)
        if day.year in package_years():
            # The package's own tables, read directly: its get_holiday_detail() scans
            # every year's keys on each call, which made deadlines 30x slower.
            if day in chinese_calendar.workdays:
                return DayStatus(True, False, f"{_label(chinese_calendar.workdays[day])}调休上班")
            if day in chinese_calendar.holidays:
                return DayStatus(False, False, _label(chinese_calendar.holidays[day]))
            return DayStatus(day.weekday() < 5, False, "")
        return DayStatus(day.weekday() < 5, not known, "")

    def add(self, start: datetime.date, n: int) -> WorkdayDate:
        if n < 0 or n > MAX_DAYS:
            raise ValueError(f"工作日数应在 0 到 {MAX_DAYS} 之间")
        day, counted, provisional = start, 0, False
        while counted < n:
            day = _next_day(day)
            status = self.status(day)
            provisional = provisional or status.provisional
            if status.is_workday:
                counted += 1
        return WorkdayDate(day, provisional)

    def between(self, start: datetime.date, end: datetime.date) -> WorkdayCount:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        if (end - start).days > MAX_DAYS * 2:
            raise ValueError("日期间隔过长")
        count, provisional, day = 0, False, start
        while day < end:
            day = _next_day(day)
            status = self.status(day)
            provisional = provisional or status.provisional
            count += status.is_workday
        return WorkdayCount(count, provisional)


def package_special_days(year: int) -> list[SpecialDay]:
    """The package's statutory holidays and make-up working days (调休) of ``year``,
    in date order; empty for a year the package does not cover."""
    if year not in package_years():
        return []
    days = [
        SpecialDay(day, False, _label(name))
        for day, name in chinese_calendar.holidays.items()
        if day.year == year
    ]
    days += [
        SpecialDay(day, True, f"{_label(name)}调休上班")
        for day, name in chinese_calendar.workdays.items()
        if day.year == year and day.weekday() >= 5
    ]
    return sorted(days)


def _label(name: object) -> str:
    return _HOLIDAY_LABELS.get(str(name), str(name))


_HOLIDAY_LABELS = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def day_status(day: datetime.date) -> DayStatus:
    return WorkdayCalendar().status(day)


def is_workday(day: datetime.date) -> bool:
    """Whether ``day`` is a working day (weekends-only rule for unknown years)."""
    return WorkdayCalendar().status(day).is_workday


def add_workdays(start: datetime.date, n: int) -> WorkdayDate:
    """The n-th working day after ``start`` (``start`` itself is not counted)."""
    return WorkdayCalendar().add(start, n)


def workdays_between(start: datetime.date, end: datetime.date) -> WorkdayCount:
    """How many working days fall after ``start`` up to and including ``end``."""
    return WorkdayCalendar().between(start, end)


def year_known(year: int) -> bool:
    return WorkdayCalendar().year_known(year)
