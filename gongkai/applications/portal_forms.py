"""Forms of the public side of disclosure on request: the online application form
(条例第二十九条) and the tracking look-up.

The application's fields are checked by :func:`gongkai.applications.validation.
clean_application` — the same check, with the same Chinese messages, that
:func:`gongkai.applications.actions.register_application` runs — so that every field's
message is shown at once, next to the field. Only what the portal adds is checked
here: the agency, the declaration and the uploads (at most :data:`MAX_UPLOADS` files,
each checked for size and kind by content *before* anything is stored).
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from gongkai.agencies.models import Agency
from gongkai.agencies.querysets import in_tree_order
from gongkai.applications import actions
from gongkai.applications.models import (
    ApplicantKind,
    AttachmentKind,
    DeliveryMethod,
    IdType,
    RequestedForm,
)
from gongkai.applications.validation import MAX_DESCRIPTION, clean_application
from gongkai.lib.filetypes import ACCEPT, FileTypeError, check_size, max_attachment_mb, sniff

#: Files one portal application may carry (identity proof and letter scans together).
MAX_UPLOADS = 3
#: Indentation of tree levels in the agency <select> (an ideographic space per level).
INDENT = "\u3000"

#: Fields of :func:`clean_application` that depend on the applicant type.
_APPLICANT_FIELDS = frozenset(
    {"applicant_name", "id_type", "id_number", "credit_code", "contact_person"}
)

DECLARATION = "本人承诺所填写的申请信息和提交的材料真实、有效，所获取的政府信息将依法使用。"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class UploadsField(forms.Field):
    """Several files from one ``<input type="file" multiple>``; checked by the form."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)
        self.widget.attrs["accept"] = ACCEPT

    def clean(self, value: Any) -> list[UploadedFile]:
        if not value:
            return []
        if isinstance(value, list | tuple):
            return [f for f in value if f]
        return [value]


def _text(label: str, *, max_length: int, **attrs: Any) -> forms.CharField:
    """An optional text input; :func:`clean_application` says what is missing."""
    return forms.CharField(
        label=label,
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"maxlength": max_length, **attrs}),
    )


def _radios(label: str, choices: list[tuple[str, str]]) -> forms.CharField:
    """Radio buttons whose value :func:`clean_application` checks (its message)."""
    return forms.CharField(label=label, required=False, widget=forms.RadioSelect(choices=choices))


