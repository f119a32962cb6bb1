"""Disclosure on request (依申请公开) through the JSON API, mounted at
``/api/v1/applications``.

Public (no login): ``POST /track`` (the tracking page's answer), ``POST /submit`` (an
online application), ``GET /deadline`` (the statutory dates for a receipt date) and the
signed PDF links of the notices that ``/track`` lists.

Staff: the back office's work, one endpoint per action of
:mod:`gongkai.applications.actions`. They authenticate with the back-office session
(``django_auth``: the session cookie plus the CSRF token in ``X-CSRFToken`` on every
POST/PUT/DELETE). Cases are found with :mod:`gongkai.applications.access` exactly as the
pages find them: another agency's case is 404, seeing without the right to handle is 403.

Errors are ``{"detail": 中文说明, "errors": {字段: 说明}}``: 400 a step the rules refuse,
403, 404, 409 a step not allowed from the case's (or letter's) current status, 422 bad
fields, 429 too many requests.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from ninja import Query, Router
from ninja import Status as Answer
from ninja.security import django_auth

from gongkai.accounts.models import User
from gongkai.agencies.access import filter_visible, visible_agencies
from gongkai.agencies.models import Agency
from gongkai.applications import access, actions, deadlines, letter_actions, tracking
from gongkai.applications.actions import ApplicationError
from gongkai.applications.fees import FeeLine, FeeQuote
from gongkai.applications.models import (
    APPLICANT_LETTERS,
    OPEN,
    TRANSITIONS,
    Application,
    Complaint,
    Consultation,
    Dispute,
    Fee,
    FeeMethod,
    Letter,
    LetterStatus,
    Status,
)
from gongkai.applications.schemas import (
    DETAIL_FIELDS,
    ERRORS,
    ApplicantIn,
    ApplicationOut,
    ApplicationPageOut,
    ComplaintFields,
    ComplaintIn,
    ComplaintOut,
    ConfirmIn,
    ConsultIn,
    CorrectionIn,
    CorrectionReceivedIn,
    DeadlineOut,
    DeadlineQuery,
    DeliverIn,
    DisputeFields,
    DisputeIn,
    DisputeOut,
    ErrorOut,
    ExtendIn,
    FeeIn,
    FinishIn,
    IssueIn,
    LetterTextIn,
    LetterTextOut,
    ListQuery,
    LooseIn,
    NoteIn,
    OnIn,
    PaidIn,
    QuoteIn,
    QuoteOut,
    RegisterIn,
    ReplyIn,
    SubmittedOut,
    TrackIn,
    TrackOut,
    TransferIn,
    WithdrawIn,
    YearQuery,
)
from gongkai.applications.validation import clean_application
from gongkai.core.auth import staff_user
from gongkai.core.ratelimit import allow, client_ip
from gongkai.workdays.calendar import WorkdayCalendar

router = Router(tags=["依申请公开"])

T = TypeVar("T")
MAX_LIMIT = 100
SOON_WORKDAYS = 3
#: Rate-limit scopes shared with the portal pages (``portal_views``): one budget per
#: address whichever way it comes in.
TRACK_SCOPE = "portal-track-failed"
SUBMIT_SCOPE = "portal-application"
NOTICE_SALT = "gongkai.applications.api.notice"
NOTICE_LINK_SECONDS = 24 * 3600
NOTICE_GONE = "下载链接无效或已过期，请重新查询"
NOT_FOUND = "没有找到该申请，请核对查询码和手机号码（或证件号码后四位）"
REGISTER_DENIED = "只有依申请公开办理人或公开办管理员可以登记申请"


class Conflict(ApplicationError):
    """The step is not allowed from the current status (answered 409)."""


# --- errors and steps --------------------------------------------------------------------


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

    return wrapper


def _today() -> datetime.date:
    return actions.today()


def _handled(request: HttpRequest, application_id: int) -> Application:
    return access.get_application_for_user(staff_user(request), application_id, handle=True)


def _step(application: Application, transition: str, step: Callable[[], T]) -> T:
    """Run one action; a refusal because of the case's status becomes a :class:`Conflict`."""
    try:
        return step()
    except ApplicationError as exc:
        allowed, _target = TRANSITIONS[transition]
        now = Application.objects.filter(pk=application.pk).values_list("status", flat=True)
        if now.first() not in allowed:
            raise Conflict(str(exc)) from None
        raise


