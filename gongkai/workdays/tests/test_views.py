"""Back-office pages: everyone logged in may look; only the district office admin
(or a superuser) may change the calendar."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from gongkai.audit.models import Event
from gongkai.workdays import actions
from gongkai.workdays.access import can_manage_calendar
from gongkai.workdays.models import HolidaySchedule, ScheduleDay

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    """Pretend today is 2026-11-26 (2027 has no official schedule)."""
    day = D(2026, 11, 26)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


@pytest.fixture
def schedule_2027(alice):
    return actions.create_schedule(actor=alice, year=2027, notice="2027年通知")


def day_url(year=2027):
    return reverse("workdays:day_set", args=[year])


def test_schedule_list_is_mounted_at_the_workbench():
    assert reverse("workdays:schedule_list") == "/workbench/workdays/"


def test_anonymous_user_is_sent_to_login(client):
    for url in (
        reverse("workdays:schedule_list"),
        reverse("workdays:year_detail", args=[2027]),
        reverse("workdays:calculate"),
        day_url(),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"


def test_year_list_shows_the_status_of_each_year(client, alice, today):
    actions.create_schedule(actor=alice, year=2024, notice="更正")
    client.force_login(alice)
    response = client.get(reverse("workdays:schedule_list"))
    assert response.status_code == 200
    years = {info.year: info.status.label for info in response.context["years"]}
    assert years == {
        2024: "已录入",
        2026: "官方安排（chinese-calendar）",
        2027: "未录入（计算结果为临时）",
    }
    html = response.content.decode()
    assert "2004年至2026年的节假日安排来自 chinese-calendar" in html
    assert "未录入（计算结果为临时）" in html


def test_year_page_shows_the_package_days_read_only(client, carol):
    client.force_login(carol)
    response = client.get(reverse("workdays:year_detail", args=[2024]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "官方安排（chinese-calendar，只读）" in html
    assert "国庆节调休上班" in html
    assert response.context["notice_form"] is None
    assert response.context["day_form"] is None
    assert '<form method="post"' not in html.split("官方安排（chinese-calendar，只读）")[1]


def test_year_page_offers_the_entry_form_to_the_district_admin(client, alice):
    client.force_login(alice)
    response = client.get(reverse("workdays:year_detail", args=[2027]))
    assert response.status_code == 200
    assert "录入2027年节假日安排" in response.content.decode()
    assert response.context["notice_form"] is not None


def test_district_admin_enters_a_year_and_adds_a_day(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("workdays:schedule_notice", args=[2027]), {"notice": "2027年通知"}
    )
    assert response.status_code == 302
    assert HolidaySchedule.objects.get(year=2027).notice == "2027年通知"
    response = client.post(day_url(), {"date": "2027-01-01", "is_workday": "0", "note": "元旦"})
    assert response.status_code == 302
    assert response["Location"] == reverse("workdays:year_detail", args=[2027])
    day = ScheduleDay.objects.get()
    assert (day.date, day.is_workday, day.note) == (D(2027, 1, 1), False, "元旦")
    assert Event.objects.filter(action="workdays.day_added", actor=alice).count() == 1


def test_district_admin_changes_a_day_through_the_prefilled_form(client, alice, schedule_2027):
    actions.set_schedule_day(
        actor=alice, schedule=schedule_2027, date=D(2027, 1, 1), is_workday=False, note="元旦"
    )
    client.force_login(alice)
    response = client.get(day_url() + "?date=2027-01-01")
    assert response.context["form"].initial == {
        "date": D(2027, 1, 1),
        "is_workday": "0",
        "note": "元旦",
    }
    client.post(day_url(), {"date": "2027-01-01", "is_workday": "1", "note": "更正"})
    assert ScheduleDay.objects.get().is_workday is True


def test_a_day_outside_the_year_is_shown_as_a_form_error(client, alice, schedule_2027):
    client.force_login(alice)
    response = client.post(day_url(), {"date": "2028-01-01", "is_workday": "0"})
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == ["日期 2028-01-01 不在 2027 年内"]
    assert not ScheduleDay.objects.exists()


def test_adding_a_day_before_the_year_is_entered_asks_for_the_notice_first(client, alice):
    client.force_login(alice)
    response = client.post(day_url(), {"date": "2027-01-01", "is_workday": "0"})
    assert response.status_code == 302
    assert not ScheduleDay.objects.exists()


def test_district_admin_removes_a_day(client, alice, schedule_2027):
    day = actions.set_schedule_day(
        actor=alice, schedule=schedule_2027, date=D(2027, 1, 1), is_workday=False
    )
    client.force_login(alice)
    response = client.post(reverse("workdays:day_remove", args=[2027, day.pk]))
    assert response.status_code == 302
    assert not ScheduleDay.objects.exists()
    assert client.get(reverse("workdays:day_remove", args=[2027, day.pk])).status_code == 405


def test_township_office_admin_may_not_change_the_calendar(client, alice, carol, schedule_2027):
    day = actions.set_schedule_day(
        actor=alice, schedule=schedule_2027, date=D(2027, 1, 1), is_workday=False
    )
    client.force_login(carol)
    assert client.get(reverse("workdays:year_detail", args=[2027])).status_code == 200
    posts = [
        (day_url(), {"date": "2027-01-04", "is_workday": "0"}),
        (reverse("workdays:schedule_notice", args=[2027]), {"notice": "改"}),
        (reverse("workdays:schedule_notice", args=[2028]), {"notice": "新"}),
        (reverse("workdays:day_remove", args=[2027, day.pk]), {}),
        (reverse("workdays:import"), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert client.get(day_url()).status_code == 403
    assert list(ScheduleDay.objects.values_list("date", flat=True)) == [D(2027, 1, 1)]
    assert HolidaySchedule.objects.get().notice == "2027年通知"
    assert not HolidaySchedule.objects.filter(year=2028).exists()


def test_who_may_manage_the_calendar(alice, bob, carol, district):
    root = make_user("root", None, is_superuser=True)
    inactive = make_user("old", district, "office_admin", is_active=False)
    assert can_manage_calendar(alice) is True
    assert can_manage_calendar(root) is True
    assert can_manage_calendar(bob) is False  # district, but a handler
    assert can_manage_calendar(carol) is False  # office admin of a township
    assert can_manage_calendar(inactive) is False


def test_import_page_shows_the_row_errors_and_imports_nothing(client, alice):
    client.force_login(alice)
    response = client.get(reverse("workdays:import"))
    assert "date,is_workday,note" in response.content.decode()
    upload = _upload("date,is_workday,note\n2027-01-01,0,元旦\n2027-01-32,0,\n")
    response = client.post(reverse("workdays:import"), {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "文件中有 1 处错误，未导入任何数据" in html
    assert "第3行：日期“2027-01-32”不存在" in html
    assert not HolidaySchedule.objects.exists()


def test_import_page_imports_a_good_file(client, alice):
    client.force_login(alice)
    upload = _upload("日期,是否工作日,说明\n2027-01-01,休息,元旦\n", encoding="gb18030")
    response = client.post(reverse("workdays:import"), {"file": upload}, follow=True)
    assert response.redirect_chain == [(reverse("workdays:schedule_list"), 302)]
    assert "导入成功。2027年：新增 1 天，更新 0 天（新建年度安排）" in response.content.decode()
    assert ScheduleDay.objects.get().date == D(2027, 1, 1)


def test_sample_file_can_be_imported(client, alice):
    client.force_login(alice)
    sample = client.get(reverse("workdays:import_sample"))
    assert sample["Content-Type"] == "text/csv; charset=utf-8"
    actions.import_schedule_csv(actor=alice, data=sample.content)
    assert ScheduleDay.objects.count() == 3


def test_calculate_page_gives_the_deadline(client, bob):
    client.force_login(bob)
    response = client.get(reverse("workdays:calculate"), {"start": "2024-09-27", "days": "20"})
    html = response.content.decode()
    assert "2024年10月30日（星期三）" in html
    assert "正式" in html
    response = client.get(reverse("workdays:calculate"), {"start": "2026-12-25", "days": "10"})
    assert response.context["result"] == (D(2027, 1, 8), True)
    assert "临时" in response.content.decode()


def test_calculate_page_refuses_a_negative_count(client, bob):
    client.force_login(bob)
    response = client.get(reverse("workdays:calculate"), {"start": "2024-09-27", "days": "-1"})
    assert response.context["result"] is None
    assert response.context["form"].errors["days"] == ["确保该值大于或等于0。"]


def test_schedule_history_page_shows_the_events(client, alice, bob, schedule_2027):
    client.force_login(bob)
    url = reverse("backoffice:history", args=["workdays.holidayschedule", schedule_2027.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "录入2027年节假日安排" in response.content.decode()


def test_nav_lists_the_calendar(client, bob):
    client.force_login(bob)
    response = client.get(reverse("workdays:schedule_list"))
    assert {
        "label": "工作日历",
        "url": "/workbench/workdays/",
        "current": True,
    } in response.context["nav_entries"]


def _upload(text, encoding="utf-8"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("2027.csv", text.encode(encoding), content_type="text/csv")
