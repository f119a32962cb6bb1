"""A figure of the statistics page links to the case list showing exactly the cases it
counts (the agency's subtree, counted as the report counts)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from conftest import PASSWORD
from gongkai.applications import actions, stats
from gongkai.applications.tests.conftest import COMPANY, register

D = datetime.date


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: D(2026, 3, 31))


@pytest.fixture
def caseload(binhe, wenchang, hank, wendy) -> None:
    granted = register(binhe, hank, submitted_on=D(2025, 3, 3))
    actions.reply(
        actor=hank, application=granted, outcome="granted", values={}, replied_on=D(2025, 3, 10)
    )
    company = register(wenchang, wendy, submitted_on=D(2025, 6, 2), **COMPANY)
    actions.reply(
        actor=wendy, application=company, outcome="granted", values={}, replied_on=D(2025, 6, 9)
    )
    # received in 2025, still open at its end: carried forward
    register(binhe, hank, submitted_on=D(2025, 12, 22))
    # registered in 2026: not in the 2025 figures
    register(binhe, hank, submitted_on=D(2026, 1, 5))


def listed(client: Client, **params: str) -> int:
    response = client.get("/workbench/applications/", params)
    assert response.status_code == 200
    return int(response.context["page"].paginator.count)


@pytest.mark.parametrize(
    ("row", "kind", "expected"),
    [
        ("granted", "", 2),
        ("granted", "commercial", 1),
        ("new", "", 3),
        ("carried_forward", "natural_person", 1),
        ("legacy.3.3.2", "", 2),
    ],
)
def test_figure_link_lists_the_cases_it_counts(
    client: Client, alice, district, caseload, row: str, kind: str, expected: int
) -> None:
    client.login(username="alice", password=PASSWORD)
    column = kind or "total"
    if row.startswith("legacy."):
        figure = stats.legacy(district, 2025)[row.removeprefix("legacy.")]
    else:
        figure = stats.table3(district, 2025)[row][column]
    assert figure == expected
    params = {"agency": str(district.pk), "year": "2025", "row": row}
    if kind:
        params["applicant_kind"] = kind
    assert listed(client, **params) == expected


def test_unknown_row_is_reported(client: Client, alice, district, caseload) -> None:
    client.login(username="alice", password=PASSWORD)
    response = client.get(
        "/workbench/applications/", {"agency": district.pk, "year": 2025, "row": "bogus"}
    )
    assert response.status_code == 200
    assert "没有“bogus”这一统计行" in response.content.decode()
