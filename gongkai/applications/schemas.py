"""What the applications API (:mod:`gongkai.applications.api`) reads and answers: the
loose input fields, errors, the public endpoints and the cases. Letters, disputes and
complaints: :mod:`gongkai.applications.schemas_records`.

Input fields are *loose*: any JSON value is accepted as text and
:meth:`LooseIn.values` checks it, with one Chinese message per field (the API answers
``422 {"detail", "errors": {字段: 说明}}``). Strict pydantic types would answer a bad
date or number with django-ninja's English error list instead. The OpenAPI schema still
shows each field's real type, and its Chinese name as the title.

Input field names are the keyword arguments of the action they feed, so an endpoint
can pass ``**data.values()`` on.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, TypeAlias

from django.core.exceptions import ValidationError
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema

from gongkai.applications.forms import MAX_DATE, MIN_DATE


@dataclass(frozen=True)
class _Kind:
    name: str


#: What a list or an object sent for a field becomes. :class:`LooseIn` refuses any text
#: with a NUL character (PostgreSQL cannot store one either).
_NOT_SCALAR = "\x00"


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return _NOT_SCALAR


def _nullable(schema: dict[str, Any]) -> WithJsonSchema:
    return WithJsonSchema({"anyOf": [schema, {"type": "null"}]})


_LOOSE = BeforeValidator(_as_text)
Text: TypeAlias = Annotated[str | None, _LOOSE, _nullable({"type": "string"}), _Kind("text")]
DateText: TypeAlias = Annotated[
    str | None,
    _LOOSE,
    _nullable({"type": "string", "format": "date", "example": "2024-10-08"}),
    _Kind("date"),
]
IntText: TypeAlias = Annotated[str | None, _LOOSE, _nullable({"type": "integer"}), _Kind("int")]
YearText: TypeAlias = Annotated[
    str | None, _LOOSE, _nullable({"type": "integer", "example": 2025}), _Kind("year")
]
BoolText: TypeAlias = Annotated[str | None, _LOOSE, _nullable({"type": "boolean"}), _Kind("bool")]
MoneyText: TypeAlias = Annotated[
    str | None,
    _LOOSE,
    _nullable({"type": "string", "format": "decimal", "example": "100.00"}),
    _Kind("money"),
]


#: The dates and years any field accepts (as the pages' forms): the calendar's
#: arithmetic fails on dates centuries away, e.g. a mistyped 0024-10-08.


class _OutOfRange(ValueError):
    """A well-formed value outside the accepted range; the message names the range."""


def _date(text: str) -> datetime.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(text)
    day = datetime.date.fromisoformat(text)
    if not MIN_DATE <= day <= MAX_DATE:
        raise _OutOfRange("{label}应在1900年1月1日至2100年12月31日之间")
    return day


def _year(text: str) -> int:
    year = _integer(text)
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise _OutOfRange("{label}应在1900至2100之间")
    return year


def _integer(text: str) -> int:
    if not re.fullmatch(r"[+-]?\d{1,9}", text):
        raise ValueError(text)
    return int(text)


def _money(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


_FLAGS = {"true": True, "1": True, "yes": True, "on": True}
_FLAGS |= {"false": False, "0": False, "no": False, "off": False}


def _flag(text: str) -> bool:
    if text.lower() not in _FLAGS:
        raise ValueError(text)
    return _FLAGS[text.lower()]


#: kind → (parser, message when it refuses the text, value when the field is empty)
_PARSERS: dict[str, tuple[Callable[[str], Any], str, Any]] = {
    "text": (str, "", ""),
    "date": (_date, "{label}不是有效日期（格式：2025-01-31）", None),
    "int": (_integer, "{label}应为整数", None),
    "year": (_year, "{label}应为整数", None),
    "bool": (_flag, "{label}只能是 true 或 false", False),
    "money": (_money, "{label}不是有效数字", None),
}


def _mark_required(schema: dict[str, Any], model: type[Any]) -> None:
    if model.REQUIRED:
        schema["required"] = list(model.REQUIRED)


class LooseIn(Schema):
    """An input whose fields are checked by :meth:`values`."""

    model_config = ConfigDict(json_schema_extra=_mark_required)

    #: Fields that must be filled in ("请填写…"), marked required in the OpenAPI schema.
    REQUIRED: ClassVar[tuple[str, ...]] = ()

    def values(self) -> dict[str, Any]:
        """The parsed fields (text stripped, dates, integers …), or ``ValidationError``
        with one Chinese message per bad field."""
        errors: dict[str, str] = {}
        out: dict[str, Any] = {}
        for name, info in type(self).model_fields.items():
            kind = next((m.name for m in info.metadata if isinstance(m, _Kind)), "text")
            parse, message, empty = _PARSERS[kind]
            label = info.title or name
            raw = getattr(self, name) or ""
            if _NOT_SCALAR in raw:
                errors[name] = f"{label}格式不正确"
                continue
            text = raw.strip()
            if not text:
                if name in self.REQUIRED:
                    errors[name] = f"请填写{label}"
                out[name] = empty
                continue
            try:
                out[name] = parse(text)
            except _OutOfRange as exc:
                errors[name] = str(exc).format(label=label)
            except ValueError:
                errors[name] = message.format(label=label)
        if errors:
            raise ValidationError(errors)
        return out

    def texts(self) -> dict[str, str | None]:
        """The fields as sent, for checks made elsewhere (lists, objects and NUL
        characters refused here)."""
        fields = type(self).model_fields
        errors = {
            name: f"{info.title or name}格式不正确"
            for name, info in fields.items()
            if _NOT_SCALAR in (getattr(self, name) or "")
        }
        if errors:
            raise ValidationError(errors)
        return {name: getattr(self, name) for name in fields}


def named(label: str, hint: str = "") -> Any:
    """An optional input field with its Chinese name (used in the error messages)."""
    return Field(None, title=label, description=hint or None)


# --- errors ------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] = {}


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


# --- public ------------------------------------------------------------------------------


class TrackIn(LooseIn):
    code: Text = named("查询码")
    verifier: Text = named("手机号码或证件号码后四位")


class NoticeOut(Schema):
    id: int
    title: str
    number: str
    issued_on: datetime.date | None
    download_url: str | None


class TrackOut(Schema):
    tracking_code: str
    number: str
    agency: str
    status: str
    status_label: str
    submitted_on: datetime.date
    received_on: datetime.date | None
    reply_due_on: datetime.date | None
    due_provisional: bool
    clock_paused: bool
    closed_on: datetime.date | None
    outcome_label: str
    notices: list[NoticeOut]


class ApplicantIn(LooseIn):
    """The fields of the portal form (条例第二十九条), checked by
    :func:`gongkai.applications.validation.clean_application`."""

    agency: IntText = named("受理机关", "机关 id")
    applicant_kind: Text = named("申请人类型")
    applicant_name: Text = named("申请人姓名/名称")
    id_type: Text = named("证件类型")
    id_number: Text = named("证件号码")
    credit_code: Text = named("统一社会信用代码")
    contact_person: Text = named("联系人")
    phone: Text = named("联系电话")
    email: Text = named("电子邮箱")
    address: Text = named("通信地址")
    postcode: Text = named("邮政编码")
    description: Text = named("所需信息的内容描述")
    document_number: Text = named("文件名称或文号")
    requested_form: Text = named("信息的指定提供载体形式")
    delivery_method: Text = named("获取信息方式")


class RegisterIn(ApplicantIn):
    """An office registration: the portal fields plus the channel and its dates."""

    channel: Text = named("申请方式")
    submitted_on: DateText = named("提交日期")
    signed_on: DateText = named("签收日期")
    confirmed_on: DateText = named("确认日期")
    confirmation_note: Text = named("确认方式")


class SubmittedOut(Schema):
    tracking_code: str
    number: str
    agency: str
    status: str
    status_label: str


class DeadlineQuery(LooseIn):
    REQUIRED = ("received",)
    received: DateText = named("收到申请日期")


class DeadlineOut(Schema):
    received: datetime.date
    regime: str
    regime_label: str
    reply_workdays: int
    max_extension_workdays: int
    correction_notice_due_on: datetime.date
    reply_due_on: datetime.date
    latest_due_on: datetime.date
    provisional: bool


# --- staff: applications ------------------------------------------------------------------


class ListQuery(LooseIn):
    agency: IntText = named("机关", "机关 id，含下级机关")
    status: Text = named("办理状态", "状态代码，或 open（未办结）")
    year: YearText = named("登记年度")
    due: Text = named("期限", "overdue 已超期，soon 3个工作日内到期")
    q: Text = named("申请人、登记号或查询码")
    limit: IntText = named("每页条数", "默认20，最多100")
    offset: IntText = named("跳过条数")


class ApplicationSummaryOut(Schema):
    id: int
    number: str
    tracking_code: str
    agency: int
    agency_name: str
    applicant_kind: str
    applicant_name: str
    channel: str
    status: str
    status_label: str
    submitted_on: datetime.date
    received_on: datetime.date | None
    reply_due_on: datetime.date | None
    due_provisional: bool
    clock_paused: bool
    alert_due_on: datetime.date | None
    alert_kind: str
    workdays_left: int | None
    closed_on: datetime.date | None
    outcome: str


class ApplicationPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[ApplicationSummaryOut]


class DeadlinesOut(Schema):
    regime: str | None
    regime_label: str
    clock_start_on: datetime.date | None
    correction_notice_due_on: datetime.date | None
    correction_requested_on: datetime.date | None
    correction_deadline: datetime.date | None
    correction_received_on: datetime.date | None
    extension_days: int
    extended_on: datetime.date | None
    paused_workdays: int
    reply_due_on: datetime.date | None
    latest_due_on: datetime.date | None
    due_provisional: bool
    clock_paused: bool
    workdays_left: int | None
    alert_due_on: datetime.date | None
    alert_kind: str
    alert_workdays_left: int | None


class ConsultationOut(Schema):
    id: int
    kind: str
    kind_label: str
    party: str
    party_contact: str
    sent_on: datetime.date
    delivered_on: datetime.date
    due_on: datetime.date
    due_provisional: bool
    answered_on: datetime.date | None
    answer: str
    answer_label: str
    opinion: str
    is_open: bool


class FeeLineOut(Schema):
    description: str
    quantity: int
    rate: str
    amount: str


class FeeOut(Schema):
    method: str
    method_label: str
    nth_in_month: int | None
    pages: int | None
    amount: str
    lines: list[FeeLineOut]
    explanation: list[str]
    notice_on: datetime.date
    notice_received_on: datetime.date
    payment_due_on: datetime.date
    due_provisional: bool
    paid_on: datetime.date | None
    paid_amount: str | None
    receipt_number: str


class LetterOut(Schema):
    id: int
    application: int
    kind: str
    kind_label: str
    outcome: str
    consultation: int | None
    recipient: str
    title: str
    number: str
    status: str
    status_label: str
    for_applicant: bool
    issued_on: datetime.date | None
    issued_at: datetime.datetime | None
    has_docx: bool
    has_pdf: bool
    page_url: str | None


class LetterTextOut(LetterOut):
    body: str


class AttachmentOut(Schema):
    id: int
    kind: str
    kind_label: str
    filename: str
    content_type: str
    size: int
    uploaded_at: datetime.datetime


class ApplicationOut(ApplicationSummaryOut):
    # the applicant
    applicant_kind_label: str
    id_type: str
    id_number: str
    credit_code: str
    contact_person: str
    phone: str
    email: str
    address: str
    postcode: str
    # the request
    description: str
    document_number: str
    requested_form: str
    delivery_method: str
    # intake
    channel_label: str
    via_portal: bool
    signed_on: datetime.date | None
    confirmed_on: datetime.date | None
    confirmation_note: str
    correction_items: str
    extension_approver: str
    extension_reason: str
    deadlines: DeadlinesOut
    consultations: list[ConsultationOut]
    fee: FeeOut | None
    # the outcome
    outcome_label: str
    report_row: str
    legacy_row: str
    reasoning: str
    withheld_description: str
    withheld_ground: str
    third_party_interest: str
    responsible_agency: str
    responsible_contact: str
    where_published: str
    reply_summary: str
    on_time: bool | None
    # delivery and archive
    delivered_on: datetime.date | None
    delivered_by: str
    delivery_proof: str
    archived_on: datetime.date | None
    internal_note: str
    letters: list[LetterOut]
    attachments: list[AttachmentOut]
    can_handle: bool
    allowed_actions: list[str]
    created_at: datetime.datetime
    updated_at: datetime.datetime


#: Model fields :class:`ApplicationOut` gives as they are stored.
DETAIL_FIELDS = tuple(
    name
    for name in ApplicationOut.model_fields
    if name not in ApplicationSummaryOut.model_fields
    and name
    not in (
        "applicant_kind_label",
        "channel_label",
        "deadlines",
        "consultations",
        "fee",
        "outcome_label",
        "letters",
        "attachments",
        "can_handle",
        "allowed_actions",
    )
)


class ConfirmIn(LooseIn):
    REQUIRED = ("confirmed_on",)
    confirmed_on: DateText = named("确认日期")
    note: Text = named("确认方式", "如电话确认、回复邮件")


class CorrectionIn(LooseIn):
    REQUIRED = ("deadline",)
    items: Text = named("需补正事项")
    deadline: DateText = named("补正期限")
    notified_on: DateText = named("告知日期", "默认今天")


class CorrectionReceivedIn(LooseIn):
    REQUIRED = ("received_on",)
    received_on: DateText = named("收到补正日期")


class OnIn(LooseIn):
    on: DateText = named("日期", "默认今天")


class ConsultIn(LooseIn):
    REQUIRED = ("sent_on",)
    kind: Text = named("类型", "third_party 第三方，co_maker 共同制作机关")
    party: Text = named("被征求意见方")
    party_contact: Text = named("联系方式")
    sent_on: DateText = named("发出日期")
    delivered_on: DateText = named("对方收到日期", "默认发出日期")


class FinishIn(LooseIn):
    REQUIRED = ("answered_on",)
    answered_on: DateText = named("答复日期")
    answer: Text = named("意见", "consent 同意公开，object 不同意，no_answer 逾期未答复")
    opinion: Text = named("意见内容")


class ExtendIn(LooseIn):
    REQUIRED = ("days",)
    days: IntText = named("延长工作日数")
    approver: Text = named("批准延期的负责人")
    reason: Text = named("延期理由")
    decided_on: DateText = named("延期决定日期", "默认今天")


class QuoteIn(LooseIn):
    method: Text = named("计收方式", "per_item 按件计收，per_page 按量计收")
    pages: IntText = named("页数", "按量计收时填写")


class FeeIn(QuoteIn):
    notice_on: DateText = named("收费通知日期", "默认今天")
    notice_received_on: DateText = named("申请人收到通知日期", "默认通知日期")


class QuoteOut(Schema):
    method: str
    method_label: str
    amount: str
    free: bool
    nth_in_month: int | None
    pages: int | None
    lines: list[FeeLineOut]
    explanation: list[str]


class PaidIn(LooseIn):
    REQUIRED = ("paid_on", "amount")
    paid_on: DateText = named("缴费日期")
    amount: MoneyText = named("缴费金额")
    receipt_number: Text = named("缴款凭证号")


class ReplyIn(LooseIn):
    outcome: Text = named("答复类型")
    replied_on: DateText = named("答复日期", "默认今天")
    reasoning: Text = named("理由和依据")
    withheld_description: Text = named("不予公开的部分")
    withheld_ground: Text = named("不予公开部分的理由")
    third_party_interest: Text = named("涉及的第三方权益")
    responsible_agency: Text = named("负责公开的机关")
    responsible_contact: Text = named("该机关联系方式")
    where_published: Text = named("已公开的获取途径")
    reply_summary: Text = named("答复内容摘要")


class TransferIn(LooseIn):
    responsible_agency: Text = named("负责公开的机关")
    responsible_contact: Text = named("该机关联系方式")
    responsible_unknown: BoolText = named("无法确定负责机关")
    reasoning: Text = named("理由")
    on: DateText = named("告知日期", "默认今天")


class WithdrawIn(LooseIn):
    reason: Text = named("撤回的情况")
    on: DateText = named("撤回日期", "默认今天")


class DeliverIn(LooseIn):
    REQUIRED = ("delivered_on",)
    delivered_on: DateText = named("送达日期")
    method: Text = named("送达方式", "post、pickup、email 或 online")
    proof: Text = named("送达凭证", "邮寄送达须填写邮件号码")


class NoteIn(LooseIn):
    note: Text = named("内部备注")
