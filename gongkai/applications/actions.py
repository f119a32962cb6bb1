"""Every change to an application: one function each, in a transaction, writing an
audit event (the case timeline). Views, the portal, the API, the demo loader and the
huey tasks all call these.

Deadlines are recomputed by :func:`_recompute` inside every action that changes them
and stored on the application (``reply_due_on``, ``alert_due_on`` …), so the reminder
job and the lists query indexed columns. Where the applicant must be told, the action
drafts the notice (:func:`gongkai.applications.letter_actions.draft_letter`); staff
review, edit and issue it.

Reconsiderations, lawsuits and complaints are recorded by
:mod:`gongkai.applications.dispute_actions`.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import deadlines, fees, outcomes
from gongkai.applications.models import (
    OPEN,
    TRANSITIONS,
    Application,
    ApplicationAttachment,
    ApplicationCounter,
    AttachmentKind,
    Consultation,
    ConsultationAnswer,
    ConsultationKind,
    Fee,
    FeeMethod,
    LetterKind,
    LetterStatus,
    Outcome,
    Status,
)
from gongkai.applications.validation import clean_application
from gongkai.audit.events import diff, record_event, snapshot
from gongkai.lib.filetypes import FileTypeError, check_size, sniff
from gongkai.workdays.calendar import WorkdayCalendar

MAX_ATTACHMENTS = 10
#: A correction period longer than this is refused as unreasonable (and as a typo).
MAX_CORRECTION_DAYS = 366
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TRACKING_LENGTH = 10
DEADLINE_FIELDS = (
    "clock_start_on",
    "correction_notice_due_on",
    "paused_workdays",
    "reply_due_on",
    "latest_due_on",
    "due_provisional",
    "alert_due_on",
    "alert_kind",
)


class ApplicationError(Exception):
    """A step that cannot be taken; the message is for the user."""


def today() -> datetime.date:
    return timezone.localdate()


def _log(
    actor: User | None,
    application: Application,
    action: str,
    summary: str,
    changes: Mapping[str, Any] | None = None,
) -> None:
    record_event(
        actor=actor,
        obj=application,
        action=f"applications.{action}",
        summary=summary,
        changes=changes,
        agency=application.agency,
    )


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("agency").get(pk=application.pk)


def _check(application: Application, action: str) -> Status:
    allowed, target = TRANSITIONS[action]
    if application.status not in allowed:
        names = "、".join(Status(s).label for s in sorted(allowed))
        raise ApplicationError(
            f"该申请当前为“{application.get_status_display()}”，只有{names}的申请可以进行此操作"
        )
    if target is None:
        return Status.EXTENDED if application.extended else Status.PROCESSING
    return target


def _move(
    actor: User | None,
    application: Application,
    action: str,
    summary: str,
    fields: Iterable[str] = (),
    *,
    cal: WorkdayCalendar | None = None,
) -> Application:
    """Apply the status change of ``action`` plus the already-set ``fields``, recompute
    the deadlines, save, and log the change."""
    watched = ("status", *fields, *DEADLINE_FIELDS)
    before = application._before  # type: ignore[attr-defined]
    application.status = application._target  # type: ignore[attr-defined]
    _recompute(application, cal or WorkdayCalendar())
    application.save(update_fields=[*dict.fromkeys(watched), "updated_at"])
    after = snapshot(application, watched)
    _log(actor, application, action, summary, diff(before, after, Application))
    return application


def _begin(application: Application, action: str, fields: Iterable[str] = ()) -> Application:
    """Lock the row, check the transition is allowed and remember the values before."""
    locked = _locked(application)
    target = _check(locked, action)
    locked._target = target  # type: ignore[attr-defined]
    locked._before = snapshot(locked, ("status", *fields, *DEADLINE_FIELDS))  # type: ignore[attr-defined]
    return locked


def _need_date(value: datetime.date | None, label: str) -> datetime.date:
    if value is None:
        raise ApplicationError(f"请填写{label}")
    if value > today():
        raise ApplicationError(f"{label}不能晚于今天")
    return value


def _steps(a: Application, *, consultations: bool = True) -> list[tuple[datetime.date, str]]:
    """The dated steps already recorded on the case after its receipt (补正, 征求意见,
    延期, 收费), each with its label."""
    steps: list[tuple[datetime.date | None, str]] = [
        (a.correction_requested_on, "补正告知日期"),
        (a.correction_received_on, "收到补正日期"),
        (a.extended_on, "延期决定日期"),
    ]
    if a.pk is not None:
        if consultations:
            for c in a.consultations.all():
                steps += [(c.sent_on, "征求意见函发出日期"), (c.answered_on, "征求意见答复日期")]
        fee = Fee.objects.filter(application=a).first()
        if fee is not None:
            steps += [(fee.notice_on, "收费通知日期"), (fee.paid_on, "缴费日期")]
    return [(day, label) for day, label in steps if day is not None]


def _not_before_steps(
    a: Application, day: datetime.date, label: str, *, consultations: bool = True
) -> None:
    """A step is dated on or after every step recorded before it, so the dates of a
    case stay in the order in which it was handled."""
    for step_on, step_label in sorted(_steps(a, consultations=consultations), reverse=True):
        if day < step_on:
            raise ApplicationError(f"{label}不能早于{step_label}（{step_on:%Y-%m-%d}）")


# --- deadlines ---------------------------------------------------------------------


def fee_pauses_reply_clock() -> bool:
    return bool(getattr(settings, "GONGKAI_FEE_PAUSES_REPLY_CLOCK", True))


def pauses_of(application: Application) -> list[deadlines.Pause]:
    if application.pk is None:
        return []
    pauses = [deadlines.Pause(c.sent_on, c.answered_on) for c in application.consultations.all()]
    if fee_pauses_reply_clock():
        fee = Fee.objects.filter(application=application).first()
        if fee is not None:
            pauses.append(deadlines.Pause(fee.notice_on, fee.paid_on))
    return pauses


def _recompute(application: Application, cal: WorkdayCalendar) -> None:
    """Set every stored deadline of ``application`` from its facts."""
    a = application
    if a.received_on is None:
        a.clock_start_on = a.correction_notice_due_on = a.reply_due_on = a.latest_due_on = None
        a.paused_workdays = 0
        a.due_provisional = False
        open_ = a.status == Status.PENDING
        a.alert_due_on = a.submitted_on if open_ else None
        a.alert_kind = "confirm" if open_ else ""
        return
    periods = deadlines.periods_for(a.received_on)
    notice = cal.add(a.received_on, periods.correction_notice)
    a.correction_notice_due_on = notice.date
    a.clock_start_on = a.correction_received_on or a.received_on
    provisional = notice.provisional
    if a.status not in OPEN:
        pass  # decided: the deadlines it was decided against stay as they were
    elif a.status == Status.CORRECTION:
        # the reply period starts again when the corrected application arrives
        a.reply_due_on = a.latest_due_on = None
        a.paused_workdays = 0
    else:
        result = deadlines.reply_deadline(
            cal,
            clock_start=a.clock_start_on,
            periods=periods,
            extension_days=a.extension_days,
            pauses=pauses_of(a),
        )
        a.reply_due_on = result.due
        a.latest_due_on = result.latest
        a.paused_workdays = result.paused_workdays
        provisional = provisional or result.provisional
    # the next deadline may be a consultation answer or a payment: provisional too
    # when that date is (the reminders print the flag beside it)
    a.alert_due_on, a.alert_kind, alert_provisional = _next_alert(a)
    a.due_provisional = provisional or alert_provisional


def _next_alert(a: Application) -> tuple[datetime.date | None, str, bool]:
    """The next deadline of the case, its kind, and whether that date is provisional."""
    if a.status == Status.CORRECTION:
        return a.correction_deadline, "correction", False
    if a.status == Status.CONSULTATION:
        first = (
            a.consultations.filter(answered_on__isnull=True)
            .order_by("due_on", "-due_provisional")
            .values_list("due_on", "due_provisional")
            .first()
        )
        return (first[0], "consultation", first[1]) if first else (None, "consultation", False)
    if a.status == Status.AWAITING_FEE:
        fee = (
            Fee.objects.filter(application=a)
            .values_list("payment_due_on", "due_provisional")
            .first()
        )
        if fee is None:
            return None, "payment", False
        payment, provisional = fee
        if a.reply_due_on is not None and a.reply_due_on < payment:
            return a.reply_due_on, "reply", False
        return payment, "payment", provisional
    if a.status in (Status.PROCESSING, Status.EXTENDED):
        return a.reply_due_on, "reply", False
    return None, "", False


def _recompute_running_periods(a: Application, cal: WorkdayCalendar) -> None:
    """The 15-day answer period of each open consultation and the 20-day payment
    period of an unpaid fee, from the same facts as when they were set."""
    for c in Consultation.objects.select_for_update().filter(
        application=a, answered_on__isnull=True
    ):
        due = cal.add(c.delivered_on, deadlines.CONSULTATION_WORKDAYS)
        if (c.due_on, c.due_provisional) != due:
            c.due_on, c.due_provisional = due
            c.save(update_fields=["due_on", "due_provisional"])
    fee = Fee.objects.select_for_update().filter(application=a, paid_on__isnull=True).first()
    if fee is not None:
        due = cal.add(fee.notice_received_on, deadlines.PAYMENT_WORKDAYS)
        if (fee.payment_due_on, fee.due_provisional) != due:
            fee.payment_due_on, fee.due_provisional = due
            fee.save(update_fields=["payment_due_on", "due_provisional"])


def recompute(application: Application, *, actor: User | None = None) -> Application:
    """Recompute and store one case's deadlines (after a holiday schedule changed)."""
    with transaction.atomic():
        a = _locked(application)
        before = snapshot(a, DEADLINE_FIELDS)
        cal = WorkdayCalendar()
        if a.status in OPEN:
            _recompute_running_periods(a, cal)
        _recompute(a, cal)
        after = snapshot(a, DEADLINE_FIELDS)
        if before != after:
            a.save(update_fields=[*DEADLINE_FIELDS, "updated_at"])
            _log(
                actor,
                a,
                "deadlines_recomputed",
                "节假日安排变更，重新计算期限",
                diff(before, after, Application),
            )
        return a


