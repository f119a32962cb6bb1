"""Reading a holiday-schedule CSV file: ``date,is_workday,note`` (or the Chinese
headers ``日期,是否工作日,说明``), one special day per row.

Nothing here touches the database: :func:`read_schedule_csv` returns the parsed rows and
every problem found, each with the line number people see in a spreadsheet (the header
is line 1). The import action refuses the whole file when there is any error.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from gongkai.lib.tables import decode_text
from gongkai.workdays.models import FIRST_YEAR, LAST_YEAR, ScheduleDay
from gongkai.workdays.parsing import parse_date, parse_workday_flag

MAX_ROWS = 1000
NOTE_MAX_LENGTH = ScheduleDay._meta.get_field("note").max_length or 100

HEADERS = {
    "date": "date",
    "日期": "date",
    "is_workday": "is_workday",
    "是否工作日": "is_workday",
    "note": "note",
    "说明": "note",
}
COLUMN_LABELS = {"date": "日期", "is_workday": "是否工作日"}
HEADER_HELP = "表头应为 date,is_workday,note（或 日期,是否工作日,说明）"

SAMPLE = (
    "date,is_workday,note\n2027-01-01,0,元旦\n2027-02-06,休息,春节\n2027-02-20,上班,春节调休上班\n"
)


@dataclass(frozen=True)
class RowError:
    line: int  # 0 for a problem with the whole file
    message: str

    def __str__(self) -> str:
        return f"第{self.line}行：{self.message}" if self.line else self.message


@dataclass(frozen=True)
class CsvDay:
    line: int
    date: datetime.date
    is_workday: bool
    note: str


def decode(data: bytes | str) -> str:
    """UTF-8 with or without BOM, else GB18030 (as saved by Excel/WPS on Chinese Windows)."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    return decode_text(data)  # raises TableError, a ValueError


def read_schedule_csv(data: bytes | str) -> tuple[list[CsvDay], list[RowError]]:
    """All rows of the file and all the errors found (an empty list when it is good)."""
    try:
        text = decode(data)
    except ValueError as exc:
        return [], [RowError(0, str(exc))]
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        columns, header_errors = _columns(header)
        if header_errors:
            return [], header_errors
        days: list[CsvDay] = []
        errors: list[RowError] = []
        first_line: dict[datetime.date, int] = {}
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(days) + len(errors) >= MAX_ROWS:
                return [], [RowError(0, f"文件行数过多，一次最多导入 {MAX_ROWS} 行")]
            line = reader.line_num
            day, error = _row(line, row, columns)
            if error is not None:
                errors.append(error)
            elif day is not None:
                if day.date in first_line:
                    message = f"日期 {day.date.isoformat()} 与第{first_line[day.date]}行重复"
                    errors.append(RowError(line, message))
                else:
                    first_line[day.date] = line
                    days.append(day)
    except csv.Error as exc:
        return [], [RowError(reader.line_num, f"CSV 格式有误（{exc}）")]
    if not days and not errors:
        errors.append(RowError(0, "文件中没有数据行"))
    return days, errors


def _columns(header: list[str] | None) -> tuple[dict[str, int], list[RowError]]:
    if header is None or not any(cell.strip() for cell in header):
        return {}, [RowError(0, f"文件是空的，{HEADER_HELP}")]
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = cell.strip().lower()
        if not name:
            continue
        field = HEADERS.get(name)
        if field is None or field in columns:
            return {}, [RowError(1, f"无法识别的列“{cell.strip()}”，{HEADER_HELP}")]
        columns[field] = index
    missing = [label for name, label in COLUMN_LABELS.items() if name not in columns]
    if missing:
        return {}, [RowError(1, f"缺少“{'、'.join(missing)}”列，{HEADER_HELP}")]
    return columns, []


def _row(
    line: int, row: list[str], columns: dict[str, int]
) -> tuple[CsvDay | None, RowError | None]:
    width = max(columns.values()) + 1
    if any(cell.strip() for cell in row[width:]):
        return None, RowError(line, f"列数多于表头（应为 {width} 列）")

    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    raw_date, raw_flag, note = cell("date"), cell("is_workday"), cell("note")
    if not raw_date:
        return None, RowError(line, "缺少日期")
    if not raw_flag:
        return None, RowError(line, "缺少是否工作日")
    try:
        date = parse_date(raw_date)
        is_workday = parse_workday_flag(raw_flag)
    except ValueError as exc:
        return None, RowError(line, str(exc))
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        return None, RowError(line, f"日期 {raw_date} 超出可录入的年份（{FIRST_YEAR}–{LAST_YEAR}）")
    if len(note) > NOTE_MAX_LENGTH:
        return None, RowError(line, f"说明不能超过 {NOTE_MAX_LENGTH} 个字")
    return CsvDay(line, date, is_workday, note), None
