"""The 政府信息公开 pages of the portal: landing page, an agency's 公开目录 and 指南, the
document page, its print view and attachment downloads.

The helpers at the top are shared with the other ``test_disclosure_*`` modules."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from conftest import make_agency
from gongkai.accounts.models import User
from gongkai.agencies import actions as agency_actions
from gongkai.agencies.models import Agency, AgencyKind
from gongkai.publishing import actions, catalogue
from gongkai.publishing.models import Document, Review, Theme

ALL_YES = {key: True for key, _ in Review.QUESTIONS}
BODY = "<p>根据《城乡居民最低生活保障条例》，现将本镇低保资金发放情况公示如下。</p>"


def draft(agency: Agency, actor: User, **fields: Any) -> Document:
    values: dict[str, Any] = {
        "title": "滨河镇2024年城乡居民最低生活保障资金发放情况公示",
        "formed_on": datetime.date(2024, 9, 27),
        "disclosure": "proactive",
        "body_html": BODY,
    } | fields
    return actions.create_document(actor=actor, agency=agency, fields=values)


def publish(
    agency: Agency,
    actor: User,
    *,
    attachments: tuple[tuple[str, bytes], ...] = (),
    **fields: Any,
) -> Document:
    """A document drafted, reviewed and approved by ``actor`` (an office admin may do
    every step), so published now."""
    document = draft(agency, actor, **fields)
    for name, data in attachments:
        actions.add_attachment(actor=actor, document=document, name=name, data=data)
    actions.submit_document(actor=actor, document=document)
    actions.review_document(actor=actor, document=document, answers=ALL_YES)
    return actions.approve_document(actor=actor, document=document)


def theme(code: str) -> Theme:
    return Theme.objects.get(code=code)


def html_of(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- landing page ----------------------------------------------------------------------


def test_landing_lists_agencies_in_tree_order_with_their_public_document_counts(
    client, alice, district, binhe, wenchang, finance
) -> None:
    publish(binhe, alice, title="滨河镇公告一")
    publish(binhe, alice, title="滨河镇公告二")
    publish(finance, alice, title="财政局预算公开")
    draft(binhe, alice, title="滨河镇草稿")
    publish(
        binhe,
        alice,
        title="依申请公开的信息",
        disclosure="on_request",
        withhold_ground="process_info",
    )

    response = client.get(reverse("portal:disclosure_home"))

    html = html_of(response)
    rows = [(a.slug, a.document_count, a.level) for a in response.context["agencies"]]
    assert rows == [("spt", 0, 0), ("spt-binhe", 2, 1), ("spt-wenchang", 0, 1), ("spt-czj", 1, 1)]
    assert "目前共公开 <strong>3</strong> 条" in html
    assert [d.title for d in response.context["latest"]] == [
        "财政局预算公开",
        "滨河镇公告二",
        "滨河镇公告一",
    ]
    assert "滨河镇草稿" not in html
    assert "依申请公开的信息" not in html
    assert f'href="{reverse("portal:agency_guide", args=["spt-binhe"])}"' in html
    assert f'action="{reverse("portal:search")}"' in html


def test_portal_home_and_agency_page_link_to_the_disclosure_pages(client, district) -> None:
    home = html_of(client.get(reverse("portal:home")))
    agency = html_of(client.get(reverse("portal:agency_detail", args=["spt"])))

    assert f'href="{reverse("portal:disclosure_home")}">进入政府信息公开</a>' in home
    assert (
        f'href="{reverse("portal:agency_disclosure", args=["spt"])}">政府信息公开目录</a>' in agency
    )
    assert f'href="{reverse("portal:agency_guide", args=["spt"])}">政府信息公开指南</a>' in agency


# --- an agency's catalogue ---------------------------------------------------------------


def test_catalogue_lists_only_the_agencys_public_documents_newest_first(
    client, alice, binhe, wenchang
) -> None:
    first = publish(binhe, alice, title="第一份公开信息", formed_on=datetime.date(2023, 5, 6))
    second = publish(binhe, alice, title="第二份公开信息")
    withdrawn = publish(binhe, alice, title="已撤回的信息")
    actions.withdraw_document(actor=alice, document=withdrawn, notice="内容有误")
    publish(wenchang, alice, title="文昌镇的信息")
    draft(binhe, alice, title="还在起草的信息")

    response = client.get(reverse("portal:agency_disclosure", args=["spt-binhe"]))

    html = html_of(response)
    assert [d.pk for d in response.context["page"].object_list] == [second.pk, first.pk]
    assert "全部信息（共 2 条）" in html
    assert f'<td class="index-no" data-label="索引号">{first.index_no}</td>' in html
    assert '<td data-label="成文日期">2023-05-06</td>' in html
    for title in ("已撤回的信息", "文昌镇的信息", "还在起草的信息"):
        assert title not in html


def test_catalogue_of_an_inactive_or_unknown_agency_is_not_found(client, binhe) -> None:
    agency_actions.update_agency(actor=None, agency=binhe, data={"is_active": False})

    assert client.get(reverse("portal:agency_disclosure", args=["spt-binhe"])).status_code == 404
    assert client.get(reverse("portal:agency_disclosure", args=["nowhere"])).status_code == 404


def test_column_tree_counts_documents_in_each_column_and_below_and_filters_by_it(
    client, alice, binhe
) -> None:
    policy = catalogue.create_column(actor=alice, agency=binhe, name="政策文件")
    notices = catalogue.create_column(actor=alice, agency=binhe, name="通知公告", parent=policy)
    budget = catalogue.create_column(actor=alice, agency=binhe, name="财政预决算")
    in_policy = publish(binhe, alice, title="政策文件一", column=policy)
    in_notices = publish(binhe, alice, title="通知一", column=notices)
    publish(binhe, alice, title="预算一", column=budget)
    publish(binhe, alice, title="未分栏目")

    response = client.get(
        reverse("portal:agency_disclosure", args=["spt-binhe"]), {"column": policy.pk}
    )

    html = html_of(response)
    tree = [(c.name, c.depth, c.document_count) for c in response.context["columns"]]
    assert tree == [("政策文件", 0, 2), ("通知公告", 1, 1), ("财政预决算", 0, 1)]
    assert {d.pk for d in response.context["page"].object_list} == {in_policy.pk, in_notices.pk}
    assert "政策文件（共 2 条）" in html
    feed = reverse("portal:column_feed", args=["spt-binhe", policy.pk])
    assert f'<a href="{feed}" type="application/atom+xml">订阅本栏目更新（Atom）</a>' in html


def test_inactive_columns_are_left_out_of_the_tree(client, alice, binhe) -> None:
    kept = catalogue.create_column(actor=alice, agency=binhe, name="政策文件")
    closed = catalogue.create_column(actor=alice, agency=binhe, name="旧栏目")
    catalogue.create_column(actor=alice, agency=binhe, name="旧子栏目", parent=closed)
    catalogue.deactivate_column(actor=alice, column=closed)

    response = client.get(reverse("portal:agency_disclosure", args=["spt-binhe"]))

    assert [c.pk for c in response.context["columns"]] == [kept.pk]


def test_a_top_level_theme_filter_includes_its_sub_themes(client, alice, binhe) -> None:
    parent = publish(binhe, alice, title="民政综合", theme=theme("17"))
    child = publish(binhe, alice, title="社会救助", theme=theme("17.01"))
    publish(binhe, alice, title="财政信息", theme=theme("04.01"))

    whole = client.get(reverse("portal:agency_disclosure", args=["spt-binhe"]), {"theme": "17"})
    narrow = client.get(reverse("portal:agency_disclosure", args=["spt-binhe"]), {"theme": "17.01"})

    assert {d.pk for d in whole.context["page"].object_list} == {parent.pk, child.pk}
    assert [d.pk for d in narrow.context["page"].object_list] == [child.pk]


def test_catalogue_filters_by_genre_year_of_formation_and_validity(client, alice, binhe) -> None:
    notice = publish(
        binhe, alice, title="通知", genre="notice", formed_on=datetime.date(2023, 3, 1)
    )
    publish(binhe, alice, title="公告", genre="announcement")
    repealed = publish(binhe, alice, title="旧办法", genre="measures")
    actions.set_validity(
        actor=alice, document=repealed, validity="repealed", on=datetime.date(2024, 10, 1)
    )
    url = reverse("portal:agency_disclosure", args=["spt-binhe"])

    def listed(**params: str) -> list[int]:
        return [d.pk for d in client.get(url, params).context["page"].object_list]

    assert listed(genre="notice") == [notice.pk]
    assert listed(year="2023") == [notice.pk]
    assert listed(validity="repealed") == [repealed.pk]
    assert listed(genre="notice", year="2024") == []
    options = client.get(url).context["form"].fields["year"].widget.choices
    assert options == [("", "全部年份"), ("2024", "2024年"), ("2023", "2023年")]


def test_bad_catalogue_filters_say_what_is_wrong_and_are_not_applied(client, alice, binhe) -> None:
    publish(binhe, alice, title="一份信息")

    response = client.get(
        reverse("portal:agency_disclosure", args=["spt-binhe"]),
        {"year": "二〇二四", "validity": "forever", "column": "999999", "theme": "xx"},
    )

    html = html_of(response)
    assert "成文年份：年份须为四位数字，如 2024" in html
    assert "有效性：有效性只能选择有效、失效或废止" in html
    assert "栏目：所选栏目不属于该机构的公开目录，请从列表中选择" in html
    assert "主题分类：没有这个主题分类，请从列表中选择" in html
    assert response.context["page"].paginator.count == 1


def test_catalogue_pages_twenty_documents_at_a_time(client, alice, binhe) -> None:
    for n in range(21):
        publish(binhe, alice, title=f"信息{n:02d}")
    url = reverse("portal:agency_disclosure", args=["spt-binhe"])

    first = client.get(url, {"genre": "other"})
    second = client.get(url, {"genre": "other", "page": "2"})

    assert len(first.context["page"].object_list) == 20
    assert [d.title for d in second.context["page"].object_list] == ["信息00"]
    assert '<a href="?genre=other&amp;page=2" rel="next">下一页</a>' in html_of(first)
    assert "第 2 / 2 页" in html_of(second)


def test_catalogue_queries_do_not_grow_with_documents_or_columns(
    client, alice, binhe, django_assert_max_num_queries
) -> None:
    parent = catalogue.create_column(actor=alice, agency=binhe, name="政策文件")
    for n in range(4):
        column = catalogue.create_column(actor=alice, agency=binhe, name=f"栏目{n}", parent=parent)
        for m in range(3):
            publish(binhe, alice, title=f"信息{n}-{m}", column=column, theme=theme("17.01"))

    with django_assert_max_num_queries(7):
        response = client.get(
            reverse("portal:agency_disclosure", args=["spt-binhe"]),
            {"column": parent.pk, "theme": "17"},
        )

    assert response.context["page"].paginator.count == 12


# --- guide -----------------------------------------------------------------------------

GUIDE_TEXT = {
    "scope": "本机关主动公开的政府信息包括机构职能、政策文件等。",
    "arrangement": "按主题分类和体裁分类编排。",
    "how_to_obtain": "通过本平台或查阅点获取。",
    "how_to_apply": "向本机关政府信息公开工作机构提出申请。",
    "fees": "依申请提供政府信息，不收取费用。",
    "remedies": "可依法申请行政复议或者提起行政诉讼。",
}


def test_guide_shows_the_latest_published_version_with_office_and_reading_points(
    client, alice, binhe
) -> None:
    first = catalogue.draft_guide(actor=alice, agency=binhe, fields=GUIDE_TEXT)
    catalogue.publish_guide(actor=alice, guide=first)
    second = catalogue.draft_guide(actor=alice, agency=binhe, fields={"fees": "不收取任何费用。"})
    second = catalogue.publish_guide(actor=alice, guide=second)
    catalogue.draft_guide(actor=alice, agency=binhe, fields={"fees": "草稿中的收费标准。"})
    agency_actions.update_agency(actor=None, agency=binhe, data={"office_name": "滨河镇党政办公室"})
    agency_actions.add_reading_point(
        actor=None, agency=binhe, name="滨河镇便民服务中心查阅点", address="滨河镇便民服务中心"
    )

    html = html_of(client.get(reverse("portal:agency_guide", args=["spt-binhe"])))

    published_on = timezone.localtime(second.published_at)
    assert f"第2版，发布于{published_on.year}年{published_on.month}月{published_on.day}日" in html
    assert '<h2 id="guide-5">5. 收费标准</h2>' in html
    assert "<p>不收取任何费用。</p>" in html
    assert "草稿中的收费标准" not in html
    assert "<p>本机关主动公开的政府信息包括机构职能、政策文件等。</p>" in html
    assert "<dt>机构名称</dt><dd>滨河镇党政办公室</dd>" in html
    assert "<h3>滨河镇便民服务中心查阅点</h3>" in html


def test_agency_without_a_published_guide_gets_a_friendly_message(client, alice, binhe) -> None:
    catalogue.draft_guide(actor=alice, agency=binhe, fields=GUIDE_TEXT)

    html = html_of(client.get(reverse("portal:agency_guide", args=["spt-binhe"])))

    assert "的政府信息公开指南正在编制中，暂未发布。" in html
    assert "本机关主动公开的政府信息包括" not in html


# --- document page -----------------------------------------------------------------------


def test_document_page_shows_the_standard_metadata_block_body_and_channels(
    client, alice, binhe
) -> None:
    document = publish(
        binhe,
        alice,
        title="关于调整城乡低保标准的通知",
        doc_number="滨政发〔2024〕12号",
        theme=theme("17.01"),
        formed_on=datetime.date(2024, 9, 27),
        body_html="<p>现将<strong>低保标准</strong>调整如下。</p>",
    )
    today = timezone.localdate()
    actions.record_publication(actor=alice, document=document, channel="wechat", published_on=today)

    html = html_of(client.get(reverse("portal:document", args=[document.pk])))

    day = f"{today.year}年{today.month}月{today.day}日"
    for pair in (
        f'<dt>索引号</dt><dd class="index-no">{document.index_no}</dd>',
        "<dt>主题分类</dt><dd>民政、扶贫、救灾\\社会救助</dd>",
        "<dt>发布机构</dt><dd>中卫市沙坡头区滨河镇人民政府</dd>",
        "<dt>发文字号</dt><dd>滨政发〔2024〕12号</dd>",
        "<dt>成文日期</dt><dd>2024年9月27日</dd>",
        f"<dt>发布日期</dt><dd>{day}</dd>",
        "<dt>有效性</dt><dd>有效</dd>",
    ):
        assert pair in html
    assert f"<li>政府网站 {day}</li><li>政务微信 {day}</li>" in html
    assert '<h1 id="doc-title" class="doc-title">关于调整城乡低保标准的通知</h1>' in html
    assert '<div class="doc-body"><p>现将<strong>低保标准</strong>调整如下。</p></div>' in html
    assert "相关解读" not in html
    assert f'href="{reverse("portal:document_print", args=[document.pk])}">打印版</a>' in html


def test_repealed_document_shows_its_repeal_date(client, alice, binhe) -> None:
    document = publish(binhe, alice)
    actions.set_validity(
        actor=alice, document=document, validity="repealed", on=datetime.date(2024, 10, 8)
    )

    html = html_of(client.get(reverse("portal:document", args=[document.pk])))

    assert "<dt>有效性</dt><dd>废止</dd>" in html
    assert "<dt>废止日期</dt><dd>2024年10月8日</dd>" in html


def test_attachments_are_listed_and_downloaded_with_their_chinese_name(
    client, alice, binhe
) -> None:
    data = "低保资金发放明细\n第一季度\n".encode()
    document = publish(binhe, alice, attachments=(("发放明细.txt", data),))
    attachment = document.attachments.get()

    html = html_of(client.get(reverse("portal:document", args=[document.pk])))
    response = client.get(reverse("portal:attachment", args=[attachment.pk]))

    url = reverse("portal:attachment", args=[attachment.pk])
    assert f'<a href="{url}" download>发放明细.txt</a>' in html
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E5%8F%91%E6%94%BE%E6%98%8E%E7%BB%86.txt"
    )


def test_attachments_of_documents_that_are_not_public_are_not_served(client, alice, binhe) -> None:
    files = (("明细.txt", "内容".encode()),)
    unpublished = draft(binhe, alice)
    actions.add_attachment(actor=alice, document=unpublished, name="草稿附件.txt", data=b"x")
    withdrawn = publish(binhe, alice, attachments=files)
    actions.withdraw_document(actor=alice, document=withdrawn, notice="信息有误")

    for attachment in (unpublished.attachments.get(), withdrawn.attachments.get()):
        response = client.get(reverse("portal:attachment", args=[attachment.pk]))
        assert response.status_code == 404


def test_withdrawn_document_shows_the_withdrawal_notice_and_its_metadata_only(
    client, alice, binhe
) -> None:
    document = publish(binhe, alice, attachments=(("明细.txt", "内容".encode()),))
    actions.withdraw_document(
        actor=alice, document=document, notice="该信息内容有误，更正后将重新发布。"
    )

    response = client.get(reverse("portal:document", args=[document.pk]))

    html = html_of(response)
    today = timezone.localdate()
    assert f"<strong>该信息已于{today.year}年{today.month}月{today.day}日撤回</strong>" in html
    assert "<p>该信息内容有误，更正后将重新发布。</p>" in html
    assert f'<dd class="index-no">{document.index_no}</dd>' in html
    assert "doc-body" not in html
    assert "明细.txt" not in html


def test_drafts_non_proactive_and_unknown_documents_are_not_found(client, alice, binhe) -> None:
    unpublished = draft(binhe, alice)
    on_request = publish(binhe, alice, disclosure="on_request", withhold_ground="process_info")

    for pk in (unpublished.pk, on_request.pk, 999999):
        assert client.get(reverse("portal:document", args=[pk])).status_code == 404
        assert client.get(reverse("portal:document_print", args=[pk])).status_code == 404


def test_print_view_has_the_metadata_and_body_without_the_site_navigation(
    client, alice, binhe
) -> None:
    document = publish(binhe, alice, title="打印测试")

    html = html_of(client.get(reverse("portal:document_print", args=[document.pk])))

    assert '<body class="print-view"' in html
    assert "门户导航" not in html
    assert f'<dd class="index-no">{document.index_no}</dd>' in html
    assert '<h1 id="doc-title" class="doc-title">打印测试</h1>' in html
    assert "gongkai/disclosure.css" in html
    assert f"本页地址：http://testserver/xxgk/documents/{document.pk}/" in html


def test_document_page_queries_do_not_grow_with_attachments_and_channels(
    client, alice, binhe, django_assert_max_num_queries
) -> None:
    files = tuple((f"附件{n}.txt", f"内容{n}".encode()) for n in range(5))
    document = publish(binhe, alice, theme=theme("17.01"), attachments=files)
    for channel in ("weibo", "wechat", "other_media"):
        actions.record_publication(
            actor=alice, document=document, channel=channel, published_on=timezone.localdate()
        )

    with django_assert_max_num_queries(5):
        response = client.get(reverse("portal:document", args=[document.pk]))

    assert len(response.context["attachments"]) == 5


def test_document_of_an_agency_made_inactive_keeps_its_page(client, alice, district) -> None:
    merged = make_agency(
        "中卫市沙坡头区撤并镇人民政府", "spt-old", AgencyKind.TOWNSHIP, district, 9
    )
    document = publish(merged, alice, title="撤并前发布的信息")
    agency_actions.update_agency(actor=None, agency=merged, data={"is_active": False})

    html = html_of(client.get(reverse("portal:document", args=[document.pk])))

    assert "撤并前发布的信息" in html
