"""Back-office pages of disclosure on request (工作台 › 依申请公开): the case list, the
office's registration form, the case page with a form for each step its status allows,
one POST view per step, and attachments. The reconsideration, litigation and complaint
records of table 四 are in :mod:`gongkai.applications.views_disputes`.

Every view: parse the input, authorise with :mod:`gongkai.applications.access`, call
one action, render. An action's ``ApplicationError`` is shown as the form's message,
its ``ValidationError`` dict on the fields; nothing is saved (actions are atomic).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.models import User
from gongkai.agencies.access import visible_agencies
from gongkai.agencies.querysets import in_tree_order
from gongkai.applications import actions, deadlines, stats
from gongkai.applications.access import (
    can_handle,
    get_application_for_user,
    handling_agencies,
    visible_applications,
)
from gongkai.applications.actions import ApplicationError
from gongkai.applications.fees import FeeQuote
from gongkai.applications.forms import (
    MAX_DATE,
    MIN_DATE,
    AttachForm,
    ConfirmForm,
    ConsultForm,
    CorrectionForm,
    CorrectionReceivedForm,
    DeliverForm,
    ExtendForm,
    FeeForm,
    FeePaidForm,
    FinishConsultationForm,
    NoteForm,
    OnDateForm,
    RegisterForm,
    ReplyForm,
    TransferForm,
    WithdrawForm,
)
from gongkai.applications.models import (
    OPEN,
    TRANSITIONS,
    ApplicantKind,
    Application,
    ApplicationAttachment,
    Consultation,
    Fee,
    FeeMethod,
    Letter,
    LetterStatus,
    Status,
)
from gongkai.applications.reminders import (
    ALERT_KINDS,
    DUE_FILTERS,
    FAR_AHEAD,
    FAR_OVERDUE,
    with_due,
)
from gongkai.audit.models import Event
from gongkai.core.auth import staff_user
from gongkai.core.forms import apply_validation_error
from gongkai.lib.filetypes import FileKind
from gongkai.workdays.calendar import WorkdayCalendar

PAGE_SIZE = 20
#: Years the list filters accept; others (0, 10000, …) would break the date arithmetic.
MIN_YEAR, MAX_YEAR = MIN_DATE.year, MAX_DATE.year
REGISTER_DENIED = "只有依申请办理人或公开办管理员可以登记政府信息公开申请"


# --- deadlines as people read them ------------------------------------------------------


@dataclass(frozen=True)
class DueInfo:
    """A deadline and how far it is: "剩余 3 个工作日", "已超期 2 个工作日", "暂停计时"."""

    date: datetime.date | None
    text: str
    provisional: bool = False
    overdue: bool = False


def _left(cal: WorkdayCalendar, today: datetime.date, due: datetime.date) -> tuple[str, bool]:
    left = deadlines.workdays_left(cal, today, due)
    if left is None:  # decades away: a date typed with the wrong year
        return (FAR_OVERDUE, True) if due < today else (FAR_AHEAD, False)
    if left < 0:
        return f"已超期 {-left} 个工作日", True
    return f"剩余 {left} 个工作日", False


def reply_due(a: Application, cal: WorkdayCalendar, today: datetime.date) -> DueInfo:
    """The reply deadline of ``a`` for the list and the case page."""
    if a.status == Status.PENDING:
        return DueInfo(None, "待确认收到")
    if a.status not in OPEN:
        verdict = {True: "按期办结", False: "超期办结"}.get(a.on_time, "")  # type: ignore[arg-type]
        return DueInfo(a.reply_due_on, verdict)
    if a.status == Status.CORRECTION:
        return DueInfo(None, "暂停计时（等待补正，收到补正后重新计算）")
    if a.reply_due_on is None:
        return DueInfo(None, "暂停计时", a.due_provisional)
    text, overdue = _left(cal, today, a.reply_due_on)
    return DueInfo(a.reply_due_on, text, a.due_provisional, overdue)


def _due(date: datetime.date | None, cal: WorkdayCalendar, today: datetime.date) -> DueInfo:
    if date is None:
        return DueInfo(None, "")
    text, overdue = _left(cal, today, date)
    return DueInfo(date, text, False, overdue)


# --- the list ---------------------------------------------------------------------------

_NUMBER = re.compile(r"^〔?\s*(\d{4})\s*〕?\s*0*(\d{1,6})\s*号?$")


def _search(q: str) -> Q:
    """Applicant name, tracking code, or 登记号 (〔2024〕0001号, 2024-1, 2024 0001)."""
    cond = Q(applicant_name__icontains=q) | Q(tracking_code__iexact=q.replace(" ", ""))
    match = _NUMBER.match(q.replace("-", " ").replace("[", "〔").replace("]", "〕"))
    if match:
        cond |= Q(year=int(match[1]), serial=int(match[2]))
    return cond


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def _year(value: str | None) -> int | None:
    """A year of the list filters, or ``None`` (ignored) outside :data:`MIN_YEAR` …
    :data:`MAX_YEAR`."""
    year = _int(value)
    return year if year is not None and MIN_YEAR <= year <= MAX_YEAR else None


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    today = actions.today()
    applications = visible_applications(user)
    agencies = list(in_tree_order(visible_agencies(user)))
    years = list(applications.order_by("-year").values_list("year", flat=True).distinct())
    filters: dict[str, str] = {}

    agency = _int(request.GET.get("agency"))
    chosen = next((a for a in agencies if a.pk == agency), None)
    row = request.GET.get("row", "")
    year = _year(request.GET.get("year"))
    if row and chosen is not None and year is not None:
        # a figure of the statistics page: the agency's subtree, counted as the report counts
        try:
            applications = applications.in_subtree(chosen).filter(
                stats.application_filter(row, year)
            )
            filters.update(row=row, agency=str(chosen.pk), year=str(year))
        except stats.UnknownRow as exc:
            messages.error(request, str(exc))
        year = None
    elif chosen is not None:
        applications = applications.filter(agency_id=chosen.pk)
        filters["agency"] = str(chosen.pk)
    kind = request.GET.get("applicant_kind", "")
    if kind in ApplicantKind.values:
        applications = applications.filter(applicant_kind=kind)
        filters["applicant_kind"] = kind
    status = request.GET.get("status", "")
    if status in Status.values:
        applications = applications.filter(status=status)
        filters["status"] = status
    if year is not None:
        applications = applications.filter(year=year)
        filters["year"] = str(year)
    due = request.GET.get("due", "")
    if due in DUE_FILTERS:
        applications = with_due(applications, due, today)
        filters["due"] = due
    if request.GET.get("letters") == "draft":
        drafts = Letter.objects.filter(application=OuterRef("pk"), status=LetterStatus.DRAFT)
        applications = applications.filter(Exists(drafts))
        filters["letters"] = "draft"
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    if q:
        applications = applications.filter(_search(q))
        filters["q"] = q

    page = Paginator(
        applications.select_related("agency").order_by("-year", "-serial", "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    cal = WorkdayCalendar()
    rows = [(a, reply_due(a, cal, today)) for a in page.object_list]
    return render(
        request,
        "applications/application_list.html",
        {
            "page": page,
            "rows": rows,
            "agencies": agencies,
            "years": years,
            "statuses": Status.choices,
            "due_filters": DUE_FILTERS.items(),
            "filters": filters,
            "query": urlencode(filters),
            "can_register": bool(handling_agencies(user)),
        },
    )


# --- registration ---------------------------------------------------------------------------


@login_required
def application_register(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    agencies = handling_agencies(user)
    if not agencies:
        raise PermissionDenied(REGISTER_DENIED)
    form = RegisterForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST":
        if form.is_valid():
            uploads = form.uploads()
            if uploads is not None:
                try:
                    application = actions.register_application(
                        actor=user,
                        agency=form.cleaned_data["agency"],
                        values=form.values(),
                        attachments=uploads,
                    )
                except ApplicationError as exc:
                    form.add_error(None, str(exc))
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                else:
                    if application.status == Status.PENDING:
                        messages.success(
                            request,
                            f"已登记，登记号{application.number}。与申请人确认后，"
                            "请登记确认日期（收到申请日期）。",
                        )
                    else:
                        messages.success(
                            request, f"已登记，登记号{application.number}，已生成登记回执草稿。"
                        )
                    return redirect("applications:detail", pk=application.pk)
        status = 400
    else:
        status = 200
    return render(request, "applications/application_form.html", {"form": form}, status=status)


# --- the case page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One transition's form on the case page and its POST view."""

    action: str  # key of TRANSITIONS
    url_name: str
    title: str
    button: str
    form_class: type[forms.Form]
    intro: str = ""
    secondary: bool = False


