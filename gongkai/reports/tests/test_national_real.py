"""Every cell of tables 二, 三 and 四 of three real published reports (form 2021).

The expected values were written by hand from the documents in shared/reports, not
copied from the parser: for each report the non-zero cells, every other cell 0, and the
exact notes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gongkai.reports.parse import parse_text
from gongkai.reports.result import ParsedReport, ParseNote
from gongkai.reports.tests.material import HONGZE_2023, PINGTAN_2025, SHANGHAI_2024

COLUMNS = ("natural_person", "commercial", "research", "nonprofit", "legal_service",
           "other_org", "total")  # fmt: skip
REVIEW = ("upheld", "corrected", "other", "pending", "total")


def _row(*numbers: int) -> dict[str, int]:
    return dict(zip(COLUMNS, numbers, strict=True))


def _only_person(count: int) -> dict[str, int]:
    """A row with ``count`` applications from natural persons and none from others."""
    return _row(count, 0, 0, 0, 0, 0, count)


def _group(*numbers: int) -> dict[str, int]:
    return dict(zip(REVIEW, numbers, strict=True))


def _cells(report: ParsedReport) -> dict[str, Any]:
    """Every cell of the three tables by its dotted path."""
    tables = report.tables
    cells: dict[str, Any] = {f"proactive.{code}": v for code, v in tables["proactive"].items()}
    for row, columns in tables["applications"].items():
        cells.update({f"applications.{row}.{column}": v for column, v in columns.items()})
    for group, columns in tables["review_litigation"].items():
        cells.update({f"review_litigation.{group}.{column}": v for column, v in columns.items()})
    return cells


def _expected(
    proactive: dict[str, Any],
    applications: dict[str, dict[str, int]],
    review: dict[str, dict[str, int]],
    all_cells: dict[str, Any],
) -> dict[str, Any]:
    """The report's full cell map: the given non-zero cells, 0 everywhere else."""
    expected = {path: Decimal(0) if isinstance(v, Decimal) else 0 for path, v in all_cells.items()}
    expected.update({f"proactive.{code}": value for code, value in proactive.items()})
    for row, columns in applications.items():
        expected.update({f"applications.{row}.{c}": v for c, v in columns.items() if v})
    for group, columns in review.items():
        expected.update({f"review_litigation.{group}.{c}": v for c, v in columns.items() if v})
    return expected


def _assert_cells(report: ParsedReport, expected: dict[str, Any]) -> None:
    cells = _cells(report)
    assert len(cells) == 10 + 25 * 7 + 15
    assert set(cells) == set(expected)
    wrong = {path: (cells[path], want) for path, want in expected.items() if cells[path] != want}
    assert wrong == {}
    money = {path for path, value in cells.items() if isinstance(value, Decimal)}
    assert money == {"proactive.art20_8.fees_10k_yuan"}


def test_hongze_2023_pdf_text_layer_is_read_cell_by_cell() -> None:
    """Labels split around their numbers, numbers printed before their labels, page
    footers inside the tables, （六）其他处理 printed as one row (all 0). Table 四 is read
    as printed, with the publisher's own errors: 复议 总计 0 beside 维持 10 + 纠正 1, and
    复议后起诉 总计 0 beside 维持 5."""
    report = parse_text(HONGZE_2023.read_text(encoding="utf-8"))

    assert (report.form, report.year) == ("2021", 2023)
    expected = _expected(
        proactive={
            "art20_1.normative.repealed": 5,
            "art20_1.normative.in_force": 5,
            "art20_5.licensing": 550,
            "art20_6.penalty": 4119,
            "art20_6.coercion": 195,
            "art20_8.fees_10k_yuan": Decimal("7730.28"),
        },
        applications={
            "new": _only_person(21),
            "partial": _only_person(4),
            "refused.state_secret": _only_person(1),
            "refused.process_info": _only_person(1),
            "refused.enforcement_file": _only_person(1),
            "unavailable.not_held": _only_person(10),
            "unavailable.needs_creation": _only_person(3),
            "not_processed.petition": _only_person(1),
            "total": _only_person(21),
        },
        review={
            "reconsideration": _group(10, 1, 0, 0, 0),
            "litigation_after_review": _group(5, 0, 0, 0, 0),
        },
        all_cells=_cells(report),
    )
    _assert_cells(report, expected)
    assert report.notes == []