def recompute_due_dates(years: Iterable[int]) -> int:
    """Recompute the deadlines of open cases whose periods may touch ``years``."""
    years = sorted(set(years))
    if not years:
        return 0
    start = datetime.date(min(years) - 1, 1, 1)
    count = 0
    qs = Application.objects.open().filter(Q(received_on__gte=start) | Q(received_on__isnull=True))
    for application in qs.only("pk"):
        recompute(application)
        count += 1
    return count


# --- registration --------------------------------------------------------------------


def _new_serial(agency: Agency, year: int) -> int:
    ApplicationCounter.objects.get_or_create(agency=agency, year=year)
    ApplicationCounter.objects.filter(agency=agency, year=year).update(last=F("last") + 1)
    return ApplicationCounter.objects.get(agency=agency, year=year).last


def _tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))
        if not Application.objects.filter(tracking_code=code).exists():
            return code


Upload = tuple[str, bytes, str]  # (file name, content, AttachmentKind)


def _check_upload(name: str, data: bytes) -> tuple[str, str]:
    """The cleaned file name and the file kind, or :class:`ApplicationError`."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
    if not name:
        raise ApplicationError("上传的文件缺少文件名")
    try:
        check_size(len(data), name)
        return name, sniff(data, name).value
    except FileTypeError as exc:
        raise ApplicationError(str(exc)) from None


def _save_attachment(application: Application, name: str, data: bytes, kind: str) -> None:
    if kind not in AttachmentKind.values:
        raise ApplicationError(f"材料类型“{kind}”无效")
    name, file_kind = _check_upload(name, data)
    attachment = ApplicationAttachment(
        application=application,
        kind=kind,
        filename=name,
        content_type=file_kind,
        size=len(data),
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()


@transaction.atomic
def register_application(
    *,
    actor: User | None,
    agency: Agency,
    values: Mapping[str, Any],
    attachments: Sequence[Upload] = (),
    via_portal: bool = False,
) -> Application:
    """Register a new application (a portal submission or the office's registration of
    a walk-in, letter, fax or e-mail). Receipt follows 第三十一条: in person and signed
    mail are received at once; 平信, 传真 and 网络 wait in 待确认 until the office has
    confirmed with the applicant (unless the confirmation date is given)."""
    if not agency.is_active:
        raise ApplicationError("该机关已停用，不能受理申请")
    if len(attachments) > MAX_ATTACHMENTS:
        raise ApplicationError(f"每件申请最多上传 {MAX_ATTACHMENTS} 个文件")
    fields = clean_application(values, today=today(), portal=via_portal)
    for name, data, _kind in attachments:  # all checked before any file is written
        _check_upload(name, data)
    submitted: datetime.date = fields["submitted_on"]
    application = Application(
        agency=agency,
        year=submitted.year,
        serial=_new_serial(agency, submitted.year),
        tracking_code=_tracking_code(),
        via_portal=via_portal,
        created_by=actor if actor is not None and actor.pk else None,
        **fields,
    )
    application.received_on = deadlines.receipt_date(
        application.channel,
        submitted_on=submitted,
        signed_on=application.signed_on,
        confirmed_on=application.confirmed_on,
    )
    application.status = Status.PENDING if application.received_on is None else Status.PROCESSING
    _recompute(application, WorkdayCalendar())
    application.save()
    for name, data, kind in attachments:
        _save_attachment(application, name, data, kind)
    how = "网上申请平台" if via_portal else application.get_channel_display()
    _log(
        actor,
        application,
        "registered",
        f"登记申请（{how}），登记号{application.number}",
        {
            "status": {
                "label": "办理状态",
                "before": None,
                "after": application.get_status_display(),
            }
        },
    )
    from gongkai.applications.letter_actions import draft_letter

    if application.received_on is not None:
        draft_letter(actor=actor, application=application, kind=LetterKind.RECEIPT)
    return application


@transaction.atomic
def add_attachment(
    *, actor: User | None, application: Application, name: str, data: bytes, kind: str
) -> None:
    a = _locked(application)
    if a.attachments.count() >= MAX_ATTACHMENTS:
        raise ApplicationError(f"每件申请最多上传 {MAX_ATTACHMENTS} 个文件")
    _save_attachment(a, name, data, kind)
    _log(actor, a, "attachment_added", f"添加材料“{name}”")


@transaction.atomic
def confirm_receipt(
    *, actor: User | None, application: Application, confirmed_on: datetime.date, note: str
) -> Application:
    """待确认 → 办理中: the office confirmed with the applicant (平信, 传真, 网络); the
    confirmation date is the receipt date (第三十一条)."""
    a = _begin(application, "confirm_receipt", ("confirmed_on", "received_on", "confirmation_note"))
    confirmed_on = _need_date(confirmed_on, "确认日期")
    if confirmed_on < a.submitted_on:
        raise ApplicationError("确认日期不能早于申请提交日期")
    if not (note or "").strip():
        raise ApplicationError("请写明与申请人确认的方式（如电话确认、回复邮件）")
    a.confirmed_on = confirmed_on
    a.received_on = confirmed_on
    a.confirmation_note = note.strip()[:200]
    _move(
        actor,
        a,
        "confirm_receipt",
        f"确认收到申请，收到申请日期为{confirmed_on:%Y年%m月%d日}",
        ("confirmed_on", "received_on", "confirmation_note"),
    )
    from gongkai.applications.letter_actions import draft_letter

    draft_letter(actor=actor, application=a, kind=LetterKind.RECEIPT)
    return a


# --- correction (补正, 第三十条) -------------------------------------------------------


@transaction.atomic
def request_correction(
    *,
    actor: User | None,
    application: Application,
    items: str,
    deadline: datetime.date,
    notified_on: datetime.date | None = None,
) -> Application:
    """办理中 → 补正中: tell the applicant once what to correct and by when. The reply
    period restarts when the corrected application arrives."""
    fields = ("correction_requested_on", "correction_deadline", "correction_items")
    a = _begin(application, "request_correction", fields)
    if a.correction_requested_on is not None:
        raise ApplicationError("补正告知只能一次性作出，本申请已告知过补正")
    if a.consultations.exists() or Fee.objects.filter(application=a).exists():
        # 补正 restarts the reply period (第三十条); consultation and fee pauses already
        # recorded would fall before the new start and be counted against it
        raise ApplicationError("已征求意见或发出收费通知的申请不能再告知补正")
    if not (items or "").strip():
        raise ApplicationError("请写明需要补正的事项")
    notified = _need_date(notified_on or today(), "告知日期")
    if notified < (a.received_on or notified):
        raise ApplicationError("补正告知日期不能早于收到申请日期")
    if deadline is None or deadline <= notified:
        raise ApplicationError("补正期限应晚于告知日期")
    if deadline > notified + datetime.timedelta(days=MAX_CORRECTION_DAYS):
        raise ApplicationError("补正期限应为合理期限，不能超过告知日期后一年")
    if a.reply_due_on is not None and notified > a.reply_due_on:
        # a 补正 restarts the reply period: it cannot revive one that has run out
        raise ApplicationError(
            f"答复期限（{a.reply_due_on:%Y-%m-%d}）已过，不能再告知补正，请依法作出答复"
        )
    a.correction_requested_on = notified
    a.correction_deadline = deadline
    a.correction_items = items.strip()
    late = a.correction_notice_due_on is not None and notified > a.correction_notice_due_on
    summary = f"告知补正，补正期限至{deadline:%Y年%m月%d日}"
    if late:
        summary += f"（已超过收到申请后7个工作日的告知期限 {a.correction_notice_due_on:%Y-%m-%d}）"
    _move(actor, a, "request_correction", summary, fields)
    from gongkai.applications.letter_actions import draft_letter

    draft_letter(actor=actor, application=a, kind=LetterKind.CORRECTION)
    return a


@transaction.atomic
def receive_correction(
    *,
    actor: User | None,
    application: Application,
    received_on: datetime.date,
    attachments: Sequence[Upload] = (),
) -> Application:
    """补正中 → 办理中: the corrected application arrived; the reply period runs from
    this date."""
    a = _begin(application, "receive_correction", ("correction_received_on",))
    received_on = _need_date(received_on, "收到补正日期")
    if a.correction_requested_on is not None and received_on < a.correction_requested_on:
        raise ApplicationError("收到补正日期不能早于补正告知日期")
    a.correction_received_on = received_on
    if a.attachments.count() + len(attachments) > MAX_ATTACHMENTS:
        raise ApplicationError(f"每件申请最多上传 {MAX_ATTACHMENTS} 个文件")
    for name, data, _kind in attachments:
        _check_upload(name, data)
    for name, data, _kind in attachments:
        _save_attachment(a, name, data, AttachmentKind.CORRECTION)
    _move(
        actor,
        a,
        "receive_correction",
        f"收到补正材料，答复期限自{received_on:%Y年%m月%d日}起重新计算",
        ("correction_received_on",),
    )
    return a


def _close(
    a: Application,
    outcome: str,
    closed_on: datetime.date,
    *,
    third_party_interest: str = "",
) -> None:
    a.outcome = outcome
    a.report_row = outcomes.ROW_2021[outcome]
    a.legacy_row = outcomes.legacy_row(outcome, third_party_interest)
    a.closed_on = closed_on
    a.on_time = None if a.reply_due_on is None else closed_on <= a.reply_due_on


CLOSE_FIELDS = ("outcome", "report_row", "legacy_row", "closed_on", "on_time")


@transaction.atomic
def abandon_no_correction(
    *, actor: User | None, application: Application, on: datetime.date | None = None
) -> Application:
    """补正中 → 视为放弃: the correction period passed without a correction."""
    a = _begin(application, "abandon_no_correction", CLOSE_FIELDS)
    on = _need_date(on or today(), "日期")
    if a.correction_deadline is None or on <= a.correction_deadline:
        raise ApplicationError(
            f"补正期限（{a.correction_deadline:%Y-%m-%d}）届满后才能按视为放弃处理"
            if a.correction_deadline
            else "尚未告知补正"
        )
    _close(a, Outcome.NO_CORRECTION, on)
    a.on_time = None
    _move(actor, a, "abandon_no_correction", "申请人逾期未补正，视为放弃申请", CLOSE_FIELDS)
    from gongkai.applications.letter_actions import draft_letter

    draft_letter(actor=actor, application=a, kind=LetterKind.REPLY, outcome=Outcome.NO_CORRECTION)
    return a


# --- consultation (第三十二条、第三十四条) ----------------------------------------------


@transaction.atomic
def start_consultation(
    *,
    actor: User | None,
    application: Application,
    kind: str,
    party: str,
    party_contact: str = "",
    sent_on: datetime.date,
    delivered_on: datetime.date | None = None,
) -> Consultation:
    """→ 征求意见中: a letter to a third party or co-maker; it answers within 15 working
    days of receiving it; the reply clock stops from the sending date."""
    a = _begin(application, "start_consultation")
    if kind not in ConsultationKind.values:
        raise ApplicationError("请选择征求意见的类型")
    if not (party or "").strip():
        raise ApplicationError("请填写被征求意见的第三方或机关名称")
    sent_on = _need_date(sent_on, "发出日期")
    delivered = delivered_on or sent_on
    if delivered > today():
        raise ApplicationError("对方收到日期不能晚于今天")
    if sent_on < (a.clock_start_on or a.received_on or sent_on):
        raise ApplicationError("征求意见函的发出日期不能早于答复期限起算日")
    _not_before_steps(a, sent_on, "征求意见函的发出日期", consultations=False)
    if delivered < sent_on:
        raise ApplicationError("对方收到日期不能早于发出日期")
    cal = WorkdayCalendar()
    due = cal.add(delivered, deadlines.CONSULTATION_WORKDAYS)
    consultation = Consultation.objects.create(
        application=a,
        kind=kind,
        party=party.strip()[:100],
        party_contact=(party_contact or "").strip()[:200],
        sent_on=sent_on,
        delivered_on=delivered,
        due_on=due.date,
        due_provisional=due.provisional,
    )
    _move(
        actor,
        a,
        "start_consultation",
        f"向“{consultation.party}”发出征求意见函，答复期限{due.date:%Y年%m月%d日}，征求意见期间不计入答复期限",
        cal=cal,
    )
    from gongkai.applications.letter_actions import draft_letter

    draft_letter(
        actor=actor, application=a, kind=LetterKind.CONSULTATION, consultation=consultation
    )
    return consultation


@transaction.atomic
def finish_consultation(
    *,
    actor: User | None,
    consultation: Consultation,
    answered_on: datetime.date,
    answer: str,
    opinion: str = "",
) -> Consultation:
    """Record the answer (or the silence after the 15 days); when no consultation is
    still open the case is back to work and the reply clock runs again."""
    a = _locked(consultation.application)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.answered_on is not None:
        raise ApplicationError("该征求意见已经结束")
    if answer not in ConsultationAnswer.values:
        raise ApplicationError("请选择对方的意见")
    answered_on = _need_date(answered_on, "答复日期")
    if answered_on < consultation.sent_on:
        raise ApplicationError("答复日期不能早于征求意见函发出日期")
    if answer == ConsultationAnswer.NO_ANSWER and answered_on <= consultation.due_on:
        raise ApplicationError(
            f"答复期限（{consultation.due_on:%Y-%m-%d}）届满后才能记为逾期未答复"
        )
    consultation.answered_on = answered_on
    consultation.answer = answer
    consultation.opinion = (opinion or "").strip()
    consultation.save(update_fields=["answered_on", "answer", "opinion"])
    still_open = a.consultations.filter(answered_on__isnull=True).exists()
    summary = (
        f"“{consultation.party}”{consultation.get_answer_display()}（{answered_on:%Y年%m月%d日}）"
    )
    if still_open:
        before = snapshot(a, DEADLINE_FIELDS)
        _recompute(a, WorkdayCalendar())
        a.save(update_fields=[*DEADLINE_FIELDS, "updated_at"])
        _log(
            actor,
            a,
            "finish_consultation",
            summary,
            diff(before, snapshot(a, DEADLINE_FIELDS), Application),
        )
        return consultation
    a._target = _check(a, "finish_consultation")  # type: ignore[attr-defined]
    a._before = snapshot(a, ("status", *DEADLINE_FIELDS))  # type: ignore[attr-defined]
    _move(actor, a, "finish_consultation", summary + "，恢复计算答复期限")
    return consultation


# --- extension (第三十三条第二款) ------------------------------------------------------


@transaction.atomic
def extend(
    *,
    actor: User | None,
    application: Application,
    days: int,
    approver: str,
    reason: str,
    decided_on: datetime.date | None = None,
) -> Application:
    """办理中 → 延期办理中: extend the reply period once, by at most 20 working days (15
    before 2019-05-15), with the disclosure office head's approval recorded."""
    fields = ("extension_days", "extension_approver", "extension_reason", "extended_on")
    a = _begin(application, "extend", fields)
    periods = deadlines.periods_for(a.received_on or today())
    if not isinstance(days, int) or days < 1 or days > periods.max_extension:
        raise ApplicationError(f"延长期限应为 1 到 {periods.max_extension} 个工作日")
    if not (approver or "").strip():
        raise ApplicationError("请填写批准延期的政府信息公开工作机构负责人")
    if not (reason or "").strip():
        raise ApplicationError("请填写延期理由")
    decided = _need_date(decided_on or today(), "延期决定日期")
    if decided < (a.received_on or decided):
        raise ApplicationError("延期决定日期不能早于收到申请日期")
    _not_before_steps(a, decided, "延期决定日期")
    if a.reply_due_on is not None and decided > a.reply_due_on:
        raise ApplicationError(f"答复期限（{a.reply_due_on:%Y-%m-%d}）已过，不能再决定延期")
    a.extension_days = days
    a.extension_approver = approver.strip()[:50]
    a.extension_reason = reason.strip()
    a.extended_on = decided
    _move(actor, a, "extend", f"经{a.extension_approver}同意，答复期限延长{days}个工作日", fields)
    from gongkai.applications.letter_actions import draft_letter

    draft_letter(actor=actor, application=a, kind=LetterKind.EXTENSION)
    return a


