"""The public portal's pages, through Django's test client."""

from __future__ import annotations

from django.urls import reverse

from conftest import make_agency
from gongkai.agencies import actions
from gongkai.agencies.models import AgencyKind


def test_home_names_the_district_and_counts_its_active_departments_and_townships(
    client, district, binhe, wenchang, finance
) -> None:
    closed = make_agency(
        "中卫市沙坡头区撤并镇人民政府", "spt-closed", AgencyKind.TOWNSHIP, district, 9
    )
    actions.update_agency(actor=None, agency=closed, data={"is_active": False})

    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>中卫市沙坡头区人民政府政府信息公开</h1>" in html
    assert "所属 1 个部门（单位）、2 个乡镇（街道）的政府信息" in html


def test_home_before_any_agency_exists_asks_staff_to_set_the_platform_up(client, db) -> None:
    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    assert "平台尚未建立机构，请工作人员登录后配置。" in response.content.decode()


def test_directory_groups_agencies_by_kind_in_a_fixed_order(
    client, district, binhe, wenchang, finance
) -> None:
    response = client.get(reverse("portal:agency_directory"))

    assert response.status_code == 200
    groups = [(label, [a.slug for a in items]) for label, items in response.context["groups"]]
    assert groups == [
        ("人民政府", ["spt"]),
        ("政府部门", ["spt-czj"]),
        ("乡镇街道", ["spt-binhe", "spt-wenchang"]),
    ]
    html = response.content.decode()
    assert html.index("人民政府（1）") < html.index("政府部门（1）") < html.index("乡镇街道（2）")


def test_inactive_agency_is_left_out_of_the_directory_and_its_page_is_not_found(
    client, district, binhe, wenchang
) -> None:
    actions.update_agency(actor=None, agency=wenchang, data={"is_active": False})

    directory = client.get(reverse("portal:agency_directory"))
    page = client.get(reverse("portal:agency_detail", args=["spt-wenchang"]))

    assert "中卫市沙坡头区文昌镇人民政府" not in directory.content.decode()
    assert "中卫市沙坡头区滨河镇人民政府" in directory.content.decode()
    assert page.status_code == 404
    assert "<h1>页面不存在</h1>" in page.content.decode()


def test_agency_page_lists_active_subordinate_agencies_only(
    client, district, binhe, wenchang
) -> None:
    actions.update_agency(actor=None, agency=wenchang, data={"is_active": False})

    response = client.get(reverse("portal:agency_detail", args=["spt"]))

    assert [child.slug for child in response.context["agency"].active_children] == ["spt-binhe"]
    assert "中卫市沙坡头区文昌镇人民政府" not in response.content.decode()


def test_agency_page_without_reading_points_points_to_the_superior_office(
    client, district, binhe
) -> None:
    response = client.get(reverse("portal:agency_detail", args=["spt-binhe"]))

    assert "本机关暂未设立查阅点，请到上级机关查阅点查阅。" in response.content.decode()
