"""Recognising a report: which form its tables follow, whose report it is, which year."""

from __future__ import annotations

import re

from gongkai.reports.formspec import LOCAL_FORM
from gongkai.reports.result import UnreadableReport
from gongkai.reports.text import fold, squeeze

UNKNOWN_FORM = (
    "无法识别报告的统计表格式：没有找到2021年格式（本年制发件数…）、2019年试行格式"
    "（本年新制作数量…）或2014年统计表（统计指标…主动公开政府信息数…）的表头"
)


def detect_form(text: str) -> str:
    """``2021``, ``2019``, ``2014`` or ``local``; raises :class:`UnreadableReport`."""
    key = squeeze(text)  # the keywords are plain CJK: no width folding needed (and it is slow)
    if "指标名称" in key and "计量单位" in key and ("历年累计" in key or "本年度" in key):
        return LOCAL_FORM
    if any(h in key for h in ("本年制发件数", "本年废止件数", "现行有效件数")):
        return "2021"
    if any(h in key for h in ("本年新制作数量", "本年新公开数量", "对外公开总数量")):
        return "2019"
    if "主动公开政府信息数" in key and ("收到申请数" in key or "统计指标" in key):
        return "2014"
    if "收到和处理政府信息公开申请情况" in key and "申请人情况" in key:
        return "2021" if "逾期不补正" in key else "2019"
    raise UnreadableReport(UNKNOWN_FORM)


_TITLE = re.compile(
    r"(?:标题:)?(?P<before>[^。;!?]{0,40}?)(?P<year>20\d\d)年度?"
    r"(?P<after>[^。;!?]{0,30}?)政府信息公开(?:工作)?(?:年度报告|情况统计表|年报)"
)
_PERIOD = re.compile(r"统计(?:期限|周期|时限)?(?:为|自|从)?(?P<year>20\d\d)年1月1日")
_NOISE = re.compile(r"^(?:标题:|正文|=+)+")


def detect_title(text: str) -> tuple[str, int | None]:
    """(agency name, report year) from the report's title; ("", None) when not found."""
    head = fold(text[:1500])
    match = _TITLE.search(head)
    if match is None:
        period = _PERIOD.search(fold(text[:5000]))
        return "", int(period.group("year")) if period else None
    before = _NOISE.sub("", match.group("before")).strip(",:")
    after = match.group("after").strip(",:")
    agency = before if len(before) >= 2 else after
    return agency, int(match.group("year"))
