"""How the 2021/2019 table reader copes with the mess of real reports, one small
synthetic text per kind of mess (the real reports are in test_national_real.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gongkai.reports.formspec import APPLICATION_ROWS_2019, APPLICATION_ROWS_2021, FormId
from gongkai.reports.national import parse_national
from gongkai.reports.result import ParseNote

PROACTIVE = """二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 2 1 30
第二十条第（五）项
信息内容 本年处理决定数量
行政许可 550
第二十条第（六）项
信息内容 本年处理决定数量
行政处罚 41
行政强制 3
第二十条第（八）项
信息内容 本年收费金额（单位：万元）
行政事业性收费 12.5
"""
PROACTIVE_VALUES = {
    "art20_1.regulation.issued": 0,
    "art20_1.regulation.repealed": 0,
    "art20_1.regulation.in_force": 0,
    "art20_1.normative.issued": 2,
    "art20_1.normative.repealed": 1,
    "art20_1.normative.in_force": 30,
    "art20_5.licensing": 550,
    "art20_6.penalty": 41,
    "art20_6.coercion": 3,
    "art20_8.fees_10k_yuan": Decimal("12.5"),
}
REVIEW = """四、政府信息公开行政复议、行政诉讼情况
行政复议 行政诉讼
结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉
2 1 0 0 3 1 0 0 0 1 0 0 0 0 0
五、存在的主要问题及改进情况
"""
REVIEW_VALUES = {
    "reconsideration": {"upheld": 2, "corrected": 1, "other": 0, "pending": 0, "total": 3},
    "litigation_direct": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1},
    "litigation_after_review": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0,
                                "total": 0},
}  # fmt: skip
#: A small table 三: 3 + 1 new applications; 2 granted, 1 + 1 partly granted.
APPLICATIONS = {
    "new": [3, 1, 0, 0, 0, 0, 4],
    "granted": [2, 0, 0, 0, 0, 0, 2],
    "partial": [1, 1, 0, 0, 0, 0, 2],
    "total": [3, 1, 0, 0, 0, 0, 4],
}
GROUP_CAPTIONS = {
    "refused.state_secret": "（三）不予公开",
    "unavailable.not_held": "（四）无法提供",
    "not_processed.petition": "（五）不予处理",
    "other.no_correction": "（六）其他处理",
}


def applications_table(
    values: dict[str, list[int]] | None = None, *, form: FormId = "2021", sep: str = " "
) -> str:
    """Table 三 as printed, one row a line: label, then the seven cells joined by ``sep``;
    rows not in ``values`` are all 0."""
    values = APPLICATIONS if values is None else values
    rows = APPLICATION_ROWS_2019 if form == "2019" else APPLICATION_ROWS_2021
    lines = [
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "申请人情况",
        "自然人 法人或其他组织 总计",
        "商业企业 科研机构 社会公益组织 法律服务机构 其他",
    ]
    for code, label in rows:
        cells = values.get(code, [0] * 7)
        caption = GROUP_CAPTIONS.get(code, "")
        lines.append(f"{caption}{label}{sep}{sep.join(str(cell) for cell in cells)}")
    return "\n".join(lines) + "\n"


def report(applications: str | None = None, proactive: str = PROACTIVE,
           review: str = REVIEW) -> str:  # fmt: skip
    body = applications_table() if applications is None else applications
    return "一、总体情况\n2023年，本机关……\n" + proactive + body + review


def read(text: str, form: FormId = "2021") -> tuple[dict[str, Any], list[ParseNote]]:
    return parse_national(text, form)


def nonzero(applications: dict[str, dict[str, int]]) -> dict[str, list[int]]:
    return {row: list(cells.values()) for row, cells in applications.items() if any(cells.values())}


# --- layouts ---------------------------------------------------------------------


def test_plain_rows_separated_by_spaces_are_read() -> None:
    tables, notes = read(report())

    assert tables["proactive"] == PROACTIVE_VALUES
    assert nonzero(tables["applications"]) == APPLICATIONS
    assert tables["review_litigation"] == REVIEW_VALUES
    assert notes == []


def test_tables_flattened_to_one_cell_per_line_are_read() -> None:
    proactive = PROACTIVE.replace("规章 0 0 0", "规章\n0\n0\n0").replace(
        "行政规范性文件 2 1 30", "行政规范性文件\n2\n1\n30"
    )
    review = REVIEW.replace("2 1 0 0 3 1 0 0 0 1 0 0 0 0 0", "\n".join("210031000100000"))

    tables, notes = read(report(applications_table(sep="\n"), proactive, review))

    assert tables["proactive"] == PROACTIVE_VALUES
    assert nonzero(tables["applications"]) == APPLICATIONS
    assert tables["review_litigation"] == REVIEW_VALUES
    assert notes == []


def test_tab_separated_rows_read_empty_cells_as_zero() -> None:
    table = applications_table(sep="\t").replace("\t0", "\t")  # every 0 left blank

    tables, notes = read(report(table))

    assert nonzero(tables["applications"]) == APPLICATIONS
    assert tables["applications"]["carried_over"]["total"] == 0
    assert notes == []


def test_cells_run_together_are_split_where_the_total_is_the_sum_of_the_columns() -> None:
    """A web page printing the whole table on one line with no separators: 15130000154
    can only be 151/3/0/0/0/0/154; the item numbers of the labels ("…权益00000005.属于…")
    and "第二十条第（一）项" are not cells."""
    values = {
        "new": [151, 3, 0, 0, 0, 0, 154],
        "granted": [100, 1, 0, 0, 0, 0, 101],
        "refused.third_party": [5, 0, 0, 0, 0, 0, 5],
        "refused.internal_affairs": [40, 2, 0, 0, 0, 0, 42],
        "total": [145, 3, 0, 0, 0, 0, 148],
        "carried_forward": [6, 0, 0, 0, 0, 0, 6],
    }
    table = applications_table(values, sep="").replace("\n", "")
    proactive = PROACTIVE.replace("规章 0 0 0", "规章000").replace("\n", "")
    review = REVIEW.replace("\n", "").replace(" ", "").replace("五、", "\n五、")

    tables, notes = read(report(table, proactive, review))

    assert "4.保护第三方合法权益50000055.属于三类内部事务信息402000042" in table
    assert tables["proactive"] == PROACTIVE_VALUES
    assert nonzero(tables["applications"]) == values
    assert tables["review_litigation"] == REVIEW_VALUES
    assert notes == []


def test_run_together_row_is_settled_by_the_column_rules() -> None:
    """330000033 is 33/0/…/33 or 3/30/…/33; only the first keeps 商业企业 at 0 + 0 = 0 + 0."""
    values = {"new": [33, 0, 0, 0, 0, 0, 33], "granted": [33, 0, 0, 0, 0, 0, 33],
              "total": [33, 0, 0, 0, 0, 0, 33]}  # fmt: skip
    table = applications_table(values).replace(
        "（一）予以公开 33 0 0 0 0 0 33", "（一）予以公开330000033"
    )

    tables, notes = read(report(table))

    assert nonzero(tables["applications"]) == values
    assert notes == []


def test_run_together_rows_that_split_two_ways_are_ambiguous_and_left_zero() -> None:
    """All three rows run together the same way: 33/0 and 3/30 both satisfy every rule."""
    values = {"new": [33, 0, 0, 0, 0, 0, 33], "granted": [33, 0, 0, 0, 0, 0, 33],
              "total": [33, 0, 0, 0, 0, 0, 33]}  # fmt: skip

    tables, notes = read(report(applications_table(values, sep="")))

    assert nonzero(tables["applications"]) == {
        "new": [0, 0, 0, 0, 0, 0, 33],
        "granted": [0, 0, 0, 0, 0, 0, 33],
        "total": [0, 0, 0, 0, 0, 0, 33],
    }
    message = (
        "连写的数字“330000033”有2种拆分都说得通（3/30/0/0/0/0/33；33/0/0/0/0/0/33），"
        "无法确定这一格，按0记"
    )
    assert notes == [
        ParseNote("ambiguous", f"applications.{row}.{column}", message, "330000033")
        for row in ("new", "granted", "total")
        for column in ("natural_person", "commercial")
    ]


def test_labels_split_around_their_numbers_by_a_pdf_text_layer() -> None:
    table = (
        applications_table()
        .replace(
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 1 1 0 0 0 0 2",
            "（二）部分公开（区分处理的，只计这一情 形，不\n1 1 0 0 0 0 2\n计其他情形）",
        )
        .replace(
            "（三）不予公开1.属于国家秘密 0 0 0 0 0 0 0",
            "0 0 0 0 0 0 0\n1.属于国家秘密",
        )
        .replace(
            "5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0",
            "5.要求行政机关确认或重 新出具\n0 0 0 0 0 0 0\n已获取信息",
        )
    )

    tables, notes = read(report(table))

    assert nonzero(tables["applications"]) == APPLICATIONS
    assert notes == []


def test_markdown_rows_with_detached_labels_are_read_in_order() -> None:
    """A converter left labels as loose lines, an empty header row, a trailing empty
    column and a stray page number between two rows."""
    rows = [
        "| 一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |  |",
        "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |  |",
        "| 三、 | （一）予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
        "| 1 | 1 | 0 | 0 | 0 | 0 | 2 |",
        "|---|---|---|---|---|---|---|",
        "",
        "（二）部分公开（区分处理的，只",
        "计这一情形，不计其他情形）",
        "7",
    ]
    rows += ["| 0 | 0 | 0 | 0 | 0 | 0 | 0 |"] * 20
    rows += [
        "| （七）总计 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |",
        "| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    ]
    table = "三、收到和处理政府信息公开申请情况\n| 业 | 构 | 益组织 |  |  |  |\n" + "\n".join(rows)

    tables, notes = read(report(table + "\n"))

    assert nonzero(tables["applications"]) == APPLICATIONS
    assert notes == []


def test_merged_cells_in_markdown_tables_are_read_once() -> None:
    """A merged caption or header repeated in every column, and a value cell spanning
    three columns printed three times or once with blanks."""
    proactive = """二、主动公开政府信息情况
