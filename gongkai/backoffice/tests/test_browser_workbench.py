"""The back office as staff use it, in a real Chromium: log in, look, edit, log out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from gongkai.core.testing import log_in

pytestmark = pytest.mark.browser


def test_staff_member_logs_in_and_workbench_shows_their_name_agency_and_role(
    page: Page, carol
) -> None:
    log_in(page, "carol", PASSWORD)

    expect(page).to_have_url(re.compile(r"/workbench/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("工作台")
    who = page.get_by_role("banner")
    expect(who).to_contain_text("Carol")
    expect(who).to_contain_text("中卫市沙坡头区滨河镇人民政府")
    expect(who).to_contain_text("公开办管理员")


def test_wrong_password_shows_the_chinese_error_and_stays_on_the_login_page(
    page: Page, carol
) -> None:
    log_in(page, "carol", "not-the-password")

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("alert")).to_have_text("用户名或密码不正确。请注意密码区分大小写。")


def test_township_officer_gets_not_found_for_another_townships_agency_page(
    page: Page, bob, binhe, wenchang
) -> None:
    log_in(page, "bob", PASSWORD)

    own = page.goto(f"/workbench/agencies/{binhe.pk}/")
    assert own is not None and own.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("中卫市沙坡头区滨河镇人民政府")

    other = page.goto(f"/workbench/agencies/{wenchang.pk}/")
    assert other is not None and other.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("页面不存在")
    expect(page.get_by_text("中卫市沙坡头区文昌镇人民政府")).to_have_count(0)


def test_office_admin_changes_a_phone_number_and_history_shows_before_and_after(
    page: Page, alice, binhe
) -> None:
    log_in(page, "alice", PASSWORD)
    page.goto(f"/workbench/agencies/{binhe.pk}/")

    page.get_by_role("link", name="修改机构信息").click()
    page.get_by_label("联系电话").fill("0955-7012345")
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_role("status")).to_have_text("机构信息已保存。")
    page.get_by_role("link", name="变更记录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "变更记录：中卫市沙坡头区滨河镇人民政府"
    )
    latest = page.get_by_role("main").get_by_role("listitem").first
    expect(latest).to_contain_text("Alice")
    expect(latest).to_contain_text("修改机构信息")
    # Only the phone changed, so the event lists exactly that one field.
    rows = latest.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.get_by_role("rowheader")).to_have_text("联系电话")
    expect(rows.get_by_role("cell")).to_have_text(["0955-8800002", "0955-7012345"])


def test_logout_ends_the_session_so_the_workbench_asks_to_log_in_again(page: Page, carol) -> None:
    log_in(page, "carol", PASSWORD)

    page.get_by_role("button", name="退出").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    page.goto("/workbench/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/workbench/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("工作人员登录")
