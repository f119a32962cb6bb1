"""Reading the legacy 2014 统计表 (统计指标 | 单位 | 统计数) out of a report's text.

The text may come from a PDF text layer, a web page or a Word table, so the reader does
not trust line structure. It finds every row's label in printed order (white space and
line breaks inside a label ignored, brackets and digits in either width, small wording
variants), and reads the value from the text between that label and the next one: an
optional unit cell, then the value cell. A blank value is 0. A value it cannot read for
sure is left 0 with a note; nothing is guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from gongkai.reports.formspec import LEGACY_MONEY_CODES, LEGACY_ROWS, empty_tables
from gongkai.reports.result import ParseNote

MISSING_TABLE = (
    "没有找到2014年格式的《政府信息公开情况统计表》（统计指标 / 单位 / 统计数），统计表各项记为 0"
)

# --- text normalisation --------------------------------------------------------------
# Full-width brackets, digits, colons and spaces to ASCII (what NFKC does to them), and
# one spelling for the marks labels are written with. A regex substitution touches only
# those characters, much faster than translating every character of a long report.
_MARKS = {
    **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
    "\u3000": " ",
    "\u00a0": " ",
    "、": ",",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
}
_MARK = re.compile("[" + "".join(map(re.escape, _MARKS)) + "]")

_CN_NUM = "一二三四五六七八九十"
_UNITS = ("人次", "万元", "条", "件", "次", "篇", "个", "人", "项", "元", "万")
_COUNT_UNITS = frozenset({"人次", "条", "件", "次", "篇", "个", "人", "项"})
_MONEY_UNITS = frozenset({"万元", "万"})
_UNIT_CELL = re.compile(r"(?<!\S)(?:人次|万元|条|件|次|篇|个|人|项)(?!\S)")
_VALUE = re.compile(
    r"(?P<lead>人次|万元|条|件|次|篇|个|人|项)?\s*"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"\s*(?P<unit>" + "|".join(_UNITS) + r")?"
)
_NONE_VALUE = re.compile(r"[-—–~/\\_]+|无")
_HEADER = re.compile(r"统\s*计\s*指\s*标[\s\S]{0,20}?(?:单\s*位|统\s*计\s*数)")
#: Where the table starts when it has no column header: its first heading (which prose
#: does not use), else its first row.
_FIRST_ROWS = (
    re.compile(r"一\s*,\s*主\s*动\s*公\s*开\s*情\s*况"),
    re.compile(r"\(\s*一\s*\)\s*主\s*动\s*公\s*开\s*政\s*府\s*信\s*息\s*数"),
)
#: Fewer value rows than this found means the text holds no 统计表 (of 58).
_MIN_ROWS = 5

# Lines that a page break leaves inside a table: page numbers, the repeated title and
# column header, "续表".
_JUNK_LINE = re.compile(
    r"""
    [-—–~_·]+\s*\d{1,4}\s*[-—–~_·]+                              # - 3 -, —3—
    | (?:共\s*\d+\s*页\s*,?\s*)?第\s*\d+\s*页(?:\s*[,/]?\s*共\s*\d+\s*页)?  # 第3页 共5页
    | \d+\s*/\s*\d+                                             # 3/5
    | page\s*\d+(?:\s*(?:of|/)\s*\d+)?                             # Page 3 of 5
    | .*(?:统\s*计\s*表|年\s*度\s*报\s*告|统\s*计\s*指\s*标).*    # repeated title, header
    | \(?\s*续\s*表?\s*\)?                                        # 续表
    | 附\s*件\s*\d*
    """,
    re.X | re.I,
)


def normalise(text: str) -> str:
    """Full width to half width, unified marks; white space and line breaks kept."""
    return _MARK.sub(lambda match: _MARKS[match.group(0)], text)


# --- row patterns --------------------------------------------------------------------
_NUMBERING = re.compile(r"^(?:\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+,|\d+\.|其中:)")
_NOTE = re.compile(r"\([^()]*\)$")
_GENERIC_NUMBER = rf"\(\s*(?:[{_CN_NUM}]{{1,3}}|\d{{1,2}})\s*\)|(?<!\S)[{_CN_NUM}]{{1,3}}\s*[,.]"
#: A generic parenthesised note on one line, not a row number such as "(二)".
_GENERIC_NOTE = rf"\((?!\s*(?:[{_CN_NUM}]{{1,3}}|\d{{1,2}})\s*\))[^()\t\n]{{1,60}}\)"
#: Other wordings of a label's core (after its numbering, before its note).
ALIASES: dict[str, tuple[str, ...]] = {
    "1.1": ("主动公开政府信息总数",),
    "1.2.3": ("微博公开政府信息数",),
    "1.2.4": ("微信公开政府信息数",),
    "2.2.4": ("政务微博微信回应事件数",),
    "3.1.3": ("网上申请数",),
    "3.3.5": ("不属于本机关公开数", "不属于本行政机关公开范围数"),
    "8.2": ("政府信息公开查阅点数", "设置政府信息公开查阅场所数"),
}


def _chars(text: str) -> str:
    """A pattern for ``text`` that allows white space between any two characters and
    does not insist on punctuation or book-title marks."""
    parts = []
    for ch in text:
        if ch in ",.:;":
            parts.append("[,.:;]?")
        elif ch in "《》\"'":
            parts.append("[《》\"']?")
        else:
            parts.append(re.escape(ch))
    return r"\s*".join(parts)


def _core(core: str) -> str:
    """The label's core; "数" and "数量" are interchangeable at its end."""
    if core.endswith("数量"):
        return _chars(core[:-1]) + r"(?:\s*量)?"
    if core.endswith("数"):
        return _chars(core) + r"(?:\s*量)?"
    return _chars(core) + r"(?:\s*数\s*量?)?"


