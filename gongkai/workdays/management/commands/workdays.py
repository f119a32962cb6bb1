"""``gongkai workdays``: working-day answers and schedule import from the command line.

    gongkai workdays add 2024-09-27 20          → 2024-10-30
    gongkai workdays add 2026-12-25 10          → 2027-01-08 provisional
    gongkai workdays between 2024-09-27 2024-10-30 --json
    gongkai workdays is 2024-10-01
    gongkai workdays import 2027.csv

Errors go to stderr in Chinese and the command exits with status 2.
"""

from __future__ import annotations

import argparse
import datetime
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.workdays import actions
from gongkai.workdays.calendar import WorkdayCalendar
from gongkai.workdays.parsing import parse_date, parse_days

USAGE_ERROR = 2
SUBCOMMANDS = "add、between、is 或 import"


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


def _required(options: dict[str, Any], name: str, what: str) -> str:
    value = options.get(name)
    if value is None:
        raise _fail(f"缺少参数：{what}")
    return str(value)


def _date(options: dict[str, Any], name: str, what: str) -> datetime.date:
    try:
        return parse_date(_required(options, name, what), label=what)
    except ValueError as exc:
        raise _fail(str(exc)) from None


class Command(BaseCommand):
    help = "工作日计算（add、between、is）和节假日安排导入（import）"
    missing_args_message = f"请指定子命令：{SUBCOMMANDS}"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", title="子命令", metavar="子命令")

        add = sub.add_parser("add", help="起算日期之后的第 N 个工作日（起算日当天不计入）")
        add.add_argument("date", nargs="?", help="起算日期，如 2024-09-27")
        add.add_argument("days", nargs="?", help="工作日数，如 20")
        self._json_flag(add)

        between = sub.add_parser("between", help="两个日期之间的工作日数（不含起始日，含结束日）")
        between.add_argument("start", nargs="?", help="起始日期")
        between.add_argument("end", nargs="?", help="结束日期")
        self._json_flag(between)

        is_ = sub.add_parser("is", help="某一天是工作日（workday）还是休息日（holiday）")
        is_.add_argument("date", nargs="?", help="日期，如 2024-10-01")
        self._json_flag(is_)

        imp = sub.add_parser("import", help="从 CSV 文件导入节假日安排（date,is_workday,note）")
        imp.add_argument("file", nargs="?", help="CSV 文件路径")
        self._json_flag(imp)

    @staticmethod
    def _json_flag(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args: Any, **options: Any) -> None:
        handlers = {
            "add": self.add,
            "between": self.between,
            "is": self.is_workday,
            "import": self.import_file,
        }
        handler = handlers.get(options.get("subcommand") or "")
        if handler is None:
            raise _fail(f"请指定子命令：{SUBCOMMANDS}")
        handler(options)

    def _print(self, options: dict[str, Any], text: str, data: dict[str, Any]) -> None:
        if options.get("json"):
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            self.stdout.write(text)

    def add(self, options: dict[str, Any]) -> None:
        start = _date(options, "date", "起算日期")
        try:
            days = parse_days(_required(options, "days", "工作日数"))
            result = WorkdayCalendar().add(start, days)
        except ValueError as exc:
            raise _fail(str(exc)) from None
        text = result.date.isoformat() + (" provisional" if result.provisional else "")
        data = {"date": result.date.isoformat(), "provisional": result.provisional}
        self._print(options, text, data)

    def between(self, options: dict[str, Any]) -> None:
        start = _date(options, "start", "起始日期")
        end = _date(options, "end", "结束日期")
        try:
            result = WorkdayCalendar().between(start, end)
        except ValueError as exc:
            raise _fail(str(exc)) from None
        text = str(result.count) + (" provisional" if result.provisional else "")
        self._print(options, text, {"workdays": result.count, "provisional": result.provisional})

    def is_workday(self, options: dict[str, Any]) -> None:
        day = _date(options, "date", "日期")
        status = WorkdayCalendar().status(day)
        text = ("workday" if status.is_workday else "holiday") + (
            " provisional" if status.provisional else ""
        )
        data = {
            "date": day.isoformat(),
            "workday": status.is_workday,
            "provisional": status.provisional,
            "note": status.note,
        }
        self._print(options, text, data)

    def import_file(self, options: dict[str, Any]) -> None:
        path = Path(_required(options, "file", "CSV 文件路径"))
        try:
            data = path.read_bytes()
        except OSError as exc:
            reason = "文件不存在" if isinstance(exc, FileNotFoundError) else exc.strerror
            raise _fail(f"无法读取文件“{path}”：{reason}") from None
        try:
            result = actions.import_schedule_csv(actor=None, data=data)
        except actions.ScheduleImportError as exc:
            lines = [str(exc), *(str(error) for error in exc.errors)]
            raise _fail("\n".join(lines)) from None
        text = "\n".join(f"已导入 {year}" for year in result.years)
        years = [
            {
                "year": y.schedule.year,
                "created": y.created,
                "updated": y.updated,
                "unchanged": y.unchanged,
                "schedule_created": y.schedule_created,
            }
            for y in result.years
        ]
        self._print(options, text, {"years": years})
