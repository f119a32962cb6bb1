"""The statutory periods of disclosure on request (deadlines.py), the deadline fields the
actions store, the fee tiers (fees.py, rules.md §4) and where each outcome is counted
(outcomes.py).

Expected dates are counted by hand from the State Council holiday notices:

- 2019 Labour Day: 1–4 May off, Sunday 28 April and Sunday 5 May worked; Dragon Boat
  Festival: 7–9 June off.
- 2024 National Day: 1–7 October off; Sunday 29 September and Saturday 12 October worked.
- 2025 Spring Festival: 28 January – 4 February off; Sunday 26 January and Saturday
  8 February worked.
- 2027: no schedule entered — Monday to Friday, provisional.

Counting: the day after the trigger day is day 1; only working days are counted.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import actions, deadlines, fees, outcomes
from gongkai.applications.actions import ApplicationError
from gongkai.applications.models import Application, Fee, Outcome, Status
from gongkai.applications.tests.conftest import COMPANY, PERSON, register
from gongkai.reports.formspec import application_rows
from gongkai.workdays import actions as workday_actions
from gongkai.workdays.calendar import WorkdayCalendar

D = datetime.date


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: D(2026, 12, 31))


def fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


# --- the receipt date (第三十一条) -------------------------------------------------------------


def test_receipt_date_per_channel() -> None:
    submitted, signed, confirmed = D(2024, 9, 27), D(2024, 9, 30), D(2024, 10, 8)
    got = {
        channel: deadlines.receipt_date(
            channel, submitted_on=submitted, signed_on=signed, confirmed_on=confirmed
        )
        for channel in ("in_person", "registered_mail", "ordinary_mail", "fax", "online", "email")
    }
    assert got == {
        "in_person": submitted,
        "registered_mail": signed,
        "ordinary_mail": confirmed,
        "fax": confirmed,
        "online": confirmed,
        "email": confirmed,
    }
    for channel in ("ordinary_mail", "fax", "online", "email"):
        assert deadlines.receipt_date(channel, submitted_on=submitted) is None


def test_in_person_is_received_on_submission(binhe: Agency, hank: User) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    assert (a.status, a.received_on, a.clock_start_on) == (
        Status.PROCESSING,
        D(2024, 9, 27),
        D(2024, 9, 27),
    )


def test_registered_mail_is_received_on_the_day_it_was_signed_for(binhe, hank) -> None:
    a = register(
        binhe,
        hank,
        channel="registered_mail",
        submitted_on=D(2024, 9, 27),
        signed_on=D(2024, 9, 30),
    )
    assert (a.status, a.received_on) == (Status.PROCESSING, D(2024, 9, 30))
    # 9-30 + 20: 10-08 is day 1 … 10-12 (make-up Saturday) day 5 … 11-01 day 20
    assert a.reply_due_on == D(2024, 11, 1)


@pytest.mark.parametrize("channel", ["ordinary_mail", "fax", "online", "email"])
def test_confirmed_channels_wait_for_the_confirmation(binhe, hank, channel) -> None:
    a = register(binhe, hank, channel=channel, submitted_on=D(2024, 9, 27))
    assert (a.status, a.received_on, a.reply_due_on) == (Status.PENDING, None, None)
    assert (a.alert_due_on, a.alert_kind) == (D(2024, 9, 27), "confirm")
    with pytest.raises(ApplicationError, match=r"^确认日期不能早于申请提交日期$"):
        actions.confirm_receipt(actor=hank, application=a, confirmed_on=D(2024, 9, 26), note="电话")
    with pytest.raises(
        ApplicationError, match=r"^请写明与申请人确认的方式（如电话确认、回复邮件）$"
    ):
        actions.confirm_receipt(actor=hank, application=a, confirmed_on=D(2024, 9, 30), note=" ")
    a = actions.confirm_receipt(
        actor=hank, application=a, confirmed_on=D(2024, 9, 30), note="电话确认"
    )
    assert (a.status, a.received_on, a.clock_start_on) == (
        Status.PROCESSING,
        D(2024, 9, 30),
        D(2024, 9, 30),
    )
    assert a.reply_due_on == D(2024, 11, 1)
    assert (a.alert_due_on, a.alert_kind) == (D(2024, 11, 1), "reply")


def test_a_confirmation_date_given_at_registration_is_the_receipt_date(binhe, hank) -> None:
    a = register(
        binhe,
        hank,
        channel="online",
        submitted_on=D(2024, 9, 27),
        confirmed_on=D(2024, 9, 29),
        confirmation_note="回复邮件确认",
    )
    assert (a.status, a.received_on) == (Status.PROCESSING, D(2024, 9, 29))


# --- periods across holidays -------------------------------------------------------------------


def test_across_the_2024_national_day(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    # 补正告知 7: 9-29 (make-up Sunday) 1, 9-30 2, [10-1…10-7 off], 10-8…10-11 3–6,
    # 10-12 (make-up Saturday) 7
    assert a.correction_notice_due_on == D(2024, 10, 12)
    # 答复 20: 10-14…10-18 8–12, 10-21…10-25 13–17, 10-28…10-30 18–20
    assert a.reply_due_on == D(2024, 10, 30)
    # +20: 10-31, 11-1 21–22, then four full weeks 11-4…11-29 reach 40 on 11-27
    assert a.latest_due_on == D(2024, 11, 27)
    assert (a.paused_workdays, a.due_provisional) == (0, False)
    assert (a.alert_due_on, a.alert_kind) == (D(2024, 10, 30), "reply")


def test_across_the_2025_spring_festival(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 1, 24))
    # 1-26 (make-up Sunday) 1, 1-27 2, [1-28…2-4 off], 2-5…2-7 3–5, 2-8 (make-up Saturday) 6,
    # 2-10 7
    assert a.correction_notice_due_on == D(2025, 2, 10)
    # 2-11…2-14 8–11, 2-17…2-21 12–16, 2-24…2-27 17–20
    assert a.reply_due_on == D(2025, 2, 27)
    # 2-28 21, then March weekdays: 3-3…3-7 22–26, 3-10…3-14 27–31, 3-17…3-21 32–36,
    # 3-24…3-27 37–40
    assert a.latest_due_on == D(2025, 3, 27)


def test_a_make_up_working_day_counts(db: None) -> None:
    cal = WorkdayCalendar()
    # Friday 2024-10-11 + 1 working day is the make-up Saturday 10-12
    assert cal.add(D(2024, 10, 11), 1).date == D(2024, 10, 12)
    # Friday 2025-01-24 + 1 is the make-up Sunday 01-26
    assert cal.add(D(2025, 1, 24), 1).date == D(2025, 1, 26)


def test_working_days_left(db: None) -> None:
    cal = WorkdayCalendar()
    due = D(2024, 10, 30)
    # after 9-30: 10-8…10-12 (5), 10-14…10-18 (5), 10-21…10-25 (5), 10-28…10-30 (3)
    assert deadlines.workdays_left(cal, D(2024, 9, 30), due) == 18
    assert deadlines.workdays_left(cal, due, due) == 0
    assert deadlines.workdays_left(cal, D(2024, 11, 2), due) == -2  # 10-31, 11-1 past due


# --- pauses -------------------------------------------------------------------------------------


def consult(a: Application, hank: User, sent: D, delivered: D | None = None):  # type: ignore[no-untyped-def]
    return actions.start_consultation(
        actor=hank,
        application=a,
        kind="third_party",
        party="某公司",
        sent_on=sent,
        delivered_on=delivered or sent,
    )


def answer(c, hank: User, on: D) -> None:  # type: ignore[no-untyped-def]
    actions.finish_consultation(actor=hank, consultation=c, answered_on=on, answer="consent")


def test_consultation_days_are_not_counted(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    c = consult(a, hank, D(2024, 10, 9), D(2024, 10, 10))
    # the third party answers within 15 working days of receiving the letter (10-10):
    # 10-11 1, 10-12 (make-up) 2, 10-14…10-18 3–7, 10-21…10-25 8–12, 10-28…10-30 13–15
    assert c.due_on == D(2024, 10, 30)
    a = fresh(a)
    assert (a.status, a.reply_due_on, a.latest_due_on) == (Status.CONSULTATION, None, None)
    assert (a.alert_due_on, a.alert_kind) == (D(2024, 10, 30), "consultation")
    answer(c, hank, D(2024, 10, 18))
    a = fresh(a)
    # paused: 10-10, 10-11, 10-12, 10-14…10-18 = 8 working days after the sending day
    assert (a.status, a.paused_workdays) == (Status.PROCESSING, 8)
    # 20 + 8 = 28 from 9-27: 10-30 is 20, 10-31 21, 11-1 22, 11-4…11-8 23–27, 11-11 28
    assert a.reply_due_on == D(2024, 11, 11)
    # 40 + 8 = 48: 11-27 is 40, 11-28 41, 11-29 42, 12-2…12-6 43–47, 12-9 48
    assert a.latest_due_on == D(2024, 12, 9)


def test_overlapping_consultations_are_not_counted_twice(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    first = consult(a, hank, D(2024, 10, 9))
    second = consult(a, hank, D(2024, 10, 14))
    answer(first, hank, D(2024, 10, 18))
    a = fresh(a)
    assert (a.status, a.reply_due_on) == (Status.CONSULTATION, None)  # the second is open
    answer(second, hank, D(2024, 10, 22))
    a = fresh(a)
    # one pause 10-9 → 10-22: 10-10, 10-11, 10-12, 10-14…10-18, 10-21, 10-22 = 10
    # (counted separately it would be 8 + 6 = 14)
    assert a.paused_workdays == 10
    # 30 from 9-27: 11-11 is 28, 11-12 29, 11-13 30
    assert a.reply_due_on == D(2024, 11, 13)


def test_the_fee_pause(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    fee = actions.issue_fee_notice(
        actor=hank, application=a, method="per_page", pages=100, notice_on=D(2024, 10, 8)
    )
    # payment within 20 working days from the day after the notice arrived (10-8):
    # 10-9…10-12 1–4, 10-14…10-18 5–9, 10-21…10-25 10–14, 10-28…10-31 15–18, 11-1 19, 11-4 20
    assert fee.payment_due_on == D(2024, 11, 4)
    a = fresh(a)
    assert (a.status, a.reply_due_on) == (Status.AWAITING_FEE, None)
    assert (a.alert_due_on, a.alert_kind) == (D(2024, 11, 4), "payment")
    actions.record_payment(actor=hank, application=a, paid_on=D(2024, 10, 15), amount=Decimal(700))
    a = fresh(a)
    # paused 10-9…10-12, 10-14, 10-15 = 6; 26 from 9-27: 10-30 20 … 11-7 26
    assert (a.status, a.paused_workdays, a.reply_due_on) == (Status.PROCESSING, 6, D(2024, 11, 7))


def test_the_fee_pause_can_be_switched_off(binhe, hank, settings) -> None:
    settings.GONGKAI_FEE_PAUSES_REPLY_CLOCK = False
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    actions.issue_fee_notice(
        actor=hank, application=a, method="per_page", pages=100, notice_on=D(2024, 10, 8)
    )
    a = fresh(a)
    assert (a.status, a.reply_due_on) == (Status.AWAITING_FEE, D(2024, 10, 30))
    # the reply falls due before the payment (11-4): the reply is the next deadline
    assert (a.alert_due_on, a.alert_kind) == (D(2024, 10, 30), "reply")
    actions.record_payment(actor=hank, application=a, paid_on=D(2024, 10, 15), amount=Decimal(700))
    a = fresh(a)
    assert (a.paused_workdays, a.reply_due_on) == (0, D(2024, 10, 30))


def test_a_correction_restarts_the_reply_period(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    a = actions.request_correction(
        actor=hank,
        application=a,
        items="请写明年份",
        deadline=D(2024, 10, 25),
        notified_on=D(2024, 10, 8),
    )
    assert (a.reply_due_on, a.latest_due_on, a.alert_due_on, a.alert_kind) == (
        None,
        None,
        D(2024, 10, 25),
        "correction",
    )
    assert a.correction_notice_due_on == D(2024, 10, 12)  # unchanged: counted from receipt
    a = actions.receive_correction(actor=hank, application=a, received_on=D(2024, 10, 14))
    # 20 from 10-14: 10-15…10-18 1–4, 10-21…10-25 5–9, 10-28…11-1 10–14, 11-4…11-8 15–19, 11-11 20
    assert (a.clock_start_on, a.reply_due_on) == (D(2024, 10, 14), D(2024, 11, 11))


# --- extension -----------------------------------------------------------------------------------


def extend(a: Application, hank: User, days: int, on: D) -> Application:
    return actions.extend(
        actor=hank, application=a, days=days, approver="张主任", reason="需要检索", decided_on=on
    )


def test_extension_is_at_most_20_working_days(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    for days in (0, 21):
        with pytest.raises(ApplicationError, match=r"^延长期限应为 1 到 20 个工作日$"):
            extend(a, hank, days, D(2024, 10, 8))
    with pytest.raises(ApplicationError, match=r"^答复期限（2024-10-30）已过，不能再决定延期$"):
        extend(a, hank, 5, D(2024, 10, 31))
    a = extend(a, hank, 20, D(2024, 10, 30))
    assert (a.status, a.reply_due_on, a.latest_due_on) == (
        Status.EXTENDED,
        D(2024, 11, 27),
        D(2024, 11, 27),
    )
    with pytest.raises(ApplicationError, match="只有办理中的申请可以进行此操作"):
        extend(a, hank, 5, D(2024, 11, 1))


def test_old_regime_before_2019_05_15_is_15_plus_15(binhe, hank) -> None:
    old = register(binhe, hank, submitted_on=D(2019, 5, 14))
    new = register(binhe, hank, submitted_on=D(2019, 5, 15))
    assert (
        deadlines.periods_for(D(2019, 5, 14)).label
        == "2007年《条例》：15个工作日，可延长15个工作日"
    )
    assert (
        deadlines.periods_for(D(2019, 5, 15)).label
        == "2019年《条例》：20个工作日，可延长20个工作日"
    )
    # 5-14 + 15: 5-15…5-17 1–3, 5-20…5-24 4–8, 5-27…5-31 9–13, 6-3 14, 6-4 15
    assert old.reply_due_on == D(2019, 6, 4)
    # +15: 6-5 16, 6-6 17, [6-7 Dragon Boat], 6-10…6-14 18–22, 6-17…6-21 23–27, 6-24…6-26 28–30
    assert old.latest_due_on == D(2019, 6, 26)
    assert old.correction_notice_due_on == D(2019, 5, 23)  # 7 working days either way
    # 5-15 + 20: 5-16, 5-17 1–2, 5-20…5-24 3–7, 5-27…5-31 8–12, 6-3…6-6 13–16, 6-10…6-13 17–20
    assert new.reply_due_on == D(2019, 6, 13)
    # +20: 6-14 21, 6-17…6-21 22–26, 6-24…6-28 27–31, 7-1…7-5 32–36, 7-8…7-11 37–40
    assert new.latest_due_on == D(2019, 7, 11)
    with pytest.raises(ApplicationError, match=r"^延长期限应为 1 到 15 个工作日$"):
        extend(old, hank, 16, D(2019, 5, 20))
    old = extend(old, hank, 15, D(2019, 5, 20))
    assert old.reply_due_on == D(2019, 6, 26)


# --- provisional dates and the holiday-schedule hook ---------------------------------------------


def test_a_period_reaching_2027_is_provisional_until_its_schedule_is_entered(
    binhe, hank, django_capture_on_commit_callbacks
) -> None:
    a = register(binhe, hank, submitted_on=D(2026, 12, 21))
    # 12-22…12-25 1–4, 12-28…12-31 5–8, 2027 unknown so Monday–Friday: 1-1 9,
    # 1-4…1-8 10–14, 1-11…1-15 15–19, 1-18 20
    assert (a.reply_due_on, a.due_provisional) == (D(2027, 1, 18), True)
    assert a.correction_notice_due_on == D(2026, 12, 30)  # within 2026: not provisional itself
    with django_capture_on_commit_callbacks(execute=True):
        schedule = workday_actions.create_schedule(actor=None, year=2027, notice="假设的通知")
        workday_actions.set_schedule_day(
            actor=None, schedule=schedule, date=D(2027, 1, 1), is_workday=False, note="元旦"
        )
    a = fresh(a)
    # recomputed through the hook registered in ApplicationsConfig.ready: 1-1 is now off
    assert (a.reply_due_on, a.due_provisional) == (D(2027, 1, 19), False)
    assert a.alert_due_on == D(2027, 1, 19)


def test_closed_cases_keep_the_deadline_they_were_decided_against(
    binhe, hank, django_capture_on_commit_callbacks
) -> None:
    a = register(binhe, hank, submitted_on=D(2026, 12, 21))
    a = actions.reply(
        actor=hank,
        application=a,
        outcome="granted",
        values={"reasoning": "x"},
        replied_on=D(2026, 12, 28),
    )
    with django_capture_on_commit_callbacks(execute=True):
        workday_actions.create_schedule(actor=None, year=2027, notice="假设的通知")
    a = fresh(a)
    assert (a.status, a.reply_due_on, a.on_time, a.alert_due_on) == (
        Status.REPLIED,
        D(2027, 1, 18),
        True,
        None,
    )


# --- fees (rules.md §4 worked examples) ------------------------------------------------


@pytest.mark.parametrize(
    ("n", "rate"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)],
)
def test_per_item_rate_bands(n: int, rate: int) -> None:
    assert fees.per_item_rate(n) == Decimal(rate)


@pytest.mark.parametrize(
    ("count", "total"), [(10, 0), (11, 100), (30, 2000), (35, 3000), (41, 4300)]
)
def test_per_item_worked_examples(count: int, total: int) -> None:
    assert fees.per_item_total(count) == Decimal(total)


@pytest.mark.parametrize(
    ("pages", "amount"), [(30, 0), (31, 10), (100, 700), (150, 1700), (200, 2700), (250, 4700)]
)
def test_per_page_worked_examples(pages: int, amount: int) -> None:
    assert fees.per_page(pages).amount == Decimal(amount)


def test_fee_explanations() -> None:
    assert fees.per_page(150).explanation() == [
        "第1–30页（30页）：30 × 0 元 = 0 元",
        "第31–100页（70页）：70 × 10 元 = 700 元",
        "第101–200页（50页）：50 × 20 元 = 1000 元",
    ]
    assert fees.per_item(41).explanation() == ["本月第41件申请（第41–50件档）：1 × 300 元 = 300 元"]
    with pytest.raises(ValueError, match=r"^申请序数应为正整数$"):
        fees.per_item_rate(0)
    with pytest.raises(ValueError, match=r"^页数应为正整数$"):
        fees.per_page(0)


def test_per_item_fee_counts_the_same_applicants_applications_in_the_month(
    binhe, wenchang, hank, wendy
) -> None:
    # ten earlier applications by 王小明 to 滨河镇 in October 2024 (the 11th pays)
    for day in (8, 9, 10, 11, 12, 14, 15, 16, 17, 18):
        register(binhe, hank, submitted_on=D(2024, 10, day))
    register(binhe, hank, submitted_on=D(2024, 9, 30))  # September: another month
    register(wenchang, wendy, submitted_on=D(2024, 10, 9))  # another agency
    company = register(binhe, hank, submitted_on=D(2024, 10, 21), **COMPANY)  # another applicant
    eleventh = register(binhe, hank, submitted_on=D(2024, 10, 21))
    november = register(binhe, hank, submitted_on=D(2024, 11, 1))
    assert actions.nth_in_month(eleventh) == 11
    assert actions.nth_in_month(company) == 1
    assert actions.nth_in_month(november) == 1
    fee = actions.issue_fee_notice(
        actor=hank, application=eleventh, method="per_item", notice_on=D(2024, 10, 22)
    )
    assert (fee.nth_in_month, fee.amount, fee.pages) == (11, Decimal(100), None)
    assert fee.lines == [
        {
            "description": "本月第11件申请（第11–30件档）",
            "quantity": 1,
            "rate": "100",
            "amount": "100",
        }
    ]
    with pytest.raises(
        ApplicationError,
        match=r"^按该计收方式本申请在免费范围内，不应收费："
        r"本月第1件申请（第1–10件档）：1 × 0 元 = 0 元$",
    ):
        actions.issue_fee_notice(
            actor=hank, application=company, method="per_item", notice_on=D(2024, 10, 22)
        )
    assert not Fee.objects.filter(application=company).exists()
    assert PERSON["applicant_kind"] == "natural_person"


# --- where each outcome is counted ------------------------------------------------------

# outcome → (2021 row, 2019 row, legacy row); rules.md §1.7 and outcomes.py's DERIVED mapping
ROWS: dict[str, tuple[str, str, str]] = {
    "granted": ("granted", "granted", "3.3.2"),
    "granted.already_public": ("granted", "granted", "3.3.1"),
    "partial": ("partial", "partial", "3.3.3"),
    "refused.state_secret": ("refused.state_secret", "refused.state_secret", "3.3.4a"),
    "refused.law_forbids": ("refused.law_forbids", "refused.law_forbids", "3.3.4f"),
    "refused.security_stability": (
        "refused.security_stability",
        "refused.security_stability",
        "3.3.4d",
    ),
    "refused.third_party": ("refused.third_party", "refused.third_party", "3.3.4b"),
    "refused.internal_affairs": ("refused.internal_affairs", "refused.internal_affairs", "3.3.4e"),
    "refused.process_info": ("refused.process_info", "refused.process_info", "3.3.4e"),
    "refused.enforcement_file": ("refused.enforcement_file", "refused.enforcement_file", "3.3.4f"),
    "refused.query_procedure": ("refused.query_procedure", "refused.query_procedure", "3.3.4f"),
    "unavailable.not_held": ("unavailable.not_held", "unavailable.not_held", "3.3.6"),
    "unavailable.not_responsible": ("unavailable.not_held", "unavailable.not_held", "3.3.5"),
    "unavailable.needs_creation": (
        "unavailable.needs_creation",
        "unavailable.needs_creation",
        "3.3.6",
    ),
    "unavailable.still_unclear": (
        "unavailable.still_unclear",
        "unavailable.still_unclear",
        "3.3.7",
    ),
    "not_processed.petition": ("not_processed.petition", "not_processed.petition", "3.3.8"),
    "not_processed.repeat": ("not_processed.repeat", "not_processed.repeat", "3.3.8"),
    "not_processed.publication": (
        "not_processed.publication",
        "not_processed.publication",
        "3.3.8",
    ),
    "not_processed.excessive": ("not_processed.excessive", "not_processed.excessive", "3.3.8"),
    "not_processed.confirm_reissue": (
        "not_processed.confirm_reissue",
        "not_processed.confirm_reissue",
        "3.3.8",
    ),
    "other.no_correction": ("other.no_correction", "other", "3.3.7"),
    "other.unpaid_fee": ("other.unpaid_fee", "other", ""),
    "other.withdrawn": ("other.other", "other", ""),
    "other.other": ("other.other", "other", "3.3.8"),
}


def test_the_mapping_covers_every_outcome() -> None:
    assert set(ROWS) == set(Outcome.values)


@pytest.mark.parametrize("outcome", Outcome.values)
def test_outcome_rows(outcome: str) -> None:
    row_2021, row_2019, legacy = ROWS[outcome]
    assert outcomes.ROW_2021[outcome] == row_2021
    assert outcomes.row_2019(outcomes.ROW_2021[outcome]) == row_2019
    assert outcomes.legacy_row(outcome, "trade_secret") == legacy
    assert row_2021 in {code for code, _ in application_rows("2021")}
    assert row_2019 in {code for code, _ in application_rows("2019")}


def test_a_third_party_refusal_for_privacy_is_legacy_row_3_3_4c() -> None:
    assert outcomes.legacy_row("refused.third_party", "privacy") == "3.3.4c"
    assert outcomes.legacy_row("refused.third_party", "other") == "3.3.4b"
