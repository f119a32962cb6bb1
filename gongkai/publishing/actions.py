"""Every change to a document: one function each, in a transaction, with an audit event.

Views, the JSON API, the importer and the huey tasks all call these. Side effects
(search index, webhooks, page cache) run after commit.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency, ReadingPoint
from gongkai.audit.events import diff, record_event, snapshot
from gongkai.lib.filetypes import FileTypeError, check_size, extract_text, sniff
from gongkai.pii.files import CannotMask, mask_file
from gongkai.pii.mask import mask_text
from gongkai.publishing import html, indexno
from gongkai.publishing.models import (
    EDITABLE,
    TRANSITIONS,
    Attachment,
    Channel,
    Column,
    Disclosure,
    Document,
    JustificationBasis,
    PiiJustification,
    Publication,
    Review,
    ReviewDecision,
    ReviewStage,
    Status,
    Validity,
)
from gongkai.publishing.pii_gate import blocking, describe, findings
from gongkai.workdays.calendar import WorkdayCalendar

#: 20 working days from the date the information is formed (rules.md §1.3 item 6).
PROACTIVE_DEADLINE_WORKDAYS = 20
MAX_ATTACHMENTS = 20


class DocumentError(Exception):
    """A step that cannot be taken; the message is for the user."""


class PublicationBlocked(DocumentError):
    pass


@dataclass
class MaskResult:
    masked: int = 0
    files: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def _now() -> datetime.datetime:
    return timezone.now()


def _log(actor: User | None, document: Document, action: str, summary: str, **kw: Any) -> None:
    record_event(
        actor=actor,
        obj=document,
        action=f"publishing.{action}",
        summary=summary,
        changes=kw.get("changes"),
        agency=document.agency,
    )


def _move(document: Document, action: str) -> Status:
    sources, target = TRANSITIONS[action]
    if document.status not in sources:
        raise DocumentError(f"该信息当前状态为“{document.get_status_display()}”，不能执行此操作")
    document.status = target
    return target


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().select_related("agency").get(pk=document.pk)


# --- fields and rules ----------------------------------------------------------------


def _apply_fields(document: Document, fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(Document.EDIT_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    for name, value in fields.items():
        if isinstance(value, str) and name != "body_html":
            value = value.strip()
        setattr(document, name, value)
    body = document.body_html or ""
    if not html.looks_like_html(body):  # typed as plain text: keep its paragraphs
        body = html.text_to_html(body)
    document.body_html = html.sanitize(body)
    document.body_text = html.plain_text(document.body_html)
    if document.disclosure == Disclosure.PROACTIVE:
        document.withhold_ground = ""
        document.withhold_reason = ""


def check_rules(document: Document) -> None:
    """The rules a document must satisfy whatever the way it came in (form, API,
    import). Raises :class:`ValidationError` keyed by field, in Chinese."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not document.title.strip():
        errors["title"] = "请填写标题"
    if document.formed_on and document.formed_on > today:
        errors["formed_on"] = "成文日期不能晚于今天"
    if document.disclosure not in Disclosure.values:
        errors["disclosure"] = "请选择公开属性"
    elif document.disclosure != Disclosure.PROACTIVE and not document.withhold_ground:
        errors["withhold_ground"] = (
            f"公开属性为“{document.get_disclosure_display()}”时，"
            "须选择《条例》规定的不予主动公开依据（负面清单）"
        )
    if (document.is_normative or document.is_regulation) and not document.issued_on:
        errors["issued_on"] = "规章和行政规范性文件须填写印发日期"
    if document.issued_on and document.issued_on > today:
        errors["issued_on"] = "印发日期不能晚于今天"
    if document.column is not None and document.column.agency_id != document.agency_id:
        errors["column"] = "所选栏目不属于发布机构的公开目录"
    if errors:
        raise ValidationError(errors)
    try:
        document.full_clean(
            exclude=["agency", "created_by", "index_no", "published_at", "body_text"],
            validate_unique=False,
        )
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None


def _due(document: Document, calendar: WorkdayCalendar | None = None) -> None:
    if document.disclosure != Disclosure.PROACTIVE or not document.formed_on:
        document.due_on, document.due_provisional = None, False
        return
    result = (calendar or WorkdayCalendar()).add(document.formed_on, PROACTIVE_DEADLINE_WORKDAYS)
    document.due_on, document.due_provisional = result.date, result.provisional