def _act(
    request: HttpRequest,
    application_id: int,
    transition: str,
    action: Callable[..., Any],
    data: LooseIn,
) -> dict[str, Any]:
    """Authorise, check the fields, call one action with them, answer the new state."""
    a = _handled(request, application_id)
    values = data.values()
    _step(a, transition, lambda: action(actor=staff_user(request), application=a, **values))
    return _reloaded(request, a)


def _letter_step(letter: Letter, step: Callable[[], T]) -> T:
    """Run one letter action; a refusal because the letter is issued (frozen) is 409."""
    try:
        return step()
    except ApplicationError as exc:
        if Letter.objects.filter(pk=letter.pk, status=LetterStatus.ISSUED).exists():
            raise Conflict(str(exc)) from None
        raise


def _url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the page is not mounted (yet)
        return None


# --- answers -----------------------------------------------------------------------------


def _left(cal: WorkdayCalendar, due: datetime.date | None) -> int | None:
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


# --- public ------------------------------------------------------------------------------


def _spent(scope: str, key: str, limit: int) -> bool:
    """Whether ``key`` has used up ``limit`` in ``scope`` (the counter of
    :func:`gongkai.core.ratelimit.allow`, read without counting a hit)."""
    return int(cache.get(f"ratelimit:{scope}:{key}") or 0) >= limit


def _notice_url(request: HttpRequest, application: Application, letter_id: int) -> str:
    token = signing.dumps([application.pk, letter_id], salt=NOTICE_SALT)
    match = request.resolver_match
    name = f"{match.namespace}:notice_pdf" if match and match.namespace else "notice_pdf"
    return f"{reverse(name, kwargs={'letter_id': letter_id})}?token={token}"


@router.post(
    "/track", response={200: TrackOut, 429: ErrorOut, **ERRORS}, summary="查询申请办理进度"
)
@_answers
def track(request: HttpRequest, data: TrackIn | None = None) -> Any:
    """The tracking code plus the applicant's phone number (or the last four characters
    of the ID number or credit code). After ``tracking.LOOKUPS_PER_HOUR`` failed lookups
    an address gets 429 for the hour, right pairs included. Never the internal note."""
    ip, limit = client_ip(request), tracking.LOOKUPS_PER_HOUR
    message = f"查询失败次数过多：每小时最多 {limit} 次，请稍后再试"
    if _spent(TRACK_SCOPE, ip, limit):
        return Answer(429, _error(message))
    values = (data or TrackIn()).values()
    application = tracking.find(values["code"], values["verifier"])
    if application is None:
        if not allow(TRACK_SCOPE, ip, limit=limit, window_seconds=3600):
            return Answer(429, _error(message))
        raise Http404(NOT_FOUND)
    status = tracking.public_status(application)
    return {
        **dataclasses.asdict(status),
        "notices": [
            {
                "id": n.pk,
                "title": n.title,
                "number": n.number,
                "issued_on": n.issued_on,
                "download_url": _notice_url(request, application, n.pk) if n.has_pdf else None,
            }
            for n in status.notices
        ],
    }


