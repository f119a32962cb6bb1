"""Holiday schedules entered by staff.

The ``chinese-calendar`` package carries the State Council's official schedules up to
the year it was released for. For later years (and to correct a year) staff enter the
year's 国务院办公厅关于××年部分节假日安排的通知 here: a :class:`HolidaySchedule` per
year, and a :class:`ScheduleDay` for each day that differs from the plain rule
(Monday–Friday work): statutory holidays on weekdays and make-up working weekends (调休).
A stored day always wins over the package.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

#: Years for which a schedule may be entered (a guard against typing 2207 for 2027).
FIRST_YEAR = 2000
LAST_YEAR = 2099


class HolidaySchedule(models.Model):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    notice = models.CharField(
        "依据",
        max_length=200,
        blank=True,
        help_text="如：国务院办公厅关于2027年部分节假日安排的通知",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ("-year",)

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class ScheduleDay(models.Model):
    schedule = models.ForeignKey(
        HolidaySchedule, verbose_name="节假日安排", on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    note = models.CharField(
        "说明", max_length=100, blank=True, help_text="如：春节、国庆节调休上班"
    )

    class Meta:
        verbose_name = "特殊日期"
        verbose_name_plural = "特殊日期"
        ordering = ("date",)

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.note}"
