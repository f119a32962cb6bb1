"""``gongkai search``: rebuild the full-text index, or ask it a question.

    gongkai search rebuild                       → 已重建检索索引：共 1234 篇文件。
    gongkai search query 低保
    gongkai search query "“低保资金” 2024" --year 2024 --order date --json

Errors go to stderr in Chinese and the command exits with status 2.
"""

from __future__ import annotations

import html
import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.search import index
from gongkai.search.types import MAX_LIMIT, SearchPage, SearchQuery

USAGE_ERROR = 2
SUBCOMMANDS = "rebuild 或 query"


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


def _plain(marked: str) -> str:
    """Highlighted HTML for a terminal: marks as 【】, entities decoded."""
    return html.unescape(marked.replace("<mark>", "【").replace("</mark>", "】"))


class Command(BaseCommand):
    help = "全文检索：重建索引（rebuild）或检索（query）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", title="子命令", metavar="子命令")

        rebuild = sub.add_parser("rebuild", help="清空索引，并从已登记的来源重新建立")
        rebuild.add_argument(
            "--processes", type=int, default=None, help="分词进程数（默认为 CPU 核数）"
        )

        query = sub.add_parser("query", help="检索并显示结果")
        query.add_argument("text", nargs="?", help="检索词；空格分隔的词须同时出现，引号内为短语")
        query.add_argument("--agency-path", help="发布机构路径（含下级），如 /00000001/")
        query.add_argument("--agency", type=int, help="发布机构编号（不含下级）")
        query.add_argument("--column", type=int, help="栏目编号")
        query.add_argument("--theme", help="主题分类代码，如 05 或 05.02")
        query.add_argument("--genre", help="体裁代码")
        query.add_argument("--year", type=int, help="成文年份")
        query.add_argument("--validity", choices=("valid", "expired", "repealed"), help="效力状态")
        query.add_argument("--order", choices=("relevance", "date"), default="relevance")
        query.add_argument("--offset", type=int, default=0)
        query.add_argument("--limit", type=int, default=20, help=f"每页条数（最多 {MAX_LIMIT}）")
        query.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args: Any, **options: Any) -> None:
        handlers = {"rebuild": self.rebuild, "query": self.query}
        handler = handlers.get(options.get("subcommand") or "")
        if handler is None:
            raise _fail(f"请指定子命令：{SUBCOMMANDS}")
        handler(options)

    def rebuild(self, options: dict[str, Any]) -> None:
        if not index.registered_sources():
            raise _fail("没有登记任何索引来源，无法重建：请先安装提供文件的模块。")
        processes = options.get("processes")
        if processes is not None and processes < 1:
            raise _fail("分词进程数必须大于 0")
        count = index.rebuild(processes=processes)
        self.stdout.write(f"已重建检索索引：共 {count} 篇文件。")

    def query(self, options: dict[str, Any]) -> None:
        text = options.get("text")
        if text is None:
            raise _fail("缺少参数：检索词")
        if options["limit"] < 1 or options["offset"] < 0:
            raise _fail("每页条数必须大于 0，起始位置不能为负数")
        request = SearchQuery(
            text=text,
            agency_path=options.get("agency_path"),
            agency_id=options.get("agency"),
            column_id=options.get("column"),
            theme=options.get("theme"),
            genre=options.get("genre"),
            year=options.get("year"),
            validity=options.get("validity"),
            order=options["order"],
            offset=options["offset"],
            limit=options["limit"],
        )
        page = index.search(request)
        if options.get("json"):
            self.stdout.write(json.dumps(_as_json(page), ensure_ascii=False))
            return
        self._print_page(page)

    def _print_page(self, page: SearchPage) -> None:
        if not page.total:
            self.stdout.write(page.suggestion)
            return
        first = page.query.offset + 1
        last = page.query.offset + len(page.hits)
        self.stdout.write(f"共 {page.total} 条，第 {first}–{last} 条：")
        for hit in page.hits:
            date = hit.published_at.date().isoformat()
            self.stdout.write(f"\n[{hit.key}] {_plain(hit.title_html)}  {date}  {hit.score:.4g}")
            self.stdout.write(f"    {_plain(hit.snippet_html)}")


def _as_json(page: SearchPage) -> dict[str, Any]:
    data = asdict(page)
    for hit in data["hits"]:
        hit["published_at"] = hit["published_at"].isoformat()
    return data
