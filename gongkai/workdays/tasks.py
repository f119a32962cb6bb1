"""Periodic jobs of the working-day calendar (run by the huey consumer, ``gongkai worker``)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.workdays.reminders import email_missing_schedule
from gongkai.workdays.years import missing_schedule_year

__all__ = ["check_holiday_schedule", "missing_schedule_year"]


@db_periodic_task(crontab(hour="7", minute="30"), name="check_holiday_schedule")
def check_holiday_schedule() -> int:
    """Every morning: from 1 November, email the calendar admins while next year's
    holiday schedule is missing. Returns the number of people emailed."""
    return email_missing_schedule(today=timezone.localdate())
