"""One case's life, step by step up to ``as_of``, and the fields the actions would
have stored on it."""

from __future__ import annotations

import datetime
import random

from gongkai.applications import actions, deadlines, fees, outcomes
from gongkai.applications.caseload.cases import DAY, Case, ConsultationPlan, D, FeePlan
from gongkai.applications.models import (
    OPEN,
    ApplicantKind,
    Application,
    Channel,
    ConsultationAnswer,
    ConsultationKind,
    Outcome,
    Status,
    ThirdPartyInterest,
)
from gongkai.lib.codes import make_credit_code
from gongkai.pii.scanner import id_check_char
from gongkai.workdays.calendar import WorkdayCalendar

KIND_WEIGHTS: dict[str, float] = {
    ApplicantKind.NATURAL_PERSON: 70,
    ApplicantKind.COMMERCIAL: 12,
    ApplicantKind.RESEARCH: 2,
    ApplicantKind.NONPROFIT: 3,
    ApplicantKind.LEGAL_SERVICE: 8,
    ApplicantKind.OTHER_ORG: 5,
}
CHANNEL_WEIGHTS: dict[str, float] = {
    Channel.ONLINE: 45,
    Channel.IN_PERSON: 20,
    Channel.EMAIL: 10,
    Channel.REGISTERED_MAIL: 10,
    Channel.ORDINARY_MAIL: 8,
    Channel.FAX: 7,
}
#: How cases end (withdrawals, abandonments and 补正后仍不明确 come from their own paths).
OUTCOME_WEIGHTS: dict[str, float] = {
    Outcome.GRANTED: 30,
    Outcome.ALREADY_PUBLIC: 8,
    Outcome.PARTIAL: 7,
    Outcome.REFUSED_STATE_SECRET: 0.5,
    Outcome.REFUSED_LAW_FORBIDS: 1,
    Outcome.REFUSED_SECURITY_STABILITY: 0.5,
    Outcome.REFUSED_THIRD_PARTY: 1.5,
    Outcome.REFUSED_INTERNAL_AFFAIRS: 1,
    Outcome.REFUSED_PROCESS_INFO: 2,
    Outcome.REFUSED_ENFORCEMENT_FILE: 1,
    Outcome.REFUSED_QUERY_PROCEDURE: 0.5,
    Outcome.NOT_HELD: 15,
    Outcome.NOT_RESPONSIBLE: 6,
    Outcome.NEEDS_CREATION: 5,
    Outcome.PETITION: 4,
    Outcome.REPEAT: 3,
    Outcome.PUBLICATION: 1,
    Outcome.EXCESSIVE: 1,
    Outcome.CONFIRM_REISSUE: 2,
    Outcome.OTHER: 2,
}
CREDIT_PREFIX: dict[str, str] = {
    ApplicantKind.COMMERCIAL: "91640502",
    ApplicantKind.RESEARCH: "12640500",
    ApplicantKind.NONPROFIT: "52640502",
    ApplicantKind.LEGAL_SERVICE: "31640000",
    ApplicantKind.OTHER_ORG: "59640502",
}
ORG_NAMES: dict[str, str] = {
    ApplicantKind.COMMERCIAL: "中卫市{}商贸有限公司",
    ApplicantKind.RESEARCH: "宁夏{}农业科学研究所",
    ApplicantKind.NONPROFIT: "中卫市{}公益服务中心",
    ApplicantKind.LEGAL_SERVICE: "宁夏{}律师事务所",
    ApplicantKind.OTHER_ORG: "中卫市{}村股份经济合作社",
}
SURNAMES = "王李张刘陈杨马赵黄周吴徐孙朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董"
GIVEN = "建国秀英志强海燕小红春梅学军卫东金花彩霞宏伟海龙丽娟文静明辉晓东玉兰"
PLACES = "宣和永康镇罗东园柔远常乐兴仁香山迎水滨河文昌宁安"
SUBJECTS = (
    "城乡居民最低生活保障资金发放情况",
    "农贸市场改造项目的招标文件",
    "征收补偿安置方案",
    "建设工程规划许可证及附图",
    "行政处罚决定书",
    "财政预算执行情况",
    "环境影响评价批复文件",
    "农村宅基地审批材料",
)


# --- applicants -------------------------------------------------------------------------


