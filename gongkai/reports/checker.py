"""Checking a parsed annual report: the consistency rules of
shared/spec/report_forms.md on its tables, what its prose states against the cells it
describes, and carried-over applications across years of one agency.

Every finding names a stable rule code, the cells (dotted paths as in
:meth:`ParsedReport.cell`), the numbers and, for text checks, the sentence.
Severity ``error`` is arithmetic that must hold; ``warning`` is plausibility, a text
that contradicts its table, or a cell the parser could not read for sure.

Rule codes
----------
Forms 2019/2021 (rules.md §2.6): ``apps.balance`` (rule 1, per column),
``apps.row_total`` (rule 2), ``apps.result_sum`` (rule 3), ``review.group_total``
(rule 5). Form 2014 (rules.md §3, implied rules 1–8): ``legacy.3.1_channels``,
``legacy.3.2_completed``, ``legacy.3.3_replies``, ``legacy.3.3.4_grounds``,
``legacy.4_reconsideration``, ``legacy.5_litigation``, ``legacy.8.3_staff``,
``legacy.1.1_channels`` (errors); ``legacy.1.1a``, ``legacy.2.2.1a``,
``legacy.2.2.2a`` (warnings). Every form: ``table.negative``, ``table.integer``,
``proactive.money_unit`` / ``legacy.money_unit`` (errors). Parser notes: ``unit``,
``parse.unreadable``, ``parse.ambiguous``, ``parse.missing_table`` (warnings). Prose
against tables (warnings): ``text.received``, ``text.completed``, ``text.carried_over``,
``text.carried_forward``, ``text.outcome``, ``text.reconsideration``,
``text.litigation``, ``text.proactive``, ``text.channel``, ``text.responses``,
``text.on_time``, ``text.fee``; which sentences they read and which cells they compare
is in :mod:`gongkai.reports.narrative`. Across years: ``cross_year.carried_over``
(warning).

``legacy.1.1_channels`` (1.1 ≤ Σ channels) and ``legacy.3.3.4_grounds``
(3.3.4 ≥ Σ 3.3.4a–f) are our own (DERIVED) reading of rules 3 and 6: a figure counted
once cannot exceed the channels it was published through, and the "其中" rows cannot
exceed their row, so both are errors.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from gongkai.reports.formspec import (
    APPLICANT_COLUMNS,
    LEGACY_MONEY_CODES,
    LEGACY_ROWS,
    MONEY_CODES,
    RESULT_GROUPS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    SIGNED_2019,
    FormId,
    application_rows,
    proactive_cells,
)
from gongkai.reports.narrative import TEXT_WHAT, Claim, describe, find_claims
from gongkai.reports.result import ParsedReport
from gongkai.reports.text import fold

Severity = Literal["error", "warning"]
Number = int | Decimal
NATIONAL_FORMS = ("2019", "2021")

#: Points taken off the quality score per finding (see :func:`quality_score`).
ERROR_COST = 20
WARNING_COST = 5


@dataclass(frozen=True)
class Finding:
    severity: Severity
    rule: str
    message: str  # Chinese, states what is wrong with which numbers
    cells: tuple[str, ...]
    numbers: dict[str, str | int]
    sentence: str = ""  # the prose (or source text) the finding comes from

    def as_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "cells": list(self.cells),
            "numbers": dict(self.numbers),
            "sentence": self.sentence,
        }


def quality_score(findings: Iterable[Finding]) -> int:
    """0–100: 100, minus 20 per error and 5 per warning, never below 0."""
    cost = sum(ERROR_COST if f.severity == "error" else WARNING_COST for f in findings)
    return max(0, 100 - cost)


def check_report(report: ParsedReport) -> list[Finding]:
    """Every finding for one report: table rules, parser notes, then the prose.

    A cell the parser could not read for sure (an ``unreadable`` or ``ambiguous`` note:
    the parser puts 0 there, never a guess) is left out of the arithmetic and of the
    prose comparisons; its note is the finding. A report in a local form has no
    national tables: only its prose is read.
    """
    skip = _unsure(report)
    findings: list[Finding] = []
    if report.form in NATIONAL_FORMS:
        findings += _national_rules(report, skip)
    elif report.form == "2014":
        findings += _legacy_rules(report, skip)
    if report.form in (*NATIONAL_FORMS, "2014"):
        findings += _cell_rules(report)
    findings += _note_findings(report)
    findings += _narrative_findings(report, skip)
    return _unique(findings)


def check_series(reports: Sequence[ParsedReport]) -> list[Finding]:
    """Across years (rules.md §2.6 rule 6, warning): for reports of one agency (names
    compared with :func:`fold`) in consecutive years, each column's 结转下年度继续办理
    must equal the next year's 上年结转. Form 2014 has no such rows. Cells are given as
    ``<year>:<path>``."""
    by_agency: dict[str, dict[int, list[ParsedReport]]] = defaultdict(lambda: defaultdict(list))
    for report in reports:
        key = fold(report.agency)
        if report.form in NATIONAL_FORMS and report.year is not None and key:
            by_agency[key][report.year].append(report)
    findings: list[Finding] = []
    for years in by_agency.values():
        for year in sorted(years):
            for this in years[year]:
                for following in years.get(year + 1, []):
                    findings += _carried_over(this, following)
    return _unique(findings)


def _unsure(report: ParsedReport) -> frozenset[str]:
    return frozenset(n.cell for n in report.notes if n.kind in ("unreadable", "ambiguous"))


# --- labels -------------------------------------------------------------------------


def _strip_remark(label: str) -> str:
    label = re.sub(r"（[^（）]*）$", "", label)
    return label.removeprefix("其中：")


_LEGACY_LABELS = {code: _strip_remark(label) for code, label, _ in LEGACY_ROWS}
_LEGACY_UNITS = {code: unit for code, _, unit in LEGACY_ROWS}
_COLUMN_LABELS = dict(APPLICANT_COLUMNS)
_REVIEW_GROUP_LABELS = dict(REVIEW_GROUPS)
_REVIEW_COLUMN_LABELS = dict(REVIEW_COLUMNS)


def _row_label(form: str, row: str) -> str:
    labels = dict(application_rows(_national(form)))
    group, _, sub = row.partition(".")
    if sub and group in RESULT_GROUPS:
        return RESULT_GROUPS[group][:3] + labels[row]
    return labels[row]


def _national(form: str) -> FormId:
    return "2019" if form == "2019" else "2021"


def cell_label(form: str, path: str) -> str:
    """A cell's printed label for messages, e.g. ``行政复议 · 总计``; the path itself
    when it names no cell of ``form``."""
    table, _, rest = path.partition(".")
    try:
        if table == "applications":
            row, _, column = rest.rpartition(".")
            return f"{_row_label(form, row)}（{_COLUMN_LABELS[column]}）"
        if table == "review_litigation":
            group, _, column = rest.partition(".")
            return f"{_REVIEW_GROUP_LABELS[group]} · {_REVIEW_COLUMN_LABELS[column]}"
        if table == "proactive":
            for block, row, column, code in proactive_cells(_national(form)):
                if code == rest:
                    return f"{block} {row} · {column}"
        if table == "rows":
            prefix = {"4": "行政复议", "5": "行政诉讼"}.get(rest[:1], "") if "." in rest else ""
            return f"{prefix}{_LEGACY_LABELS[rest]}"
    except KeyError:
        pass
    return path


def _show(value: Any) -> str | int:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def _number(value: Any) -> Number | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return value
    return None


def _values(report: ParsedReport, paths: Sequence[str], skip: frozenset[str]) -> list[Number]:
    """The numbers in ``paths``; empty when one is unreadable, absent or not a number."""
    values: list[Number] = []
    for path in paths:
        try:
            value = _number(report.cell(path))
        except (KeyError, TypeError):
            return []
        if value is None or path in skip:
            return []
        values.append(value)
    return values


def _terms(labels: Sequence[str], values: Sequence[Number]) -> str:
    return " + ".join(
        f"{label} {_show(value)}" for label, value in zip(labels, values, strict=True)
    )


def _error(rule: str, message: str, paths: Sequence[str], values: Sequence[Number]) -> Finding:
    numbers = {path: _show(value) for path, value in zip(paths, values, strict=True)}
    return Finding("error", rule, message, tuple(paths), numbers)


# --- forms 2019 and 2021 ------------------------------------------------------------

_RESULT_PARTS: tuple[tuple[str, str], ...] = (
    ("granted", "（一）予以公开"),
    ("partial", "（二）部分公开"),
    ("refused", "（三）不予公开"),
    ("unavailable", "（四）无法提供"),
    ("not_processed", "（五）不予处理"),
    ("other", "（六）其他处理"),
)
_NOT_RESULTS = ("new", "carried_over", "total", "carried_forward")


def _group_rows(form: str, group: str) -> list[str]:
    return [
        row
        for row, _ in application_rows(_national(form))
        if row == group or row.startswith(group + ".")
    ]


def _national_rules(report: ParsedReport, skip: frozenset[str]) -> Iterator[Finding]:
    form = report.form
    for column, column_label in APPLICANT_COLUMNS:
        paths = [f"applications.{row}.{column}" for row in _NOT_RESULTS]
        values = _values(report, paths, skip)
        if values and values[0] + values[1] != values[2] + values[3]:
            new, over, total, forward = values
            yield _error(
                "apps.balance",
                f"收到和处理申请表“{column_label}”列：本年新收 {_show(new)} + 上年结转 "
                f"{_show(over)} = {_show(new + over)} ≠ （七）总计 {_show(total)} + "
                f"结转下年度继续办理 {_show(forward)} = {_show(total + forward)}",
                paths,
                values,
            )
    columns = [code for code, _ in APPLICANT_COLUMNS]
    for row, _ in application_rows(_national(form)):
        paths = [f"applications.{row}.{column}" for column in columns]
        values = _values(report, paths, skip)
        if values and values[-1] != sum(values[:-1]):
            yield _error(
                "apps.row_total",
                f"收到和处理申请表“{_row_label(form, row)}”行：总计 {_show(values[-1])} ≠ "
                f"{_terms([label for _, label in APPLICANT_COLUMNS[:-1]], values[:-1])} = "
                f"{_show(sum(values[:-1]))}",
                paths,
                values,
            )
    yield from _result_sums(report, skip)
    yield from _review_totals(report, skip)


def _result_sums(report: ParsedReport, skip: frozenset[str]) -> Iterator[Finding]:
    for column, column_label in APPLICANT_COLUMNS:
        paths = [f"applications.total.{column}"]
        parts: list[Number] = []
        for group, _ in _RESULT_PARTS:
            group_paths = [
                f"applications.{row}.{column}" for row in _group_rows(report.form, group)
            ]
            group_values = _values(report, group_paths, skip)
            if not group_values:
                break
            paths += group_paths
            parts.append(sum(group_values))
        total = _values(report, paths[:1], skip)
        if len(parts) != len(_RESULT_PARTS) or not total or total[0] == sum(parts):
            continue
        yield _error(
            "apps.result_sum",
            f"收到和处理申请表“{column_label}”列：（七）总计 {_show(total[0])} ≠ "
            f"{_terms([label for _, label in _RESULT_PARTS], parts)} = {_show(sum(parts))}",
            paths,
            _values(report, paths, skip),
        )


def _review_totals(report: ParsedReport, skip: frozenset[str]) -> Iterator[Finding]:
    for group, group_label in REVIEW_GROUPS:
        paths = [f"review_litigation.{group}.{column}" for column, _ in REVIEW_COLUMNS]
        values = _values(report, paths, skip)
        if values and values[-1] != sum(values[:-1]):
            yield _error(
                "review.group_total",
                f"{group_label}：总计 {_show(values[-1])} ≠ "
                f"{_terms([label for _, label in REVIEW_COLUMNS[:-1]], values[:-1])} = "
                f"{_show(sum(values[:-1]))}",
                paths,
                values,
            )


# --- form 2014 ----------------------------------------------------------------------

#: (rule, parent, children, how the parent must relate to Σ children); all errors.
_LEGACY_SUMS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("legacy.3.1_channels", "3.1", ("3.1.1", "3.1.2", "3.1.3", "3.1.4"), "="),
    ("legacy.3.2_completed", "3.2", ("3.2.1", "3.2.2"), "="),
    ("legacy.3.3_replies", "3.3", tuple(f"3.3.{n}" for n in range(1, 9)), "="),
    ("legacy.3.3.4_grounds", "3.3.4", tuple(f"3.3.4{x}" for x in "abcdef"), ">="),
    ("legacy.4_reconsideration", "4", ("4.1", "4.2", "4.3"), "="),
    ("legacy.5_litigation", "5", ("5.1", "5.2", "5.3"), "="),
    ("legacy.8.3_staff", "8.3", ("8.3.1", "8.3.2"), "="),
    ("legacy.1.1_channels", "1.1", tuple(f"1.2.{n}" for n in range(1, 6)), "<="),
)
#: (rule, part, whole): warn when the "其中" row exceeds its row (implied rule 7).
_LEGACY_PARTS: tuple[tuple[str, str, str], ...] = (
    ("legacy.1.1a", "1.1a", "1.1"),
    ("legacy.2.2.1a", "2.2.1a", "2.2.1"),
    ("legacy.2.2.2a", "2.2.2a", "2.2.2"),
)
_BROKEN = {"=": "≠", ">=": "<", "<=": ">"}


def _legacy_rules(report: ParsedReport, skip: frozenset[str]) -> Iterator[Finding]:
    for rule, parent, children, relation in _LEGACY_SUMS:
        paths = [f"rows.{code}" for code in (parent, *children)]
        values = _values(report, paths, skip)
        if not values:
            continue
        whole, total = values[0], sum(values[1:])
        holds = {"=": whole == total, ">=": whole >= total, "<=": whole <= total}[relation]
        if not holds:
            yield _error(
                rule,
                f"{_LEGACY_LABELS[parent]} {_show(whole)} {_BROKEN[relation]} "
                f"{_terms([_LEGACY_LABELS[c] for c in children], values[1:])} = {_show(total)}",
                paths,
                values,
            )
    for rule, part, whole_code in _LEGACY_PARTS:
        paths = [f"rows.{part}", f"rows.{whole_code}"]
        values = _values(report, paths, skip)
        if values and values[0] > values[1]:
            yield Finding(
                "warning",
                rule,
                f"{_LEGACY_LABELS[part]} {_show(values[0])} > "
                f"{_LEGACY_LABELS[whole_code]} {_show(values[1])}",
                tuple(paths),
                {path: _show(value) for path, value in zip(paths, values, strict=True)},
            )


# --- every cell ---------------------------------------------------------------------


def _cells(report: ParsedReport) -> Iterator[tuple[str, Any]]:
    for table, content in report.tables.items():
        if not isinstance(content, dict):
            continue
        for key, value in content.items():
            if isinstance(value, dict):
                for column, cell in value.items():
                    yield f"{table}.{key}.{column}", cell
            else:
                yield f"{table}.{key}", value


def _cell_rules(report: ParsedReport) -> Iterator[Finding]:
    """Non-negative (except 2019's 本年增/减), integers except money (rules.md §2.6
    rule 7, §3 rule 8)."""
    legacy = report.form == "2014"
    money_rule = "legacy.money_unit" if legacy else "proactive.money_unit"
    for path, value in _cells(report):
        code = path.partition(".")[2]
        money = code in (LEGACY_MONEY_CODES if legacy else MONEY_CODES)
        label = cell_label(report.form, path)
        number = _number(value)
        if number is None:
            rule = money_rule if money else "table.integer"
            text = "不是数值（万元）" if money else "不是整数"
            yield Finding(
                "error", rule, f"{label}：“{_show(value)}”{text}", (path,), {path: _show(value)}
            )
            continue
        if not money and number != int(number):
            yield Finding(
                "error", "table.integer", f"{label}：{_show(number)} 不是整数", (path,),
                {path: _show(number)},
            )  # fmt: skip
        if number < 0 and not (report.form == "2019" and code in SIGNED_2019):
            yield Finding(
                "error", "table.negative", f"{label}：{_show(number)} 是负数", (path,),
                {path: _show(number)},
            )  # fmt: skip


# --- parser notes -------------------------------------------------------------------


def _note_findings(report: ParsedReport) -> Iterator[Finding]:
    for note in report.notes:
        if note.kind == "local_form":
            continue
        label = cell_label(report.form, note.cell) if note.cell else ""
        head = f"{label}：" if label else ""
        try:
            value: Any = report.cell(note.cell) if note.cell else None
        except (KeyError, TypeError):
            value = None
        numbers = {note.cell: _show(value)} if value is not None else {}
        cells = (note.cell,) if note.cell else ()
        if note.kind == "unit_stripped":
            message = f"{head}{note.message}"
            if note.text and value is not None:
                unit = _LEGACY_UNITS.get(note.cell.removeprefix("rows."), "万元")
                message = (
                    f"{head}单元格写作“{note.text}”，带有单位；已去掉单位按 {_show(value)} "
                    f"{unit} 读取，请核对计量单位"
                )
            yield Finding("warning", "unit", message, cells, numbers, note.text)
        else:
            yield Finding(
                "warning", f"parse.{note.kind}", f"{head}{note.message}", cells, numbers, note.text
            )


# --- prose against tables -----------------------------------------------------------


def _narrative_findings(report: ParsedReport, skip: frozenset[str]) -> Iterator[Finding]:
    if report.form not in (*NATIONAL_FORMS, "2014"):
        return
    for claim in find_claims(report.text):
        if claim.kind == "on_time":
            yield from _on_time(report, claim, skip)
        elif claim.kind in ("fee", "no_fee"):
            yield from _fee(report, claim, skip)
        else:
            yield from _count(report, claim, skip)


def _count(report: ParsedReport, claim: Claim, skip: frozenset[str]) -> Iterator[Finding]:
    cells = describe(report.form, claim)
    if cells is None or claim.value is None:
        return
    paths = list(dict.fromkeys([*cells.paths, *(p for alt in cells.alternatives for p in alt)]))
    values = dict(zip(paths, _values(report, paths, skip), strict=False))
    if not values:
        return
    whole = sum(values[path] for path in cells.paths)
    agree = {whole} | {sum(values[path] for path in alt) for alt in cells.alternatives}
    stated, what = claim.value, TEXT_WHAT[claim.kind]
    if claim.at_most:
        if stated <= max(agree):
            return
        message = (
            f"正文称{what} {stated} {claim.unit}（部分数），已超过{cells.where} {_show(whole)}"
        )
    elif stated in agree:
        return
    elif not claim.unit:  # "没有…行政复议"
        message = f"正文称没有{what}，但{cells.where}为 {_show(whole)}"
    else:
        message = f"正文称{what} {stated} {claim.unit}，但{cells.where}为 {_show(whole)}"
    numbers: dict[str, str | int] = {"text": _show(stated)}
    numbers |= {path: _show(value) for path, value in values.items()}
    rule = "text." + claim.kind.partition(".")[0]
    yield Finding("warning", rule, message, tuple(paths), numbers, claim.sentence)


def _on_time(report: ParsedReport, claim: Claim, skip: frozenset[str]) -> Iterator[Finding]:
    """Legacy form only: the 2019/2021 tables have no on-time cell."""
    paths = ["rows.3.2.2", "rows.3.2.1"]
    values = _values(report, paths, skip) if report.form == "2014" else []
    if values and values[0] > 0:
        late, on_time = values
        yield Finding(
            "warning",
            "text.on_time",
            f"正文称按时办结（“{claim.phrase}”），但统计表“2.延期办结数”为 {_show(late)}"
            f"（“1.按时办结数”为 {_show(on_time)}）",
            tuple(paths),
            {path: _show(value) for path, value in zip(paths, values, strict=True)},
            claim.sentence,
        )


_FEE_WHERE = "统计表“七、依申请公开信息收取的费用”"


def _fee(report: ParsedReport, claim: Claim, skip: frozenset[str]) -> Iterator[Finding]:
    """Legacy form only (row 7, 万元); the 2019/2021 forms report fees in prose."""
    values = _values(report, ["rows.7"], skip) if report.form == "2014" else []
    if not values:
        return
    table = Decimal(values[0])
    numbers: dict[str, str | int] = {"rows.7": _show(table)}
    if claim.kind == "no_fee" or claim.value == 0:
        if table > 0:
            yield Finding(
                "warning", "text.fee", f"正文称未收取费用，但{_FEE_WHERE}为 {_show(table)} 万元",
                ("rows.7",), numbers, claim.sentence,
            )  # fmt: skip
        return
    stated = Decimal(claim.value or 0)
    in_wan = stated / 10000 if claim.unit == "元" else stated
    places = max(0, -int(table.normalize().as_tuple().exponent))
    if in_wan == table or round(in_wan, places) == table:
        return
    numbers["text"] = f"{_show(stated)}{claim.unit}"
    if claim.unit == "元" and table == stated:
        message = (
            f"正文称收取费用 {_show(stated)} 元，{_FEE_WHERE}却填为 {_show(table)}，"
            f"该栏单位是万元（{_show(stated)} 元 = {_show(in_wan)} 万元）"
        )
    else:
        message = (
            f"正文称收取费用 {_show(stated)} {claim.unit}（{_show(in_wan)} 万元），"
            f"但{_FEE_WHERE}为 {_show(table)} 万元"
        )
    yield Finding("warning", "text.fee", message, ("rows.7",), numbers, claim.sentence)


# --- across years -------------------------------------------------------------------


def _carried_over(this: ParsedReport, following: ParsedReport) -> Iterator[Finding]:
    skip_this, skip_next = _unsure(this), _unsure(following)
    for column, column_label in APPLICANT_COLUMNS:
        forward = _values(this, [f"applications.carried_forward.{column}"], skip_this)
        over = _values(following, [f"applications.carried_over.{column}"], skip_next)
        if not forward or not over or forward[0] == over[0]:
            continue
        cells = (
            f"{this.year}:applications.carried_forward.{column}",
            f"{following.year}:applications.carried_over.{column}",
        )
        yield Finding(
            "warning",
            "cross_year.carried_over",
            f"{this.agency}：{this.year}年“四、结转下年度继续办理”（{column_label}）"
            f"{_show(forward[0])} ≠ {following.year}年“二、上年结转政府信息公开申请数量”"
            f"（{column_label}）{_show(over[0])}",
            cells,
            {cells[0]: _show(forward[0]), cells[1]: _show(over[0])},
        )


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str]] = set()
    unique: list[Finding] = []
    for finding in findings:
        key = (finding.rule, finding.message, finding.sentence)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique
