"""What reading one published report gives: its form, agency, year, every table cell in
the JSON shape of report_forms.md, and notes on cells that could not be read for sure."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

NoteKind = Literal["unreadable", "ambiguous", "unit_stripped", "missing_table", "local_form"]


class UnreadableReport(Exception):
    """The file cannot be read as a report at all (empty, image-only PDF, unknown form…).
    The message is for users, in Chinese; the CLI exits 2."""


@dataclass(frozen=True)
class ParseNote:
    """Something about one cell (or table) that the reader of the JSON must know.

    ``cell`` is a dotted path into the JSON shape, e.g. ``applications.new.total``,
    ``proactive.art20_8.fees_10k_yuan`` or ``rows.7``; empty for a whole-report note.
    """

    kind: NoteKind
    cell: str
    message: str
    text: str = ""  # the source text the note is about

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "cell": self.cell, "message": self.message, "text": self.text}


@dataclass
class ParsedReport:
    form: str  # "2014" | "2019" | "2021" | "local"
    year: int | None
    agency: str
    tables: dict[
        str, Any
    ]  # {"proactive": …, "applications": …, "review_litigation": …} or {"rows": …}
    notes: list[ParseNote] = field(default_factory=list)
    text: str = ""  # the whole normalised text, for the narrative checks
    source: str = ""  # file name

    def as_json(self) -> dict[str, Any]:
        """The report_forms.md shape (money as decimal strings) plus ``notes``."""
        return {
            "form": self.form,
            "year": self.year,
            "agency": self.agency,
            **_jsonable(self.tables),
            "notes": [note.as_json() for note in self.notes],
        }

    def cell(self, path: str) -> Any:
        """A cell by its dotted path (``applications.new.total``); KeyError if absent."""
        table, _, rest = path.partition(".")
        value: Any = self.tables[table]
        if table == "applications":
            row, _, column = rest.rpartition(".")
            return value[row][column]
        if table == "review_litigation":
            group, _, column = rest.partition(".")
            return value[group][column]
        return value[rest]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return value
