"""The legacy 统计表 reader on the mess that real report text brings, one kind at a time.

TABLE is the 2014 form as printed (rules.md §3) with a different value in every row, so
a value read for the wrong row shows up; each test changes one thing about it."""

from __future__ import annotations

from decimal import Decimal

from gongkai.reports.legacy import parse_legacy
from gongkai.reports.result import ParseNote

HEADER = ("统计指标", "单位", "统计数")
TABLE: list[tuple[str, str, str]] = [
    ("一、主动公开情况", "", ""),
    ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", "101"),
    ("其中：主动公开规范性文件数", "条", "102"),
    ("制发规范性文件总数", "件", "103"),
    ("（二）通过不同渠道和方式公开政府信息的情况", "", ""),
    ("1.政府公报公开政府信息数", "条", "104"),
    ("2.政府网站公开政府信息数", "条", "105"),
    ("3.政务微博公开政府信息数", "条", "106"),
    ("4.政务微信公开政府信息数", "条", "107"),
    ("5.其他方式公开政府信息数", "条", "108"),
    ("二、回应解读情况", "", ""),
    ("（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次", "109"),
    ("（二）通过不同渠道和方式回应解读的情况", "", ""),
    ("1.参加或举办新闻发布会总次数", "次", "110"),
    ("其中：主要负责同志参加新闻发布会次数", "次", "111"),
    ("2.政府网站在线访谈次数", "次", "112"),
    ("其中：主要负责同志参加政府网站在线访谈次数", "次", "113"),
    ("3.政策解读稿件发布数", "篇", "114"),
    ("4.微博微信回应事件数", "次", "115"),
    ("5.其他方式回应事件数", "次", "116"),
    ("三、依申请公开情况", "", ""),
    ("（一）收到申请数", "件", "117"),
    ("1.当面申请数", "件", "118"),
    ("2.传真申请数", "件", "119"),
    ("3.网络申请数", "件", "120"),
    ("4.信函申请数", "件", "121"),
    ("（二）申请办结数", "件", "122"),
    ("1.按时办结数", "件", "123"),
    ("2.延期办结数", "件", "124"),
    ("（三）申请答复数", "件", "125"),
    ("1.属于已主动公开范围数", "件", "126"),
    ("2.同意公开答复数", "件", "127"),
    ("3.同意部分公开答复数", "件", "128"),
    ("4.不同意公开答复数", "件", "129"),
    ("其中：涉及国家秘密", "件", "130"),
    ("涉及商业秘密", "件", "131"),
    ("涉及个人隐私", "件", "132"),
    ("危及国家安全、公共安全、经济安全和社会稳定", "件", "133"),
    ("不是《条例》所指政府信息", "件", "134"),
    ("法律法规规定的其他情形", "件", "135"),
    ("5.不属于本行政机关公开数", "件", "136"),
    ("6.申请信息不存在数", "件", "137"),
    ("7.告知作出更改补充数", "件", "138"),
    ("8.告知通过其他途径办理数", "件", "139"),
    ("四、行政复议数量", "件", "140"),
    ("（一）维持具体行政行为数", "件", "141"),
    ("（二）被依法纠错数", "件", "142"),
    ("（三）其他情形数", "件", "143"),
    ("五、行政诉讼数量", "件", "144"),
    ("（一）维持具体行政行为或者驳回原告诉讼请求数", "件", "145"),
    ("（二）被依法纠错数", "件", "146"),
    ("（三）其他情形数", "件", "147"),
    ("六、举报投诉数量", "件", "148"),
    ("七、依申请公开信息收取的费用", "万元", "12.5"),
    ("八、机构建设和保障经费情况", "", ""),
    ("（一）政府信息公开工作专门机构数", "个", "150"),
    ("（二）设置政府信息公开查阅点数", "个", "151"),
    ("（三）从事政府信息公开工作人员数", "人", "152"),
    ("1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", "153"),
    ("2.兼职人员数", "人", "154"),
    (
        "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面经费）",
        "万元",
        "30.25",
    ),
    ("九、政府信息公开会议和培训情况", "", ""),
    ("（一）召开政府信息公开工作会议或专题会议数", "次", "156"),
    ("（二）举办各类培训班数", "次", "157"),
    ("（三）接受培训人员数", "人次", "158"),
]
EXPECTED = {
    "1.1": 101, "1.1a": 102, "1.1b": 103,
    "1.2.1": 104, "1.2.2": 105, "1.2.3": 106, "1.2.4": 107, "1.2.5": 108,
    "2.1": 109, "2.2.1": 110, "2.2.1a": 111, "2.2.2": 112, "2.2.2a": 113,
    "2.2.3": 114, "2.2.4": 115, "2.2.5": 116,
    "3.1": 117, "3.1.1": 118, "3.1.2": 119, "3.1.3": 120, "3.1.4": 121,
    "3.2": 122, "3.2.1": 123, "3.2.2": 124,
    "3.3": 125, "3.3.1": 126, "3.3.2": 127, "3.3.3": 128, "3.3.4": 129,
    "3.3.4a": 130, "3.3.4b": 131, "3.3.4c": 132, "3.3.4d": 133, "3.3.4e": 134, "3.3.4f": 135,
    "3.3.5": 136, "3.3.6": 137, "3.3.7": 138, "3.3.8": 139,
    "4": 140, "4.1": 141, "4.2": 142, "4.3": 143,
    "5": 144, "5.1": 145, "5.2": 146, "5.3": 147,
    "6": 148, "7": Decimal("12.5"),
    "8.1": 150, "8.2": 151, "8.3": 152, "8.3.1": 153, "8.3.2": 154, "8.4": Decimal("30.25"),
    "9.1": 156, "9.2": 157, "9.3": 158,
}  # fmt: skip
MISSING_TABLE = (
    "没有找到2014年格式的《政府信息公开情况统计表》（统计指标 / 单位 / 统计数），统计表各项记为 0"
)


