"""What the endpoints of :mod:`gongkai.applications.api` share: the error answers
(:func:`_answers` turns the domain's exceptions into ``{"detail", "errors"}`` with the
status code), the serialisers of cases, fees, consultations, letters, disputes and
complaints, and the applicant fields of ``/submit`` and of the office's registration.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from ninja import Status as Answer

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import access, actions, deadlines
from gongkai.applications.actions import ApplicationError
from gongkai.applications.fees import FeeLine, FeeQuote
from gongkai.applications.models import (
    OPEN,
    TRANSITIONS,
    Application,
    Complaint,
    Consultation,
    Dispute,
    Fee,
    Letter,
)
from gongkai.applications.schemas import DETAIL_FIELDS, ApplicantIn
from gongkai.applications.validation import clean_application
from gongkai.core.auth import staff_user
from gongkai.workdays.calendar import WorkdayCalendar

#: The module the operation ids are named after (see :func:`_answers`).
API_MODULE = "gongkai.applications.api"


class Conflict(ApplicationError):
    """The step is not allowed from the current status (answered 409)."""


# --- errors ------------------------------------------------------------------------------


def _error(detail: str, errors: dict[str, str] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or {}}


def _answers(view: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the domain's exceptions into the API's Chinese error answers."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except Http404 as exc:
            return Answer(404, _error(str(exc) or "没有找到该记录"))
        except PermissionDenied as exc:
            return Answer(403, _error(str(exc) or "您没有执行此操作的权限"))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                fields = {k: "；".join(v) for k, v in exc.message_dict.items()}
                return Answer(422, _error("；".join(fields.values()), fields))
            return Answer(422, _error("；".join(exc.messages)))
        except Conflict as exc:
            return Answer(409, _error(str(exc)))
        except ApplicationError as exc:
            return Answer(400, _error(str(exc)))

    # django-ninja names an operation after its view's module: keep the operation ids
    # the endpoints had when the API was one module (``gongkai_applications_api_<view>``).
    wrapper.__module__ = API_MODULE
    return wrapper


def _today() -> datetime.date:
    return actions.today()


def _url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the page is not mounted (yet)
        return None


# --- answers -----------------------------------------------------------------------------


def _left(cal: WorkdayCalendar, due: datetime.date | None) -> int | None:
    """Working days left (negative: overdue); ``None`` without a date, or when it is
    decades away (a date typed with the wrong year)."""
    return None if due is None else deadlines.workdays_left(cal, _today(), due)


def _summary(a: Application, cal: WorkdayCalendar) -> dict[str, Any]:
    open_ = a.status in OPEN
    return {
        "id": a.pk,
        "number": a.number,
        "tracking_code": a.tracking_code,
        "agency": a.agency_id,
        "agency_name": a.agency.name,
        "applicant_kind": a.applicant_kind,
        "applicant_name": a.applicant_name,
        "channel": a.channel,
        "status": a.status,
        "status_label": a.get_status_display(),
        "submitted_on": a.submitted_on,
        "received_on": a.received_on,
        "reply_due_on": a.reply_due_on,
        "due_provisional": a.due_provisional,
        "clock_paused": a.clock_paused,
        "alert_due_on": a.alert_due_on,
        "alert_kind": a.alert_kind,
        "workdays_left": _left(cal, a.reply_due_on) if open_ else None,
        "closed_on": a.closed_on,
        "outcome": a.outcome,
    }


def _fee(fee: Fee | None) -> dict[str, Any] | None:
    if fee is None:
        return None
    lines = [
        FeeLine(
            line["description"], line["quantity"], Decimal(line["rate"]), Decimal(line["amount"])
        )
        for line in fee.lines
    ]
    return {
        "method": fee.method,
        "method_label": fee.get_method_display(),
        "nth_in_month": fee.nth_in_month,
        "pages": fee.pages,
        "amount": str(fee.amount),
        "lines": fee.lines,
        "explanation": FeeQuote(fee.method, fee.amount, tuple(lines)).explanation(),
        "notice_on": fee.notice_on,
        "notice_received_on": fee.notice_received_on,
        "payment_due_on": fee.payment_due_on,
        "due_provisional": fee.due_provisional,
        "paid_on": fee.paid_on,
        "paid_amount": None if fee.paid_amount is None else str(fee.paid_amount),
        "receipt_number": fee.receipt_number,
    }


def _consultation(c: Consultation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "kind": c.kind,
        "kind_label": c.get_kind_display(),
        "party": c.party,
        "party_contact": c.party_contact,
        "sent_on": c.sent_on,
        "delivered_on": c.delivered_on,
        "due_on": c.due_on,
        "due_provisional": c.due_provisional,
        "answered_on": c.answered_on,
        "answer": c.answer,
        "answer_label": c.get_answer_display() if c.answer else "",
        "opinion": c.opinion,
        "is_open": c.is_open,
    }


def _letter(letter: Letter, *, body: bool = False) -> dict[str, Any]:
    out = {
        "id": letter.pk,
        "application": letter.application_id,
        "kind": letter.kind,
        "kind_label": letter.get_kind_display(),
        "outcome": letter.outcome,
        "consultation": letter.consultation_id,
        "recipient": letter.recipient,
        "title": letter.title,
        "number": letter.number,
        "status": letter.status,
        "status_label": letter.get_status_display(),
        "for_applicant": letter.for_applicant,
        "issued_on": letter.issued_on,
        "issued_at": letter.issued_at,
        "has_docx": bool(letter.docx),
        "has_pdf": bool(letter.pdf),
        "page_url": _url("application_letters:detail", letter.pk),
    }
    if body:
        out["body"] = letter.body
    return out


def _detail(a: Application, user: User) -> dict[str, Any]:
    cal = WorkdayCalendar()
    handles = access.can_handle(user, a.agency)
    periods = deadlines.periods_for(a.received_on) if a.received_on else None
    open_ = a.status in OPEN
    return {
        **_summary(a, cal),
        **{name: getattr(a, name) for name in DETAIL_FIELDS},
        "applicant_kind_label": a.get_applicant_kind_display(),
        "channel_label": a.get_channel_display(),
        "outcome_label": a.get_outcome_display() if a.outcome else "",
        "deadlines": {
            "regime": periods.regime if periods else None,
            "regime_label": periods.label if periods else "",
            "clock_start_on": a.clock_start_on,
            "correction_notice_due_on": a.correction_notice_due_on,
            "correction_requested_on": a.correction_requested_on,
            "correction_deadline": a.correction_deadline,
            "correction_received_on": a.correction_received_on,
            "extension_days": a.extension_days,
            "extended_on": a.extended_on,
            "paused_workdays": a.paused_workdays,
            "reply_due_on": a.reply_due_on,
            "latest_due_on": a.latest_due_on,
            "due_provisional": a.due_provisional,
            "clock_paused": a.clock_paused,
            "workdays_left": _left(cal, a.reply_due_on) if open_ else None,
            "alert_due_on": a.alert_due_on,
            "alert_kind": a.alert_kind,
            "alert_workdays_left": _left(cal, a.alert_due_on) if open_ else None,
        },
        "consultations": [_consultation(c) for c in a.consultations.all()],
        "fee": _fee(Fee.objects.filter(application=a).first()),
        "letters": [_letter(letter) for letter in a.letters.all()],
        "attachments": [
            {
                "id": f.pk,
                "kind": f.kind,
                "kind_label": f.get_kind_display(),
                "filename": f.filename,
                "content_type": f.content_type,
                "size": f.size,
                "uploaded_at": f.uploaded_at,
            }
            for f in a.attachments.all()
        ],
        "can_handle": handles,
        "allowed_actions": [
            name for name, (allowed, _) in TRANSITIONS.items() if handles and a.status in allowed
        ],
    }


def _reloaded(request: HttpRequest, application: Application) -> dict[str, Any]:
    user = staff_user(request)
    return _detail(access.get_application_for_user(user, application.pk), user)


def _dispute(d: Dispute) -> dict[str, Any]:
    return {
        "id": d.pk,
        "agency": d.agency_id,
        "agency_name": d.agency.name,
        "application": d.application_id,
        "kind": d.kind,
        "kind_label": d.get_kind_display(),
        "case_number": d.case_number,
        "body": d.body,
        "claimant": d.claimant,
        "filed_on": d.filed_on,
        "summary": d.summary,
        "result": d.result,
        "result_label": d.get_result_display(),
        "closed_on": d.closed_on,
        "result_note": d.result_note,
    }


def _complaint(c: Complaint) -> dict[str, Any]:
    return {
        "id": c.pk,
        "agency": c.agency_id,
        "agency_name": c.agency.name,
        "application": c.application_id,
        "complainant": c.complainant,
        "received_on": c.received_on,
        "subject": c.subject,
        "handled_on": c.handled_on,
        "result": c.result,
    }


# --- applicant fields (``/submit`` and the office's registration) ------------------------


#: ``Application.email`` holds 254 characters; ``validate_email`` lets up to 320 through.
MAX_EMAIL_LENGTH = 254
EMAIL_TOO_LONG = f"电子邮箱不能超过{MAX_EMAIL_LENGTH}个字符"


def _application_values(data: ApplicantIn, *, portal: bool) -> dict[str, Any]:
    """The fields as sent: :func:`clean_application` checks them (dates too), except
    an e-mail address too long to store, refused here with the other fields' messages."""
    values = {k: v for k, v in data.texts().items() if k != "agency"}
    if len(str(values.get("email") or "").strip()) > MAX_EMAIL_LENGTH:
        errors = {"email": EMAIL_TOO_LONG}
        try:
            clean_application(values | {"email": ""}, today=_today(), portal=portal)
        except ValidationError as exc:
            errors = {k: v[0] for k, v in exc.message_dict.items() if k != "email"} | errors
        raise ValidationError(errors)
    return values


def _agency(data: ApplicantIn, values: dict[str, Any], *, portal: bool) -> Agency:
    """The chosen agency; a bad choice is reported with the other fields' messages."""
    raw = (data.agency or "").strip()
    agency = Agency.objects.filter(pk=int(raw)).first() if re.fullmatch(r"\d{1,9}", raw) else None
    if agency is not None:
        return agency
    errors = {"agency": "没有找到该机关" if raw else "请选择受理机关"}
    try:
        clean_application(values, today=_today(), portal=portal)
    except ValidationError as exc:
        errors |= {k: v[0] for k, v in exc.message_dict.items()}
    raise ValidationError(errors)
