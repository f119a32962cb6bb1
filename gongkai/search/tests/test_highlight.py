"""Marks and snippets from the original text (no database)."""

from __future__ import annotations

from gongkai.search import highlight


def marked(text: str, *marks: str) -> str:
    return highlight.mark(text, highlight.compile_marks(marks))


def test_marks_are_found_in_full_width_and_upper_case():
    assert marked("全年ＰＭ２．５浓度下降", "pm2.5") == "全年<mark>ＰＭ２．５</mark>浓度下降"


def test_whitespace_inside_a_cjk_match_is_allowed():
    assert marked("城乡低保\n资金", "低保资金") == "城乡<mark>低保 资金</mark>"


def test_ascii_words_keep_their_space():
    assert marked("new york or newyork", "new york") == "<mark>new york</mark> or newyork"


def test_the_whole_term_wins_over_its_parts():
    assert marked("城乡低保资金和低保", "城乡低保资金", "低保") == (
        "<mark>城乡低保资金</mark>和<mark>低保</mark>"
    )


def test_text_is_escaped_inside_and_outside_marks():
    assert marked("<b>低保&</b>", "低保&") == "&lt;b&gt;<mark>低保&amp;</mark>&lt;/b&gt;"


def test_no_marks_still_escapes():
    assert highlight.mark("a < b", None) == "a &lt; b"


def test_snippet_of_a_short_body_is_the_body():
    assert highlight.snippet(["发放低保资金。", ""], highlight.compile_marks(("低保",))) == (
        "发放<mark>低保</mark>资金。"
    )


def test_snippet_without_a_match_starts_at_the_beginning():
    body = "甲" * 200
    snippet = highlight.snippet([body, "附件"], highlight.compile_marks(("低保",)))
    assert snippet == "甲" * 120 + "…"


def test_snippet_near_the_end_keeps_its_length():
    body = "甲" * 300 + "低保"
    snippet = highlight.snippet([body], highlight.compile_marks(("低保",)))
    assert snippet == "…" + "甲" * 118 + "<mark>低保</mark>"
