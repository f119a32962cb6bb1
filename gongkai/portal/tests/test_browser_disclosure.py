"""政府信息公开 as a citizen uses it, in a real Chromium: search a two-character word,
open the hit, read it on a phone."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from gongkai.core.testing import PHONE
from gongkai.portal.tests.test_disclosure_pages import GUIDE_TEXT, publish
from gongkai.publishing import actions, catalogue

pytestmark = pytest.mark.browser

TITLE = "滨河镇2024年城乡居民最低生活保障资金发放情况公示"


def test_search_a_two_character_word_from_the_landing_page_and_open_the_document(
    page: Page, alice, binhe
) -> None:
    # live_server runs the test in a committed transaction, so indexing happens
    document = publish(binhe, alice, title=TITLE)
    publish(binhe, alice, title="滨河镇人居环境整治工作动态", body_html="<p>开展环境整治。</p>")
    page.goto("/xxgk/")

    search = page.get_by_role("search")
    search.get_by_label("搜索政府信息").fill("低保")
    search.get_by_role("button", name="搜索").click()

    expect(page.get_by_role("status")).to_contain_text("找到 1 条与“低保”相关的政府信息")
    hits = page.get_by_role("main").locator("ol.hits > li")
    expect(hits).to_have_count(1)
    expect(hits.locator("mark").first).to_have_text("低保")
    expect(hits).to_contain_text(f"索引号 {document.index_no}")
    hits.get_by_role("link", name=TITLE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".doc-meta")).to_contain_text(f"索引号{document.index_no}")
    expect(page.locator(".doc-body")).to_contain_text("现将本镇低保资金发放情况公示如下")


def test_disclosure_pages_fit_a_phone_screen_without_sideways_scrolling(
    page: Page, alice, binhe
) -> None:
    column = catalogue.create_column(actor=alice, agency=binhe, name="社会救助政策文件汇编")
    guide = catalogue.draft_guide(actor=alice, agency=binhe, fields=GUIDE_TEXT)
    catalogue.publish_guide(actor=alice, guide=guide)
    document = publish(binhe, alice, title=TITLE, column=column, doc_number="滨政发〔2024〕12号")
    for channel in ("wechat", "weibo", "other_media"):
        actions.record_publication(
            actor=alice, document=document, channel=channel, published_on=timezone.localdate()
        )
    page.set_viewport_size(PHONE)

    too_wide = {}
    for url in (
        "/xxgk/",
        "/xxgk/spt-binhe/",
        "/xxgk/spt-binhe/guide/",
        f"/xxgk/documents/{document.pk}/",
        f"/xxgk/documents/{document.pk}/print/",
        "/xxgk/search/?q=低保&agency=spt-binhe",
    ):
        page.goto(url)
        scroll, client = page.evaluate(
            "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )
        if scroll > client:
            too_wide[url] = scroll
    assert too_wide == {}, f"pages wider than the {PHONE['width']}px phone screen: {too_wide}"
