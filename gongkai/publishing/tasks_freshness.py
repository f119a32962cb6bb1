"""The daily column freshness check (栏目更新检查), run by the huey consumer.

huey's Django integration imports only the ``tasks`` module of each app, so
``gongkai/publishing/tasks.py`` imports this module.
"""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.publishing.freshness import run_inspection


@db_periodic_task(crontab(hour="7", minute="40"), name="inspect_column_freshness")
def inspect_column_freshness() -> int:
    """Every morning: check every agency's columns and email the office admins of
    agencies at 单项否决 level. Returns the number of emails sent."""
    return run_inspection(timezone.localdate()).emailed