def tab_rows(table: list[tuple[str, str, str]], header: bool = True) -> str:
    """One row per line, cells separated by tabs (text copied from a PDF or a web page)."""
    rows = ([HEADER] if header else []) + table
    return "\n".join("\t".join(row) for row in rows) + "\n"


def cell_lines(table: list[tuple[str, str, str]]) -> str:
    """One cell per line, blank lines for blank cells (a PDF converter's output)."""
    return "\n".join(cell for row in [HEADER, *table] for cell in row) + "\n"


def changed(label: str, unit: str, value: str) -> list[tuple[str, str, str]]:
    """TABLE with the row printed as ``label`` given a new unit and value cell."""
    rows = [row for row in TABLE if row[0] == label]
    assert len(rows) == 1, label
    return [(label, unit, value) if row[0] == label else row for row in TABLE]


def full_width(text: str) -> str:
    return text.translate({code: code + 0xFEE0 for code in range(0x21, 0x7F)})


def rows_of(text: str) -> dict[str, object]:
    tables, notes = parse_legacy(text)
    assert notes == []
    return dict(tables["rows"])


def test_tab_separated_table_gives_every_row():
    assert rows_of(tab_rows(TABLE)) == EXPECTED


def test_full_width_digits_brackets_and_colons_are_read():
    table = [(full_width(label), unit, full_width(value)) for label, unit, value in TABLE]

    assert (table[5][0], table[5][2]) == ("１．政府公报公开政府信息数", "１０４")
    assert rows_of(tab_rows(table)) == EXPECTED


def test_half_width_brackets_and_colons_are_read():
    table = [
        (label.replace("（", "(").replace("）", ")").replace("：", ":"), unit, value)
        for label, unit, value in TABLE
    ]

    assert rows_of(tab_rows(table)) == EXPECTED


def test_blank_value_cell_is_zero():
    table = changed("（二）申请办结数", "件", "")
    text = tab_rows(table)

    assert "（二）申请办结数\t件\t\n" in text
    assert rows_of(text) == {**EXPECTED, "3.2": 0}


def test_blank_value_cell_with_its_tab_trimmed_is_zero():
    text = tab_rows(changed("（二）申请办结数", "件", "")).replace(
        "申请办结数\t件\t\n", "申请办结数\t件\n"
    )

    assert rows_of(text) == {**EXPECTED, "3.2": 0}


def test_blank_money_cell_is_decimal_zero():
    rows = rows_of(tab_rows(changed("七、依申请公开信息收取的费用", "万元", "")))

    assert rows["7"] == 0 and type(rows["7"]) is Decimal


def test_one_cell_per_line_layout_gives_every_row():
    assert rows_of(cell_lines(TABLE)) == EXPECTED


def test_one_cell_per_line_blank_value_is_zero():
    text = cell_lines(changed("1.按时办结数", "件", ""))

    assert "1.按时办结数\n件\n\n2.延期办结数" in text
    assert rows_of(text) == {**EXPECTED, "3.2.1": 0}


