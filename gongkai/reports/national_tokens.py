"""Turning the text of one statistics table into runs of number tokens.

Published tables reach us flattened in many ways: one row per line with the numbers
separated by spaces or tabs, one cell per line, markdown rows left by a PDF converter,
or every cell of a row run together (``15130000154``). This module only finds the
numbers and the label text around them; which cells they are is decided by the table
readers, with the form's arithmetic.

A :class:`Segment` is a run of number tokens with no label text between them (a
markdown or tab-separated row is always a segment of its own); ``before`` and
``after`` hold the label text around it, without white space, for anchoring rows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

UNITS = ("万元", "人次", "万", "元", "件", "个", "条", "项", "次")
_UNIT = "|".join(UNITS)
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"

# A page footer or header on a line of its own: "- 2 -", "第 3 页 共 5 页", "3/5".
_FOOTER = re.compile(
    r"^(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})$"
)
# The same footer left inside a line by a text layer: "… 0 0 - 3 - 0 …".
_INLINE_FOOTER = re.compile(r"(?<!\S)[-—–] \d{1,3} [-—–](?!\S)")
# An item number of a row label ("5.属于三类内部事务信息", "2、重复申请"). Items are single
# digits, so in "00000005.属于…" only the "5." is the item number.
_ITEM = re.compile(r"[1-9][.、](?=\s*[\u4e00-\u9fff\"“])")
_SEPARATOR_ROW = re.compile(r"^\|?[\s:|-]*-{3,}[\s:|-]*$")
_CELL = re.compile(rf"(?P<num>[-+]?{_NUMBER}(?:[-+]{_NUMBER})*)\s*(?P<unit>{_UNIT})?")
_SIGNED_PART = re.compile(rf"[-+]?{_NUMBER}")
_SCAN = re.compile(
    r"(?P<bad>(?<!\S)(?:[-—–/\\×*]+|[A-Za-z0-9.]*[A-Za-z][A-Za-z0-9.]*)(?!\S))"
    rf"|(?P<num>[-+]?{_NUMBER})(?:\s*(?P<unit>{_UNIT}))?"
)
_NUMERIC = re.compile(r"[0-9A-Za-z/\\×*—–-]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORDY = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


@dataclass(frozen=True)
class Token:
    """One number as printed, or one table cell.

    ``number`` is what was read (``"151"``, ``"15130000154"``, ``"-5"``, ``"7730.28"``);
    empty for a blank table cell (``blank``, which reads as 0) and for a cell holding
    something that is not a number (``"—"``, ``"1O"``), which cannot be read.
    """

    raw: str
    number: str = ""
    unit: str = ""
    blank: bool = False

    @property
    def bad(self) -> bool:
        return not self.number and not self.blank

    @cached_property
    def width(self) -> int:
        """How many cells this token can be split into at most."""
        return sum(c.isdigit() for c in self.number) if self.number else 1


@dataclass
class Segment:
    tokens: list[Token]
    before: str = ""
    after: str = ""
    table_row: bool = False
    #: The label printed on the same line just before the first number, if any: the
    #: strongest sign of which row the numbers belong to.
    inline: str = ""

    def raw(self) -> str:
        return " ".join(token.raw or "（空）" for token in self.tokens)


@dataclass
class _Builder:
    segments: list[Segment] = field(default_factory=list)
    label: list[str] = field(default_factory=list)
    current: Segment | None = None
    line: int = 0
    label_line: int = -1

    def add_label(self, text: str) -> None:
        folded = "".join(text.split())  # the text is NFKC already
        if not _WORDY.search(folded):
            return  # stray punctuation ("、", "|") does not separate numbers
        self.close()
        self.label.append(folded)
        self.label_line = self.line

    def add_token(self, token: Token, *, table_row: bool = False) -> None:
        if self.current is None:
            inline = self.label[-1] if self.label and self.label_line == self.line else ""
            before = "".join(self.label)
            self.current = Segment([], before=before, table_row=table_row, inline=inline)
            self.label = []
        self.current.tokens.append(token)

    def close(self) -> None:
        if self.current is not None:
            self.segments.append(self.current)
            self.current = None

    def finish(self) -> tuple[list[Segment], str]:
        self.close()
        tail = "".join(self.label)
        for segment, following in zip(self.segments, self.segments[1:], strict=False):
            segment.after = following.before
        if self.segments:
            self.segments[-1].after = tail
        return self.segments, tail


def normalise(text: str) -> str:
    """Full-width digits, brackets and punctuation to half width (NFKC); line breaks kept."""
    return unicodedata.normalize("NFKC", text)


def clean_line(line: str) -> str:
    """A line without page footers or label item numbers; empty if nothing is left."""
    stripped = line.strip(" \r\n\f\v")  # tabs kept: a tab-separated row may end in blanks
    if not stripped.strip() or _FOOTER.match(stripped.strip()):
        return ""
    stripped = _INLINE_FOOTER.sub(" ", stripped)
    return _ITEM.sub(" ", stripped)


def segments(region: str) -> tuple[list[Segment], str]:
    """The number segments of a normalised table region, and the label text after the
    last one."""
    builder = _Builder()
    for number, line in enumerate(region.splitlines()):
        builder.line = number
        cleaned = clean_line(line)
        if not cleaned:
            continue
        if cleaned.startswith("|") or "\t" in line:
            if not _SEPARATOR_ROW.match(cleaned):
                _table_row(builder, cleaned)
        else:
            _scan(builder, cleaned)
    return builder.finish()


def _table_row(builder: _Builder, line: str) -> None:
    if line.startswith("|"):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    else:
        cells = [cell.strip() for cell in line.split("\t")]
    labels = [i for i, cell in enumerate(cells) if _CJK.search(cell) and not _is_number(cell)]
    first = labels[-1] + 1 if labels else 0  # blanks left of a label are layout, not cells
    builder.close()
    for index, cell in enumerate(cells):
        if index < first and not cell:
            continue
        if not cell:
            builder.add_token(Token("", blank=True), table_row=True)
        elif _is_number(cell):
            for token in _cell_tokens(cell):
                builder.add_token(token, table_row=True)
        elif _CJK.search(cell):
            _scan(builder, cell, table_row=True)
        elif _WORDY.search(cell) or re.fullmatch(r"[-—–/\\×*]+", cell):
            builder.add_token(Token(cell), table_row=True)
    builder.close()


def _is_number(cell: str) -> bool:
    return _CELL.fullmatch(cell) is not None


def _cell_tokens(cell: str) -> list[Token]:
    match = _CELL.fullmatch(cell)
    if match is None:
        return [Token(cell)]
    parts = _SIGNED_PART.findall(match.group("num"))
    unit = match.group("unit") or ""
    tokens = [Token(part, _plain(part)) for part in parts]
    last = tokens[-1]
    tokens[-1] = Token(cell if len(parts) == 1 else last.raw + unit, last.number, unit)
    return tokens


def _plain(number: str) -> str:
    return number.replace(",", "").lstrip("+")


def _scan(builder: _Builder, text: str, *, table_row: bool = False) -> None:
    if not _NUMERIC.search(text):
        builder.add_label(text)
        return
    position = 0
    for match in _SCAN.finditer(text):
        if match.start() > position:
            builder.add_label(text[position : match.start()])
        if match.group("bad"):
            builder.add_token(Token(match.group("bad")), table_row=table_row)
        else:
            unit = match.group("unit") or ""
            builder.add_token(
                Token(match.group(0), _plain(match.group("num")), unit), table_row=table_row
            )
        position = match.end()
    if position < len(text):
        builder.add_label(text[position:])
