"""The generated caseload: it covers what real caseloads contain, the generator stores
what the actions would store, and on 10,000 cases table 三, 四 and the legacy rows
keep every consistency rule and equal an independent count in Python."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import pytest

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import actions, caseload, stats
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    Channel,
    Consultation,
    ConsultationAnswer,
    Dispute,
    Fee,
    Outcome,
    Status,
)
from gongkai.reports.formspec import APPLICANT_CODES, application_rows

D = datetime.date
YEARS = (2025, 2026)
KINDS = APPLICANT_CODES[:-1]
SEED = 20251231


@pytest.fixture
def agencies(district: Agency, binhe: Agency, wenchang: Agency, finance: Agency) -> list[Agency]:
    return [district, binhe, wenchang, finance]


@pytest.fixture
def load(agencies: list[Agency]) -> caseload.Caseload:
    return caseload.generate(agencies, years=YEARS, n=10_000, seed=SEED)


def subtree(agency: Agency) -> set[int]:
    return set(Agency.objects.filter(path__startswith=agency.path).values_list("pk", flat=True))


# --- an independent count over what was generated ------------------------------------------


def count_table3(
    load: caseload.Caseload, agency_ids: set[int], year: int, form: str = "2021"
) -> dict[str, dict[str, int]]:
    """Table 三 counted case by case from the generated facts (not from the queries)."""
    rows = [code for code, _ in application_rows(form)]  # type: ignore[arg-type]
    table = {row: Counter[str]() for row in rows}
    for case in load.cases:
        if case.agency.pk not in agency_ids or case.received_on is None:
            continue
        kind, received, closed = case.applicant_kind, case.received_on, case.closed_on
        if received.year == year:
            table["new"][kind] += 1
        if received.year < year and (closed is None or closed.year >= year):
            table["carried_over"][kind] += 1
        if closed is not None and closed.year == year:
            row = {
                Outcome.ALREADY_PUBLIC: "granted",
                Outcome.NOT_RESPONSIBLE: "unavailable.not_held",
                Outcome.WITHDRAWN: "other.other",
            }.get(case.outcome, case.outcome)
            if form == "2019" and row.startswith("other."):
                row = "other"
            table[row][kind] += 1
            table["total"][kind] += 1
        if received.year <= year and (closed is None or closed.year > year):
            table["carried_forward"][kind] += 1
    return {
        row: {k: counts[k] for k in KINDS} | {"total": sum(counts.values())}
        for row, counts in table.items()
    }


def count_table4(
    load: caseload.Caseload, agency_ids: set[int], year: int
) -> dict[str, Counter[str]]:
    out = {
        g: Counter[str]()
        for g in ("reconsideration", "litigation_direct", "litigation_after_review")
    }
    for d in load.disputes:
        if d.case.agency.pk not in agency_ids or d.filed_on.year != year:
            continue
        decided = d.closed_on is not None and d.closed_on.year == year
        out[d.kind][d.result if decided else "pending"] += 1
        out[d.kind]["total"] += 1
    return out


def count_legacy(load: caseload.Caseload, agency_ids: set[int], year: int) -> Counter[str]:
    rows = Counter[str]()
    channel_rows = {
        Channel.IN_PERSON: "3.1.1",
        Channel.FAX: "3.1.2",
        Channel.ONLINE: "3.1.3",
        Channel.EMAIL: "3.1.3",
        Channel.REGISTERED_MAIL: "3.1.4",
        Channel.ORDINARY_MAIL: "3.1.4",
    }
    fees = Decimal(0)
    for case in load.cases:
        if case.agency.pk not in agency_ids or case.received_on is None:
            continue
        if case.received_on.year == year:
            rows["3.1"] += 1
            rows[channel_rows[case.channel]] += 1
        if case.closed_on is not None and case.closed_on.year == year:
            rows["3.2"] += 1
            rows["3.2.2" if case.extension_days else "3.2.1"] += 1
            assert case.application is not None
            answer = case.application.legacy_row
            if answer:
                rows["3.3"] += 1
                rows[answer] += 1
                if answer.startswith("3.3.4"):
                    rows["3.3.4"] += 1
        if case.fee is not None and case.fee.paid_on is not None and case.fee.paid_on.year == year:
            fees += case.fee.amount
    for group, kinds in (
        ("4", ("reconsideration",)),
        ("5", ("litigation_direct", "litigation_after_review")),
    ):
        for d in load.disputes:
            if d.case.agency.pk not in agency_ids or d.filed_on.year != year or d.kind not in kinds:
                continue
            decided = d.closed_on is not None and d.closed_on.year == year
            rows[group] += 1
            rows[
                f"{group}.{ {'upheld': 1, 'corrected': 2}.get(d.result if decided else '', 3) }"
            ] += 1
    rows["6"] = sum(
        1 for c in load.complaints if c.case.agency.pk in agency_ids and c.received_on.year == year
    )
    rows["7"] = fees / 10000  # type: ignore[assignment]
    return rows


# --- the caseload ---------------------------------------------------------------------------


def test_generated_caseload_covers_real_life(load: caseload.Caseload) -> None:
    cases = load.cases
    assert len(cases) >= 10_000
    assert Application.objects.count() == len(cases)
    assert {c.applicant_kind for c in cases} == set(ApplicantKind.values)
    assert {c.channel for c in cases} == set(Channel.values)
    assert {c.outcome for c in cases if c.outcome} == set(Outcome.values)
    statuses = Counter(c.status for c in cases)
    for status in Status.values:
        if status not in (Status.DELIVERED, Status.ARCHIVED):
            assert statuses[status] > 0, status
    assert any(c.received_on is None and c.status == Status.WITHDRAWN for c in cases)
    assert any(c.extension_days for c in cases)
    assert any(len(c.consultations) == 2 for c in cases)
    assert any(
        c.answer == ConsultationAnswer.NO_ANSWER for case in cases for c in case.consultations
    )
    assert Fee.objects.filter(method="per_item").exists()
    assert Fee.objects.filter(method="per_page", paid_on__isnull=False).exists()
    assert Consultation.objects.count() == sum(len(c.consultations) for c in cases)
    # carry-overs across both year boundaries
    assert any(c.received_on and c.received_on.year == 2024 for c in cases)
    assert any(
        c.received_on and c.received_on.year == 2025 and c.closed_on and c.closed_on.year == 2026
        for c in cases
    )
    assert any(c.received_on and c.closed_on is None for c in cases)
    assert {d.kind for d in load.disputes} == {
        "reconsideration",
        "litigation_direct",
        "litigation_after_review",
    }
    assert Dispute.objects.count() == len(load.disputes)
    # a dispute decided after the year it was filed in
    assert any(d.closed_on and d.closed_on.year > d.filed_on.year for d in load.disputes)
    assert load.complaints


def test_the_same_seed_gives_the_same_caseload(agencies: list[Agency]) -> None:
    def summary(load: caseload.Caseload) -> list[tuple[object, ...]]:
        return [
            (c.agency.pk, c.applicant_kind, c.submitted_on, c.received_on, c.closed_on, c.outcome)
            for c in load.cases
        ]

    first = caseload.plan(agencies, n=500, seed=7)
    again = caseload.plan(agencies, n=500, seed=7)
    other = caseload.plan(agencies, n=500, seed=8)
    assert summary(first) == summary(again)
    assert summary(first) != summary(other)


def test_table3_rules_hold_for_each_year_and_agency_and_the_district_rolls_up(
    load: caseload.Caseload, agencies: list[Agency], district: Agency
) -> None:
    children = [a for a in agencies if a.parent_id == district.pk]
    results = [c for c, _ in application_rows("2021")][2:-2]
    for year in YEARS:
        tables = {a.pk: stats.table3(a, year) for a in agencies}
        for agency in agencies:
            t = tables[agency.pk]
            for column in APPLICANT_CODES:
                assert (
                    t["new"][column] + t["carried_over"][column]
                    == t["total"][column] + t["carried_forward"][column]
                ), (agency, year, column)
                assert t["total"][column] == sum(t[row][column] for row in results)
            for row, values in t.items():
                assert values["total"] == sum(values[k] for k in KINDS), (agency, year, row)
        # the district = its own cases + cell-wise sum of its agencies
        own = count_table3(load, {district.pk}, year)
        rolled = tables[district.pk]
        for row, values in rolled.items():
            for column, value in values.items():
                below = sum(tables[c.pk][row][column] for c in children)
                assert value == own[row][column] + below, (year, row, column)
    assert (
        stats.table3(district, 2025)["carried_forward"]
        == stats.table3(district, 2026)["carried_over"]
    )
    for agency in agencies:
        assert (
            stats.table3(agency, 2025)["carried_forward"]
            == stats.table3(agency, 2026)["carried_over"]
        )


def test_the_tables_equal_an_independent_count_of_the_generated_cases(
    load: caseload.Caseload, agencies: list[Agency]
) -> None:
    for agency in agencies:
        ids = subtree(agency)
        for year in YEARS:
            assert stats.table3(agency, year) == count_table3(load, ids, year)
            assert stats.table3(agency, year, form="2019") == count_table3(load, ids, year, "2019")
            table4 = stats.table4(agency, year)
            counted = count_table4(load, ids, year)
            for group, values in table4.items():
                assert values == {c: counted[group][c] for c in values}, (agency, year, group)
            legacy = stats.legacy(agency, year)
            expected = count_legacy(load, ids, year)
            assert legacy == {code: expected[code] for code in legacy}, (agency, year)
    district = agencies[0]
    assert stats.table3(district, 2025)["new"]["total"] > 4000
    assert stats.table3(district, 2025)["carried_over"]["total"] > 0
    assert stats.table4(district, 2025)["reconsideration"]["pending"] > 0


# --- the generator and the actions agree ------------------------------------------------------

FEATURES: dict[str, Callable[[caseload.Case], bool]] = {
    "pending": lambda c: c.status == Status.PENDING,
    "withdrawn before receipt": lambda c: c.status == Status.WITHDRAWN and c.received_on is None,
    "registered mail": lambda c: (
        c.channel == Channel.REGISTERED_MAIL and c.status == Status.REPLIED
    ),
    "corrected": lambda c: c.correction_received_on is not None and c.status == Status.REPLIED,
    "still unclear": lambda c: c.outcome == Outcome.STILL_UNCLEAR,
    "no correction": lambda c: c.outcome == Outcome.NO_CORRECTION,
    "open in correction": lambda c: c.status == Status.CORRECTION,
    "two consultations": lambda c: len(c.consultations) == 2 and c.status == Status.REPLIED,
    "no answer": lambda c: any(x.answer == ConsultationAnswer.NO_ANSWER for x in c.consultations),
    "open consultation": lambda c: c.status == Status.CONSULTATION,
    "extended": lambda c: c.extension_days > 0 and c.status == Status.REPLIED,
    "open extended": lambda c: c.status == Status.EXTENDED,
    "fee paid": lambda c: (
        c.fee is not None and c.fee.paid_on is not None and c.closed_on is not None
    ),
    "fee unpaid": lambda c: c.outcome == Outcome.UNPAID_FEE,
    "open awaiting fee": lambda c: c.status == Status.AWAITING_FEE,
    "withdrawn": lambda c: c.outcome == Outcome.WITHDRAWN,
    "transferred": lambda c: c.outcome == Outcome.NOT_RESPONSIBLE,
    "third party": lambda c: c.outcome == Outcome.REFUSED_THIRD_PARTY,
    "partial": lambda c: c.outcome == Outcome.PARTIAL,
    "late": lambda c: c.application is not None and c.application.on_time is False,
    "open provisional": lambda c: (
        c.status == Status.PROCESSING
        and c.application is not None
        and c.application.due_provisional
    ),
}


def _stored(a: Application) -> dict[str, object]:
    return {name: getattr(a, name) for name in caseload.STORED_FIELDS}


def test_the_actions_store_what_the_generator_stores(
    agencies: list[Agency], binhe: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    hank = User.objects.create_user("hank-replay", password="x", agency=binhe)
    load = caseload.plan(agencies, years=YEARS, n=10_000, seed=SEED)
    monkeypatch.setattr(actions, "today", lambda: load.as_of)
    for feature, matches in FEATURES.items():
        case = next((c for c in load.cases if matches(c)), None)
        assert case is not None, f"the caseload has no case that is {feature}"
        assert case.application is not None
        replayed = actions_copy = caseload.replay(case, actor=hank)
        assert _stored(replayed) == _stored(case.application), feature
        consultations = list(actions_copy.consultations.order_by("sent_on", "pk"))
        assert [(c.due_on, c.answered_on, c.answer) for c in consultations] == [
            (c.due_on, c.answered_on, c.answer) for c in case.consultations
        ], feature
        if case.fee is not None:
            fee = Fee.objects.get(application=replayed)
            assert (fee.amount, fee.payment_due_on, fee.paid_on) == (
                case.fee.amount,
                case.fee.payment_due_on,
                case.fee.paid_on,
            ), feature


def test_per_item_fees_follow_the_applicants_place_in_the_month(
    agencies: list[Agency], binhe: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frequent applicant's month through the actions: the same fees, by the same
    place in the month (``actions.nth_in_month``)."""
    hank = User.objects.create_user("hank-replay", password="x", agency=binhe)
    load = caseload.plan(agencies, years=YEARS, n=200, seed=SEED)
    monkeypatch.setattr(actions, "today", lambda: load.as_of)
    charged = [c for c in load.cases if c.fee is not None and c.fee.method == "per_item"]
    assert charged
    person = charged[0].applicant["id_number"]
    month = [c for c in load.cases if c.applicant.get("id_number") == person]
    assert 12 <= len(month) <= 14
    for case in sorted(month, key=lambda c: c.submitted_on):
        assert case.application is not None
        replayed = caseload.replay(case, actor=hank)
        assert _stored(replayed) == _stored(case.application)
        fee = Fee.objects.filter(application=replayed).first()
        if case.fee is not None and case.fee.method == "per_item":
            assert fee is not None
            assert (fee.nth_in_month, fee.amount) == (case.fee.nth_in_month, Decimal(100))
            assert fee.nth_in_month is not None and fee.nth_in_month >= 11
