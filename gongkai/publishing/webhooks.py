"""Outbound webhooks: telling 政务微博, 政务微信 and media desks about a publication.

The platform cannot post to Weibo or WeChat itself. An office admin registers, per
agency and channel, an address that receives each newly published document as JSON,
signed with HMAC-SHA256 over the raw body (``X-Gongkai-Signature: sha256=<hex>``).
A delivery that fails is retried with growing pauses by a huey task; after
:attr:`WebhookDelivery.MAX_ATTEMPTS` it is marked failed and shown on the back-office
home page until someone retries it.

Every delivery is claimed before it is sent — its ``next_attempt_at`` is pushed
:data:`LEASE` ahead — so the periodic retry job never picks up a delivery that a
worker is already sending. A worker that dies mid-send leaves it to be retried when
the lease runs out; receivers de-duplicate by ``X-Gongkai-Delivery``.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.access import filter_visible, manageable_agencies
from gongkai.agencies.models import Agency
from gongkai.audit.events import diff, record_event, snapshot
from gongkai.backoffice.todos import Todo
from gongkai.publishing import share
from gongkai.publishing.access import can_manage_catalogue
from gongkai.publishing.models import (
    Channel,
    DeliveryStatus,
    Document,
    WebhookDelivery,
    WebhookEndpoint,
)

#: Channels a webhook may stand for (the platform itself is 政府网站; the gazette and
#: 查阅点 are recorded by staff).
ENDPOINT_CHANNELS = (Channel.WEIBO, Channel.WECHAT, Channel.OTHER_MEDIA)
#: Pause before attempt n+1 after n failed attempts.
BACKOFF = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
)
TIMEOUT_SECONDS = 10
LEASE = datetime.timedelta(minutes=10)
BATCH = 50
MAX_RESPONSE_BYTES = 64 * 1024
MIN_SECRET_LENGTH = 16
ENDPOINT_FIELDS = ("channel", "url", "is_active")
USER_AGENT = "gongkai-webhook/1"


class WebhookError(Exception):
    """A webhook step that cannot be taken; the message is for the user."""


# --- who may see what ----------------------------------------------------------------


def manageable_endpoints(user: User) -> QuerySet[WebhookEndpoint]:
    """Endpoints of agencies ``user`` manages (their secrets are not shown to others)."""
    return WebhookEndpoint.objects.filter(agency__in=manageable_agencies(user)).select_related(
        "agency"
    )


def get_endpoint_for_user(user: User, pk: int) -> WebhookEndpoint:
    endpoint = manageable_endpoints(user).filter(pk=pk).first()
    if endpoint is None:
        raise Http404("没有找到该推送接口或您无权管理")
    return endpoint


def visible_deliveries(user: User) -> QuerySet[WebhookDelivery]:
    qs = WebhookDelivery.objects.select_related("endpoint__agency", "document")
    return filter_visible(qs, user, field="endpoint__agency")


def get_delivery_for_user(user: User, pk: int, *, change: bool = False) -> WebhookDelivery:
    delivery = visible_deliveries(user).filter(pk=pk).first()
    if delivery is None:
        raise Http404("没有找到该推送记录")
    if change and not can_manage_catalogue(user, delivery.endpoint.agency):
        raise PermissionDenied("只有公开办管理员可以重试推送")
    return delivery


def _require_manager(actor: User | None, agency: Agency) -> None:
    if actor is not None and not can_manage_catalogue(actor, agency):
        raise PermissionDenied("只有公开办管理员可以管理推送接口")


# --- endpoints -------------------------------------------------------------------------


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def _check_endpoint(channel: str, url: str, secret: str) -> None:
    errors: dict[str, str] = {}
    if channel not in ENDPOINT_CHANNELS:
        errors["channel"] = (
            "推送接口只用于政务微博、政务微信和其他方式（报刊、广播电视、新闻网站等）"
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        errors["url"] = "接收地址须是以 http:// 或 https:// 开头的完整网址"
    if len(secret) < MIN_SECRET_LENGTH:
        errors["secret"] = f"签名密钥至少 {MIN_SECRET_LENGTH} 个字符；留空则自动生成"
    elif len(secret) > 100:
        errors["secret"] = "签名密钥不能超过 100 个字符"  # noqa: S105 - a message, not a secret
    if errors:
        raise ValidationError(errors)


def _log_endpoint(
    actor: User | None, endpoint: WebhookEndpoint, action: str, summary: str, changes: Any = None
) -> None:
    record_event(
        actor=actor,
        obj=endpoint,
        action=f"publishing.webhook_{action}",
        summary=summary,
        changes=changes,
        agency=endpoint.agency,
    )


@transaction.atomic
def create_endpoint(
    *, actor: User | None, agency: Agency, channel: str, url: str, secret: str = ""
) -> WebhookEndpoint:
    """Register an address for ``channel``; an empty ``secret`` gets a random one."""
    _require_manager(actor, agency)
    url, secret = url.strip(), secret.strip() or new_secret()
    _check_endpoint(channel, url, secret)
    endpoint = WebhookEndpoint.objects.create(
        agency=agency, channel=channel, url=url, secret=secret
    )
    _log_endpoint(
        actor,
        endpoint,
        "created",
        f"新增推送接口：{endpoint.get_channel_display()} → {url}",
        diff({}, snapshot(endpoint, ENDPOINT_FIELDS), WebhookEndpoint),
    )
    return endpoint


@transaction.atomic
def update_endpoint(
    *,
    actor: User | None,
    endpoint: WebhookEndpoint,
    channel: str,
    url: str,
    is_active: bool,
    secret: str | None = None,
) -> WebhookEndpoint:
    """Change an endpoint; ``secret`` None (or blank) keeps the current one."""
    endpoint = (
        WebhookEndpoint.objects.select_for_update().select_related("agency").get(pk=endpoint.pk)
    )
    _require_manager(actor, endpoint.agency)
    new = (secret or "").strip()
    url = url.strip()
    _check_endpoint(channel, url, new or endpoint.secret)
    before = snapshot(endpoint, ENDPOINT_FIELDS)
    endpoint.channel, endpoint.url, endpoint.is_active = channel, url, is_active
    rotated = bool(new) and new != endpoint.secret
    if rotated:
        endpoint.secret = new
    changes = diff(before, snapshot(endpoint, ENDPOINT_FIELDS), WebhookEndpoint)
    if changes or rotated:
        endpoint.save()
        summary = f"修改推送接口：{endpoint.get_channel_display()} → {url}"
        _log_endpoint(
            actor, endpoint, "updated", summary + ("（已更换签名密钥）" if rotated else ""), changes
        )
    return endpoint


@transaction.atomic
def deactivate_endpoint(*, actor: User | None, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    endpoint = (
        WebhookEndpoint.objects.select_for_update().select_related("agency").get(pk=endpoint.pk)
    )
    _require_manager(actor, endpoint.agency)
    if not endpoint.is_active:
        raise WebhookError("该推送接口已停用")
    endpoint.is_active = False
    endpoint.save(update_fields=["is_active"])
    _log_endpoint(
        actor,
        endpoint,
        "deactivated",
        f"停用推送接口：{endpoint.get_channel_display()} → {endpoint.url}",
        {"is_active": {"label": "启用", "before": True, "after": False}},
    )
    return endpoint


# --- deliveries ------------------------------------------------------------------------


def payload_for(document: Document, channel: str) -> dict[str, Any]:
    """What a receiver gets: the document's particulars, its portal link and the text
    to post on ``channel``."""
    return {
        "event": "document.published",
        "document_id": document.pk,
        "index_no": document.index_no or "",
        "title": document.title,
        "doc_number": document.doc_number,
        "agency": document.agency.name,
        "published_at": (
            timezone.localtime(document.published_at).isoformat()
            if document.published_at is not None
            else None
        ),
        "url": share.document_url(document),
        "channel": channel,
        "text": share.share_text(document, channel),
        "summary": share.summary_of(document)[:500],
    }


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signature(secret: str, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of the raw body with the endpoint's secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def enqueue_deliveries(document: Document) -> list[WebhookDelivery]:
    """One delivery per active endpoint of the document's agency (called after the
    publication commits); each is sent by the ``deliver_webhook`` task. An endpoint
    that already has a delivery of this document gets no second one."""
    with transaction.atomic():
        endpoints = (
            WebhookEndpoint.objects.filter(agency_id=document.agency_id, is_active=True)
            .exclude(deliveries__document=document)
            .order_by("id")
        )
        lease_until = timezone.now() + LEASE
        deliveries = [
            WebhookDelivery.objects.create(
                endpoint=endpoint,
                document=document,
                payload=payload_for(document, endpoint.channel),
                next_attempt_at=lease_until,
            )
            for endpoint in endpoints
        ]
        if deliveries:
            channels = "、".join(d.endpoint.get_channel_display() for d in deliveries)
            record_event(
                actor=None,
                obj=document,
                action="publishing.webhooks_queued",
                summary=f"推送到{channels}（{len(deliveries)} 个接口）",
                agency=document.agency,
            )
            ids = [d.pk for d in deliveries]
            transaction.on_commit(lambda: schedule(ids))
    return deliveries


def schedule(delivery_ids: Iterable[int]) -> None:
    """Hand claimed deliveries to the huey worker."""
    from gongkai.publishing.tasks import deliver_webhook

    for pk in delivery_ids:
        deliver_webhook(pk)


def claim_due(now: datetime.datetime, limit: int = BATCH) -> list[int]:
    """Claim pending deliveries whose next attempt is due (for the retry job)."""
    due = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", "next_attempt_at")[:limit]
    )
    claimed = []
    for pk, at in due:
        # Conditional on the value just read: of two claimers only one updates the row.
        taken = WebhookDelivery.objects.filter(
            pk=pk, status=DeliveryStatus.PENDING, next_attempt_at=at
        ).update(next_attempt_at=now + LEASE)
        if taken:
            claimed.append(pk)
    return claimed


@dataclass(frozen=True)
class Outcome:
    ok: bool
    error: str = ""
    reference: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect would turn the POST into a GET without the body: treat it as a failure."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _reference(content: bytes, endpoint: WebhookEndpoint) -> str:
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    if isinstance(data, dict) and isinstance(data.get("url"), str) and data["url"].strip():
        return str(data["url"]).strip()[:300]
    return urlsplit(endpoint.url).hostname or endpoint.url[:300]


def post(endpoint: WebhookEndpoint, delivery_id: int, body: bytes) -> Outcome:
    """POST ``body`` to the endpoint; any answer but 2xx is a failure."""
    if urlsplit(endpoint.url).scheme not in ("http", "https"):
        return Outcome(False, "接收地址须以 http:// 或 https:// 开头")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Gongkai-Signature": signature(endpoint.secret, body),
            "X-Gongkai-Delivery": str(delivery_id),
            "X-Gongkai-Event": "document.published",
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            content = response.read(MAX_RESPONSE_BYTES)
    except urllib.error.HTTPError as exc:
        reason = f" {exc.reason}" if exc.reason else ""
        return Outcome(False, f"接收方返回 HTTP {exc.code}{reason}")
    except urllib.error.URLError as exc:
        return Outcome(False, f"无法连接接收地址：{exc.reason}")
    except TimeoutError:
        return Outcome(False, f"接收方超过 {TIMEOUT_SECONDS} 秒未响应")
    except (OSError, ValueError) as exc:
        return Outcome(False, f"推送出错：{type(exc).__name__}: {exc}")
    return Outcome(True, reference=_reference(content, endpoint))


def deliver(
    delivery: WebhookDelivery | int, *, now: datetime.datetime | None = None
) -> WebhookDelivery:
    """Send one pending delivery and record what happened. The HTTP request is made
    outside any transaction; the result is written in one."""
    pk = delivery if isinstance(delivery, int) else delivery.pk
    current = WebhookDelivery.objects.select_related("endpoint").get(pk=pk)
    if current.status != DeliveryStatus.PENDING:
        return current
    outcome = post(current.endpoint, current.pk, encode(current.payload))
    return _record(pk, outcome, now or timezone.now())


@transaction.atomic
def _record(pk: int, outcome: Outcome, now: datetime.datetime) -> WebhookDelivery:
    delivery = (
        WebhookDelivery.objects.select_for_update()
        .select_related("endpoint__agency", "document")
        .get(pk=pk)
    )
    if delivery.status != DeliveryStatus.PENDING:
        return delivery
    endpoint = delivery.endpoint
    delivery.attempts += 1
    if outcome.ok:
        delivery.status = DeliveryStatus.SENT
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        delivery.last_error = ""
        summary = f"已推送到{endpoint.get_channel_display()}（{outcome.reference}）"
    else:
        delivery.last_error = outcome.error[:300]
        if delivery.attempts >= WebhookDelivery.MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
            summary = (
                f"推送到{endpoint.get_channel_display()}失败，已停止重试：{delivery.last_error}"
            )
        else:
            pause = BACKOFF[min(delivery.attempts, len(BACKOFF)) - 1]
            delivery.next_attempt_at = now + pause
            summary = (
                f"推送到{endpoint.get_channel_display()}失败（第 {delivery.attempts} 次），"
                f"将自动重试：{delivery.last_error}"
            )
    delivery.save(
        update_fields=["status", "attempts", "last_error", "next_attempt_at", "delivered_at"]
    )
    record_event(
        actor=None,
        obj=delivery,
        action="publishing.webhook_sent" if outcome.ok else "publishing.webhook_failed",
        summary=summary[:500],
        agency=endpoint.agency,
    )
    if outcome.ok:
        _record_publication(delivery, outcome.reference, now)
    return delivery


def _record_publication(delivery: WebhookDelivery, reference: str, now: datetime.datetime) -> None:
    from gongkai.publishing.actions import DocumentError, record_publication

    try:
        with transaction.atomic():
            record_publication(
                actor=None,
                document=delivery.document,
                channel=delivery.endpoint.channel,
                published_on=timezone.localtime(now).date(),
                reference=reference,
            )
    except DocumentError as exc:  # e.g. withdrawn while the delivery was pending
        record_event(
            actor=None,
            obj=delivery.document,
            action="publishing.channel_not_recorded",
            summary=f"推送已送达，但未登记发布渠道：{exc}",
            agency=delivery.endpoint.agency,
        )


@transaction.atomic
def retry_delivery(*, actor: User | None, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again now (a failed one gets one more attempt)."""
    delivery = (
        WebhookDelivery.objects.select_for_update()
        .select_related("endpoint__agency", "document")
        .get(pk=delivery.pk)
    )
    endpoint = delivery.endpoint
    _require_manager(actor, endpoint.agency)
    if delivery.status == DeliveryStatus.SENT:
        raise WebhookError("该推送已送达，无需重试")
    if not endpoint.is_active:
        raise WebhookError("推送接口已停用，请先在“推送接口”中启用后再重试")
    before = snapshot(delivery, ("status",))
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = timezone.now() + LEASE
    delivery.save(update_fields=["status", "next_attempt_at"])
    record_event(
        actor=actor,
        obj=delivery,
        action="publishing.webhook_retried",
        summary=f"手动重试推送到{endpoint.get_channel_display()}：“{delivery.document.title}”",
        changes=diff(before, snapshot(delivery, ("status",)), WebhookDelivery),
        agency=endpoint.agency,
    )
    pk = delivery.pk
    transaction.on_commit(lambda: schedule([pk]))
    return delivery


# --- back office -----------------------------------------------------------------------


def webhook_failures_todos(user: User, today: datetime.date) -> list[Todo]:
    """A to-do per agency and channel with failed deliveries, for those who manage it."""
    rows = (
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.FAILED, endpoint__agency__in=manageable_agencies(user)
        )
        .values("endpoint__agency_id", "endpoint__agency__name", "endpoint__channel")
        .annotate(n=Count("id"))
        .order_by("endpoint__agency__name", "endpoint__channel")
    )
    url = reverse("publishing_channels:delivery_list") + "?status=failed"
    labels = dict(Channel.choices)
    return [
        Todo(
            title=(
                f"{row['endpoint__agency__name']}："
                f"{labels[row['endpoint__channel']]}推送失败 {row['n']} 条"
            ),
            detail="已停止自动重试。请检查推送接口的接收地址和签名密钥，然后在推送记录中重试。",
            url=url,
            level="danger",
        )
        for row in rows
    ]
