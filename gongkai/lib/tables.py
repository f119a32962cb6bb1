"""Read a small uploaded table (CSV or XLSX) into rows of text cells.

Used by the importers (agencies, holiday schedules, …). CSV may be UTF-8 (with or
without BOM) or GB18030, as saved by Excel/WPS on Chinese Windows.
"""

from __future__ import annotations

import csv
import io
import zipfile

MAX_ROWS = 5000


class TableError(ValueError):
    """The file cannot be read as a table; the message is for users (Chinese)."""


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("文件编码无法识别，请另存为 UTF-8 或 GB18030 编码的 CSV 文件")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and hasattr(value, "hour"):  # datetime from openpyxl
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def read_rows(data: bytes, filename: str = "") -> list[tuple[int, list[str]]]:
    """The non-blank rows of the first sheet / the CSV as ``(line number, cells)``; the
    line number is the one a spreadsheet shows (blank lines are counted, then skipped)."""
    if not data:
        raise TableError("文件是空的")
    is_xlsx = filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK"
    if is_xlsx:
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            raise TableError("无法读取该 Excel 文件，请确认是 .xlsx 格式") from None
        sheet = book.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    else:
        if filename.lower().endswith(".xls"):
            raise TableError("不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV")
        text = decode_text(data)
        try:
            rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
        except csv.Error as exc:
            raise TableError(f"CSV 文件格式有误：{exc}") from None
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(cell for cell in row)]
    if len(numbered) > MAX_ROWS:
        raise TableError(f"文件行数过多（{len(numbered)} 行），一次最多导入 {MAX_ROWS} 行")
    return numbered


def read_records(
    data: bytes, filename: str, columns: dict[str, str]
) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """Rows as dicts keyed by field name, using ``columns`` = {header text: field}.

    Returns ``(records, missing_headers)``; each record carries its 1-based row
    line number in the file (the header is usually line 1), for error messages.
    """
    rows = read_rows(data, filename)
    if not rows:
        raise TableError("文件中没有数据")
    header = [h.replace("*", "").replace("＊", "").strip() for h in rows[0][1]]
    index = {name: i for i, name in enumerate(header) if name}
    mapping: dict[str, int] = {}
    for text, field in columns.items():
        if text in index and field not in mapping:
            mapping[field] = index[text]
    first_header: dict[str, str] = {}
    for text, field in columns.items():
        first_header.setdefault(field, text)
    missing = [text for field, text in first_header.items() if field not in mapping]
    records = []
    for number, row in rows[1:]:
        records.append(
            (number, {field: (row[i] if i < len(row) else "") for field, i in mapping.items()})
        )
    return records, missing
