"""Webhook deliveries, against a tiny HTTP server on 127.0.0.1 (never the network)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, make_user
from gongkai.accounts.models import Role, User
from gongkai.agencies.models import Agency
from gongkai.audit.models import Event
from gongkai.publishing import webhooks
from gongkai.publishing.models import (
    Channel,
    DeliveryStatus,
    Document,
    Publication,
    WebhookDelivery,
    WebhookEndpoint,
)
from gongkai.publishing.tests.factories import exactly, make_document, publish

pytestmark = pytest.mark.urls("gongkai.publishing.tests.channels_urls")

SECRET = "s3cret-for-the-weibo-desk"


@dataclass
class Receiver:
    """What the fake Weibo desk was sent, and what it answers next."""

    url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)
    answers: list[tuple[int, bytes]] = field(default_factory=list)

    def next_answer(self) -> tuple[int, bytes]:
        return self.answers.pop(0) if self.answers else (200, b"{}")


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append({"headers": dict(self.headers), "body": body})
            status, content = state.next_answer()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def huey_immediate() -> Iterator[None]:
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


@pytest.fixture
def document(bob: User, binhe: Agency) -> Document:
    rita = make_user("rita", binhe, Role.REVIEWER)
    paul = make_user("paul", binhe, Role.APPROVER)
    return publish(make_document(binhe, bob, summary="部署秋季学期资助工作。"), rita, paul)


@pytest.fixture
def endpoint(carol: User, binhe: Agency, receiver: Receiver) -> WebhookEndpoint:
    return webhooks.create_endpoint(
        actor=carol, agency=binhe, channel=Channel.WEIBO, url=receiver.url, secret=SECRET
    )


def client_for(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


# --- endpoints ------------------------------------------------------------------------------


def test_an_endpoint_is_for_a_channel_the_platform_cannot_reach(carol: User, binhe: Agency) -> None:
    with pytest.raises(ValidationError) as caught:
        webhooks.create_endpoint(
            actor=carol, agency=binhe, channel=Channel.GAZETTE, url="ftp://x", secret="short"
        )
    assert caught.value.message_dict == {
        "channel": ["推送接口只用于政务微博、政务微信和其他方式（报刊、广播电视、新闻网站等）"],
        "url": ["接收地址须是以 http:// 或 https:// 开头的完整网址"],
        "secret": ["签名密钥至少 16 个字符；留空则自动生成"],
    }
    assert not WebhookEndpoint.objects.exists()


def test_a_blank_secret_is_generated_and_never_written_to_the_audit_trail(
    carol: User, binhe: Agency
) -> None:
    endpoint = webhooks.create_endpoint(
        actor=carol, agency=binhe, channel=Channel.WECHAT, url="https://wx.example.cn/hook"
    )
    assert len(endpoint.secret) >= 40
    event = Event.objects.get(action="publishing.webhook_created")
    assert event.summary == "新增推送接口：政务微信 → https://wx.example.cn/hook"
    assert endpoint.secret not in json.dumps(event.changes, ensure_ascii=False)


def test_only_an_office_admin_of_the_agency_manages_endpoints(
    bob: User, dave: User, binhe: Agency
) -> None:
    for actor in (bob, dave):
        with pytest.raises(PermissionDenied, match=exactly("只有公开办管理员可以管理推送接口")):
            webhooks.create_endpoint(
                actor=actor, agency=binhe, channel=Channel.WEIBO, url="https://x.cn/h"
            )


def test_updating_and_deactivating_an_endpoint_is_audited(
    carol: User, endpoint: WebhookEndpoint
) -> None:
    webhooks.update_endpoint(
        actor=carol,
        endpoint=endpoint,
        channel=Channel.WEIBO,
        url="https://weibo.example.cn/new",
        is_active=True,
        secret="another-long-secret-value",
    )
    endpoint.refresh_from_db()
    assert endpoint.secret == "another-long-secret-value"
    updated = Event.objects.get(action="publishing.webhook_updated")
    assert (
        updated.summary == "修改推送接口：政务微博 → https://weibo.example.cn/new（已更换签名密钥）"
    )
    assert set(updated.changes) == {"url"}
    webhooks.deactivate_endpoint(actor=carol, endpoint=endpoint)
    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    with pytest.raises(webhooks.WebhookError, match=exactly("该推送接口已停用")):
        webhooks.deactivate_endpoint(actor=carol, endpoint=endpoint)


# --- deliveries -----------------------------------------------------------------------------


def test_publication_queues_one_delivery_per_active_endpoint_of_the_agency(
    carol: User,
    dave: User,
    binhe: Agency,
    wenchang: Agency,
    endpoint: WebhookEndpoint,
    document: Document,
) -> None:
    off = webhooks.create_endpoint(
        actor=carol, agency=binhe, channel=Channel.WECHAT, url="https://wx.example.cn/h"
    )
    webhooks.deactivate_endpoint(actor=carol, endpoint=off)
    webhooks.create_endpoint(
        actor=dave, agency=wenchang, channel=Channel.WEIBO, url="https://wc.example.cn/h"
    )
    deliveries = webhooks.enqueue_deliveries(document)
    assert [d.endpoint for d in deliveries] == [endpoint]
    delivery = deliveries[0]
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.payload["title"] == "关于做好2024年秋季学期学生资助工作的通知"
    assert delivery.payload["index_no"] == document.index_no
    assert delivery.payload["agency"] == "中卫市沙坡头区滨河镇人民政府"
    assert delivery.payload["summary"] == "部署秋季学期资助工作。"
    assert delivery.payload["text"].startswith("【关于做好2024年秋季学期学生资助工作的通知】")
    assert delivery.payload["url"].endswith(f"/{document.pk}/")
    assert delivery.payload["published_at"] == timezone.localtime(document.published_at).isoformat()
    # Queuing again (e.g. a repeated after-commit call) adds nothing.
    assert webhooks.enqueue_deliveries(document) == []
    assert WebhookDelivery.objects.count() == 1


def test_a_delivery_is_signed_and_a_2xx_records_the_channel(
    receiver: Receiver, endpoint: WebhookEndpoint, document: Document
) -> None:
    receiver.answers.append((201, json.dumps({"url": "https://weibo.com/123/abc"}).encode()))
    (delivery,) = webhooks.enqueue_deliveries(document)
    delivery = webhooks.deliver(delivery)

    (request,) = receiver.received
    body = request["body"]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert request["headers"]["X-Gongkai-Signature"] == expected
    assert request["headers"]["X-Gongkai-Delivery"] == str(delivery.pk)
    assert request["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(body.decode()) == delivery.payload

    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 1
    assert delivery.delivered_at is not None
    assert delivery.next_attempt_at is None
    weibo = Publication.objects.get(document=document, channel=Channel.WEIBO)
    assert weibo.reference == "https://weibo.com/123/abc"
    assert weibo.published_on == timezone.localdate()
    # Still one document in 主动公开政府信息数, however many channels carry it.
    assert Document.objects.disclosed().count() == 1


def test_without_a_url_in_the_answer_the_reference_is_the_host(
    receiver: Receiver, endpoint: WebhookEndpoint, document: Document
) -> None:
    receiver.answers.append((204, b""))
    (delivery,) = webhooks.enqueue_deliveries(document)
    webhooks.deliver(delivery)
    assert Publication.objects.get(channel=Channel.WEIBO).reference == "127.0.0.1"


def test_a_failed_delivery_is_retried_with_growing_pauses_then_marked_failed(
    receiver: Receiver, endpoint: WebhookEndpoint, document: Document
) -> None:
    (delivery,) = webhooks.enqueue_deliveries(document)
    now = timezone.now()
    pauses = []
    for attempt in range(1, WebhookDelivery.MAX_ATTEMPTS + 1):
        receiver.answers.append((500, b"oops"))
        delivery = webhooks.deliver(delivery, now=now)
        assert delivery.attempts == attempt
        assert delivery.last_error == "接收方返回 HTTP 500 Internal Server Error"
        if delivery.next_attempt_at is not None:
            pauses.append(delivery.next_attempt_at - now)
    assert pauses == [
        datetime.timedelta(minutes=1),
        datetime.timedelta(minutes=5),
        datetime.timedelta(minutes=30),
        datetime.timedelta(hours=2),
        datetime.timedelta(hours=6),
    ]
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.next_attempt_at is None
    assert len(receiver.received) == WebhookDelivery.MAX_ATTEMPTS
    assert not Publication.objects.filter(channel=Channel.WEIBO).exists()
    assert Event.objects.filter(action="publishing.webhook_failed").count() == 6
    # A failed delivery is not sent again by itself.
    assert webhooks.deliver(delivery).attempts == WebhookDelivery.MAX_ATTEMPTS


def test_an_unreachable_address_is_a_failure_with_the_reason(
    carol: User, binhe: Agency, document: Document
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    webhooks.create_endpoint(
        actor=carol, agency=binhe, channel=Channel.WECHAT, url=f"http://127.0.0.1:{port}/h"
    )
    (delivery,) = webhooks.enqueue_deliveries(document)
    delivery = webhooks.deliver(delivery)
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error.startswith("无法连接接收地址：")
    assert len(delivery.last_error) <= 300


def test_a_redirect_is_not_followed(
    receiver: Receiver, endpoint: WebhookEndpoint, document: Document
) -> None:
    receiver.answers.append((302, b""))
    (delivery,) = webhooks.enqueue_deliveries(document)
    delivery = webhooks.deliver(delivery)
    assert delivery.last_error == "接收方返回 HTTP 302 Found"
    assert len(receiver.received) == 1


def test_publishing_delivers_through_the_task_after_commit(
    receiver: Receiver,
    endpoint: WebhookEndpoint,
    bob: User,
    binhe: Agency,
    huey_immediate: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    rita = make_user("rita", binhe, Role.REVIEWER)
    paul = make_user("paul", binhe, Role.APPROVER)
    document = publish(make_document(binhe, bob), rita, paul)
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.enqueue_deliveries(document)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT
    assert len(receiver.received) == 1


def test_approving_a_document_ends_with_it_delivered(
    receiver: Receiver,
    endpoint: WebhookEndpoint,
    bob: User,
    binhe: Agency,
    huey_immediate: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The whole way: approve_document → after commit effects.published →
    enqueue_deliveries → the deliver_webhook task (huey in immediate mode)."""
    import gongkai.search

    if not hasattr(gongkai.search, "index_entries"):
        pytest.skip("gongkai.search is not written yet")
    rita = make_user("rita", binhe, Role.REVIEWER)
    paul = make_user("paul", binhe, Role.APPROVER)
    document = make_document(binhe, bob)
    with django_capture_on_commit_callbacks(execute=True):
        publish(document, rita, paul)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT
    assert Publication.objects.filter(document=document, channel=Channel.WEIBO).exists()


