"""The main path of a case through the actions, with its stored deadlines."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from gongkai.applications import actions
from gongkai.applications.actions import ApplicationError
from gongkai.applications.models import Letter, Status
from gongkai.applications.tests.conftest import register

D = datetime.date


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: D(2024, 12, 31))


def test_walk_in_application_is_received_at_once_with_its_deadlines(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    assert a.status == Status.PROCESSING
    assert a.received_on == D(2024, 9, 27)
    # day 1 is the make-up Sunday 9-29, then 9-30; 10-1..7 National Day; …
    assert a.correction_notice_due_on == D(2024, 10, 12)  # make-up Saturday
    assert a.reply_due_on == D(2024, 10, 30)
    assert a.alert_kind == "reply"
    assert Letter.objects.filter(application=a, kind="receipt").count() == 1


def test_correction_consultation_extension_reply(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    a = actions.request_correction(
        actor=hank,
        application=a,
        items="请写明年份",
        deadline=D(2024, 10, 18),
        notified_on=D(2024, 10, 8),
    )
    assert a.status == Status.CORRECTION and a.reply_due_on is None
    a = actions.receive_correction(actor=hank, application=a, received_on=D(2024, 10, 14))
    with pytest.raises(ApplicationError, match="一次性"):
        actions.request_correction(actor=hank, application=a, items="x", deadline=D(2024, 10, 30))
    assert a.clock_start_on == D(2024, 10, 14)
    assert a.reply_due_on == D(2024, 11, 11)
    c = actions.start_consultation(
        actor=hank,
        application=a,
        kind="third_party",
        party="某公司",
        sent_on=D(2024, 10, 15),
        delivered_on=D(2024, 10, 16),
    )
    a.refresh_from_db()
    assert a.status == Status.CONSULTATION and a.reply_due_on is None
    assert c.due_on == D(2024, 11, 6)
    actions.finish_consultation(
        actor=hank,
        consultation=c,
        answered_on=D(2024, 10, 25),
        answer="object",
        opinion="涉及商业秘密",
    )
    a.refresh_from_db()
    assert a.status == Status.PROCESSING
    assert a.paused_workdays == 8  # 10-16 … 10-25
    assert a.reply_due_on == D(2024, 11, 21)
    a = actions.extend(
        actor=hank,
        application=a,
        days=20,
        approver="张主任",
        reason="需要检索档案",
        decided_on=D(2024, 11, 20),
    )
    assert a.status == Status.EXTENDED
    assert a.reply_due_on == D(2024, 12, 19)
    with pytest.raises(ValidationError):
        actions.reply(actor=hank, application=a, outcome="refused.third_party", values={})
    a = actions.reply(
        actor=hank,
        application=a,
        outcome="refused.third_party",
        values={"reasoning": "第三方不同意公开", "third_party_interest": "trade_secret"},
        replied_on=D(2024, 12, 18),
    )
    assert a.status == Status.REPLIED and a.on_time is True
    assert a.report_row == "refused.third_party" and a.legacy_row == "3.3.4b"
    assert a.alert_due_on is None