STEPS: tuple[Step, ...] = (
    Step(
        "confirm_receipt", "confirm", "确认收到申请", "确认收到", ConfirmForm,
        "平信、传真和网络申请须与申请人确认；确认之日为收到申请之日（《条例》第三十一条）。",
    ),
    Step(
        "request_correction", "correction", "告知补正", "告知补正", CorrectionForm,
        "申请内容不明确的，应在收到申请之日起7个工作日内一次性告知申请人补正的事项和合理的"
        "补正期限（第三十条）。答复期限自收到补正后的申请之日起重新计算。",
    ),
    Step("receive_correction", "correction_received", "收到补正", "登记收到补正",
         CorrectionReceivedForm),
    Step(
        "abandon_no_correction", "abandon_no_correction", "逾期未补正", "按视为放弃处理",
        OnDateForm, "申请人无正当理由逾期不补正的，视为放弃申请。", secondary=True,
    ),
    Step(
        "start_consultation", "consult", "征求意见", "发出征求意见函", ConsultForm,
        "征求第三方（第三十二条）或共同制作机关（第三十四条）意见；对方自收到之日起15个"
        "工作日内答复，征求意见期间不计入答复期限。",
    ),
    Step(
        "extend", "extend", "延期答复", "延期答复", ExtendForm,
        "经政府信息公开工作机构负责人同意并告知申请人，可延长答复期限，只能延长一次。",
    ),
    Step(
        "issue_fee_notice", "fee", "收取信息处理费", "发出收费通知", FeeForm,
        "申请数量、频次明显超过合理范围的，可按件或按量收取信息处理费（国办函〔2020〕109号），"
        "一件申请只能选择一种方式。",
    ),
    Step("record_payment", "fee_paid", "登记缴费", "登记缴费", FeePaidForm),
    Step(
        "abandon_unpaid_fee", "abandon_unpaid_fee", "逾期未缴费", "按视为放弃处理", OnDateForm,
        "申请人逾期未缴纳信息处理费的，视为放弃申请。", secondary=True,
    ),
    Step("reply", "reply", "作出答复", "作出答复", ReplyForm),
    Step(
        "transfer", "transfer", "告知不属于本机关负责公开", "告知申请人", TransferForm,
        "能够确定负责公开该信息的机关的，应告知申请人该机关的名称、联系方式（第三十六条第五项）。",
    ),
    Step("deliver", "deliver", "送达", "登记送达", DeliverForm),
    Step("withdraw", "withdraw", "申请人撤回", "登记撤回", WithdrawForm, secondary=True),
    Step("archive", "archive", "归档", "归档", OnDateForm, "出具全部文书并送达后归档。"),
)  # fmt: skip
STEP_BY_URL = {step.url_name: step for step in STEPS}


