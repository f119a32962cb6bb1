"""Reading one published annual report into its tables: the entry point used by the
CLI (``gongkai report parse``), the batch review and the public checker."""

from __future__ import annotations

from gongkai.reports import detect, legacy, national, sources
from gongkai.reports.formspec import LOCAL_FORM
from gongkai.reports.result import ParsedReport, ParseNote

LOCAL_NOTE = (
    "该报告的统计表是地方自定格式（如“指标名称/计量单位/本年度/历年累计”），"
    "不是国家统一格式，未按国家格式读取表格；正文检查仍然进行"
)


def parse_text(text: str, source: str = "") -> ParsedReport:
    """Parse report text (already extracted from its file)."""
    form = detect.detect_form(text)
    agency, year = detect.detect_title(text)
    if form == LOCAL_FORM:
        return ParsedReport(
            form=form,
            year=year,
            agency=agency,
            tables={},
            notes=[ParseNote("local_form", "", LOCAL_NOTE)],
            text=text,
            source=source,
        )
    if form == "2014":
        tables, notes = legacy.parse_legacy(text)
    else:
        tables, notes = national.parse_national(text, "2019" if form == "2019" else "2021")
    return ParsedReport(
        form=form, year=year, agency=agency, tables=tables, notes=notes, text=text, source=source
    )


def parse_report(data: bytes, filename: str = "") -> ParsedReport:
    """Parse a report file: plain text, HTML, DOCX or PDF. Raises
    :class:`~gongkai.reports.result.UnreadableReport` with a Chinese message when the
    file cannot be read as a report."""
    return parse_text(sources.extract_text(data, filename), source=filename)
