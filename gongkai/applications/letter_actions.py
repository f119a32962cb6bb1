"""Drafting, editing and issuing letters, and the agencies' letter templates: one
function each, in a transaction, with an audit event (letters on the application's
timeline, templates on the agency's history).

Issuing takes the next number of the agency, year of issue and kind from
:class:`LetterCounter` (an atomic ``UPDATE … SET last = last + 1`` inside the issuing
transaction, so a failed issue leaves no gap; the format is explained in
:mod:`gongkai.applications.letters`), renders the DOCX and the PDF, stores both and
freezes the letter. After commit, a letter for the applicant is e-mailed with the PDF
attached when the application has an e-mail address.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.actions import ApplicationError
from gongkai.applications.letter_render import (
    LayoutError,
    check_layout,
    check_source,
    render_docx,
    render_pdf,
)
from gongkai.applications.letters import (
    LETTER_OUTCOMES,
    TRACKING_PATH,
    clean_text,
    compose,
    format_number,
    normalise,
    slot_label,
)
from gongkai.applications.models import (
    Application,
    Consultation,
    Fee,
    Letter,
    LetterCounter,
    LetterKind,
    LetterStatus,
    LetterTemplate,
)
from gongkai.audit.events import diff, record_event, snapshot
from gongkai.core.templatetags.gongkai import cn_date
from gongkai.lib.filetypes import FileKind, FileTypeError, check_size, sniff

logger = logging.getLogger(__name__)

FROZEN = "该文书已出具，不能修改；如需更正，请另行生成文书"
FROZEN_DELETE = "该文书已出具，不能删除"
ALREADY_ISSUED = "该文书已经出具"


def _log(
    actor: User | None, letter: Letter, action: str, summary: str, changes: Mapping[str, Any]
) -> None:
    application = letter.application
    record_event(
        actor=actor,
        obj=application,
        action=f"applications.{action}",
        summary=summary,
        changes=changes,
        agency=application.agency,
    )


def _locked(letter: Letter) -> Letter:
    return (
        Letter.objects.select_for_update(of=("self",))
        .select_related("application__agency__parent")
        .get(pk=letter.pk)
    )


# --- drafting ------------------------------------------------------------------------


def _check_draftable(
    application: Application, kind: str, outcome: str, consultation: Consultation | None
) -> str:
    """The outcome of the letter to draft, or ApplicationError if the case's facts do
    not call for this kind of letter."""
    if kind not in LetterKind.values:
        raise ApplicationError("请选择有效的文书类型")
    if kind == LetterKind.RECEIPT and application.received_on is None:
        raise ApplicationError("申请尚未确认收到，不能生成登记回执")
    if kind == LetterKind.CORRECTION and application.correction_requested_on is None:
        raise ApplicationError("该申请没有告知补正，不能生成补正告知书")
    if kind == LetterKind.CONSULTATION:
        if consultation is None:
            raise ApplicationError("请选择要发函的征求意见记录")
        if consultation.application_id != application.pk:
            raise ApplicationError("所选征求意见不属于该申请")
    if kind == LetterKind.EXTENSION and not application.extended:
        raise ApplicationError("该申请没有延期，不能生成延期答复告知书")
    if kind == LetterKind.FEE and not Fee.objects.filter(application=application).exists():
        raise ApplicationError("该申请没有收费，不能生成收费通知书")
    if kind != LetterKind.REPLY:
        return ""
    outcome = outcome or application.outcome
    if outcome not in LETTER_OUTCOMES or outcome != application.outcome:
        raise ApplicationError("该申请尚未作出答复（或已撤回），不能生成答复告知书")
    return outcome


@transaction.atomic
def draft_letter(
    *,
    actor: User | None,
    application: Application,
    kind: str,
    outcome: str = "",
    consultation: Consultation | None = None,
) -> Letter:
    """A draft of the letter, worded from the agency's template or the default."""
    outcome = _check_draftable(application, kind, outcome, consultation)
    if kind != LetterKind.CONSULTATION:
        consultation = None
    composed = compose(
        application, kind, outcome=outcome, consultation=consultation, today=actions.today()
    )
    letter = Letter.objects.create(
        application=application,
        kind=kind,
        outcome=outcome,
        consultation=consultation,
        recipient=composed.recipient[:100],
        title=composed.title,
        body=composed.body,
    )
    _log(actor, letter, "letter_drafted", f"生成{letter.title}草稿", {})
    return letter


