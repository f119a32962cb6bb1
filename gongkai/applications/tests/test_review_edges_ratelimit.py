"""Review of the edges: the public rate limits hold for requests that arrive together.

Each test runs a second request *while* the first one is being served (from inside the
patched lookup or registration), as two requests from the same address in parallel
would. A limit checked before the work and counted after it lets both through."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.applications import actions, tracking
from gongkai.applications.models import Application
from gongkai.applications.tests.conftest import PERSON

D = datetime.date
API = "/api/v1/applications/"
TRACK = reverse("application_portal:track")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: D(2024, 12, 31))


def api_track(code: str, verifier: str) -> Any:
    return Client().post(
        f"{API}track", {"code": code, "verifier": verifier}, content_type="application/json"
    )


def portal_track(code: str, verifier: str) -> Any:
    return Client().post(TRACK, {"code": code, "verifier": verifier})


@pytest.mark.parametrize("send", [api_track, portal_track], ids=["api", "portal"])
def test_parallel_guesses_cannot_run_more_lookups_than_the_limit(
    db: None, monkeypatch: pytest.MonkeyPatch, send: Any
) -> None:
    monkeypatch.setattr(tracking, "LOOKUPS_PER_HOUR", 1)
    real_find = tracking.find
    looked_up: list[str] = []
    inner: list[int] = []

    def find(code: str, verifier: str) -> Application | None:
        looked_up.append(code)
        if len(looked_up) == 1:  # a second guess arrives while the first is looked up
            inner.append(send("GUESS00002", "0002").status_code)
        return real_find(code, verifier)

    monkeypatch.setattr(tracking, "find", find)
    send("GUESS00001", "0001")
    assert looked_up == ["GUESS00001"]  # the parallel guess was not looked up
    assert inner == [429]


def test_a_successful_lookup_does_not_use_up_the_budget(
    binhe: Agency, hank: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tracking, "LOOKUPS_PER_HOUR", 2)
    a = actions.register_application(
        actor=hank,
        agency=binhe,
        values=PERSON | {"channel": "in_person", "submitted_on": D(2024, 12, 30)},
    )
    for _ in range(5):
        assert api_track(a.tracking_code, PERSON["phone"]).status_code == 200
    assert portal_track(a.tracking_code, PERSON["phone"]).status_code == 302
    assert api_track("WRONG00001", "0000").status_code == 404
    assert api_track("WRONG00002", "0000").status_code == 404
    assert api_track(a.tracking_code, PERSON["phone"]).status_code == 429


def test_parallel_submissions_cannot_pass_the_hourly_limit(
    binhe: Agency, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.GONGKAI_PORTAL_APPLICATIONS_PER_HOUR = 1
    data = PERSON | {"agency": str(binhe.pk)}
    real_register = actions.register_application
    calls: list[str] = []
    inner: list[int] = []

    def register(**kwargs: Any) -> Application:
        calls.append("register")
        if len(calls) == 1:  # a second submission arrives while the first is being saved
            response = Client().post(f"{API}submit", data, content_type="application/json")
            inner.append(response.status_code)
        return real_register(**kwargs)

    monkeypatch.setattr(actions, "register_application", register)
    response = Client().post(f"{API}submit", data, content_type="application/json")
    assert response.status_code == 201
    assert inner == [429]
    assert Application.objects.count() == 1


def test_submissions_refused_for_their_fields_do_not_use_up_the_limit(
    binhe: Agency, settings: Any
) -> None:
    settings.GONGKAI_PORTAL_APPLICATIONS_PER_HOUR = 1
    client = Client()
    bad = PERSON | {"agency": str(binhe.pk), "phone": "123"}
    for _ in range(3):
        assert client.post(f"{API}submit", bad, content_type="application/json").status_code == 422
    good = PERSON | {"agency": str(binhe.pk)}
    assert client.post(f"{API}submit", good, content_type="application/json").status_code == 201
    again = client.post(f"{API}submit", good, content_type="application/json")
    assert (again.status_code, again.json()["detail"]) == (
        429,
        "提交过于频繁：每小时最多提交 1 件申请，请稍后再试",
    )
