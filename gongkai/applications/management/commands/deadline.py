"""``gongkai deadline``: the statutory dates of an application received on a given day.

    gongkai deadline --received 2024-09-27
    gongkai deadline --received 2024-09-27 --paused 8 --extension 10 --json

Prints the correction-notice date (7 working days), the reply due date (20, or 15
before 2019-05-15, plus the extension and the working days not counted) and the latest
date with the longest extension the law allows, the regime, and whether a date depends
on a year whose holiday schedule is not yet known (provisional). Errors go to stderr
in Chinese and the command exits with status 2.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.applications import deadlines
from gongkai.workdays.calendar import MAX_DAYS, WorkdayCalendar
from gongkai.workdays.parsing import parse_date

USAGE_ERROR = 2
#: The 2007 条例 took effect on 1 May 2008; nothing earlier has statutory periods here.
FIRST_DAY = datetime.date(2008, 5, 1)


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


def _count(value: str | None, label: str, high: int, note: str = "") -> int:
    if value is None:
        return 0
    text = value.strip()
    if not re.fullmatch(r"\d+", text) or int(text) > high:
        raise _fail(f"{label}“{text}”无效，应为 0 到 {high} 之间的整数{note}")
    return int(text)


class Command(BaseCommand):
    help = "计算依申请公开的补正告知期限、答复期限和最迟答复期限"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--received", help="收到申请日期，如 2024-09-27")
        parser.add_argument("--paused", help="不计入期限的工作日数（征求意见、缴费期间），默认 0")
        parser.add_argument("--extension", help="已决定延长的工作日数，默认 0")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args: Any, **options: Any) -> None:
        raw = options.get("received")
        if raw is None:
            raise _fail("请用 --received 指定收到申请日期，如 --received 2024-09-27")
        try:
            received = parse_date(raw, label="收到申请日期")
        except ValueError as exc:
            raise _fail(str(exc)) from None
        if received < FIRST_DAY:
            raise _fail("收到申请日期不能早于 2008-05-01（《政府信息公开条例》施行之日）")
        periods = deadlines.periods_for(received)
        paused = _count(options.get("paused"), "不计入期限的工作日数", MAX_DAYS)
        extension = _count(
            options.get("extension"),
            "延长工作日数",
            periods.max_extension,
            f"（{periods.label}）",
        )
        cal = WorkdayCalendar()
        try:
            notice = cal.add(received, periods.correction_notice)
            due = cal.add(received, periods.reply + extension + paused)
            latest = cal.add(received, periods.reply + periods.max_extension + paused)
        except ValueError as exc:
            raise _fail(str(exc)) from None
        provisional = notice.provisional or due.provisional or latest.provisional
        if options.get("json"):
            data = {
                "received": received.isoformat(),
                "regime": periods.regime,
                "correction_notice_due": notice.date.isoformat(),
                "reply_due": due.date.isoformat(),
                "latest_due": latest.date.isoformat(),
                "provisional": provisional,
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        lines = [
            f"收到申请日期：{received.isoformat()}",
            f"适用规定：{periods.label}",
            f"补正告知期限：{notice.date.isoformat()}",
        ]
        if paused:
            lines.append(f"不计入期限的工作日：{paused} 个")
        extended = f"（已延长{extension}个工作日）" if extension else ""
        lines.append(f"答复期限{extended}：{due.date.isoformat()}")
        lines.append(
            f"最迟答复期限（延长{periods.max_extension}个工作日）：{latest.date.isoformat()}"
        )
        if provisional:
            lines.append("注意：期限涉及尚未录入节假日安排的年度，以上日期为暂定日期")
        self.stdout.write("\n".join(lines))
