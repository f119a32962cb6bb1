"""The back-office pages of disclosure on request: who may see and act, every form's
bad input (exact Chinese message, nothing saved), the list's filters and deadlines."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, make_user
from gongkai.accounts.models import Role, User
from gongkai.agencies.models import Agency
from gongkai.applications import actions, letter_actions
from gongkai.applications.models import (
    Application,
    ApplicationAttachment,
    Complaint,
    Consultation,
    Dispute,
    Fee,
    Letter,
    Status,
)
from gongkai.applications.tests.conftest import COMPANY, PERSON, register
from gongkai.audit.models import Event
from gongkai.workdays.calendar import WorkdayCalendar

D = datetime.date
TODAY = D(2024, 12, 31)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 30


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: TODAY)


def client_for(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def url(name: str, *args: int) -> str:
    return reverse(f"applications:{name}", args=args)


def cn(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def events(application: Application) -> int:
    return Event.objects.for_object(application).count()


# --- who may see and act --------------------------------------------------------------------

STEP_URLS = (
    "confirm",
    "correction",
    "correction_received",
    "abandon_no_correction",
    "consult",
    "extend",
    "fee",
    "fee_paid",
    "abandon_unpaid_fee",
    "reply",
    "transfer",
    "withdraw",
    "deliver",
    "archive",
    "note",
    "attach",
)


def test_anonymous_visitor_is_sent_to_the_login_page(binhe: Agency, hank: User) -> None:
    a = register(binhe, hank)
    response = Client().get(url("detail", a.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_handler_of_another_agency_cannot_open_or_act_on_the_case(
    binhe: Agency, hank: User, wendy: User
) -> None:
    a = actions.register_application(
        actor=hank,
        agency=binhe,
        values=PERSON | {"channel": "in_person", "submitted_on": D(2024, 12, 30)},
        attachments=[("id.pdf", PDF, "identity")],
    )
    attachment = ApplicationAttachment.objects.get()
    client = client_for(wendy)
    assert client.get(url("detail", a.pk)).status_code == 404
    assert client.get(url("attachment", a.pk, attachment.pk)).status_code == 404
    for name in STEP_URLS:
        assert client.post(url(name, a.pk), {"note": "x"}).status_code == 404, name
    assert a.number not in client.get(url("list")).content.decode()


def test_read_only_user_sees_the_case_but_no_forms_and_gets_403_on_every_post(
    binhe: Agency, hank: User, olga: User
) -> None:
    a = register(binhe, hank)
    before = events(a)
    client = client_for(olga)
    page = client.get(url("detail", a.pk)).content.decode()
    assert a.number in page
    assert 'method="post"' not in page.split('id="main"')[1]
    for name in STEP_URLS:
        assert client.post(url(name, a.pk), {"note": "x"}).status_code == 403, name
    assert client.get(url("fee", a.pk), {"method": "per_page", "pages": 40}).status_code == 403
    assert events(a) == before
    assert client.get(url("register")).status_code == 403
    assert client.get(reverse("applications:dispute_new")).status_code == 403


def test_handler_sees_only_the_forms_the_status_allows(binhe: Agency, hank: User) -> None:
    a = register(binhe, hank)
    page = client_for(hank).get(url("detail", a.pk)).content.decode()
    for name in ("correction", "consult", "extend", "fee", "reply", "transfer", "withdraw"):
        assert f'action="{url(name, a.pk)}"' in page, name
    for name in ("confirm", "correction_received", "fee_paid", "deliver", "archive"):
        assert f'action="{url(name, a.pk)}"' not in page, name
    assert f'action="{url("note", a.pk)}"' in page
    assert f'action="{url("attach", a.pk)}"' in page


def test_action_urls_refuse_get(binhe: Agency, hank: User) -> None:
    a = register(binhe, hank)
    assert client_for(hank).get(url("reply", a.pk)).status_code == 405


# --- the case page -----------------------------------------------------------------------------


def test_case_page_shows_the_deadline_panel_and_the_timeline_newest_first(
    binhe: Agency, hank: User
) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 12, 3))
    page = client_for(hank).get(url("detail", a.pk)).content.decode()
    assert (
        '<dd id="reply-due">2024年12月31日 <span class="badge">剩余 0 个工作日</span></dd>' in page
    )
    latest = WorkdayCalendar().add(D(2024, 12, 3), 40).date  # across the Spring Festival
    assert f'<dd id="latest-due">{cn(latest)}</dd>' in page
    assert "2019年《条例》：20个工作日，可延长20个工作日" in page
    # the 7 working days for a correction notice have passed
    assert '<dd id="correction-notice-due">2024年12月12日（已过告知期限）</dd>' in page
    timeline = page.split('<ol class="timeline" reversed>')[1]
    assert timeline.index("登记回执草稿") < timeline.index("登记申请（当面提交）")
    fresh = register(binhe, hank, submitted_on=D(2024, 12, 30))
    page = client_for(hank).get(url("detail", fresh.pk)).content.decode()
    notice = WorkdayCalendar().add(D(2024, 12, 30), 7).date
    left = WorkdayCalendar().between(TODAY, notice).count
    assert f'{cn(notice)} <span class="badge">剩余 {left} 个工作日</span>' in page


def test_case_received_before_2019_05_15_shows_the_old_regime(binhe: Agency, hank: User) -> None:
    a = register(binhe, hank, submitted_on=D(2019, 5, 14))
    page = client_for(hank).get(url("detail", a.pk)).content.decode()
    assert "2007年《条例》：15个工作日，可延长15个工作日" in page
    assert "旧条例（2019年5月15日前收到）" in page


def test_provisional_deadline_is_flagged(binhe: Agency, hank: User, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(actions, "today", lambda: D(2031, 12, 31))
    a = register(binhe, hank, submitted_on=D(2031, 12, 30))
    assert a.due_provisional is True
    page = client_for(hank).get(url("detail", a.pk)).content.decode()
    assert "期限为暂定：计算涉及尚未录入节假日安排的年份" in page
    assert "（暂定）" in page


def test_attachment_download_is_the_original_file(binhe: Agency, hank: User, carol: User) -> None:
    a = actions.register_application(
        actor=hank,
        agency=binhe,
        values=PERSON | {"channel": "in_person", "submitted_on": D(2024, 12, 30)},
        attachments=[("身份证.pdf", PDF, "identity")],
    )
    attachment = a.attachments.get()
    response = client_for(carol).get(url("attachment", a.pk, attachment.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert "attachment;" in response["Content-Disposition"]


# --- registration -------------------------------------------------------------------------------


def register_form(agency: Agency, **fields: Any) -> dict[str, Any]:
    return (
        PERSON
        | {"agency": agency.pk, "channel": "in_person", "submitted_on": "2024-12-30"}
        | fields
    )


def test_office_registers_a_walk_in_application_with_several_attachments(
    binhe: Agency, hank: User
) -> None:
    data = register_form(binhe)
    data["identity_files"] = [
        SimpleUploadedFile("身份证正面.png", PNG, "image/png"),
        SimpleUploadedFile("身份证反面.png", PNG, "image/png"),
    ]
    data["letter_files"] = [SimpleUploadedFile("申请书.pdf", PDF, "application/pdf")]
    response = client_for(hank).post(url("register"), data)
    a = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", a.pk)
    assert a.status == Status.PROCESSING
    assert a.received_on == D(2024, 12, 30)
    assert a.reply_due_on == WorkdayCalendar().add(D(2024, 12, 30), 20).date
    assert a.created_by == hank
    assert sorted(a.attachments.values_list("kind", "filename")) == [
        ("identity", "身份证反面.png"),
        ("identity", "身份证正面.png"),
        ("letter", "申请书.pdf"),
    ]
    assert list(a.letters.values_list("kind", flat=True)) == ["receipt"]


def test_an_ordinary_letter_waits_for_confirmation_and_is_confirmed(
    binhe: Agency, hank: User
) -> None:
    client = client_for(hank)
    data = register_form(binhe, channel="ordinary_mail", submitted_on="2024-12-27")
    assert client.post(url("register"), data).status_code == 302
    a = Application.objects.get()
    assert a.status == Status.PENDING and a.received_on is None
    page = client.get(url("detail", a.pk)).content.decode()
    assert "待确认收到" in page
    assert f'action="{url("confirm", a.pk)}"' in page
    response = client.post(url("confirm", a.pk), {"confirmed_on": "2024-12-30", "note": "电话确认"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == Status.PROCESSING
    assert a.received_on == D(2024, 12, 30)
    assert a.confirmation_note == "电话确认"


def test_an_organisation_is_registered_with_its_credit_code(binhe: Agency, hank: User) -> None:
    data = COMPANY | {"agency": binhe.pk, "channel": "fax", "submitted_on": "2024-12-30"}
    data |= {"confirmed_on": "2024-12-31", "confirmation_note": "电话确认"}
    assert client_for(hank).post(url("register"), data).status_code == 302
    a = Application.objects.get()
    assert (a.applicant_kind, a.credit_code, a.contact_person) == (
        "commercial",
        COMPANY["credit_code"],
        "李经理",
    )
    assert a.received_on == D(2024, 12, 31)


def test_registration_errors_are_shown_per_field_and_nothing_is_saved(
    binhe: Agency, hank: User
) -> None:
    data = register_form(binhe, applicant_name="", id_number="640502199001011230", phone="123")
    data |= {"channel": "registered_mail", "submitted_on": "2024-13-01"}
    response = client_for(hank).post(url("register"), data)
    page = response.content.decode()
    assert response.status_code == 400
    for message in (
        "请填写申请人姓名",
        "居民身份证号码不正确（校验位或出生日期有误），请核对",
        "联系电话格式不正确：请填写11位手机号码或带区号的固定电话",
        "提交日期不是有效日期（格式：2025-01-31）",
        "挂号信等需签收的信函请填写签收日期",
    ):
        assert message in page
    assert not Application.objects.exists()
    assert not Event.objects.filter(action__startswith="applications.").exists()


def test_organisation_without_credit_code_or_contact_is_refused(binhe: Agency, hank: User) -> None:
    data = register_form(binhe, applicant_kind="commercial", applicant_name="某公司")
    page = client_for(hank).post(url("register"), data).content.decode()
    assert "请填写统一社会信用代码" in page
    assert "请填写联系人姓名" in page
    assert not Application.objects.exists()


def test_registration_refuses_a_file_that_is_not_what_its_name_says(
    binhe: Agency, hank: User
) -> None:
    data = register_form(binhe)
    data["letter_files"] = [SimpleUploadedFile("申请书.pdf", b"MZ" + b"\0" * 60)]
    response = client_for(hank).post(url("register"), data)
    assert response.status_code == 400
    assert "文件“申请书.pdf”的内容不是PDF，请检查后重新上传" in response.content.decode()
    assert not Application.objects.exists()


def test_registration_offers_only_the_agencies_the_user_handles(
    binhe: Agency, wenchang: Agency, hank: User
) -> None:
    client = client_for(hank)
    page = client.get(url("register")).content.decode()
    assert binhe.name in page and wenchang.name not in page
    response = client.post(url("register"), register_form(wenchang))
    assert response.status_code == 400
    assert "请选择受理机关" in response.content.decode()
    assert not Application.objects.exists()


def test_a_publisher_cannot_register_applications(bob: User) -> None:
    assert client_for(bob).get(url("register")).status_code == 403


# --- every step's form: bad input is refused with its message and nothing is saved --------------


def assert_refused(
    client: Client, name: str, a: Application, data: dict[str, Any], *messages: str
) -> str:
    before = (events(a), Application.objects.get(pk=a.pk).status)
    response = client.post(url(name, a.pk), data)
    page = response.content.decode()
    assert response.status_code == 400
    for message in messages:
        assert message in page, message
    assert (events(a), Application.objects.get(pk=a.pk).status) == before
    return page


@pytest.fixture
def case(binhe: Agency, hank: User) -> Application:
    """A walk-in application received on 2024-12-02 (reply due 2024-12-30)."""
    return register(binhe, hank, submitted_on=D(2024, 12, 2))


def test_confirm_refuses_a_missing_way_and_a_future_date(binhe: Agency, hank: User) -> None:
    a = register(binhe, hank, channel="email", submitted_on=D(2024, 12, 30))
    client = client_for(hank)
    assert_refused(
        client, "confirm", a, {"confirmed_on": "2024-12-31", "note": ""},
        "请写明与申请人确认的方式（如电话确认、回复邮件）",
    )  # fmt: skip
    page = assert_refused(
        client, "confirm", a, {"confirmed_on": "2025-01-02", "note": "电话"}, "确认日期不能晚于今天"
    )
    assert "未能完成“确认收到申请”" in page


def test_correction_form_refuses_missing_items_and_a_past_deadline(
    case: Application, hank: User
) -> None:
    client = client_for(hank)
    assert_refused(
        client, "correction", case, {"items": "", "deadline": "2025-01-10"}, "请写明需要补正的事项"
    )
    assert_refused(
        client, "correction", case, {"items": "请写明年份", "deadline": "2024-12-30"},
        "补正期限应晚于告知日期",
    )  # fmt: skip
    assert_refused(client, "correction", case, {"items": "请写明年份"}, "请填写补正期限")


def test_correction_then_received_then_abandon_is_refused_after_receipt(
    case: Application, hank: User
) -> None:
    client = client_for(hank)
    response = client.post(
        url("correction", case.pk),
        {"items": "请写明年份", "deadline": "2025-01-10", "notified_on": "2024-12-03"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CORRECTION and case.reply_due_on is None
    page = client.get(url("detail", case.pk)).content.decode()
    assert "暂停计时（等待补正，收到补正后重新计算）" in page
    left = WorkdayCalendar().between(TODAY, D(2025, 1, 10)).count  # New Year's Day is off
    assert left == 7
    assert (
        f'<dd id="correction-due">2025年1月10日 <span class="badge">剩余 {left} 个工作日</span>'
        in page
    )
    assert_refused(
        client, "abandon_no_correction", case, {},
        "补正期限（2025-01-10）届满后才能按视为放弃处理",
    )  # fmt: skip
    assert_refused(
        client, "correction_received", case, {"received_on": "2024-13-01"},
        "收到补正日期不是有效日期（格式：2025-01-31）",
    )  # fmt: skip
    data = {
        "received_on": "2024-12-20",
        "correction_files": [SimpleUploadedFile("补正.pdf", PDF, "application/pdf")],
    }
    assert client.post(url("correction_received", case.pk), data).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.PROCESSING
    assert case.reply_due_on == WorkdayCalendar().add(D(2024, 12, 20), 20).date
    assert list(case.attachments.values_list("kind", flat=True)) == ["correction"]


def test_consultation_form_and_its_answer(case: Application, hank: User) -> None:
    client = client_for(hank)
    assert_refused(
        client, "consult", case, {"kind": "third_party", "party": "", "sent_on": "2024-12-10"},
        "请填写被征求意见的第三方或机关名称",
    )  # fmt: skip
    assert_refused(
        client, "consult", case, {"kind": "x", "party": "某公司", "sent_on": "2024-12-10"},
        "请选择有效的征求意见类型",
    )  # fmt: skip
    response = client.post(
        url("consult", case.pk),
        {"kind": "third_party", "party": "某公司", "sent_on": "2024-12-10",
         "delivered_on": "2024-12-11"},
    )  # fmt: skip
    assert response.status_code == 302
    c = Consultation.objects.get()
    page = client.get(url("detail", case.pk)).content.decode()
    assert '<dd id="reply-due"><span class="badge">暂停计时</span></dd>' in page
    finish = reverse("applications:finish_consultation", args=[c.pk])
    assert f'action="{finish}"' in page
    before = events(case)
    response = client.post(finish, {"answered_on": "2024-12-20", "answer": "no_answer"})
    assert response.status_code == 400
    assert f"答复期限（{c.due_on:%Y-%m-%d}）届满后才能记为逾期未答复" in response.content.decode()
    assert events(case) == before
    response = client.post(finish, {"answered_on": "2024-12-20", "answer": "object"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.PROCESSING
    assert case.paused_workdays == 8  # 12-11 … 12-20
    assert case.reply_due_on == WorkdayCalendar().add(D(2024, 12, 2), 28).date


def test_finish_consultation_of_another_agency_is_404(
    case: Application, hank: User, wendy: User
) -> None:
    c = actions.start_consultation(
        actor=hank, application=case, kind="third_party", party="某公司", sent_on=D(2024, 12, 10)
    )
    response = client_for(wendy).post(
        reverse("applications:finish_consultation", args=[c.pk]),
        {"answered_on": "2024-12-20", "answer": "consent"},
    )
    assert response.status_code == 404


def test_extend_form_refuses_too_many_days_and_a_missing_approver(
    case: Application, hank: User
) -> None:
    client = client_for(hank)
    assert_refused(
        client, "extend", case, {"days": "21", "approver": "张主任", "reason": "检索档案"},
        "延长期限应为 1 到 20 个工作日",
    )  # fmt: skip
    assert_refused(
        client, "extend", case, {"days": "20", "approver": "", "reason": "检索档案"},
        "请填写批准延期的政府信息公开工作机构负责人",
    )  # fmt: skip
    assert_refused(
        client, "extend", case, {"days": "二十", "approver": "张主任", "reason": "检索档案"},
        "延长工作日数应为整数",
    )  # fmt: skip
    response = client.post(
        url("extend", case.pk),
        {"days": "20", "approver": "张主任", "reason": "检索档案", "decided_on": "2024-12-20"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.EXTENDED
    assert case.reply_due_on == case.latest_due_on == WorkdayCalendar().add(D(2024, 12, 2), 40).date


def test_fee_preview_shows_the_amount_and_its_lines(case: Application, hank: User) -> None:
    client = client_for(hank)
    response = client.get(url("fee", case.pk), {"method": "per_page", "pages": "45"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "按量计收，应收金额：<strong>150 元</strong>" in page
    assert "第1–30页（30页）：30 × 0 元 = 0 元" in page
    assert "第31–100页（15页）：15 × 10 元 = 150 元" in page
    free = client.get(url("fee", case.pk), {"method": "per_item"}, HTTP_HX_REQUEST="true")
    assert "按该计收方式本申请在免费范围内，不应收费。" in free.content.decode()
    missing = client.post(url("fee", case.pk), {"method": "per_page", "preview": "1"})
    assert "按量计收须填写页数（正整数）" in missing.content.decode()
    assert not Fee.objects.exists()


def test_fee_notice_payment_and_their_errors(case: Application, hank: User) -> None:
    client = client_for(hank)
    assert_refused(
        client, "fee", case, {"method": "per_item"},
        "按该计收方式本申请在免费范围内，不应收费：本月第1件申请（第1–10件档）：1 × 0 元 = 0 元",
    )  # fmt: skip
    assert_refused(client, "fee", case, {"method": "per_page"}, "按量计收须填写页数（正整数）")
    assert_refused(client, "fee", case, {}, "请选择计收方式")
    response = client.post(
        url("fee", case.pk), {"method": "per_page", "pages": "45", "notice_on": "2024-12-10"}
    )
    assert response.status_code == 302
    fee = Fee.objects.get()
    assert fee.amount == Decimal(150)
    page = client.get(url("detail", case.pk)).content.decode()
    assert "第31–100页（15页）：15 × 10 元 = 150 元" in page
    assert_refused(
        client, "fee_paid", case, {"paid_on": "2024-12-20", "amount": "100"},
        "实缴金额（100 元）与应缴金额（150.00 元）不一致",
    )  # fmt: skip
    assert_refused(
        client, "abandon_unpaid_fee", case, {},
        f"缴费期限（{fee.payment_due_on:%Y-%m-%d}）届满后才能按视为放弃处理",
    )  # fmt: skip
    response = client.post(url("fee_paid", case.pk), {"paid_on": "2024-12-20", "amount": "150"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.PROCESSING


def test_reply_form_shows_each_missing_field_on_its_field(case: Application, hank: User) -> None:
    client = client_for(hank)
    assert_refused(client, "reply", case, {}, "请选择答复类型")
    page = assert_refused(
        client, "reply", case, {"outcome": "refused.third_party"},
        "请填写答复的理由和依据", "请选择所保护的第三方权益（商业秘密、个人隐私或其他）",
    )  # fmt: skip
    assert 'id="reply_reasoning_error"' in page
    assert 'id="reply_third_party_interest_error"' in page
    assert_refused(
        client, "reply", case, {"outcome": "partial", "reasoning": "部分涉及个人隐私"},
        "部分公开须写明不予公开的内容", "部分公开须选择不予公开部分的法定理由",
    )  # fmt: skip
    assert_refused(
        client, "reply", case, {"outcome": "granted.already_public"},
        "请写明该信息已公开的获取途径（网址、公报期号等）",
    )  # fmt: skip
    assert_refused(
        client, "reply", case, {"outcome": "unavailable.still_unclear", "reasoning": "仍不明确"},
        "“补正后申请内容仍不明确”只适用于已告知补正并收到补正的申请",
    )  # fmt: skip
    response = client.post(
        url("reply", case.pk),
        {"outcome": "refused.third_party", "reasoning": "涉及商业秘密",
         "third_party_interest": "trade_secret", "replied_on": "2024-12-20"},
    )  # fmt: skip
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome, case.on_time, case.legacy_row) == (
        Status.REPLIED,
        "refused.third_party",
        True,
        "3.3.4b",
    )
    assert Letter.objects.filter(application=case, kind="reply").count() == 1


def test_reply_outcome_select_offers_every_reply_outcome(case: Application, hank: User) -> None:
    from gongkai.applications.outcomes import REPLY_OUTCOMES

    page = client_for(hank).get(url("detail", case.pk)).content.decode()
    for outcome in REPLY_OUTCOMES:
        assert f'<option value="{outcome}"' in page, outcome


def test_transfer_needs_the_responsible_agency_unless_unknown(
    case: Application, hank: User
) -> None:
    client = client_for(hank)
    assert_refused(
        client, "transfer", case, {"reasoning": "不属于本机关职责"},
        "请填写负责公开该信息的机关；确实无法确定的，请勾选“无法确定负责机关”",
    )  # fmt: skip
    response = client.post(
        url("transfer", case.pk), {"reasoning": "不属于本机关职责", "responsible_unknown": "on"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Status.TRANSFERRED, "unavailable.not_responsible")


def test_withdraw_needs_the_circumstances(case: Application, hank: User) -> None:
    client = client_for(hank)
    assert_refused(client, "withdraw", case, {"reason": ""}, "请写明撤回的情况（如申请人书面撤回）")
    assert client.post(url("withdraw", case.pk), {"reason": "书面撤回"}).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN


def test_delivery_and_archive(case: Application, hank: User) -> None:
    client = client_for(hank)
    actions.reply(
        actor=hank, application=case, outcome="granted", values={}, replied_on=D(2024, 12, 20)
    )
    assert_refused(
        client, "deliver", case, {"delivered_on": "2024-12-23", "method": "email"},
        "请先出具答复告知书，再登记送达",
    )  # fmt: skip
    reply_letter = case.letters.get(kind="reply")
    letter_actions.issue_letter(actor=hank, letter=reply_letter, issued_on=D(2024, 12, 20))
    assert_refused(
        client, "deliver", case, {"delivered_on": "2024-12-23", "method": "post"},
        "邮寄送达请填写邮件号码作为送达凭证",
    )  # fmt: skip
    assert_refused(
        client, "deliver", case, {"delivered_on": "2024-12-19", "method": "email"},
        "送达日期不能早于答复日期",
    )  # fmt: skip
    response = client.post(
        url("deliver", case.pk), {"delivered_on": "2024-12-23", "method": "email"}
    )
    assert response.status_code == 302
    assert_refused(client, "archive", case, {}, "还有未出具的文书草稿，请出具或删除后再归档")


def test_note_is_saved_and_attachment_errors_are_shown(case: Application, hank: User) -> None:
    client = client_for(hank)
    assert client.post(url("note", case.pk), {"note": "申请人来电询问进度"}).status_code == 302
    case.refresh_from_db()
    assert case.internal_note == "申请人来电询问进度"
    assert_refused(client, "attach", case, {"kind": "other"}, "请选择要上传的文件")
    assert_refused(
        client, "attach", case,
        {"kind": "other", "file": SimpleUploadedFile("a.pdf", b"MZ" + b"\0" * 60)},
        "文件“a.pdf”的内容不是PDF，请检查后重新上传",
    )  # fmt: skip
    response = client.post(
        url("attach", case.pk),
        {"kind": "other", "file": SimpleUploadedFile("说明.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302
    assert list(case.attachments.values_list("kind", "filename")) == [("other", "说明.pdf")]


def test_a_step_the_status_does_not_allow_shows_why(case: Application, hank: User) -> None:
    assert_refused(
        client_for(hank), "deliver", case, {"delivered_on": "2024-12-23", "method": "email"},
        "该申请当前为“办理中”，只有已答复、已转办/告知的申请可以进行此操作",
    )  # fmt: skip


# --- the list ----------------------------------------------------------------------------------


@pytest.fixture
def cases(binhe: Agency, wenchang: Agency, hank: User, alice: User) -> dict[str, Application]:
    return {
        "overdue": register(binhe, hank, submitted_on=D(2024, 11, 1), applicant_name="张三"),
        "soon": register(binhe, hank, submitted_on=D(2024, 12, 3), applicant_name="李四"),
        "later": register(binhe, hank, submitted_on=D(2024, 12, 30), applicant_name="王五"),
        "pending": register(binhe, hank, channel="email", submitted_on=D(2024, 12, 30)),
        "other": register(wenchang, alice, submitted_on=D(2023, 6, 1), applicant_name="赵六"),
    }


def listed(client: Client, **params: Any) -> list[str]:
    page = client.get(url("list"), params).content.decode()
    return sorted(
        a.number + a.applicant_name
        for a in Application.objects.all()
        if f'href="{url("detail", a.pk)}"' in page
    )


def names(*applications: Application) -> list[str]:
    return sorted(a.number + a.applicant_name for a in applications)


def test_list_filters(cases: dict[str, Application], alice: User, binhe: Agency) -> None:
    client = client_for(alice)
    c = cases
    assert listed(client) == names(*c.values())
    assert listed(client, due="overdue") == names(c["overdue"], c["other"])
    assert listed(client, due="soon") == names(c["soon"])
    assert listed(client, status="pending") == names(c["pending"])
    assert listed(client, agency=binhe.pk) == names(
        c["overdue"], c["soon"], c["later"], c["pending"]
    )
    assert listed(client, year=2023) == names(c["other"])
    assert listed(client, q="李四") == names(c["soon"])
    assert listed(client, q=c["later"].tracking_code.lower()) == names(c["later"])
    assert listed(client, q=c["later"].number, agency=binhe.pk) == names(c["later"])
    assert listed(client, q=f"2024-{c['later'].serial}", agency=binhe.pk) == names(c["later"])
    assert listed(client, letters="draft") == names(c["overdue"], c["soon"], c["later"], c["other"])


def test_list_shows_working_days_left_overdue_and_paused(
    cases: dict[str, Application], hank: User
) -> None:
    actions.start_consultation(
        actor=hank, application=cases["later"], kind="third_party", party="某公司",
        sent_on=D(2024, 12, 31),
    )  # fmt: skip
    page = client_for(hank).get(url("list")).content.decode()
    overdue = cases["overdue"]
    late = -WorkdayCalendar().between(overdue.reply_due_on, TODAY).count  # type: ignore[arg-type]
    assert f'<span class="badge badge-warn">已超期 {-late} 个工作日</span>' in page
    assert '2024-12-31 <span class="badge">剩余 0 个工作日</span>' in page
    assert '<span class="badge">暂停计时</span>' in page
    assert '<span class="badge">待确认收到</span>' in page
    assert "赵六" not in page  # 文昌镇's case is not hank's to see


def test_list_is_paginated_by_20(binhe: Agency, hank: User) -> None:
    for _ in range(21):
        register(binhe, hank, submitted_on=D(2024, 12, 30))
    client = client_for(hank)
    first = client.get(url("list")).content.decode()
    assert "共 21 件" in first and "第 1 / 2 页" in first
    assert first.count('<tr>\n    <td><a href="/workbench/applications/') == 20
    second = client.get(url("list"), {"page": 2}).content.decode()
    assert second.count('<tr>\n    <td><a href="/workbench/applications/') == 1


def test_list_runs_a_fixed_number_of_queries(
    binhe: Agency, hank: User, django_assert_max_num_queries: Any
) -> None:
    for day in (2, 3, 4, 5, 6):
        register(binhe, hank, submitted_on=D(2024, 12, day))
    client = client_for(hank)
    client.get(url("list"))  # warm the session and calendar years
    with django_assert_max_num_queries(14):
        client.get(url("list"))


# --- disputes and complaints ------------------------------------------------------------------


def test_dispute_linked_to_an_application_is_recorded_and_edited(
    case: Application, hank: User
) -> None:
    client = client_for(hank)
    new = reverse("applications:dispute_new") + f"?application={case.pk}"
    assert case.agency.name in client.get(new).content.decode()
    response = client.post(
        new,
        {"kind": "reconsideration", "body": "中卫市人民政府", "claimant": "王小明",
         "filed_on": "2024-12-20", "result": "pending"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == url("detail", case.pk)
    dispute = Dispute.objects.get()
    assert (dispute.application, dispute.agency) == (case, case.agency)
    assert "行政复议" in client.get(url("detail", case.pk)).content.decode()
    edit = reverse("applications:dispute_edit", args=[dispute.pk])
    response = client.post(
        edit,
        {"kind": "reconsideration", "body": "中卫市人民政府", "claimant": "王小明",
         "filed_on": "2024-12-20", "result": "upheld", "closed_on": "2024-12-30"},
    )  # fmt: skip
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert (dispute.result, dispute.closed_on) == ("upheld", D(2024, 12, 30))


def test_dispute_form_errors(binhe: Agency, hank: User) -> None:
    client = client_for(hank)
    response = client.post(
        reverse("applications:dispute_new"),
        {"agency": binhe.pk, "filed_on": "2024-12-20", "result": "pending",
         "closed_on": "2024-12-30"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    for message in (
        "请选择类型：行政复议、未经复议直接起诉或复议后起诉",
        "请填写复议机关或受理法院",
        "请填写申请人或原告",
        "尚未审结的案件不填写审结日期",
    ):
        assert message in page
    assert not Dispute.objects.exists()


def test_complaint_is_recorded_listed_and_edited(
    binhe: Agency, hank: User, olga: User, wendy: User
) -> None:
    client = client_for(hank)
    bad = client.post(reverse("applications:complaint_new"), {"agency": binhe.pk})
    assert bad.status_code == 400
    for message in ("请填写举报投诉人", "请填写举报投诉事项", "请填写收到日期"):
        assert message in bad.content.decode()
    assert not Complaint.objects.exists()
    response = client.post(
        reverse("applications:complaint_new"),
        {"agency": binhe.pk, "complainant": "李某", "received_on": "2024-12-10",
         "subject": "申请后未收到答复"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:dispute_list")
    complaint = Complaint.objects.get()
    listing = client_for(olga).get(reverse("applications:dispute_list")).content.decode()
    assert "申请后未收到答复" in listing
    edit = reverse("applications:complaint_edit", args=[complaint.pk])
    assert edit not in listing  # read-only: no edit link
    assert client_for(olga).get(edit).status_code == 403
    assert client_for(wendy).get(edit).status_code == 404
    bad = client.post(
        edit, {"complainant": "李某", "received_on": "2024-12-10", "subject": "未答复",
               "handled_on": "2024-12-01"},
    )  # fmt: skip
    assert "办结日期不能早于收到日期" in bad.content.decode()
    response = client.post(
        edit, {"complainant": "李某", "received_on": "2024-12-10", "subject": "未答复",
               "handled_on": "2024-12-20", "result": "已督促答复"},
    )  # fmt: skip
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.handled_on, complaint.result) == (D(2024, 12, 20), "已督促答复")


def test_office_admin_of_the_district_handles_cases_below_it(
    binhe: Agency, hank: User, alice: User
) -> None:
    a = register(binhe, hank)
    client = client_for(alice)
    assert f'action="{url("reply", a.pk)}"' in client.get(url("detail", a.pk)).content.decode()
    assert client.post(url("withdraw", a.pk), {"reason": "书面撤回"}).status_code == 302


def test_a_handler_without_an_agency_role_elsewhere_is_refused(
    binhe: Agency, hank: User, district: Agency
) -> None:
    reader = make_user("reader", binhe, Role.PUBLISHER)
    a = register(binhe, hank)
    client = client_for(reader)
    # a publisher of the agency does not see applicants' files (ID numbers, scans)
    assert client.get(url("detail", a.pk)).status_code == 404
    assert client.post(url("note", a.pk), {"note": "x"}).status_code == 404
