"""Working-day answers for other systems: ``/api/v1/workdays/add``, ``/between``, ``/day``.

Malformed parameters are answered 422 by django-ninja; values the calendar refuses
(a negative count, a result past year 9999) are answered 400 with a Chinese ``detail``.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from gongkai.workdays.calendar import WorkdayCalendar

router = Router(tags=["工作日"])


class WorkdayDateOut(Schema):
    date: datetime.date
    provisional: bool


class WorkdayCountOut(Schema):
    workdays: int
    provisional: bool


class DayOut(Schema):
    date: datetime.date
    workday: bool
    provisional: bool
    note: str


@router.get("/add", response=WorkdayDateOut, summary="计算第 n 个工作日")
def add(request: HttpRequest, start: datetime.date, days: int) -> WorkdayDateOut:
    """The ``days``-th working day after ``start`` (``start`` itself is not counted)."""
    try:
        result = WorkdayCalendar().add(start, days)
    except ValueError as exc:
        raise HttpError(400, str(exc)) from None
    return WorkdayDateOut(date=result.date, provisional=result.provisional)


@router.get("/between", response=WorkdayCountOut, summary="计算两日之间的工作日数")
def between(request: HttpRequest, start: datetime.date, end: datetime.date) -> WorkdayCountOut:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    try:
        result = WorkdayCalendar().between(start, end)
    except ValueError as exc:
        raise HttpError(400, str(exc)) from None
    return WorkdayCountOut(workdays=result.count, provisional=result.provisional)


@router.get("/day", response=DayOut, summary="查询某日是否为工作日")
def day(request: HttpRequest, date: datetime.date) -> DayOut:
    status = WorkdayCalendar().status(date)
    return DayOut(
        date=date, workday=status.is_workday, provisional=status.provisional, note=status.note
    )
