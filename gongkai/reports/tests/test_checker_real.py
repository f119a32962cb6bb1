"""The checker on real published reports (shared/reports/README.md lists the known
problems of each).

Two kinds of test:
- through :func:`parse_text`, as `gongkai report check` runs: the expected findings are
  the problems the README names, nothing more;
- the prose checks on the raw texts against tables typed by hand from the documents,
  so that no sentence of a real report raises a false warning whatever the parsers do.
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.reports.checker import Finding, check_report, check_series
from gongkai.reports.formspec import APPLICANT_CODES, REVIEW_COLUMNS, empty_tables
from gongkai.reports.parse import parse_text
from gongkai.reports.result import ParsedReport
from gongkai.reports.tests.material import (
    HONGZE_2023,
    PINGTAN_2014_LOCAL,
    PINGTAN_2025,
    SEED,
    SHANGHAI_2024,
)

HONGZE_ERRORS = [
    "行政复议：总计 0 ≠ 结果维持 10 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 = 11",
    "行政诉讼 · 复议后起诉：总计 0 ≠ 结果维持 5 + 结果纠正 0 + 其他结果 0 + 尚未审结 0 = 5",
]
SEED_ON_TIME = "正文称按时办结（“按时办结完毕”），但统计表“2.延期办结数”为 1（“1.按时办结数”为 2）"


def errors(findings: list[Finding]) -> list[str]:
    return [f.message for f in findings if f.severity == "error"]


def text_findings(findings: list[Finding]) -> list[str]:
    return [f.message for f in findings if f.rule.startswith("text.")]


# --- through the parsers ------------------------------------------------------------


def test_hongze_2023_review_totals_printed_as_zero_are_the_only_errors():
    findings = check_report(parse_text(HONGZE_2023.read_text(), HONGZE_2023.name))
    assert errors(findings) == HONGZE_ERRORS
    assert [f.rule for f in findings if f.severity == "error"] == ["review.group_total"] * 2
    assert text_findings(findings) == []


def test_pingtan_2025_has_no_error_and_its_prose_agrees_with_its_tables():
    findings = check_report(parse_text(PINGTAN_2025.read_text(), PINGTAN_2025.name))
    assert errors(findings) == []
    assert text_findings(findings) == []


def test_seed_unit_in_a_money_cell_and_on_time_claim_are_flagged():
    findings = check_report(parse_text(SEED.read_text(), SEED.name))
    assert sorted((f.severity, f.rule, f.cells) for f in findings) == [
        ("warning", "text.on_time", ("rows.3.2.2", "rows.3.2.1")),
        # README: "5 万" is typed into the 万元 cell of row 八（四） (rows.8.4); row 七 is 0.
        ("warning", "unit", ("rows.8.4",)),
    ]
    on_time = next(f for f in findings if f.rule == "text.on_time")
    assert on_time.message == SEED_ON_TIME
    assert "按时办结完毕" in on_time.sentence


def test_shanghai_2024_has_no_table_error_and_its_prose_agrees_with_its_tables():
    findings = check_report(parse_text(SHANGHAI_2024.read_text(), SHANGHAI_2024.name))
    assert errors(findings) == []
    assert text_findings(findings) == []


def test_pingtan_2014_local_table_gives_no_finding():
    assert check_report(parse_text(PINGTAN_2014_LOCAL.read_text(), PINGTAN_2014_LOCAL.name)) == []


def test_reports_of_different_agencies_are_not_compared_across_years():
    reports = [
        parse_text(path.read_text(), path.name) for path in (HONGZE_2023, PINGTAN_2025, SEED)
    ]
    assert check_series(reports) == []


# --- the prose against tables typed from the documents ------------------------------


def _apps(tables: dict, row: str, *values: int) -> None:
    tables["applications"][row].update(zip(APPLICANT_CODES, values, strict=True))


def _review(tables: dict, group: str, *values: int) -> None:
    codes = [code for code, _ in REVIEW_COLUMNS]
    tables["review_litigation"][group].update(zip(codes, values, strict=True))


def _typed(path, form: str, tables: dict) -> ParsedReport:
    return ParsedReport(form, None, "", tables, [], path.read_text(), path.name)


def seed_tables() -> dict:
    tables = empty_tables("2014")
    tables["rows"].update({
        "1.1": 10947, "1.1a": 15, "1.1b": 15, "1.2.1": 52, "1.2.2": 4876, "1.2.3": 894,
        "1.2.4": 1233, "1.2.5": 3892, "2.1": 58, "2.2.1": 7, "2.2.1a": 7, "2.2.3": 19,
        "2.2.4": 5, "2.2.5": 2525, "3.1": 3, "3.1.3": 3, "3.2": 3, "3.2.1": 2, "3.2.2": 1,
        "3.3": 3, "3.3.1": 2, "3.3.5": 1, "8.1": 1, "8.2": 26, "8.3": 32, "8.3.1": 2,
        "8.3.2": 30, "8.4": Decimal(5), "9.1": 2, "9.2": 7, "9.3": 380,
    })  # fmt: skip
    return tables


def hongze_tables() -> dict:
    tables = empty_tables("2021")
    _apps(tables, "new", 21, 0, 0, 0, 0, 0, 21)
    _apps(tables, "partial", 4, 0, 0, 0, 0, 0, 4)
    _apps(tables, "refused.state_secret", 1, 0, 0, 0, 0, 0, 1)
    _apps(tables, "refused.process_info", 1, 0, 0, 0, 0, 0, 1)
    _apps(tables, "refused.enforcement_file", 1, 0, 0, 0, 0, 0, 1)
    _apps(tables, "unavailable.not_held", 10, 0, 0, 0, 0, 0, 10)
    _apps(tables, "unavailable.needs_creation", 3, 0, 0, 0, 0, 0, 3)
    _apps(tables, "not_processed.petition", 1, 0, 0, 0, 0, 0, 1)
    _apps(tables, "total", 21, 0, 0, 0, 0, 0, 21)
    _review(tables, "reconsideration", 10, 1, 0, 0, 0)
    _review(tables, "litigation_after_review", 5, 0, 0, 0, 0)
    return tables


def pingtan_tables() -> dict:
    tables = empty_tables("2021")
    _apps(tables, "new", 151, 3, 0, 0, 0, 0, 154)
    _apps(tables, "granted", 33, 0, 0, 0, 0, 0, 33)
    _apps(tables, "partial", 38, 0, 0, 0, 0, 0, 38)
    for row, count in (
        ("refused.internal_affairs", 3),
        ("refused.process_info", 2),
        ("refused.enforcement_file", 3),
        ("refused.query_procedure", 3),
        ("unavailable.needs_creation", 3),
        ("not_processed.petition", 2),
        ("other.no_correction", 8),
        ("other.unpaid_fee", 2),
        ("other.other", 1),
    ):
        _apps(tables, row, count, 0, 0, 0, 0, 0, count)
    _apps(tables, "unavailable.not_held", 49, 1, 0, 0, 0, 0, 50)
    _apps(tables, "total", 147, 1, 0, 0, 0, 0, 148)
    _apps(tables, "carried_forward", 4, 2, 0, 0, 0, 0, 6)
    _review(tables, "reconsideration", 25, 3, 8, 0, 36)
    _review(tables, "litigation_direct", 3, 3, 0, 0, 6)
    _review(tables, "litigation_after_review", 3, 0, 0, 0, 3)
    return tables


def shanghai_tables() -> dict:
    tables = empty_tables("2021")
    _apps(tables, "new", 32, 2, 0, 0, 0, 0, 34)
    _apps(tables, "carried_over", 2, 0, 0, 0, 0, 0, 2)
    _apps(tables, "granted", 9, 0, 0, 0, 0, 0, 9)
    for row, count in (
        ("refused.internal_affairs", 1),
        ("refused.process_info", 1),
        ("unavailable.not_held", 4),
        ("unavailable.needs_creation", 6),
        ("other.other", 4),
    ):
        _apps(tables, row, count, 0, 0, 0, 0, 0, count)
    _apps(tables, "other.no_correction", 8, 2, 0, 0, 0, 0, 10)
    _apps(tables, "total", 33, 2, 0, 0, 0, 0, 35)
    # 34 + 2 = 35 + 1: the 总计 cell of this row is blank in the markdown copy.
    _apps(tables, "carried_forward", 1, 0, 0, 0, 0, 0, 1)
    _review(tables, "reconsideration", 1, 0, 0, 0, 1)
    return tables


def test_seed_prose_against_its_typed_table_flags_only_the_on_time_claim():
    findings = check_report(_typed(SEED, "2014", seed_tables()))
    assert [(f.rule, f.message) for f in findings] == [("text.on_time", SEED_ON_TIME)]


def test_hongze_prose_against_its_typed_tables_raises_nothing_beyond_table_four():
    findings = check_report(_typed(HONGZE_2023, "2021", hongze_tables()))
    assert [f.message for f in findings] == HONGZE_ERRORS


def test_pingtan_2025_prose_against_its_typed_tables_raises_nothing():
    assert check_report(_typed(PINGTAN_2025, "2021", pingtan_tables())) == []


def test_shanghai_prose_against_its_typed_tables_raises_nothing():
    assert check_report(_typed(SHANGHAI_2024, "2021", shanghai_tables())) == []


def test_prose_checks_read_what_the_real_reports_state():
    """The checks above must be able to fail: change one typed cell per report and the
    sentence that states it is flagged."""
    pingtan = pingtan_tables()
    _review(pingtan, "reconsideration", 25, 3, 7, 0, 35)
    assert text_findings(check_report(_typed(PINGTAN_2025, "2021", pingtan))) == [
        "正文称行政复议 36 起，但表格行政复议总计为 35"
    ]
    shanghai = shanghai_tables()
    _apps(shanghai, "carried_over", 3, 0, 0, 0, 0, 0, 3)
    _apps(shanghai, "carried_forward", 2, 0, 0, 0, 0, 0, 2)
    assert text_findings(check_report(_typed(SHANGHAI_2024, "2021", shanghai))) == [
        "正文称上年结转申请 2 件，但表格“二、上年结转政府信息公开申请数量”总计为 3",
        "正文称结转下年度办理申请 1 件，但表格“四、结转下年度继续办理”总计为 2",
    ]
    seed = seed_tables()
    seed["rows"].update({"3.1": 4, "3.1.3": 4, "3.2": 4, "3.2.1": 3, "3.3": 4, "3.3.2": 1})
    assert text_findings(check_report(_typed(SEED, "2014", seed))) == [
        "正文称收到政府信息公开申请 3 件，但统计表“（一）收到申请数”为 4",
        SEED_ON_TIME.replace("为 2）", "为 3）"),
    ]
    hongze = hongze_tables()
    _apps(hongze, "new", 20, 0, 0, 0, 0, 0, 20)
    _apps(hongze, "carried_over", 1, 0, 0, 0, 0, 0, 1)
    assert (
        text_findings(check_report(_typed(HONGZE_2023, "2021", hongze))) == []
    )  # 受理 = 新收+结转
    _apps(hongze, "new", 19, 0, 0, 0, 0, 0, 19)
    assert text_findings(check_report(_typed(HONGZE_2023, "2021", hongze))) == [
        "正文称收到政府信息公开申请 21 件，但表格“一、本年新收政府信息公开申请数量”总计为 19"
    ]