def test_a_manual_retry_sends_a_failed_delivery_once_more(
    receiver: Receiver,
    carol: User,
    endpoint: WebhookEndpoint,
    document: Document,
    huey_immediate: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    (delivery,) = webhooks.enqueue_deliveries(document)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, attempts=6, last_error="接收方返回 HTTP 500"
    )
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.retry_delivery(actor=carol, delivery=delivery)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 7
    event = Event.objects.get(action="publishing.webhook_retried")
    assert event.actor == carol
    assert event.summary == "手动重试推送到政务微博：“关于做好2024年秋季学期学生资助工作的通知”"
    with pytest.raises(webhooks.WebhookError, match=exactly("该推送已送达，无需重试")):
        webhooks.retry_delivery(actor=carol, delivery=delivery)


def test_a_delivery_of_a_deactivated_endpoint_is_not_retried(
    carol: User, endpoint: WebhookEndpoint, document: Document
) -> None:
    (delivery,) = webhooks.enqueue_deliveries(document)
    webhooks.deactivate_endpoint(actor=carol, endpoint=endpoint)
    with pytest.raises(
        webhooks.WebhookError, match=exactly("推送接口已停用，请先在“推送接口”中启用后再重试")
    ):
        webhooks.retry_delivery(actor=carol, delivery=delivery)