@router.get(
    "/notices/{int:letter_id}/pdf",
    url_name="notice_pdf",
    response={404: ErrorOut},
    summary="下载告知书（查询结果中的链接）",
    openapi_extra={"responses": {"200": {"description": "PDF 文件"}}},
)
@_answers
def notice_pdf(request: HttpRequest, letter_id: int, token: str = "") -> Any:
    """The PDF of a notice issued to the applicant; the link comes with ``/track``'s
    answer and is valid for a day."""
    try:
        application_id, signed_id = signing.loads(
            token, salt=NOTICE_SALT, max_age=NOTICE_LINK_SECONDS
        )
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404(NOTICE_GONE) from None
    letter = Letter.objects.filter(
        pk=letter_id,
        application_id=application_id,
        status=LetterStatus.ISSUED,
        kind__in=APPLICANT_LETTERS,
    ).first()
    if letter is None or signed_id != letter_id or not letter.pdf:
        raise Http404(NOTICE_GONE)
    try:
        pdf = letter.pdf.open("rb")
    except OSError:  # the file is missing from the storage
        raise Http404(NOTICE_GONE) from None
    return FileResponse(pdf, as_attachment=True, filename=f"{letter.title}{letter.number}.pdf")


def _application_values(data: ApplicantIn) -> dict[str, Any]:
    """The fields as sent: :func:`clean_application` checks them (dates too)."""
    return {k: v for k, v in data.texts().items() if k != "agency"}


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


@router.post(
    "/submit",
    response={201: SubmittedOut, 429: ErrorOut, **ERRORS},
    summary="网上提交政府信息公开申请",
)
@_answers
def submit(request: HttpRequest, data: ApplicantIn | None = None) -> Any:
    """Same fields as the portal form (without attachments). The case waits in 待确认
    until the office confirms it with the applicant (条例第三十一条)."""
    ip, limit = client_ip(request), settings.GONGKAI_PORTAL_APPLICATIONS_PER_HOUR
    if _spent(SUBMIT_SCOPE, ip, limit):
        return Answer(429, _error(f"提交过于频繁：每小时最多提交 {limit} 件申请，请稍后再试"))
    data = data or ApplicantIn()
    values = _application_values(data)
    agency = _agency(data, values, portal=True)
    a = actions.register_application(actor=None, agency=agency, values=values, via_portal=True)
    allow(SUBMIT_SCOPE, ip, limit=limit, window_seconds=3600)
    return Answer(
        201,
        {
            "tracking_code": a.tracking_code,
            "number": a.number,
            "agency": agency.name,
            "status": a.status,
            "status_label": a.get_status_display(),
        },
    )


@router.get("/deadline", response={200: DeadlineOut, **ERRORS}, summary="计算答复期限")
@_answers
def deadline(request: HttpRequest, params: Query[DeadlineQuery]) -> Any:
    """``received``: 收到申请日期. Before 2019-05-15 the 2007 periods apply (15 + 15)."""
    day: datetime.date = params.values()["received"]
    cal = WorkdayCalendar()
    periods = deadlines.periods_for(day)
    try:
        notice = cal.add(day, periods.correction_notice)
        reply = deadlines.reply_deadline(cal, clock_start=day, periods=periods)
    except ValueError as exc:
        raise ValidationError({"received": str(exc)}) from None
    return {
        "received": day,
        "regime": periods.regime,
        "regime_label": periods.label,
        "reply_workdays": periods.reply,
        "max_extension_workdays": periods.max_extension,
        "correction_notice_due_on": notice.date,
        "reply_due_on": reply.due,
        "latest_due_on": reply.latest,
        "provisional": notice.provisional or reply.provisional,
    }


# --- staff: applications ------------------------------------------------------------------