def test_one_cell_per_line_without_unit_column_gives_every_row():
    text = "\n".join(cell for label, _, value in TABLE for cell in (label, value))

    assert rows_of("统计指标\n统计数\n" + text) == EXPECTED


def test_table_flattened_to_one_line_with_spaces_gives_every_row():
    text = " ".join(" ".join(cell for cell in row if cell) for row in [HEADER, *TABLE])

    assert "\n" not in text
    assert rows_of(text) == EXPECTED


def test_page_footer_and_repeated_title_and_header_inside_the_table_are_ignored():
    page_break = (
        "5.其他方式回应事件数\t次\t116\n"
        "- 3 -\n"
        "第 3 页 共 5 页\n"
        "中卫市沙坡头区2018年度政府信息公开情况统计表\n"
        "统计指标\t单位\t统计数\n"
    )
    text = tab_rows(TABLE).replace("5.其他方式回应事件数\t次\t116\n", page_break)

    assert rows_of(text) == EXPECTED


def test_page_number_between_a_wrapped_label_is_ignored():
    text = tab_rows(TABLE).replace(
        "1.专职人员数（不包括政府公报及政府网站工作人员数）",
        "1.专职人员数（不包括政府公报及政府网\n— 4 —\n站工作人员数）",
    )

    assert rows_of(text) == EXPECTED


def test_label_wrapped_over_two_lines_is_read():
    text = tab_rows(TABLE).replace(
        "（四）政府信息公开专项经费（不包括用于", "（四）政府信息公开专项经费（不包括用于\n"
    )

    assert "（不包括用于\n政府公报编辑管理" in text
    assert rows_of(text) == EXPECTED


def test_seed_style_spaces_inside_labels_are_read():
    text = (
        tab_rows(TABLE)
        .replace("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）",
                 "(一) 主动公开政府信息数 (不同渠道和方式公开相同信息计 1 条)")
        .replace("1.专职人员数", "1. 专职人员数")
        .replace("其中：主动公开规范性文件数", "其中: 主动公开规范性文件数")
    )  # fmt: skip

    assert rows_of(text) == EXPECTED


def test_value_printed_between_the_two_halves_of_a_wrapped_label_is_read():
    # A PDF whose label cell wraps, with unit and value centred beside it.
    text = tab_rows(TABLE).replace(
        "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）\t条\t101",
        "（一）主动公开政府信息数（不同渠道和方式\n条\t101\n公开相同信息计1条）",
    )

    assert rows_of(text) == EXPECTED


def test_small_label_wording_variants_are_read():
    variants = [
        ("（不同渠道和方式公开相同信息计1条）", ""),  # the note left out
        ("1.政府公报", "1、政府公报"),
        ("3.网络申请数", "3.网上申请数"),
        ("不是《条例》所指", "不是条例所指"),
        ("国家安全、公共安全、经济安全", "国家安全，公共安全，经济安全"),
        ("四、行政复议数量", "四、行政复议数"),
        ("六、举报投诉数量", "六、举报投诉数"),
        ("（二）设置政府信息公开查阅点数", "（二）政府信息公开查阅点数"),
        ("建设维护等方面经费）", "建设维护等方面的经费）"),
    ]
    text = tab_rows(TABLE)
    for printed, variant in variants:
        assert printed in text
        text = text.replace(printed, variant)

    assert rows_of(text) == EXPECTED


def test_unit_typed_into_a_count_cell_is_stripped_with_a_note():
    tables, notes = parse_legacy(tab_rows(changed("1.当面申请数", "件", "3 件")))

    assert tables["rows"] == {**EXPECTED, "3.1.1": 3}
    assert notes == [
        ParseNote(
            "unit_stripped",
            "rows.3.1.1",
            "“1.当面申请数”的统计数写成了“3 件”，已去掉单位“件”，按 3 件读取",
            "3 件",
        )
    ]


def test_wan_yuan_typed_into_a_money_cell_is_stripped_with_a_note():
    label = "七、依申请公开信息收取的费用"
    tables, notes = parse_legacy(tab_rows(changed(label, "万元", "0.8万元")))

    assert tables["rows"] == {**EXPECTED, "7": Decimal("0.8")}
    assert notes == [
        ParseNote(
            "unit_stripped",
            "rows.7",
            "“七、依申请公开信息收取的费用”的统计数写成了“0.8万元”，"
            "已去掉单位“万元”，按 0.8 万元读取",
            "0.8万元",
        )
    ]


