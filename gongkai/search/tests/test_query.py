"""How typed text becomes index terms (no database)."""

from __future__ import annotations

import pytest

from gongkai.search import query, text


def terms(typed: str) -> list[tuple[str, tuple[str, ...], bool]]:
    return [(t.text, t.index_terms, t.phrase) for t in query.parse(typed).terms]


def test_dictionary_words_are_index_terms():
    assert terms("城乡低保资金") == [("城乡低保资金", ("城乡", "低保", "资金"), False)]


def test_a_lone_character_becomes_the_bigram_with_its_neighbour():
    assert terms("低保资") == [("低保资", ("低保", "保资"), False)]


def test_a_made_up_long_word_becomes_bigrams():
    # the segmenter glues 乐泉村 together, but may cut it differently in a document
    assert terms("乐泉村") == [("乐泉村", ("乐泉", "泉村"), False)]


def test_phrases_use_bigrams_of_long_words():
    assert terms("“最低生活保障”") == [("最低生活保障", ("最低", "生活", "保障"), True)]
    assert terms('"沙坡头区"') == [("沙坡头区", ("沙坡", "坡头", "头区"), True)]


def test_an_unclosed_quote_runs_to_the_end():
    assert terms('低保 "城乡 资金') == [
        ("低保", ("低保",), False),
        ("城乡资金", ("城乡", "资金"), True),
    ]


def test_width_case_and_whitespace_are_normalised():
    assert terms("ＰＭ２．５") == [("pm2.5", ("pm2", "5"), False)]
    assert terms('"New   York"') == [("new york", ("new", "york"), True)]
    assert terms("“低保\u3000资金”") == [("低保资金", ("低保", "资金"), True)]


def test_repeated_terms_count_once():
    assert len(query.parse("低保 低保 ＂低保＂ 低保").terms) == 2


@pytest.mark.parametrize("typed", ["", "  ", "，、。", "*", '"', "“”", "\\", "'", "\x00"])
def test_nothing_to_search(typed: str):
    assert query.parse(typed).empty


def test_index_terms_are_letters_and_digits_only():
    parsed = query.parse('a" OR "b NEAR( * \' \\ 低保:* & |')
    assert all(text.WORD.fullmatch(t) for t in parsed.index_terms)


def test_marks_put_longer_strings_first():
    assert query.parse("资金 “城乡低保”").marks == ["城乡低保", "资金"]


def test_display_shortens_long_queries():
    assert query.display("低保  资金") == "低保 资金"
    assert query.display("低" * 40) == "低" * 29 + "…"


def test_clean_compacts_whitespace_between_cjk_only():
    assert text.clean(" 低保\n 资金  new\tYork ") == "低保资金new york"


def test_filter_terms_are_letters_and_digits():
    assert text.theme_terms("05.02") == [text.theme_term("05"), text.theme_term("05.02")]
    assert text.agency_path_terms("/00000001/00000004/") == [
        text.agency_path_term("/00000001/"),
        text.agency_path_term("/00000001/00000004/"),
    ]
    assert all(text.WORD.fullmatch(t) for t in text.theme_terms("05.02"))
