"""The case actions: what each transition allows and refuses, what it stores, and
that every change leaves an audit event and nothing half-written."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from gongkai.applications import access, actions, dispute_actions, letter_actions
from gongkai.applications.actions import ApplicationError
from gongkai.applications.models import (
    Application,
    Fee,
    Letter,
    Outcome,
    Status,
)
from gongkai.applications.tests.conftest import COMPANY, PERSON, register
from gongkai.audit.models import Event
from gongkai.pii.scanner import id_check_char

D = datetime.date
OTHER_ID = (
    PERSON["id_number"][:6] + "19850505123" + id_check_char(PERSON["id_number"][:6] + "19850505123")
)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: D(2025, 6, 30))


def events(application: Application) -> list[str]:
    return list(
        Event.objects.for_object(application).order_by("pk").values_list("action", flat=True)
    )


def test_online_application_waits_for_confirmation_then_counts_from_it(binhe, hank) -> None:
    a = register(binhe, hank, channel="online", submitted_on=D(2025, 3, 7))
    assert a.status == Status.PENDING
    assert a.received_on is None and a.reply_due_on is None
    assert (a.alert_kind, a.alert_due_on) == ("confirm", D(2025, 3, 7))
    assert not Letter.objects.filter(application=a).exists()
    with pytest.raises(ApplicationError, match="请写明与申请人确认的方式"):
        actions.confirm_receipt(actor=hank, application=a, confirmed_on=D(2025, 3, 10), note=" ")
    a = actions.confirm_receipt(
        actor=hank, application=a, confirmed_on=D(2025, 3, 10), note="电话确认"
    )
    assert a.status == Status.PROCESSING
    assert a.received_on == D(2025, 3, 10)
    # from Monday 03-10: 19 working days reach Thursday 04-03; Qingming (04-04) is off,
    # so day 20 is Tuesday 04-08
    assert a.reply_due_on == D(2025, 4, 8)
    assert events(a) == [
        "applications.registered",
        "applications.confirm_receipt",
        "applications.letter_drafted",
    ]


def test_confirmation_before_submission_is_refused(binhe, hank) -> None:
    a = register(binhe, hank, channel="fax", submitted_on=D(2025, 3, 7))
    with pytest.raises(ApplicationError, match="确认日期不能早于申请提交日期"):
        actions.confirm_receipt(actor=hank, application=a, confirmed_on=D(2025, 3, 6), note="电话")
    a.refresh_from_db()
    assert a.status == Status.PENDING and a.received_on is None


def test_registration_with_bad_fields_saves_nothing(binhe, hank) -> None:
    with pytest.raises(ValidationError) as excinfo:
        register(binhe, hank, id_number="640502199001011230", phone="12345")
    errors = excinfo.value.message_dict
    assert errors["id_number"] == ["居民身份证号码不正确（校验位或出生日期有误），请核对"]
    assert errors["phone"] == ["联系电话格式不正确：请填写11位手机号码或带区号的固定电话"]
    assert Application.objects.count() == 0


def test_registration_numbers_run_per_agency_and_year(binhe, wenchang, hank) -> None:
    first = register(binhe, hank, submitted_on=D(2025, 1, 6))
    second = register(binhe, hank, submitted_on=D(2025, 2, 6))
    other = register(wenchang, None, submitted_on=D(2025, 2, 6))
    next_year = register(binhe, hank, submitted_on=D(2024, 12, 30))
    assert (first.serial, second.serial, other.serial, next_year.serial) == (1, 2, 1, 1)
    assert second.number == "〔2025〕0002号"
    assert len({first.tracking_code, second.tracking_code, other.tracking_code}) == 3


def test_organisation_needs_credit_code_and_contact(binhe, hank) -> None:
    with pytest.raises(ValidationError) as excinfo:
        register(
            binhe, hank, **(COMPANY | {"credit_code": "91640502MA76123481", "contact_person": ""})
        )
    errors = excinfo.value.message_dict
    assert errors["credit_code"] == ["统一社会信用代码校验位不正确，请核对"]
    assert errors["contact_person"] == ["请填写联系人姓名"]
    company = register(binhe, hank, **COMPANY)
    assert company.applicant_kind == "commercial" and company.id_number == ""


def test_correction_notice_late_is_recorded_in_the_timeline(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    assert a.correction_notice_due_on == D(2025, 3, 12)
    actions.request_correction(
        actor=hank,
        application=a,
        items="写明年份",
        deadline=D(2025, 3, 31),
        notified_on=D(2025, 3, 13),
    )
    event = Event.objects.for_object(a).get(action="applications.request_correction")
    assert "已超过收到申请后7个工作日的告知期限 2025-03-12" in event.summary


def test_no_correction_abandons_only_after_the_period(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    actions.request_correction(
        actor=hank,
        application=a,
        items="写明年份",
        deadline=D(2025, 3, 20),
        notified_on=D(2025, 3, 5),
    )
    with pytest.raises(ApplicationError, match="补正期限（2025-03-20）届满后才能按视为放弃处理"):
        actions.abandon_no_correction(actor=hank, application=a, on=D(2025, 3, 20))
    a = actions.abandon_no_correction(actor=hank, application=a, on=D(2025, 3, 21))
    assert a.status == Status.ABANDONED
    assert (a.outcome, a.report_row, a.legacy_row) == (
        Outcome.NO_CORRECTION,
        "other.no_correction",
        "3.3.7",
    )
    assert a.closed_on == D(2025, 3, 21) and a.alert_due_on is None


def test_still_unclear_needs_a_received_correction(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    with pytest.raises(ApplicationError, match="只适用于已告知补正并收到补正的申请"):
        actions.reply(
            actor=hank,
            application=a,
            outcome="unavailable.still_unclear",
            values={"reasoning": "仍不明确"},
        )


def test_fee_per_item_pauses_the_reply_clock_until_payment(binhe, hank) -> None:
    # ten earlier applications of the same applicant in March: this is the 11th → 100 元
    for day in (3, 4, 5, 6, 7, 10, 11, 12, 13, 14):
        register(binhe, hank, submitted_on=D(2025, 3, day))
    register(binhe, hank, submitted_on=D(2025, 2, 28))  # another month
    register(binhe, hank, submitted_on=D(2025, 3, 14), id_number=OTHER_ID)  # another person
    a = register(binhe, hank, submitted_on=D(2025, 3, 17))
    assert actions.nth_in_month(a) == 11
    fee = actions.issue_fee_notice(
        actor=hank,
        application=a,
        method="per_item",
        notice_on=D(2025, 3, 18),
        notice_received_on=D(2025, 3, 19),
    )
    assert fee.amount == Decimal(100)
    # payment within 20 working days from the day after receipt: 03-20 … 04-17 (Qingming 04-04 off)
    assert fee.payment_due_on == D(2025, 4, 17)
    a.refresh_from_db()
    assert a.status == Status.AWAITING_FEE and a.reply_due_on is None
    assert (a.alert_kind, a.alert_due_on) == ("payment", D(2025, 4, 17))
    with pytest.raises(
        ApplicationError, match=re.escape("实缴金额（90 元）与应缴金额（100.00 元）不一致")
    ):
        actions.record_payment(
            actor=hank, application=a, paid_on=D(2025, 3, 25), amount=Decimal(90)
        )
    actions.record_payment(actor=hank, application=a, paid_on=D(2025, 3, 25), amount=Decimal(100))
    a.refresh_from_db()
    assert a.status == Status.PROCESSING
    # 03-19 … 03-25 are five working days not counted: 20 + 5 working days from 03-17
    assert a.paused_workdays == 5
    assert a.reply_due_on == D(2025, 4, 22)


def test_free_fee_is_refused_with_the_explanation(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 17))
    with pytest.raises(ApplicationError, match="本申请在免费范围内"):
        actions.issue_fee_notice(actor=hank, application=a, method="per_page", pages=30)
    assert not Fee.objects.exists()
    a.refresh_from_db()
    assert a.status == Status.PROCESSING


def test_unpaid_fee_abandons_after_due_date(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 17))
    actions.issue_fee_notice(
        actor=hank, application=a, method="per_page", pages=150, notice_on=D(2025, 3, 18)
    )
    fee = Fee.objects.get(application=a)
    assert fee.amount == Decimal(1700)
    assert [line["amount"] for line in fee.lines] == ["0", "700", "1000"]
    with pytest.raises(ApplicationError, match="缴费期限（2025-04-16）届满后"):
        actions.abandon_unpaid_fee(actor=hank, application=a, on=D(2025, 4, 16))
    a = actions.abandon_unpaid_fee(actor=hank, application=a, on=D(2025, 4, 17))
    assert (a.status, a.report_row, a.legacy_row) == (Status.ABANDONED, "other.unpaid_fee", "")


def test_reply_after_deadline_is_marked_late(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    assert a.reply_due_on == D(2025, 3, 31)
    a = actions.reply(
        actor=hank,
        application=a,
        outcome="granted",
        values={"reply_summary": "提供文件"},
        replied_on=D(2025, 4, 1),
    )
    assert a.on_time is False
    assert (a.report_row, a.legacy_row) == ("granted", "3.3.2")
    assert Letter.objects.filter(application=a, kind="reply", outcome="granted").count() == 1


def test_partial_needs_withheld_part_ground_and_reason(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    with pytest.raises(ValidationError) as excinfo:
        actions.reply(actor=hank, application=a, outcome="partial", values={})
    assert excinfo.value.message_dict == {
        "withheld_description": ["部分公开须写明不予公开的内容"],
        "withheld_ground": ["部分公开须选择不予公开部分的法定理由"],
        "reasoning": ["部分公开须说明不予公开部分的理由"],
    }
    a.refresh_from_db()
    assert a.status == Status.PROCESSING and a.outcome == ""
    a = actions.reply(
        actor=hank,
        application=a,
        outcome="partial",
        values={
            "withheld_description": "个人身份信息",
            "withheld_ground": "refused.third_party",
            "third_party_interest": "privacy",
            "reasoning": "涉及个人隐私",
        },
        replied_on=D(2025, 3, 20),
    )
    assert (a.report_row, a.legacy_row, a.on_time) == ("partial", "3.3.3", True)


def test_transfer_names_the_responsible_agency_or_says_unknown(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    with pytest.raises(ValidationError) as excinfo:
        actions.transfer(actor=hank, application=a, responsible_agency="", reasoning="不属于本机关")
    assert "无法确定负责机关" in excinfo.value.message_dict["responsible_agency"][0]
    a = actions.transfer(
        actor=hank,
        application=a,
        responsible_agency="中卫市自然资源局",
        responsible_contact="0955-7000000",
        reasoning="该信息由市自然资源局制作",
        on=D(2025, 3, 10),
    )
    assert (a.status, a.report_row, a.legacy_row) == (
        Status.TRANSFERRED,
        "unavailable.not_held",
        "3.3.5",
    )
    with pytest.raises(ApplicationError, match="请先出具答复告知书，再登记送达"):
        actions.deliver(actor=hank, application=a, delivered_on=D(2025, 3, 11), method="email")
    letter_actions.issue_letter(
        actor=hank, letter=a.letters.get(kind="reply"), issued_on=D(2025, 3, 10)
    )
    a = actions.deliver(actor=hank, application=a, delivered_on=D(2025, 3, 11), method="email")
    assert (a.status, a.delivered_by) == (Status.DELIVERED, "email")
    with pytest.raises(ApplicationError, match="还有未出具的文书草稿"):
        actions.archive(actor=hank, application=a, on=D(2025, 3, 12))
    a.letters.filter(status="draft").delete()
    a = actions.archive(actor=hank, application=a, on=D(2025, 3, 12))
    assert (a.status, a.archived_on) == (Status.ARCHIVED, D(2025, 3, 12))


def test_withdrawal_before_confirmation_is_never_counted(binhe, hank) -> None:
    a = register(binhe, hank, channel="email", submitted_on=D(2025, 3, 3))
    a = actions.withdraw(actor=hank, application=a, reason="申请人来电撤回", on=D(2025, 3, 4))
    assert (a.status, a.outcome, a.closed_on, a.received_on) == (Status.WITHDRAWN, "", None, None)
    b = register(binhe, hank, submitted_on=D(2025, 3, 3))
    b = actions.withdraw(actor=hank, application=b, reason="书面撤回", on=D(2025, 3, 4))
    assert (b.outcome, b.report_row, b.legacy_row) == (Outcome.WITHDRAWN, "other.other", "")


def test_transition_not_allowed_names_the_status(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    with pytest.raises(ApplicationError) as excinfo:
        actions.record_payment(actor=hank, application=a, paid_on=D(2025, 3, 4), amount=Decimal(1))
    assert str(excinfo.value) == "该申请当前为“办理中”，只有待缴费的申请可以进行此操作"


def test_extension_limits_and_approver(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    with pytest.raises(ApplicationError, match="延长期限应为 1 到 20 个工作日"):
        actions.extend(actor=hank, application=a, days=21, approver="张", reason="x")
    with pytest.raises(ApplicationError, match="请填写批准延期"):
        actions.extend(actor=hank, application=a, days=10, approver=" ", reason="x")
    with pytest.raises(ApplicationError, match="答复期限（2025-03-31）已过"):
        actions.extend(
            actor=hank, application=a, days=10, approver="张", reason="x", decided_on=D(2025, 4, 1)
        )
    old = register(binhe, hank, submitted_on=D(2019, 5, 14))
    with pytest.raises(ApplicationError, match="延长期限应为 1 到 15 个工作日"):
        actions.extend(
            actor=hank,
            application=old,
            days=16,
            approver="张",
            reason="x",
            decided_on=D(2019, 5, 20),
        )


def test_handler_of_another_agency_cannot_open_the_case(binhe, hank, wendy, olga) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    with pytest.raises(Http404):
        access.get_application_for_user(wendy, a.pk)
    assert access.get_application_for_user(hank, a.pk, handle=True) == a
    assert access.get_application_for_user(olga, a.pk) == a
    assert not access.can_handle(olga, a.agency)


def test_disputes_validate_and_are_audited(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    with pytest.raises(ValidationError) as excinfo:
        dispute_actions.record_dispute(
            actor=hank,
            agency=binhe,
            application=a,
            values={
                "kind": "reconsideration",
                "body": "",
                "claimant": "王小明",
                "filed_on": D(2025, 5, 1),
                "result": "upheld",
            },
        )
    assert excinfo.value.message_dict == {
        "body": ["请填写复议机关或受理法院"],
        "closed_on": ["已审结的案件请填写审结日期"],
    }
    dispute = dispute_actions.record_dispute(
        actor=hank,
        agency=binhe,
        application=a,
        values={
            "kind": "reconsideration",
            "body": "中卫市沙坡头区人民政府",
            "claimant": "王小明",
            "filed_on": D(2025, 5, 1),
        },
    )
    assert dispute.result == "pending"
    dispute = dispute_actions.update_dispute(
        actor=hank,
        dispute=dispute,
        values={
            "kind": "reconsideration",
            "body": "中卫市沙坡头区人民政府",
            "claimant": "王小明",
            "filed_on": D(2025, 5, 1),
            "result": "corrected",
            "closed_on": D(2025, 6, 20),
        },
    )
    assert Event.objects.for_object(dispute).count() == 2
    assert "applications.dispute_recorded" in events(a)


def test_control_characters_are_dropped_and_long_emails_refused(binhe, hank) -> None:
    a = register(binhe, hank, applicant_name="王\x07小明\x00", description="低保\x0b资金")
    assert (a.applicant_name, a.description) == ("王小明", "低保资金")
    with pytest.raises(ValidationError) as excinfo:
        register(binhe, hank, email="a" * 250 + "@x.cn")
    assert excinfo.value.message_dict["email"] == ["电子邮箱不能超过254个字符"]


def test_correction_period_and_consultation_dates_are_bounded(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 6, 2))
    with pytest.raises(ApplicationError, match="不能超过告知日期后一年"):
        actions.request_correction(
            actor=hank, application=a, items="写明年份", deadline=D(2099, 1, 1),
            notified_on=D(2025, 6, 3),
        )  # fmt: skip
    with pytest.raises(ApplicationError, match="对方收到日期不能晚于今天"):
        actions.start_consultation(
            actor=hank, application=a, kind="third_party", party="某公司",
            sent_on=D(2025, 6, 3), delivered_on=D(2025, 7, 1),
        )  # fmt: skip