def _new_form(step: Step, application: Application, **kwargs: Any) -> forms.Form:
    if step.form_class is DeliverForm:
        kwargs["delivery_method"] = application.delivery_method
    return step.form_class(auto_id=f"{step.url_name}_%s", **kwargs)


@dataclass(frozen=True)
class Panel:
    step: Step
    form: forms.Form
    url: str


def _allowed(application: Application, has_fee: bool) -> set[str]:
    """The steps whose form the case page offers: allowed from the status, less the ones
    the law allows only once and that were already taken (the action refuses them too)."""
    allowed = {name for name, (sources, _) in TRANSITIONS.items() if application.status in sources}
    if application.correction_requested_on is not None:
        allowed.discard("request_correction")
    if has_fee:
        allowed.discard("issue_fee_notice")
    return allowed


def _detail_context(
    user: User,
    application: Application,
    *,
    bound: dict[str, forms.Form] | None = None,
    failed: str = "",
    **extra: Any,
) -> dict[str, Any]:
    bound = bound or {}
    a = application
    today = actions.today()
    cal = WorkdayCalendar()
    handle = can_handle(user, a.agency)
    fee = Fee.objects.filter(application=a).first()
    allowed = _allowed(a, fee is not None) if handle else set()
    panels = [
        Panel(
            step,
            bound.get(step.url_name) or _new_form(step, a),
            reverse(f"applications:{step.url_name}", args=[a.pk]),
        )
        for step in STEPS
        if step.action in allowed
    ]
    consultations = []
    for c in a.consultations.all():
        form = None
        if handle and c.is_open and a.status == Status.CONSULTATION:
            form = bound.get(f"finish-{c.pk}") or FinishConsultationForm(auto_id=f"finish{c.pk}_%s")
        consultations.append((c, form))
    shown = {p.step.url_name for p in panels} | {f"finish-{c.pk}" for c, f in consultations if f}
    if handle:
        shown |= {"note", "attach"}
    hidden_errors = [
        error
        for key, form in bound.items()
        if key not in shown
        for errors in form.errors.values()
        for error in errors
    ]
    received = a.received_on
    correction_notice = None
    if a.correction_notice_due_on is not None and a.correction_requested_on is None and a.is_open:
        correction_notice = _due(a.correction_notice_due_on, cal, today)
    context: dict[str, Any] = {
        "application": a,
        "can_handle": handle,
        "panels": panels,
        "failed": failed,
        "hidden_errors": hidden_errors,
        "due": reply_due(a, cal, today),
        "correction_notice": correction_notice,
        "correction_due": _due(a.correction_deadline, cal, today)
        if a.status == Status.CORRECTION
        else None,
        "alert": _due(a.alert_due_on, cal, today) if a.is_open else None,
        "alert_kind": ALERT_KINDS.get(a.alert_kind, ""),
        "periods": deadlines.periods_for(received) if received else None,
        "consultations": consultations,
        "fee": fee,
        "fee_payment_due": _due(fee.payment_due_on, cal, today)
        if fee is not None and fee.paid_on is None and a.status == Status.AWAITING_FEE
        else None,
        "letters": a.letters.select_related("issued_by"),
        "attachments": a.attachments.all(),
        "disputes": a.disputes.all(),
        "complaints": a.complaints.all(),
        "events": Event.objects.for_object(a).order_by("-created_at", "-id"),
        "note_form": bound.get("note") or NoteForm(initial={"note": a.internal_note}),
        "attach_form": bound.get("attach") or AttachForm(auto_id="attach_%s"),
        "reply_needs": ReplyForm.NEEDED_FOR,
    }
    context.update(extra)
    return context


