"""Turning entries into what a backend stores — the CPU-heavy half of indexing.

Runs in worker processes during bulk indexing (see ``gongkai.search.index``), so it
imports nothing from Django.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence

from gongkai.search import text
from gongkai.search.types import Entry

# PostgreSQL limits: positions 1..16383, at most 256 positions per lexeme, 1 MB a value
PG_MAX_POSITION = 16383
PG_MAX_POSITIONS = 256
PG_MAX_BYTES = 900_000
FIELD_WEIGHTS = "ABC"  # title, body, attachment; filter terms are D

SqliteRow = tuple[str, bytes, str, str, str, str]  # norm, packed, title, body, extra, meta
PostgresRow = tuple[str, str]  # norm, tsvector literal
_UNIT = "\x1f"


def meta_terms(entry: Entry) -> list[str]:
    terms = [
        text.agency_term(entry.agency_id),
        *text.agency_path_terms(entry.agency_path),
        text.year_term(entry.year),
        text.validity_term(entry.validity),
    ]
    if entry.column_id is not None:
        terms.append(text.column_term(entry.column_id))
    if entry.theme:
        terms.extend(text.theme_terms(entry.theme))
    if entry.genre:
        terms.append(text.genre_term(entry.genre))
    return terms


def _cleaned(entry: Entry) -> tuple[str, str, str]:
    limit = text.MAX_FIELD_CHARS
    return (
        text.clean(entry.title[:limit]),
        text.clean(entry.body[:limit]),
        text.clean(entry.extra[:limit]),
    )


def pack(columns: Sequence[str]) -> bytes:
    """The indexed text of a row, kept so that it can be deleted from a contentless
    FTS5 table exactly as it was inserted, whatever the segmenter does by then."""
    return zlib.compress(_UNIT.join(columns).encode(), 1)


def unpack(blob: bytes) -> list[str]:
    return zlib.decompress(blob).decode().split(_UNIT)


def prepare_sqlite(entries: Sequence[Entry]) -> list[SqliteRow]:
    rows = []
    for entry in entries:
        fields = _cleaned(entry)
        columns = []
        for cleaned in fields:
            words, grams = text.field_terms(cleaned)
            words.extend(grams)
            columns.append(" ".join(words))
        columns.append(" ".join(meta_terms(entry)))
        norm = text.FIELD_SEPARATOR.join(fields)
        rows.append((norm, pack(columns), columns[0], columns[1], columns[2], columns[3]))
    return rows


def _rendered_positions(weight: str) -> tuple[str, ...]:
    return tuple(f"{n}{weight}" for n in range(PG_MAX_POSITION + 1))


# "1A", "2A", …: position strings are looked up, not formatted, per occurrence
_POSITIONS = {weight: _rendered_positions(weight) for weight in FIELD_WEIGHTS}


def tsvector_literal(fields: Sequence[tuple[list[str], list[str]]], meta: list[str]) -> str:
    """A tsvector in its input syntax (``'低保':3B,9B '#y2020':1D``), built here so
    that PostgreSQL's text-search parser never sees the text. Terms are letter/digit
    runs (filter terms add a ``#``), so they need no escaping inside the apostrophes.
    Positions past PostgreSQL's 16383 are clamped; a lexeme keeps at most 256."""
    spots: dict[str, list[str]] = {}
    position = 0
    for (words, grams), weight in zip(fields, FIELD_WEIGHTS, strict=True):
        rendered = _POSITIONS[weight]
        if position + len(words) >= PG_MAX_POSITION:  # rare: clamp
            numbers: Iterable[int] = (
                min(n, PG_MAX_POSITION) for n in range(position + 1, position + 1 + len(words))
            )
        else:
            numbers = range(position + 1, position + 1 + len(words))
        for number, word in zip(numbers, words):  # noqa: B905
            found = spots.get(word)
            if found is None:
                spots[word] = [rendered[number]]
            else:
                found.append(rendered[number])
        position = min(position + len(words) + 1, PG_MAX_POSITION)
        if grams:  # bigrams are unique per field: one position each, after the words
            tag = rendered[position]
            for gram in grams:
                if gram not in spots:
                    spots[gram] = [tag]
    for term in meta:
        spots[term] = ["1D"]
    parts = [
        f"'{word}':{found[0]}"
        if len(found) == 1
        else f"'{word}':{','.join(found[:PG_MAX_POSITIONS])}"
        for word, found in spots.items()
    ]
    literal = " ".join(parts)
    if len(literal) * 3 <= PG_MAX_BYTES or len(literal.encode()) <= PG_MAX_BYTES:
        return literal
    # a huge attachment: the filter terms, then one position per lexeme while they fit
    kept = [f"'{term}':1D" for term in meta]
    size = 0
    for word, found in spots.items():
        size += len(word.encode()) + 12
        if size > PG_MAX_BYTES:
            break
        kept.append(f"'{word}':{found[0]}")
    return " ".join(dict.fromkeys(kept))


PG_FILTER_PREFIX = "#"  # no word contains it, so "a4" in a text is not agency 4


def prepare_postgres(entries: Sequence[Entry]) -> list[PostgresRow]:
    rows = []
    for entry in entries:
        fields = _cleaned(entry)
        meta = [PG_FILTER_PREFIX + term for term in meta_terms(entry)]
        literal = tsvector_literal([text.field_terms(c) for c in fields], meta)
        rows.append((text.FIELD_SEPARATOR.join(fields), literal))
    return rows


def prepare(vendor: str, entries: Sequence[Entry]) -> list[SqliteRow] | list[PostgresRow]:
    if vendor == "postgresql":
        return prepare_postgres(entries)
    return prepare_sqlite(entries)