def test_claiming_due_deliveries_takes_each_once(
    endpoint: WebhookEndpoint, document: Document
) -> None:
    (delivery,) = webhooks.enqueue_deliveries(document)
    now = timezone.now()
    assert webhooks.claim_due(now) == []  # just queued: claimed by its own task
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=now)
    assert webhooks.claim_due(now) == [delivery.pk]
    assert webhooks.claim_due(now) == []
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == now + webhooks.LEASE


# --- to-dos and pages -------------------------------------------------------------------------


def test_failed_deliveries_are_a_todo_for_the_agencys_managers(
    alice: User, carol: User, dave: User, bob: User, endpoint: WebhookEndpoint, document: Document
) -> None:
    (delivery,) = webhooks.enqueue_deliveries(document)
    day = datetime.date(2024, 10, 8)
    assert webhooks.webhook_failures_todos(carol, day) == []
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)
    for user in (alice, carol):
        (todo,) = webhooks.webhook_failures_todos(user, day)
        assert todo.title == "中卫市沙坡头区滨河镇人民政府：政务微博推送失败 1 条"
        assert todo.level == "danger"
        assert todo.url == reverse("publishing_channels:delivery_list") + "?status=failed"
    assert webhooks.webhook_failures_todos(dave, day) == []
    assert webhooks.webhook_failures_todos(bob, day) == []


