"""Reconsideration, litigation and complaint records (table 四; legacy rows 4–6):
register and update a :class:`Dispute` or :class:`Complaint`, one function each, in a
transaction, writing an audit event on the record (and, for a dispute linked to a case,
on the case's timeline).

The clock is :func:`gongkai.applications.actions.today`, called through the module so
that tests can set it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.actions import ApplicationError, _log
from gongkai.applications.models import Application, Complaint, Dispute, DisputeKind, DisputeResult
from gongkai.audit.events import diff, record_event, snapshot

DISPUTE_FIELDS = (
    "kind",
    "case_number",
    "body",
    "claimant",
    "filed_on",
    "summary",
    "result",
    "closed_on",
    "result_note",
)


def _clean_dispute(values: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    kind = str(values.get("kind") or "")
    if kind not in DisputeKind.values:
        errors["kind"] = "请选择类型：行政复议、未经复议直接起诉或复议后起诉"
    out["kind"] = kind
    for name, label, limit in (
        ("body", "复议机关或受理法院", 100),
        ("claimant", "申请人或原告", 100),
    ):
        text = str(values.get(name) or "").strip()
        if not text:
            errors[name] = f"请填写{label}"
        out[name] = text[:limit]
    out["case_number"] = str(values.get("case_number") or "").strip()[:100]
    out["summary"] = str(values.get("summary") or "").strip()
    out["result_note"] = str(values.get("result_note") or "").strip()
    filed = values.get("filed_on")
    closed = values.get("closed_on") or None
    result = str(values.get("result") or DisputeResult.PENDING)
    if not isinstance(filed, datetime.date):
        errors["filed_on"] = "请填写立案（受理）日期"
    elif filed > actions.today():
        errors["filed_on"] = "立案日期不能晚于今天"
    if result not in DisputeResult.values:
        errors["result"] = "请选择结果"
    elif result == DisputeResult.PENDING and closed is not None:
        errors["closed_on"] = "尚未审结的案件不填写审结日期"
    elif result != DisputeResult.PENDING and not isinstance(closed, datetime.date):
        errors["closed_on"] = "已审结的案件请填写审结日期"
    elif isinstance(closed, datetime.date) and isinstance(filed, datetime.date) and closed < filed:
        errors["closed_on"] = "审结日期不能早于立案日期"
    elif isinstance(closed, datetime.date) and closed > actions.today():
        errors["closed_on"] = "审结日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    out.update(filed_on=filed, closed_on=closed, result=result)
    return out


@transaction.atomic
def record_dispute(
    *,
    actor: User | None,
    agency: Agency,
    values: Mapping[str, Any],
    application: Application | None = None,
) -> Dispute:
    """Register a reconsideration or a lawsuit (linked to an application or not)."""
    if application is not None and application.agency_id != agency.pk:
        raise ApplicationError("关联的申请不属于该机关")
    dispute = Dispute.objects.create(
        agency=agency, application=application, **_clean_dispute(values)
    )
    record_event(
        actor=actor,
        obj=dispute,
        action="applications.dispute_recorded",
        summary=f"登记{dispute.get_kind_display()}",
        agency=agency,
        changes=diff({}, snapshot(dispute, DISPUTE_FIELDS), Dispute),
    )
    if application is not None:
        _log(actor, application, "dispute_recorded", f"申请人提起{dispute.get_kind_display()}")
    return dispute


@transaction.atomic
def update_dispute(*, actor: User | None, dispute: Dispute, values: Mapping[str, Any]) -> Dispute:
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    before = snapshot(dispute, DISPUTE_FIELDS)
    for name, value in _clean_dispute(values).items():
        setattr(dispute, name, value)
    dispute.save()
    changes = diff(before, snapshot(dispute, DISPUTE_FIELDS), Dispute)
    record_event(
        actor=actor,
        obj=dispute,
        action="applications.dispute_updated",
        summary=f"更新{dispute.get_kind_display()}（{dispute.get_result_display()}）",
        agency=dispute.agency,
        changes=changes,
    )
    return dispute


COMPLAINT_FIELDS = ("complainant", "received_on", "subject", "handled_on", "result")


def _clean_complaint(values: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    complainant = str(values.get("complainant") or "").strip()
    subject = str(values.get("subject") or "").strip()
    received = values.get("received_on")
    handled = values.get("handled_on") or None
    if not complainant:
        errors["complainant"] = "请填写举报投诉人"
    if not subject:
        errors["subject"] = "请填写举报投诉事项"
    if not isinstance(received, datetime.date):
        errors["received_on"] = "请填写收到日期"
    elif received > actions.today():
        errors["received_on"] = "收到日期不能晚于今天"
    if handled is not None and not isinstance(handled, datetime.date):
        errors["handled_on"] = "办结日期不是有效日期"
    elif isinstance(handled, datetime.date) and handled > actions.today():
        errors["handled_on"] = "办结日期不能晚于今天"
    elif (
        isinstance(handled, datetime.date)
        and isinstance(received, datetime.date)
        and handled < received
    ):
        errors["handled_on"] = "办结日期不能早于收到日期"
    if errors:
        raise ValidationError(errors)
    return {
        "complainant": complainant[:100],
        "subject": subject,
        "received_on": received,
        "handled_on": handled,
        "result": str(values.get("result") or "").strip(),
    }


@transaction.atomic
def record_complaint(
    *,
    actor: User | None,
    agency: Agency,
    values: Mapping[str, Any],
    application: Application | None = None,
) -> Complaint:
    if application is not None and application.agency_id != agency.pk:
        raise ApplicationError("关联的申请不属于该机关")
    complaint = Complaint.objects.create(
        agency=agency, application=application, **_clean_complaint(values)
    )
    record_event(
        actor=actor,
        obj=complaint,
        action="applications.complaint_recorded",
        summary="登记举报投诉",
        agency=agency,
        changes=diff({}, snapshot(complaint, COMPLAINT_FIELDS), Complaint),
    )
    return complaint


@transaction.atomic
def update_complaint(
    *, actor: User | None, complaint: Complaint, values: Mapping[str, Any]
) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    before = snapshot(complaint, COMPLAINT_FIELDS)
    for name, value in _clean_complaint(values).items():
        setattr(complaint, name, value)
    complaint.save()
    record_event(
        actor=actor,
        obj=complaint,
        action="applications.complaint_updated",
        summary="更新举报投诉",
        agency=complaint.agency,
        changes=diff(before, snapshot(complaint, COMPLAINT_FIELDS), Complaint),
    )
    return complaint