def _render_detail(
    request: HttpRequest, user: User, pk: int, *, status: int = 200, **kwargs: Any
) -> HttpResponse:
    application = get_application_for_user(user, pk)
    context = _detail_context(user, application, **kwargs)
    return render(request, "applications/application_detail.html", context, status=status)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, staff_user(request), pk)


class _Invalid(Exception):
    """The form already carries the error (an upload that was too large)."""


Run = Callable[[User, Application, Any], str]


def _act(
    request: HttpRequest,
    user: User,
    application: Application,
    key: str,
    form: forms.Form,
    run: Run,
    *,
    failed: str = "",
) -> HttpResponse:
    """The shape of every POST step: the form is valid → the action → back to the case
    page with a message; otherwise the case page again with the form's errors (400)."""
    if form.is_valid():
        try:
            message = run(user, application, form)
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except _Invalid:
            pass
        else:
            messages.success(request, message)
            return redirect("applications:detail", pk=application.pk)
    step = STEP_BY_URL.get(key)
    failed = failed or (step.title if step is not None else OTHER_FORMS[key])
    return _render_detail(
        request, user, application.pk, status=400, bound={key: form}, failed=failed
    )


OTHER_FORMS = {"note": "内部备注", "attach": "添加材料"}


def _step(request: HttpRequest, pk: int, key: str, run: Run) -> HttpResponse:
    user = staff_user(request)
    application = get_application_for_user(user, pk, handle=True)
    form = _new_form(STEP_BY_URL[key], application, data=request.POST, files=request.FILES)
    return _act(request, user, application, key, form, run)


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, a: Application, form: ConfirmForm) -> str:
        d = form.cleaned_data
        a = actions.confirm_receipt(
            actor=user, application=a, confirmed_on=d["confirmed_on"], note=d["note"]
        )
        return f"已确认收到申请，答复期限为{_cn(a.reply_due_on)}，已生成登记回执草稿。"

    return _step(request, pk, "confirm", run)


