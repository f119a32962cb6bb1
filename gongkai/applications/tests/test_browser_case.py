"""The acceptance test of disclosure on request, in a real Chromium: a portal
application goes through correction, third-party consultation, extension and reply in
the back office, with the notices generated and the deadline right at every step, and
the public tracking page lists the notices issued with their dates.

Everything happens today (the portal submits today and no step may be dated in the
future), so every expected deadline is computed from today with the working-day
calendar rather than written down."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from conftest import PASSWORD
from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications.models import APPLICANT_LETTERS, Application, Letter, LetterStatus
from gongkai.applications.tests.conftest import PERSON
from gongkai.core.testing import log_in
from gongkai.workdays.calendar import add_workdays

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
THIRD_PARTY = "中卫市某某商贸有限公司"


def cn(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def after(start: datetime.date, workdays: int) -> datetime.date:
    return add_workdays(start, workdays).date


def apply_online(page: Page) -> Application:
    page.goto("/yishenqing/?agency=spt-binhe")
    page.get_by_role("group", name="申请人类型").get_by_label("自然人").check()
    page.get_by_label("姓名").fill(PERSON["applicant_name"])
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill(PERSON["id_number"])
    page.get_by_label("联系电话").fill(PERSON["phone"])
    page.get_by_label("电子邮箱").fill(PERSON["email"])
    page.get_by_label("通信地址").fill(PERSON["address"])
    page.get_by_label("所需信息的内容描述").fill(PERSON["description"])
    page.get_by_role("group", name="载体形式").get_by_label("电子", exact=True).check()
    page.get_by_role("group", name="获取方式").get_by_label("电子邮件").check()
    page.get_by_label("身份证明扫描件").set_input_files(
        files=[{"name": "身份证.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_label("本人确认以上声明").check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申请已提交")
    return Application.objects.get()


def step(page: Page, title: str) -> Locator:
    """Open the case page's step ``title`` (a closed <details>) and return its form."""
    page.locator("details.step > summary", has_text=title).click()
    return page.get_by_role("form", name=title, exact=True)


def expect_reply_due(page: Page, text: str) -> None:
    expect(page.locator("#reply-due")).to_contain_text(text)