def person(rng: random.Random) -> dict[str, str]:
    born = D(1950, 1, 1) + DAY * rng.randrange(365 * 50)
    first17 = f"640502{born:%Y%m%d}{rng.randrange(1000):03d}"
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
    return {
        "applicant_kind": ApplicantKind.NATURAL_PERSON,
        "applicant_name": name,
        "id_type": "resident_id",
        "id_number": first17 + id_check_char(first17),
        "credit_code": "",
        "contact_person": "",
        "phone": f"139{rng.randrange(10**8):08d}",
    }


def _organisation(rng: random.Random, kind: str) -> dict[str, str]:
    place = rng.choice(PLACES) + rng.choice(PLACES)
    return {
        "applicant_kind": kind,
        "applicant_name": ORG_NAMES[kind].format(place),
        "id_type": "",
        "id_number": "",
        "credit_code": make_credit_code(CREDIT_PREFIX[kind], f"{rng.randrange(10**8):08d}"),
        "contact_person": rng.choice(SURNAMES) + "经理",
        "phone": f"0955-70{rng.randrange(10**5):05d}",
    }


def applicant(rng: random.Random) -> dict[str, str]:
    kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
    return person(rng) if kind == ApplicantKind.NATURAL_PERSON else _organisation(rng, kind)


# --- the simulation ----------------------------------------------------------------------


def some_days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return DAY * rng.randint(low, high)


def _pauses(case: Case, *, fee: bool = True) -> list[deadlines.Pause]:
    pauses = [deadlines.Pause(c.sent_on, c.answered_on) for c in case.consultations]
    if fee and case.fee is not None and actions.fee_pauses_reply_clock():
        pauses.append(deadlines.Pause(case.fee.notice_on, case.fee.paid_on))
    return pauses


def _due(case: Case, cal: WorkdayCalendar) -> D:
    """The reply due date with the facts so far (every pause closed)."""
    assert case.received_on is not None  # noqa: S101 — only called for received cases
    result = deadlines.reply_deadline(
        cal,
        clock_start=case.correction_received_on or case.received_on,
        periods=deadlines.periods_for(case.received_on),
        extension_days=case.extension_days,
        pauses=_pauses(case),
    )
    assert result.due is not None  # noqa: S101
    return result.due


def _close(case: Case, outcome: str, on: D) -> None:
    case.outcome = outcome
    case.closed_on = on
    final: dict[str, str] = {
        Outcome.NO_CORRECTION: Status.ABANDONED,
        Outcome.UNPAID_FEE: Status.ABANDONED,
        Outcome.WITHDRAWN: Status.WITHDRAWN,
        Outcome.NOT_RESPONSIBLE: Status.TRANSFERRED,
    }
    case.status = final.get(outcome, Status.REPLIED)