def _filtered(user: User, f: dict[str, Any]) -> Any:
    """The user's visible applications, newest registration first (or the nearest
    deadline first with ``due``), narrowed by the list's filters."""
    qs = access.visible_applications(user).order_by("-created_at", "-pk")
    status, due, text = f["status"], f["due"], f["q"]
    if status and status != "open" and status not in Status.values:
        raise ValidationError({"status": f"办理状态“{status}”无效"})
    if due not in ("", "overdue", "soon"):
        raise ValidationError({"due": "due 只能是 overdue（已超期）或 soon（3个工作日内到期）"})
    if f["agency"] is not None:
        found = Agency.objects.filter(pk=f["agency"]).first()
        if found is None:
            raise Http404("没有找到该机关")
        qs = qs.in_subtree(found)
    if status:
        qs = qs.open() if status == "open" else qs.filter(status=status)
    if f["year"] is not None:
        qs = qs.filter(year=f["year"])
    today = _today()
    if due == "overdue":
        qs = qs.alerting(today - datetime.timedelta(days=1)).order_by("alert_due_on", "pk")
    elif due == "soon":
        until = WorkdayCalendar().add(today, SOON_WORKDAYS).date
        qs = qs.alerting(until).filter(alert_due_on__gte=today).order_by("alert_due_on", "pk")
    if text:
        cond = Q(applicant_name__icontains=text) | Q(tracking_code=text.upper())
        number = re.search(r"(\d{4})\D+(\d{1,6})", text)
        if number:
            cond |= Q(year=int(number[1]), serial=int(number[2]))
        qs = qs.filter(cond)
    return qs


@router.get("/", auth=django_auth, response={200: ApplicationPageOut, **ERRORS}, summary="申请列表")
@_answers
def list_applications(request: HttpRequest, params: Query[ListQuery]) -> Any:
    f = params.values()
    limit = max(1, min(f["limit"] or 20, MAX_LIMIT))
    offset = max(0, f["offset"] or 0)
    qs = _filtered(staff_user(request), f)
    cal = WorkdayCalendar()
    return {
        "total": qs.count(),
        "limit": limit,
        "offset": offset,
        "items": [_summary(a, cal) for a in qs[offset : offset + limit]],
    }


@router.get(
    "/{int:application_id}",
    auth=django_auth,
    response={200: ApplicationOut, **ERRORS},
    summary="申请详情（含内部备注）",
)
@_answers
def get_application(request: HttpRequest, application_id: int) -> Any:
    user = staff_user(request)
    return _detail(access.get_application_for_user(user, application_id), user)


@router.post("/", auth=django_auth, response={201: ApplicationOut, **ERRORS}, summary="登记申请")
@_answers
def register(request: HttpRequest, data: RegisterIn | None = None) -> Any:
    """The office registers a walk-in, letter, fax or e-mail application; ``agency`` may
    be left out by someone who handles one agency only."""
    user = staff_user(request)
    allowed = access.handling_agencies(user)
    if not allowed:
        raise PermissionDenied(REGISTER_DENIED)
    data = data or RegisterIn()
    values = _application_values(data)
    if not data.agency and len(allowed) == 1:
        agency = allowed[0]
    else:
        agency = _agency(data, values, portal=False)
        if agency not in allowed:
            raise PermissionDenied(REGISTER_DENIED)
    a = actions.register_application(actor=user, agency=agency, values=values)
    return Answer(201, _detail(a, user))


