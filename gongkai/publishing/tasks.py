"""Jobs of proactive disclosure (run by the huey consumer, ``gongkai worker``):
scheduled publication and webhook deliveries."""

from __future__ import annotations

import datetime

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.publishing import actions, webhooks
from gongkai.publishing.models import WebhookDelivery
from gongkai.publishing.tasks_freshness import inspect_column_freshness  # noqa: F401 (daily)


def publish_scheduled(now: datetime.datetime) -> int:
    """Publish what is due at ``now``; the number published."""
    return len(actions.publish_due(now))


def retry_due(now: datetime.datetime) -> int:
    """Claim the deliveries due for another attempt at ``now`` and queue each."""
    claimed = webhooks.claim_due(now)
    webhooks.schedule(claimed)
    return len(claimed)


@db_periodic_task(crontab(minute="*"), name="publish_scheduled_documents")
def publish_scheduled_documents() -> int:
    """Every minute: 定时发布 whose time has come."""
    return publish_scheduled(timezone.now())


@db_periodic_task(crontab(minute="*/5"), name="retry_webhook_deliveries")
def retry_webhook_deliveries() -> int:
    """Every five minutes: webhook deliveries whose next attempt is due."""
    return retry_due(timezone.now())


@db_task(name="deliver_webhook")
def deliver_webhook(delivery_id: int) -> str:
    """Send one (claimed) delivery; returns its status afterwards."""
    try:
        delivery = webhooks.deliver(delivery_id)
    except WebhookDelivery.DoesNotExist:
        return "missing"
    return str(delivery.status)