@transaction.atomic
def update_letter(*, actor: User | None, letter: Letter, title: str, body: str) -> Letter:
    """Change a draft's title and text (an issued letter is frozen)."""
    letter = _locked(letter)
    if letter.is_issued:
        raise ApplicationError(FROZEN)
    title = " ".join(clean_text(title).split())  # one line: it is a file name and a subject
    body = normalise(body)
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "请填写标题"
    elif len(title) > 100:
        errors["title"] = "标题不能超过100个字"
    if not body:
        errors["body"] = "正文不能为空"
    if errors:
        raise ValidationError(errors)
    before = snapshot(letter, ("title", "body"))
    letter.title = title
    letter.body = body
    letter.save(update_fields=["title", "body"])
    changes = diff(before, snapshot(letter, ("title", "body")), Letter)
    if changes:
        _log(actor, letter, "letter_updated", f"修改{letter.title}草稿", changes)
    return letter


@transaction.atomic
def delete_letter(*, actor: User | None, letter: Letter) -> None:
    letter = _locked(letter)
    if letter.is_issued:
        raise ApplicationError(FROZEN_DELETE)
    _log(actor, letter, "letter_deleted", f"删除{letter.title}草稿", {})
    letter.delete()


# --- issuing ---------------------------------------------------------------------------


def _next_number(agency: Agency, year: int, kind: str) -> int:
    LetterCounter.objects.get_or_create(agency=agency, year=year, kind=kind)
    LetterCounter.objects.filter(agency=agency, year=year, kind=kind).update(last=F("last") + 1)
    return LetterCounter.objects.get(agency=agency, year=year, kind=kind).last


@transaction.atomic
def issue_letter(
    *,
    actor: User | None,
    letter: Letter,
    issued_on: datetime.date | None = None,
    notify: bool = True,
) -> Letter:
    """Number, render (DOCX and PDF), store and freeze the letter; an applicant letter
    is then e-mailed to the applicant (unless ``notify`` is off: a letter entered after
    the fact, or the demo loader)."""
    letter = _locked(letter)
    if letter.is_issued:
        raise ApplicationError(ALREADY_ISSUED)
    application = letter.application
    today = actions.today()
    day = issued_on or today
    if day > today:
        raise ApplicationError("出具日期不能晚于今天")
    if day < application.submitted_on:
        raise ApplicationError("出具日期不能早于申请提交日期")
    if not normalise(letter.body):
        raise ApplicationError("正文为空的文书不能出具")
    agency = application.agency
    n = _next_number(agency, day.year, letter.kind)
    letter.number = format_number(agency, letter.kind, day.year, n)
    letter.issued_on = day
    letter.issued_at = timezone.now()
    letter.issued_by = actor if actor is not None and actor.pk else None
    letter.status = LetterStatus.ISSUED
    try:
        docx = render_docx(letter, draft=False)
    except LayoutError as exc:
        raise ApplicationError(str(exc)) from None
    pdf = render_pdf(letter, draft=False)
    letter.docx.save(f"{letter.kind}-{letter.pk}.docx", ContentFile(docx), save=False)
    letter.pdf.save(f"{letter.kind}-{letter.pk}.pdf", ContentFile(pdf), save=False)
    letter.save(
        update_fields=["number", "issued_on", "issued_at", "issued_by", "status", "docx", "pdf"]
    )
    _log(
        actor,
        letter,
        "letter_issued",
        f"出具{letter.title}（{letter.number}），出具日期{cn_date(day)}",
        {},
    )
    if notify and letter.for_applicant and application.email:
        pk = letter.pk
        transaction.on_commit(lambda: email_letter(pk), robust=True)
    return letter


def email_letter(letter_pk: int) -> bool:
    """E-mail an issued applicant letter with its PDF (after the issuing commit)."""
    letter = Letter.objects.select_related("application__agency").filter(pk=letter_pk).first()
    if letter is None or not letter.is_issued or not letter.for_applicant or not letter.pdf:
        return False
    application = letter.application
    if not application.email:
        return False
    agency = application.agency
    you = "你单位" if application.is_organisation else "你"
    url = settings.SITE_URL + TRACKING_PATH
    contact = f"如有疑问，请致电{agency.office_phone}。" if agency.office_phone else ""
    body = (
        f"{letter.recipient}：\n\n"
        f"{agency.name}已于{cn_date(letter.issued_on)}就{you}的政府信息公开申请"
        f"（登记号：{application.number}）出具{letter.title}，文号：{letter.number}。"
        f"全文见附件 PDF 文件。\n\n"
        f"{you}可以凭查询码 {application.tracking_code} 和申请时填写的联系电话"
        f"（或证件号码后四位），在以下网址查询办理进度：\n{url}\n\n"
        f"本邮件由系统自动发送，请勿直接回复。{contact}\n"
    )
    message = EmailMessage(
        subject=f"【{agency.name}】{letter.title}（{letter.number}）",
        body=body,
        to=[application.email],
        reply_to=[agency.office_email] if agency.office_email else None,
    )
    with letter.pdf.open("rb") as handle:
        message.attach(f"{letter.title}（{letter.number}）.pdf", handle.read(), "application/pdf")
    try:
        message.send()
    except Exception as exc:
        logger.exception("sending letter %s failed", letter_pk)
        _log(None, letter, "letter_email_failed", f"{letter.title}电子邮件发送失败：{exc}", {})
        return False
    _log(
        None,
        letter,
        "letter_emailed",
        f"已将{letter.title}（{letter.number}）发送至申请人的电子邮箱",
        {},
    )
    return True