def _numbering(prefix: str) -> str:
    if not prefix:
        return ""
    if prefix == "其中:":
        return r"其\s*中\s*[:,]?"
    digits = prefix.strip("(),.")
    if digits.isdigit():
        return rf"(?<!\d){digits}\s*[.,]|\(\s*{digits}\s*\)"
    return rf"\(\s*{digits}\s*\)|{digits}\s*[,.]"


def _row_pattern(code: str, label: str) -> re.Pattern[str]:
    label = normalise(label)
    match = _NUMBERING.match(label)
    prefix = match.group(0) if match else ""
    rest = label[len(prefix) :]
    note_match = _NOTE.search(rest)
    note = note_match.group(0) if note_match else ""
    core = rest[: len(rest) - len(note)]
    cores = "|".join(_core(c) for c in (core, *ALIASES.get(code, ())))
    numbers = "|".join(p for p in (_numbering(prefix), _GENERIC_NUMBER) if p)
    notes = "|".join(p for p in (_chars(note) if note else "", _GENERIC_NOTE) if p)
    return re.compile(
        rf"(?:(?:其\s*中\s*[:,]?\s*)?(?:{numbers})\s*|其\s*中\s*[:,]?\s*|(?<![^\s\d).:,]))"
        rf"(?:{cores})(?:\s*(?:{notes}))?"
    )


_ROWS = tuple((code, label, unit, _row_pattern(code, label)) for code, label, unit in LEGACY_ROWS)
_LOOKAHEAD = 3  # later rows checked before accepting a row's match


def parse_legacy(text: str) -> tuple[dict[str, Any], list[ParseNote]]:
    """The legacy form's ``{"rows": {code: value}}`` read from a report's text, and
    notes on values that were stripped of a unit, unreadable or not found."""
    tables = empty_tables("2014")
    notes: list[ParseNote] = []
    region = _table_region(text)
    found = _find_rows(region) if region is not None else []
    if region is None or sum(1 for index, _, _ in found if _ROWS[index][2]) < _MIN_ROWS:
        return tables, [ParseNote("missing_table", "rows", MISSING_TABLE)]
    rows = tables["rows"]
    seen = set()
    for position, (index, _, end) in enumerate(found):
        code, label, unit, _ = _ROWS[index]
        seen.add(code)
        if not unit:
            continue  # a heading row
        stop = found[position + 1][1] if position + 1 < len(found) else len(region)
        rows[code], note = _read_value(code, label, unit, region[end:stop])
        if note is not None:
            notes.append(note)
    for code, label, unit, _ in _ROWS:
        if unit and code not in seen:
            notes.append(
                ParseNote("unreadable", f"rows.{code}", f"统计表中没有找到“{label}”这一行，记为 0")
            )
    return tables, notes