# --- fees (rules.md §4) ---------------------------------------------------------------


def applicant_key(application: Application) -> Q:
    """The same applicant: same ID or credit code (or, without one, same name and phone)."""
    if application.credit_code:
        return Q(credit_code=application.credit_code)
    if application.id_number:
        return Q(id_number=application.id_number, id_type=application.id_type)
    return Q(applicant_name=application.applicant_name, phone=application.phone)


def nth_in_month(application: Application) -> int:
    """The application's place among its applicant's applications received by the
    agency in the same calendar month (by receipt date, then registration order)."""
    received = application.received_on
    if received is None:
        raise ApplicationError("申请尚未确认收到，不能计算按件收费")
    same = Application.objects.filter(
        applicant_key(application),
        agency=application.agency_id,
        received_on__year=received.year,
        received_on__month=received.month,
    )
    earlier = same.filter(
        Q(received_on__lt=received)
        | Q(received_on=received, year__lt=application.year)
        | Q(received_on=received, year=application.year, serial__lt=application.serial)
    ).count()
    return earlier + 1


def quote_fee(application: Application, method: str, pages: int | None = None) -> fees.FeeQuote:
    if method == FeeMethod.PER_ITEM:
        return fees.per_item(nth_in_month(application))
    if method == FeeMethod.PER_PAGE:
        if not pages or pages < 1:
            raise ApplicationError("按量计收须填写页数（正整数）")
        return fees.per_page(pages)
    raise ApplicationError("请选择计收方式：按件计收或按量计收")