def _transition(path: str, summary: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A staff POST on one case; it answers with the case's new state."""
    return router.post(
        f"/{{int:application_id}}/{path}",
        auth=django_auth,
        response={200: ApplicationOut, **ERRORS},
        summary=summary,
    )


@_transition("confirm", "确认收到申请（待确认 → 办理中）")
@_answers
def confirm(request: HttpRequest, application_id: int, data: ConfirmIn | None = None) -> Any:
    return _act(
        request, application_id, "confirm_receipt", actions.confirm_receipt, data or ConfirmIn()
    )


@_transition("correction", "告知补正（办理中 → 补正中）")
@_answers
def request_correction(
    request: HttpRequest, application_id: int, data: CorrectionIn | None = None
) -> Any:
    return _act(
        request,
        application_id,
        "request_correction",
        actions.request_correction,
        data or CorrectionIn(),
    )


@_transition("correction/received", "收到补正材料（补正中 → 办理中）")
@_answers
def receive_correction(
    request: HttpRequest, application_id: int, data: CorrectionReceivedIn | None = None
) -> Any:
    return _act(
        request,
        application_id,
        "receive_correction",
        actions.receive_correction,
        data or CorrectionReceivedIn(),
    )


@_transition("correction/abandon", "逾期未补正，视为放弃")
@_answers
def abandon_no_correction(
    request: HttpRequest, application_id: int, data: OnIn | None = None
) -> Any:
    action = actions.abandon_no_correction
    return _act(request, application_id, "abandon_no_correction", action, data or OnIn())


@_transition("consult", "征求第三方或共同制作机关意见（→ 征求意见中）")
@_answers
def consult(request: HttpRequest, application_id: int, data: ConsultIn | None = None) -> Any:
    return _act(
        request,
        application_id,
        "start_consultation",
        actions.start_consultation,
        data or ConsultIn(),
    )


@_transition("consultations/{int:consultation_id}/finish", "登记征求意见结果")
@_answers
def finish_consultation(
    request: HttpRequest, application_id: int, consultation_id: int, data: FinishIn | None = None
) -> Any:
    a = _handled(request, application_id)
    consultation = Consultation.objects.filter(pk=consultation_id, application=a).first()
    if consultation is None:
        raise Http404("没有找到该征求意见")
    values = (data or FinishIn()).values()
    _step(
        a,
        "finish_consultation",
        lambda: actions.finish_consultation(
            actor=staff_user(request), consultation=consultation, **values
        ),
    )
    return _reloaded(request, a)


@_transition("extend", "延期答复（办理中 → 延期办理中）")
@_answers
def extend(request: HttpRequest, application_id: int, data: ExtendIn | None = None) -> Any:
    return _act(request, application_id, "extend", actions.extend, data or ExtendIn())


@router.post(
    "/{int:application_id}/fee/quote",
    auth=django_auth,
    response={200: QuoteOut, **ERRORS},
    summary="试算信息处理费（不改变申请）",
)
@_answers
def quote_fee(request: HttpRequest, application_id: int, data: QuoteIn | None = None) -> Any:
    a = _handled(request, application_id)
    values = (data or QuoteIn()).values()
    quote = actions.quote_fee(a, values["method"], values["pages"])
    per_item = quote.method == FeeMethod.PER_ITEM
    return {
        "method": quote.method,
        "method_label": FeeMethod(quote.method).label,
        "amount": str(quote.amount),
        "free": quote.amount <= 0,
        "nth_in_month": actions.nth_in_month(a) if per_item else None,
        "pages": None if per_item else values["pages"],
        "lines": [line.as_dict() for line in quote.lines],
        "explanation": quote.explanation(),
    }


@_transition("fee", "发出收费通知（→ 待缴费）")
@_answers
def issue_fee_notice(request: HttpRequest, application_id: int, data: FeeIn | None = None) -> Any:
    return _act(
        request, application_id, "issue_fee_notice", actions.issue_fee_notice, data or FeeIn()
    )


@_transition("fee/paid", "登记缴费（待缴费 → 办理中）")
@_answers
def record_payment(request: HttpRequest, application_id: int, data: PaidIn | None = None) -> Any:
    return _act(request, application_id, "record_payment", actions.record_payment, data or PaidIn())


@_transition("fee/abandon", "逾期未缴费，视为放弃")
@_answers
def abandon_unpaid_fee(request: HttpRequest, application_id: int, data: OnIn | None = None) -> Any:
    return _act(
        request, application_id, "abandon_unpaid_fee", actions.abandon_unpaid_fee, data or OnIn()
    )


@_transition("reply", "作出答复（→ 已答复）")
@_answers
def reply(request: HttpRequest, application_id: int, data: ReplyIn | None = None) -> Any:
    """``outcome``: one of ``outcomes.REPLY_OUTCOMES``; each needs its own fields (422)."""
    a = _handled(request, application_id)
    values = (data or ReplyIn()).values()
    outcome, replied_on = values.pop("outcome"), values.pop("replied_on")
    _step(
        a,
        "reply",
        lambda: actions.reply(
            actor=staff_user(request),
            application=a,
            outcome=outcome,
            values=values,
            replied_on=replied_on,
        ),
    )
    return _reloaded(request, a)


@_transition("transfer", "告知不属于本机关负责公开（→ 已转办/告知）")
@_answers
def transfer(request: HttpRequest, application_id: int, data: TransferIn | None = None) -> Any:
    return _act(request, application_id, "transfer", actions.transfer, data or TransferIn())


@_transition("withdraw", "申请人撤回申请（→ 已撤回）")
@_answers
def withdraw(request: HttpRequest, application_id: int, data: WithdrawIn | None = None) -> Any:
    return _act(request, application_id, "withdraw", actions.withdraw, data or WithdrawIn())


@_transition("deliver", "登记送达（→ 已送达）")
@_answers
def deliver(request: HttpRequest, application_id: int, data: DeliverIn | None = None) -> Any:
    return _act(request, application_id, "deliver", actions.deliver, data or DeliverIn())


@_transition("archive", "归档（→ 已归档）")
@_answers
def archive(request: HttpRequest, application_id: int, data: OnIn | None = None) -> Any:
    return _act(request, application_id, "archive", actions.archive, data or OnIn())


@_transition("note", "修改内部备注（不对申请人公开）")
@_answers
def update_note(request: HttpRequest, application_id: int, data: NoteIn | None = None) -> Any:
    a = _handled(request, application_id)
    actions.update_note(actor=staff_user(request), application=a, **(data or NoteIn()).values())
    return _reloaded(request, a)


# --- letters -----------------------------------------------------------------------------


@router.get(
    "/{int:application_id}/letters",
    auth=django_auth,
    response={200: list[LetterTextOut], **ERRORS},
    summary="申请的告知书（含草稿正文）",
)
@_answers
def list_letters(request: HttpRequest, application_id: int) -> Any:
    a = access.get_application_for_user(staff_user(request), application_id)
    return [_letter(letter, body=True) for letter in a.letters.all()]


def _letter_act(
    request: HttpRequest, letter_id: int, action: Callable[..., Any], data: LooseIn | None
) -> Letter:
    letter = access.get_letter_for_user(staff_user(request), letter_id, handle=True)
    values = data.values() if data is not None else {}
    _letter_step(letter, lambda: action(actor=staff_user(request), letter=letter, **values))
    return letter


@router.put(
    "/letters/{int:letter_id}",
    auth=django_auth,
    response={200: LetterTextOut, **ERRORS},
    summary="修改告知书草稿",
)
@_answers
def update_letter(request: HttpRequest, letter_id: int, data: LetterTextIn | None = None) -> Any:
    letter = _letter_act(request, letter_id, letter_actions.update_letter, data or LetterTextIn())
    return _letter(Letter.objects.get(pk=letter.pk), body=True)


@router.post(
    "/letters/{int:letter_id}/issue",
    auth=django_auth,
    response={200: LetterTextOut, **ERRORS},
    summary="出具告知书（编号并生成 Word、PDF，之后不能修改）",
)
@_answers
def issue_letter(request: HttpRequest, letter_id: int, data: IssueIn | None = None) -> Any:
    letter = _letter_act(request, letter_id, letter_actions.issue_letter, data or IssueIn())
    return _letter(Letter.objects.get(pk=letter.pk), body=True)


@router.delete(
    "/letters/{int:letter_id}",
    auth=django_auth,
    response={204: None, **ERRORS},
    summary="删除告知书草稿",
)
@_answers
def delete_letter(request: HttpRequest, letter_id: int) -> Any:
    _letter_act(request, letter_id, letter_actions.delete_letter, None)
    return Answer(204, None)


# --- disputes and complaints ----------------------------------------------------------------


def _owner(request: HttpRequest, values: dict[str, Any]) -> tuple[Agency, Application | None]:
    """The agency (and linked case) of a new dispute or complaint, which the user must
    be allowed to handle; takes ``agency`` and ``application`` out of ``values``."""
    user = staff_user(request)
    agency_id, application_id = values.pop("agency"), values.pop("application")
    application = None
    if application_id is not None:
        try:
            application = access.get_application_for_user(user, application_id, handle=True)
        except Http404:
            raise ValidationError({"application": "没有找到关联的申请"}) from None
    if agency_id is None:
        if application is None:
            raise ValidationError({"agency": "请选择机关"})
        return application.agency, application
    agency = visible_agencies(user).filter(pk=agency_id).first()
    if agency is None:
        raise ValidationError({"agency": "没有找到该机关"})
    if not access.can_handle(user, agency):
        raise PermissionDenied(access.DENIED)
    return agency, application


@router.get(
    "/disputes",
    auth=django_auth,
    response={200: list[DisputeOut], **ERRORS},
    summary="行政复议和行政诉讼（按立案年度）",
)
@_answers
def list_disputes(request: HttpRequest, params: Query[YearQuery]) -> Any:
    year = params.values()["year"]
    qs = filter_visible(Dispute.objects.select_related("agency"), staff_user(request))
    return [_dispute(d) for d in (qs if year is None else qs.filter(filed_on__year=year))]


@router.post(
    "/disputes",
    auth=django_auth,
    response={201: DisputeOut, **ERRORS},
    summary="登记行政复议或行政诉讼",
)
@_answers
def record_dispute(request: HttpRequest, data: DisputeIn | None = None) -> Any:
    values = (data or DisputeIn()).values()
    agency, application = _owner(request, values)
    dispute = actions.record_dispute(
        actor=staff_user(request), agency=agency, values=values, application=application
    )
    return Answer(201, _dispute(dispute))


@router.put(
    "/disputes/{int:dispute_id}",
    auth=django_auth,
    response={200: DisputeOut, **ERRORS},
    summary="更新行政复议或行政诉讼",
)
@_answers
def update_dispute(request: HttpRequest, dispute_id: int, data: DisputeFields | None = None) -> Any:
    user = staff_user(request)
    dispute = access.get_dispute_for_user(user, dispute_id, handle=True)
    return _dispute(
        actions.update_dispute(
            actor=user, dispute=dispute, values=(data or DisputeFields()).values()
        )
    )


@router.get(
    "/complaints",
    auth=django_auth,
    response={200: list[ComplaintOut], **ERRORS},
    summary="举报投诉（按收到年度）",
)
@_answers
def list_complaints(request: HttpRequest, params: Query[YearQuery]) -> Any:
    year = params.values()["year"]
    qs = filter_visible(Complaint.objects.select_related("agency"), staff_user(request))
    return [_complaint(c) for c in (qs if year is None else qs.filter(received_on__year=year))]


@router.post(
    "/complaints", auth=django_auth, response={201: ComplaintOut, **ERRORS}, summary="登记举报投诉"
)
@_answers
def record_complaint(request: HttpRequest, data: ComplaintIn | None = None) -> Any:
    values = (data or ComplaintIn()).values()
    agency, application = _owner(request, values)
    complaint = actions.record_complaint(
        actor=staff_user(request), agency=agency, values=values, application=application
    )
    return Answer(201, _complaint(complaint))


@router.put(
    "/complaints/{int:complaint_id}",
    auth=django_auth,
    response={200: ComplaintOut, **ERRORS},
    summary="更新举报投诉",
)
@_answers
def update_complaint(
    request: HttpRequest, complaint_id: int, data: ComplaintFields | None = None
) -> Any:
    user = staff_user(request)
    complaint = access.get_complaint_for_user(user, complaint_id, handle=True)
    return _complaint(
        actions.update_complaint(
            actor=user, complaint=complaint, values=(data or ComplaintFields()).values()
        )
    )
