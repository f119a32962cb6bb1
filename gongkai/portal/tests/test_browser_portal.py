"""The public portal as a citizen uses it, in a real Chromium: find an agency, use the
keyboard, read it on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from gongkai.agencies import actions
from gongkai.core.testing import PHONE
from gongkai.demo.district import load_demo_district

pytestmark = pytest.mark.browser


def test_directory_lists_agencies_and_agency_page_shows_its_office_and_reading_points(
    page: Page, district, binhe, wenchang, finance
) -> None:
    actions.update_agency(actor=None, agency=binhe, data={"office_name": "滨河镇党政办公室"})
    actions.add_reading_point(
        actor=None,
        agency=binhe,
        name="滨河镇便民服务中心政府信息查阅点",
        address="滨河镇便民服务中心大厅",
        hours="工作日 9:00—17:00",
    )
    page.goto("/")

    page.get_by_role("navigation", name="门户导航").get_by_role(
        "link", name="机构与公开工作机构"
    ).click()

    expect(page.get_by_role("heading", level=2)).to_have_text(
        ["人民政府（1）", "政府部门（1）", "乡镇街道（2）"]
    )
    for name in ("中卫市沙坡头区人民政府", "中卫市沙坡头区财政局", "中卫市沙坡头区文昌镇人民政府"):
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    page.get_by_role("link", name="中卫市沙坡头区滨河镇人民政府").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("中卫市沙坡头区滨河镇人民政府")
    office = page.get_by_role("region", name="政府信息公开工作机构")
    expect(office).to_contain_text("滨河镇党政办公室")
    expect(office).to_contain_text("0955-8800002")
    points = page.get_by_role("region", name="政府信息查阅点").get_by_role("listitem")
    expect(points).to_have_count(1)
    expect(points.get_by_role("heading")).to_have_text("滨河镇便民服务中心政府信息查阅点")
    expect(points).to_contain_text("滨河镇便民服务中心大厅")
    expect(points).to_contain_text("工作日 9:00—17:00")


def test_first_tab_focuses_the_skip_link_and_activating_it_moves_focus_to_main(
    page: Page, district
) -> None:
    page.goto("/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("main#main")).to_be_focused()


def test_portal_pages_fit_a_phone_screen_without_sideways_scrolling(page: Page) -> None:
    load_demo_district()
    page.set_viewport_size(PHONE)

    too_wide = {}
    for url in ("/", "/agencies/", "/agencies/spt/", "/agencies/spt-xiangshan/"):
        page.goto(url)
        scroll, client = page.evaluate(
            "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )
        if scroll > client:
            too_wide[url] = scroll
    assert too_wide == {}, f"pages wider than the {PHONE['width']}px phone screen: {too_wide}"
