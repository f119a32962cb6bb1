"""Reading the tables of the 2021 form and the 2019 trial form.

Each table's region is found by its section heading (number + keywords, since headings
vary and a report may number its sections differently), then:

- table 二 (proactive) row by row, anchored on each row's label;
- table 三 (applications) by ``national_applications``;
- table 四 (review_litigation) as one row of 15 numbers, run-together digits split with
  总计 = 维持 + 纠正 + 其他 + 尚未审结 in each group.

A cell that cannot be read is 0 with an ``unreadable`` note; a run of digits that splits
more than one way is 0 with an ``ambiguous`` note naming the splits; never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from gongkai.reports.formspec import (
    MONEY_CODES,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    SIGNED_2019,
    FormId,
    application_rows,
    empty_tables,
    proactive_cells,
)
from gongkai.reports.national_applications import COLUMNS, parse_applications
from gongkai.reports.national_split import Kind, Split, resolve, settle
from gongkai.reports.national_tokens import Segment, Token, normalise, segments
from gongkai.reports.result import ParseNote

_NUMERAL = "一二三四五六七八九十"
_SECTION = re.compile(rf"[{_NUMERAL}]\s*、")
_HEADING = re.compile(rf"[{_NUMERAL}]\s*、|\(\s*[{_NUMERAL}]\s*\)")
_RESULTS_END = re.compile(r"[五六七八九十]\s*、")

TABLE_TITLES = {
    "proactive": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
}
#: Label fragments identifying a table-二 row (the printed label where it is not listed).
PROACTIVE_ANCHORS: dict[str, tuple[str, ...]] = {
    "规章": ("规章",),
    "行政规范性文件": ("规范性文件",),
    "规范性文件": ("规范性文件",),
    "其他对外管理服务事项": ("对外管理服务",),
    "行政事业性收费": ("事业性收费",),
    "政府集中采购": ("集中采购",),
}
REVIEW_WIDTH = len(REVIEW_GROUPS) * len(REVIEW_COLUMNS)


@dataclass(frozen=True)
class _Heading:
    pattern: re.Pattern[str]
    markers: tuple[str, ...]  # the table's body contains one of these soon after
    reach: int


_HEADINGS = {
    "proactive": _Heading(
        re.compile(rf"[{_NUMERAL}]\s*[、.]\s*主动公开政府信息"),
        ("第二十条", "本年制发", "本年新制作", "规章"),
        300,
    ),
    "applications": _Heading(
        re.compile(rf"[{_NUMERAL}]\s*[、.]\s*收到和处理政府信息公开申请"),
        ("本年新收", "申请人情况"),
        800,
    ),
    "review_litigation": _Heading(
        re.compile(rf"[{_NUMERAL}]\s*[、.]\s*[^。、\n\d]{{0,20}}?行政复议"),
        ("维持", "尚未审结"),
        400,
    ),
}
_FALLBACK = {
    "proactive": re.compile(r"第二十条第\s*\(\s*一\s*\)\s*项"),
    "applications": re.compile(r"申请人情况|本年新收"),
    "review_litigation": re.compile(r"行政复议[^。\n]{0,20}?行政诉讼"),
}


def parse_national(text: str, form: FormId) -> tuple[dict[str, Any], list[ParseNote]]:
    text = normalise(text)
    tables = empty_tables(form)
    notes: list[ParseNote] = []
    regions = _regions(text)
    for table, region in regions.items():
        if region is None:
            notes.append(
                ParseNote("missing_table", table, f"没有找到“{TABLE_TITLES[table]}”表，按0记")
            )
            continue
        if table == "proactive":
            values, found = _parse_proactive(region, form)
        elif table == "applications":
            values, found = parse_applications(region, form)
        else:
            values, found = _parse_review(region)
        tables[table].update(values)
        notes += found
    return tables, _in_form_order(notes, form)


# --- regions -----------------------------------------------------------------------


def _regions(text: str) -> dict[str, str | None]:
    """Each table's text: from its heading to the next table's (or section's) heading."""
    spans: dict[str, tuple[int, int] | None] = {}
    after = 0
    for table in ("proactive", "applications", "review_litigation"):
        spans[table] = _find(text, table, after)
        found = spans[table]
        if found is not None:
            after = found[1]
    regions: dict[str, str | None] = {}
    order = [s for s in spans.values() if s is not None]
    for table, span in spans.items():
        if span is None:
            regions[table] = None
            continue
        start, body = span
        later = [s[0] for s in order if s[0] > start]
        if table == "applications":
            end = min(later) if later else _end(_RESULTS_END, text, body)
        else:
            end = _end(_SECTION if table == "proactive" else _HEADING, text, body)
            if later:
                end = min(end, *later)
        regions[table] = text[body:end]
    return regions


def _find(text: str, table: str, after: int) -> tuple[int, int] | None:
    heading = _HEADINGS[table]
    for match in heading.pattern.finditer(text, after):
        body = text[match.end() : match.end() + heading.reach]
        if any(marker in body for marker in heading.markers):
            return match.start(), match.end()
    fallback = _FALLBACK[table].search(text, after)
    if fallback is None:
        return None
    return fallback.start(), fallback.start()


def _end(pattern: re.Pattern[str], text: str, start: int) -> int:
    match = pattern.search(text, start)
    return match.start() if match else len(text)


# --- table 二 ----------------------------------------------------------------------


@dataclass(frozen=True)
class _ProactiveRow:
    label: str
    anchors: tuple[str, ...]
    codes: tuple[str, ...]
    kinds: tuple[Kind, ...]


def _proactive_rows(form: FormId) -> list[_ProactiveRow]:
    rows: dict[str, list[str]] = {}
    for _, label, _, code in proactive_cells(form):
        rows.setdefault(label, []).append(code)
    return [
        _ProactiveRow(
            label,
            PROACTIVE_ANCHORS.get(label, (label,)),
            tuple(codes),
            tuple(_kind(code) for code in codes),
        )
        for label, codes in rows.items()
    ]


def _kind(code: str) -> Kind:
    if code in MONEY_CODES:
        return "money"
    return "signed" if code in SIGNED_2019 else "int"


def _parse_proactive(region: str, form: FormId) -> tuple[dict[str, Any], list[ParseNote]]:
    found, tail = segments(region)
    rows = _proactive_rows(form)
    owner = _row_owners(found, tail, rows)
    values: dict[str, Any] = {}
    notes: list[ParseNote] = []
    for row in rows:
        where = owner.get(row.label)
        if where is None:
            for code in row.codes:
                message = f"没有找到“{row.label}”一行，按0记"
                notes.append(ParseNote("unreadable", f"proactive.{code}", message))
            continue
        if where < 0:  # the label is there with no numbers after it: blank cells
            continue
        segment = found[where]
        tokens = _proactive_tokens(segment.tokens, len(row.codes))
        result, _ = resolve(tokens, row.kinds, max_digits=9)
        raw = segment.raw()
        if not result.readings:
            message = f"“{row.label}”一行应有{len(row.codes)}个数，读到“{raw}”，无法确定各格，按0记"
            notes += [
                ParseNote("unreadable", f"proactive.{code}", message, raw) for code in row.codes
            ]
            continue
        for index, code in enumerate(row.codes):
            pieces = [reading[index] for reading in result.readings]
            value, note = settle(f"proactive.{code}", pieces, result.readings, raw, result.complete)
            values[code] = value
            if note:
                notes.append(note)
    return values, notes


def _row_owners(found: list[Segment], tail: str, rows: list[_ProactiveRow]) -> dict[str, int]:
    """Which segment holds each row's numbers: the one right after the row's label when
    that label is the last row label before it; -1 when another row's label follows
    (the row's cells are blank). When the numbers come before their labels (a PDF's
    text layer may do that: no label before the first numbers, a label after the last
    ones), the segment right before the label that comes first after it."""
    texts = [segment.before for segment in found] + [tail]
    labels_after = (
        bool(found) and not _anchor_spans(texts[0], rows) and bool(_anchor_spans(tail, rows))
    )
    owner: dict[str, int] = {}
    for index, text in enumerate(texts):
        spans = _anchor_spans(text, rows)
        if not spans:
            continue
        if labels_after:
            chosen = min(spans, key=lambda label: spans[label][0])
            segment = index - 1
        else:
            chosen = max(spans, key=lambda label: spans[label][1])
            segment = index if index < len(found) else -1
        for label in spans:
            owner.setdefault(label, segment if label == chosen else -1)
    return owner


def _anchor_spans(text: str, rows: list[_ProactiveRow]) -> dict[str, tuple[int, int]]:
    """Row label → (where its anchor first starts, where it last ends) in ``text``."""
    spans: dict[str, tuple[int, int]] = {}
    for row in rows:
        present = [anchor for anchor in row.anchors if anchor in text]
        if present:
            first = min(text.find(anchor) for anchor in present)
            last = max(text.rfind(anchor) + len(anchor) for anchor in present)
            spans[row.label] = (first, last)
    return spans


def _proactive_tokens(tokens: list[Token], wanted: int) -> list[Token]:
    """A value cell merged across columns may come out as "550 | | " or "550 | 550 | 550"."""
    tokens = _trim_blanks(tokens, wanted)
    if wanted == 1 and len(tokens) > 1:
        numbers = {token.number for token in tokens if not token.blank}
        if len(numbers) == 1 and all(not token.bad for token in tokens):
            return [next(token for token in tokens if not token.blank)]
    return tokens


# --- table 四 ----------------------------------------------------------------------


def _parse_review(region: str) -> tuple[dict[str, Any], list[ParseNote]]:
    tokens = _review_tokens(segments(region)[0])
    cells = [
        f"review_litigation.{group}.{column}"
        for group, _ in REVIEW_GROUPS
        for column, _ in REVIEW_COLUMNS
    ]
    raw = " ".join(token.raw or "（空）" for token in tokens)
    result = _review_split(tokens)
    values: dict[str, dict[str, Any]] = {
        group: dict.fromkeys((c for c, _ in REVIEW_COLUMNS), 0) for group, _ in REVIEW_GROUPS
    }
    if not result.readings:
        message = f"应有{REVIEW_WIDTH}个数，读到“{raw}”，无法确定各格，按0记"
        if not tokens:
            message = "表中没有找到数字，按0记"
        return values, [ParseNote("unreadable", cell, message, raw) for cell in cells]
    notes: list[ParseNote] = []
    for index, cell in enumerate(cells):
        pieces = [reading[index] for reading in result.readings]
        value, note = settle(cell, pieces, result.readings, raw, result.complete)
        _, group, column = cell.split(".")
        values[group][column] = value
        if note:
            notes.append(note)
    return values, notes


def _review_tokens(found: list[Segment]) -> list[Token]:
    """The numbers of table 四's one data row: segments from the first one holding a
    number until there are enough, skipping rows of empty header cells."""
    data = [s for s in found if any(not t.blank for t in s.tokens)]
    if not data:
        blank = [s for s in found if len(s.tokens) >= REVIEW_WIDTH]
        return _trim_blanks(blank[0].tokens, REVIEW_WIDTH) if blank else []
    tokens: list[Token] = []
    for segment in data:
        if len(tokens) >= REVIEW_WIDTH or sum(t.width for t in tokens) >= REVIEW_WIDTH:
            break
        tokens += segment.tokens
    return _trim_blanks(tokens, REVIEW_WIDTH)


def _review_split(tokens: list[Token]) -> Split:
    """The readings of table 四's numbers. One or two numbers too many (a page number
    before or after the row) are dropped only where exactly one choice leaves the 15
    numbers with every group's 总计 equal to the sum of its results."""
    sizes = [len(REVIEW_COLUMNS)] * len(REVIEW_GROUPS)
    kinds: list[Kind] = ["int"] * REVIEW_WIDTH
    extra = len(tokens) - REVIEW_WIDTH
    if not 0 < extra <= 2:
        return resolve(tokens, kinds, sizes)[0]
    fitting = set()
    for drop in range(extra + 1):
        window, holds = resolve(tokens[drop : drop + REVIEW_WIDTH], kinds, sizes)
        if holds:
            fitting.add(window.readings[0])
    if len(fitting) == 1:
        return Split([fitting.pop()], forced=True)
    return Split([])


def _trim_blanks(tokens: list[Token], wanted: int) -> list[Token]:
    """Drop empty cells at the ends of a row that has more cells than the table."""
    tokens = list(tokens)
    while len(tokens) > wanted and tokens[-1].blank:
        tokens.pop()
    while len(tokens) > wanted and tokens[0].blank:
        tokens.pop(0)
    return tokens


# --- notes -------------------------------------------------------------------------


def _in_form_order(notes: Sequence[ParseNote], form: FormId) -> list[ParseNote]:
    if not notes:
        return []
    order = _cell_order(form)
    return sorted(notes, key=lambda note: order.get(note.cell, len(order)))


@cache
def _cell_order(form: FormId) -> dict[str, int]:
    return {path: index for index, path in enumerate(_cell_paths(form))}


def _cell_paths(form: FormId) -> Iterator[str]:
    yield "proactive"
    for *_, code in proactive_cells(form):
        yield f"proactive.{code}"
    yield "applications"
    for row, _ in application_rows(form):
        for column in COLUMNS:
            yield f"applications.{row}.{column}"
    yield "review_litigation"
    for group, _ in REVIEW_GROUPS:
        for column, _ in REVIEW_COLUMNS:
            yield f"review_litigation.{group}.{column}"
