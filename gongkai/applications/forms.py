"""Forms of the back-office application pages. They only parse input; the rules (and
most Chinese messages) live in :mod:`gongkai.applications.actions` and
:mod:`gongkai.applications.validation`, whose ``ValidationError`` dicts are mapped back
onto these fields by :func:`gongkai.core.forms.apply_validation_error`, so every field
keeps the name the action uses."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile

from gongkai.agencies.models import Agency
from gongkai.applications import actions, outcomes
from gongkai.applications.models import (
    ApplicantKind,
    AttachmentKind,
    Channel,
    ConsultationAnswer,
    ConsultationKind,
    DeliveryMethod,
    DisputeKind,
    DisputeResult,
    FeeMethod,
    IdType,
    Outcome,
    RequestedForm,
    ThirdPartyInterest,
)
from gongkai.lib.filetypes import FileTypeError, check_size

BLANK = ("", "请选择")
Upload = tuple[str, bytes, str]  # (file name, content, AttachmentKind) as the actions take


def _blank(choices: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    return [BLANK, *choices]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


#: The dates any field accepts: the working-day arithmetic (and "working days left" on
#: the lists) fails on dates centuries away, such as a mistyped 0024-10-08.
MIN_DATE = datetime.date(1900, 1, 1)
MAX_DATE = datetime.date(2100, 12, 31)


def date_in_range(label: str) -> Callable[[datetime.date], None]:
    def check(value: datetime.date) -> None:
        if not MIN_DATE <= value <= MAX_DATE:
            raise forms.ValidationError(f"{label}应在1900年1月1日至2100年12月31日之间")

    return check


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        validators=[date_in_range(label)],
        error_messages={
            "required": f"请填写{label}",
            "invalid": f"{label}不是有效日期（格式：2025-01-31）",
        },
    )


def text_field(
    label: str,
    *,
    required: bool = True,
    max_length: int | None = None,
    rows: int = 0,
    help_text: str = "",
    message: str = "",
) -> forms.CharField:
    """A text input (or a textarea with ``rows``) whose "required" message is ours."""
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    errors = {"required": message or f"请填写{label}"}
    if max_length:
        errors["max_length"] = f"{label}不能超过{max_length}个字"
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        help_text=help_text,
        error_messages=errors,
    )


def choice_field(
    label: str, choices: Sequence[tuple[str, str]], *, required: bool = True, **kwargs: Any
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=_blank(choices),
        required=required,
        error_messages={
            "required": f"请选择{label}",
            "invalid_choice": f"请选择有效的{label}",
        },
        **kwargs,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); cleans to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def read_uploads(
    form: forms.BaseForm, field_kinds: Sequence[tuple[str, str]]
) -> list[Upload] | None:
    """The uploaded files of ``field_kinds`` ((field, AttachmentKind) pairs) read into
    memory, or ``None`` after adding an error to the field of a file that is too large
    (checked before reading it)."""
    uploads: list[Upload] = []
    for name, kind in field_kinds:
        value = form.cleaned_data.get(name)
        files = value if isinstance(value, list) else [value] if value else []
        for upload in files:
            try:
                check_size(upload.size or 0, upload.name or "")
            except FileTypeError as exc:
                form.add_error(name, str(exc))
                return None
            uploads.append((upload.name or "", upload.read(), kind))
    return uploads


# --- registration ----------------------------------------------------------------------

#: The upload fields of the registration form and the kind each one stores.
REGISTER_UPLOADS: tuple[tuple[str, str], ...] = (
    ("identity_files", AttachmentKind.IDENTITY),
    ("letter_files", AttachmentKind.LETTER),
    ("other_files", AttachmentKind.OTHER),
)


class RegisterForm(forms.Form):
    """The office's registration of a walk-in, letter, fax or e-mail application. The
    fields are checked by :func:`gongkai.applications.validation.clean_application`
    (through the action), so they are all optional here."""

    agency = forms.ModelChoiceField(
        label="受理机关",
        queryset=Agency.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择受理机关", "invalid_choice": "请选择受理机关"},
    )
    applicant_kind = choice_field(
        "申请人类型", ApplicantKind.choices, required=False, widget=forms.RadioSelect
    )
    applicant_name = text_field("申请人姓名/名称", required=False)
    # natural person
    id_type = choice_field("证件类型", IdType.choices, required=False)
    id_number = text_field("证件号码", required=False)
    # organisation
    credit_code = text_field("统一社会信用代码", required=False)
    contact_person = text_field("联系人", required=False, help_text="法人或其他组织必填")
    phone = text_field("联系电话", required=False)
    email = text_field("电子邮箱", required=False, max_length=254)
    address = text_field("通信地址", required=False)
    postcode = text_field("邮政编码", required=False)
    description = text_field(
        "所需信息的内容描述",
        required=False,
        rows=4,
        help_text="所需政府信息的名称、文号或者便于查询的其他特征性描述",
    )
    document_number = text_field("文件名称或文号", required=False)
    requested_form = choice_field("信息的指定提供载体形式", RequestedForm.choices, required=False)
    delivery_method = choice_field("获取信息方式", DeliveryMethod.choices, required=False)
    channel = choice_field(
        "申请方式", [c for c in Channel.choices if c[0] != Channel.ONLINE], required=False
    )
    submitted_on = text_field(
        "提交日期", required=False, help_text="当面提交之日，或信函、传真、邮件到达之日"
    )
    signed_on = text_field("签收日期", required=False, help_text="挂号信等需签收的信函必填")
    confirmed_on = text_field(
        "确认日期",
        required=False,
        help_text="平信、传真、电子邮件：与申请人确认之日即收到申请之日；尚未确认的留空",
    )
    confirmation_note = text_field(
        "确认方式", required=False, help_text="如：电话确认、回复邮件确认"
    )
    identity_files = MultipleFileField(label="身份证明", help_text="可选择多个文件")
    letter_files = MultipleFileField(label="申请书扫描件", help_text="可选择多个文件")
    other_files = MultipleFileField(label="其他材料", help_text="可选择多个文件")

    PERSON_FIELDS = ("id_type", "id_number")
    ORGANISATION_FIELDS = ("credit_code", "contact_person")
    DATE_FIELDS = ("submitted_on", "signed_on", "confirmed_on")

    def __init__(self, *args: Any, agencies: Sequence[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["agency"])
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        if len(agencies) == 1:
            field.initial = agencies[0].pk
        for name in self.DATE_FIELDS:
            self.fields[name].widget = DateInput()
        cast(forms.ChoiceField, self.fields["applicant_kind"]).choices = ApplicantKind.choices
        self.fields["applicant_kind"].initial = ApplicantKind.NATURAL_PERSON
        self.fields["id_type"].initial = IdType.RESIDENT_ID
        self.fields["channel"].initial = Channel.IN_PERSON
        self.fields["submitted_on"].initial = _today().isoformat()

    def values(self) -> dict[str, Any]:
        """What :func:`~gongkai.applications.actions.register_application` takes."""
        skip = {"agency", *(name for name, _ in REGISTER_UPLOADS)}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}

    def uploads(self) -> list[Upload] | None:
        return read_uploads(self, REGISTER_UPLOADS)

    def _bound(self, *names: str) -> list[forms.BoundField]:
        return [self[name] for name in names]

    # groups of fields, in the order the template shows them
    def applicant_fields(self) -> list[forms.BoundField]:
        return self._bound("applicant_kind", "applicant_name")

    def person_fields(self) -> list[forms.BoundField]:
        return self._bound(*self.PERSON_FIELDS)

    def organisation_fields(self) -> list[forms.BoundField]:
        return self._bound(*self.ORGANISATION_FIELDS)

    def contact_fields(self) -> list[forms.BoundField]:
        return self._bound("phone", "email", "address", "postcode")

    def request_fields(self) -> list[forms.BoundField]:
        return self._bound("description", "document_number", "requested_form", "delivery_method")

    def intake_fields(self) -> list[forms.BoundField]:
        return self._bound("channel", *self.DATE_FIELDS, "confirmation_note")

    def upload_fields(self) -> list[forms.BoundField]:
        return self._bound(*(name for name, _ in REGISTER_UPLOADS))


# --- the case's steps -------------------------------------------------------------------


def _today() -> datetime.date:
    """Today by the actions' clock (which the tests can set)."""
    return actions.today()