@transaction.atomic
def issue_fee_notice(
    *,
    actor: User | None,
    application: Application,
    method: str,
    pages: int | None = None,
    notice_on: datetime.date | None = None,
    notice_received_on: datetime.date | None = None,
) -> Fee:
    """→ 待缴费: charge the information-processing fee by one method; payment is due 20
    working days after the applicant receives the notice."""
    a = _begin(application, "issue_fee_notice")
    if Fee.objects.filter(application=a).exists():
        raise ApplicationError("同一申请只能收费一次，且只能选择一种计收方式")
    quote = quote_fee(a, method, pages)
    if quote.amount <= 0:
        raise ApplicationError(
            "按该计收方式本申请在免费范围内，不应收费：" + "；".join(quote.explanation())
        )
    notice_on = _need_date(notice_on or today(), "收费通知日期")
    if notice_on < (a.received_on or notice_on):
        raise ApplicationError("收费通知日期不能早于收到申请日期")
    _not_before_steps(a, notice_on, "收费通知日期")
    received = notice_received_on or notice_on
    if received < notice_on:
        raise ApplicationError("申请人收到通知日期不能早于通知日期")
    if a.reply_due_on is not None and notice_on > a.reply_due_on:
        raise ApplicationError("收费通知应在答复期限内发出")
    if notice_on < fees.CHARGING_FROM:
        raise ApplicationError(
            f"信息处理费自{fees.CHARGING_FROM:%Y年%-m月%-d日}起收取（国办函〔2020〕109号），"
            "此前不能发出收费通知"
        )
    cal = WorkdayCalendar()
    due = cal.add(received, deadlines.PAYMENT_WORKDAYS)
    fee = Fee.objects.create(
        application=a,
        method=method,
        nth_in_month=nth_in_month(a) if method == FeeMethod.PER_ITEM else None,
        pages=pages if method == FeeMethod.PER_PAGE else None,
        amount=quote.amount,
        lines=[line.as_dict() for line in quote.lines],
        notice_on=notice_on,
        notice_received_on=received,
        payment_due_on=due.date,
        due_provisional=due.provisional,
    )
    _move(
        actor,
        a,
        "issue_fee_notice",
        f"发出收费通知（{fee.get_method_display()}，{fee.amount} 元），"
        f"缴费期限{due.date:%Y年%m月%d日}",
        cal=cal,
    )
    from gongkai.applications.letter_actions import draft_letter

    draft_letter(actor=actor, application=a, kind=LetterKind.FEE)
    return fee


