"""Reading table 三 (收到和处理政府信息公开申请情况) of the 2021 and 2019 forms.

The numbers of a row do not always stand next to its label: a PDF's text layer prints a
row's numbers before its label or splits the label around them, and a converter may
leave labels as loose lines above a block of markdown rows. What is reliable is the
order of the numbers. So the reader:

1. cuts the region into number segments (``national_tokens``);
2. aligns segments to the expected rows in order (a small dynamic programme): a segment
   gives one row (or several, when rows are not separated by labels), segments that
   cannot form whole rows are noise (a stray page number), and a row with no segment is
   missing; label fragments next to a segment break ties when the counts do not match;
3. splits run-together digits with the row rule (总计 = sum of the six columns), then
   keeps the readings consistent with the column rules (新收 + 结转 = 总计 + 结转下年;
   总计 = sum of the result rows);
4. reports a cell as ambiguous when several readings remain, unreadable when none does.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gongkai.reports.formspec import APPLICANT_COLUMNS, RESULT_GROUPS, FormId, application_rows
from gongkai.reports.national_split import Reading, Split, resolve, settle
from gongkai.reports.national_tokens import Segment, Token, segments
from gongkai.reports.result import ParseNote

COLUMNS = tuple(code for code, _ in APPLICANT_COLUMNS)
WIDTH = len(COLUMNS)
HEAD_ROWS = ("new", "carried_over")
TAIL_ROWS = ("total", "carried_forward")
SUB_OTHER = ("other.no_correction", "other.unpaid_fee", "other.other")

#: Label fragments (without white space) that identify a row even when the PDF mangled the rest.
ANCHORS: dict[str, tuple[str, ...]] = {
    "new": ("本年新收",),
    "carried_over": ("上年结转",),
    "granted": ("予以公开",),
    "partial": ("部分公开",),
    "refused.state_secret": ("国家秘密",),
    "refused.law_forbids": ("禁止公开", "其他法律"),
    "refused.security_stability": ("三安全", "危及"),
    "refused.third_party": ("第三方",),
    "refused.internal_affairs": ("内部事务",),
    "refused.process_info": ("过程性",),
    "refused.enforcement_file": ("执法案卷",),
    "refused.query_procedure": ("查询事项", "行政查询"),
    "unavailable.not_held": ("不掌握",),
    "unavailable.needs_creation": ("另行制作", "没有现成"),
    "unavailable.still_unclear": ("仍不明确", "补正后"),
    "not_processed.petition": ("信访",),
    "not_processed.repeat": ("重复申请",),
    "not_processed.publication": ("出版物",),
    "not_processed.excessive": ("大量反复",),
    "not_processed.confirm_reissue": ("重新出具", "确认或"),
    "other.no_correction": ("不补正",),
    "other.unpaid_fee": ("缴纳费用", "收费通知"),
    "other.other": (),
    "other": ("其他处理",),
    "total": ("总计",),
    "carried_forward": ("结转下年", "下一年度", "继续办理"),
}
_SUB_OTHER_ANCHORS = ("不补正", "缴纳费用", "收费通知")

MISSING_ROW = 8.0  # score lost by leaving a row unread
NOISE = 6.0  # … by ignoring a segment that looks like data
NOISE_SMALL = 2.0  # … a segment of one or two numbers (a page number, a stray digit)
NOISE_BLANK = 0.5  # … a row of empty markdown cells
GROUPED = 0.5  # … per extra segment joined into one unit
RULE_BROKEN = 1.0  # … per row whose printed 总计 is not the sum of its cells
MAX_COMBINATIONS = 20_000


@dataclass(frozen=True)
class _Unit:
    first: int  # index of its first segment
    count: int  # segments joined
    rows: int  # rows it gives
    split: Split
    score: float


def row_label(form: FormId, code: str) -> str:
    """The printed label of a row, with its group caption (``（三）1.属于国家秘密``)."""
    if code == "other":
        return RESULT_GROUPS["other"]
    labels = dict(application_rows(form))
    group = code.partition(".")[0]
    if "." in code and group in RESULT_GROUPS:
        return RESULT_GROUPS[group][:3] + labels[code]
    return labels[code]


def parse_applications(
    region: str, form: FormId
) -> tuple[dict[str, dict[str, Any]], list[ParseNote]]:
    """The cells of table 三 read from its region of normalised text, and notes."""
    found, _ = segments(region)
    codes = [code for code, _ in application_rows(form)]
    key = "".join(region.split())
    single_other = (
        form == "2021"
        and "其他处理" in key
        and not any(anchor in key for anchor in _SUB_OTHER_ANCHORS)
    )
    if single_other:
        codes = [code for code in codes if code not in SUB_OTHER]
        codes.insert(codes.index("total"), "other")
    assignment, gaps = _Aligner(found, codes).align()
    readings = _consistent(assignment, codes)

    values: dict[str, dict[str, Any]] = {code: dict.fromkeys(COLUMNS, 0) for code in codes}
    notes: list[ParseNote] = []
    for index, code in enumerate(codes):
        if index not in assignment:
            notes += _missing_row(form, code, gaps.get(index, ""))
            continue
        unit, position = assignment[index]
        options = readings[unit.first]
        raw = " ".join(s.raw() for s in found[unit.first : unit.first + unit.count])
        row: dict[str, Any] = values[code]
        for column_index, column in enumerate(COLUMNS):
            cell = position * WIDTH + column_index
            if len(options) == 1 and unit.split.complete:
                piece = options[0][cell]
                if piece.value is not None and not piece.unit:
                    row[column] = piece.value
                    continue
            pieces = [option[cell] for option in options]
            path = f"applications.{code}.{column}"
            row[column], note = settle(path, pieces, options, raw, unit.split.complete)
            if note:
                notes.append(note)
    if single_other:
        notes += _spread_other(values)
    return values, notes


def _missing_row(form: FormId, code: str, noise: str) -> Iterator[ParseNote]:
    label = row_label(form, code)
    if noise:
        message = f"“{label}”一行读到“{noise}”，无法拆成{WIDTH}个数，按0记"
    else:
        message = f"没有找到“{label}”一行的数字，按0记"
    if code == "other":
        codes: tuple[str, ...] = SUB_OTHER
    else:
        codes = (code,)
    for row in codes:
        for column in COLUMNS:
            yield ParseNote("unreadable", f"applications.{row}.{column}", message, noise)


def _spread_other(values: dict[str, dict[str, Any]]) -> list[ParseNote]:
    """A 2021 report that printed （六）其他处理 as one row, as the 2019 form did: its zero
    columns are zero in all three sub-rows; any other number cannot be placed."""
    single = values.pop("other")
    notes: list[ParseNote] = []
    for code in SUB_OTHER:
        values[code] = dict.fromkeys(COLUMNS, 0)
    for column, label in APPLICANT_COLUMNS:
        if single[column]:
            message = (
                f"报告把“（六）其他处理”印成一行（{label}{single[column]}件），"
                "没有分到三个子项，无法确定这一格，按0记"
            )
            notes += [
                ParseNote("ambiguous", f"applications.{code}.{column}", message, "")
                for code in SUB_OTHER
            ]
    return notes


class _Aligner:
    """Segments → rows, in order (see the module docstring)."""

    def __init__(self, found: list[Segment], codes: list[str]) -> None:
        self.segments = found
        self.codes = codes
        self.widths = [_width(segment) for segment in found]
        self.units = [list(self._units_from(i)) for i in range(len(found))]

    def align(self) -> tuple[dict[int, tuple[_Unit, int]], dict[int, str]]:
        """Row index → (its unit, its position in the unit); row index → the text of
        noise segments next to a missing row."""
        simple = self._in_order()
        if simple is not None:
            return simple, {}
        return self._best()

    def _in_order(self) -> dict[int, tuple[_Unit, int]] | None:
        """The common case, without the search: taken in order, the segments give exactly
        the table's rows, each in one way that fits the row rule, and whatever cannot
        be part of a row (a page number, an empty header row) is left over."""
        assignment: dict[int, tuple[_Unit, int]] = {}
        i = row = 0
        while i < len(self.segments):
            units = self.units[i]
            if not units:
                i += 1
                continue
            if len(units) > 1 or row + units[0].rows > len(self.codes):
                return None
            unit = units[0]
            for position in range(unit.rows):
                assignment[row + position] = (unit, position)
            row += unit.rows
            i += unit.count
        return assignment if row == len(self.codes) else None

    def _best(self) -> tuple[dict[int, tuple[_Unit, int]], dict[int, str]]:
        n_seg, n_row = len(self.segments), len(self.codes)
        worst = float("-inf")
        best = [[worst] * (n_row + 1) for _ in range(n_seg + 1)]
        back: list[list[tuple[str, _Unit | None]]] = [
            [("", None)] * (n_row + 1) for _ in range(n_seg + 1)
        ]
        best[0][0] = 0.0
        noise = [-self._noise_cost(segment) for segment in self.segments]
        bonuses = [[self._bonuses(unit) for unit in units] for units in self.units]
        for i in range(n_seg + 1):
            row_best = best[i]
            for j in range(n_row + 1):
                here = row_best[j]
                if here == worst:
                    continue
                if i < n_seg:
                    for unit, bonus in zip(self.units[i], bonuses[i], strict=True):
                        nj = j + unit.rows
                        if nj <= n_row:
                            score = here + unit.score + bonus[nj] - bonus[j]
                            ni = i + unit.count
                            if score > best[ni][nj]:
                                best[ni][nj] = score
                                back[ni][nj] = ("take", unit)
                    score = here + noise[i]
                    if score > best[i + 1][j]:
                        best[i + 1][j] = score
                        back[i + 1][j] = ("noise", None)
                if j < n_row and here - MISSING_ROW > row_best[j + 1]:
                    row_best[j + 1] = here - MISSING_ROW
                    back[i][j + 1] = ("missing", None)
        return self._trace(back)

    def _bonuses(self, unit: _Unit) -> list[float]:
        """Running sum over rows (before row j) of how well the row's label fragments
        match the text around the unit, so the bonus of rows j..k is ``b[k] - b[j]``:
        two points for the label on the same line just before the numbers, one for a
        label elsewhere next to them (a PDF's text layer may print it after them)."""
        first = self.segments[unit.first]
        around = first.before + self.segments[unit.first + unit.count - 1].after
        running = [0.0]
        for code in self.codes:
            anchors = ANCHORS[code]
            if any(anchor in first.inline for anchor in anchors):
                hit = 2.0
            else:
                hit = 1.0 if any(anchor in around for anchor in anchors) else 0.0
            running.append(running[-1] + hit)
        return running

    def _trace(
        self, back: list[list[tuple[str, _Unit | None]]]
    ) -> tuple[dict[int, tuple[_Unit, int]], dict[int, str]]:
        i, j = len(self.segments), len(self.codes)
        assignment: dict[int, tuple[_Unit, int]] = {}
        steps: list[tuple[str, int, int]] = []
        while i or j:
            kind, unit = back[i][j]
            if kind == "take" and unit is not None:
                for position, row in enumerate(range(j - unit.rows, j)):
                    assignment[row] = (unit, position)
                steps.append(("take", i - unit.count, j - unit.rows))
                i, j = i - unit.count, j - unit.rows
            elif kind == "noise":
                steps.append(("noise", i - 1, j))
                i -= 1
            else:
                steps.append(("missing", i, j - 1))
                j -= 1
        # A missing row is explained by the noise segments next to it.
        gaps: dict[int, str] = {}
        steps.reverse()
        for index, (kind, _, row) in enumerate(steps):
            if kind == "missing":
                near = [s for s in steps[max(0, index - 2) : index + 3] if s[0] == "noise"]
                gaps[row] = " ".join(self.segments[s[1]].raw() for s in near)
        return assignment, gaps

    def _noise_cost(self, segment: Segment) -> float:
        if all(token.blank for token in segment.tokens):
            return NOISE_BLANK
        return NOISE_SMALL if len(segment.tokens) <= 2 else NOISE

    def _units_from(self, i: int) -> Iterator[_Unit]:
        """The ways segments starting at ``i`` can give whole rows."""
        for count in (1, 2, 3):
            if i + count > len(self.segments):
                return
            group = self.segments[i : i + count]
            # Only pieces of a row are joined: segments too short to be a row on their own.
            if count > 1 and any(
                s.table_row or self.widths[i + k] >= WIDTH for k, s in enumerate(group)
            ):
                return
            tokens = [t for s in group for t in s.tokens]
            for rows in _row_counts(tokens, len(self.codes)):
                trimmed = _trim(tokens, rows * WIDTH)
                result, holds = resolve(trimmed, ["int"] * (rows * WIDTH), [WIDTH] * rows)
                if result.readings:
                    score = -GROUPED * (count - 1)
                    if not holds:
                        score -= RULE_BROKEN * _broken_rows(result.readings[0])
                    yield _Unit(i, count, rows, result, score)


def _row_counts(tokens: list[Token], limit: int) -> Iterator[int]:
    """How many rows ``tokens`` could be: one token per cell, or up to three rows of
    run-together digits."""
    fixed = sum(1 for t in tokens if not t.blank)
    width = sum(t.width for t in tokens)
    if len(tokens) % WIDTH == 0 and len(tokens) // WIDTH <= limit:
        yield len(tokens) // WIDTH
    low = max(1, -(-fixed // WIDTH))
    for rows in range(low, min(3, limit, width // WIDTH) + 1):
        if rows * WIDTH != len(tokens):
            yield rows


def _width(segment: Segment) -> int:
    return sum(token.width for token in segment.tokens)


def _trim(tokens: list[Token], wanted: int) -> list[Token]:
    """Drop empty cells at the ends of a row when it has more cells than the table."""
    tokens = list(tokens)
    while len(tokens) > wanted and tokens[-1].blank:
        tokens.pop()
    while len(tokens) > wanted and tokens[0].blank:
        tokens.pop(0)
    return tokens


def _broken_rows(reading: Reading) -> int:
    """Rows whose printed 总计 is not the sum of their six cells."""
    broken = 0
    for start in range(0, len(reading), WIDTH):
        row = [piece.value for piece in reading[start : start + WIDTH]]
        numbers = [value for value in row if isinstance(value, int)]
        if len(numbers) == WIDTH and numbers[-1] != sum(numbers[:-1]):
            broken += 1
    return broken


def _consistent(
    assignment: dict[int, tuple[_Unit, int]], codes: list[str]
) -> dict[int, list[Reading]]:
    """For each unit (by first segment): the readings that fit the column rules together
    with the other units' readings; all of its readings when no combination fits."""
    readings = {unit.first: list(unit.split.readings) for unit, _ in assignment.values()}
    open_units = [first for first, options in readings.items() if len(options) > 1]
    if not open_units:
        return readings
    combinations = 1
    for first in open_units:
        combinations *= len(readings[first])
    if combinations > MAX_COMBINATIONS:
        return readings
    used: dict[int, set[int]] = {first: set() for first in open_units}
    for choice in itertools.product(*(range(len(readings[f])) for f in open_units)):
        chosen = dict(zip(open_units, choice, strict=True))
        table: dict[int, list[int | None]] = {}
        for index, (unit, position) in assignment.items():
            option = readings[unit.first][chosen.get(unit.first, 0)]
            cells = option[position * WIDTH : (position + 1) * WIDTH]
            table[index] = [p.value if isinstance(p.value, int) else None for p in cells]
        if _columns_hold(table, codes):
            for first, picked in chosen.items():
                used[first].add(picked)
    for first, options in used.items():
        if options:
            readings[first] = [readings[first][o] for o in sorted(options)]
    return readings


def _columns_hold(table: dict[int, list[int | None]], codes: list[str]) -> bool:
    """新收 + 上年结转 = 总计 + 结转下年, and 总计 = the sum of the result rows, in every
    column where all the cells involved are known."""
    position = {code: index for index, code in enumerate(codes)}
    results = [i for i, code in enumerate(codes) if code not in HEAD_ROWS + TAIL_ROWS]
    unknown: list[int | None] = [None] * WIDTH
    for column in range(WIDTH):
        new, carried, total, forward = (
            table.get(position[code], unknown)[column] for code in (*HEAD_ROWS, *TAIL_ROWS)
        )
        if (
            new is not None
            and carried is not None
            and total is not None
            and forward is not None
            and new + carried != total + forward
        ):
            return False
        parts = [table.get(i, unknown)[column] for i in results]
        known = [p for p in parts if p is not None]
        if total is not None and len(known) == len(parts) and total != sum(known):
            return False
    return True
