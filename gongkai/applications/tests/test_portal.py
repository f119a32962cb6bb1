"""The public side of disclosure on request: the online application form, the
confirmation page and e-mail, and the tracking page with its notices."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import actions, tracking
from gongkai.applications.models import (
    Application,
    ApplicationAttachment,
    Channel,
    Letter,
    LetterKind,
    LetterStatus,
    Status,
)
from gongkai.applications.tests.conftest import COMPANY, PERSON

D = datetime.date
TODAY = D(2025, 3, 10)  # a Monday
APPLY = reverse("application_portal:apply")
TRACK = reverse("application_portal:track")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
TRACK_FAILED = "查询码或验证信息不正确，请核对后重试。"
NOTE = "内部备注：申请人系某案当事人，答复前须请示法制办ZX-7781"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: TODAY)


def person_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "agency": "spt-binhe",
        "applicant_kind": "natural_person",
        "person_name": PERSON["applicant_name"],
        "id_type": PERSON["id_type"],
        "id_number": PERSON["id_number"],
        "phone": PERSON["phone"],
        "email": PERSON["email"],
        "address": PERSON["address"],
        "postcode": "755000",
        "description": PERSON["description"],
        "document_number": "",
        "requested_form": PERSON["requested_form"],
        "delivery_method": PERSON["delivery_method"],
        "declaration": "on",
    }
    return _apply_overrides(data, overrides)


def company_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "agency": "spt-binhe",
        "applicant_kind": COMPANY["applicant_kind"],
        "org_name": COMPANY["applicant_name"],
        "credit_code": COMPANY["credit_code"],
        "contact_person": COMPANY["contact_person"],
        "phone": COMPANY["phone"],
        "description": COMPANY["description"],
        "document_number": "滨政发〔2024〕12号",
        "requested_form": COMPANY["requested_form"],
        "delivery_method": COMPANY["delivery_method"],
        "declaration": "on",
    }
    return _apply_overrides(data, overrides)


def _apply_overrides(data: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def submit(client: Client, data: dict[str, Any]) -> Application:
    response = client.post(APPLY, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    code = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    return Application.objects.select_related("agency").get(tracking_code=code)


def look_up(client: Client, code: str, verifier: str) -> Any:
    return client.post(TRACK, {"code": code, "verifier": verifier})


def issue(letter: Letter, number: str, on: datetime.date, *, pdf: bool = True) -> Letter:
    """Issue a letter as the letters workflow will (frozen, numbered, with its PDF)."""
    letter.status = LetterStatus.ISSUED
    letter.number = number
    letter.issued_on = on
    letter.issued_at = timezone.now()
    if pdf:
        letter.pdf.save(f"{letter.kind}.pdf", ContentFile(PDF + number.encode()), save=False)
    letter.save()
    return letter


# --- the application form -----------------------------------------------------------


def test_form_lists_active_agencies_in_tree_order_and_preselects_the_one_asked(
    client: Client, district, binhe, wenchang, finance
) -> None:
    from gongkai.agencies import actions as agency_actions

    agency_actions.update_agency(actor=None, agency=finance, data={"is_active": False})
    response = client.get(APPLY, {"agency": "spt-wenchang"})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.fields["agency"].choices == [
        ("", "请选择受理机关"),
        ("spt", "中卫市沙坡头区人民政府"),
        ("spt-binhe", "\u3000中卫市沙坡头区滨河镇人民政府"),
        ("spt-wenchang", "\u3000中卫市沙坡头区文昌镇人民政府"),
    ]
    html = response.content.decode()
    assert '<option value="spt-wenchang" selected>' in html
    assert 'enctype="multipart/form-data"' in html


def test_every_input_has_a_label_and_required_fields_are_marked(client: Client, binhe) -> None:
    html = client.get(APPLY).content.decode()
    for name in (
        "agency",
        "person_name",
        "id_type",
        "id_number",
        "org_name",
        "credit_code",
        "contact_person",
        "phone",
        "email",
        "address",
        "postcode",
        "description",
        "document_number",
        "identity_files",
        "letter_files",
        "declaration",
    ):
        assert f'<label for="id_{name}"' in html or f'for="id_{name}">' in html, name
    for name in ("applicant_kind", "requested_form", "delivery_method"):
        assert f'<fieldset class="field" id="id_{name}">' in html
    assert (
        '<label for="id_phone">联系电话<span class="required" aria-hidden="true">*</span>' in html
    )
    assert '<label for="id_postcode">邮政编码</label>' in html
    assert (
        'name="phone" maxlength="30" autocomplete="tel" inputmode="tel" aria-required="true"'
        in (html)
    )


def test_natural_person_application_is_registered_pending_online(client: Client, binhe) -> None:
    response = client.post(APPLY, person_form())

    a = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/yishenqing/submitted/{a.tracking_code}/"
    assert a.agency == binhe
    assert a.status == Status.PENDING
    assert a.channel == Channel.ONLINE
    assert a.via_portal is True
    assert a.created_by is None
    assert a.submitted_on == TODAY
    assert a.received_on is None
    assert a.number == "〔2025〕0001号"
    assert a.applicant_kind == "natural_person"
    assert a.applicant_name == "王小明"
    assert (a.id_type, a.id_number, a.credit_code) == ("resident_id", PERSON["id_number"], "")
    assert (a.phone, a.email, a.postcode) == ("13895551234", "wxm@example.com", "755000")
    assert (a.requested_form, a.delivery_method) == ("electronic", "email")
    assert a.attachments.count() == 0


def test_organisation_application_is_registered_pending_online(client: Client, binhe) -> None:
    # the person fields are left over from switching type: they are ignored
    submit(client, company_form(person_name="不应保存", id_number="123"))

    a = Application.objects.get()
    assert a.status == Status.PENDING
    assert a.channel == Channel.ONLINE
    assert a.applicant_kind == "commercial"
    assert a.applicant_name == "中卫市某某商贸有限公司"
    assert (a.credit_code, a.contact_person) == (COMPANY["credit_code"], "李经理")
    assert (a.id_type, a.id_number) == ("", "")
    assert a.phone == "09557012345"
    assert a.document_number == "滨政发〔2024〕12号"


PERSON_ERRORS = [
    ({"agency": ""}, "agency", "请选择受理申请的机关"),
    ({"agency": "nowhere"}, "agency", "没有找到该机关，请从列表中选择"),
    ({"applicant_kind": ""}, "applicant_kind", "请选择申请人类型"),
    ({"applicant_kind": "alien"}, "applicant_kind", "申请人类型的取值“alien”无效"),
    ({"person_name": ""}, "person_name", "请填写申请人姓名"),
    ({"person_name": "王" * 101}, "person_name", "申请人姓名/名称不能超过100个字"),
    ({"id_type": ""}, "id_type", "请选择证件类型"),
    ({"id_number": ""}, "id_number", "请填写证件号码"),
    ({"id_number": "64050219900101123"}, "id_number", "居民身份证号码应为18位，现为17位"),
    (
        {"id_number": PERSON["id_number"][:17] + ("0" if PERSON["id_number"][17] != "0" else "1")},
        "id_number",
        "居民身份证号码不正确（校验位或出生日期有误），请核对",
    ),
    ({"id_type": "passport", "id_number": "E1"}, "id_number", "护照号码应为 5–17 位字母或数字"),
    ({"phone": ""}, "phone", "请填写联系电话"),
    ({"phone": "12345"}, "phone", "联系电话格式不正确：请填写11位手机号码或带区号的固定电话"),
    ({"email": "wxm@"}, "email", "电子邮箱格式不正确"),
    ({"email": ""}, "email", "选择电子邮件获取时须填写电子邮箱"),
    ({"postcode": "7550"}, "postcode", "邮政编码应为6位数字"),
    ({"delivery_method": "post", "address": ""}, "address", "选择邮寄时须填写通信地址"),
    ({"description": ""}, "description", "请描述所需政府信息的名称、文号或其他特征"),
    ({"description": "低" * 2001}, "description", "信息描述不能超过2000个字"),
    ({"requested_form": ""}, "requested_form", "请选择载体形式"),
    ({"requested_form": "scroll"}, "requested_form", "载体形式的取值“scroll”无效"),
    ({"delivery_method": ""}, "delivery_method", "请选择获取方式"),
    ({"declaration": None}, "declaration", "请阅读并勾选申请人声明"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), PERSON_ERRORS)
def test_bad_person_field_shows_its_message_and_saves_nothing(
    client: Client, binhe, overrides: dict[str, Any], field: str, message: str
) -> None:
    response = client.post(
        APPLY,
        person_form(**overrides) | {"identity_files": SimpleUploadedFile("id.pdf", PDF)},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert message in response.content.decode()
    assert Application.objects.count() == 0
    assert ApplicationAttachment.objects.count() == 0
    assert stored_files() == []


ORGANISATION_ERRORS = [
    ({"org_name": ""}, "org_name", "请填写组织名称"),
    ({"credit_code": ""}, "credit_code", "请填写统一社会信用代码"),
    ({"credit_code": "91640502MA76"}, "credit_code", "统一社会信用代码应为18位，现为12位"),
    (
        {
            "credit_code": COMPANY["credit_code"][:17]
            + ("0" if COMPANY["credit_code"][17] != "0" else "1")
        },
        "credit_code",
        "统一社会信用代码校验位不正确，请核对",
    ),
    ({"contact_person": ""}, "contact_person", "请填写联系人姓名"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), ORGANISATION_ERRORS)
def test_bad_organisation_field_shows_its_message_and_saves_nothing(
    client: Client, binhe, overrides: dict[str, Any], field: str, message: str
) -> None:
    response = client.post(APPLY, company_form(**overrides))

    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert Application.objects.count() == 0


def test_missing_applicant_type_does_not_also_blame_the_name(client: Client, binhe) -> None:
    response = client.post(APPLY, person_form(applicant_kind="", person_name=""))

    assert response.context["form"].errors == {"applicant_kind": ["请选择申请人类型"]}


def test_errors_are_summarised_at_the_top_and_linked_to_their_fields(client: Client, binhe) -> None:
    response = client.post(APPLY, person_form(phone="12345", requested_form="", declaration=None))

    html = response.content.decode()
    summary = html[
        html.index('id="error-summary"') : html.index("</div>", html.index('id="error-summary"'))
    ]
    assert "申请未能提交，请修改以下内容：" in summary
    assert summary.count("<li>") == 3
    assert (
        '<a href="#id_phone">联系电话：联系电话格式不正确：请填写11位手机号码或带区号的固定电话</a>'
        in summary
    )
    assert '<a href="#id_requested_form">载体形式：请选择载体形式</a>' in summary
    assert '<a href="#id_declaration">本人确认以上声明：请阅读并勾选申请人声明</a>' in summary
    assert 'aria-invalid="true" aria-describedby="id_phone_error" id="id_phone"' in html
    assert '<div class="error" id="id_phone_error"><p>联系电话格式不正确' in html
    assert 'id="id_requested_form" aria-describedby="id_requested_form_error"' in html
    assert 'aria-invalid="true" aria-describedby="id_declaration_error"' in html
    # what the applicant typed is kept
    assert 'value="王小明"' in html


def test_inactive_agency_cannot_be_chosen(client: Client, binhe) -> None:
    from gongkai.agencies import actions as agency_actions

    agency_actions.update_agency(actor=None, agency=binhe, data={"is_active": False})
    response = client.post(APPLY, person_form())

    assert response.context["form"].errors == {"agency": ["没有找到该机关，请从列表中选择"]}
    assert Application.objects.count() == 0


# --- uploads --------------------------------------------------------------------------


def test_identity_and_letter_scans_are_stored_with_their_kinds(client: Client, binhe) -> None:
    a = submit(
        client,
        person_form()
        | {
            "identity_files": [SimpleUploadedFile("身份证.png", PNG)],
            "letter_files": [
                SimpleUploadedFile("申请书.pdf", PDF),
                SimpleUploadedFile("申请书第2页.pdf", PDF),
            ],
        },
    )

    rows = list(
        a.attachments.order_by("pk").values_list("kind", "filename", "content_type", "size")
    )
    assert rows == [
        ("identity", "身份证.png", "png", len(PNG)),
        ("letter", "申请书.pdf", "pdf", len(PDF)),
        ("letter", "申请书第2页.pdf", "pdf", len(PDF)),
    ]
    assert len(stored_files()) == 3


def _upload_error(client: Client, files: dict[str, Any]) -> Any:
    response = client.post(APPLY, person_form() | files)
    assert response.status_code == 400
    assert Application.objects.count() == 0
    assert ApplicationAttachment.objects.count() == 0
    assert stored_files() == []
    return response.context["form"].errors


def test_more_than_three_files_are_refused(client: Client, binhe) -> None:
    errors = _upload_error(
        client,
        {
            "identity_files": [
                SimpleUploadedFile("正面.png", PNG),
                SimpleUploadedFile("反面.png", PNG),
            ],
            "letter_files": [SimpleUploadedFile("1.pdf", PDF), SimpleUploadedFile("2.pdf", PDF)],
        },
    )

    assert errors == {"letter_files": ["每件申请最多上传 3 个文件（身份证明和申请书扫描件合计）"]}


def test_a_file_over_the_size_limit_is_refused(client: Client, binhe, settings) -> None:
    settings.GONGKAI_MAX_ATTACHMENT_MB = 1
    big = PDF + b"0" * (1024 * 1024)

    errors = _upload_error(client, {"identity_files": SimpleUploadedFile("身份证.pdf", big)})

    assert errors == {"identity_files": ["附件“身份证.pdf”超过 1 MB 上限"]}


def test_a_file_of_an_unsupported_type_is_refused(client: Client, binhe) -> None:
    errors = _upload_error(
        client, {"letter_files": SimpleUploadedFile("申请书.exe", b"MZ\x90\x00binary")}
    )

    assert errors == {
        "letter_files": [
            "不支持的附件类型：文件“申请书.exe”"
            "（支持 PDF、DOCX、XLSX、PNG、JPEG、GIF、WEBP、TXT、CSV）"
        ]
    }


def test_a_file_whose_content_is_not_its_type_is_refused(client: Client, binhe) -> None:
    errors = _upload_error(
        client,
        {
            "identity_files": SimpleUploadedFile("身份证.png", PNG),
            "letter_files": SimpleUploadedFile("申请书.pdf", PNG),
        },
    )

    assert errors == {"letter_files": ["文件“申请书.pdf”的内容不是PDF，请检查后重新上传"]}


def test_an_empty_file_is_refused(client: Client, binhe) -> None:
    errors = _upload_error(client, {"identity_files": SimpleUploadedFile("身份证.jpg", b"")})

    assert errors == {"identity_files": ["文件“身份证.jpg”是空的，请检查后重新上传"]}


# --- rate limit ------------------------------------------------------------------------


def test_submissions_over_the_hourly_limit_get_429_and_are_not_saved(
    client: Client, binhe, settings
) -> None:
    settings.GONGKAI_PORTAL_APPLICATIONS_PER_HOUR = 2
    # a form with mistakes does not count
    assert client.post(APPLY, person_form(phone="")).status_code == 400
    submit(client, person_form())
    submit(client, company_form())

    response = client.post(APPLY, person_form())

    assert response.status_code == 429
    assert (
        "同一网络每小时最多在线提交 2 件申请，本次申请未提交。请一小时后再试，"
        "或者通过信函、传真、当面等方式向受理机关提交申请。"
    ) in response.content.decode()
    assert Application.objects.count() == 2
    # another address is not affected
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(APPLY, person_form()).status_code == 302


# --- confirmation ------------------------------------------------------------------------


def test_confirmation_page_shows_code_number_and_what_happens_next(client: Client, binhe) -> None:
    response = client.post(APPLY, person_form(), follow=True)

    a = Application.objects.get()
    html = response.content.decode()
    assert response.status_code == 200
    assert f"查询码：<strong>{a.tracking_code}</strong>" in html
    assert "<dt>登记号</dt><dd>〔2025〕0001号</dd>" in html
    assert "<dt>受理机关</dt><dd>中卫市沙坡头区滨河镇人民政府</dd>" in html
    assert "<dt>办理状态</dt><dd>待确认</dd>" in html
    assert "以双方确认之日为收到申请之日" in html
    assert "自收到申请之日起 20 个工作日内作出答复" in html
    assert f'href="/yishenqing/track/?code={a.tracking_code}"' in html
    assert "查询码也已发送到您的邮箱 wxm@example.com。" in html


def test_confirmation_page_is_only_for_the_session_that_submitted(client: Client, binhe) -> None:
    a = submit(client, person_form())
    url = reverse("application_portal:submitted", args=[a.tracking_code])

    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # can be refreshed
    assert Client().get(url).status_code == 404
    assert (
        client.get(reverse("application_portal:submitted", args=["ABCDEFGHJK"])).status_code == 404
    )


def test_confirmation_email_is_sent_after_commit(
    client: Client, binhe, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        a = submit(client, person_form())

    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wxm@example.com"]
    assert message.subject == f"政府信息公开申请已提交（查询码 {a.tracking_code}）"
    assert f"查询码：{a.tracking_code}\n" in message.body
    assert "登记号：〔2025〕0001号\n" in message.body
    assert "受理机关：中卫市沙坡头区滨河镇人民政府\n" in message.body
    assert "以双方确认之日为收到申请之日" in message.body
    assert "机关自收到申请之日起 20 个工作日内作出答复" in message.body
    assert "电话 0955-8800002" in message.body


def test_no_email_without_an_address(
    client: Client, binhe, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit(client, company_form())

    assert callbacks == []
    assert mail.outbox == []


def test_no_email_when_the_registration_fails(
    client: Client, binhe, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(APPLY, person_form(phone=""))

    assert mail.outbox == []


# --- tracking ----------------------------------------------------------------------------


def test_tracking_with_the_phone_number_shows_the_status(client: Client, binhe) -> None:
    a = submit(client, person_form())
    visitor = Client()

    response = look_up(visitor, a.tracking_code, "138-9555-1234")

    assert response.status_code == 302
    assert response["Location"] == TRACK
    html = visitor.get(TRACK).content.decode()
    assert "<dt>办理状态</dt><dd><strong>待确认</strong></dd>" in html
    assert "<dt>登记号</dt><dd>〔2025〕0001号</dd>" in html
    assert "<dt>受理机关</dt><dd>中卫市沙坡头区滨河镇人民政府</dd>" in html
    assert "<dt>提交日期</dt><dd>2025年3月10日</dd>" in html
    assert "<dt>收到申请日期</dt><dd>待机关确认</dd>" in html
    assert "<dt>答复期限</dt><dd>机关确认收到申请后开始计算</dd>" in html
    assert "机关尚未出具告知书。" in html


def test_tracking_with_the_id_number_last_four(client: Client, binhe) -> None:
    a = submit(client, person_form())
    visitor = Client()

    assert look_up(visitor, a.tracking_code.lower(), PERSON["id_number"][-4:]).status_code == 302
    assert f"<dt>查询码</dt><dd>{a.tracking_code}</dd>" in visitor.get(TRACK).content.decode()


def test_tracking_with_the_credit_code_last_four(client: Client, binhe) -> None:
    a = submit(client, company_form())
    visitor = Client()

    assert look_up(visitor, a.tracking_code, COMPANY["credit_code"][-4:]).status_code == 302
    assert "<dt>登记号</dt><dd>〔2025〕0001号</dd>" in visitor.get(TRACK).content.decode()


@pytest.mark.parametrize(
    "pair",
    [
        ("right-code", "13895550000"),  # wrong phone
        ("right-code", "9999"),  # wrong last four
        ("ABCDEFGHJK", "13895551234"),  # no such code
    ],
)
def test_a_wrong_pair_gets_one_generic_message(client: Client, binhe, pair) -> None:
    a = submit(client, person_form())
    code = a.tracking_code if pair[0] == "right-code" else pair[0]
    visitor = Client()

    response = look_up(visitor, code, pair[1])

    assert response.status_code == 400
    assert response.context["form"].errors == {"__all__": [TRACK_FAILED]}
    html = response.content.decode()
    assert "办理进度</h2>" not in html
    assert "〔2025〕0001号" not in html
    assert visitor.get(TRACK).context.get("status") is None


def test_tracking_form_fields_are_required(client: Client, db) -> None:
    response = look_up(client, "", "")

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "code": ["请填写查询码"],
        "verifier": ["请填写手机号码或证件号码后四位"],
    }


def test_failed_lookups_over_the_limit_are_refused_even_with_the_right_pair(
    client: Client, binhe, monkeypatch
) -> None:
    monkeypatch.setattr(tracking, "LOOKUPS_PER_HOUR", 3)
    a = submit(client, person_form())
    visitor = Client()
    # successful look-ups do not count
    assert look_up(visitor, a.tracking_code, PERSON["phone"]).status_code == 302
    for _ in range(3):
        assert look_up(visitor, a.tracking_code, "0000").status_code == 400

    refused = look_up(visitor, a.tracking_code, "0000")
    assert refused.status_code == 429
    assert "同一网络每小时最多查询失败 3 次，请一小时后再试。" in refused.content.decode()
    assert look_up(visitor, a.tracking_code, PERSON["phone"]).status_code == 429
    # another address may still look up
    assert look_up(Client(REMOTE_ADDR="10.0.0.9"), a.tracking_code, "0000").status_code == 400


def test_reply_due_date_provisional_and_paused(client: Client, binhe, hank) -> None:
    a = submit(client, person_form())
    look_up(client, a.tracking_code, PERSON["phone"])
    actions.confirm_receipt(actor=hank, application=a, confirmed_on=D(2025, 3, 10), note="电话确认")

    html = client.get(TRACK).content.decode()
    assert "<dt>办理状态</dt><dd><strong>办理中</strong></dd>" in html
    assert "<dt>收到申请日期</dt><dd>2025年3月10日</dd>" in html
    assert "<dt>答复期限</dt><dd>2025年4月8日</dd>" in html

    Application.objects.filter(pk=a.pk).update(due_provisional=True)
    html = client.get(TRACK).content.decode()
    assert "<dt>答复期限</dt><dd>2025年4月8日（暂定，以节假日安排公布后为准）</dd>" in html

    actions.start_consultation(
        actor=hank,
        application=a,
        kind="third_party",
        party="某商贸公司",
        sent_on=D(2025, 3, 10),
        delivered_on=D(2025, 3, 10),
    )
    html = client.get(TRACK).content.decode()
    assert "<dt>办理状态</dt><dd><strong>征求意见中</strong></dd>" in html
    assert "<dt>答复期限</dt><dd>征求意见/缴费期间暂停计时</dd>" in html


def test_closed_case_shows_its_outcome(client: Client, binhe, hank) -> None:
    a = submit(client, person_form())
    look_up(client, a.tracking_code, PERSON["phone"])
    a = actions.confirm_receipt(actor=hank, application=a, confirmed_on=TODAY, note="电话确认")
    actions.reply(actor=hank, application=a, outcome="granted", values={}, replied_on=TODAY)

    html = client.get(TRACK).content.decode()
    assert "<dt>办理状态</dt><dd><strong>已答复</strong></dd>" in html
    assert "<dt>办结日期</dt><dd>2025年3月10日</dd>" in html
    assert "<dt>办理结果</dt><dd>予以公开（第三十六条第二项）</dd>" in html
    assert "<dt>答复期限</dt>" not in html


def test_notices_are_listed_only_once_issued_and_the_internal_note_never(
    client: Client, binhe, hank
) -> None:
    a = submit(client, person_form())
    look_up(client, a.tracking_code, PERSON["phone"])
    a = actions.confirm_receipt(actor=hank, application=a, confirmed_on=TODAY, note="电话确认")
    actions.update_note(actor=hank, application=a, note=NOTE)
    receipt = Letter.objects.get(application=a, kind=LetterKind.RECEIPT)
    assert receipt.status == LetterStatus.DRAFT

    html = client.get(TRACK).content.decode()
    assert "机关尚未出具告知书。" in html
    assert receipt.title not in html
    assert NOTE not in html and "ZX-7781" not in html

    issue(receipt, "滨河依申〔2025〕1号", D(2025, 3, 11))
    consultation = Letter.objects.create(
        application=a,
        kind=LetterKind.CONSULTATION,
        recipient="某商贸公司",
        title="第三方意见征询函",
        body="征询意见",
    )
    issue(consultation, "滨河征询〔2025〕1号", D(2025, 3, 12))

    html = client.get(TRACK).content.decode()
    url = reverse("application_portal:letter", args=[receipt.pk])
    assert (
        f"<li>2025年3月11日 {receipt.title}（滨河依申〔2025〕1号） · "
        f'<a href="{url}">下载 PDF<span class="visually-hidden">：{receipt.title}</span></a></li>'
    ) in html
    assert "第三方意见征询函" not in html
    assert "滨河征询〔2025〕1号" not in html
    assert NOTE not in html and "ZX-7781" not in html


def test_letter_download_only_for_the_case_found_in_this_session(
    client: Client, binhe, hank
) -> None:
    a = submit(client, person_form())
    b = submit(client, company_form())
    a = actions.confirm_receipt(actor=hank, application=a, confirmed_on=TODAY, note="电话确认")
    b = actions.confirm_receipt(actor=hank, application=b, confirmed_on=TODAY, note="电话确认")
    letter_a = issue(Letter.objects.get(application=a), "滨河依申〔2025〕1号", TODAY)
    letter_b = issue(Letter.objects.get(application=b), "滨河依申〔2025〕2号", TODAY)
    url_a = reverse("application_portal:letter", args=[letter_a.pk])
    url_b = reverse("application_portal:letter", args=[letter_b.pk])

    applicant = Client()
    assert applicant.get(url_a).status_code == 404  # nothing looked up yet
    look_up(applicant, a.tracking_code, PERSON["phone"])

    response = applicant.get(url_a)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF + "滨河依申〔2025〕1号".encode()
    assert applicant.get(url_b).status_code == 404  # another applicant's letter

    draft = Letter.objects.create(
        application=a, kind=LetterKind.REPLY, recipient="王小明", title="答复告知书", body="草稿"
    )
    assert applicant.get(reverse("application_portal:letter", args=[draft.pk])).status_code == 404
    consultation = issue(
        Letter.objects.create(
            application=a,
            kind=LetterKind.CONSULTATION,
            recipient="某公司",
            title="征询函",
            body="x",
        ),
        "滨河征询〔2025〕1号",
        TODAY,
    )
    assert (
        applicant.get(reverse("application_portal:letter", args=[consultation.pk])).status_code
        == 404
    )


def test_ending_the_lookup_forgets_the_case(client: Client, binhe, hank) -> None:
    a = submit(client, person_form())
    a = actions.confirm_receipt(actor=hank, application=a, confirmed_on=TODAY, note="电话确认")
    letter = issue(Letter.objects.get(application=a), "滨河依申〔2025〕1号", TODAY)
    look_up(client, a.tracking_code, PERSON["phone"])
    assert client.get(TRACK).context["status"].number == "〔2025〕0001号"

    response = client.post(reverse("application_portal:track_end"))

    assert response.status_code == 302
    assert client.get(TRACK).context.get("status") is None
    assert client.get(reverse("application_portal:letter", args=[letter.pk])).status_code == 404


def test_tracking_link_from_the_confirmation_prefills_the_code(client: Client, db) -> None:
    response = client.get(TRACK, {"code": "ABCDEFGHJK"})

    assert response.status_code == 200
    assert 'name="code" value="ABCDEFGHJK"' in response.content.decode()
