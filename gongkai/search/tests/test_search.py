"""What ``search()`` finds, in which order, and how it marks it. Runs unchanged on SQLite
and PostgreSQL: both backends must give the same answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from gongkai.search import SearchPage, SearchQuery, search
from gongkai.search.tests.conftest import BINHE, DISTRICT, HAIYUAN

pytestmark = pytest.mark.usefixtures("catalogue")


def find(text: str, **filters: Any) -> SearchPage:
    return search(SearchQuery(text=text, **filters))


def keys(text: str, **filters: Any) -> list[int]:
    return sorted(h.key for h in find(text, **filters).hits)


def test_a_two_character_word_finds_every_document_containing_it():
    assert keys("低保") == [1, 3, 4, 6]


def test_two_characters_that_are_not_a_word_are_found_too():
    # 保资 is no dictionary word: segmentation gives 低保 | 资金, the bigram index has it
    assert keys("保资") == [1, 6]
    assert keys("助资") == [3, 6]  # 救助资金


def test_words_separated_by_spaces_must_all_appear():
    assert keys("低保 资金") == [1, 3, 6]
    assert keys("低保 防汛") == []


def test_a_phrase_must_appear_contiguously():
    # 3 has 低保 and 资金 apart; 6 has 低保 and 资金 across a line break
    assert keys("“低保资金”") == [1, 6]
    assert keys('"低保资金"') == [1, 6]
    assert keys("＂低保资金＂") == [1, 6]


def test_a_phrase_with_a_longer_word_is_checked_against_the_text():
    assert keys("“最低生活保障实施细则”") == [4]
    assert keys("“生活保障最低”") == []


def test_query_text_is_width_and_case_normalised():
    assert keys("pm2.5") == [5]
    assert keys("ＰＭ２．５") == [5]
    assert keys("PM2.5 浓度") == [5]


def test_attachment_text_is_searched():
    assert keys("张建国") == [6]


def test_filter_by_agency_subtree():
    assert keys("低保", agency_path=DISTRICT) == [1, 3, 4, 6]
    assert keys("低保", agency_path=BINHE) == [3, 6]
    assert keys("低保", agency_path=BINHE.rstrip("/")) == [3, 6]
    assert keys("空气", agency_path=HAIYUAN) == [5]
    assert keys("空气", agency_path=DISTRICT) == []


def test_filter_by_agency():
    assert keys("低保", agency_id=2) == [1, 4]


def test_filter_by_column():
    assert keys("低保", column_id=10) == [1, 3, 6]
    assert keys("低保", column_id=12) == [4]


def test_a_level_one_theme_matches_its_subthemes():
    assert keys("低保", theme="12") == [1, 3, 4, 6]
    assert keys("低保", theme="12.01") == [1, 3]
    assert keys("低保", theme="12.02") == [4]
    assert keys("低保", theme="1") == []  # "1" is not a prefix of "12" in code terms


def test_filter_by_genre_year_and_validity():
    assert keys("低保", genre="tz") == [4]
    assert keys("低保", year=2018) == [3]
    assert keys("低保", validity="repealed") == [4]
    assert keys("低保", validity="valid", year=2024) == [6]


def test_relevance_puts_title_matches_first():
    hits = find("低保").hits
    assert hits[0].key == 1  # in the title and three times in the body
    assert hits[-1].key == 4  # once, in the body of a long document
    assert hits[0].score > hits[-1].score


def test_date_order_is_newest_first():
    assert [h.key for h in find("低保", order="date").hits] == [1, 6, 4, 3]


def test_pages():
    first = find("低保", order="date", limit=2)
    second = find("低保", order="date", offset=2, limit=2)
    beyond = find("低保", order="date", offset=10, limit=2)
    assert (first.total, [h.key for h in first.hits]) == (4, [1, 6])
    assert (second.total, [h.key for h in second.hits]) == (4, [4, 3])
    assert (beyond.total, beyond.hits) == (4, [])


def test_hits_carry_the_publication_time():
    hit = find("防汛").hits[0]
    assert hit.published_at.isoformat() == "2024-05-01T01:00:00+00:00"


def test_title_is_escaped_and_marked():
    hit = find("空气").hits[0]
    assert hit.title_html == (
        "&lt;script&gt;alert(1)&lt;/script&gt;海原县关于<mark>空气</mark>质量的说明"
    )


def test_snippet_marks_terms_in_the_original_text():
    hit = find("pm2.5").hits[0]
    assert "<mark>ＰＭ２．５</mark>" in hit.snippet_html


def test_snippet_surrounds_the_first_match_in_a_long_body(db: None):
    from gongkai.search import index_entries
    from gongkai.search.tests.conftest import entry

    body = "前言。" * 100 + "本次共发放枸杞种植补贴资金。" + "结语。" * 100
    index_entries([entry(50, "补贴公示", body)])
    snippet = find("枸杞").hits[0].snippet_html
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>枸杞</mark>" in snippet
    assert 100 <= len(snippet.replace("<mark>", "").replace("</mark>", "")) <= 125


def test_snippet_falls_back_to_the_attachment_then_the_start_of_the_body():
    assert "<mark>张建国</mark>" in find("张建国").hits[0].snippet_html
    only_title = find("抗旱").hits[0]  # 抗旱 is only in the title of 2
    assert only_title.snippet_html.startswith("各乡镇、各单位：")


def test_a_phrase_across_a_line_break_is_marked():
    hit = next(h for h in find("“低保资金”").hits if h.key == 6)
    assert "<mark>低保 资金</mark>" in hit.snippet_html


def test_terms_are_reported():
    assert find("“城乡低保” 资金").terms == ["城乡低保", "资金"]


def test_nothing_found_suggests_removing_filters():
    page = find("低保", year=2019, column_id=10)
    assert (page.total, page.hits) == (0, [])
    assert page.suggestion == (
        "没有找到与“低保”相关的信息。可以去掉“年份：2019”“栏目”等筛选条件，或换用更短的关键词。"
    )


def test_nothing_found_with_one_filter():
    assert find("防汛", validity="repealed").suggestion == (
        "没有找到与“防汛”相关的信息。可以去掉“效力状态：已废止”筛选条件，或换用更短的关键词。"
    )


def test_nothing_found_without_filters():
    assert find("火箭").suggestion == (
        "没有找到与“火箭”相关的信息。请检查是否有错别字，或换用更短、更常用的关键词。"
    )
    assert find("低保 火箭").suggestion == (
        "没有找到与“低保 火箭”相关的信息。可以减少关键词、去掉引号，或换用更短的关键词。"
    )


def test_results_have_no_suggestion():
    assert find("低保").suggestion == ""


@pytest.mark.parametrize("text", ["", "   ", "，。！？", "“”", '""', "*", "\\", "'"])
def test_an_empty_query_asks_for_words(text: str):
    page = find(text)
    assert (page.total, page.hits, page.terms) == (0, [], [])
    assert page.suggestion == "请输入要查找的关键词。"


HOSTILE = [
    'a" OR "b',
    '低保" OR "防汛',
    "NEAR(低保 资金)",
    "低保*",
    "*低保",
    "-低保",
    "^低保",
    "title:低保",
    "{title body}: 低保",
    "低保 AND 防汛",
    "低保 OR 防汛",
    "NOT 低保",
    "' OR 1=1 --",
    "'; DROP TABLE search_document; --",
    "低保\\",
    "低保'",
    "低保 & 资金 | !防汛",
    "低保:* <-> 资金",
    "“低保",
    "低保”",
    '"""',
    "\x00低保\x00",
    '"低保\x00资金"',
    "低保\u200b资金",
    "低保" * 300,
    " ".join(f"词{i}" for i in range(100)),
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_are_just_words(text: str):
    page = find(text, order="date")
    assert page.total == len(page.hits)
    find(text, year=2025, theme="12")


def test_operators_are_searched_as_words():
    assert keys("低保 AND 防汛") == []  # "and" is a word that no document contains
    assert keys("低保*") == [1, 3, 4, 6]  # the star is punctuation


def test_markup_in_the_stored_text_is_searchable_as_words():
    assert keys("SCRIPT") == [5]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL planner settings")
def test_searching_leaves_the_callers_planner_settings_alone():
    find("低保")
    find("低保", order="date", limit=1)
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
