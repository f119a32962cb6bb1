"""``/api/v1/workdays/…``: the same answers as the calendar, errors in Chinese."""

from __future__ import annotations

import datetime

import pytest

from gongkai.workdays.models import HolidaySchedule, ScheduleDay

pytestmark = pytest.mark.django_db


def test_add(client):
    response = client.get("/api/v1/workdays/add", {"start": "2024-09-27", "days": "20"})
    assert response.status_code == 200
    assert response.json() == {"date": "2024-10-30", "provisional": False}


def test_add_into_an_unknown_year_is_provisional(client):
    response = client.get("/api/v1/workdays/add", {"start": "2026-12-25", "days": "10"})
    assert response.json() == {"date": "2027-01-08", "provisional": True}


def test_add_follows_stored_days(client):
    schedule = HolidaySchedule.objects.create(year=2027)
    ScheduleDay.objects.create(schedule=schedule, date=datetime.date(2027, 1, 1), is_workday=False)
    response = client.get("/api/v1/workdays/add", {"start": "2026-12-25", "days": "10"})
    assert response.json() == {"date": "2027-01-11", "provisional": False}


def test_add_with_a_negative_count_is_400_in_chinese(client):
    response = client.get("/api/v1/workdays/add", {"start": "2024-09-27", "days": "-1"})
    assert response.status_code == 400
    assert response.json() == {"detail": "工作日数应在 0 到 3650 之间"}


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2024-13-01", "days": "1"},
        {"start": "2024-09-27", "days": "x"},
        {"start": "2024-09-27"},
    ],
)
def test_add_with_malformed_parameters_is_422(client, params):
    assert client.get("/api/v1/workdays/add", params).status_code == 422


def test_between(client):
    response = client.get("/api/v1/workdays/between", {"start": "2024-09-27", "end": "2024-10-30"})
    assert response.json() == {"workdays": 20, "provisional": False}
    response = client.get("/api/v1/workdays/between", {"start": "2026-12-31", "end": "2027-01-04"})
    assert response.json() == {"workdays": 2, "provisional": True}


def test_between_over_a_too_long_span_is_400(client):
    response = client.get("/api/v1/workdays/between", {"start": "2000-01-01", "end": "2099-01-01"})
    assert response.status_code == 400
    assert response.json() == {"detail": "日期间隔过长"}


def test_day(client):
    response = client.get("/api/v1/workdays/day", {"date": "2024-09-29"})
    assert response.json() == {
        "date": "2024-09-29",
        "workday": True,
        "provisional": False,
        "note": "国庆节调休上班",
    }
    response = client.get("/api/v1/workdays/day", {"date": "2027-01-02"})
    assert response.json() == {
        "date": "2027-01-02",
        "workday": False,
        "provisional": True,
        "note": "",
    }
