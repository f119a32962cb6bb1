"""The batch review as an Excel workbook (openpyxl)."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.reports.models import ReviewBatch, ReviewedReport

SEVERITY = {"error": "错误", "warning": "警告"}


def batch_workbook(
    batch: ReviewBatch, reports: list[ReviewedReport], totals: list[dict[str, Any]]
) -> Workbook:
    book = Workbook()
    summary = book.active
    summary.title = "审查结果"
    summary.append([batch.title])
    summary.append(["文件", "报告机构", "年度", "格式", "错误", "警告", "质量分", "无法读取的原因"])
    for report in reports:
        summary.append(
            [
                report.filename,
                report.agency_name,
                report.year,
                report.form,
                report.error_count,
                report.warning_count,
                report.score,
                report.unreadable,
            ]
        )
    details = book.create_sheet("问题明细")
    details.append(["文件", "严重程度", "规则", "说明", "涉及单元格", "原文"])
    for report in reports:
        for finding in report.findings:
            details.append(
                [
                    report.filename,
                    SEVERITY.get(finding.get("severity", ""), finding.get("severity", "")),
                    finding.get("rule", ""),
                    finding.get("message", ""),
                    "、".join(finding.get("cells", [])),
                    finding.get("sentence", ""),
                ]
            )
    for finding in batch.series_findings:
        details.append(
            ["（跨年度）", SEVERITY.get(finding.get("severity", ""), ""), finding.get("rule", ""),
             finding.get("message", ""), "、".join(finding.get("cells", [])), ""]
        )  # fmt: skip
    for total in totals:
        sheet = book.create_sheet(f"汇总（{total['label']}）")
        sheet.append([f"{total['label']}，共 {total['count']} 份报告的合计"])
        for table in total["tables"]:
            sheet.append([])
            sheet.append([table.title])
            sheet.append(table.header)
            for label, values in table.rows:
                sheet.append([label, *values])
    for sheet in book.worksheets:
        sheet["A1"].font = Font(bold=True)
    return book
