"""``gongkai import documents FILE`` — bulk import of 政府信息 (see
:mod:`gongkai.publishing.importer`).

Exit codes: 0 imported (or, with ``--dry-run``, valid; with ``--skip-bad``, the good
rows imported and the bad ones written to the rejects file); 1 the file was refused and
nothing was written; 2 the file cannot be read, or the arguments are wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.publishing.importer import (
    CHANNEL_SYNTAX,
    FIELDS,
    import_documents,
    write_rejects,
)

FIELD_HELP = "\n".join(
    f"  {headers[-1]:<20} {'、'.join(headers[:-1])}" for headers in FIELDS.values()
)
DOCUMENTS_HELP = f"""\
导入 CSV（UTF-8 或 GB18030）、XLSX 或 JSONL（每行一个 JSON 对象）文件中的政府信息。
表头可用中文或英文，必填：标题、成文日期，以及机构标识（或用 --agency 指定）。

有“发布日期”的行按已发布导入（历史信息不再经过审查）：保留文件中的索引号（接受
rules.md §5.4 的各种历史格式），没有的按 前段码/年份-顺序号 生成；并登记政府网站及
“发布渠道”列中的渠道，建立全文检索。没有发布日期的行导入为草稿。
日期可写作 2018-03-05、2018/3/5 或 2018年3月5日；发布日期可带时间（2018-03-05 10:30）。
是否类字段填 是/否（或 true/false、1/0）。体裁、有效性、五公开类别、重点领域、公开属性、
不公开依据可填代码或中文名称；公开属性默认为主动公开。主题分类填代码（02.01）或
“综合政务\\政务公开”；栏目填“政策文件/规范性文件”这样的路径（或本机构唯一的栏目名）。

字段（英文名  中文表头）：
{FIELD_HELP}

{CHANNEL_SYNTAX}

任何一行有错误时整个文件不导入（退出码 1），并列出每一处错误；用 --skip-bad 只导入
正确的行，并把有错误的行（加“错误”列）写入指定文件。退出码 2：文件无法读取或参数有误。
"""


class Command(BaseCommand):
    help = "批量导入：gongkai import documents FILE（政府信息）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, metavar="documents")
        d = sub.add_parser(
            "documents",
            help="导入政府信息（CSV、XLSX 或 JSONL）",
            description=DOCUMENTS_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        d.add_argument("file", help="要导入的文件")
        d.add_argument("--agency", metavar="SLUG", help="文件中没有机构列（或为空）时的发布机构")
        d.add_argument("--actor", metavar="USERNAME", help="记入审计记录的操作人（默认为“系统”）")
        d.add_argument(
            "--skip-bad",
            metavar="REJECTS",
            help="只导入正确的行，把有错误的行写入该文件（.csv 或 .jsonl）",
        )
        d.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        d.add_argument("--json", action="store_true", dest="as_json", help="以 JSON 输出结果")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(slug=options["agency"]).first()
            if agency is None:
                raise CommandError(f"没有标识为 {options['agency']} 的机构", returncode=2)
        actor = None
        if options["actor"]:
            actor = User.objects.filter(username=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(f"没有用户名为 {options['actor']} 的在用账号", returncode=2)
        rejects = options["skip_bad"]
        report = import_documents(
            options["file"],
            actor=actor,
            default_agency=agency,
            skip_bad=bool(rejects),
            dry_run=options["dry_run"],
        )
        if rejects and report.rejected and report.exit_code == 0:
            try:
                write_rejects(report, rejects)
            except OSError as exc:
                raise CommandError(f"无法写入 {rejects}：{exc.strerror}", returncode=2) from None
        if options["as_json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        else:
            for error in report.errors:
                self.stderr.write(str(error))
            lines = report.summary()
            if rejects and report.rejected and report.exit_code == 0:
                lines.append(f"有错误的行已写入 {rejects}。")
            out = self.stdout if report.exit_code == 0 else self.stderr
            for line in lines:
                out.write(line)
        if report.exit_code:
            sys.exit(report.exit_code)
