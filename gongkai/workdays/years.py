"""Which years' schedules the platform knows, for the year list and the reminders."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from django.db.models import Count

from gongkai.workdays.calendar import package_years, year_known
from gongkai.workdays.models import HolidaySchedule


class YearStatus(enum.Enum):
    OFFICIAL = "official"
    ENTERED = "entered"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def badge(self) -> str:
        """The CSS class of the status badge."""
        return "badge-warn" if self is YearStatus.MISSING else "badge-ok"

    @property
    def provisional(self) -> bool:
        return self is YearStatus.MISSING


_STATUS_LABELS = {
    YearStatus.OFFICIAL: "官方安排（chinese-calendar）",
    YearStatus.ENTERED: "已录入",
    YearStatus.MISSING: "未录入（计算结果为临时）",
}


@dataclass(frozen=True)
class YearInfo:
    year: int
    status: YearStatus
    schedule: HolidaySchedule | None
    day_count: int = 0

    @property
    def in_package(self) -> bool:
        return self.year in package_years()


def year_status(year: int, schedule: HolidaySchedule | None) -> YearStatus:
    if schedule is not None:
        return YearStatus.ENTERED
    if year in package_years():
        return YearStatus.OFFICIAL
    return YearStatus.MISSING


def year_info(year: int) -> YearInfo:
    schedule = (
        HolidaySchedule.objects.filter(year=year)
        .select_related("entered_by")
        .annotate(day_count=Count("days"))
        .first()
    )
    count = schedule.day_count if schedule is not None else 0
    return YearInfo(year, year_status(year, schedule), schedule, count)


def overview(today: datetime.date) -> list[YearInfo]:
    """Every stored year plus this year and next year, newest first."""
    schedules = {
        s.year: s
        for s in HolidaySchedule.objects.select_related("entered_by").annotate(
            day_count=Count("days")
        )
    }
    years = set(schedules) | {today.year, today.year + 1}
    return [
        YearInfo(
            year,
            year_status(year, schedules.get(year)),
            schedules.get(year),
            schedules[year].day_count if year in schedules else 0,
        )
        for year in sorted(years, reverse=True)
    ]


def package_range() -> tuple[int, int]:
    years = package_years()
    return min(years), max(years)


def missing_schedule_year(today: datetime.date) -> int | None:
    """The year whose schedule should be entered now, or None.

    From 1 November, next year's schedule is due (the State Council usually publishes
    it in October–December). A current year without a schedule is always reported.
    """
    if not year_known(today.year):
        return today.year
    if (today.month, today.day) >= (11, 1) and not year_known(today.year + 1):
        return today.year + 1
    return None