def test_delivery_list_highlights_failures_with_a_retry_button(
    carol: User, olga: User, endpoint: WebhookEndpoint, document: Document
) -> None:
    (delivery,) = webhooks.enqueue_deliveries(document)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED,
        attempts=6,
        last_error="接收方返回 HTTP 500 Internal Server Error",
    )
    url = reverse("publishing_channels:delivery_list")
    html = client_for(carol).get(url, {"status": "failed"}).content.decode()
    assert '<tr class="delivery-failed">' in html
    assert '<strong class="badge badge-warn">失败</strong>' in html
    assert "接收方返回 HTTP 500 Internal Server Error" in html
    assert reverse("publishing_channels:delivery_retry", args=[delivery.pk]) in html
    # olga (read-only) sees the record but gets no retry button and cannot retry.
    olga_client = client_for(olga)
    olga_html = olga_client.get(url).content.decode()
    retry = reverse("publishing_channels:delivery_retry", args=[delivery.pk])
    assert "接收方返回 HTTP 500" in olga_html
    assert retry not in olga_html
    assert olga_client.post(retry).status_code == 403


def test_endpoint_pages_are_for_office_admins(
    carol: User, bob: User, binhe: Agency, endpoint: WebhookEndpoint
) -> None:
    client = client_for(carol)
    listing = client.get(reverse("publishing_channels:webhook_list")).content.decode()
    assert endpoint.url in listing
    response = client.post(
        reverse("publishing_channels:webhook_create"),
        {"agency": binhe.pk, "channel": "wechat", "url": "https://wx.example.cn/h", "secret": ""},
    )
    assert response.status_code == 302
    assert WebhookEndpoint.objects.filter(channel=Channel.WECHAT, agency=binhe).exists()
    edit = client.get(reverse("publishing_channels:webhook_edit", args=[endpoint.pk]))
    assert f"<dt>当前签名密钥</dt><dd><code>{SECRET}</code></dd>" in edit.content.decode()
    response = client.post(
        reverse("publishing_channels:webhook_edit", args=[endpoint.pk]),
        {"channel": "weibo", "url": endpoint.url, "secret": "", "is_active": ""},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.is_active is False and endpoint.secret == SECRET

    publisher = client_for(bob)
    assert publisher.get(reverse("publishing_channels:webhook_list")).status_code == 403
    assert (
        publisher.get(reverse("publishing_channels:webhook_edit", args=[endpoint.pk])).status_code
        == 404
    )


def test_endpoint_form_shows_the_actions_errors(carol: User, binhe: Agency) -> None:
    response = client_for(carol).post(
        reverse("publishing_channels:webhook_create"),
        {
            "agency": binhe.pk,
            "channel": "weibo",
            "url": "https://wb.example.cn/h",
            "secret": "short",
        },
    )
    assert response.status_code == 200
    assert "签名密钥至少 16 个字符；留空则自动生成" in response.content.decode()
