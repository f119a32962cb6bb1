"""The staff endpoints of the applications API on cases: the list, one case (with its
internal note), the office's registration, and one POST per action of
:mod:`gongkai.applications.actions` (confirm, correction, consultation, extension, fee,
reply, transfer, withdrawal, delivery, archive, note), each answering the case's new
state. A step the case's status does not allow is 409.
"""

# Annotations are evaluated here (no ``from __future__ import annotations``): django-ninja
# would resolve string annotations in the globals of the ``_answers`` wrapper (common.py).

import datetime
import re
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja import Status as Answer
from ninja.security import django_auth

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import access, actions
from gongkai.applications.actions import ApplicationError
from gongkai.applications.api.common import (
    Conflict,
    _agency,
    _answers,
    _application_values,
    _detail,
    _reloaded,
    _summary,
    _today,
)
from gongkai.applications.models import TRANSITIONS, Application, Consultation, FeeMethod, Status
from gongkai.applications.schemas import (
    ERRORS,
    ApplicationOut,
    ApplicationPageOut,
    ConfirmIn,
    ConsultIn,
    CorrectionIn,
    CorrectionReceivedIn,
    DeliverIn,
    ExtendIn,
    FeeIn,
    FinishIn,
    ListQuery,
    LooseIn,
    NoteIn,
    OnIn,
    PaidIn,
    QuoteIn,
    QuoteOut,
    RegisterIn,
    ReplyIn,
    TransferIn,
    WithdrawIn,
)
from gongkai.core.auth import staff_user
from gongkai.workdays.calendar import WorkdayCalendar

router = Router()

T = TypeVar("T")
MAX_LIMIT = 100
SOON_WORKDAYS = 3
REGISTER_DENIED = "只有依申请公开办理人或公开办管理员可以登记申请"


# --- steps -------------------------------------------------------------------------------


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
    values = _application_values(data, portal=False)
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
