"""The demo district staff log in to: its shape, its accounts, and the ``demo`` command.

(These test ``gongkai.demo``; they live here because the back office is what the demo
accounts are for.)
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from gongkai.accounts.models import Role, RoleGrant, User
from gongkai.agencies.access import visible_agencies
from gongkai.agencies.models import Agency, AgencyKind
from gongkai.demo.district import DEMO_PASSWORD, load_demo_district

TOWNSHIPS = [
    "滨河镇",
    "文昌镇",
    "东园镇",
    "柔远镇",
    "镇罗镇",
    "宣和镇",
    "永康镇",
    "常乐镇",
    "迎水桥镇",
    "兴仁镇",
    "香山乡",
]


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def light_loaders(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command's own behaviour (load, refuse a second load, reset) without the
    catalogue and caseload loaders, which have their own tests
    (``test_demo_disclosure``, ``test_demo_requests``) and take most of a minute."""
    from gongkai.demo.disclosure import CatalogueSummary
    from gongkai.demo.management.commands import demo

    monkeypatch.setattr(demo, "load_demo_catalogue", lambda root: CatalogueSummary(guides=28))
    monkeypatch.setattr(
        demo,
        "load_demo_applications",
        lambda root: {
            "applications": {2018: 3},
            "open_now": 0,
            "disputes": 0,
            "complaints": 0,
        },
    )


def test_demo_district_has_the_district_16_departments_and_11_named_townships(db) -> None:
    root = load_demo_district()

    assert Agency.objects.count() == 28
    assert root.name == "中卫市沙坡头区人民政府"
    kinds = dict(Agency.objects.values_list("kind").annotate(n=Count("id")).order_by())
    assert kinds == {AgencyKind.GOVERNMENT: 1, AgencyKind.DEPARTMENT: 16, AgencyKind.TOWNSHIP: 11}
    townships = Agency.objects.filter(kind=AgencyKind.TOWNSHIP).order_by("sort_order")
    assert [a.short_name for a in townships] == TOWNSHIPS
    assert set(Agency.objects.exclude(pk=root.pk).values_list("parent", flat=True)) == {root.pk}


def test_every_demo_agency_has_a_reading_point_and_an_account_for_each_role(db) -> None:
    load_demo_district()

    without_points = Agency.objects.annotate(n=Count("reading_points")).filter(n=0)
    assert list(without_points.values_list("slug", flat=True)) == []
    for agency in Agency.objects.all():
        roles = set(RoleGrant.objects.filter(user__agency=agency).values_list("role", flat=True))
        assert roles == set(Role.values), agency.slug


def test_demo_accounts_log_in_with_the_printed_password(client, db) -> None:
    load_demo_district()

    assert client.login(username="spt-binhe-publisher", password=DEMO_PASSWORD)
    assert User.objects.get(username="spt-binhe-publisher").role_labels() == ["信息发布员"]


def test_demo_district_admin_sees_all_28_agencies(db) -> None:
    load_demo_district()

    admin = User.objects.get(username="spt-admin")

    assert visible_agencies(admin).count() == 28


def test_loading_the_demo_twice_is_refused(db) -> None:
    load_demo_district()

    with pytest.raises(RuntimeError) as refused:
        load_demo_district()

    assert str(refused.value) == "演示数据已存在"
    assert Agency.objects.count() == 28


def test_demo_command_prints_the_logins_and_a_second_run_says_the_data_exists(
    db, light_loaders
) -> None:
    first = run_demo()
    second = run_demo()

    assert "已载入演示区县：中卫市沙坡头区人民政府及其16个部门、11个乡镇。" in first
    assert f"演示账号（密码均为 {DEMO_PASSWORD}）：" in first
    assert "spt-admin" in first
    assert "spt-binhe-publisher" in first
    assert "spt-czj-readonly" in first
    assert "政府信息公开：指南 28 份" in first
    assert "依申请公开：申请 2018年 3 件，当前办理中 0 件" in first
    assert second.startswith("演示数据已存在（用 gongkai demo --reset 重建）。")
    assert "spt-admin" in second
    assert Agency.objects.count() == 28


def test_demo_reset_rebuilds_the_district_from_scratch(transactional_db, light_loaders) -> None:
    run_demo()
    Agency.objects.filter(slug="spt-binhe").update(name="改过的名字")

    out = run_demo("--reset")

    assert "已载入演示区县" in out
    assert Agency.objects.count() == 28
    assert Agency.objects.get(slug="spt-binhe").name == "中卫市沙坡头区滨河镇人民政府"
    assert User.objects.filter(username="spt-admin").count() == 1
