"""``gongkai pii scan``: check files for personal information before publishing.

    gongkai pii scan 名单.xlsx 公示.docx
    gongkai pii scan 名单.txt --json

One line per hit: ``文件:行:列 类型 值 建议遮盖为 …`` (line and column in the file's
text, as :func:`gongkai.lib.filetypes.extract_text` reads it: a DOCX paragraph or an
XLSX row per line). ID, bank-card and mobile numbers are only ever printed masked;
``--json`` adds the full value for tools.

Exit status: 0 when nothing blocks publication, 1 when something must be masked or
justified, 2 when a file is missing, unreadable or of an unsupported type (message on
stderr in Chinese).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.lib.filetypes import FileKind, FileTypeError, extract_text, sniff
from gongkai.pii.scanner import Hit, PiiKind, scan

FOUND = 1
USAGE_ERROR = 2
_SHOWN_MASKED = (PiiKind.ID18, PiiKind.ID15, PiiKind.BANK_CARD, PiiKind.MOBILE)


@dataclass
class _Report:
    path: str
    kind: FileKind
    text: str
    hits: list[Hit] = field(default_factory=list)

    @property
    def note(self) -> str:
        if self.kind.is_image:
            return "图片中的文字无法自动检查，请人工核对"
        if self.kind is FileKind.PDF and not self.text.strip():
            return "PDF 没有文字层（可能是扫描件），无法自动检查，请人工核对"
        return ""

    def position(self, hit: Hit) -> tuple[int, int]:
        line = self.text.count("\n", 0, hit.start) + 1
        column = hit.start - (self.text.rfind("\n", 0, hit.start) + 1) + 1
        return line, column


class Command(BaseCommand):
    help = "检查文件中的个人信息（身份证号、手机号码、银行卡号、详细住址、固定电话）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", title="子命令", metavar="子命令")
        scan_parser = sub.add_parser("scan", help="扫描文件（TXT、CSV、DOCX、XLSX、PDF）")
        scan_parser.add_argument("files", nargs="*", metavar="文件", help="要检查的文件")
        scan_parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("subcommand") != "scan":
            raise CommandError("请指定子命令：scan", returncode=USAGE_ERROR)
        paths = options.get("files") or []
        if not paths:
            raise CommandError("请指定要检查的文件", returncode=USAGE_ERROR)
        reports: list[_Report] = []
        errors: list[tuple[str, str]] = []
        for path in paths:
            try:
                reports.append(self._scan(path))
            except FileTypeError as exc:
                errors.append((path, str(exc)))
        if options.get("json"):
            self._print_json(reports, errors)
        else:
            self._print_text(reports)
        if errors:
            raise CommandError("\n".join(m for _, m in errors), returncode=USAGE_ERROR)
        blocking = sum(h.blocks_publication for r in reports for h in r.hits)
        if blocking:
            raise CommandError(
                f"发现 {blocking} 处须遮盖的个人信息，遮盖或填写公开理由后才能发布",
                returncode=FOUND,
            )

    def _scan(self, path: str) -> _Report:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            reasons = {
                FileNotFoundError: "文件不存在",
                IsADirectoryError: "这是一个目录",
                PermissionError: "没有读取权限",
            }
            reason = reasons.get(type(exc), exc.strerror)
            raise FileTypeError(f"无法读取文件“{path}”：{reason}") from None
        kind = sniff(data, Path(path).name)
        text = extract_text(data, kind, hidden=True)
        return _Report(path, kind, text, scan(text))

    def _print_text(self, reports: list[_Report]) -> None:
        if not reports:
            return  # nothing was read: only the errors on stderr
        total = blocking = 0
        for report in reports:
            if report.note:
                self.stdout.write(f"{report.path}: {report.note}")
            for hit in report.hits:
                line, column = report.position(hit)
                shown = hit.masked if hit.kind in _SHOWN_MASKED else hit.value
                where = f"{report.path}:{line}:{column}"
                text = f"{where} {hit.kind.label} {shown} 建议遮盖为 {hit.masked}"
                if not hit.blocks_publication:
                    text += "（仅提示，不阻止发布）"
                self.stdout.write(text)
                total += 1
                blocking += hit.blocks_publication
        if not total:
            self.stdout.write("未发现个人信息")
        else:
            self.stdout.write(
                f"共发现 {total} 处个人信息，其中 {blocking} 处须遮盖或填写公开理由后才能发布"
            )

    def _print_json(self, reports: list[_Report], errors: list[tuple[str, str]]) -> None:
        files = []
        for report in reports:
            hits = []
            for hit in report.hits:
                line, column = report.position(hit)
                hits.append(
                    {
                        "kind": hit.kind.value,
                        "label": hit.kind.label,
                        "start": hit.start,
                        "end": hit.end,
                        "line": line,
                        "column": column,
                        "value": hit.value,
                        "masked": hit.masked,
                        "blocks_publication": hit.blocks_publication,
                    }
                )
            files.append(
                {"file": report.path, "kind": report.kind.value, "note": report.note, "hits": hits}
            )
        all_hits = [h for r in reports for h in r.hits]
        data = {
            "files": files,
            "errors": [{"file": path, "message": message} for path, message in errors],
            "total": len(all_hits),
            "blocking": sum(h.blocks_publication for h in all_hits),
        }
        self.stdout.write(json.dumps(data, ensure_ascii=False))