@transaction.atomic
def record_payment(
    *,
    actor: User | None,
    application: Application,
    paid_on: datetime.date,
    amount: Decimal,
    receipt_number: str = "",
) -> Fee:
    """待缴费 → 办理中: the fee was paid in time."""
    a = _begin(application, "record_payment")
    fee = Fee.objects.select_for_update().get(application=a)
    paid_on = _need_date(paid_on, "缴费日期")
    if paid_on < fee.notice_on:
        raise ApplicationError("缴费日期不能早于收费通知日期")
    if paid_on > fee.payment_due_on:
        raise ApplicationError(
            f"缴费期限（{fee.payment_due_on:%Y-%m-%d}）已过，应按逾期未缴费视为放弃处理"
        )
    try:
        amount = Decimal(str(amount))
    except ArithmeticError:
        raise ApplicationError("缴费金额不是有效数字") from None
    if amount != fee.amount:
        raise ApplicationError(f"实缴金额（{amount} 元）与应缴金额（{fee.amount} 元）不一致")
    fee.paid_on = paid_on
    fee.paid_amount = amount
    fee.receipt_number = (receipt_number or "").strip()[:60]
    fee.save(update_fields=["paid_on", "paid_amount", "receipt_number"])
    _move(
        actor, a, "record_payment", f"申请人已缴纳信息处理费 {amount} 元（{paid_on:%Y年%m月%d日}）"
    )
    return fee