PINGTAN_SPLITS = "5/8/45546；5/84/5546；5/845/546；5/8455/46；5/84554/6；58/4/5546；……"
PINGTAN_NOTE = f"连写的数字“5845546”有15种拆分都说得通（{PINGTAN_SPLITS}），无法确定这一格，按0记"


def test_pingtan_2025_run_together_cells_are_split_by_the_form_arithmetic() -> None:
    """A web page that printed every row's cells with no separator: 15130000154 is
    151/3/0/0/0/0/154 (the only split whose 总计 is the sum of the six columns), and
    330000033 (33/0/…/33 or 3/30/…/33) is settled by the 商业企业 column (3 + 0 = 1 + 2).
    The table-二 row 行政规范性文件5845546 is three counts with no arithmetic between
    them: 15 splits fit, so the cells are ambiguous, left 0. 行政事业性收费4166.241619 is
    one cell, a fee to the fen in 万元."""
    report = parse_text(PINGTAN_2025.read_text(encoding="utf-8"))

    assert (report.form, report.year) == ("2021", 2025)
    expected = _expected(
        proactive={
            "art20_5.licensing": 2418,
            "art20_6.penalty": 644,
            "art20_6.coercion": 64,
            "art20_8.fees_10k_yuan": Decimal("4166.241619"),
        },
        applications={
            "new": _row(151, 3, 0, 0, 0, 0, 154),
            "granted": _only_person(33),
            "partial": _only_person(38),
            "refused.internal_affairs": _only_person(3),
            "refused.process_info": _only_person(2),
            "refused.enforcement_file": _only_person(3),
            "refused.query_procedure": _only_person(3),
            "unavailable.not_held": _row(49, 1, 0, 0, 0, 0, 50),
            "unavailable.needs_creation": _only_person(3),
            "not_processed.petition": _only_person(2),
            "other.no_correction": _only_person(8),
            "other.unpaid_fee": _only_person(2),
            "other.other": _only_person(1),
            "total": _row(147, 1, 0, 0, 0, 0, 148),
            "carried_forward": _row(4, 2, 0, 0, 0, 0, 6),
        },
        review={
            "reconsideration": _group(25, 3, 8, 0, 36),
            "litigation_direct": _group(3, 3, 0, 0, 6),
            "litigation_after_review": _group(3, 0, 0, 0, 3),
        },
        all_cells=_cells(report),
    )
    _assert_cells(report, expected)
    assert report.notes == [
        ParseNote("ambiguous", f"proactive.art20_1.normative.{column}", PINGTAN_NOTE, "5845546")
        for column in ("issued", "repealed", "in_force")
    ]


def test_shanghai_2024_markdown_with_detached_labels_is_read_in_row_order() -> None:
    """Markdown rows whose labels were left as loose lines, a stray "1" between two rows,
    an empty header row, a trailing empty column, table 二's first block printed apart
    as a markdown table (规范性文件, not 行政规范性文件), sections numbered 一/二/三
    instead of 二/三/四. The 总计 cell of 四、结转下年度继续办理 is empty although the row
    holds 1 (and 34 + 2 = 35 + 1): it reads as 0 but is reported, not trusted."""
    report = parse_text(SHANGHAI_2024.read_text(encoding="utf-8"))

    assert (report.form, report.year) == ("2021", 2024)
    expected = _expected(
        proactive={
            "art20_1.normative.issued": 13,
            "art20_1.normative.in_force": 55,
            "art20_5.licensing": 97,
        },
        applications={
            "new": _row(32, 2, 0, 0, 0, 0, 34),
            "carried_over": _only_person(2),
            "granted": _only_person(9),
            "refused.internal_affairs": _only_person(1),
            "refused.process_info": _only_person(1),
            "unavailable.not_held": _only_person(4),
            "unavailable.needs_creation": _only_person(6),
            "other.no_correction": _row(8, 2, 0, 0, 0, 0, 10),
            "other.other": _only_person(4),
            "total": _row(33, 2, 0, 0, 0, 0, 35),
            "carried_forward": _row(1, 0, 0, 0, 0, 0, 0),
        },
        review={"reconsideration": _group(1, 0, 0, 0, 1)},
        all_cells=_cells(report),
    )
    _assert_cells(report, expected)
    assert report.notes == [
        ParseNote(
            "unreadable",
            "applications.carried_forward.total",
            "单元格为空，但按合计关系应为1，可能是转换时丢失了数字，无法确定，按0记",
        )
    ]