def test_value_that_cannot_be_read_is_zero_with_a_note():
    tables, notes = parse_legacy(tab_rows(changed("（二）申请办结数", "件", "约10")))

    assert tables["rows"] == {**EXPECTED, "3.2": 0}
    assert notes == [
        ParseNote(
            "unreadable", "rows.3.2", "无法读取“（二）申请办结数”的统计数“约10”，记为 0", "约10"
        )
    ]


def test_fraction_in_a_count_cell_is_zero_with_a_note():
    tables, notes = parse_legacy(tab_rows(changed("1.按时办结数", "件", "3.5")))

    assert tables["rows"]["3.2.1"] == 0
    assert notes == [
        ParseNote(
            "unreadable",
            "rows.3.2.1",
            "“1.按时办结数”的统计数“3.5”不是整数，无法读取，记为 0",
            "3.5",
        )
    ]


def test_yuan_in_a_wan_yuan_cell_is_not_converted_but_noted():
    label = "七、依申请公开信息收取的费用"
    tables, notes = parse_legacy(tab_rows(changed(label, "万元", "500元")))

    assert tables["rows"]["7"] == 0
    assert notes == [
        ParseNote(
            "unreadable",
            "rows.7",
            "无法读取“七、依申请公开信息收取的费用”的统计数“500元”，记为 0",
            "500元",
        )
    ]


def test_thousands_separators_are_read():
    table = changed("2.政府网站公开政府信息数", "条", "10,947")
    table = [
        (label, unit, "１，２３３" if label == "4.政务微信公开政府信息数" else value)
        for label, unit, value in table
    ]

    assert rows_of(tab_rows(table)) == {**EXPECTED, "1.2.2": 10947, "1.2.4": 1233}


def test_dash_or_none_in_a_value_cell_means_zero():
    table = changed("2.传真申请数", "件", "—")
    table = [
        (label, unit, "无" if label == "4.信函申请数" else value) for label, unit, value in table
    ]

    assert rows_of(tab_rows(table)) == {**EXPECTED, "3.1.2": 0, "3.1.4": 0}


def test_table_without_column_header_starts_at_its_first_row_not_at_the_prose():
    prose = "二、主动公开政府信息情况\n（一）主动公开政府信息数 52 条。2018年共收到申请数 3 件。\n"

    assert rows_of(prose + tab_rows(TABLE, header=False)) == EXPECTED


def test_text_without_the_table_has_all_zero_rows_and_a_missing_table_note():
    text = "2018年主动公开政府信息 10947 条，收到申请数 3 件，均已按时办结。"

    tables, notes = parse_legacy(text)

    assert tables["rows"] == dict.fromkeys(EXPECTED, 0)
    assert notes == [ParseNote("missing_table", "rows", MISSING_TABLE)]


def test_rows_an_older_edition_lacks_are_zero_with_a_note_each():
    # Editions before 2017 have no 回应解读 section.
    table = TABLE[:10] + TABLE[20:]
    tables, notes = parse_legacy(tab_rows(table))

    absent = ["2.1", "2.2.1", "2.2.1a", "2.2.2", "2.2.2a", "2.2.3", "2.2.4", "2.2.5"]
    assert tables["rows"] == {**EXPECTED, **dict.fromkeys(absent, 0)}
    assert [(note.kind, note.cell) for note in notes] == [
        ("unreadable", f"rows.{c}") for c in absent
    ]
    assert notes[0].message == (
        "统计表中没有找到“（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）”"
        "这一行，记为 0"
    )


def test_missing_row_does_not_take_the_value_of_a_later_row_with_the_same_wording():
    # 四（二）is missing; 五（二）被依法纠错数 must stay with row 5.2.
    table = [row for row in TABLE if row[2] != "142"]

    tables, notes = parse_legacy(tab_rows(table))

    assert tables["rows"] == {**EXPECTED, "4.2": 0}
    assert notes == [
        ParseNote("unreadable", "rows.4.2", "统计表中没有找到“（二）被依法纠错数”这一行，记为 0")
    ]


def test_two_numbers_after_a_label_in_one_cell_per_line_layout_are_ambiguous():
    # A bare page number landed between the unit and the value.
    text = cell_lines(TABLE).replace("1.当面申请数\n件\n118\n", "1.当面申请数\n件\n7\n118\n")

    tables, notes = parse_legacy(text)

    assert tables["rows"] == {**EXPECTED, "3.1.1": 0}
    assert notes == [
        ParseNote(
            "ambiguous",
            "rows.3.1.1",
            "“1.当面申请数”的统计数不能确定：这一行之后有多个数（7、118），记为 0",
            "7、118",
        )
    ]
