"""Planning a whole caseload and storing it with ``bulk_create``."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.caseload.cases import (
    DAY,
    Case,
    Caseload,
    ComplaintPlan,
    D,
    DisputePlan,
    MemoCalendar,
)
from gongkai.applications.caseload.simulate import (
    CHANNEL_WEIGHTS,
    applicant,
    person,
    realise,
    simulate,
    some_days,
)
from gongkai.applications.models import (
    Application,
    ApplicationCounter,
    Channel,
    Complaint,
    Consultation,
    ConsultationKind,
    Dispute,
    DisputeKind,
    DisputeResult,
    Fee,
)
from gongkai.workdays.calendar import WorkdayCalendar


def _submission_dates(rng: random.Random, years: Sequence[int], n: int) -> list[D]:
    """Spread over ``years``; about 2 % in the last six weeks of the year before, so
    the first year has cases carried over into it."""
    first = D(min(years), 1, 1)
    span = (D(max(years), 12, 31) - first).days + 1
    lead = D(min(years) - 1, 11, 20)
    return sorted(
        lead + DAY * rng.randrange((first - lead).days)
        if rng.random() < 0.02
        else first + DAY * rng.randrange(span)
        for _ in range(n)
    )


def plan(
    agencies: Sequence[Agency],
    *,
    years: Sequence[int] = (2025, 2026),
    n: int = 10_000,
    seed: int = 0,
    as_of: D | None = None,
) -> Caseload:
    """Simulate the caseload in memory (nothing is saved)."""
    if not agencies:
        raise ValueError("至少需要一个机关")
    rng = random.Random(seed)  # noqa: S311 — reproducible test data, not secrets
    cal = MemoCalendar()
    as_of = as_of or D(max(years), 12, 31)
    weights = [1 / (i + 1) ** 0.7 for i in range(len(agencies))]
    cases: list[Case] = []
    for i, submitted in enumerate(_submission_dates(rng, years, n)):
        agency = rng.choices(agencies, weights=weights)[0]
        channel = rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0]
        cases.append(Case(i, agency, applicant(rng), channel, submitted))
    nth = _frequent_applicants(rng, agencies[0], years, cases)
    for case in cases:
        simulate(case, rng, cal, as_of, nth.get(case.index, 0))
    cases.sort(key=lambda c: (c.submitted_on, c.index))
    _number_andrealise(cases, cal, rng)
    disputes, complaints = _disputes_and_complaints(rng, cases, as_of)
    return Caseload(as_of, cases, disputes, complaints)


def _frequent_applicants(
    rng: random.Random, agency: Agency, years: Sequence[int], cases: list[Case]
) -> dict[int, int]:
    """One person a year who hands in 12–14 applications in one month at the first
    agency (the 11th and later pay per item); case index → place in the month."""
    nth: dict[int, int] = {}
    for year in years:
        frequent = person(rng)
        month = rng.randint(3, 10)
        days = sorted(rng.sample(range(1, 29), rng.randint(12, 14)))
        for place, day in enumerate(days, start=1):
            index = len(cases)
            cases.append(Case(index, agency, frequent, Channel.IN_PERSON, D(year, month, day)))
            nth[index] = place
    return nth


def _number_andrealise(cases: list[Case], cal: WorkdayCalendar, rng: random.Random) -> None:
    serials: dict[tuple[int, int], int] = {}
    for agency_id, year, last in ApplicationCounter.objects.filter(
        agency__in={c.agency.pk for c in cases}
    ).values_list("agency_id", "year", "last"):
        serials[(agency_id, year)] = last
    taken = set(Application.objects.values_list("tracking_code", flat=True))
    for case in cases:
        key = (case.agency.pk, case.submitted_on.year)
        serials[key] = serials.get(key, 0) + 1
        code = ""
        while not code or code in taken:
            code = "".join(rng.choices(actions.TRACKING_ALPHABET, k=actions.TRACKING_LENGTH))
        taken.add(code)
        realise(case, cal, (key[1], serials[key]), code)


def _disputes_and_complaints(
    rng: random.Random, cases: list[Case], as_of: D
) -> tuple[list[DisputePlan], list[ComplaintPlan]]:
    disputes: list[DisputePlan] = []
    complaints: list[ComplaintPlan] = []
    contested = ("refused.", "partial", "unavailable.", "not_processed.")
    for case in cases:
        if case.closed_on is None:
            continue
        if case.outcome.startswith(contested) and rng.random() < 0.06:
            filed = case.closed_on + some_days(rng, 15, 90)
            if filed <= as_of:
                kind = rng.choices(list(DisputeKind.values), weights=[60, 25, 15])[0]
                result, closed = DisputeResult.PENDING, None
                if rng.random() < 0.75:
                    decided = filed + some_days(rng, 30, 150)
                    if decided <= as_of:
                        closed = decided
                        result = rng.choices(
                            [DisputeResult.UPHELD, DisputeResult.CORRECTED, DisputeResult.OTHER],
                            weights=[60, 20, 20],
                        )[0]
                disputes.append(DisputePlan(case, kind, filed, result, closed))
        if rng.random() < 0.005:
            received = case.closed_on + some_days(rng, 1, 30)
            if received <= as_of:
                complaints.append(ComplaintPlan(case, received))
    return disputes, complaints


BATCH = 2000


@transaction.atomic
def generate(
    agencies: Sequence[Agency],
    *,
    years: Sequence[int] = (2025, 2026),
    n: int = 10_000,
    seed: int = 0,
    as_of: D | None = None,
) -> Caseload:
    """Simulate and store the caseload (``bulk_create``); returns what was stored, each
    case with its saved :class:`Application`."""
    load = plan(agencies, years=years, n=n, seed=seed, as_of=as_of)
    rows = [c.application for c in load.cases if c.application is not None]
    Application.objects.bulk_create(rows, batch_size=BATCH)
    consultations: list[Consultation] = []
    fee_rows: list[Fee] = []
    for case in load.cases:
        a = case.application
        consultations += [
            Consultation(
                application=a,
                kind=c.kind,
                party="某公司" if c.kind == ConsultationKind.THIRD_PARTY else "某局",
                sent_on=c.sent_on,
                delivered_on=c.delivered_on,
                due_on=c.due_on,
                due_provisional=c.due_provisional,
                answered_on=c.answered_on,
                answer=c.answer,
            )
            for c in case.consultations
        ]
        if case.fee is not None:
            f = case.fee
            fee_rows.append(
                Fee(
                    application=a,
                    method=f.method,
                    nth_in_month=f.nth_in_month,
                    pages=f.pages,
                    amount=f.amount,
                    lines=[],
                    notice_on=f.notice_on,
                    notice_received_on=f.notice_received_on,
                    payment_due_on=f.payment_due_on,
                    due_provisional=f.due_provisional,
                    paid_on=f.paid_on,
                    paid_amount=f.amount if f.paid_on else None,
                )
            )
    Consultation.objects.bulk_create(consultations, batch_size=BATCH)
    Fee.objects.bulk_create(fee_rows, batch_size=BATCH)
    Dispute.objects.bulk_create(
        (
            Dispute(
                agency=d.case.agency,
                application=d.case.application,
                kind=d.kind,
                body="中卫市人民政府"
                if d.kind == DisputeKind.RECONSIDERATION
                else "中卫市中级人民法院",
                claimant=d.case.applicant["applicant_name"],
                filed_on=d.filed_on,
                result=d.result,
                closed_on=d.closed_on,
            )
            for d in load.disputes
        ),
        batch_size=BATCH,
    )
    Complaint.objects.bulk_create(
        (
            Complaint(
                agency=c.case.agency,
                application=c.case.application,
                complainant=c.case.applicant["applicant_name"],
                received_on=c.received_on,
                subject="对政府信息公开申请答复不满",
            )
            for c in load.complaints
        ),
        batch_size=BATCH,
    )
    _update_counters(rows)
    return load


def _update_counters(rows: list[Application]) -> None:
    last: dict[tuple[int, int], int] = defaultdict(int)
    for a in rows:
        key = (a.agency_id, a.year)
        last[key] = max(last[key], a.serial)
    for (agency_id, year), serial in last.items():
        ApplicationCounter.objects.update_or_create(
            agency_id=agency_id, year=year, defaults={"last": serial}
        )
