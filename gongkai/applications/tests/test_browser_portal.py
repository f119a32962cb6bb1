"""Applying online and tracking the application in a real Chromium with JavaScript
turned off: the portal's forms must work with plain HTML."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from gongkai.applications.models import Application, ApplicationAttachment, Status
from gongkai.applications.tests.conftest import PERSON
from gongkai.core.testing import DESKTOP, LOCALE, TIMEOUT_MS

if TYPE_CHECKING:
    from playwright.sync_api import Browser
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def page_without_js(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(
        locale=LOCALE,
        base_url=live_server.url,
        viewport=DESKTOP,
        java_script_enabled=False,
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_apply_without_javascript_then_track_the_application(
    page_without_js: Page, district, binhe, wenchang
) -> None:
    page = page_without_js
    page.goto("/yishenqing/?agency=spt-binhe")
    expect(page.get_by_role("heading", level=1)).to_have_text("申请公开政府信息")
    expect(page.get_by_label("受理机关")).to_have_value("spt-binhe")

    page.get_by_role("group", name="申请人类型").get_by_label("自然人").check()
    page.get_by_label("姓名").fill(PERSON["applicant_name"])
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill(PERSON["id_number"])
    page.get_by_label("联系电话").fill("138 9555 1234")
    page.get_by_label("电子邮箱").fill(PERSON["email"])
    page.get_by_label("通信地址").fill(PERSON["address"])
    page.get_by_label("所需信息的内容描述").fill(PERSON["description"])
    page.get_by_role("group", name="载体形式").get_by_label("电子", exact=True).check()
    page.get_by_role("group", name="获取方式").get_by_label("电子邮件").check()
    page.get_by_label("身份证明扫描件").set_input_files(
        files=[{"name": "身份证.png", "mimeType": "image/png", "buffer": PNG}]
    )
    # forgetting the declaration: the summary at the top links to the field
    page.get_by_role("button", name="提交申请").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("申请未能提交，请修改以下内容：")
    summary.get_by_role("link", name="本人确认以上声明：请阅读并勾选申请人声明").click()
    declaration = page.get_by_label("本人确认以上声明")
    expect(declaration).to_be_focused()
    expect(page.get_by_label("姓名")).to_have_value(PERSON["applicant_name"])
    assert Application.objects.count() == 0

    declaration.check()
    page.get_by_label("身份证明扫描件").set_input_files(  # files are not kept by the browser
        files=[{"name": "身份证.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_role("button", name="提交申请").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("申请已提交")
    application = Application.objects.get()
    assert application.status == Status.PENDING
    assert ApplicationAttachment.objects.filter(application=application).count() == 1
    expect(page.locator(".tracking-code")).to_have_text(f"查询码：{application.tracking_code}")
    expect(page.get_by_text(application.number)).to_be_visible()

    page.get_by_role("link", name="查询办理进度").click()
    expect(page.get_by_label("查询码")).to_have_value(application.tracking_code)
    page.get_by_label("手机号码或证件号码后四位").fill(PERSON["id_number"][-4:])
    page.get_by_role("button", name="查询", exact=True).click()

    progress = page.get_by_role("region", name="办理进度")
    expect(progress).to_contain_text("待确认")
    expect(progress).to_contain_text(application.number)
    expect(progress).to_contain_text("中卫市沙坡头区滨河镇人民政府")
    expect(progress).to_contain_text("机关尚未出具告知书。")
    page.reload()
    expect(page.get_by_role("region", name="办理进度")).to_contain_text(application.number)
