"""Checking an application's fields, shared by the back-office form, the portal form
and the API (each shows the same Chinese messages). :func:`clean_application` returns
the normalised values or raises ``ValidationError`` with one message per field."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from gongkai.applications.deadlines import OLD_REGIME_FROM
from gongkai.applications.models import (
    ApplicantKind,
    Channel,
    DeliveryMethod,
    IdType,
    RequestedForm,
)
from gongkai.lib.codes import CodeError, validate_credit_code
from gongkai.pii.scanner import is_id18, normalize

MAX_DESCRIPTION = 2000

_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}(?:\d{1,6})?$")
_INTERNATIONAL = re.compile(r"^\+\d{7,15}$")
_ID_PATTERNS: dict[str, tuple[re.Pattern[str], str]] = {
    IdType.HK_MACAO: (
        re.compile(r"^[HM]\d{8}(?:\d{2})?$"),
        "港澳居民来往内地通行证号码应为 H 或 M 加 8 或 10 位数字",
    ),
    IdType.TAIWAN: (
        re.compile(r"^\d{8}(?:\d{2})?$"),
        "台湾居民来往大陆通行证号码应为 8 或 10 位数字",
    ),
    IdType.PASSPORT: (re.compile(r"^[A-Z0-9]{5,17}$"), "护照号码应为 5–17 位字母或数字"),
    IdType.FOREIGN_PR: (
        re.compile(r"^(?:9\d{16}[0-9X]|[A-Z]{3}\d{12})$"),
        "外国人永久居留身份证号码格式不正确",
    ),
    IdType.OTHER: (re.compile(r"^[A-Z0-9\-]{4,30}$"), "证件号码应为 4–30 位字母或数字"),
}


def clean_phone(raw: str) -> str:
    value = normalize(raw or "").strip()
    compact = re.sub(r"[\s\-()（）]", "", value)
    if not compact:
        raise ValidationError("请填写联系电话")
    if not (_MOBILE.match(compact) or _LANDLINE.match(compact) or _INTERNATIONAL.match(compact)):
        raise ValidationError("联系电话格式不正确：请填写11位手机号码或带区号的固定电话")
    return compact


def clean_id(id_type: str, raw: str, today: datetime.date) -> str:
    value = re.sub(r"[\s\-]", "", normalize(raw or "")).upper()
    if not value:
        raise ValidationError("请填写证件号码")
    if id_type == IdType.RESIDENT_ID:
        if len(value) != 18:
            raise ValidationError(f"居民身份证号码应为18位，现为{len(value)}位")
        if not is_id18(value, today):
            raise ValidationError("居民身份证号码不正确（校验位或出生日期有误），请核对")
        return value
    pattern, message = _ID_PATTERNS[id_type]
    if not pattern.match(value):
        raise ValidationError(message)
    return value


#: Control characters (tabs and newlines aside) that would corrupt letters and e-mails.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: The longest address the e-mail column holds (RFC 5321 path limit).
MAX_EMAIL = 254


def _text(values: Mapping[str, Any], name: str) -> str:
    return _CONTROL.sub("", str(values.get(name) or "")).strip()


def _date(
    values: Mapping[str, Any], name: str, errors: dict[str, str], label: str
) -> datetime.date | None:
    raw = values.get(name)
    if raw in (None, ""):
        return None
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    try:
        return datetime.date.fromisoformat(str(raw).strip())
    except ValueError:
        errors[name] = f"{label}不是有效日期（格式：2025-01-31）"
        return None


def _choice(
    values: Mapping[str, Any], name: str, choices: type, errors: dict[str, str], label: str
) -> str:
    value = _text(values, name)
    if not value:
        errors[name] = f"请选择{label}"
    elif value not in choices.values:  # type: ignore[attr-defined]
        errors[name] = f"{label}的取值“{value}”无效"
    return value


def clean_application(
    values: Mapping[str, Any], *, today: datetime.date, portal: bool = False
) -> dict[str, Any]:
    """Normalised fields of a new application. A portal application is always 网络
    submitted today; an office registration names its channel and dates."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}

    kind = _choice(values, "applicant_kind", ApplicantKind, errors, "申请人类型")
    out["applicant_kind"] = kind
    name = _text(values, "applicant_name")
    if not name:
        errors["applicant_name"] = (
            "请填写申请人姓名" if kind == ApplicantKind.NATURAL_PERSON else "请填写组织名称"
        )
    elif len(name) > 100:
        errors["applicant_name"] = "申请人姓名/名称不能超过100个字"
    out["applicant_name"] = name

    if kind == ApplicantKind.NATURAL_PERSON:
        id_type = _choice(values, "id_type", IdType, errors, "证件类型")
        out["id_type"] = id_type
        if id_type in IdType.values:
            try:
                out["id_number"] = clean_id(id_type, _text(values, "id_number"), today)
            except ValidationError as exc:
                errors["id_number"] = exc.messages[0]
        out["credit_code"] = ""
        out["contact_person"] = _text(values, "contact_person")[:50]
    elif kind:
        try:
            out["credit_code"] = validate_credit_code(_text(values, "credit_code"))
        except CodeError as exc:
            errors["credit_code"] = (
                "请填写统一社会信用代码" if not _text(values, "credit_code") else str(exc)
            )
        contact = _text(values, "contact_person")
        if not contact:
            errors["contact_person"] = "请填写联系人姓名"
        out["contact_person"] = contact[:50]
        out["id_type"] = ""
        out["id_number"] = ""

    try:
        out["phone"] = clean_phone(_text(values, "phone"))
    except ValidationError as exc:
        errors["phone"] = exc.messages[0]
    email = _text(values, "email")
    if len(email) > MAX_EMAIL:
        errors["email"] = f"电子邮箱不能超过{MAX_EMAIL}个字符"
    elif email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "电子邮箱格式不正确"
    out["email"] = email
    out["address"] = _text(values, "address")[:200]
    postcode = _text(values, "postcode")
    if postcode and not re.fullmatch(r"\d{6}", postcode):
        errors["postcode"] = "邮政编码应为6位数字"
    out["postcode"] = postcode

    description = _text(values, "description")
    if not description:
        errors["description"] = "请描述所需政府信息的名称、文号或其他特征"
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = f"信息描述不能超过{MAX_DESCRIPTION}个字"
    out["description"] = description
    out["document_number"] = _text(values, "document_number")[:200]
    out["requested_form"] = _choice(values, "requested_form", RequestedForm, errors, "载体形式")
    delivery = _choice(values, "delivery_method", DeliveryMethod, errors, "获取方式")
    out["delivery_method"] = delivery
    if delivery == DeliveryMethod.EMAIL and not email and "email" not in errors:
        errors["email"] = "选择电子邮件获取时须填写电子邮箱"
    if delivery == DeliveryMethod.POST and not out["address"]:
        errors["address"] = "选择邮寄时须填写通信地址"

    if portal:
        out.update(channel=Channel.ONLINE, submitted_on=today, signed_on=None, confirmed_on=None)
    else:
        channel = _choice(values, "channel", Channel, errors, "申请方式")
        out["channel"] = channel
        submitted = _date(values, "submitted_on", errors, "提交日期")
        if submitted is None and "submitted_on" not in errors:
            errors["submitted_on"] = "请填写提交（收到）日期"
        elif submitted is not None and submitted > today:
            errors["submitted_on"] = "提交日期不能晚于今天"
        elif submitted is not None and submitted < OLD_REGIME_FROM:
            errors["submitted_on"] = (
                f"提交日期不能早于 {OLD_REGIME_FROM:%Y-%m-%d}（《政府信息公开条例》施行之日）"
            )
        signed = _date(values, "signed_on", errors, "签收日期")
        confirmed = _date(values, "confirmed_on", errors, "确认日期")
        for field, value, label in (
            ("signed_on", signed, "签收日期"),
            ("confirmed_on", confirmed, "确认日期"),
        ):
            if value is None or submitted is None:
                continue
            if value < submitted:
                errors[field] = f"{label}不能早于提交日期"
            elif value > today:
                errors[field] = f"{label}不能晚于今天"
        if channel == Channel.REGISTERED_MAIL and signed is None and "signed_on" not in errors:
            errors["signed_on"] = "挂号信等需签收的信函请填写签收日期"
        out.update(submitted_on=submitted, signed_on=signed, confirmed_on=confirmed)
        out["confirmation_note"] = _text(values, "confirmation_note")[:200]
        if (
            confirmed is not None
            and channel in ("ordinary_mail", "fax", "online", "email")
            and not out["confirmation_note"]
        ):
            errors["confirmation_note"] = "请写明与申请人确认的方式（如电话确认、回复邮件）"
    if errors:
        raise ValidationError(errors)
    return out
