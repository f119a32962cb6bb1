"""Reading reports as people do it, in a real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from gongkai.core.testing import log_in

from .material import HONGZE_2023, PINGTAN_2025, SEED

pytestmark = pytest.mark.browser


def test_citizen_pastes_a_report_and_sees_its_table_and_findings(page: Page, db) -> None:
    page.goto("/")
    page.get_by_role("link", name="年报检查").click()
    page.get_by_label("粘贴报告全文").fill(SEED.read_text())
    page.get_by_role("main").get_by_role("button", name="检查").click()

    result = page.get_by_role("region", name="检查结果")
    expect(result).to_contain_text("中卫市沙坡头区")
    expect(result).to_contain_text("单元格写作“5 万”")
    expect(result).to_contain_text("按时办结完毕")
    expect(page.get_by_role("table", name="政府信息公开情况统计表")).to_contain_text("10947")


def test_office_reviews_several_reports_and_opens_one(page: Page, alice) -> None:
    log_in(page, "alice", PASSWORD)
    page.get_by_role("link", name="年报审查").click()
    page.get_by_role("link", name="新建审查批次").click()
    page.get_by_label("批次名称").fill("各单位年报审查")
    page.get_by_label("年度报告文件").set_input_files(
        [str(HONGZE_2023), str(PINGTAN_2025), str(SEED)]
    )
    page.get_by_role("main").get_by_role("button", name="上传并审查").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("各单位年报审查")
    results = page.get_by_role("table", name="审查结果")
    expect(results.get_by_role("row")).to_have_count(4)
    results.get_by_role("link", name=HONGZE_2023.name).click()
    expect(page.get_by_role("main")).to_contain_text("行政复议：总计 0 ≠ 结果维持 10")
