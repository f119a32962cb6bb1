"""Reviewing batches of published reports and importing their figures as history.
Each change runs in a transaction and writes an audit event."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.audit.events import diff, record_event, snapshot
from gongkai.reports.checker import Finding, check_report, check_series, quality_score
from gongkai.reports.formspec import FORMS
from gongkai.reports.models import FigureSource, HistoricalFigures, ReviewBatch, ReviewedReport
from gongkai.reports.parse import parse_report
from gongkai.reports.result import ParsedReport, UnreadableReport

MAX_FILES = 500
MAX_FILE_BYTES = 10 * 1024 * 1024


@dataclass
class ReviewResult:
    """One file's review: the parsed report and its findings, or why it was unreadable."""

    filename: str
    report: ParsedReport | None = None
    findings: list[Finding] = field(default_factory=list)
    unreadable: str = ""

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    @property
    def score(self) -> int | None:
        return quality_score(self.findings) if self.report is not None else None

    @property
    def findings_json(self) -> list[dict[str, object]]:
        return [f.as_json() for f in self.findings]


def review_files(files: list[tuple[str, bytes]]) -> tuple[list[ReviewResult], list[Finding]]:
    """Parse and check every file (no database): per-file results and cross-year findings."""
    if len(files) > MAX_FILES:
        raise ValidationError(f"一次最多审查 {MAX_FILES} 份报告，现为 {len(files)} 份")
    results = []
    for name, data in files:
        if len(data) > MAX_FILE_BYTES:
            results.append(ReviewResult(name, unreadable="文件超过 10 MB"))
            continue
        try:
            report = parse_report(data, name)
        except UnreadableReport as exc:
            results.append(ReviewResult(name, unreadable=str(exc)))
            continue
        results.append(ReviewResult(name, report, check_report(report)))
    reports = [r.report for r in results if r.report is not None]
    return results, check_series(reports) if len(reports) > 1 else []


@transaction.atomic
def create_review_batch(
    *, actor: User | None, agency: Agency, title: str, files: list[tuple[str, bytes]]
) -> ReviewBatch:
    if not files:
        raise ValidationError("请至少上传一份报告")
    results, series = review_files(files)
    batch = ReviewBatch.objects.create(
        agency=agency,
        title=title,
        created_by=actor,
        series_findings=[f.as_json() for f in series],
    )
    ReviewedReport.objects.bulk_create(
        ReviewedReport(
            batch=batch,
            filename=r.filename[:255],
            form=r.report.form if r.report else "",
            year=r.report.year if r.report else None,
            agency_name=(r.report.agency if r.report else "")[:200],
            tables=_tables_json(r.report),
            notes=[n.as_json() for n in r.report.notes] if r.report else [],
            findings=[f.as_json() for f in r.findings],
            error_count=r.errors,
            warning_count=r.warnings,
            score=r.score,
            unreadable=r.unreadable[:300],
        )
        for r in results
    )
    record_event(
        actor=actor,
        obj=batch,
        action="reports.batch_reviewed",
        summary=f"批量审查年报 {len(files)} 份",
        changes={
            "count": {"label": "报告数", "before": None, "after": len(files)},
            "errors": {
                "label": "发现错误",
                "before": None,
                "after": sum(r.errors for r in results),
            },
        },
        agency=agency,
    )
    return batch


def _tables_json(report: ParsedReport | None) -> dict[str, object]:
    if report is None:
        return {}
    data = report.as_json()
    return {key: data[key] for key in ("proactive", "applications", "review_litigation", "rows")
            if key in data}  # fmt: skip


FIGURE_FIELDS = ("agency", "year", "form", "source", "source_file")


@transaction.atomic
def import_historical_figures(
    *, actor: User | None, agency: Agency, reviewed: ReviewedReport, replace: bool = False
) -> HistoricalFigures:
    """Store a reviewed report's tables as ``agency``'s figures for the report's year."""
    if not reviewed.readable or reviewed.form not in FORMS:
        raise ValidationError("只有按国家统一格式读取成功的报告才能导入为历史数据")
    if reviewed.year is None:
        raise ValidationError("未能识别该报告的年度，不能导入")
    existing = (
        HistoricalFigures.objects.select_for_update()
        .filter(agency=agency, year=reviewed.year)
        .first()
    )
    if existing is not None and not replace:
        raise ValidationError(
            f"{agency.name}{reviewed.year}年的历史数据已存在（来源：{existing.source_file}），"
            "如要用本报告替换，请勾选“替换已有数据”"
        )
    before = snapshot(existing, FIGURE_FIELDS) if existing is not None else {}
    old_tables = existing.tables if existing is not None else None
    figures = existing or HistoricalFigures(agency=agency, year=reviewed.year)
    figures.form = reviewed.form
    figures.tables = reviewed.tables
    figures.source = FigureSource.PARSED_REPORT
    figures.source_file = reviewed.filename
    figures.imported_by = actor
    figures.save()
    changes = diff(before, snapshot(figures, FIGURE_FIELDS), HistoricalFigures)
    if old_tables is not None and old_tables != reviewed.tables:
        changes["tables"] = {"label": "统计表", "before": "（原数据）", "after": "（已替换）"}
    record_event(
        actor=actor,
        obj=figures,
        action="reports.figures_replaced" if existing else "reports.figures_imported",
        summary=f"{'替换' if existing else '导入'}{reviewed.year}年历史年报数据",
        changes=changes,
        agency=agency,
    )
    return figures
