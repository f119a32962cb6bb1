"""Domain review of the per-item fee count (rules.md §4 item 3): the applicant's
applications received by the agency in the calendar month, whatever the channel; not
those still waiting for confirmation or withdrawn before it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gongkai.applications import actions
from gongkai.applications.actions import ApplicationError
from gongkai.applications.models import Status
from gongkai.applications.tests.conftest import register

D = datetime.date


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: D(2025, 12, 31))


def test_the_count_spans_channels_and_skips_applications_never_received(binhe, hank) -> None:
    # six walk-ins, two registered letters, two confirmed online applications: ten
    for day in (3, 4, 5, 6, 7, 10):
        register(binhe, hank, submitted_on=D(2025, 3, day))
    for day in (11, 12):
        register(binhe, hank, channel="registered_mail", submitted_on=D(2025, 3, day))
    for day in (13, 14):
        online = register(binhe, hank, channel="online", submitted_on=D(2025, 3, day))
        actions.confirm_receipt(
            actor=hank, application=online, confirmed_on=D(2025, 3, day), note="电话确认"
        )
    # not counted: one still waiting for confirmation, one withdrawn before it, and one
    # submitted in March but confirmed only in April
    waiting = register(binhe, hank, channel="fax", submitted_on=D(2025, 3, 14))
    withdrawn = register(binhe, hank, channel="email", submitted_on=D(2025, 3, 14))
    actions.withdraw(actor=hank, application=withdrawn, reason="书面撤回", on=D(2025, 3, 15))
    april = register(binhe, hank, channel="ordinary_mail", submitted_on=D(2025, 3, 31))
    april = actions.confirm_receipt(
        actor=hank, application=april, confirmed_on=D(2025, 4, 1), note="电话确认"
    )
    eleventh = register(binhe, hank, submitted_on=D(2025, 3, 17))
    assert actions.nth_in_month(eleventh) == 11
    assert actions.nth_in_month(april) == 1
    with pytest.raises(ApplicationError, match=r"^申请尚未确认收到，不能计算按件收费$"):
        actions.nth_in_month(waiting)
    fee = actions.issue_fee_notice(
        actor=hank, application=eleventh, method="per_item", notice_on=D(2025, 3, 18)
    )
    assert (fee.nth_in_month, fee.amount) == (11, Decimal(100))


def test_a_withdrawal_after_receipt_still_counts(binhe, hank) -> None:
    first = register(binhe, hank, submitted_on=D(2025, 3, 3))
    first = actions.withdraw(actor=hank, application=first, reason="书面撤回", on=D(2025, 3, 4))
    second = register(binhe, hank, submitted_on=D(2025, 3, 5))
    assert (first.status, actions.nth_in_month(second)) == (Status.WITHDRAWN, 2)