def _cn(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "（暂停计时）"


@login_required
@require_POST
def correction(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, a: Application, form: CorrectionForm) -> str:
        d = form.cleaned_data
        actions.request_correction(
            actor=user, application=a, items=d["items"], deadline=d["deadline"],
            notified_on=d["notified_on"],
        )  # fmt: skip
        return "已告知补正，已生成补正告知书草稿。收到补正材料后请登记，答复期限将重新计算。"

    return _step(request, pk, "correction", run)


@login_required
@require_POST
def correction_received(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, a: Application, form: CorrectionReceivedForm) -> str:
        uploads = form.uploads()
        if uploads is None:
            raise _Invalid
        if a.attachments.count() + len(uploads) > actions.MAX_ATTACHMENTS:
            # the action checks the count of add_attachment and registration, not this one
            raise ApplicationError(f"每件申请最多上传 {actions.MAX_ATTACHMENTS} 个文件")
        a = actions.receive_correction(
            actor=user, application=a, received_on=form.cleaned_data["received_on"],
            attachments=uploads,
        )  # fmt: skip
        return f"已登记收到补正，答复期限重新计算为{_cn(a.reply_due_on)}。"

    return _step(request, pk, "correction_received", run)


@login_required
@require_POST
def abandon_no_correction(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, a: Application, form: OnDateForm) -> str:
        actions.abandon_no_correction(actor=user, application=a, on=form.cleaned_data["on"])
        return "申请人逾期未补正，已按视为放弃处理，已生成告知书草稿。"

    return _step(request, pk, "abandon_no_correction", run)


@login_required
@require_POST
def consult(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, a: Application, form: ConsultForm) -> str:
        d = form.cleaned_data
        c = actions.start_consultation(
            actor=user, application=a, kind=d["kind"], party=d["party"],
            party_contact=d["party_contact"], sent_on=d["sent_on"],
            delivered_on=d["delivered_on"],
        )  # fmt: skip
        return (
            f"已登记征求意见，对方应在{_cn(c.due_on)}前答复；征求意见期间不计入答复期限。"
            "已生成征求意见函草稿。"
        )

    return _step(request, pk, "consult", run)


@login_required
@require_POST
def finish_consultation(request: HttpRequest, c_pk: int) -> HttpResponse:
    user = staff_user(request)
    consultation = Consultation.objects.filter(pk=c_pk).first()
    if consultation is None:
        raise Http404("没有找到该征求意见记录")
    application = get_application_for_user(user, consultation.application_id, handle=True)
    form = FinishConsultationForm(request.POST, auto_id=f"finish{c_pk}_%s")

    def run(user: User, a: Application, form: FinishConsultationForm) -> str:
        d = form.cleaned_data
        actions.finish_consultation(
            actor=user, consultation=consultation, answered_on=d["answered_on"],
            answer=d["answer"], opinion=d["opinion"],
        )  # fmt: skip
        a.refresh_from_db()
        if a.status == Status.CONSULTATION:
            return "已登记对方意见。还有未结束的征求意见，答复期限仍暂停计算。"
        return f"已登记对方意见，恢复计算答复期限，答复期限为{_cn(a.reply_due_on)}。"

    return _act(
        request,
        user,
        application,
        f"finish-{c_pk}",
        form,
        run,
        failed=f"登记“{consultation.party}”的意见",
    )


@login_required
@require_POST
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, a: Application, form: ExtendForm) -> str:
        d = form.cleaned_data
        a = actions.extend(
            actor=user, application=a, days=d["days"], approver=d["approver"],
            reason=d["reason"], decided_on=d["decided_on"],
        )  # fmt: skip
        return f"已延期，答复期限延长至{_cn(a.reply_due_on)}，已生成延期答复告知书草稿。"

    return _step(request, pk, "extend", run)


def _quote(application: Application, method: str, pages: str) -> tuple[FeeQuote | None, str]:
    if not method:
        return None, ""
    try:
        return actions.quote_fee(application, method, _int(pages)), ""
    except ApplicationError as exc:
        return None, str(exc)


