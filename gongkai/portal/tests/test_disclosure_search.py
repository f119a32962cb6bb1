"""The public search page: words in title, body and attachments; filters; order;
highlighted hits; helpful empty results; bad parameters; the rate limit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.portal import disclosure_views
from gongkai.portal.tests.test_disclosure_pages import html_of, publish, theme
from gongkai.publishing import actions, catalogue

SEARCH = reverse("portal:search")


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Publish documents with their after-commit effects (the search index) run."""

    def make(*args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return publish(*args, **kwargs)

    return make


def keys(response: Any) -> list[int]:
    return [hit.key for hit in response.context["hits"]]


def test_a_two_character_word_finds_the_document_and_is_highlighted(
    client, alice, binhe, indexed
) -> None:
    document = indexed(binhe, alice)
    indexed(binhe, alice, title="人居环境整治工作动态", body_html="<p>开展环境整治。</p>")

    response = client.get(SEARCH, {"q": "低保"})

    html = html_of(response)
    assert keys(response) == [document.pk]
    assert "找到 1 条与“低保”相关的政府信息，按相关度排列。" in html
    assert "<mark>低保</mark>" in html
    assert f'<a href="{reverse("portal:document", args=[document.pk])}">' in html
    day = timezone.localtime(document.published_at).date().isoformat()
    assert (
        f"中卫市沙坡头区滨河镇人民政府 · 发布日期 {day} · "
        f'索引号 <span class="index-no">{document.index_no}</span>'
    ) in html


def test_words_in_attachments_are_found(client, alice, binhe, indexed) -> None:
    document = indexed(
        binhe,
        alice,
        title="资金发放情况",
        body_html="<p>详见附件。</p>",
        attachments=(("明细.txt", "临时救助金发放明细".encode()),),
    )

    response = client.get(SEARCH, {"q": "救助"})

    assert keys(response) == [document.pk]


def test_agency_filter_covers_the_agency_and_the_agencies_below_it(
    client, alice, district, binhe, wenchang, indexed
) -> None:
    in_binhe = indexed(binhe, alice)
    in_wenchang = indexed(wenchang, alice, title="文昌镇低保资金发放情况公示")

    whole = client.get(SEARCH, {"q": "低保", "agency": "spt"})
    one = client.get(SEARCH, {"q": "低保", "agency": "spt-wenchang"})

    assert set(keys(whole)) == {in_binhe.pk, in_wenchang.pk}
    assert keys(one) == [in_wenchang.pk]


def test_column_theme_year_and_validity_filters_narrow_the_hits(
    client, alice, binhe, indexed, django_capture_on_commit_callbacks
) -> None:
    column = catalogue.create_column(actor=alice, agency=binhe, name="社会救助")
    in_column = indexed(binhe, alice, column=column, theme=theme("17.01"))
    old = indexed(binhe, alice, formed_on=datetime.date(2022, 6, 1), theme=theme("04.01"))
    repealed = indexed(binhe, alice, title="旧的低保办法")
    with django_capture_on_commit_callbacks(execute=True):
        actions.set_validity(
            actor=alice, document=repealed, validity="repealed", on=datetime.date(2024, 10, 1)
        )

    def found(**params: str) -> set[int]:
        return set(keys(client.get(SEARCH, {"q": "低保", **params})))

    assert found() == {in_column.pk, old.pk, repealed.pk}
    assert found(agency="spt-binhe", column=str(column.pk)) == {in_column.pk}
    assert found(theme="17.01") == {in_column.pk}
    assert found(theme="17") == {in_column.pk}
    assert found(year="2022") == {old.pk}
    assert found(validity="repealed") == {repealed.pk}
    assert found(validity="valid") == {in_column.pk, old.pk}


def test_date_order_lists_the_newest_first(client, alice, binhe, indexed) -> None:
    older = indexed(binhe, alice, title="低保低保低保标准调整")
    newer = indexed(binhe, alice, title="资金公示")

    response = client.get(SEARCH, {"q": "低保", "order": "date"})

    assert keys(response) == [newer.pk, older.pk]
    assert "按发布日期排列" in html_of(response)


def test_an_empty_result_says_so_and_suggests_dropping_the_filters(
    client, alice, binhe, indexed
) -> None:
    indexed(binhe, alice)

    plain = client.get(SEARCH, {"q": "高铁"})
    filtered = client.get(SEARCH, {"q": "低保", "year": "2020", "agency": "spt-binhe"})

    assert "没有找到与“高铁”相关的政府信息。" in html_of(plain)
    suggestion = plain.context["result"].suggestion
    assert suggestion
    assert f"<p>{suggestion}</p>" in html_of(plain)
    home = reverse("portal:disclosure_home")
    assert f'也可以到<a href="{home}">各机构的政府信息公开目录</a>中浏览。' in html_of(plain)
    html = html_of(filtered)
    assert "没有找到与“低保”相关的政府信息。" in html
    assert f'<a href="{SEARCH}?q=%E4%BD%8E%E4%BF%9D">去掉筛选条件' in html
    assert '<option value="2020" selected>2020年</option>' in html


def test_bad_parameters_get_a_chinese_message_instead_of_an_error(
    client, alice, binhe, wenchang
) -> None:
    foreign = catalogue.create_column(actor=alice, agency=wenchang, name="文昌镇栏目")
    cases = {
        "year=abc": ({"q": "低保", "year": "abc"}, "成文年份：年份须为四位数字，如 2024"),
        "year=1800": ({"q": "低保", "year": "1800"}, "成文年份：年份须在1949年至2100年之间"),
        "agency": ({"q": "低保", "agency": "nowhere"}, "发布机构：没有找到该机构，请从列表中选择"),
        "column alone": ({"q": "低保", "column": "1"}, "请先选择发布机构，再选择栏目"),
        "foreign column": (
            {"q": "低保", "agency": "spt-binhe", "column": str(foreign.pk)},
            "栏目：所选栏目不属于该机构的公开目录，请从列表中选择",
        ),
        "order": ({"q": "低保", "order": "random"}, "排序：排序只能选择相关度或发布日期"),
        "validity": ({"q": "低保", "validity": "x"}, "有效性：有效性只能选择有效、失效或废止"),
        "long": ({"q": "低" * 101}, "关键词：关键词不能超过100个字"),
    }

    for name, (params, message) in cases.items():
        response = client.get(SEARCH, params)
        html = html_of(response)
        assert message in html, name
        assert response.context["searched"] is False, name


def test_the_column_filter_appears_only_once_an_agency_is_chosen(client, alice, binhe) -> None:
    catalogue.create_column(actor=alice, agency=binhe, name="社会救助")

    without = client.get(SEARCH)
    with_agency = client.get(SEARCH, {"agency": "spt-binhe"})

    assert "column" not in without.context["form"].fields
    assert "选择发布机构并搜索后，可再按该机构的栏目筛选。" in html_of(without)
    assert [label for _, label in with_agency.context["form"].fields["column"].choices] == [
        "全部栏目",
        "社会救助",
    ]


def test_search_without_words_asks_for_them(client, binhe) -> None:
    assert "请输入要搜索的词语" not in html_of(client.get(SEARCH))
    assert "请输入要搜索的词语" in html_of(client.get(SEARCH, {"q": "  "}))


def test_hits_of_documents_no_longer_public_are_left_out(client, alice, binhe, indexed) -> None:
    kept = indexed(binhe, alice)
    gone = indexed(binhe, alice, title="城乡低保对象名单")
    actions.withdraw_document(actor=alice, document=gone, notice="有误")  # index not updated

    response = client.get(SEARCH, {"q": "低保"})

    assert keys(response) == [kept.pk]


def test_results_are_paged_twenty_at_a_time(client, alice, binhe, indexed) -> None:
    for n in range(21):
        indexed(binhe, alice, title=f"低保公示第{n}批")

    first = client.get(SEARCH, {"q": "低保", "order": "date"})
    second = client.get(SEARCH, {"q": "低保", "order": "date", "page": "2"})
    beyond = client.get(SEARCH, {"q": "低保", "order": "date", "page": "9"})

    assert len(keys(first)) == 20
    assert len(keys(second)) == 1
    assert keys(beyond) == keys(second)
    assert '<a href="?q=%E4%BD%8E%E4%BF%9D&amp;order=date&amp;page=2" rel="next">' in html_of(first)


def test_search_page_queries_do_not_grow_with_the_hits(
    client, alice, district, binhe, indexed, django_assert_max_num_queries
) -> None:
    for n in range(12):
        indexed(binhe, alice, title=f"低保公示第{n}批")

    with django_assert_max_num_queries(8):
        response = client.get(SEARCH, {"q": "低保", "agency": "spt-binhe"})

    assert len(keys(response)) == 12


def test_too_many_searches_from_one_address_get_a_friendly_429(client, binhe, monkeypatch) -> None:
    monkeypatch.setattr(disclosure_views, "SEARCHES_PER_MINUTE", 2)

    statuses = [client.get(SEARCH, {"q": "低保"}).status_code for _ in range(3)]
    limited = client.get(SEARCH, {"q": "低保"})

    assert statuses == [200, 200, 429]
    assert "<h1>搜索过于频繁</h1>" in limited.content.decode()
    assert "每分钟最多搜索 2 次" in limited.content.decode()
