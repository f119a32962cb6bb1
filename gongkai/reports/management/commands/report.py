"""``gongkai report parse FILE [--json]``, ``gongkai report check FILE… [--json]`` and
``gongkai report review FILE… --agency SLUG --title TITLE`` (a batch from files on the
server, shown in the back office like an uploaded one).

Exit codes: 0 no errors; 1 a consistency error was found (check); 2 a file cannot be
read (missing, empty, image-only PDF, unknown form) or the arguments are wrong.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.agencies.models import Agency
from gongkai.reports.actions import create_review_batch
from gongkai.reports.checker import Finding, check_report, check_series, quality_score
from gongkai.reports.parse import parse_report
from gongkai.reports.result import ParsedReport, UnreadableReport

SEVERITY_LABELS = {"error": "错误", "warning": "警告"}


class Command(BaseCommand):
    help = "读取并检查已发布的政府信息公开工作年度报告（文本、HTML、Word 或 PDF）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True, metavar="parse|check")
        p = sub.add_parser("parse", help="读取一份报告，输出其统计表")
        p.add_argument("file")
        p.add_argument("--json", action="store_true", dest="as_json", help="输出 JSON")
        c = sub.add_parser("check", help="检查一份或多份报告的勾稽关系和正文与表格是否一致")
        c.add_argument("files", nargs="+")
        c.add_argument("--json", action="store_true", dest="as_json", help="输出 JSON")
        r = sub.add_parser(
            "review", help="把服务器上的一批报告存为工作台中的审查批次（与上传审查相同）"
        )
        r.add_argument("files", nargs="+")
        r.add_argument("--agency", required=True, help="审查机构的标识，如 spt")
        r.add_argument("--title", required=True, help="批次名称")

    def handle(self, *args: Any, verb: str, as_json: bool = False, **options: Any) -> None:
        if verb == "review":
            self._review(options["files"], options["agency"], options["title"])
            return
        if verb == "parse":
            report = _read(options["file"])
            if as_json:
                self._print_json(report.as_json())
            else:
                self._print_summary(report)
            return
        reports: list[ParsedReport] = []
        unreadable: list[tuple[str, str]] = []
        for name in options["files"]:
            try:
                reports.append(_read(name))
            except CommandError as exc:
                unreadable.append((name, str(exc)))
        per_report = {id(r): check_report(r) for r in reports}
        series = check_series(reports) if len(reports) > 1 else []
        if as_json:
            self._print_json(
                {
                    "reports": [
                        {
                            "file": r.source,
                            "form": r.form,
                            "year": r.year,
                            "agency": r.agency,
                            "score": quality_score(per_report[id(r)]),
                            "findings": [f.as_json() for f in per_report[id(r)]],
                        }
                        for r in reports
                    ],
                    "series": [f.as_json() for f in series],
                    "unreadable": [{"file": n, "message": m} for n, m in unreadable],
                }
            )
        else:
            for r in reports:
                self._print_findings(r, per_report[id(r)])
            if series:
                self.stdout.write("跨年度检查：")
                self._print_lines(series)
            for _name, message in unreadable:
                self.stderr.write(f"无法读取 {message}")
        if unreadable:
            sys.exit(2)
        all_findings = [f for fs in per_report.values() for f in fs] + series
        if any(f.severity == "error" for f in all_findings):
            sys.exit(1)

    def _review(self, names: list[str], slug: str, title: str) -> None:
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            raise CommandError(f"没有标识为 {slug} 的机构", returncode=2)
        files = []
        for name in names:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"找不到文件：{name}", returncode=2)
            files.append((path.name, path.read_bytes()))
        batch = create_review_batch(actor=None, agency=agency, title=title, files=files)
        reports = list(batch.reports.all())
        self.stdout.write(
            f"已建立审查批次“{batch.title}”（编号 {batch.pk}）：{len(reports)} 份报告，"
            f"错误 {sum(r.error_count for r in reports)} 处，"
            f"无法读取 {sum(1 for r in reports if not r.readable)} 份；"
            f"在工作台“年报审查”中查看。"
        )

    def _print_json(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _print_summary(self, report: ParsedReport) -> None:
        agency = report.agency or "（未识别机构）"
        year = f"{report.year}年" if report.year else "（未识别年度）"
        self.stdout.write(f"{report.source}：{agency} {year}，{_form_label(report.form)}")
        for note in report.notes:
            self.stdout.write(f"  注意 {note.cell or '全文'}：{note.message}")
        self.stdout.write("  用 --json 查看全部单元格。")

    def _print_findings(self, report: ParsedReport, findings: list[Finding]) -> None:
        errors = sum(f.severity == "error" for f in findings)
        self.stdout.write(
            f"{report.source}：{report.agency} {report.year}年，{_form_label(report.form)}；"
            f"错误 {errors} 处，警告 {len(findings) - errors} 处，质量分 {quality_score(findings)}"
        )
        self._print_lines(findings)

    def _print_lines(self, findings: list[Finding]) -> None:
        for f in findings:
            line = f"  [{SEVERITY_LABELS[f.severity]}] {f.rule}：{f.message}"
            if f.sentence:
                line += f"（原文：“{f.sentence}”）"
            self.stdout.write(line)


def _form_label(form: str) -> str:
    return {"2014": "2014年统计表格式", "2019": "2019年试行格式", "2021": "2021年格式"}.get(
        form, "地方自定格式"
    )


def _read(name: str) -> ParsedReport:
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"找不到文件：{name}", returncode=2)
    try:
        return parse_report(path.read_bytes(), path.name)
    except UnreadableReport as exc:
        raise CommandError(f"{name}：{exc}", returncode=2) from None
