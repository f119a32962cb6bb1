"""The demo caseload of disclosure on request: the seed report's 2018 figures from three
real cases, and a 2025–2026 caseload that shows every outcome and every alert."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.applications import reminders, stats
from gongkai.applications.models import (
    OPEN,
    ApplicantKind,
    Application,
    Channel,
    Complaint,
    Consultation,
    ConsultationKind,
    Dispute,
    DisputeKind,
    Fee,
    FeeMethod,
    IdType,
    Letter,
    Outcome,
    Status,
)
from gongkai.audit.models import Event
from gongkai.demo.district import load_demo_district
from gongkai.demo.requests import load_demo_applications

#: 中卫市沙坡头区2018年度政府信息公开情况统计表, rows 三 to 七, as printed in the seed.
SEED_2018 = {
    "3.1": 3,
    "3.1.1": 0,
    "3.1.2": 0,
    "3.1.3": 3,
    "3.1.4": 0,
    "3.2": 3,
    "3.2.1": 2,
    "3.2.2": 1,
    "3.3": 3,
    "3.3.1": 2,
    "3.3.2": 0,
    "3.3.3": 0,
    "3.3.4": 0,
    "3.3.4a": 0,
    "3.3.4b": 0,
    "3.3.4c": 0,
    "3.3.4d": 0,
    "3.3.4e": 0,
    "3.3.4f": 0,
    "3.3.5": 1,
    "3.3.6": 0,
    "3.3.7": 0,
    "3.3.8": 0,
    "4": 0,
    "4.1": 0,
    "4.2": 0,
    "4.3": 0,
    "5": 0,
    "5.1": 0,
    "5.2": 0,
    "5.3": 0,
    "6": 0,
    "7": 0,
}
OPEN_NOW = 13


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The demo district and its caseload, loaded once for the module (about ten
    seconds, most of it rendering letters) inside a transaction rolled back at the end;
    each test runs in its own savepoint."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        root = load_demo_district()
        counts = load_demo_applications(root)
        yield root.pk, counts
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db) -> tuple[Agency, dict[str, Any]]:  # type: ignore[no-untyped-def]
    root_pk, counts = loaded
    return Agency.objects.get(pk=root_pk), counts


def test_2018_applications_give_the_seed_report_table_rows_3_to_7(demo) -> None:
    root, _ = demo

    assert stats.legacy(root, 2018) == SEED_2018
    cases = Application.objects.filter(year=2018).order_by("received_on")
    assert [(a.agency_id, a.channel, a.outcome, a.extension_days, a.on_time) for a in cases] == [
        (root.pk, Channel.ONLINE, Outcome.ALREADY_PUBLIC, 0, True),
        (root.pk, Channel.ONLINE, Outcome.ALREADY_PUBLIC, 0, True),
        (root.pk, Channel.ONLINE, Outcome.NOT_RESPONSIBLE, 15, True),
    ]
    assert [a.received_on for a in cases] == [
        datetime.date(2018, 4, 10),
        datetime.date(2018, 8, 14),
        datetime.date(2018, 10, 30),
    ]
    assert cases[2].responsible_agency == "中卫市交通运输局"
    assert cases[0].where_published == (
        "沙坡头区人民政府网站（http://www.spt.gov.cn/）“政府信息公开—沙坡头区政府”栏目"
    )
    assert {a.status for a in cases} == {Status.ARCHIVED}
    assert not Letter.objects.filter(application__in=cases, status="draft").exists()


def test_2025_and_2026_show_every_outcome_kind_channel_and_step(demo) -> None:
    _, counts = demo
    recent = Application.objects.filter(received_on__year__in=(2025, 2026))

    assert set(recent.values_list("outcome", flat=True)) - {""} == set(Outcome.values)
    kinds = Counter(recent.values_list("applicant_kind", flat=True))
    assert set(kinds) == set(ApplicantKind.values)
    assert kinds.most_common(1) == [(ApplicantKind.NATURAL_PERSON, 94)]
    assert set(recent.values_list("channel", flat=True)) == set(Channel.values)
    assert set(recent.values_list("id_type", flat=True)) - {""} == {
        IdType.RESIDENT_ID,
        IdType.HK_MACAO,
        IdType.TAIWAN,
        IdType.PASSPORT,
    }
    by_agency = Counter(recent.values_list("agency__slug", flat=True))
    assert by_agency.most_common(2) == [("spt-zjj", 25), ("spt", 22)]
    townships = recent.filter(agency__kind=AgencyKind.TOWNSHIP).count()
    assert townships == 13
    # corrections: received (the reply clock restarted), abandoned, one still waiting
    assert recent.filter(correction_received_on__isnull=False).count() == 7
    assert recent.filter(outcome=Outcome.NO_CORRECTION).count() == 1
    assert recent.filter(status=Status.CORRECTION).count() == 1
    assert sorted(Consultation.objects.values_list("kind", "answer")) == [
        (ConsultationKind.CO_MAKER, "consent"),
        (ConsultationKind.CO_MAKER, "consent"),
        (ConsultationKind.CO_MAKER, "no_answer"),
        (ConsultationKind.THIRD_PARTY, ""),
        (ConsultationKind.THIRD_PARTY, "consent"),
        (ConsultationKind.THIRD_PARTY, "object"),
        (ConsultationKind.THIRD_PARTY, "object"),
    ]
    assert recent.filter(extension_days__gt=0, closed_on__isnull=False).count() == 12
    assert recent.filter(on_time=False).count() == 5
    fees = {
        (f.method, f.amount, f.paid_on is not None, f.application.status)
        for f in Fee.objects.select_related("application")
    }
    assert fees == {
        (FeeMethod.PER_PAGE, Decimal("560.00"), True, Status.ARCHIVED),
        (FeeMethod.PER_ITEM, Decimal("100.00"), False, Status.ARCHIVED),
        (FeeMethod.PER_PAGE, Decimal("280.00"), False, Status.AWAITING_FEE),
    }
    assert stats.legacy(Agency.objects.get(slug="spt"), 2025)["7"] == Decimal("0.056")
    # received in 2025, decided in 2026
    assert Application.objects.open_at_end_of(2025).count() == 6
    assert not Application.objects.open_at_end_of(2025).filter(closed_on__isnull=True).exists()
    statuses = Counter(recent.exclude(status__in=OPEN).values_list("status", flat=True))
    # every closed case had its letters issued, was delivered and then filed
    assert statuses == {Status.ARCHIVED: 125}
    answered = Application.objects.exclude(status__in=OPEN).exclude(
        outcome__in=(Outcome.WITHDRAWN, Outcome.NO_CORRECTION, Outcome.UNPAID_FEE)
    )
    assert answered.filter(delivered_on__isnull=False).count() == answered.count() == 123
    # every case has its timeline from registration on, every closed one its letters
    assert Event.objects.filter(action="applications.registered").count() == 141
    assert Letter.objects.filter(status="issued").count() == counts["letters_issued"] == 282
    assert not Letter.objects.filter(status="draft").exclude(application__status__in=OPEN)
    # the open cases' drafts are the handlers' to-dos
    assert Letter.objects.filter(status="draft").count() == 15
    assert counts["applications"][2018] == 3
    assert counts["applications"][2025] == 69
    assert sum(counts["applications"].values()) == 141
    assert counts["open_now"] == OPEN_NOW


def test_disputes_include_reconsideration_and_litigation_after_reconsideration(demo) -> None:
    root, counts = demo

    disputes = list(
        Dispute.objects.order_by("filed_on").values_list(
            "agency__slug", "kind", "result", "filed_on__year", "application__agency__slug"
        )
    )
    assert disputes == [
        ("spt-scj", DisputeKind.RECONSIDERATION, "upheld", 2025, "spt-scj"),
        ("spt-scj", DisputeKind.LITIGATION_AFTER_REVIEW, "upheld", 2025, "spt-scj"),
        ("spt-rsj", DisputeKind.RECONSIDERATION, "corrected", 2026, "spt-rsj"),
        ("spt-nyj", DisputeKind.RECONSIDERATION, "pending", 2026, "spt-nyj"),
        ("spt", DisputeKind.LITIGATION_DIRECT, "pending", 2026, "spt"),
    ]
    assert counts["disputes"] == 5
    assert counts["complaints"] == Complaint.objects.count() == 4
    assert Complaint.objects.filter(handled_on__isnull=True).count() == 1
    legacy_2025 = stats.legacy(root, 2025)
    assert (legacy_2025["4"], legacy_2025["4.1"], legacy_2025["5"], legacy_2025["6"]) == (
        1,
        1,
        1,
        2,
    )
    # the lawsuit filed in 2025 was decided in 2026: 尚未审结 on 31 December 2025
    assert legacy_2025["5.3"] == 1


def test_open_cases_now_fall_in_every_alert_bucket(demo) -> None:
    today = timezone.localdate()
    open_now = Application.objects.open()

    assert open_now.count() == OPEN_NOW
    overdue = reminders.with_due(open_now, "overdue", today)
    soon = reminders.with_due(open_now, "soon", today)
    assert sorted(overdue.values_list("alert_kind", "status")) == [
        ("reply", Status.EXTENDED),
        ("reply", Status.PROCESSING),
    ]
    assert sorted(soon.values_list("alert_kind", "status")) == [
        ("reply", Status.PROCESSING),
        ("reply", Status.PROCESSING),
    ]
    statuses = Counter(open_now.values_list("status", flat=True))
    assert statuses == {
        Status.PENDING: 3,
        Status.PROCESSING: 5,
        Status.EXTENDED: 2,
        Status.CORRECTION: 1,
        Status.CONSULTATION: 1,
        Status.AWAITING_FEE: 1,
    }
    portal = open_now.get(via_portal=True)
    assert (portal.status, portal.submitted_on, portal.created_by) == (Status.PENDING, today, None)
    # nothing of the open cases is past except the two overdue replies
    later = open_now.exclude(pk__in=overdue.values("pk")).exclude(alert_kind="confirm")
    assert all(a.alert_due_on >= today for a in later)


def test_loading_the_caseload_twice_is_refused(demo) -> None:
    root, _ = demo
    before = Application.objects.count()

    with pytest.raises(RuntimeError, match="演示申请已存在"):
        load_demo_applications(root)
    assert Application.objects.count() == before