class ApplicationForm(forms.Form):
    """The 政府信息公开申请表 of the portal."""

    agency = forms.ChoiceField(
        label="受理机关",
        help_text="向哪个机关申请公开政府信息。",
        error_messages={
            "required": "请选择受理申请的机关",
            "invalid_choice": "没有找到该机关，请从列表中选择",
        },
    )
    applicant_kind = _radios("申请人类型", ApplicantKind.choices)
    # natural person
    person_name = _text("姓名", max_length=100, autocomplete="name")
    id_type = forms.CharField(
        label="证件类型",
        required=False,
        initial=IdType.RESIDENT_ID,
        widget=forms.Select(choices=[("", "请选择"), *IdType.choices]),
    )
    id_number = _text("证件号码", max_length=30, autocomplete="off")
    # organisation
    org_name = _text("组织名称", max_length=100, autocomplete="organization")
    credit_code = _text("统一社会信用代码", max_length=18, autocomplete="off")
    contact_person = _text("联系人", max_length=50)
    # contact
    phone = _text("联系电话", max_length=30, autocomplete="tel", inputmode="tel")
    email = forms.CharField(
        label="电子邮箱",
        required=False,
        max_length=254,
        error_messages={"max_length": "电子邮箱不能超过254个字符"},
        help_text="填写后，我们会把查询码发送到该邮箱；选择以电子邮件获取信息时必填。",
        widget=forms.EmailInput(attrs={"maxlength": 254, "autocomplete": "email"}),
    )
    address = _text("通信地址", max_length=200, autocomplete="street-address")
    postcode = _text("邮政编码", max_length=6, autocomplete="postal-code", inputmode="numeric")
    # the information
    description = forms.CharField(
        label="所需信息的内容描述",
        required=False,
        help_text="请写明所需政府信息的名称、文号或者便于查询的其他特征性描述。",
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_DESCRIPTION}),
    )
    document_number = _text("文件名称或文号", max_length=200)
    requested_form = _radios("载体形式", RequestedForm.choices)
    delivery_method = _radios("获取方式", DeliveryMethod.choices)
    # uploads
    identity_files = UploadsField(label="身份证明扫描件")
    letter_files = UploadsField(label="申请书扫描件")
    declaration = forms.BooleanField(
        label="本人确认以上声明",
        error_messages={"required": "请阅读并勾选申请人声明"},
    )

    #: Fields shown with the required mark (within their fieldset for person/organisation).
    marked_required = frozenset(
        {
            "agency",
            "applicant_kind",
            "person_name",
            "id_type",
            "id_number",
            "org_name",
            "credit_code",
            "contact_person",
            "phone",
            "description",
            "requested_form",
            "delivery_method",
            "declaration",
        }
    )
    PERSON_FIELDS = ("person_name", "id_type", "id_number")
    ORGANISATION_FIELDS = ("org_name", "credit_code", "contact_person")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = in_tree_order(
            Agency.objects.active().only("pk", "parent_id", "name", "slug", "depth", "sort_order")
        )
        top = min((a.depth for a in agencies), default=0)
        self.agencies = {a.slug: a for a in agencies}
        field = cast(forms.ChoiceField, self.fields["agency"])
        field.choices = [
            ("", "请选择受理机关"),
            *((a.slug, INDENT * (a.depth - top) + a.name) for a in agencies),
        ]
        for name in self.marked_required:
            self.fields[name].widget.attrs["aria-required"] = "true"
        self.uploads: list[actions.Upload] = []
        self.values: dict[str, Any] = {}

    # --- checking ----------------------------------------------------------------

    def clean_agency(self) -> Agency:
        return self.agencies[self.cleaned_data["agency"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_uploads(data)
        self.values = self._application_values(data)
        try:
            clean_application(self.values, today=actions.today(), portal=True)
        except ValidationError as exc:
            self.add_application_errors(exc)
        return data

    def _application_values(self, data: dict[str, Any]) -> dict[str, Any]:
        """The form's input under the names :func:`clean_application` reads."""
        kind = data.get("applicant_kind", "")
        person = kind == ApplicantKind.NATURAL_PERSON
        values = {
            name: data.get(name, "")
            for name in (
                "applicant_kind",
                "phone",
                "email",
                "address",
                "postcode",
                "description",
                "document_number",
                "requested_form",
                "delivery_method",
            )
        }
        if person:
            values |= {
                "applicant_name": data.get("person_name", ""),
                "id_type": data.get("id_type", ""),
                "id_number": data.get("id_number", ""),
            }
        else:
            values |= {
                "applicant_name": data.get("org_name", ""),
                "credit_code": data.get("credit_code", ""),
                "contact_person": data.get("contact_person", ""),
            }
        return values

    def add_application_errors(self, exc: ValidationError) -> None:
        """Show the messages of :func:`clean_application` (or of the action) on the
        form's fields; the applicant's name is a field of the person or the
        organisation section."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        kind = self.cleaned_data.get("applicant_kind", "")
        for name, messages in exc.message_dict.items():
            if name in _APPLICANT_FIELDS and kind not in ApplicantKind.values:
                continue  # which fields apply depends on the type, whose message says it
            if name == "applicant_name":
                name = "person_name" if kind == ApplicantKind.NATURAL_PERSON else "org_name"
            field = name if name in self.fields else None
            if field is not None and field in self.errors:
                continue  # one message per field
            self.add_error(field, messages)

    def _check_uploads(self, data: dict[str, Any]) -> None:
        count = 0
        for name, kind in (
            ("identity_files", AttachmentKind.IDENTITY),
            ("letter_files", AttachmentKind.LETTER),
        ):
            for upload in data.get(name) or []:
                count += 1
                if count > MAX_UPLOADS:
                    self.add_error(
                        name,
                        f"每件申请最多上传 {MAX_UPLOADS} 个文件（身份证明和申请书扫描件合计）",
                    )
                    break
                filename = upload.name or ""
                try:
                    check_size(upload.size or 0, filename)
                    content = upload.read()
                    sniff(content, filename)
                except FileTypeError as exc:
                    self.add_error(name, str(exc))
                    break
                self.uploads.append((filename, content, kind.value))

    @property
    def max_upload_mb(self) -> int:
        return max_attachment_mb()


class TrackForm(forms.Form):
    """The tracking look-up: the code plus the phone number or the ID's last four."""

    marked_required = frozenset({"code", "verifier"})

    code = forms.CharField(
        label="查询码",
        max_length=30,
        help_text="提交申请后页面上显示、并发送到您邮箱的 10 位查询码。",
        error_messages={"required": "请填写查询码", "max_length": "查询码不超过30个字符"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    verifier = forms.CharField(
        label="手机号码或证件号码后四位",
        max_length=30,
        help_text="申请时填写的联系电话，或者身份证件号码、统一社会信用代码的最后四位。",
        error_messages={
            "required": "请填写手机号码或证件号码后四位",
            "max_length": "手机号码或证件号码后四位不超过30个字符",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
