"""Domain review: the generator and the actions agree on the provisional flag of a case
whose next deadline is a consultation answer or a payment in a year without a holiday
schedule (2027)."""

from __future__ import annotations

import datetime

import pytest

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import actions, caseload
from gongkai.applications.models import Application, Status

D = datetime.date


def _stored(a: Application) -> dict[str, object]:
    return {name: getattr(a, name) for name in caseload.STORED_FIELDS}


@pytest.mark.parametrize("status", [Status.CONSULTATION, Status.AWAITING_FEE])
def test_an_open_case_waiting_on_a_provisional_date_is_provisional(
    district: Agency, binhe: Agency, monkeypatch: pytest.MonkeyPatch, status: str
) -> None:
    hank = User.objects.create_user("hank-replay", password="x", agency=binhe)
    load = caseload.plan([district, binhe], years=(2026,), n=3000, seed=7)
    monkeypatch.setattr(actions, "today", lambda: load.as_of)
    case = next(
        c
        for c in load.cases
        if c.status == status
        and c.application is not None
        and c.application.alert_due_on is not None
        and c.application.alert_due_on.year == 2027
    )
    assert case.application is not None
    assert case.application.due_provisional is True
    assert _stored(caseload.replay(case, actor=hank)) == _stored(case.application)
