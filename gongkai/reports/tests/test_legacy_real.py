"""Reading real legacy-era reports: the project seed (沙坡头区 2018, national 2014 form)
and 平潭 2014 (Fujian's local table). Expected values are typed from the documents."""

from __future__ import annotations

import html
import io
import time
from decimal import Decimal

from docx import Document

from gongkai.reports.parse import parse_report, parse_text
from gongkai.reports.result import ParseNote
from gongkai.reports.tests.material import PINGTAN_2014_LOCAL, SEED

# The seed's 统计表, row by row as printed (统计数 column).
SEED_ROWS = {
    "1.1": 10947,
    "1.1a": 15,
    "1.1b": 15,
    "1.2.1": 52,
    "1.2.2": 4876,
    "1.2.3": 894,
    "1.2.4": 1233,
    "1.2.5": 3892,
    "2.1": 58,
    "2.2.1": 7,
    "2.2.1a": 7,
    "2.2.2": 0,
    "2.2.2a": 0,
    "2.2.3": 19,
    "2.2.4": 5,
    "2.2.5": 2525,
    "3.1": 3,
    "3.1.1": 0,
    "3.1.2": 0,
    "3.1.3": 3,
    "3.1.4": 0,
    "3.2": 3,
    "3.2.1": 2,
    "3.2.2": 1,
    "3.3": 3,
    "3.3.1": 2,
    "3.3.2": 0,
    "3.3.3": 0,
    "3.3.4": 0,
    "3.3.4a": 0,
    "3.3.4b": 0,
    "3.3.4c": 0,
    "3.3.4d": 0,
    "3.3.4e": 0,
    "3.3.4f": 0,
    "3.3.5": 1,
    "3.3.6": 0,
    "3.3.7": 0,
    "3.3.8": 0,
    "4": 0,
    "4.1": 0,
    "4.2": 0,
    "4.3": 0,
    "5": 0,
    "5.1": 0,
    "5.2": 0,
    "5.3": 0,
    "6": 0,
    "7": Decimal("0"),
    "8.1": 1,
    "8.2": 26,
    "8.3": 32,
    "8.3.1": 2,
    "8.3.2": 30,
    "8.4": Decimal("5"),  # printed "5 万" in the 万元 column
    "9.1": 2,
    "9.2": 7,
    "9.3": 380,
}
SEED_NOTE = ParseNote(
    "unit_stripped",
    "rows.8.4",
    "“（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面经费）”"
    "的统计数写成了“5 万”，已去掉单位“万”，按 5 万元读取",
    "5 万",
)


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def test_seed_is_read_as_the_2014_form_of_shapotou_2018():
    report = parse_text(seed_text(), source=SEED.name)

    assert (report.form, report.year, report.agency) == ("2014", 2018, "中卫市沙坡头区")


def test_seed_every_row_has_the_printed_value():
    report = parse_text(seed_text())

    assert report.tables == {"rows": SEED_ROWS}


def test_seed_money_cells_are_decimals_and_counts_are_integers():
    rows = parse_text(seed_text()).tables["rows"]

    assert type(rows["8.4"]) is Decimal
    assert type(rows["7"]) is Decimal
    assert type(rows["1.1"]) is int


def test_seed_five_wan_in_the_funds_cell_is_stripped_with_the_only_note():
    report = parse_text(seed_text())

    assert report.notes == [SEED_NOTE]


def test_seed_json_gives_money_as_decimal_strings():
    payload = parse_text(seed_text()).as_json()

    assert (payload["rows"]["8.4"], payload["rows"]["7"], payload["rows"]["9.3"]) == ("5", "0", 380)


def test_seed_is_parsed_in_well_under_ten_milliseconds():
    text = seed_text()
    timings = []
    for _ in range(10):
        start = time.perf_counter()
        parse_text(text)
        timings.append(time.perf_counter() - start)

    assert min(timings) < 0.010


def _seed_parts() -> tuple[list[str], list[list[str]]]:
    """The seed's prose paragraphs and its 统计表's rows of cells."""
    prose, header, table = seed_text().partition("统计指标")
    paragraphs = [line for line in prose.split("\n") if line.strip()]
    return paragraphs, [line.split("\t") for line in (header + table).split("\n") if line.strip()]


def _seed_as_docx() -> bytes:
    """The seed as a Word file: its prose as paragraphs, its 统计表 as a real table."""
    paragraphs, rows = _seed_parts()
    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    word_table = document.add_table(rows=len(rows), cols=3)
    for word_row, cells in zip(word_table.rows, rows, strict=True):
        for word_cell, text in zip(word_row.cells, cells, strict=False):
            word_cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_seed_as_a_word_table_gives_the_same_rows_and_note_as_the_text():
    report = parse_report(_seed_as_docx(), "沙坡头区2018年报.docx")

    assert (report.form, report.year, report.agency) == ("2014", 2018, "中卫市沙坡头区")
    assert report.tables == {"rows": SEED_ROWS}
    assert report.notes == [SEED_NOTE]


def _seed_as_html() -> str:
    paragraphs, rows = _seed_parts()
    body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    cells = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<html><body>{body}<table border='1'>{cells}</table></body></html>"


def test_seed_as_a_web_page_gives_the_same_rows_and_note_as_the_text():
    report = parse_report(_seed_as_html().encode("utf-8"), "沙坡头区2018年报.html")

    assert (report.form, report.year, report.agency) == ("2014", 2018, "中卫市沙坡头区")
    assert report.tables == {"rows": SEED_ROWS}
    assert report.notes == [SEED_NOTE]


def test_seed_as_a_pdf_with_wrapping_label_cells_gives_the_same_rows_and_note():
    from weasyprint import HTML

    style = (
        "<style>@page { size: A4; margin: 2cm } body { font-family: 'Noto Sans CJK SC';"
        " font-size: 10pt } td { border: 1px solid black } td:first-child { width: 6cm }"
        "</style>"
    )
    pdf = HTML(string=_seed_as_html().replace("<body>", style + "<body>")).write_pdf()

    report = parse_report(pdf, "沙坡头区2018年报.pdf")

    assert (report.form, report.year, report.agency) == ("2014", 2018, "中卫市沙坡头区")
    assert report.tables == {"rows": SEED_ROWS}
    assert report.notes == [SEED_NOTE]


def test_pingtan_2014_local_table_is_recognised_but_not_read_as_the_national_form():
    report = parse_text(PINGTAN_2014_LOCAL.read_text(encoding="utf-8"))

    assert (report.form, report.year, report.agency) == ("local", 2014, "平潭综合实验区管委会")
    assert report.tables == {}
    assert report.notes == [
        ParseNote(
            "local_form",
            "",
            "该报告的统计表是地方自定格式（如“指标名称/计量单位/本年度/历年累计”），"
            "不是国家统一格式，未按国家格式读取表格；正文检查仍然进行",
        )
    ]