# --- agency templates ------------------------------------------------------------------


def check_slot(kind: str, outcome: str = "") -> None:
    if kind not in LetterKind.values:
        raise ApplicationError("请选择有效的文书类型")
    if kind == LetterKind.REPLY:
        if outcome not in LETTER_OUTCOMES:
            raise ApplicationError("请选择有效的答复类型")
    elif outcome:
        raise ApplicationError("只有答复告知书按答复类型区分模板")


def _log_agency(
    actor: User | None, agency: Agency, action: str, summary: str, changes: Mapping[str, Any]
) -> None:
    record_event(
        actor=actor,
        obj=agency,
        action=f"applications.{action}",
        summary=summary,
        changes=changes,
        agency=agency,
    )


@transaction.atomic
def save_template(
    *, actor: User | None, agency: Agency, kind: str, outcome: str = "", body: str
) -> LetterTemplate:
    """Store the agency's own wording of one letter (checked against a sample case)."""
    check_slot(kind, outcome)
    body = clean_text(body).strip("\n")
    check_source(body, agency=agency, kind=kind, outcome=outcome)
    row, _ = LetterTemplate.objects.select_for_update().get_or_create(
        agency=agency, kind=kind, outcome=outcome
    )
    before = row.body
    if before == body:
        return row
    row.body = body
    row.save(update_fields=["body", "updated_at"])
    label = slot_label(kind, outcome)
    _log_agency(
        actor,
        agency,
        "letter_template_saved",
        f"修改告知书模板：{label}",
        {
            "body": {
                "label": f"正文模板（{label}）",
                "before": before or "（平台默认）",
                "after": body,
            }
        },
    )
    return row


@transaction.atomic
def reset_template(*, actor: User | None, agency: Agency, kind: str, outcome: str = "") -> bool:
    """Back to the platform's wording; False if the agency had none of its own."""
    check_slot(kind, outcome)
    row = (
        LetterTemplate.objects.select_for_update()
        .filter(agency=agency, kind=kind, outcome=outcome)
        .first()
    )
    if row is None:
        return False
    label = slot_label(kind, outcome)
    _log_agency(
        actor,
        agency,
        "letter_template_reset",
        f"告知书模板恢复为平台默认：{label}",
        {"body": {"label": f"正文模板（{label}）", "before": row.body, "after": "（平台默认）"}},
    )
    row.delete()
    return True


def _delete_file_later(storage_name: str, row: LetterTemplate) -> None:
    storage = row.layout.storage
    transaction.on_commit(lambda: storage.delete(storage_name), robust=True)


@transaction.atomic
def upload_layout(*, actor: User | None, agency: Agency, name: str, data: bytes) -> LetterTemplate:
    """Store the agency's own Word layout after checking that it renders a letter."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:100] or "layout.docx"
    try:
        check_size(len(data), name)
        kind = sniff(data, name)
    except FileTypeError as exc:
        raise ValidationError({"layout": str(exc)}) from None
    if kind != FileKind.DOCX:
        raise ValidationError({"layout": "请上传 Word 文档（.docx）作为版式模板"})
    check_layout(data)
    row, _ = LetterTemplate.objects.select_for_update().get_or_create(
        agency=agency, kind="", outcome=""
    )
    old = row.layout.name if row.layout else ""
    row.layout.save(f"layout-{agency.pk}.docx", ContentFile(data), save=False)
    row.save(update_fields=["layout", "updated_at"])
    if old and old != row.layout.name:
        _delete_file_later(old, row)
    _log_agency(
        actor,
        agency,
        "letter_layout_uploaded",
        f"上传告知书 Word 版式模板“{name}”",
        {},
    )
    return row


@transaction.atomic
def reset_layout(*, actor: User | None, agency: Agency) -> bool:
    """Back to the default Word layout; False if the agency had none of its own."""
    row = (
        LetterTemplate.objects.select_for_update()
        .filter(agency=agency, kind="", outcome="")
        .first()
    )
    if row is None:
        return False
    if row.layout:
        _delete_file_later(row.layout.name, row)
    row.delete()
    _log_agency(actor, agency, "letter_layout_reset", "告知书 Word 版式恢复为平台默认", {})
    return True
