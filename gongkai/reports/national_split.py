"""Reading tokens into cells, splitting numbers that were run together.

A web page that flattens a table prints a row's cells with no separator at all:
``15130000154`` is 151, 3, 0, 0, 0, 0, 154. The form's own arithmetic (a row's 总计 is
the sum of the six applicant columns; a table-四 group's 总计 is the sum of its four
results) tells where the cells end. :func:`split` enumerates every reading that fits,
so that a caller can call a cell ambiguous when more than one does; the search is
bounded (each cell has at most ``max_digits`` digits, a group's total is computed, not
guessed, and the number of steps is capped).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from gongkai.reports.national_tokens import Token
from gongkai.reports.result import ParseNote

Kind = Literal["int", "signed", "money"]
COUNT_UNITS = frozenset({"件", "个", "条", "项", "次", "人次"})
MONEY_UNITS = frozenset({"万元", "万"})
MAX_CANDIDATES = 64
MAX_STEPS = 50_000


@dataclass(frozen=True)
class Piece:
    """One cell as read: ``value`` is None when it cannot be read (``problem`` says why)."""

    value: int | Decimal | None
    raw: str
    unit: str = ""
    problem: str = ""


Reading = tuple[Piece, ...]


@dataclass(frozen=True)
class Split:
    """The readings of some tokens as cells. ``forced``: each token was one cell, so no
    arithmetic was needed (or checked); ``complete``: the search was not cut short."""

    readings: list[Reading]
    forced: bool = False
    complete: bool = True


@lru_cache(maxsize=4096)
def read_piece(number: str, raw: str, unit: str, kind: Kind) -> Piece:
    """One number (already cut out of its token) as a cell of ``kind``."""
    if kind == "money":
        value: int | Decimal = Decimal(number)
        if value < 0:
            return Piece(None, raw, unit, f"“{raw}”是负数，金额不能为负，按0记")
    else:
        if "." in number:
            return Piece(None, raw, unit, f"“{raw}”不是整数，无法读作件数，按0记")
        value = int(number)
        if value < 0 and kind != "signed":
            return Piece(None, raw, unit, f"“{raw}”是负数，这一格不能为负，按0记")
    if unit and value != 0:
        fits = MONEY_UNITS if kind == "money" else COUNT_UNITS
        if unit not in fits:
            return Piece(None, raw, unit, f"“{raw}”的单位“{unit}”与这一格不符，未换算，按0记")
    return Piece(value, raw, unit)


def read_token(token: Token, kind: Kind) -> Piece:
    """A token that is exactly one cell."""
    if token.blank:
        return Piece(0, "")
    if token.bad:
        return Piece(None, token.raw, problem=f"无法读取单元格“{token.raw}”，按0记")
    return read_piece(token.number, token.raw, token.unit, kind)


def split(
    tokens: Sequence[Token],
    kinds: Sequence[Kind],
    groups: Sequence[int] = (),
    *,
    max_digits: int = 6,
) -> Split:
    """Every reading of ``tokens`` as ``len(kinds)`` cells.

    ``groups`` are the sizes of consecutive groups of cells whose last cell is the sum of
    the others (empty: no arithmetic). A token is never merged with another; a token with
    several digits may be several cells. When there are exactly as many tokens as cells,
    each token is one cell and the arithmetic is not applied (what is printed is read).
    """
    if len(tokens) == len(kinds):
        return Split([tuple(read_token(t, k) for t, k in zip(tokens, kinds, strict=True))], True)
    if len(tokens) > len(kinds):
        return Split([])
    search = _Search(tokens, kinds, groups, max_digits)
    search.run()
    cut_short = search.steps > MAX_STEPS or len(search.readings) >= MAX_CANDIDATES
    return Split(search.readings, complete=not cut_short)


_Span = tuple[int, int, int]  # token index, start and end of the cell in its number


class _Search:
    """Depth-first search over where each cell ends. A group's total is not searched
    for but computed, and only its printed digits are checked."""

    def __init__(
        self, tokens: Sequence[Token], kinds: Sequence[Kind], groups: Sequence[int], digits: int
    ) -> None:
        self.tokens = tokens
        self.kinds = kinds
        self.max_digits = digits
        self.readings: list[Reading] = []
        self.steps = 0
        # For each cell that is a group's total: the index of the group's first cell.
        self.total_of: dict[int, int] = {}
        # For each other cell of a group: its group's first cell and its total cell.
        self.group_start: dict[int, int] = {}
        self.total_cell: dict[int, int] = {}
        start = 0
        for size in groups:
            self.total_of[start + size - 1] = start
            for cell in range(start, start + size - 1):
                self.group_start[cell] = start
                self.total_cell[cell] = start + size - 1
            start += size
        # Cells that tokens from index i onward can still provide.
        self.capacity = [0] * (len(tokens) + 1)
        for i in range(len(tokens) - 1, -1, -1):
            self.capacity[i] = self.capacity[i + 1] + tokens[i].width
        self.plain = [t.number.isdigit() for t in tokens]

    def run(self) -> None:
        self._step(0, 0, [], [])

    def _step(
        self, ti: int, offset: int, values: list[int | Decimal | None], spans: list[_Span]
    ) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS or len(self.readings) >= MAX_CANDIDATES:
            return
        ci = len(values)
        tokens = self.tokens
        if ti == len(tokens):
            if ci == len(self.kinds):
                self.readings.append(self._reading(spans))
            return
        left = len(self.kinds) - ci
        if left < len(tokens) - ti:
            return
        token = tokens[ti]
        text = token.number
        if not text:
            if left > self.capacity[ti + 1] + 1:
                return
            piece = read_token(token, self.kinds[ci])
            wanted = self._total(ci, values)
            if wanted is None or piece.value is None or piece.value == wanted:
                self._step(ti + 1, 0, [*values, piece.value], [*spans, (ti, 0, 0)])
            return
        here = len(text) - offset if self.plain[ti] else sum(c.isdigit() for c in text[offset:])
        if left > self.capacity[ti + 1] + here:
            return
        kind = self.kinds[ci]
        wanted = self._total(ci, values)
        if wanted is not None:
            literal = str(wanted)
            end = offset + len(literal)
            if text.startswith(literal, offset):
                self._next(ti, end, len(text), [*values, wanted], [*spans, (ti, offset, end)])
            return
        if kind == "int" and self.plain[ti]:
            self._ints(ti, offset, values, spans)
            return
        for end in range(offset + 1, len(text) + 1):
            chunk = text[offset:end]
            if not self._literal(chunk, kind, at_start=offset == 0, at_end=end == len(text)):
                if chunk[-1:].isdigit() and not chunk.lstrip("+-").startswith("0"):
                    break  # too many digits: longer chunks are too
                continue
            value: int | Decimal = Decimal(chunk) if kind == "money" else int(chunk)
            self._next(ti, end, len(text), [*values, value], [*spans, (ti, offset, end)])

    def _ints(
        self, ti: int, offset: int, values: list[int | Decimal | None], spans: list[_Span]
    ) -> None:
        """The cells an unsigned integer can be at ``offset``: "0" alone, or up to
        ``max_digits`` digits, fewer when the group's total could no longer be printed
        in the digits that are left."""
        text = self.tokens[ti].number
        ci = len(values)
        last = offset + 1 if text[offset] == "0" else min(len(text), offset + self.max_digits)
        total = self.total_cell.get(ci)
        partial = self._partial(ci, values) if total is not None else None
        after = self.capacity[ti + 1]
        for end in range(offset + 1, last + 1):
            value = int(text[offset:end])
            if total is not None and partial is not None:
                cells_before_total = total - ci - 1
                cells_after_group = len(self.kinds) - total - 1
                digits_left = len(text) - end + after
                needed = cells_before_total + len(str(partial + value)) + cells_after_group
                if digits_left < needed:
                    break  # a longer cell leaves fewer digits for a larger total
            self._next(ti, end, len(text), [*values, value], [*spans, (ti, offset, end)])

    def _partial(self, ci: int, values: list[int | Decimal | None]) -> int | None:
        return _sum_from(self.group_start.get(ci), ci, values)

    def _next(
        self, ti: int, end: int, length: int, values: list[int | Decimal | None], spans: list[_Span]
    ) -> None:
        if end == length:
            self._step(ti + 1, 0, values, spans)
        else:
            self._step(ti, end, values, spans)

    def _reading(self, spans: list[_Span]) -> Reading:
        pieces: list[Piece] = []
        for (ti, start, end), kind in zip(spans, self.kinds, strict=True):
            token = self.tokens[ti]
            if not token.number:
                pieces.append(read_token(token, kind))
                continue
            last = end == len(token.number)
            if start == 0 and last:
                raw = token.raw
            else:
                raw = token.number[start:end] + (token.unit if last else "")
            unit = token.unit if last else ""
            pieces.append(read_piece(token.number[start:end], raw, unit, kind))
        return tuple(pieces)

    def _literal(self, chunk: str, kind: Kind, *, at_start: bool, at_end: bool) -> bool:
        body = chunk
        if body[:1] in "+-":
            if not (at_start and kind == "signed"):
                return False
            body = body[1:]
        whole, dot, fraction = body.partition(".")
        if dot and (kind != "money" or not at_end or not fraction):
            return False
        if not whole.isdigit() or (len(whole) > 1 and whole[0] == "0"):
            return False
        limit = self.max_digits + 2 if kind == "money" else self.max_digits
        return len(whole) <= limit

    def _total(self, ci: int, values: list[int | Decimal | None]) -> int | None:
        return _sum_from(self.total_of.get(ci), ci, values)


def _sum_from(start: int | None, ci: int, values: list[int | Decimal | None]) -> int | None:
    """The sum of the integer cells ``values[start:ci]``; None when there is no such
    group or a cell in it is not an integer yet."""
    if start is None:
        return None
    total = 0
    for value in values[start:ci]:
        if not isinstance(value, int):
            return None
        total += value
    return total


def resolve(
    tokens: Sequence[Token], kinds: Sequence[Kind], groups: Sequence[int] = (), **kw: int
) -> tuple[Split, bool]:
    """The readings to use, and whether they satisfy the arithmetic.

    A forced reading (one token per cell) is kept even when the printed arithmetic is
    wrong. Otherwise the readings that satisfy the arithmetic are used; when none does,
    a split that is the only one possible at all is still used (``False``).
    """
    result = split(tokens, kinds, groups, **kw)
    if result.forced:
        reading = _doubt_blanks(result.readings[0], groups)
        return Split([reading], forced=True), _arithmetic_holds(reading, groups)
    if result.readings or not groups:
        return result, True
    free = split(tokens, kinds, (), **kw)
    if len(free.readings) == 1 and free.complete:
        return free, False
    return Split([], complete=free.complete), False


def _doubt_blanks(reading: Reading, groups: Sequence[int]) -> Reading:
    """An empty cell reads as 0, unless its group's arithmetic says otherwise: then the
    number may have been lost when the table was converted, and the cell is unreadable."""
    cells = list(reading)
    start = 0
    for size in groups:
        group = range(start, start + size)
        start += size
        blanks = [i for i in group if cells[i].raw == "" and cells[i].value == 0]
        values = [cells[i].value for i in group]
        if not blanks or not all(isinstance(v, int) for v in values):
            continue
        parts = sum(v for v in values[:-1] if isinstance(v, int))
        total = values[-1]
        if total == parts:
            continue
        for i in blanks:
            if len(blanks) == 1 and isinstance(total, int):
                should = parts if i == group[-1] else total - parts
                problem = (
                    f"单元格为空，但按合计关系应为{should}，可能是转换时丢失了数字，无法确定，按0记"
                )
            else:
                problem = "单元格为空，但合计关系对不上，可能是转换时丢失了数字，无法确定，按0记"
            cells[i] = Piece(None, "", problem=problem)
    return tuple(cells)


def _arithmetic_holds(reading: Reading, groups: Sequence[int]) -> bool:
    start = 0
    for size in groups:
        values = [piece.value for piece in reading[start : start + size]]
        start += size
        if any(not isinstance(v, int) for v in values):
            continue
        if values[-1] != sum(v for v in values[:-1] if isinstance(v, int)):
            return False
    return True


def show(reading: Reading) -> str:
    """``151/3/0/0/0/0/154``."""
    return "/".join("?" if p.value is None else _number(p.value) for p in reading)


def _number(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def settle(
    cell: str, pieces: Sequence[Piece], readings: Sequence[Reading], raw: str, complete: bool = True
) -> tuple[Any, ParseNote | None]:
    """The value of ``cell`` given what each remaining reading makes of it, and the note
    the reader of the JSON needs (unreadable, ambiguous or a stripped unit)."""
    first = (pieces[0].value, pieces[0].unit)
    if not complete or any((piece.value, piece.unit) != first for piece in pieces):
        return 0, ParseNote("ambiguous", cell, ambiguous_message(raw, readings, complete), raw)
    piece = pieces[0]
    if piece.value is None:
        return 0, ParseNote("unreadable", cell, piece.problem, piece.raw)
    if piece.unit:
        message = f"单元格“{piece.raw}”带有单位“{piece.unit}”，已去掉单位读作{_number(piece.value)}"
        return piece.value, ParseNote("unit_stripped", cell, message, piece.raw)
    return piece.value, None


def ambiguous_message(raw: str, readings: Sequence[Reading], complete: bool = True) -> str:
    """Names the candidate splits, e.g. ``…有2种拆分都说得通（33/0/…/33；3/30/…/33）…``."""
    shown = "；".join(show(reading) for reading in readings[:6])
    if len(readings) > 6 or not complete:
        shown += "；……"
    count = f"{len(readings)}种" if complete else "很多种"
    return f"连写的数字“{raw}”有{count}拆分都说得通（{shown}），无法确定这一格，按0记"
