"""Turning a report's tables into rows for the pages (labels from formspec), and adding
tables up for a district's totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.reports.formspec import (
    APPLICANT_COLUMNS,
    LEGACY_ROWS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    FormId,
    application_rows,
    empty_tables,
    proactive_cells,
)


@dataclass
class DisplayTable:
    title: str
    header: list[str]
    rows: list[tuple[str, list[Any]]] = field(default_factory=list)  # (label, values)


def display_tables(form: str, tables: dict[str, Any]) -> list[DisplayTable]:
    """The report's tables with their printed labels, in printed order."""
    if form == "2014":
        table = DisplayTable("政府信息公开情况统计表", ["统计指标", "单位", "统计数"])
        rows = tables.get("rows", {})
        for code, label, unit in LEGACY_ROWS:
            table.rows.append((label, [unit, rows.get(code, "") if unit else ""]))
        return [table]
    if form not in ("2019", "2021"):
        return []
    national: FormId = "2019" if form == "2019" else "2021"
    proactive = DisplayTable("二、主动公开政府信息情况", ["条目", "统计项", "数值"])
    for block, label, column, code in proactive_cells(national):
        proactive.rows.append((f"{block} {label}", [column, tables["proactive"].get(code, "")]))
    applications = DisplayTable(
        "三、收到和处理政府信息公开申请情况", ["", *[label for _, label in APPLICANT_COLUMNS]]
    )
    for code, label in application_rows(national):
        row = tables["applications"].get(code, {})
        applications.rows.append((label, [row.get(c, "") for c, _ in APPLICANT_COLUMNS]))
    review = DisplayTable(
        "四、政府信息公开行政复议、行政诉讼情况", ["", *[label for _, label in REVIEW_COLUMNS]]
    )
    for code, label in REVIEW_GROUPS:
        group = tables["review_litigation"].get(code, {})
        review.rows.append((label, [group.get(c, "") for c, _ in REVIEW_COLUMNS]))
    return [proactive, applications, review]


def add_tables(form: FormId, many: list[dict[str, Any]]) -> dict[str, Any]:
    """Cell-wise sum of several reports' tables of the same form (a district roll-up)."""
    total = empty_tables(form)

    def add(into: dict[str, Any], other: dict[str, Any]) -> None:
        for key, value in into.items():
            if isinstance(value, dict):
                add(value, other.get(key, {}))
            else:
                into[key] = value + _number(other.get(key, 0))

    for tables in many:
        add(total, tables)
    return total


def _number(value: Any) -> Any:
    if isinstance(value, str):
        return Decimal(value)
    return value or 0