@transaction.atomic
def abandon_unpaid_fee(
    *, actor: User | None, application: Application, on: datetime.date | None = None
) -> Application:
    """待缴费 → 视为放弃: the fee was not paid within 20 working days."""
    a = _begin(application, "abandon_unpaid_fee", CLOSE_FIELDS)
    fee = Fee.objects.get(application=a)
    on = _need_date(on or today(), "日期")
    if on <= fee.payment_due_on:
        raise ApplicationError(f"缴费期限（{fee.payment_due_on:%Y-%m-%d}）届满后才能按视为放弃处理")
    _close(a, Outcome.UNPAID_FEE, on)
    a.on_time = None
    _move(actor, a, "abandon_unpaid_fee", "申请人逾期未缴纳信息处理费，视为放弃申请", CLOSE_FIELDS)
    from gongkai.applications.letter_actions import draft_letter

    draft_letter(actor=actor, application=a, kind=LetterKind.REPLY, outcome=Outcome.UNPAID_FEE)
    return a


# --- the reply (第三十六条至第三十九条) -------------------------------------------------

REPLY_FIELDS = (
    "reasoning",
    "withheld_description",
    "withheld_ground",
    "third_party_interest",
    "responsible_agency",
    "responsible_contact",
    "where_published",
    "reply_summary",
)


@transaction.atomic
def reply(
    *,
    actor: User | None,
    application: Application,
    outcome: str,
    values: Mapping[str, Any],
    replied_on: datetime.date | None = None,
) -> Application:
    """办理中/延期办理中 → 已答复 with one outcome and the fields it requires; records
    whether the reply was on time and the report rows it counts in."""
    a = _begin(application, "reply", (*REPLY_FIELDS, *CLOSE_FIELDS))
    if outcome not in outcomes.REPLY_OUTCOMES:
        raise ApplicationError("请选择有效的答复类型")
    errors = outcomes.missing_fields(outcome, values)
    if errors:
        raise ValidationError(errors)
    if outcome == Outcome.STILL_UNCLEAR and a.correction_received_on is None:
        raise ApplicationError("“补正后申请内容仍不明确”只适用于已告知补正并收到补正的申请")
    replied = _need_date(replied_on or today(), "答复日期")
    if replied < (a.received_on or replied):
        raise ApplicationError("答复日期不能早于收到申请日期")
    _not_before_steps(a, replied, "答复日期")
    if a.consultations.filter(answered_on__isnull=True).exists():
        raise ApplicationError("还有未结束的征求意见，请先登记对方意见")
    for name in REPLY_FIELDS:
        setattr(a, name, str(values.get(name) or "").strip())
    if outcome != Outcome.PARTIAL:
        a.withheld_ground = ""
        a.withheld_description = ""
    if Outcome.REFUSED_THIRD_PARTY not in (outcome, a.withheld_ground):
        a.third_party_interest = ""  # only a third-party refusal records the interest
    interest = a.third_party_interest
    _close(a, outcome, replied, third_party_interest=interest)
    if outcome == Outcome.PARTIAL:
        a.legacy_row = "3.3.3"
    label = Outcome(outcome).label
    when = "按期" if a.on_time else "超期"
    _move(
        actor,
        a,
        "reply",
        f"作出答复：{label}（{replied:%Y年%m月%d日}，{when}）",
        (*REPLY_FIELDS, *CLOSE_FIELDS),
    )
    from gongkai.applications.letter_actions import draft_letter

    draft_letter(actor=actor, application=a, kind=LetterKind.REPLY, outcome=outcome)
    return a