TRACKED = (*Document.EDIT_FIELDS, "status", "due_on", "index_no", "published_at", "validity")
VALIDITY_TRACKED = (*TRACKED, "validity_changed_on", "repealed_on")


# --- drafting ------------------------------------------------------------------------


@transaction.atomic
def create_document(*, actor: User | None, agency: Agency, fields: Mapping[str, Any]) -> Document:
    """Draft a document; its 公开属性 is fixed here (and may be changed while it is a
    draft, with the change audited)."""
    document = Document(agency=agency, created_by=actor, status=Status.DRAFT)
    _apply_fields(document, fields)
    check_rules(document)
    _due(document)
    document.save()
    _log(
        actor,
        document,
        "created",
        f"起草“{document.title}”（{document.get_disclosure_display()}）",
        changes=diff({}, snapshot(document, TRACKED), Document),
    )
    return document


@transaction.atomic
def update_document(
    *, actor: User | None, document: Document, fields: Mapping[str, Any]
) -> Document:
    document = _locked(document)
    if document.status not in EDITABLE:
        raise DocumentError("只有草稿可以修改；请先退回修改")
    before = snapshot(document, TRACKED)
    _apply_fields(document, fields)
    check_rules(document)
    _due(document)
    changes = diff(before, snapshot(document, TRACKED), Document)
    if changes:
        document.save()
        _log(actor, document, "updated", f"修改“{document.title}”", changes=changes)
    return document