class ConfirmForm(forms.Form):
    confirmed_on = date_field("确认日期", help_text="与申请人确认之日即收到申请之日（第三十一条）")
    note = text_field(
        "确认方式",
        max_length=200,
        message="请写明与申请人确认的方式（如电话确认、回复邮件）",
        help_text="如：电话确认、回复邮件确认",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirmed_on"].initial = _today()


class CorrectionForm(forms.Form):
    items = text_field("需补正事项", rows=3, message="请写明需要补正的事项")
    deadline = date_field("补正期限", help_text="给申请人的合理补正期限")
    notified_on = date_field("告知日期", required=False, help_text="留空为今天")


class CorrectionReceivedForm(forms.Form):
    received_on = date_field("收到补正日期", help_text="答复期限自该日起重新计算")
    correction_files = MultipleFileField(label="补正材料", help_text="可选择多个文件")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = _today()

    def uploads(self) -> list[Upload] | None:
        return read_uploads(self, (("correction_files", AttachmentKind.CORRECTION),))


class OnDateForm(forms.Form):
    """视为放弃 and 归档: only the date (today when left blank)."""

    on = date_field("日期", required=False, help_text="留空为今天")


class ConsultForm(forms.Form):
    kind = choice_field("征求意见类型", ConsultationKind.choices)
    party = text_field("被征求意见方", max_length=100, message="请填写被征求意见的第三方或机关名称")
    party_contact = text_field("联系方式", required=False, max_length=200)
    sent_on = date_field("发出日期", help_text="自发出之日起，征求意见期间不计入答复期限")
    delivered_on = date_field(
        "对方收到日期", required=False, help_text="对方自收到之日起15个工作日内答复；留空为发出日期"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = ConsultationKind.THIRD_PARTY
        self.fields["sent_on"].initial = _today()


class FinishConsultationForm(forms.Form):
    answered_on = date_field("答复（或结束）日期")
    answer = choice_field("对方意见", ConsultationAnswer.choices)
    opinion = text_field("意见内容", required=False, rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answered_on"].initial = _today()


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label="延长工作日数",
        min_value=1,
        help_text="最多20个工作日（2019年5月15日前收到的申请最多15个工作日）",
        error_messages={
            "required": "请填写延长的工作日数",
            "invalid": "延长工作日数应为整数",
            "min_value": "延长工作日数至少为1",
        },
    )
    approver = text_field(
        "批准延期的负责人",
        max_length=50,
        message="请填写批准延期的政府信息公开工作机构负责人",
    )
    reason = text_field("延期理由", rows=2, message="请填写延期理由")
    decided_on = date_field("延期决定日期", required=False, help_text="留空为今天")


class FeeForm(forms.Form):
    method = choice_field("计收方式", FeeMethod.choices, widget=forms.RadioSelect)
    pages = forms.IntegerField(
        label="页数",
        required=False,
        min_value=1,
        help_text="按量计收时填写",
        error_messages={"invalid": "页数应为正整数", "min_value": "页数应为正整数"},
    )
    notice_on = date_field("收费通知日期", required=False, help_text="留空为今天")
    notice_received_on = date_field(
        "申请人收到通知日期",
        required=False,
        help_text="缴费期限自次日起计算20个工作日；留空为通知日期",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["method"]).choices = FeeMethod.choices


class FeePaidForm(forms.Form):
    paid_on = date_field("缴费日期")
    amount = forms.DecimalField(
        label="实缴金额（元）",
        max_digits=10,
        decimal_places=2,
        error_messages={
            "required": "请填写实缴金额",
            "invalid": "实缴金额不是有效数字",
            "max_digits": "实缴金额不是有效数字",
            "max_decimal_places": "实缴金额最多保留两位小数",
        },
    )
    receipt_number = text_field("缴款凭证号", required=False, max_length=60)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = _today()


def _outcome_choices(values: Sequence[str]) -> list[tuple[str, str]]:
    return [(value, Outcome(value).label) for value in values]


class ReplyForm(forms.Form):
    """One reply outcome and the fields it requires (checked by
    :func:`gongkai.applications.outcomes.missing_fields` in the action)."""

    outcome = choice_field("答复类型", _outcome_choices(outcomes.REPLY_OUTCOMES))
    reasoning = text_field(
        "理由和依据",
        required=False,
        rows=3,
        help_text="不予公开、无法提供、不予处理、部分公开和“其他处理”必填",
    )
    third_party_interest = choice_field(
        "涉及的第三方权益",
        ThirdPartyInterest.choices,
        required=False,
        help_text="以保护第三方合法权益为由不予公开（含部分公开）时必填",
    )
    withheld_description = text_field(
        "不予公开的部分", required=False, rows=2, help_text="部分公开必填"
    )
    withheld_ground = choice_field(
        "不予公开部分的理由",
        _outcome_choices(outcomes.REFUSALS),
        required=False,
        help_text="部分公开必填",
    )
    where_published = text_field(
        "已公开的获取途径",
        required=False,
        max_length=300,
        help_text="已主动公开的必填（网址、公报期号等）",
    )
    reply_summary = text_field("答复内容摘要", required=False, rows=2)
    replied_on = date_field("答复日期", required=False, help_text="留空为今天")

    #: Which outcomes need each field (the browser hides the others; see the template).
    NEEDED_FOR: dict[str, tuple[str, ...]] = {
        "reasoning": tuple(
            o
            for o in outcomes.REPLY_OUTCOMES
            if o.startswith(("refused.", "unavailable.", "not_processed.", "partial", "other."))
        ),
        "third_party_interest": (Outcome.REFUSED_THIRD_PARTY, Outcome.PARTIAL),
        "withheld_description": (Outcome.PARTIAL,),
        "withheld_ground": (Outcome.PARTIAL,),
        "where_published": (Outcome.ALREADY_PUBLIC,),
    }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data.get(k) or "" for k in self.fields if k not in ("outcome", "replied_on")}


class TransferForm(forms.Form):
    responsible_agency = text_field("负责公开的机关", required=False, max_length=100)
    responsible_contact = text_field("该机关联系方式", required=False, max_length=200)
    responsible_unknown = forms.BooleanField(label="无法确定负责机关", required=False)
    reasoning = text_field("理由和依据", rows=2, message="请填写答复的理由和依据")
    on = date_field("告知日期", required=False, help_text="留空为今天")


class WithdrawForm(forms.Form):
    reason = text_field("撤回情况", rows=2, message="请写明撤回的情况（如申请人书面撤回）")
    on = date_field("撤回日期", required=False, help_text="留空为今天")


class DeliverForm(forms.Form):
    delivered_on = date_field("送达日期")
    method = choice_field("送达方式", DeliveryMethod.choices)
    proof = text_field(
        "送达凭证", required=False, max_length=200, help_text="邮寄送达须填写邮件号码"
    )

    def __init__(self, *args: Any, delivery_method: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivered_on"].initial = _today()
        self.fields["method"].initial = delivery_method


class NoteForm(forms.Form):
    note = text_field("内部备注（不对申请人公开）", required=False, rows=3)


class AttachForm(forms.Form):
    kind = choice_field("材料类型", AttachmentKind.choices)
    file = forms.FileField(
        label="文件",
        help_text="PDF、DOCX、图片等，不超过 20 MB",
        error_messages={"required": "请选择要上传的文件", "empty": "上传的文件是空的"},
    )

    def upload(self) -> Upload | None:
        uploads = read_uploads(self, (("file", self.cleaned_data["kind"]),))
        return uploads[0] if uploads else None


# --- reconsideration, litigation, complaints ----------------------------------------------


class DisputeForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="被申请人/被告机关",
        queryset=Agency.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择机关", "invalid_choice": "请选择机关"},
    )
    kind = choice_field("类型", DisputeKind.choices, required=False)
    case_number = text_field("案号", required=False, max_length=100)
    body = text_field("复议机关/受理法院", required=False)
    claimant = text_field("申请人/原告", required=False)
    filed_on = date_field("立案（受理）日期", required=False)
    summary = text_field("案由及请求", required=False, rows=3)
    result = choice_field("结果", DisputeResult.choices, required=False)
    closed_on = date_field("审结日期", required=False, help_text="尚未审结的留空")
    result_note = text_field("结果说明", required=False, rows=2)

    def __init__(
        self, *args: Any, agencies: Sequence[Agency] = (), fixed_agency: Agency | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        limit_agency(self, agencies, fixed_agency)
        self.fields["result"].initial = DisputeResult.PENDING

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "agency"}


class ComplaintForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="被投诉机关",
        queryset=Agency.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择机关", "invalid_choice": "请选择机关"},
    )
    complainant = text_field("举报投诉人", required=False)
    received_on = date_field("收到日期", required=False)
    subject = text_field("举报投诉事项", required=False, rows=3)
    handled_on = date_field("办结日期", required=False, help_text="尚未办结的留空")
    result = text_field("处理结果", required=False, rows=2)

    def __init__(
        self, *args: Any, agencies: Sequence[Agency] = (), fixed_agency: Agency | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        limit_agency(self, agencies, fixed_agency)

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "agency"}


def limit_agency(form: forms.Form, agencies: Sequence[Agency], fixed_agency: Agency | None) -> None:
    """Offer ``agencies``; with ``fixed_agency`` (editing, or linked to an application)
    the choice is shown but cannot be changed."""
    field = cast(forms.ModelChoiceField, form.fields["agency"])
    if fixed_agency is not None:
        field.queryset = Agency.objects.filter(pk=fixed_agency.pk)
        field.initial = fixed_agency.pk
        field.disabled = True
        return
    field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
    if len(agencies) == 1:
        field.initial = agencies[0].pk
