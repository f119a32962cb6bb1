"""Jobs of disclosure on request (run by the huey consumer, ``gongkai worker``; huey's
Django integration imports each app's ``tasks`` module)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.applications.reminders import send_deadline_emails


@db_periodic_task(crontab(hour="7", minute="30"), name="send_application_deadline_emails")
def application_deadline_emails() -> int:
    """Every morning at 07:30: e-mail handlers and office admins the cases that are
    overdue or due within three working days. Returns the number of e-mails sent."""
    return send_deadline_emails(timezone.localdate())