def simulate(case: Case, rng: random.Random, cal: WorkdayCalendar, as_of: D, nth: int) -> None:
    """Walk the case through its life; stop at the first step that would fall after
    ``as_of`` (the case is then open in the status it had reached)."""
    s = case.submitted_on
    if case.channel == Channel.IN_PERSON:
        case.received_on = s
    elif case.channel == Channel.REGISTERED_MAIL:
        case.signed_on = case.received_on = min(s + some_days(rng, 0, 3), as_of)
    else:
        confirmed = s + some_days(rng, 0, 2)
        if rng.random() < 0.005 and s + DAY <= as_of:
            case.withdrawn_on = s + DAY
            case.status = Status.WITHDRAWN  # withdrawn before receipt: never received
            return
        if confirmed > as_of:
            case.status = Status.PENDING
            return
        case.confirmed_on = case.received_on = confirmed
    t = case.received_on
    periods = deadlines.periods_for(t)

    if rng.random() < 0.08:  # 补正
        requested = t + some_days(rng, 1, 6)
        if requested > as_of:
            return
        case.correction_requested_on = requested
        case.correction_deadline = requested + DAY * 15
        case.status = Status.CORRECTION
        if rng.random() < 0.85:
            received = requested + some_days(rng, 2, 14)
            if received > as_of:
                return
            case.correction_received_on = t = received
            case.status = Status.PROCESSING
        else:
            abandoned = case.correction_deadline + some_days(rng, 1, 10)
            if abandoned <= as_of:
                _close(case, Outcome.NO_CORRECTION, abandoned)
            return

    if rng.random() < 0.03:  # 撤回
        withdrawn = t + some_days(rng, 1, 15)
        if withdrawn <= as_of:
            case.withdrawn_on = withdrawn
            _close(case, Outcome.WITHDRAWN, withdrawn)
        return

    if rng.random() < 0.06:  # 征求意见 (one, sometimes two at once)
        sent = t + some_days(rng, 1, 8)
        if sent > as_of:
            return
        case.status = Status.CONSULTATION
        count = 2 if rng.random() < 0.2 else 1
        for i in range(count):
            sent_i = sent + DAY * (2 * i)
            if sent_i > as_of:
                break
            delivered = sent_i + some_days(rng, 0, 3)
            answer_due = cal.add(delivered, deadlines.CONSULTATION_WORKDAYS)
            kind = ConsultationKind.CO_MAKER if rng.random() < 0.3 else ConsultationKind.THIRD_PARTY
            consultation = ConsultationPlan(
                kind, sent_i, delivered, answer_due.date, answer_due.provisional
            )
            case.consultations.append(consultation)
        for c in case.consultations:
            if rng.random() < 0.1:
                answered, answer = c.due_on + some_days(rng, 1, 3), ConsultationAnswer.NO_ANSWER
            else:
                answered = c.sent_on + some_days(rng, 3, 18)
                answer = (
                    ConsultationAnswer.CONSENT if rng.random() < 0.5 else ConsultationAnswer.OBJECT
                )
            if answered <= as_of:
                c.answered_on, c.answer = answered, answer
        if any(c.answered_on is None for c in case.consultations):
            return
        t = max([t, *(c.answered_on for c in case.consultations if c.answered_on)])
        case.status = Status.PROCESSING

    if rng.random() < 0.12:  # 延期
        due = _due(case, cal)
        if t <= due:
            decided = t + DAY * rng.randint(0, (due - t).days)
            if decided > as_of:
                return
            case.extended_on = t = decided
            case.extension_days = rng.choice(
                [d for d in (5, 10, 15, 20) if d <= periods.max_extension]
            )
            case.status = Status.EXTENDED

    working = case.status
    if nth > 10 or rng.random() < 0.02:  # 信息处理费
        due = _due(case, cal)
        if t <= due:
            notice = t + DAY * rng.randint(0, min(5, (due - t).days))
            if notice > as_of:
                return
            got = notice + some_days(rng, 0, 3)
            payment = cal.add(got, deadlines.PAYMENT_WORKDAYS)
            if nth > 10:
                quote, pages = fees.per_item(nth), None
            else:
                pages = rng.randint(31, 260)
                quote = fees.per_page(pages)
            case.fee = FeePlan(
                method=quote.method,
                amount=quote.amount,
                notice_on=notice,
                notice_received_on=got,
                payment_due_on=payment.date,
                due_provisional=payment.provisional,
                pages=pages,
                nth_in_month=nth if nth > 10 else None,
            )
            case.status = Status.AWAITING_FEE
            if rng.random() < 0.3:
                abandoned = payment.date + some_days(rng, 1, 5)
                if abandoned <= as_of:
                    _close(case, Outcome.UNPAID_FEE, abandoned)
                return
            paid = got + DAY * rng.randint(1, (payment.date - got).days)
            if paid > as_of:
                return
            case.fee.paid_on = t = paid
            case.status = working

    due = _due(case, cal)
    if rng.random() < 0.94 and t <= due:
        replied = t + DAY * rng.randint(0, (due - t).days)
    else:
        replied = max(t, due) + some_days(rng, 1, 20)
    if replied > as_of:
        return
    outcome = rng.choices(list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values()))[0]
    if case.correction_received_on is not None and rng.random() < 0.2:
        outcome = Outcome.STILL_UNCLEAR
    if outcome == Outcome.REFUSED_THIRD_PARTY:
        case.third_party_interest = rng.choice(ThirdPartyInterest.values)
    if outcome == Outcome.PARTIAL:
        case.withheld_ground = rng.choice(outcomes.REFUSALS)
        if case.withheld_ground == Outcome.REFUSED_THIRD_PARTY:
            case.third_party_interest = rng.choice(ThirdPartyInterest.values)
    _close(case, outcome, replied)


# --- the stored fields ----------------------------------------------------------------------