@transaction.atomic
def add_attachment(*, actor: User | None, document: Document, name: str, data: bytes) -> Attachment:
    """Attach a file: its type is checked by content, its size limited, its text
    extracted (for search and the personal-data scan)."""
    document = _locked(document)
    if document.status not in EDITABLE:
        raise DocumentError("只有草稿可以添加附件")
    if document.attachments.count() >= MAX_ATTACHMENTS:
        raise DocumentError(f"每条信息最多 {MAX_ATTACHMENTS} 个附件")
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
    if not name:
        raise DocumentError("附件缺少文件名")
    try:
        check_size(len(data), name)
        kind = sniff(data, name)
        text = extract_text(data, kind)
    except FileTypeError as exc:
        raise DocumentError(str(exc)) from None
    attachment = Attachment(
        document=document,
        name=name,
        kind=str(kind),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        sort_order=document.attachments.count(),
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    _log(actor, document, "attachment_added", f"添加附件“{name}”")
    return attachment


@transaction.atomic
def remove_attachment(*, actor: User | None, attachment: Attachment) -> None:
    document = _locked(attachment.document)
    if document.status not in EDITABLE:
        raise DocumentError("只有草稿可以删除附件")
    name = attachment.name
    attachment.file.delete(save=False)
    if attachment.published_file:
        attachment.published_file.delete(save=False)
    attachment.delete()
    _log(actor, document, "attachment_removed", f"删除附件“{name}”")


# --- review and approval -----------------------------------------------------------


@transaction.atomic
def submit_document(*, actor: User | None, document: Document) -> Document:
    """草稿 → 待审查. The personal-data scan runs here so the reviewer sees its
    findings."""
    document = _locked(document)
    _move(document, "submit")
    check_rules(document)
    hits = [f for f in findings(document) if f.blocks]
    document.save(update_fields=["status", "updated_at"])
    note = f"，发现疑似个人信息 {len(hits)} 处" if hits else ""
    _log(actor, document, "submitted", f"提交保密审查{note}")
    return document


@transaction.atomic
def review_document(
    *, actor: User, document: Document, answers: Mapping[str, bool | None], comment: str = ""
) -> Review:
    """保密审查 passed: the reviewer answers each question; all must be 是."""
    document = _locked(document)
    missing = [label for key, label in Review.QUESTIONS if answers.get(key) is None]
    if missing:
        raise DocumentError(f"请逐项填写审查结论：{'、'.join(missing)}")
    failed = [label for key, label in Review.QUESTIONS if answers.get(key) is False]
    if failed:
        raise DocumentError(f"以下审查项未通过：{'、'.join(failed)}。请选择“退回修改”并写明意见")
    _move(document, "pass_review")
    review = Review.objects.create(
        document=document,
        stage=ReviewStage.REVIEW,
        decision=ReviewDecision.PASS,
        comment=comment.strip(),
        reviewer=actor,
        decided_at=_now(),
        **{key: bool(answers[key]) for key, _ in Review.QUESTIONS},
    )
    document.save(update_fields=["status", "updated_at"])
    _log(actor, document, "review_passed", "保密审查通过" + (f"：{comment}" if comment else ""))
    return review


@transaction.atomic
def return_document(*, actor: User, document: Document, comment: str) -> Review:
    """返回修改 from review, approval or a scheduled publication."""
    document = _locked(document)
    comment = comment.strip()
    if not comment:
        raise DocumentError("退回修改须写明意见")
    stage = ReviewStage.REVIEW if document.status == Status.IN_REVIEW else ReviewStage.APPROVAL
    _move(document, "return")
    document.scheduled_for = None
    review = Review.objects.create(
        document=document,
        stage=stage,
        decision=ReviewDecision.RETURN,
        comment=comment,
        reviewer=actor,
        decided_at=_now(),
    )
    document.save(update_fields=["status", "scheduled_for", "updated_at"])
    _log(actor, document, "returned", f"{stage.label}退回修改：{comment}")
    return review


@transaction.atomic
def approve_document(
    *,
    actor: User,
    document: Document,
    comment: str = "",
    publish_at: datetime.datetime | None = None,
) -> Document:
    """领导审批. A proactive document is published now, or at ``publish_at`` (定时发布);
    personal data must be masked or justified first."""
    document = _locked(document)
    if document.status != Status.IN_APPROVAL:
        _move(document, "approve")  # raises with the status in the message
    if document.disclosure == Disclosure.PROACTIVE:
        _check_pii(document)
    now = _now()
    Review.objects.create(
        document=document,
        stage=ReviewStage.APPROVAL,
        decision=ReviewDecision.PASS,
        comment=comment.strip(),
        reviewer=actor,
        decided_at=now,
    )
    if document.disclosure != Disclosure.PROACTIVE:
        # Not published: it is kept in the catalogue with its attribute and ground.
        document.status = Status.PUBLISHED
        document.save(update_fields=["status", "updated_at"])
        _log(
            actor,
            document,
            "approved",
            f"审批通过（{document.get_disclosure_display()}，不在网站发布）",
        )
        return document
    if publish_at is not None and publish_at > now:
        _move(document, "schedule")
        document.scheduled_for = publish_at
        document.save(update_fields=["status", "scheduled_for", "updated_at"])
        local = timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M")
        _log(actor, document, "scheduled", f"审批通过，定时于 {local} 发布")
        return document
    _move(document, "approve")
    _publish(actor, document, now)
    return document


def _check_pii(document: Document) -> None:
    blocked = blocking(document)
    if blocked:
        raise PublicationBlocked(
            f"发现未处理的个人信息：{describe(blocked)}。请先遮盖，或由保密审查员填写公开理由"
        )


def _publish(actor: User | None, document: Document, when: datetime.datetime) -> None:
    before = snapshot(document, TRACKED)
    document.status = Status.PUBLISHED
    document.published_at = when
    document.scheduled_for = None
    if not document.index_no:
        try:
            document.index_no = indexno.allocate(document.agency, timezone.localtime(when).year)
        except indexno.IndexNumberError as exc:
            raise DocumentError(str(exc)) from None
    publish_day = timezone.localtime(when).date()
    document.on_time = document.due_on is None or publish_day <= document.due_on
    document.save()
    Publication.objects.get_or_create(
        document=document,
        channel=Channel.WEBSITE,
        defaults={"published_on": publish_day, "recorded_by": actor, "reference": "本平台"},
    )
    if document.column_id is not None:
        Column.objects.filter(pk=document.column_id).update(last_published_at=when)
    _log(
        actor,
        document,
        "published",
        f"发布，索引号 {document.index_no}" + ("" if document.on_time else "（超过公开期限）"),
        changes=diff(before, snapshot(document, TRACKED), Document),
    )
    transaction.on_commit(lambda: _after_publish(document.pk))


def _after_publish(document_pk: int) -> None:
    from gongkai.publishing import effects

    effects.published(document_pk)


def publish_due(now: datetime.datetime | None = None) -> list[Document]:
    """Publish every scheduled document whose time has come (the huey task). One whose
    personal data is not cleared stays scheduled, with an event saying why."""
    now = now or _now()
    done: list[Document] = []
    due = Document.objects.filter(status=Status.SCHEDULED, scheduled_for__lte=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            document = _locked(Document(pk=pk))
            if document.status != Status.SCHEDULED:
                continue
            try:
                _check_pii(document)
                _move(document, "publish_scheduled")
                _publish(None, document, now)
            except DocumentError as exc:
                _log(None, document, "schedule_failed", f"定时发布未能完成：{exc}")
                continue
            done.append(document)
    return done


# --- after publication -------------------------------------------------------------


@transaction.atomic
def withdraw_document(*, actor: User, document: Document, notice: str) -> Document:
    """撤回: the document leaves the catalogue; its page shows ``notice`` instead."""
    document = _locked(document)
    notice = notice.strip()
    if not notice:
        raise DocumentError("撤回须填写向公众说明的撤回理由")
    _move(document, "withdraw")
    document.withdrawn_at = _now()
    document.withdrawal_notice = notice
    document.save(update_fields=["status", "withdrawn_at", "withdrawal_notice", "updated_at"])
    _log(actor, document, "withdrawn", f"撤回：{notice}")
    pk = document.pk
    transaction.on_commit(lambda: _after_withdraw(pk))
    return document


def _after_change(document_pk: int) -> None:
    from gongkai.publishing import effects

    effects.reindexed(document_pk)


def _after_withdraw(document_pk: int) -> None:
    from gongkai.publishing import effects

    effects.withdrawn(document_pk)


@transaction.atomic
def set_validity(
    *, actor: User, document: Document, validity: str, on: datetime.date | None
) -> Document:
    """失效 / 废止 (or back to 有效) after publication, with its date."""
    document = _locked(document)
    if document.status != Status.PUBLISHED:
        raise DocumentError("只有已发布的信息可以变更有效性")
    if validity not in Validity.values:
        raise DocumentError("有效性只能是有效、失效或废止")
    if validity != Validity.VALID and on is None:
        raise DocumentError("请填写失效或废止日期")
    if on is not None and on < document.formed_on:
        raise DocumentError("失效或废止日期不能早于成文日期")
    before = snapshot(document, VALIDITY_TRACKED)
    document.validity = validity
    document.validity_changed_on = on if validity != Validity.VALID else None
    if document.is_normative or document.is_regulation:
        document.repealed_on = on if validity == Validity.REPEALED else None
    changes = diff(before, snapshot(document, VALIDITY_TRACKED))
    if changes:
        document.save()
        label = Validity(validity).label
        _log(actor, document, "validity_changed", f"有效性变更为“{label}”", changes=changes)
        pk = document.pk
        transaction.on_commit(lambda: _after_change(pk))
    return document


# --- personal data -------------------------------------------------------------------


@transaction.atomic
def mask_personal_data(*, actor: User, document: Document) -> MaskResult:
    """Mask every blocking hit with the platform's one mask policy: the stored title
    and body are rewritten and each DOCX/XLSX/text attachment gets a masked published
    copy. A PDF or image with a hit cannot be rewritten: it is listed in ``blocked``."""
    document = _locked(document)
    if document.status not in (Status.DRAFT, Status.IN_REVIEW, Status.IN_APPROVAL):
        raise DocumentError("已发布或定时发布的信息不能再遮盖，请先退回修改")
    result = MaskResult()
    before_title, before_body = document.title, document.body_html
    document.title = mask_text(document.title)
    document.body_html = html.map_text_nodes(document.body_html, mask_text)
    document.body_text = html.plain_text(document.body_html)
    result.masked += int(before_title != document.title) + int(before_body != document.body_html)
    document.save(update_fields=["title", "body_html", "body_text", "updated_at"])
    pending = {f.location for f in findings(document) if f.blocks}
    for attachment in document.attachments.all():
        if f"attachment:{attachment.pk}" not in pending:
            continue
        source = attachment.file
        source.open("rb")
        try:
            data = source.read()
        finally:
            source.close()
        try:
            masked = mask_file(data, sniff(data, attachment.name))
        except (CannotMask, FileTypeError) as exc:
            result.blocked.append(str(exc))
            continue
        attachment.published_file.save(f"masked-{attachment.name}", ContentFile(masked), save=False)
        attachment.text = extract_text(masked, sniff(masked, attachment.name))
        attachment.masked = True
        attachment.save(update_fields=["published_file", "text", "masked"])
        result.files.append(attachment.name)
    summary = f"遮盖个人信息（标题/正文 {result.masked} 处，附件 {len(result.files)} 个）"
    if result.blocked:
        summary += f"；无法自动遮盖：{'；'.join(result.blocked)}"
    _log(actor, document, "pii_masked", summary)
    return result


@transaction.atomic
def justify_personal_data(
    *, actor: User, document: Document, fingerprint: str, basis: str, legal_basis: str
) -> PiiJustification:
    """The reviewer decides one hit may be published as it is (惩戒公示 / 法定强制披露)."""
    document = _locked(document)
    if basis not in JustificationBasis.values:
        raise DocumentError("请选择公开理由：惩戒公示或法定强制披露")
    legal_basis = legal_basis.strip()
    if not legal_basis:
        raise DocumentError("请填写公开个人信息的法律依据")
    finding = next((f for f in findings(document) if f.fingerprint == fingerprint), None)
    if finding is None:
        raise DocumentError("没有找到该项个人信息，可能已被遮盖")
    justification, _ = PiiJustification.objects.update_or_create(
        document=document,
        fingerprint=fingerprint,
        defaults={
            "location": finding.location,
            "kind": str(finding.hit.kind),
            "masked_value": finding.hit.masked[:100],
            "basis": basis,
            "legal_basis": legal_basis[:300],
            "decided_by": actor,
            "decided_at": _now(),
        },
    )
    label = JustificationBasis(basis).label
    _log(
        actor,
        document,
        "pii_justified",
        f"{finding.place}中的{finding.kind_label}“{finding.hit.masked}”按{label}公开，"
        f"依据：{legal_basis}",
    )
    return justification


# --- channels ------------------------------------------------------------------------


@transaction.atomic
def record_publication(
    *,
    actor: User | None,
    document: Document,
    channel: str,
    published_on: datetime.date,
    reference: str = "",
    reading_point: ReadingPoint | None = None,
) -> Publication:
    """Record that a channel carried the document (政务微博, 报刊, 查阅点 …)."""
    document = _locked(document)
    if document.status != Status.PUBLISHED or document.disclosure != Disclosure.PROACTIVE:
        raise DocumentError("只有已发布的主动公开信息可以登记发布渠道")
    if channel not in Channel.values:
        raise DocumentError("请选择发布渠道")
    if channel == Channel.GAZETTE:
        raise DocumentError("政府公报请通过“政府公报”编辑期次，出版时自动登记")
    if channel == Channel.READING_POINT and reading_point is None:
        raise DocumentError("请选择查阅点")
    if reading_point is not None and reading_point.agency_id != document.agency_id:
        raise DocumentError("所选查阅点不属于发布机构")
    if published_on > timezone.localdate():
        raise DocumentError("发布日期不能晚于今天")
    if document.published_at and published_on < timezone.localtime(document.published_at).date():
        raise DocumentError("渠道发布日期不能早于信息发布日期")
    publication = Publication.objects.create(
        document=document,
        channel=channel,
        published_on=published_on,
        reference=reference.strip()[:300],
        reading_point=reading_point if channel == Channel.READING_POINT else None,
        recorded_by=actor,
    )
    _log(
        actor,
        document,
        "channel_recorded",
        f"登记发布渠道：{publication.get_channel_display()} {published_on.isoformat()}"
        + (f"（{publication.reference}）" if publication.reference else ""),
    )
    return publication


@transaction.atomic
def remove_publication(*, actor: User, publication: Publication) -> None:
    document = _locked(publication.document)
    if publication.channel in (Channel.WEBSITE, Channel.GAZETTE):
        raise DocumentError("网站和政府公报的发布记录由平台生成，不能删除")
    label = f"{publication.get_channel_display()} {publication.published_on.isoformat()}"
    publication.delete()
    _log(actor, document, "channel_removed", f"删除发布渠道记录：{label}")


# --- deadlines -------------------------------------------------------------------------


def recompute_due_dates(years: frozenset[int]) -> int:
    """Recompute stored proactive deadlines that may depend on ``years`` (called when a
    holiday schedule changes). 20 working days reach at most into the next year."""
    calendar = WorkdayCalendar()
    changed = 0
    open_docs = Document.objects.filter(
        disclosure=Disclosure.PROACTIVE,
        formed_on__year__in={y for year in years for y in (year, year - 1)},
    ).only("pk", "formed_on", "due_on", "due_provisional", "disclosure", "published_at", "on_time")
    for document in open_docs.iterator():
        old = (document.due_on, document.due_provisional, document.on_time)
        _due(document, calendar)
        if document.published_at is not None and document.due_on is not None:
            day = timezone.localtime(document.published_at).date()
            document.on_time = day <= document.due_on
        if (document.due_on, document.due_provisional, document.on_time) != old:
            Document.objects.filter(pk=document.pk).update(
                due_on=document.due_on,
                due_provisional=document.due_provisional,
                on_time=document.on_time,
            )
            changed += 1
    return changed
