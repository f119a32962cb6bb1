"""The report checker on hand-built tables: each rule once where it fires and once
where it does not, the prose-against-table checks, the cross-year rule and the score.

Reports are built from ``empty_tables(form)``; every table starts consistent (all
zeros) and each test breaks exactly what it is about.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gongkai.reports.checker import Finding, check_report, check_series, quality_score
from gongkai.reports.formspec import empty_tables
from gongkai.reports.result import ParsedReport, ParseNote

AGENCY = "淮安市洪泽区人民政府"


def report(
    form: str = "2021", text: str = "", notes: list[ParseNote] | None = None, **cells: Any
) -> ParsedReport:
    """A report of ``form``; keyword cells use ``__`` for dots, e.g. ``rows__3__1=3``."""
    tables = empty_tables(form)  # type: ignore[arg-type]
    made = ParsedReport(form, 2023, AGENCY, tables, notes or [], text, "test.txt")
    for key, value in cells.items():
        put(made, key.replace("__", "."), value)
    return made


def put(made: ParsedReport, path: str, value: Any) -> None:
    table, _, rest = path.partition(".")
    if table == "applications":
        row, _, column = rest.rpartition(".")
        made.tables[table][row][column] = value
    elif table == "review_litigation":
        group, _, column = rest.partition(".")
        made.tables[table][group][column] = value
    else:
        made.tables[table][rest] = value


def row(made: ParsedReport, name: str, natural: int, commercial: int = 0) -> None:
    """One row of table 三 with its 总计 column right."""
    cells = made.tables["applications"][name]
    cells.update(natural_person=natural, commercial=commercial, total=natural + commercial)


def applications(form: str = "2021", text: str = "") -> ParsedReport:
    """A consistent table 三: 4 new + 1 carried over = 4 handled + 1 carried forward."""
    made = report(form, text)
    row(made, "new", 3, 1)
    row(made, "carried_over", 1)
    row(made, "granted", 2)
    row(made, "unavailable.not_held", 1, 1)
    row(made, "total", 3, 1)
    row(made, "carried_forward", 1)
    return made


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [finding for finding in findings if finding.rule == rule]


def messages(findings: list[Finding]) -> list[str]:
    return [finding.message for finding in findings]


# --- form 2021/2019: table 三 --------------------------------------------------------


def test_consistent_tables_give_no_finding():
    assert check_report(applications()) == []
    assert check_report(applications("2019")) == []


def test_column_where_new_plus_carried_over_differs_from_handled_plus_carried_forward_is_an_error():
    made = applications()
    row(made, "carried_forward", 2)
    findings = of(check_report(made), "apps.balance")
    assert messages(findings) == [
        "收到和处理申请表“自然人”列：本年新收 3 + 上年结转 1 = 4 ≠ （七）总计 3 + "
        "结转下年度继续办理 2 = 5",
        "收到和处理申请表“总计”列：本年新收 4 + 上年结转 1 = 5 ≠ （七）总计 4 + "
        "结转下年度继续办理 2 = 6",
    ]
    assert findings[0].severity == "error"
    assert findings[0].cells == (
        "applications.new.natural_person",
        "applications.carried_over.natural_person",
        "applications.total.natural_person",
        "applications.carried_forward.natural_person",
    )
    assert findings[0].numbers == {
        "applications.new.natural_person": 3,
        "applications.carried_over.natural_person": 1,
        "applications.total.natural_person": 3,
        "applications.carried_forward.natural_person": 2,
    }


def test_row_whose_total_is_not_the_sum_of_the_applicant_columns_is_an_error():
    made = applications()
    put(made, "applications.granted.total", 3)
    findings = of(check_report(made), "apps.row_total")
    assert messages(findings) == [
        "收到和处理申请表“（一）予以公开”行：总计 3 ≠ 自然人 2 + 商业企业 0 + 科研机构 0 + "
        "社会公益组织 0 + 法律服务机构 0 + 其他 0 = 2"
    ]
    assert findings[0].cells[-1] == "applications.granted.total"


def test_row_total_names_the_group_of_a_numbered_result_row():
    made = applications()
    put(made, "applications.refused.state_secret.research", 1)
    assert messages(of(check_report(made), "apps.row_total")) == [
        "收到和处理申请表“（三）1.属于国家秘密”行：总计 0 ≠ 自然人 0 + 商业企业 0 + "
        "科研机构 1 + 社会公益组织 0 + 法律服务机构 0 + 其他 0 = 1"
    ]


def test_total_row_that_is_not_the_sum_of_the_result_rows_is_an_error():
    made = applications()
    row(made, "other.other", 1)
    findings = of(check_report(made), "apps.result_sum")
    assert messages(findings)[0] == (
        "收到和处理申请表“自然人”列：（七）总计 3 ≠ （一）予以公开 2 + （二）部分公开 0 + "
        "（三）不予公开 0 + （四）无法提供 1 + （五）不予处理 0 + （六）其他处理 1 = 4"
    )
    assert "applications.other.other.natural_person" in findings[0].cells
    assert len(findings) == 2  # 自然人 and 总计


def test_result_sum_of_the_2019_form_counts_its_single_other_row():
    made = applications("2019")
    row(made, "other", 1)
    assert messages(of(check_report(made), "apps.result_sum"))[0].endswith("（六）其他处理 1 = 4")


# --- form 2021/2019: table 四 --------------------------------------------------------


def test_review_group_total_that_is_not_the_sum_of_its_results_is_an_error():
    made = report(
        review_litigation__reconsideration__upheld=10,
        review_litigation__reconsideration__corrected=1,
    )
    findings = of(check_report(made), "review.group_total")
    assert messages(findings) == [
        "行政复议：总计 0 ≠ 结果维持 10 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 = 11"
    ]
    assert findings[0].severity == "error"
    assert "review_litigation.reconsideration.total" in findings[0].cells
    assert findings[0].numbers["review_litigation.reconsideration.total"] == 0


def test_review_group_total_names_the_litigation_group():
    made = report(review_litigation__litigation_after_review__upheld=5)
    assert messages(check_report(made)) == [
        "行政诉讼 · 复议后起诉：总计 0 ≠ 结果维持 5 + 结果纠正 0 + 其他结果 0 + 尚未审结 0 = 5"
    ]


def test_review_group_with_right_total_gives_no_finding():
    made = report(
        review_litigation__litigation_direct__upheld=3,
        review_litigation__litigation_direct__pending=3,
        review_litigation__litigation_direct__total=6,
    )
    assert check_report(made) == []


# --- every cell ---------------------------------------------------------------------


def test_negative_count_is_an_error():
    made = report(proactive__art20_5__licensing=-2)
    assert messages(of(check_report(made), "table.negative")) == [
        "第二十条第（五）项 行政许可 · 本年处理决定数量：-2 是负数"
    ]


def test_negative_change_of_the_2019_form_is_allowed():
    made = report("2019", proactive__art20_5__licensing__change=-2)
    assert check_report(made) == []


def test_fraction_in_a_count_cell_is_an_error():
    made = report(proactive__art20_6__penalty=Decimal("1.5"))
    assert messages(check_report(made)) == [
        "第二十条第（六）项 行政处罚 · 本年处理决定数量：1.5 不是整数"
    ]


def test_fraction_in_a_money_cell_is_allowed():
    made = report(proactive__art20_8__fees_10k_yuan=Decimal("7730.28"))
    assert check_report(made) == []


def test_money_cell_that_is_not_a_number_is_an_error():
    made = report(proactive__art20_8__fees_10k_yuan="5万")
    findings = check_report(made)
    assert [(f.rule, f.message) for f in findings] == [
        (
            "proactive.money_unit",
            "第二十条第（八）项 行政事业性收费 · 本年收费金额（单位：万元）：“5万”不是数值（万元）",
        )
    ]


def test_legacy_money_cell_that_is_not_a_number_is_an_error():
    made = report("2014", rows__8__4="5 万")
    assert [(f.rule, f.message) for f in check_report(made)] == [
        ("legacy.money_unit", "（四）政府信息公开专项经费：“5 万”不是数值（万元）")
    ]


def test_count_cell_that_is_not_a_number_is_an_error():
    made = report("2014", rows__9__2="七")
    assert [(f.rule, f.message) for f in check_report(made)] == [
        ("table.integer", "（二）举办各类培训班数：“七”不是整数")
    ]


# --- form 2014 ----------------------------------------------------------------------


LEGACY_SUMS = [
    (
        "legacy.3.1_channels",
        {"rows__3__1": 3, "rows__3__1__3": 2},
        "（一）收到申请数 3 ≠ 1.当面申请数 0 + 2.传真申请数 0 + 3.网络申请数 2 + "
        "4.信函申请数 0 = 2",
    ),
    (
        "legacy.3.2_completed",
        {"rows__3__2": 3, "rows__3__2__1": 2},
        "（二）申请办结数 3 ≠ 1.按时办结数 2 + 2.延期办结数 0 = 2",
    ),
    (
        "legacy.3.3_replies",
        {"rows__3__3": 3, "rows__3__3__1": 2},
        "（三）申请答复数 3 ≠ 1.属于已主动公开范围数 2 + 2.同意公开答复数 0 + "
        "3.同意部分公开答复数 0 + 4.不同意公开答复数 0 + 5.不属于本行政机关公开数 0 + "
        "6.申请信息不存在数 0 + 7.告知作出更改补充数 0 + 8.告知通过其他途径办理数 0 = 2",
    ),
    (
        "legacy.4_reconsideration",
        {"rows__4": 0, "rows__4__1": 1},
        "四、行政复议数量 0 ≠ （一）维持具体行政行为数 1 + （二）被依法纠错数 0 + "
        "（三）其他情形数 0 = 1",
    ),
    (
        "legacy.5_litigation",
        {"rows__5": 2, "rows__5__3": 1},
        "五、行政诉讼数量 2 ≠ （一）维持具体行政行为或者驳回原告诉讼请求数 0 + "
        "（二）被依法纠错数 0 + （三）其他情形数 1 = 1",
    ),
    (
        "legacy.8.3_staff",
        {"rows__8__3": 32, "rows__8__3__1": 2, "rows__8__3__2": 20},
        "（三）从事政府信息公开工作人员数 32 ≠ 1.专职人员数 2 + 2.兼职人员数 20 = 22",
    ),
]


@pytest.mark.parametrize(("rule", "cells", "message"), LEGACY_SUMS)
def test_legacy_row_that_is_not_the_sum_of_its_items_is_an_error(rule, cells, message):
    findings = check_report(report("2014", **cells))
    assert [(f.severity, f.rule, f.message) for f in findings] == [("error", rule, message)]


def test_legacy_rows_equal_to_the_sum_of_their_items_give_no_finding():
    made = report(
        "2014",
        rows__3__1=3, rows__3__1__3=3, rows__3__2=3, rows__3__2__1=2, rows__3__2__2=1,
        rows__3__3=3, rows__3__3__1=2, rows__3__3__5=1, rows__4=1, rows__4__1=1,
        rows__5=1, rows__5__2=1, rows__8__3=32, rows__8__3__1=2, rows__8__3__2=30,
    )  # fmt: skip
    assert check_report(made) == []


def test_refusal_grounds_exceeding_the_refusals_are_an_error():
    made = report("2014", rows__3__3__4=1, rows__3__3__4a=1, rows__3__3__4c=1)
    made.tables["rows"].update({"3.3": 1})
    findings = of(check_report(made), "legacy.3.3.4_grounds")
    assert messages(findings) == [
        "4.不同意公开答复数 1 < 涉及国家秘密 1 + 涉及商业秘密 0 + 涉及个人隐私 1 + "
        "危及国家安全、公共安全、经济安全和社会稳定 0 + 不是《条例》所指政府信息 0 + "
        "法律法规规定的其他情形 0 = 2"
    ]


def test_refusals_not_all_classified_by_ground_are_allowed():
    made = report("2014", rows__3__3=2, rows__3__3__4=2, rows__3__3__4a=1)
    assert check_report(made) == []


def test_proactive_total_above_the_sum_of_its_channels_is_an_error():
    made = report("2014", rows__1__1=100, rows__1__2__2=60, rows__1__2__4=30)
    assert messages(check_report(made)) == [
        "（一）主动公开政府信息数 100 > 1.政府公报公开政府信息数 0 + 2.政府网站公开政府信息数 60 + "
        "3.政务微博公开政府信息数 0 + 4.政务微信公开政府信息数 30 + 5.其他方式公开政府信息数 0 = 90"
    ]


def test_proactive_total_below_the_sum_of_its_channels_is_allowed():
    made = report("2014", rows__1__1=80, rows__1__2__2=60, rows__1__2__4=30)
    assert check_report(made) == []


@pytest.mark.parametrize(
    ("rule", "cells", "message"),
    [
        (
            "legacy.1.1a",
            {"rows__1__1a": 16, "rows__1__1": 15, "rows__1__2__2": 15},
            "主动公开规范性文件数 16 > （一）主动公开政府信息数 15",
        ),
        (
            "legacy.2.2.1a",
            {"rows__2__2__1a": 8, "rows__2__2__1": 7},
            "主要负责同志参加新闻发布会次数 8 > 1.参加或举办新闻发布会总次数 7",
        ),
        (
            "legacy.2.2.2a",
            {"rows__2__2__2a": 1},
            "主要负责同志参加政府网站在线访谈次数 1 > 2.政府网站在线访谈次数 0",
        ),
    ],
)
def test_legacy_part_above_its_whole_is_a_warning(rule, cells, message):
    findings = check_report(report("2014", **cells))
    assert [(f.severity, f.rule, f.message) for f in findings] == [("warning", rule, message)]


def test_legacy_parts_within_their_wholes_give_no_finding():
    made = report(
        "2014",
        rows__1__1=15, rows__1__2__2=15, rows__1__1a=15, rows__2__2__1=7, rows__2__2__1a=7,
        rows__2__2__2=2, rows__2__2__2a=1,
    )  # fmt: skip
    assert check_report(made) == []


# --- parser notes -------------------------------------------------------------------


def test_unit_stripped_from_a_money_cell_is_a_warning():
    note = ParseNote("unit_stripped", "rows.8.4", "去掉了单位“万”", "5 万")
    made = report("2014", notes=[note], rows__8__4=Decimal(5))
    findings = check_report(made)
    assert [f.as_json() for f in findings] == [
        {
            "severity": "warning",
            "rule": "unit",
            "message": "（四）政府信息公开专项经费：单元格写作“5 万”，带有单位；"
            "已去掉单位按 5 万元 读取，请核对计量单位",
            "cells": ["rows.8.4"],
            "numbers": {"rows.8.4": "5"},
            "sentence": "5 万",
        }
    ]


def test_unreadable_cell_is_a_warning_and_stays_out_of_the_arithmetic():
    note = ParseNote("unreadable", "applications.carried_forward.total", "单元格为空白")
    made = applications()
    put(made, "applications.carried_forward.total", 0)  # what a parser puts for a blank
    made.notes.append(note)
    findings = check_report(made)
    assert [(f.severity, f.rule, f.message, f.cells) for f in findings] == [
        (
            "warning",
            "parse.unreadable",
            "四、结转下年度继续办理（总计）：单元格为空白",
            ("applications.carried_forward.total",),
        )
    ]


def test_ambiguous_cell_is_a_warning_and_stays_out_of_the_arithmetic():
    note = ParseNote("ambiguous", "review_litigation.reconsideration.total", "数字粘连", "2538")
    made = report(notes=[note], review_litigation__reconsideration__upheld=1)
    assert [(f.rule, f.message, f.sentence) for f in check_report(made)] == [
        ("parse.ambiguous", "行政复议 · 总计：数字粘连", "2538")
    ]


def test_unsure_cell_stays_out_of_the_prose_comparison():
    note = ParseNote("unreadable", "review_litigation.reconsideration.total", "无法读取")
    made = report(notes=[note], text="全年行政复议 3 件。")
    assert messages(check_report(made)) == ["行政复议 · 总计：无法读取"]


def test_missing_table_is_a_warning():
    note = ParseNote("missing_table", "", "没有找到表四（行政复议、行政诉讼）")
    findings = check_report(report(notes=[note]))
    assert [(f.severity, f.rule, f.message, f.cells) for f in findings] == [
        ("warning", "parse.missing_table", "没有找到表四（行政复议、行政诉讼）", ())
    ]


def test_local_form_gets_no_table_finding():
    note = ParseNote("local_form", "", "地方格式")
    made = ParsedReport(
        "local", 2014, "平潭综合实验区管委会", {}, [note], "2014年全区收到信函申请1条。"
    )
    assert check_report(made) == []


def test_local_form_prose_is_not_compared_with_any_table():
    text = "2014年全区收到有关政府信息公开的信函申请1条，已受理回复。依申请提供政府信息暂不收费。"
    made = ParsedReport("local", 2014, "平潭综合实验区管委会", {}, [], text)
    assert check_report(made) == []


# --- prose against tables -----------------------------------------------------------


def test_received_applications_stated_in_prose_must_match_new_applications():
    made = applications(text="2023 年全区受理政府信息公开申请 21 件，均在法定期限答复。")
    findings = check_report(made)
    assert [(f.severity, f.rule, f.message) for f in findings] == [
        (
            "warning",
            "text.received",
            "正文称收到政府信息公开申请 21 件，但表格“一、本年新收政府信息公开申请数量”总计为 4",
        )
    ]
    assert findings[0].sentence == "2023年全区受理政府信息公开申请21件，均在法定期限答复"
    assert findings[0].numbers == {
        "text": 21,
        "applications.new.total": 4,
        "applications.carried_over.total": 1,
    }


@pytest.mark.parametrize(
    "text",
    [
        "全年收到政府信息公开申请 4 件。",
        "全年共受理政府信息公开申请 5 件（含上年结转）。",  # new + carried over
        "共受理依申请公开 4 件。",
    ],
)
def test_received_applications_matching_the_table_give_no_finding(text):
    assert check_report(applications(text=text)) == []


def test_legacy_received_applications_are_compared_with_row_3_1():
    made = report(
        "2014", "沙坡头区共收到 4 件通过网络的依申请公开。", rows__3__1=3, rows__3__1__3=3
    )
    assert messages(check_report(made)) == [
        "正文称收到政府信息公开申请 4 件，但统计表“（一）收到申请数”为 3"
    ]


def test_legacy_received_applications_may_name_the_channel_row():
    made = report("2014", "共收到 2 件通过网络的依申请公开。", rows__3__1=3, rows__3__1__3=2)
    made.tables["rows"]["3.1.1"] = 1
    assert check_report(made) == []


def test_completed_applications_must_match_the_total_row():
    made = applications(text="全区共收到政府信息公开申请4件，共办结5件，结转至2024年1件。")
    assert [(f.rule, f.message, f.cells) for f in check_report(made)] == [
        (
            "text.completed",
            "正文称办结申请 5 件，但表格“（七）总计”为 4",
            ("applications.total.total",),
        )
    ]


def test_carried_over_and_forward_stated_in_prose_must_match_their_rows():
    text = (
        "全年收到政府信息公开申请 4 件，上年结转政府信息公开申请 2 件，"
        "转下一年度办理答复的有 3 件。"
    )
    assert messages(check_report(applications(text=text))) == [
        "正文称上年结转申请 2 件，但表格“二、上年结转政府信息公开申请数量”总计为 1",
        "正文称结转下年度办理申请 3 件，但表格“四、结转下年度继续办理”总计为 1",
    ]


def test_carried_figures_matching_the_table_give_no_finding():
    text = "全区共收到政府信息公开申请4件，共办结4件，结转至2024年1件，上年结转申请1件。"
    assert check_report(applications(text=text)) == []


def test_outcomes_stated_in_prose_must_match_their_result_groups():
    text = (
        "所有办结的信息公开申请中同意公开答复 2 件，部分公开答复 0 件，不予公开答复 0 件，"
        "无法提供的 3 件，不予处理 0 件，其他处理 0 件。"
    )
    findings = check_report(applications(text=text))
    assert [(f.rule, f.message) for f in findings] == [
        ("text.outcome", "正文称无法提供 3 件，但表格“（四）无法提供”各项合计为 2")
    ]
    assert findings[0].cells == (
        "applications.unavailable.not_held.total",
        "applications.unavailable.needs_creation.total",
        "applications.unavailable.still_unclear.total",
    )


def test_outcomes_matching_the_table_give_no_finding():
    text = (
        "同意公开答复 2 件，不同意公开 0 件，无法提供的 2 件，其他处理 0 件。均为政府信息公开申请。"
    )
    assert check_report(applications(text=text)) == []


def test_reconsideration_stated_in_prose_must_match_table_four():
    made = report(
        text="全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起。",
        review_litigation__reconsideration__upheld=30,
        review_litigation__reconsideration__total=30,
        review_litigation__litigation_direct__upheld=6,
        review_litigation__litigation_direct__total=6,
        review_litigation__litigation_after_review__upheld=3,
        review_litigation__litigation_after_review__total=3,
    )
    assert [(f.rule, f.message) for f in check_report(made)] == [
        ("text.reconsideration", "正文称行政复议 36 起，但表格行政复议总计为 30")
    ]


def test_litigation_stated_in_prose_must_match_one_or_both_litigation_groups():
    made = report(
        text="行政诉讼 4 件。",
        review_litigation__litigation_direct__upheld=6,
        review_litigation__litigation_direct__total=6,
        review_litigation__litigation_after_review__upheld=3,
        review_litigation__litigation_after_review__total=3,
    )
    findings = check_report(made)
    assert [(f.rule, f.message) for f in findings] == [
        ("text.litigation", "正文称行政诉讼 4 件，但表格行政诉讼总计为 9")
    ]
    for text in ("行政诉讼 9 件。", "行政诉讼 6 件。", "有 3 起行政诉讼。"):
        made.text = text
        assert check_report(made) == [], text


def test_no_reconsideration_in_prose_contradicts_a_case_in_the_table():
    made = report(
        "2014",
        "2018 年沙坡头区没有因信息公开引起的行政复议和行政诉讼案件。",
        rows__4=1,
        rows__4__1=1,
    )
    findings = check_report(made)
    assert [(f.rule, f.message) for f in findings] == [
        ("text.reconsideration", "正文称没有行政复议，但统计表“四、行政复议数量”为 1")
    ]
    assert findings[0].numbers == {"text": 0, "rows.4": 1}


def test_no_reconsideration_in_prose_agrees_with_an_empty_table():
    made = report("2014", "2018 年沙坡头区没有因信息公开引起的行政复议和行政诉讼案件。")
    assert check_report(made) == []


def test_combined_figure_for_reconsideration_and_litigation_is_not_read():
    made = report(text="因政府信息公开被申请行政复议、提起行政诉讼共5件。")
    assert check_report(made) == []


def test_legacy_on_time_claim_contradicts_extended_replies():
    text = (
        "2018 年，沙坡头区共收到 3 件通过网络的依申请公开，其中 2 件为主动公开范围，按时办结完毕。"
    )
    made = report(
        "2014",
        text,
        rows__3__1=3,
        rows__3__1__3=3,
        rows__3__2=3,
        rows__3__2__1=2,
        rows__3__2__2=1,
        rows__3__3=3,
        rows__3__3__1=2,
        rows__3__3__5=1,
    )
    findings = check_report(made)
    assert [f.as_json() for f in findings] == [
        {
            "severity": "warning",
            "rule": "text.on_time",
            "message": "正文称按时办结（“按时办结完毕”），但统计表“2.延期办结数”为 1"
            "（“1.按时办结数”为 2）",
            "cells": ["rows.3.2.2", "rows.3.2.1"],
            "numbers": {"rows.3.2.2": 1, "rows.3.2.1": 2},
            "sentence": "2018年，沙坡头区共收到3件通过网络的依申请公开，其中2件为主动公开范围，"
            "按时办结完毕",
        }
    ]


@pytest.mark.parametrize(
    ("text", "late"),
    [
        ("申请均在法定期限内答复。", 0),
        ("确保依申请公开均按时办结。", 1),  # an intention, not a statement
        ("有 1 件未按时办结。", 1),
    ],
)
def test_legacy_on_time_claim_without_extended_replies_gives_no_finding(text, late):
    made = report("2014", text, rows__3__2=2 + late, rows__3__2__1=2, rows__3__2__2=late)
    assert check_report(made) == []


def test_on_time_claim_of_the_2021_form_has_no_cell_to_contradict():
    made = applications(text="2023年全区受理政府信息公开申请4件，均在法定期限答复。")
    assert check_report(made) == []


def test_no_fee_in_prose_contradicts_a_fee_in_the_legacy_table():
    made = report("2014", "2018 年依申请提供政府信息未收取任何费用。", rows__7=Decimal("0.05"))
    findings = check_report(made)
    assert [(f.rule, f.message, f.cells) for f in findings] == [
        (
            "text.fee",
            "正文称未收取费用，但统计表“七、依申请公开信息收取的费用”为 0.05 万元",
            ("rows.7",),
        )
    ]


def test_fee_in_yuan_is_compared_in_ten_thousand_yuan():
    made = report("2014", "全年依申请公开收取信息处理费 500 元。", rows__7=Decimal("0.05"))
    assert check_report(made) == []
    made.tables["rows"]["7"] = Decimal("0.5")
    assert messages(check_report(made)) == [
        "正文称收取费用 500 元（0.05 万元），但统计表“七、依申请公开信息收取的费用”为 0.5 万元"
    ]


def test_fee_in_yuan_typed_into_the_ten_thousand_yuan_cell_is_a_unit_warning():
    made = report("2014", "全年依申请公开收取信息处理费 500 元。", rows__7=Decimal(500))
    assert messages(check_report(made)) == [
        "正文称收取费用 500 元，统计表“七、依申请公开信息收取的费用”却填为 500，"
        "该栏单位是万元（500 元 = 0.05 万元）"
    ]


def test_fee_statement_of_the_2021_form_has_no_cell_to_contradict():
    made = report(
        text="全年收取政府信息公开信息处理费 300 元。", proactive__art20_8__fees_10k_yuan=1
    )
    assert check_report(made) == []


def test_legacy_proactive_total_and_channels_must_match_their_rows():
    text = (
        "2018 年，沙坡头区各级行政机关主动公开政府信息共 10947 条。"
        "2018 年通过政府公报公开政府信息共 52 条。"
        "通过政务微博发布政府信息 894 条，通过政务微信发布政府信息 1233 条。"
    )
    made = report(
        "2014",
        text,
        rows__1__1=10946,
        rows__1__2__1=52,
        rows__1__2__3=894,
        rows__1__2__4=1230,
        rows__1__2__5=9770,
    )
    assert [(f.rule, f.message) for f in check_report(made)] == [
        (
            "text.proactive",
            "正文称主动公开政府信息 10947 条，但统计表“（一）主动公开政府信息数”为 10946",
        ),
        (
            "text.channel",
            "正文称通过政务微信公开政府信息 1233 条，但统计表“4.政务微信公开政府信息数”为 1230",
        ),
    ]


def test_legacy_proactive_figure_of_one_part_may_be_smaller_than_the_row():
    text = "各乡镇主动公开政府信息856条。通过报刊、电视、新闻网站等传统渠道公开政府信息 3892 条。"
    made = report("2014", text, rows__1__1=2543, rows__1__2__5=2543)
    assert check_report(made) == []
    made.tables["rows"].update({"1.1": 800, "1.2.5": 800})
    assert messages(check_report(made)) == [
        "正文称主动公开政府信息 856 条（部分数），已超过统计表“（一）主动公开政府信息数” 800"
    ]


def test_legacy_responses_through_some_channels_may_not_exceed_all_responses():
    text = "通过政府网站、微博、微信回应社会热点事件及舆情 38 次。"
    made = report("2014", text, rows__2__1=58)
    assert check_report(made) == []
    made.tables["rows"]["2.1"] = 30
    assert [(f.rule, f.message) for f in check_report(made)] == [
        (
            "text.responses",
            "正文称回应热点或舆情 38 次（部分数），"
            "已超过统计表“（一）回应公众关注热点或重大舆情数” 30",
        )
    ]


@pytest.mark.parametrize(
    "text",
    [
        "共发放宣传资料 1 万余份。",
        "截至 2018 年 12 月 31 日，大厅窗口共受理事项 11000 件，办结 10958 件。",
        "“12345”政务服务热线平台共转办电话来访等 2525 件，办结 2525 件，办结率达 100%。",
        "开设窗口26个，共受理申请121510件。",
        "依据《条例》第 36 条答复申请人。",
        "主合办人大代表建议 50 件，政协提案 85 件。",
        "通过门户网站累计主动公开政府信息7700余条。",
        "全年收到政府信息公开申请约 30 件。",
        "印发《2018 年政务公开工作要点》，强化督查落实 5 次。",
        "(一) 回应公众关注热点或重大舆情数 (不同方式回应同一热点或舆情计 1 次)\t次\t4",
    ],
)
def test_figures_about_other_matters_are_not_read(text):
    made = report("2014", text, rows__1__1=1)
    made.tables["rows"]["1.2.2"] = 1
    assert check_report(made) == []
    assert check_report(applications(text=text)) == []


# --- across years -------------------------------------------------------------------


def year_report(year: int, agency: str, forward: int, over: int) -> ParsedReport:
    made = report()
    made.year, made.agency = year, agency
    row(made, "carried_forward", forward)
    row(made, "carried_over", over)
    return made


def test_carried_forward_that_differs_from_next_years_carried_over_is_a_warning():
    first = year_report(2023, "上海市科学技术委员会", forward=1, over=0)
    second = year_report(2024, "上海市科学技术委员会 ", forward=0, over=2)
    findings = check_series([second, first])
    assert [(f.severity, f.rule, f.message) for f in findings] == [
        (
            "warning",
            "cross_year.carried_over",
            "上海市科学技术委员会：2023年“四、结转下年度继续办理”（自然人）1 ≠ "
            "2024年“二、上年结转政府信息公开申请数量”（自然人）2",
        ),
        (
            "warning",
            "cross_year.carried_over",
            "上海市科学技术委员会：2023年“四、结转下年度继续办理”（总计）1 ≠ "
            "2024年“二、上年结转政府信息公开申请数量”（总计）2",
        ),
    ]
    assert findings[0].cells == (
        "2023:applications.carried_forward.natural_person",
        "2024:applications.carried_over.natural_person",
    )
    assert findings[0].numbers == {
        "2023:applications.carried_forward.natural_person": 1,
        "2024:applications.carried_over.natural_person": 2,
    }


def test_carried_forward_equal_to_next_years_carried_over_gives_no_finding():
    first = year_report(2023, "上海市科学技术委员会", forward=1, over=0)
    second = year_report(2024, "上海市科学技术委员会", forward=0, over=1)
    assert check_series([first, second]) == []


def test_reports_of_other_agencies_or_years_apart_are_not_compared():
    first = year_report(2023, "上海市科学技术委员会", forward=1, over=0)
    other_agency = year_report(2024, "淮安市洪泽区人民政府", forward=0, over=2)
    two_years_later = year_report(2025, "上海市科学技术委员会", forward=0, over=2)
    assert check_series([first, other_agency, two_years_later]) == []


def test_legacy_reports_have_no_carried_over_rows_to_compare():
    first = report("2014")
    second = report("2014")
    first.year, second.year = 2017, 2018
    assert check_series([first, second]) == []


# --- the score ----------------------------------------------------------------------


def finding(severity: str) -> Finding:
    return Finding(severity, "x", "x", (), {})  # type: ignore[arg-type]


def test_score_takes_twenty_points_per_error_and_five_per_warning():
    assert quality_score([]) == 100
    assert quality_score([finding("error"), finding("warning"), finding("warning")]) == 70


def test_score_never_goes_below_zero():
    assert quality_score([finding("error")] * 6) == 0