def _table_region(text: str) -> str | None:
    """The normalised text from the table's column header (or its first row) on,
    without the page numbers and repeated headers that page breaks leave inside it."""
    header = _HEADER.search(text)  # the header has no characters that normalise changes
    if header is not None:
        text = normalise(text[header.end() :])
    else:
        text = normalise(text)
        first = next((m for m in (p.search(text) for p in _FIRST_ROWS) if m), None)
        if first is None:
            return None
        text = text[first.start() :]
    lines = text.split("\n")
    return "\n".join(
        line for line in lines if len(line) > 60 or not _JUNK_LINE.fullmatch(line.strip())
    )


def _find_rows(region: str) -> list[tuple[int, int, int]]:
    """(row index, label start, label end) for every row found, in printed order.

    Rows are looked for one after the other. A row whose first match lies beyond the
    match of one of the next rows is missing from this table (that match belongs to a
    later row with the same wording, e.g. 四（二）and 五（二）被依法纠错数)."""
    found: list[tuple[int, int, int]] = []
    cursor = 0
    for index, (_, _, _, pattern) in enumerate(_ROWS):
        match = pattern.search(region, cursor)
        if match is None:
            continue
        later = _ROWS[index + 1 : index + 1 + _LOOKAHEAD]
        if any(p.search(region, cursor, match.start()) for *_, p in later):
            continue
        found.append((index, match.start(), match.end()))
        cursor = match.end()
    return found


def _read_value(code: str, label: str, unit: str, segment: str) -> tuple[Any, ParseNote | None]:
    """The value in ``segment``, the text between a row's label and the next label:
    an optional unit cell (only before any digit), then the value cell."""
    digit = re.search(r"\d", segment)
    unit_cell = _UNIT_CELL.search(segment, 0, digit.start() if digit else len(segment))
    value_at = unit_cell.end() if unit_cell else 0
    same_line, _, later = segment[value_at:].partition("\n")
    if same_line.strip():
        cell = next(part for part in same_line.split("\t") if part.strip())
        return _parse_cell(code, label, unit, cell)
    if unit_cell is not None:
        line_start = segment.rfind("\n", 0, unit_cell.start()) + 1
        line_end = segment.find("\n", unit_cell.end())
        unit_line = segment[line_start : line_end if line_end >= 0 else len(segment)]
        row_layout = line_start == 0 or "\t" in unit_line
    else:
        row_layout = "\t" in same_line
    if row_layout:
        return _zero(code), None  # a table row on one line whose value cell is blank
    # One cell per line: the value is on a later line. Text lines (a running header, a
    # stray label fragment) are skipped; two candidate values make it ambiguous.
    candidates = [
        line.strip()
        for line in later.split("\n")
        if line.strip() and (re.search(r"\d", line) or len(line.strip()) < 4)
    ]
    if not candidates:
        return _zero(code), None
    if len(candidates) > 1:
        listed = "、".join(candidates)
        return _zero(code), ParseNote(
            "ambiguous",
            f"rows.{code}",
            f"“{label}”的统计数不能确定：这一行之后有多个数（{listed}），记为 0",
            listed,
        )
    return _parse_cell(code, label, unit, candidates[0])


def _zero(code: str) -> int | Decimal:
    return Decimal(0) if code in LEGACY_MONEY_CODES else 0


def _parse_cell(code: str, label: str, unit: str, cell: str) -> tuple[Any, ParseNote | None]:
    cell = " ".join(cell.split())
    if _NONE_VALUE.fullmatch(cell):
        return _zero(code), None
    money = code in LEGACY_MONEY_CODES
    match = _VALUE.fullmatch(cell)
    found_unit = match.group("unit") if match else None
    if match is None or (
        found_unit and found_unit not in (_MONEY_UNITS if money else _COUNT_UNITS)
    ):
        return _zero(code), ParseNote(
            "unreadable", f"rows.{code}", f"无法读取“{label}”的统计数“{cell}”，记为 0", cell
        )
    whole = match.group("int").replace(",", "")
    frac = match.group("frac")
    value: int | Decimal
    if money:
        value = Decimal(f"{whole}.{frac}" if frac else whole)
    elif frac and frac.strip("0"):
        return _zero(code), ParseNote(
            "unreadable",
            f"rows.{code}",
            f"“{label}”的统计数“{cell}”不是整数，无法读取，记为 0",
            cell,
        )
    else:
        value = int(whole)
    if found_unit:
        return value, ParseNote(
            "unit_stripped",
            f"rows.{code}",
            f"“{label}”的统计数写成了“{cell}”，已去掉单位“{found_unit}”，按 {value} {unit}读取",
            cell,
        )
    return value, None