| 第二十条第（一）项 | 第二十条第（一）项 | 第二十条第（一）项 | 第二十条第（一）项 |
|---|---|---|---|
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 |  |  |  |
| 行政规范性文件 | 2 | 1 | 30 |
| 第二十条第（五）项 | 第二十条第（五）项 | 第二十条第（五）项 | 第二十条第（五）项 |
| 行政许可 | 550 | 550 | 550 |
| 第二十条第（六）项 |  |  |  |
| 行政处罚 | 41 |  |  |
| 行政强制 | 3 |  |  |
| 第二十条第（八）项 |  |  |  |
| 行政事业性收费 | 12.5 |  |  |
"""
    groups = "| 行政复议 | 行政复议 | 行政复议 | 行政复议 | 行政复议 |" + " 行政诉讼 |" * 10
    review = (
        "四、政府信息公开行政复议、行政诉讼情况\n"
        f"{groups}\n"
        "| 结果维持 |  |  |  |  | 未经复议直接起诉 |  |  |  |  | 复议后起诉 |  |  |  |  |\n"
        "| 2 | 1 |  |  | 3 | 1 |  |  |  | 1 |  |  |  |  |  |\n"
        "五、存在的主要问题及改进情况\n"
    )

    tables, notes = read(report(None, proactive, review))

    assert tables["proactive"] == PROACTIVE_VALUES
    assert tables["review_litigation"] == REVIEW_VALUES
    assert notes == []


def test_empty_cell_that_the_row_total_contradicts_is_unreadable() -> None:
    table = applications_table().replace(
        "（一）予以公开 2 0 0 0 0 0 2", "| （一）予以公开 | 2 |  | 0 | 0 | 0 | 0 | 3 |"
    )

    tables, notes = read(report(table))

    assert tables["applications"]["granted"] == {
        "natural_person": 2, "commercial": 0, "research": 0, "nonprofit": 0,
        "legal_service": 0, "other_org": 0, "total": 3,
    }  # fmt: skip
    assert notes == [
        ParseNote(
            "unreadable",
            "applications.granted.commercial",
            "单元格为空，但按合计关系应为1，可能是转换时丢失了数字，无法确定，按0记",
        )
    ]


# --- characters and words --------------------------------------------------------


def test_full_width_digits_and_brackets_are_read() -> None:
    table = applications_table().replace(
        "一、本年新收政府信息公开申请数量 3 1 0 0 0 0 4",
        "一、本年新收政府信息公开申请数量　３　１　０　０　０　０　４",
    )
    proactive = PROACTIVE.replace("行政许可 550", "行政许可 ５５０").replace("12.5", "１２．５")

    tables, notes = read(report(table, proactive))

    assert "（一）予以公开" in table
    assert tables["proactive"] == PROACTIVE_VALUES
    assert nonzero(tables["applications"]) == APPLICATIONS
    assert notes == []


def test_spaces_inside_labels_do_not_hide_them() -> None:
    proactive = PROACTIVE.replace("行政许可 550", "行政 许可 550").replace(
        "行政规范性文件 2 1 30", "行 政 规 范 性 文 件 2 1 30"
    )
    table = applications_table().replace("（七）总计", "（七）总 计")

    tables, notes = read(report(table, proactive))

    assert tables["proactive"] == PROACTIVE_VALUES
    assert nonzero(tables["applications"]) == APPLICATIONS
    assert notes == []


def test_page_footers_and_headers_inside_a_table_are_not_cells() -> None:
    table = (
        applications_table()
        .replace("（一）予以公开 2 0 0 0 0 0 2", "（一）予以公开 2 0 0\n- 3 -\n0 0 0 2")
        .replace("（七）总计 3 1 0 0 0 0 4", "（七）总计 3 1 0\n第 4 页 共 5 页\n0 0 0 4")
    )
    proactive = PROACTIVE.replace("第二十条第（六）项", "第二十条第（六）项\n- 2 -")

    tables, notes = read(report(table, proactive))

    assert tables["proactive"] == PROACTIVE_VALUES
    assert nonzero(tables["applications"]) == APPLICATIONS
    assert notes == []


def test_wording_variants_of_headings_and_labels_are_recognised() -> None:
    proactive = PROACTIVE.replace("行政规范性文件", "规范性文件").replace(
        "二、主动公开政府信息情况", "二、主动公开政府信息情况统计表"
    )
    table = (
        applications_table()
        .replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
        .replace("四、结转下年度继续办理", "四、结转下一年度办理")
        .replace("三、收到和处理", "三、本机关收到和处理")
    )
    review = REVIEW.replace(
        "四、政府信息公开行政复议、行政诉讼情况",
        "四、因政府信息公开工作被行政复议、提起行政诉讼情况",
    )

    tables, notes = read(report(table, proactive, review))

    assert tables["proactive"] == PROACTIVE_VALUES
    assert nonzero(tables["applications"]) == APPLICATIONS
    assert tables["review_litigation"] == REVIEW_VALUES
    assert notes == []


def test_sections_numbered_differently_are_found_by_their_keywords() -> None:
    """Numbered 一/二/三 (as Shanghai's report), after a narrative section that also
    talks about 主动公开 and 收到…申请."""
    text = (
        "一、主动公开工作情况\n本年度主动公开信息 393 件。\n"
        "二、政府信息公开申请情况\n全年收到申请 4 件。\n"
        + PROACTIVE.replace("二、主动公开", "一、主动公开")
        + applications_table().replace("三、收到和处理", "二、收到和处理")
        + REVIEW.replace("四、政府信息公开行政复议", "三、政府信息公开行政复议")
    )

    tables, notes = read(text)

    assert tables["proactive"] == PROACTIVE_VALUES
    assert nonzero(tables["applications"]) == APPLICATIONS
    assert tables["review_litigation"] == REVIEW_VALUES
    assert notes == []


def test_unit_typed_into_a_cell_is_stripped_with_a_note() -> None:
    proactive = PROACTIVE.replace("12.5", "5 万").replace("行政许可 550", "行政许可 550件")
    table = applications_table().replace("（七）总计 3 1 0 0 0 0 4", "（七）总计 3 1 0 0 0 0 4件")

    tables, notes = read(report(table, proactive))

    assert tables["proactive"]["art20_8.fees_10k_yuan"] == Decimal(5)
    assert tables["proactive"]["art20_5.licensing"] == 550
    assert tables["applications"]["total"]["total"] == 4
    assert notes == [
        ParseNote("unit_stripped", "proactive.art20_5.licensing",
                  "单元格“550件”带有单位“件”，已去掉单位读作550", "550件"),
        ParseNote("unit_stripped", "proactive.art20_8.fees_10k_yuan",
                  "单元格“5 万”带有单位“万”，已去掉单位读作5", "5 万"),
        ParseNote("unit_stripped", "applications.total.total",
                  "单元格“4件”带有单位“件”，已去掉单位读作4", "4件"),
    ]  # fmt: skip


def test_unit_that_does_not_fit_the_cell_is_not_converted() -> None:
    proactive = PROACTIVE.replace("行政许可 550", "行政许可 3万").replace("12.5", "800元")

    tables, notes = read(report(None, proactive))

    assert tables["proactive"]["art20_5.licensing"] == 0
    assert tables["proactive"]["art20_8.fees_10k_yuan"] == Decimal(0)
    assert notes == [
        ParseNote("unreadable", "proactive.art20_5.licensing",
                  "“3万”的单位“万”与这一格不符，未换算，按0记", "3万"),
        ParseNote("unreadable", "proactive.art20_8.fees_10k_yuan",
                  "“800元”的单位“元”与这一格不符，未换算，按0记", "800元"),
    ]  # fmt: skip


# --- forms -----------------------------------------------------------------------

PROACTIVE_2019 = """二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年新制作数量 本年新公开数量 对外公开总数量
规章 0 0 0
规范性文件 4 4 52
第二十条第（五）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政许可 120 -5 3301
其他对外管理服务事项 15 0 40
第二十条第（六）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政处罚 80 +2 512
行政强制 10 0 7
第二十条第（八）项
信息内容 上一年项目数量 本年增/减
行政事业性收费 6 －1
第二十条第（九）项
信息内容 采购项目数量 采购总金额
政府集中采购 12 356.8
"""


def test_2019_trial_form_is_read_with_its_own_cells() -> None:
    """Three columns per item, signed 本年增/减, procurement in 万元, and （六）其他处理 as
    one row."""
    values = {"new": [5, 0, 0, 0, 0, 0, 5], "granted": [3, 0, 0, 0, 0, 0, 3],
              "other": [2, 0, 0, 0, 0, 0, 2], "total": [5, 0, 0, 0, 0, 0, 5]}  # fmt: skip

    tables, notes = read(report(applications_table(values, form="2019"), PROACTIVE_2019), "2019")

    assert tables["proactive"] == {
        "art20_1.regulation.made": 0,
        "art20_1.regulation.published": 0,
        "art20_1.regulation.total_public": 0,
        "art20_1.normative.made": 4,
        "art20_1.normative.published": 4,
        "art20_1.normative.total_public": 52,
        "art20_5.licensing.previous": 120,
        "art20_5.licensing.change": -5,
        "art20_5.licensing.decisions": 3301,
        "art20_5.other_services.previous": 15,
        "art20_5.other_services.change": 0,
        "art20_5.other_services.decisions": 40,
        "art20_6.penalty.previous": 80,
        "art20_6.penalty.change": 2,
        "art20_6.penalty.decisions": 512,
        "art20_6.coercion.previous": 10,
        "art20_6.coercion.change": 0,
        "art20_6.coercion.decisions": 7,
        "art20_8.fees.previous": 6,
        "art20_8.fees.change": -1,
        "art20_9.procurement.count": 12,
        "art20_9.procurement.amount_10k_yuan": Decimal("356.8"),
    }
    assert nonzero(tables["applications"]) == values
    assert len(tables["applications"]) == 23
    assert tables["review_litigation"] == REVIEW_VALUES
    assert notes == []


def test_negative_count_outside_the_2019_change_columns_is_unreadable() -> None:
    proactive = PROACTIVE_2019.replace("规范性文件 4 4 52", "规范性文件 4 -4 52")

    tables, notes = read(report(applications_table(form="2019"), proactive), "2019")

    assert tables["proactive"]["art20_1.normative.published"] == 0
    assert notes == [
        ParseNote("unreadable", "proactive.art20_1.normative.published",
                  "“-4”是负数，这一格不能为负，按0记", "-4"),
    ]  # fmt: skip


def test_2021_report_printing_other_as_one_row_keeps_only_what_is_certain() -> None:
    """（六）其他处理 printed as the 2019 form's single row: its zero columns are zero in
    the three sub-rows; its 2 cannot be placed in one of them."""
    values = {"new": [5, 0, 0, 0, 0, 0, 5], "granted": [3, 0, 0, 0, 0, 0, 3],
              "other": [2, 0, 0, 0, 0, 0, 2], "total": [5, 0, 0, 0, 0, 0, 5]}  # fmt: skip

    tables, notes = read(report(applications_table(values, form="2019")))

    assert nonzero(tables["applications"]) == {"new": values["new"],
                                               "granted": values["granted"],
                                               "total": values["total"]}  # fmt: skip
    assert len(tables["applications"]) == 25
    tail = "没有分到三个子项，无法确定这一格，按0记"
    messages = {
        "natural_person": f"报告把“（六）其他处理”印成一行（自然人2件），{tail}",
        "total": f"报告把“（六）其他处理”印成一行（总计2件），{tail}",
    }
    assert notes == [
        ParseNote("ambiguous", f"applications.other.{row}.{column}", message)
        for row in ("no_correction", "unpaid_fee", "other")
        for column, message in messages.items()
    ]


# --- what cannot be read -----------------------------------------------------------


def test_cell_that_is_not_a_number_is_unreadable_and_left_zero() -> None:
    table = (
        applications_table()
        .replace("（一）予以公开 2 0 0 0 0 0 2", "（一）予以公开 2 0 — 0 0 0 2")
        .replace("（七）总计 3 1 0 0 0 0 4", "（七）总计 3 1 0 0 1O 0 4")
        .replace("2.重复申请 0 0 0 0 0 0 0", "2.重复申请 0 0 0 0 0 0 1.5")
    )

    tables, notes = read(report(table))

    assert nonzero(tables["applications"]) == APPLICATIONS
    assert notes == [
        ParseNote("unreadable", "applications.granted.research", "无法读取单元格“—”，按0记", "—"),
        ParseNote("unreadable", "applications.not_processed.repeat.total",
                  "“1.5”不是整数，无法读作件数，按0记", "1.5"),
        ParseNote("unreadable", "applications.total.legal_service",
                  "无法读取单元格“1O”，按0记", "1O"),
    ]  # fmt: skip


def test_row_with_too_few_numbers_is_unreadable_and_the_rest_stays_aligned() -> None:
    table = applications_table().replace(
        "（一）予以公开 2 0 0 0 0 0 2", "（一）予以公开 2 0 0 0 0 2"
    )

    tables, notes = read(report(table))

    assert nonzero(tables["applications"]) == {
        row: cells for row, cells in APPLICATIONS.items() if row != "granted"
    }
    message = "“（一）予以公开”一行读到“2 0 0 0 0 2”，无法拆成7个数，按0记"
    assert notes == [
        ParseNote("unreadable", f"applications.granted.{column}", message, "2 0 0 0 0 2")
        for column in ("natural_person", "commercial", "research", "nonprofit",
                       "legal_service", "other_org", "total")
    ]  # fmt: skip


def test_row_without_numbers_is_unreadable() -> None:
    table = applications_table().replace("（一）予以公开 2 0 0 0 0 0 2\n", "")

    tables, notes = read(report(table))

    assert tables["applications"]["partial"]["total"] == 2
    assert [note.cell for note in notes] == [
        f"applications.granted.{column}"
        for column in ("natural_person", "commercial", "research", "nonprofit",
                       "legal_service", "other_org", "total")
    ]  # fmt: skip
    assert {(n.kind, n.message) for n in notes} == {
        ("unreadable", "没有找到“（一）予以公开”一行的数字，按0记")
    }


def test_table_that_is_not_there_is_reported_missing() -> None:
    text = "一、总体情况\n……\n" + PROACTIVE + applications_table() + "五、存在的主要问题\n"

    tables, notes = read(text)

    assert tables["review_litigation"]["reconsideration"]["total"] == 0
    assert notes == [
        ParseNote(
            "missing_table",
            "review_litigation",
            "没有找到“四、政府信息公开行政复议、行政诉讼情况”表，按0记",
        )
    ]


def test_proactive_row_run_together_without_arithmetic_is_ambiguous() -> None:
    """Three counts with nothing relating them: "2130" is 2/1/30, 2/13/0 or 21/3/0.
    "000" can only be 0/0/0."""
    proactive = PROACTIVE.replace("规章 0 0 0", "规章000").replace(
        "行政规范性文件 2 1 30", "行政规范性文件2130"
    )

    tables, notes = read(report(None, proactive))

    assert tables["proactive"] == {
        **PROACTIVE_VALUES,
        "art20_1.normative.issued": 0,
        "art20_1.normative.repealed": 0,
        "art20_1.normative.in_force": 0,
    }
    message = "连写的数字“2130”有3种拆分都说得通（2/1/30；2/13/0；21/3/0），无法确定这一格，按0记"
    assert notes == [
        ParseNote("ambiguous", f"proactive.art20_1.normative.{column}", message, "2130")
        for column in ("issued", "repealed", "in_force")
    ]


def test_review_row_run_together_is_split_by_the_group_totals() -> None:
    review = REVIEW.replace("2 1 0 0 3 1 0 0 0 1 0 0 0 0 0", "25380363300630003")

    tables, notes = read(report(None, review=review))

    assert tables["review_litigation"] == {
        "reconsideration": {"upheld": 25, "corrected": 3, "other": 8, "pending": 0, "total": 36},
        "litigation_direct": {"upheld": 3, "corrected": 3, "other": 0, "pending": 0, "total": 6},
        "litigation_after_review": {"upheld": 3, "corrected": 0, "other": 0, "pending": 0,
                                    "total": 3},
    }  # fmt: skip
    assert notes == []


def test_review_row_that_splits_two_ways_is_ambiguous_only_where_the_splits_differ() -> None:
    review = REVIEW.replace("2 1 0 0 3 1 0 0 0 1 0 0 0 0 0", "11021142003520002")

    tables, notes = read(report(None, review=review))

    assert tables["review_litigation"] == {
        "reconsideration": {"upheld": 0, "corrected": 0, "other": 2, "pending": 1, "total": 14},
        "litigation_direct": {"upheld": 2, "corrected": 0, "other": 0, "pending": 3, "total": 5},
        "litigation_after_review": {"upheld": 2, "corrected": 0, "other": 0, "pending": 0,
                                    "total": 2},
    }  # fmt: skip
    message = (
        "连写的数字“11021142003520002”有2种拆分都说得通"
        "（1/10/2/1/14/2/0/0/3/5/2/0/0/0/2；11/0/2/1/14/2/0/0/3/5/2/0/0/0/2），"
        "无法确定这一格，按0记"
    )
    assert notes == [
        ParseNote("ambiguous", f"review_litigation.reconsideration.{column}", message,
                  "11021142003520002")
        for column in ("upheld", "corrected")
    ]  # fmt: skip


def test_stray_number_next_to_the_review_row_is_dropped_when_only_one_choice_adds_up() -> None:
    """A stray "7" before the row: keeping it breaks 复议 (7 + 2 + 1 + 0 ≠ 0), dropping
    it does not."""
    review = REVIEW.replace("2 1 0 0 3 1", "7\n2 1 0 0 3 1")

    tables, notes = read(report(None, review=review))

    assert tables["review_litigation"] == REVIEW_VALUES
    assert notes == []


def test_review_row_with_too_many_numbers_is_unreadable() -> None:
    review = REVIEW.replace("2 1 0 0 3 1 0 0 0 1 0 0 0 0 0", "2 1 0 0 3 1 0 0 0 1 0 0 0 0 0 9 9 9")

    tables, notes = read(report(None, review=review))

    assert tables["review_litigation"]["reconsideration"]["upheld"] == 0
    message = "应有15个数，读到“2 1 0 0 3 1 0 0 0 1 0 0 0 0 0 9 9 9”，无法确定各格，按0记"
    assert len(notes) == 15
    assert {(n.kind, n.message, n.text) for n in notes} == {
        ("unreadable", message, "2 1 0 0 3 1 0 0 0 1 0 0 0 0 0 9 9 9")
    }
