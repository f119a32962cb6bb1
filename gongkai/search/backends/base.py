"""What the index functions hand to a backend, and what they get back."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from gongkai.search.types import Entry, Order

DOCID_LOW_BITS = 22  # docid = publication second × 2²² + key mod 2²²
PARAMS_PER_STATEMENT = 500  # well under every SQLite build's variable limit


@dataclass(frozen=True)
class Plan:
    words: tuple[str, ...]  # index terms from the user's query, all required
    filters: tuple[str, ...]  # filter terms, all required
    phrases: tuple[str, ...]  # cleaned phrases that must occur in the stored text
    order: Order
    offset: int
    limit: int


class Found(NamedTuple):
    key: int
    score: float  # higher is better
    title: str
    body: str
    extra: str
    published_at: datetime.datetime


class Backend(Protocol):
    vendor: str

    def write(self, cursor: Any, entries: Sequence[Entry], rows: Sequence[Any]) -> None: ...

    def remove(self, cursor: Any, keys: Sequence[int]) -> None: ...

    def clear(self, cursor: Any) -> None: ...

    def optimize(self, cursor: Any) -> None: ...

    def begin_bulk(self, cursor: Any) -> None: ...

    def end_bulk(self, cursor: Any, written: int) -> None: ...

    def search(
        self, cursor: Any, plan: Plan, *, own_transaction: bool
    ) -> tuple[int, list[Found]]: ...


def natural_docid(entry: Entry) -> int:
    seconds = int(entry.published_at.timestamp())
    return (seconds << DOCID_LOW_BITS) + entry.key % (1 << DOCID_LOW_BITS)


def chunks(items: Sequence[Any], size: int = PARAMS_PER_STATEMENT) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def assign_docids(cursor: Any, entries: Sequence[Entry], in_list: str) -> list[int]:
    """Natural docids, moved up by one where another document already holds the value
    (two keys with equal low bits published in the same second). ``in_list`` is the
    backend's ``IN`` clause for one parameter list. Call after the batch's own old rows
    are deleted."""
    docids = [natural_docid(e) for e in entries]
    taken: set[int] = set()
    for part in chunks(docids):
        sql, params = _in_query(in_list, part)
        cursor.execute(f"SELECT docid FROM search_document WHERE docid {sql}", params)  # noqa: S608
        taken.update(row[0] for row in cursor.fetchall())
    assigned = []
    for docid in docids:
        while docid in taken:
            docid += 1
        taken.add(docid)
        assigned.append(docid)
    return assigned


def _in_query(in_list: str, values: Sequence[int]) -> tuple[str, list[Any]]:
    if in_list == "any":
        return "= ANY(%s)", [list(values)]
    return f"IN ({', '.join(['%s'] * len(values))})", list(values)


def key_in(vendor_style: str, keys: Sequence[int]) -> tuple[str, list[Any]]:
    return _in_query(vendor_style, keys)
