from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from huey.api import PeriodicTask

from conftest import make_user
from gongkai.accounts.models import Role, User
from gongkai.agencies.models import Agency
from gongkai.publishing import actions, tasks, webhooks
from gongkai.publishing.models import (
    Channel,
    DeliveryStatus,
    Document,
    Status,
    WebhookDelivery,
)
from gongkai.publishing.tests.factories import ALL_YES, make_document, publish


@pytest.fixture
def signers(binhe: Agency) -> tuple[User, User]:
    return make_user("rita", binhe, Role.REVIEWER), make_user("paul", binhe, Role.APPROVER)


@pytest.fixture
def huey_immediate() -> Iterator[None]:
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


def scheduled(bob: User, signers: tuple[User, User], at: datetime.datetime) -> Document:
    rita, paul = signers
    document = make_document(bob.agency, bob)  # type: ignore[arg-type]
    actions.submit_document(actor=bob, document=document)
    actions.review_document(actor=rita, document=document, answers=ALL_YES)
    return actions.approve_document(actor=paul, document=document, publish_at=at)


def test_periodic_tasks_run_every_minute_and_every_five_minutes() -> None:
    publish_task = tasks.publish_scheduled_documents.task_class()
    retry_task = tasks.retry_webhook_deliveries.task_class()
    assert isinstance(publish_task, PeriodicTask) and isinstance(retry_task, PeriodicTask)
    assert tasks.publish_scheduled_documents.name == "publish_scheduled_documents"
    assert tasks.retry_webhook_deliveries.name == "retry_webhook_deliveries"
    base = datetime.datetime(2024, 10, 8, 9, 0)  # noqa: DTZ001 - huey runs on naive local time
    minutes = [base + datetime.timedelta(minutes=m) for m in range(10)]
    assert [publish_task.validate_datetime(t) for t in minutes] == [True] * 10
    assert [retry_task.validate_datetime(t) for t in minutes] == [m % 5 == 0 for m in range(10)]


def test_scheduled_documents_are_published_when_their_time_comes(
    bob: User, signers: tuple[User, User]
) -> None:
    at = timezone.now() + datetime.timedelta(hours=1)
    document = scheduled(bob, signers, at)
    assert document.status == Status.SCHEDULED
    assert tasks.publish_scheduled(at - datetime.timedelta(minutes=1)) == 0
    assert tasks.publish_scheduled(at) == 1
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED
    assert document.published_at == at
    assert document.publications.get().channel == Channel.WEBSITE


def test_the_periodic_task_publishes_what_is_due_now(
    bob: User, signers: tuple[User, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = timezone.now() + datetime.timedelta(minutes=30)
    document = scheduled(bob, signers, at)
    monkeypatch.setattr(timezone, "now", lambda: at + datetime.timedelta(seconds=5))
    assert tasks.publish_scheduled_documents.call_local() == 1
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED


def test_retry_job_sends_due_deliveries_through_the_task(
    carol: User,
    bob: User,
    binhe: Agency,
    signers: tuple[User, User],
    huey_immediate: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    endpoint = webhooks.create_endpoint(
        actor=carol, agency=binhe, channel=Channel.WEIBO, url="https://weibo.example.cn/h"
    )
    document = publish(make_document(binhe, bob), *signers)
    (due,) = webhooks.enqueue_deliveries(document)
    later = publish(make_document(binhe, bob, title="另一条信息"), *signers)
    (not_yet,) = webhooks.enqueue_deliveries(later)
    now = timezone.now()
    WebhookDelivery.objects.filter(pk=due.pk).update(next_attempt_at=now)
    WebhookDelivery.objects.filter(pk=not_yet.pk).update(
        next_attempt_at=now + datetime.timedelta(minutes=3)
    )
    sent: list[int] = []

    def fake_post(target: Any, delivery_id: int, body: bytes) -> webhooks.Outcome:
        assert target == endpoint
        sent.append(delivery_id)
        return webhooks.Outcome(True, reference="https://weibo.com/1/x")

    monkeypatch.setattr(webhooks, "post", fake_post)
    assert tasks.retry_due(now) == 1
    assert sent == [due.pk]
    due.refresh_from_db()
    not_yet.refresh_from_db()
    assert due.status == DeliveryStatus.SENT
    assert not_yet.status == DeliveryStatus.PENDING


def test_deliver_task_reports_the_status_and_tolerates_a_deleted_delivery(
    carol: User,
    bob: User,
    binhe: Agency,
    signers: tuple[User, User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    webhooks.create_endpoint(
        actor=carol, agency=binhe, channel=Channel.WECHAT, url="https://wx.example.cn/h"
    )
    (delivery,) = webhooks.enqueue_deliveries(publish(make_document(binhe, bob), *signers))
    monkeypatch.setattr(
        webhooks, "post", lambda *args: webhooks.Outcome(False, "接收方返回 HTTP 503")
    )
    assert tasks.deliver_webhook.call_local(delivery.pk) == "pending"
    assert tasks.deliver_webhook.call_local(delivery.pk + 1000) == "missing"