def expect_letter(page: Page, kind: str, status: str = "草稿") -> None:
    row = page.locator("#letters tbody tr").filter(
        has=page.get_by_role("cell", name=kind, exact=True)
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text(status)


def issue_letter(page: Page, kind: str) -> None:
    """Open the draft of ``kind`` from the case page, issue it, and come back."""
    case_url = page.url
    row = page.locator("#letters tbody tr").filter(
        has=page.get_by_role("cell", name=kind, exact=True)
    )
    row.get_by_role("link").click()
    page.get_by_role("button", name="出具", exact=True).click()
    expect(page.get_by_text("已出具，文号")).to_be_visible()
    page.goto(case_url)
    expect_letter(page, kind, "已出具")


def test_portal_application_through_correction_consultation_extension_and_reply(
    page: Page, district: Agency, binhe: Agency, hank: User
) -> None:
    today = timezone.localdate()
    application = apply_online(page)

    # the handler confirms the receipt with the applicant: the reply clock starts today
    log_in(page, "hank", PASSWORD)
    page.goto("/workbench/applications/")
    page.get_by_role("link", name=application.number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.number)
    expect_reply_due(page, "待确认收到")
    form = step(page, "确认收到申请")
    form.get_by_label("确认日期").fill(today.isoformat())
    form.get_by_label("确认方式").fill("电话确认")
    form.get_by_role("button", name="确认收到").click()
    expect(page.locator("#status")).to_have_text("办理中")
    expect_reply_due(page, cn(after(today, 20)))
    expect(page.locator("#latest-due")).to_have_text(cn(after(today, 40)))
    expect_letter(page, "登记回执")
    issue_letter(page, "登记回执")

    # a correction notice: the reply clock stops until the corrected application arrives
    correction_deadline = after(today, 10)
    form = step(page, "告知补正")
    form.get_by_label("需补正事项").fill("请写明所需信息的年度和具体项目名称")
    form.get_by_label("补正期限").fill(correction_deadline.isoformat())
    form.get_by_role("button", name="告知补正").click()
    expect(page.locator("#status")).to_have_text("补正中")
    expect_reply_due(page, "暂停计时（等待补正，收到补正后重新计算）")
    expect(page.locator("#correction-due")).to_contain_text(cn(correction_deadline))
    expect_letter(page, "补正告知书")
    issue_letter(page, "补正告知书")

    form = step(page, "收到补正")
    form.get_by_label("收到补正日期").fill(today.isoformat())
    form.get_by_role("button", name="登记收到补正").click()
    expect(page.locator("#status")).to_have_text("办理中")
    expect_reply_due(page, cn(after(today, 20)))

    # a third-party consultation: the clock is paused while it runs
    form = step(page, "征求意见")
    form.get_by_label("征求意见类型").select_option(label="征求第三方意见（第三十二条）")
    form.get_by_label("被征求意见方").fill(THIRD_PARTY)
    form.get_by_label("发出日期").fill(today.isoformat())
    form.get_by_role("button", name="发出征求意见函").click()
    expect(page.locator("#status")).to_have_text("征求意见中")
    expect_reply_due(page, "暂停计时")
    expect(page.locator("#next-due")).to_contain_text(f"征求意见答复期限：{cn(after(today, 15))}")
    expect_letter(page, "第三方意见征询函")

    form = page.get_by_role("form", name=f"登记“{THIRD_PARTY}”的意见", exact=True)
    form.get_by_label("对方意见").select_option(label="不同意公开")
    form.get_by_label("意见内容").fill("涉及本公司商业秘密，不同意公开")
    form.get_by_role("button", name="登记对方意见").click()
    expect(page.locator("#status")).to_have_text("办理中")
    # sent and answered today: no working day of the reply period was paused
    expect_reply_due(page, cn(after(today, 20)))

    # the extension, approved by the office head
    form = step(page, "延期答复")
    form.get_by_label("延长工作日数").fill("20")
    form.get_by_label("批准延期的负责人").fill("张主任")
    form.get_by_label("延期理由").fill("需要检索历年档案并征求第三方意见")
    form.get_by_role("button", name="延期答复").click()
    expect(page.locator("#status")).to_have_text("延期办理中")
    expect_reply_due(page, cn(after(today, 40)))
    expect_letter(page, "延期答复告知书")
    issue_letter(page, "延期答复告知书")

    # the reply: refused to protect the third party's trade secret
    form = step(page, "作出答复")
    form.get_by_label("答复类型").select_option(label="不予公开：保护第三方合法权益")
    form.get_by_label("理由和依据").fill("该信息涉及第三方商业秘密，第三方不同意公开")
    form.get_by_label("涉及的第三方权益").select_option(label="商业秘密")
    form.get_by_role("button", name="作出答复").click()
    expect(page.locator("#status")).to_have_text("已答复")
    expect(page.locator("#outcome")).to_have_text("不予公开：保护第三方合法权益")
    expect_reply_due(page, f"{cn(after(today, 40))} 按期办结")
    expect_letter(page, "答复告知书")
    issue_letter(page, "答复告知书")

    # the applicant's tracking page lists the notices issued, with their dates
    page.goto("/yishenqing/track/")
    page.get_by_label("查询码").fill(application.tracking_code)
    page.get_by_label("手机号码或证件号码后四位").fill(PERSON["phone"])
    page.get_by_role("button", name="查询", exact=True).click()
    progress = page.get_by_role("region", name="办理进度")
    expect(progress).to_contain_text("已答复")
    issued = Letter.objects.filter(
        application=application, status=LetterStatus.ISSUED, kind__in=APPLICANT_LETTERS
    ).order_by("issued_at")
    assert [letter.kind for letter in issued] == ["receipt", "correction", "extension", "reply"]
    notices = progress.locator("ul.notices li")
    expect(notices).to_have_count(4)
    for item, letter in zip(notices.all(), issued, strict=True):
        expect(item).to_contain_text(f"{cn(today)} {letter.title}")
    consultation = Letter.objects.get(application=application, kind="consultation")
    expect(progress).not_to_contain_text(consultation.title)