@transaction.atomic
def transfer(
    *,
    actor: User | None,
    application: Application,
    responsible_agency: str,
    responsible_contact: str = "",
    responsible_unknown: bool = False,
    reasoning: str,
    on: datetime.date | None = None,
) -> Application:
    """→ 已转办/告知: the information is not this agency's to disclose (第三十六条第五项);
    tell the applicant which agency is responsible when it can be determined."""
    fields = ("responsible_agency", "responsible_contact", "reasoning", *CLOSE_FIELDS)
    a = _begin(application, "transfer", fields)
    values = {
        "responsible_agency": responsible_agency,
        "responsible_unknown": responsible_unknown,
        "reasoning": reasoning,
    }
    errors = outcomes.missing_fields(Outcome.NOT_RESPONSIBLE, values)
    if errors:
        raise ValidationError(errors)
    on = _need_date(on or today(), "告知日期")
    if on < (a.received_on or on):
        raise ApplicationError("告知日期不能早于收到申请日期")
    _not_before_steps(a, on, "告知日期")
    a.responsible_agency = (responsible_agency or "").strip()[:100]
    a.responsible_contact = (responsible_contact or "").strip()[:200]
    a.reasoning = reasoning.strip()
    _close(a, Outcome.NOT_RESPONSIBLE, on)
    who = a.responsible_agency or "无法确定负责机关"
    _move(actor, a, "transfer", f"告知申请人该信息不属于本机关公开范围（{who}）", fields)
    from gongkai.applications.letter_actions import draft_letter

    draft_letter(actor=actor, application=a, kind=LetterKind.REPLY, outcome=Outcome.NOT_RESPONSIBLE)
    return a


@transaction.atomic
def withdraw(
    *, actor: User | None, application: Application, reason: str, on: datetime.date | None = None
) -> Application:
    """→ 已撤回. A received application counts as （六）3.其他; one withdrawn before its
    receipt was confirmed was never received and is not counted."""
    a = _begin(application, "withdraw", ("reasoning", *CLOSE_FIELDS))
    if not (reason or "").strip():
        raise ApplicationError("请写明撤回的情况（如申请人书面撤回）")
    on = _need_date(on or today(), "撤回日期")
    a.reasoning = reason.strip()
    if on < a.submitted_on:
        raise ApplicationError("撤回日期不能早于申请提交日期")
    if a.received_on is not None:
        if on < a.received_on:
            raise ApplicationError("撤回日期不能早于收到申请日期")
        _not_before_steps(a, on, "撤回日期")
        _close(a, Outcome.WITHDRAWN, on)
        a.on_time = None  # a withdrawal is not a reply: neither on time nor late
    _move(actor, a, "withdraw", "申请人撤回申请", ("reasoning", *CLOSE_FIELDS))
    return a


@transaction.atomic
def deliver(
    *,
    actor: User | None,
    application: Application,
    delivered_on: datetime.date,
    method: str,
    proof: str = "",
) -> Application:
    """已答复/已转办 → 已送达: how and when the reply reached the applicant."""
    fields = ("delivered_on", "delivered_by", "delivery_proof")
    a = _begin(application, "deliver", fields)
    from gongkai.applications.models import DeliveryMethod

    if method not in DeliveryMethod.values:
        raise ApplicationError("请选择送达方式")
    if not a.letters.filter(kind=LetterKind.REPLY, status=LetterStatus.ISSUED).exists():
        raise ApplicationError("请先出具答复告知书，再登记送达")
    delivered_on = _need_date(delivered_on, "送达日期")
    if a.closed_on is not None and delivered_on < a.closed_on:
        raise ApplicationError("送达日期不能早于答复日期")
    if method == DeliveryMethod.POST and not (proof or "").strip():
        raise ApplicationError("邮寄送达请填写邮件号码作为送达凭证")
    a.delivered_on = delivered_on
    a.delivered_by = method
    a.delivery_proof = (proof or "").strip()[:200]
    _move(
        actor,
        a,
        "deliver",
        f"已送达（{a.get_delivered_by_display()}，{delivered_on:%Y年%m月%d日}）",
        fields,
    )
    return a


@transaction.atomic
def archive(
    *, actor: User | None, application: Application, on: datetime.date | None = None
) -> Application:
    a = _begin(application, "archive", ("archived_on",))
    if a.letters.filter(status="draft").exists():
        raise ApplicationError("还有未出具的文书草稿，请出具或删除后再归档")
    archived_on = _need_date(on or today(), "归档日期")
    last = a.delivered_on or a.closed_on or a.submitted_on
    if archived_on < last:
        raise ApplicationError(f"归档日期不能早于办结或送达日期（{last:%Y-%m-%d}）")
    a.archived_on = archived_on
    _move(actor, a, "archive", "案卷归档", ("archived_on",))
    return a


@transaction.atomic
def update_note(*, actor: User | None, application: Application, note: str) -> Application:
    """The handler's internal note (never shown to the applicant)."""
    a = _locked(application)
    before = snapshot(a, ("internal_note",))
    a.internal_note = (note or "").strip()
    a.save(update_fields=["internal_note", "updated_at"])
    _log(
        actor, a, "note", "修改内部备注", diff(before, snapshot(a, ("internal_note",)), Application)
    )
    return a
