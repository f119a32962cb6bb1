"""Reading dates, counts and yes/no values typed by people (CLI, CSV files).

Every function raises :class:`ValueError` whose message is Chinese and says what was
wrong and what is expected, so callers can show it as it is.
"""

from __future__ import annotations

import datetime
import re

from gongkai.workdays.calendar import MAX_DAYS

_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")

#: Accepted spellings of "is a working day" (lower-cased) and of "is a day off".
WORKDAY_WORDS = frozenset({"1", "true", "是", "上班", "班"})
HOLIDAY_WORDS = frozenset({"0", "false", "否", "休息", "休"})


def parse_date(text: str, *, label: str = "日期") -> datetime.date:
    """``2027-01-01`` or ``2027/1/1``."""
    value = text.strip()
    match = _DATE.fullmatch(value)
    if match is None:
        raise ValueError(f"{label}“{value}”无法识别，应为 YYYY-MM-DD 格式，如 2027-01-01")
    year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"{label}“{value}”不存在") from None


def parse_days(text: str) -> int:
    """A number of working days, 0 to :data:`MAX_DAYS`."""
    value = text.strip()
    if not re.fullmatch(r"\d+", value) or int(value) > MAX_DAYS:
        raise ValueError(f"工作日数“{value}”无效，应为 0 到 {MAX_DAYS} 之间的整数")
    return int(value)


def parse_workday_flag(text: str) -> bool:
    """``1``/``0``, ``true``/``false``, ``是``/``否``, ``上班``/``休息``, ``班``/``休``."""
    value = text.strip()
    if value.lower() in WORKDAY_WORDS:
        return True
    if value.lower() in HOLIDAY_WORDS:
        return False
    raise ValueError(
        f"是否工作日“{value}”无法识别，应为 1 或 0（也可写 true/false、是/否、上班/休息、班/休）"
    )