def realise(case: Case, cal: WorkdayCalendar, year_serial: tuple[int, int], code: str) -> None:
    """The unsaved :class:`Application` with every field the actions would store."""
    a = Application(
        agency=case.agency,
        year=year_serial[0],
        serial=year_serial[1],
        tracking_code=code,
        channel=case.channel,
        submitted_on=case.submitted_on,
        signed_on=case.signed_on,
        confirmed_on=case.confirmed_on,
        confirmation_note="电话确认" if case.confirmed_on else "",
        received_on=case.received_on,
        description=f"请公开{SUBJECTS[case.index % len(SUBJECTS)]}",
        requested_form="electronic",
        delivery_method="email" if case.index % 2 else "pickup",
        email="applicant@example.com",
        status=case.status,
        correction_requested_on=case.correction_requested_on,
        correction_deadline=case.correction_deadline,
        correction_items="请写明所需信息的年份和文号" if case.correction_requested_on else "",
        correction_received_on=case.correction_received_on,
        extension_days=case.extension_days,
        extended_on=case.extended_on,
        extension_approver="张主任" if case.extension_days else "",
        extension_reason="需要检索档案" if case.extension_days else "",
        **case.applicant,
    )
    _store_deadlines(a, case, cal)
    if case.closed_on is not None and case.received_on is not None:
        a.outcome = case.outcome
        a.report_row = outcomes.ROW_2021[case.outcome]
        a.legacy_row = outcomes.legacy_row(case.outcome, case.third_party_interest)
        a.third_party_interest = case.third_party_interest
        a.withheld_ground = case.withheld_ground
        a.closed_on = case.closed_on
        replied = case.outcome not in (Outcome.NO_CORRECTION, Outcome.UNPAID_FEE, Outcome.WITHDRAWN)
        a.on_time = None if a.reply_due_on is None or not replied else a.closed_on <= a.reply_due_on
    case.application = a


def _store_deadlines(a: Application, case: Case, cal: WorkdayCalendar) -> None:
    """What :func:`actions._recompute` leaves on the case: for an open case its current
    deadlines, for a closed one those of the status it was decided in."""
    if case.received_on is None:
        a.alert_due_on = case.submitted_on if case.status == Status.PENDING else None
        a.alert_kind = "confirm" if case.status == Status.PENDING else ""
        return
    periods = deadlines.periods_for(case.received_on)
    notice = cal.add(case.received_on, periods.correction_notice)
    a.correction_notice_due_on = notice.date
    a.clock_start_on = case.correction_received_on or case.received_on
    closed = case.status not in OPEN
    before = case.status
    if closed:
        decided_in: dict[str, str] = {
            Outcome.NO_CORRECTION: Status.CORRECTION,
            Outcome.UNPAID_FEE: Status.AWAITING_FEE,
        }
        before = decided_in.get(case.outcome, Status.PROCESSING)
    provisional = notice.provisional
    if before != Status.CORRECTION:
        result = deadlines.reply_deadline(
            cal,
            clock_start=a.clock_start_on,
            periods=periods,
            extension_days=case.extension_days,
            pauses=_pauses(case),
        )
        a.reply_due_on, a.latest_due_on = result.due, result.latest
        a.paused_workdays = result.paused_workdays
        provisional = provisional or result.provisional
    a.due_provisional = notice.provisional if closed else provisional
    if closed:
        return
    if case.status == Status.CORRECTION:
        a.alert_due_on, a.alert_kind = case.correction_deadline, "correction"
    elif case.status == Status.CONSULTATION:
        running = [c for c in case.consultations if c.answered_on is None]
        a.alert_due_on = min(c.due_on for c in running)
        a.alert_kind = "consultation"
        a.due_provisional = provisional or any(
            c.due_provisional for c in running if c.due_on == a.alert_due_on
        )
    elif case.status == Status.AWAITING_FEE:
        assert case.fee is not None  # noqa: S101
        payment = case.fee.payment_due_on
        if a.reply_due_on is not None and a.reply_due_on < payment:
            a.alert_due_on, a.alert_kind = a.reply_due_on, "reply"
        else:
            a.alert_due_on, a.alert_kind = payment, "payment"
            a.due_provisional = provisional or case.fee.due_provisional
    else:
        a.alert_due_on, a.alert_kind = a.reply_due_on, "reply"