@login_required
@require_http_methods(["GET", "POST"])
def fee(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: issue the fee notice. GET (or POST with ``preview``): show what the fee
    would be (the page's 计算金额 button; htmx swaps in just the amount)."""
    user = staff_user(request)
    application = get_application_for_user(user, pk, handle=True)
    data = request.GET if request.method == "GET" else request.POST
    if request.method == "GET" or "preview" in data:
        method = data.get("method", "")
        if method not in FeeMethod.values:
            method = ""
        quote, error = _quote(application, method, data.get("pages", ""))
        step = STEP_BY_URL["fee"]
        form = _new_form(step, application, initial={"method": method, "pages": data.get("pages")})
        return _render_detail(
            request, user, pk, bound={"fee": form}, fee_quote=quote, fee_quote_error=error
        )

    def run(user: User, a: Application, form: FeeForm) -> str:
        d = form.cleaned_data
        fee = actions.issue_fee_notice(
            actor=user, application=a, method=d["method"], pages=d["pages"],
            notice_on=d["notice_on"], notice_received_on=d["notice_received_on"],
        )  # fmt: skip
        return (
            f"已发出收费通知（{fee.amount} 元），缴费期限为{_cn(fee.payment_due_on)}，"
            "已生成收费通知书草稿。"
        )

    return _step(request, pk, "fee", run)


@login_required
@require_POST
def fee_paid(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, a: Application, form: FeePaidForm) -> str:
        d = form.cleaned_data
        actions.record_payment(
            actor=user, application=a, paid_on=d["paid_on"], amount=d["amount"],
            receipt_number=d["receipt_number"],
        )  # fmt: skip
        return "已登记缴费，恢复计算答复期限。"

    return _step(request, pk, "fee_paid", run)


@login_required
@require_POST
def abandon_unpaid_fee(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, a: Application, form: OnDateForm) -> str:
        actions.abandon_unpaid_fee(actor=user, application=a, on=form.cleaned_data["on"])
        return "申请人逾期未缴纳信息处理费，已按视为放弃处理，已生成告知书草稿。"

    return _step(request, pk, "abandon_unpaid_fee", run)


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, a: Application, form: ReplyForm) -> str:
        a = actions.reply(
            actor=user, application=a, outcome=form.cleaned_data["outcome"],
            values=form.values(), replied_on=form.cleaned_data["replied_on"],
        )  # fmt: skip
        when = "按期" if a.on_time else "超期"
        return f"已作出答复（{a.get_outcome_display()}，{when}），已生成答复告知书草稿。"

    return _step(request, pk, "reply", run)


@login_required
@require_POST
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, a: Application, form: TransferForm) -> str:
        d = form.cleaned_data
        actions.transfer(
            actor=user, application=a, responsible_agency=d["responsible_agency"],
            responsible_contact=d["responsible_contact"],
            responsible_unknown=d["responsible_unknown"], reasoning=d["reasoning"], on=d["on"],
        )  # fmt: skip
        return "已告知申请人该信息不属于本机关负责公开，已生成告知书草稿。"

    return _step(request, pk, "transfer", run)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, a: Application, form: WithdrawForm) -> str:
        d = form.cleaned_data
        actions.withdraw(actor=user, application=a, reason=d["reason"], on=d["on"])
        return "已登记申请人撤回申请。"

    return _step(request, pk, "withdraw", run)


@login_required
@require_POST
def deliver(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, a: Application, form: DeliverForm) -> str:
        d = form.cleaned_data
        actions.deliver(
            actor=user, application=a, delivered_on=d["delivered_on"], method=d["method"],
            proof=d["proof"],
        )  # fmt: skip
        return "已登记送达。"

    return _step(request, pk, "deliver", run)


@login_required
@require_POST
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, a: Application, form: OnDateForm) -> str:
        actions.archive(actor=user, application=a, on=form.cleaned_data["on"])
        return "已归档。"

    return _step(request, pk, "archive", run)


@login_required
@require_POST
def note(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, a: Application, form: NoteForm) -> str:
        actions.update_note(actor=user, application=a, note=form.cleaned_data["note"])
        return "内部备注已保存。"

    user = staff_user(request)
    application = get_application_for_user(user, pk, handle=True)
    return _act(request, user, application, "note", NoteForm(request.POST), run)


@login_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, a: Application, form: AttachForm) -> str:
        upload = form.upload()
        if upload is None:
            raise _Invalid
        name, data, kind = upload
        actions.add_attachment(actor=user, application=a, name=name, data=data, kind=kind)
        return f"已添加材料“{name}”。"

    user = staff_user(request)
    application = get_application_for_user(user, pk, handle=True)
    form = AttachForm(request.POST, request.FILES, auto_id="attach_%s")
    return _act(request, user, application, "attach", form, run)


@login_required
def attachment_download(request: HttpRequest, pk: int, att_pk: int) -> FileResponse:
    application = get_application_for_user(staff_user(request), pk)
    attachment = get_object_or_404(ApplicationAttachment, pk=att_pk, application=application)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type=_mime_type(attachment.content_type),
    )


def _mime_type(kind: str) -> str:
    """The MIME type of a stored file kind (``pdf`` → ``application/pdf``); an unknown
    one is downloaded as bytes, never as something a browser would run."""
    try:
        return FileKind(kind).mime_type
    except ValueError:
        return "application/octet-stream"
