"""Domain review of the actions: steps cannot be dated before the steps already taken,
a 补正 cannot follow a consultation or a fee, a withdrawal is neither on time nor late,
reply fields are checked against their choices, fees start in 2021, and a new holiday
schedule moves the open consultation and payment periods too."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gongkai.applications import actions, dispute_actions
from gongkai.applications.actions import ApplicationError
from gongkai.applications.models import Application, Consultation, Fee, Status
from gongkai.applications.tests.conftest import register
from gongkai.workdays import actions as workday_actions

D = datetime.date


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: D(2026, 12, 31))


def fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


def consult(a: Application, hank, sent: D, answered: D | None = None) -> Consultation:  # type: ignore[no-untyped-def]
    c = actions.start_consultation(
        actor=hank, application=a, kind="third_party", party="某公司", sent_on=sent
    )
    if answered is not None:
        actions.finish_consultation(
            actor=hank, consultation=c, answered_on=answered, answer="consent"
        )
    return c


def corrected(binhe, hank) -> Application:  # type: ignore[no-untyped-def]
    """Received Monday 2025-03-03, told to correct on 03-05, corrected on 03-20."""
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    actions.request_correction(
        actor=hank, application=a, items="请写明年份", deadline=D(2025, 3, 28),
        notified_on=D(2025, 3, 5),
    )  # fmt: skip
    return actions.receive_correction(actor=hank, application=a, received_on=D(2025, 3, 20))


# --- 补正 comes first ------------------------------------------------------------------------


def test_a_correction_cannot_follow_a_consultation(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    consult(a, hank, D(2025, 3, 4), D(2025, 3, 14))
    # before the fix the 8 paused days of 03-05…03-14 were added to the period that
    # restarted on 03-20: reply due 04-29 instead of 04-18
    with pytest.raises(ApplicationError, match=r"^已征求意见或发出收费通知的申请不能再告知补正$"):
        actions.request_correction(
            actor=hank, application=a, items="x", deadline=D(2025, 3, 28),
            notified_on=D(2025, 3, 14),
        )  # fmt: skip
    assert fresh(a).status == Status.PROCESSING


def test_a_correction_cannot_follow_a_fee(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    fee = actions.issue_fee_notice(
        actor=hank, application=a, method="per_page", pages=150, notice_on=D(2025, 3, 4)
    )
    actions.record_payment(actor=hank, application=a, paid_on=D(2025, 3, 6), amount=fee.amount)
    with pytest.raises(ApplicationError, match=r"^已征求意见或发出收费通知的申请不能再告知补正$"):
        actions.request_correction(actor=hank, application=a, items="x", deadline=D(2025, 3, 28))


def test_the_restarted_period_counts_only_pauses_after_the_correction(binhe, hank) -> None:
    a = corrected(binhe, hank)
    # 20 working days from 03-20: 03-21 1, 03-24…28 2–6, 03-31…04-03 7–10 (Qingming
    # 04-04…06 off), 04-07…11 11–15, 04-14…17 16–19, 04-18 20
    assert (a.clock_start_on, a.paused_workdays, a.reply_due_on) == (
        D(2025, 3, 20),
        0,
        D(2025, 4, 18),
    )


# --- the dates of a case stay in order -------------------------------------------------------


def test_extension_cannot_be_decided_before_the_correction_arrived(binhe, hank) -> None:
    a = corrected(binhe, hank)
    with pytest.raises(
        ApplicationError, match=re.escape("延期决定日期不能早于收到补正日期（2025-03-20）")
    ):
        actions.extend(
            actor=hank, application=a, days=5, approver="张主任", reason="r",
            decided_on=D(2025, 3, 10),
        )  # fmt: skip
    assert fresh(a).extension_days == 0


def test_extension_cannot_be_decided_before_receipt(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    with pytest.raises(ApplicationError, match=r"^延期决定日期不能早于收到申请日期$"):
        actions.extend(
            actor=hank, application=a, days=5, approver="张主任", reason="r",
            decided_on=D(2025, 3, 1),
        )  # fmt: skip


def test_reply_cannot_be_dated_before_the_correction_arrived(binhe, hank) -> None:
    a = corrected(binhe, hank)
    # before the fix: accepted and recorded as on time
    with pytest.raises(
        ApplicationError, match=re.escape("答复日期不能早于收到补正日期（2025-03-20）")
    ):
        actions.reply(
            actor=hank, application=a, outcome="granted", values={}, replied_on=D(2025, 3, 10)
        )
    a = fresh(a)
    assert (a.status, a.outcome, a.closed_on, a.on_time) == (Status.PROCESSING, "", None, None)


def test_reply_cannot_be_dated_before_the_consultation_answer(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    consult(a, hank, D(2025, 3, 4), D(2025, 3, 14))
    with pytest.raises(
        ApplicationError, match=re.escape("答复日期不能早于征求意见答复日期（2025-03-14）")
    ):
        actions.reply(
            actor=hank, application=a, outcome="granted", values={}, replied_on=D(2025, 3, 13)
        )
    a = actions.reply(
        actor=hank, application=a, outcome="granted", values={}, replied_on=D(2025, 3, 14)
    )
    assert a.status == Status.REPLIED


def test_fee_notice_cannot_be_dated_before_the_consultation_answer(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    consult(a, hank, D(2025, 3, 4), D(2025, 3, 14))
    with pytest.raises(
        ApplicationError, match=re.escape("收费通知日期不能早于征求意见答复日期（2025-03-14）")
    ):
        actions.issue_fee_notice(
            actor=hank, application=a, method="per_page", pages=150, notice_on=D(2025, 3, 10)
        )
    assert not Fee.objects.exists()


def test_consultation_cannot_be_sent_before_the_extension(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    actions.extend(
        actor=hank, application=a, days=10, approver="张主任", reason="r",
        decided_on=D(2025, 3, 20),
    )  # fmt: skip
    with pytest.raises(
        ApplicationError, match=re.escape("征求意见函的发出日期不能早于延期决定日期（2025-03-20）")
    ):
        consult(a, hank, D(2025, 3, 10))
    assert not Consultation.objects.exists()


def test_overlapping_consultations_may_still_be_recorded(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    first = consult(a, hank, D(2025, 3, 10))
    consult(a, hank, D(2025, 3, 5))  # a letter sent earlier, recorded second
    actions.finish_consultation(
        actor=hank, consultation=first, answered_on=D(2025, 3, 14), answer="consent"
    )
    assert fresh(a).status == Status.CONSULTATION


def test_transfer_cannot_be_dated_before_the_payment(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    fee = actions.issue_fee_notice(
        actor=hank, application=a, method="per_page", pages=150, notice_on=D(2025, 3, 4)
    )
    actions.record_payment(actor=hank, application=a, paid_on=D(2025, 3, 12), amount=fee.amount)
    with pytest.raises(ApplicationError, match=re.escape("告知日期不能早于缴费日期（2025-03-12）")):
        actions.transfer(
            actor=hank, application=a, responsible_agency="中卫市自然资源局",
            reasoning="不属于本机关", on=D(2025, 3, 11),
        )  # fmt: skip


def test_withdrawal_cannot_be_dated_before_the_correction_notice(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    actions.request_correction(
        actor=hank, application=a, items="x", deadline=D(2025, 3, 28), notified_on=D(2025, 3, 7)
    )
    with pytest.raises(
        ApplicationError, match=re.escape("撤回日期不能早于补正告知日期（2025-03-07）")
    ):
        actions.withdraw(actor=hank, application=a, reason="书面撤回", on=D(2025, 3, 6))
    a = actions.withdraw(actor=hank, application=a, reason="书面撤回", on=D(2025, 3, 10))
    assert (a.status, a.report_row, a.on_time) == (Status.WITHDRAWN, "other.other", None)


def test_withdrawal_before_receipt_cannot_precede_the_submission(binhe, hank) -> None:
    a = register(binhe, hank, channel="fax", submitted_on=D(2025, 3, 3))
    with pytest.raises(ApplicationError, match=r"^撤回日期不能早于申请提交日期$"):
        actions.withdraw(actor=hank, application=a, reason="书面撤回", on=D(2025, 3, 2))


def test_a_withdrawal_is_neither_on_time_nor_late(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    # after the reply due date 03-31: before the fix on_time was False (and True before it)
    a = actions.withdraw(actor=hank, application=a, reason="书面撤回", on=D(2025, 4, 2))
    a = fresh(a)
    assert (a.status, a.closed_on, a.on_time) == (Status.WITHDRAWN, D(2025, 4, 2), None)


def test_archive_cannot_precede_the_closing(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    a = actions.withdraw(actor=hank, application=a, reason="书面撤回", on=D(2025, 3, 10))
    a.letters.all().delete()
    with pytest.raises(
        ApplicationError, match=re.escape("归档日期不能早于办结或送达日期（2025-03-10）")
    ):
        actions.archive(actor=hank, application=a, on=D(2025, 3, 5))
    a = actions.archive(actor=hank, application=a, on=D(2025, 3, 10))
    assert a.status == Status.ARCHIVED


# --- reply fields -----------------------------------------------------------------------------


def test_an_unknown_third_party_interest_is_refused_with_a_message(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    # before the fix: stored, counted in legacy row 3.3.4b, then a 500 drafting the letter
    with pytest.raises(ValidationError) as excinfo:
        actions.reply(
            actor=hank, application=a, outcome="refused.third_party",
            values={"reasoning": "涉及商业秘密", "third_party_interest": "bogus"},
            replied_on=D(2025, 3, 10),
        )  # fmt: skip
    assert excinfo.value.message_dict == {"third_party_interest": ["第三方权益的取值“bogus”无效"]}
    assert fresh(a).status == Status.PROCESSING


def test_the_third_party_interest_is_kept_only_for_a_third_party_ground(binhe, hank) -> None:
    granted = register(binhe, hank, submitted_on=D(2025, 3, 3))
    granted = actions.reply(
        actor=hank, application=granted, outcome="granted",
        values={"third_party_interest": "privacy"}, replied_on=D(2025, 3, 10),
    )  # fmt: skip
    assert fresh(granted).third_party_interest == ""
    partial = register(binhe, hank, submitted_on=D(2025, 3, 3))
    partial = actions.reply(
        actor=hank, application=partial, outcome="partial",
        values={
            "withheld_description": "身份证号码", "withheld_ground": "refused.third_party",
            "third_party_interest": "privacy", "reasoning": "涉及个人隐私",
        },
        replied_on=D(2025, 3, 10),
    )  # fmt: skip
    assert (fresh(partial).third_party_interest, partial.legacy_row) == ("privacy", "3.3.3")


# --- fees start in 2021 -----------------------------------------------------------------------


def test_no_information_processing_fee_before_2021(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2020, 12, 1))
    with pytest.raises(
        ApplicationError,
        match=re.escape(
            "信息处理费自2021年1月1日起收取（国办函〔2020〕109号），此前不能发出收费通知"
        ),
    ):
        actions.issue_fee_notice(
            actor=hank, application=a, method="per_page", pages=150, notice_on=D(2020, 12, 2)
        )
    assert not Fee.objects.exists()


# --- a new holiday schedule moves every running period ----------------------------------------


def test_a_new_schedule_moves_the_open_consultation_and_payment_periods(
    binhe, hank, django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch
) -> None:
    consulted = register(binhe, hank, submitted_on=D(2026, 12, 10))
    c = actions.start_consultation(
        actor=hank, application=consulted, kind="third_party", party="某公司",
        sent_on=D(2026, 12, 14), delivered_on=D(2026, 12, 15),
    )  # fmt: skip
    # 15 working days from Tuesday 12-15: 12-16…18 1–3, 12-21…25 4–8, 12-28…31 9–12,
    # 2027 unknown (Monday–Friday): 1-1 13, 1-4 14, 1-5 15
    assert (c.due_on, c.due_provisional) == (D(2027, 1, 5), True)
    charged = register(binhe, hank, submitted_on=D(2026, 12, 10))
    fee = actions.issue_fee_notice(
        actor=hank, application=charged, method="per_page", pages=150, notice_on=D(2026, 12, 14)
    )
    # 20 working days from 12-14: 12-15…18 1–4, 12-21…25 5–9, 12-28…31 10–13, 1-1 14,
    # 1-4…8 15–19, 1-11 20
    assert (fee.payment_due_on, fee.due_provisional) == (D(2027, 1, 11), True)
    # the next deadline of each case is provisional, so the case says so (before the fix
    # only the reply period's flag counted, and there is none while the clock is paused)
    assert (fresh(consulted).alert_due_on, fresh(consulted).due_provisional) == (
        D(2027, 1, 5),
        True,
    )
    assert (fresh(charged).alert_due_on, fresh(charged).due_provisional) == (D(2027, 1, 11), True)
    with django_capture_on_commit_callbacks(execute=True):
        schedule = workday_actions.create_schedule(actor=None, year=2027, notice="假设的通知")
        workday_actions.set_schedule_day(
            actor=None, schedule=schedule, date=D(2027, 1, 1), is_workday=False, note="元旦"
        )
    # 1-1 is now a holiday: each period ends one working day later and is no longer
    # provisional (before the fix both kept their provisional dates)
    c.refresh_from_db()
    assert (c.due_on, c.due_provisional) == (D(2027, 1, 6), False)
    assert (fresh(consulted).alert_kind, fresh(consulted).alert_due_on) == (
        "consultation",
        D(2027, 1, 6),
    )
    fee.refresh_from_db()
    assert (fee.payment_due_on, fee.due_provisional) == (D(2027, 1, 12), False)
    assert (fresh(charged).alert_kind, fresh(charged).alert_due_on) == ("payment", D(2027, 1, 12))
    assert (fresh(consulted).due_provisional, fresh(charged).due_provisional) == (False, False)
    monkeypatch.setattr(actions, "today", lambda: D(2027, 1, 12))
    with pytest.raises(ApplicationError, match=re.escape("缴费期限（2027-01-12）届满后")):
        actions.abandon_unpaid_fee(actor=hank, application=charged, on=D(2027, 1, 12))


def test_answered_consultations_and_paid_fees_keep_their_dates(
    binhe, hank, django_capture_on_commit_callbacks
) -> None:
    a = register(binhe, hank, submitted_on=D(2026, 12, 10))
    c = consult(a, hank, D(2026, 12, 14), D(2026, 12, 18))
    fee = actions.issue_fee_notice(
        actor=hank, application=a, method="per_page", pages=150, notice_on=D(2026, 12, 21)
    )
    actions.record_payment(actor=hank, application=a, paid_on=D(2026, 12, 22), amount=Decimal(1700))
    with django_capture_on_commit_callbacks(execute=True):
        workday_actions.create_schedule(actor=None, year=2027, notice="假设的通知")
    c.refresh_from_db()
    fee.refresh_from_db()
    assert (c.due_on, c.due_provisional) == (D(2027, 1, 4), True)
    assert (fee.payment_due_on, fee.due_provisional) == (D(2027, 1, 18), True)


# --- complaints --------------------------------------------------------------------------------


def test_a_complaint_cannot_be_handled_in_the_future(binhe, hank) -> None:
    with pytest.raises(ValidationError) as excinfo:
        dispute_actions.record_complaint(
            actor=hank, agency=binhe,
            values={"complainant": "王小明", "subject": "未按期答复",
                    "received_on": D(2026, 12, 1), "handled_on": D(2027, 1, 5)},
        )  # fmt: skip
    assert excinfo.value.message_dict == {"handled_on": ["办结日期不能晚于今天"]}


def test_a_correction_cannot_revive_a_reply_period_that_has_run_out(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    assert a.reply_due_on == D(2025, 3, 31)
    # before the fix the late notice restarted the period and the overdue case became
    # "on time" again once the correction arrived
    with pytest.raises(
        ApplicationError,
        match=re.escape("答复期限（2025-03-31）已过，不能再告知补正，请依法作出答复"),
    ):
        actions.request_correction(
            actor=hank, application=a, items="x", deadline=D(2025, 4, 20),
            notified_on=D(2025, 4, 1),
        )  # fmt: skip
    a = actions.request_correction(
        actor=hank, application=a, items="x", deadline=D(2025, 4, 20), notified_on=D(2025, 3, 31)
    )
    assert a.status == Status.CORRECTION


# --- a combination, checked at every step ------------------------------------------------------


def stored(a: Application) -> tuple[object, ...]:
    a = fresh(a)
    return (a.status, a.clock_start_on, a.paused_workdays, a.reply_due_on, a.alert_kind,
            a.alert_due_on)  # fmt: skip


def test_correction_consultation_fee_and_extension_together(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 3, 3))
    actions.request_correction(
        actor=hank, application=a, items="x", deadline=D(2025, 3, 28), notified_on=D(2025, 3, 5)
    )
    assert stored(a) == (Status.CORRECTION, D(2025, 3, 3), 0, None, "correction", D(2025, 3, 28))
    actions.receive_correction(actor=hank, application=a, received_on=D(2025, 3, 10))
    # 20 working days from Monday 03-10: 03-11…14 1–4, 03-17…21 5–9, 03-24…28 10–14,
    # 03-31…04-03 15–18, (04-04 Qingming), 04-07 19, 04-08 20
    assert stored(a) == (
        Status.PROCESSING,
        D(2025, 3, 10),
        0,
        D(2025, 4, 8),
        "reply",
        D(2025, 4, 8),
    )
    c = actions.start_consultation(
        actor=hank, application=a, kind="co_maker", party="某局", sent_on=D(2025, 3, 12),
        delivered_on=D(2025, 3, 13),
    )  # fmt: skip
    assert stored(a) == (Status.CONSULTATION, D(2025, 3, 10), 0, None, "consultation", c.due_on)
    actions.finish_consultation(
        actor=hank, consultation=c, answered_on=D(2025, 3, 19), answer="consent"
    )
    # 03-13, 14, 17, 18, 19 not counted: 25 working days → 04-15
    assert stored(a) == (
        Status.PROCESSING,
        D(2025, 3, 10),
        5,
        D(2025, 4, 15),
        "reply",
        D(2025, 4, 15),
    )
    fee = actions.issue_fee_notice(
        actor=hank, application=a, method="per_page", pages=40, notice_on=D(2025, 3, 24)
    )
    assert stored(a) == (
        Status.AWAITING_FEE, D(2025, 3, 10), 5, None, "payment", fee.payment_due_on,
    )  # fmt: skip
    actions.record_payment(actor=hank, application=a, paid_on=D(2025, 3, 27), amount=fee.amount)
    # 03-25, 26, 27 not counted either: 28 working days → 04-18
    assert stored(a) == (
        Status.PROCESSING,
        D(2025, 3, 10),
        8,
        D(2025, 4, 18),
        "reply",
        D(2025, 4, 18),
    )
    actions.extend(
        actor=hank, application=a, days=20, approver="张主任", reason="r", decided_on=D(2025, 4, 1)
    )
    # +20: 04-21…25 29–33, Sunday 04-27 (make-up day) 34, 04-28…30 35–37, (05-01…05
    # Labour Day), 05-06…09 38–41, 05-12…16 42–46, 05-19 47, 05-20 48
    assert stored(a) == (
        Status.EXTENDED,
        D(2025, 3, 10),
        8,
        D(2025, 5, 20),
        "reply",
        D(2025, 5, 20),
    )
    assert fresh(a).latest_due_on == D(2025, 5, 20)
    with pytest.raises(ApplicationError, match="只有办理中的申请可以进行此操作"):
        actions.extend(actor=hank, application=a, days=1, approver="张主任", reason="r")
    a = actions.reply(
        actor=hank, application=a, outcome="granted", values={}, replied_on=D(2025, 5, 20)
    )
    assert (a.on_time, a.reply_due_on, a.alert_due_on, a.legacy_row) == (
        True, D(2025, 5, 20), None, "3.3.2",
    )  # fmt: skip


def test_no_application_before_the_2007_regulation_took_effect(binhe, hank) -> None:
    # before the fix it was registered and given the 2007 periods
    with pytest.raises(ValidationError) as excinfo:
        register(binhe, hank, submitted_on=D(2008, 4, 30))
    assert excinfo.value.message_dict == {
        "submitted_on": ["提交日期不能早于 2008-05-01（《政府信息公开条例》施行之日）"]
    }
    assert not Application.objects.exists()
    assert register(binhe, hank, submitted_on=D(2008, 5, 1)).reply_due_on is not None
