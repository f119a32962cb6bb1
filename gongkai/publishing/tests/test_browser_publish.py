"""The whole proactive-disclosure path in a real Chromium: a publisher drafts, a
reviewer answers the confidentiality review, a leader approves, and the public finds the
document through the portal's Chinese search."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from gongkai.core.testing import log_in

pytestmark = pytest.mark.browser


def log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def test_document_is_drafted_reviewed_approved_and_found_by_portal_search(
    page: Page, bob, rita, paul, binhe
) -> None:
    log_in(page, "bob", PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="政府信息").click()
    page.get_by_role("link", name="起草政府信息").click()
    page.get_by_label("标题").fill("滨河镇2024年第三季度城乡低保资金发放情况公示")
    page.get_by_label("成文日期").fill("2024-09-27")
    page.get_by_label("主动公开").check()
    page.get_by_label("正文").fill(
        "<p>本季度共发放城乡低保资金四十二万元，惠及低保户三百一十二户。</p>"
    )
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "滨河镇2024年第三季度城乡低保资金发放情况公示"
    )
    page.get_by_role("button", name="提交保密审查").click()
    expect(page.get_by_text("已提交保密审查。")).to_be_visible()
    document_url = page.url
    log_out(page)

    log_in(page, "rita", PASSWORD)
    page.goto(document_url)
    for question in (
        "不涉及国家秘密",
        "不涉及工作秘密",
        "不涉及个人隐私和商业秘密",
        "内容准确无误",
        "公开属性正确",
    ):
        page.get_by_role("group", name=question).get_by_label("是").check()
    page.get_by_role("button", name="审查通过，送审批").click()
    expect(page.get_by_text("保密审查已通过，已送领导审批。")).to_be_visible()
    log_out(page)

    log_in(page, "paul", PASSWORD)
    page.goto(document_url)
    page.get_by_label("审批意见").fill("同意发布")
    page.get_by_role("button", name="批准发布").click()
    expect(page.get_by_text(re.compile(r"已发布，索引号 \S+/\d{4}-00001"))).to_be_visible()
    log_out(page)

    page.goto("/xxgk/search/?q=低保")
    hit = page.get_by_role("link", name=re.compile("城乡低保资金发放情况公示"))
    expect(hit).to_be_visible()
    expect(page.locator("mark", has_text="低保").first).to_be_visible()
    hit.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("城乡低保资金发放情况公示")
    expect(page.get_by_text(re.compile(r"/\d{4}-00001"))).to_be_visible()
