"""Reading an import file (CSV, XLSX, JSONL) and the values in its cells."""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from gongkai.lib.tables import TableError, decode_text
from gongkai.publishing.importer.fields import (
    _DATE_FORMS,
    _DATE_HINT,
    _TIME,
    FIELDS,
    MAX_ROWS,
    RowError,
)
from gongkai.publishing.models import (
    Disclosure,
    FiveCategory,
    Genre,
    KeyArea,
    Validity,
    WithholdGround,
)

# --- reading ---------------------------------------------------------------------------


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, dict[str, Any]]]  # (line, values keyed by header)
    broken: list[RowError] = field(default_factory=list)  # JSONL lines that are not objects


def read_table(name: str, data: bytes) -> Table:
    """The rows of a CSV, XLSX or JSONL file with the line number a person sees.

    (Not :func:`gongkai.lib.tables.read_records`: that caps files at 5,000 rows and
    turns XLSX date-times into dates, which loses the 发布日期's time.)"""
    if not data.strip():
        raise TableError("文件是空的")
    lower = name.lower()
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        table = _read_jsonl(decode_text(data))
    elif lower.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        table = _table(_xlsx_rows(data))
    elif lower.endswith(".xls"):
        raise TableError("不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV")
    else:
        table = _table(_csv_rows(decode_text(data)))
    if len(table.rows) > MAX_ROWS:
        raise TableError(
            f"文件行数过多（{len(table.rows)} 行），一次最多导入 {MAX_ROWS} 行，请分成几个文件"
        )
    return table


def _csv_rows(text: str) -> list[tuple[int, list[Any]]]:
    csv.field_size_limit(16 * 1024 * 1024)  # bodies are long; the default is 128 KB
    reader = csv.reader(io.StringIO(text))
    rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise TableError(f"CSV 文件格式有误（第{reader.line_num}行）：{exc}") from None
    return rows


def _xlsx_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise TableError("无法读取该 Excel 文件，请确认是 .xlsx 格式") from None
    rows = [
        (n, list(row))
        for n, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)
    ]
    book.close()
    return rows


def _table(rows: list[tuple[int, list[Any]]]) -> Table:
    rows = [(n, r) for n, r in rows if any(_text(c) for c in r)]
    if not rows:
        raise TableError("文件中没有数据")
    header = [_text(h) for h in rows[0][1]]
    out = []
    for line, row in rows[1:]:
        out.append((line, {h: row[i] if i < len(row) else "" for i, h in enumerate(header) if h}))
    return Table([h for h in header if h], out)


def _read_jsonl(text: str) -> Table:
    header: dict[str, None] = {}
    rows: list[tuple[int, dict[str, Any]]] = []
    broken: list[RowError] = []
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            broken.append(RowError(line, f"不是有效的 JSON（{exc.msg}）"))
            rows.append((line, {"原始内容": raw}))
            continue
        if not isinstance(value, dict):
            broken.append(RowError(line, "每行应为一个 JSON 对象"))
            rows.append((line, {"原始内容": raw}))
            continue
        header.update(dict.fromkeys(str(k) for k in value))
        rows.append((line, {str(k): v for k, v in value.items()}))
    if not rows:
        raise TableError("文件中没有数据")
    return Table(list(header), rows, broken)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(_text(v) for v in value)
    return str(value).strip()


def _header_key(text: str) -> str:
    return text.replace("*", "").replace("＊", "").strip().lower()


HEADER_FIELDS = {_header_key(h): name for name, headers in FIELDS.items() for h in headers}


# --- values ------------------------------------------------------------------------------


def parse_date(text: str) -> datetime.date:
    """``2018-03-05``, ``2018/3/5``, ``2018年3月5日`` or ``2018.3.5``; ValueError if not."""
    for form in _DATE_FORMS:
        m = form.fullmatch(text)
        if m:
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    raise ValueError(_DATE_HINT)


def parse_datetime(text: str) -> datetime.datetime:
    """A date (midnight, Asia/Shanghai) or a date and a time, optionally with an offset."""
    for form in _DATE_FORMS:
        m = form.match(text)
        if not m:
            continue
        day = datetime.date(int(m[1]), int(m[2]), int(m[3]))
        rest = text[m.end() :]
        if not rest:
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0)))
        t = _TIME.fullmatch(rest)
        if not t:
            break
        moment = datetime.datetime.combine(day, datetime.time(int(t[1]), int(t[2]), int(t[3] or 0)))
        if t[4] is None:
            return timezone.make_aware(moment)
        offset = t[4].replace(":", "")
        if offset == "Z":
            return moment.replace(tzinfo=datetime.UTC)
        minutes = int(offset[1:3]) * 60 + int(offset[3:5])
        tz = datetime.timezone(
            datetime.timedelta(minutes=minutes if offset[0] == "+" else -minutes)
        )
        return moment.replace(tzinfo=tz)
    raise ValueError("（应写作 2018-03-05 或 2018-03-05 10:30）")


def _choices(enum: Any) -> dict[str, str]:
    words: dict[str, str] = {}
    for value, label in enum.choices:
        words[value] = value
        words[str(label)] = value
        words.setdefault(str(label).split("（")[0], value)
    return words


GENRE_WORDS = _choices(Genre)
VALIDITY_WORDS = _choices(Validity)
FIVE_WORDS = _choices(FiveCategory)
KEY_AREA_WORDS = _choices(KeyArea)
DISCLOSURE_WORDS = _choices(Disclosure)
GROUND_WORDS = _choices(WithholdGround)
