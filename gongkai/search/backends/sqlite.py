"""SQLite: a contentless FTS5 table over pre-segmented terms.

``search_fts(title, body, extra, meta)`` indexes the terms joined by spaces (stored
once, compressed, in ``search_document.terms`` for deleting); its rowid is
``search_document.docid``, which orders documents by publication time, so "newest
first" is FTS5's own reverse rowid scan and needs no sort. ``meta`` holds the filter
terms, so a filtered query is one FTS5 expression; every user term is quoted and
restricted to the text columns. Relevance is ``bm25`` with title > body > extra and
the filter column weighted 0.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import connection

from gongkai.search.backends.base import Found, Plan, assign_docids, chunks, key_in
from gongkai.search.prepare import SqliteRow, unpack
from gongkai.search.types import Entry

# title, body, extra, meta
BM25 = "bm25(search_fts, 10.0, 4.0, 1.0, 0.0)"
AUTOMERGE = 4  # FTS5's default
DOCUMENT_COLUMNS = (
    "key, docid, agency_id, agency_path, column_id, theme, genre, year, validity, "
    "published_at, title, body, extra, norm, terms"
)


def quote(term: str) -> str:
    """An FTS5 string: the term can hold no syntax, whatever it contains."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(plan: Plan) -> str:
    words = " AND ".join(quote(w) for w in plan.words)
    expression = f"{{title body extra}} : ({words})"
    if plan.filters:
        expression += " AND meta : (" + " AND ".join(quote(f) for f in plan.filters) + ")"
    return expression


def _timestamp(value: datetime.datetime | str) -> datetime.datetime:
    """Django stores UTC without an offset; its converter may already have parsed it."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value.replace(tzinfo=datetime.UTC)


class SqliteBackend:
    vendor = "sqlite"

    def write(self, cursor: Any, entries: Sequence[Entry], rows: Sequence[SqliteRow]) -> None:
        self.remove(cursor, [e.key for e in entries])
        docids = assign_docids(cursor, entries, "in")
        adapt = connection.ops.adapt_datetimefield_value
        cursor.executemany(
            f"INSERT INTO search_document ({DOCUMENT_COLUMNS}) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    e.key,
                    docid,
                    e.agency_id,
                    e.agency_path,
                    e.column_id,
                    e.theme,
                    e.genre,
                    e.year,
                    e.validity,
                    adapt(e.published_at),
                    e.title,
                    e.body,
                    e.extra,
                    row[0],
                    row[1],
                )
                for e, docid, row in zip(entries, docids, rows, strict=True)
            ],
        )
        # FTS5 writes out its pending terms whenever a rowid is not larger than the last
        # one, so rows go in ascending docid order: one segment per batch, not per row
        cursor.executemany(
            "INSERT INTO search_fts (rowid, title, body, extra, meta) VALUES (%s, %s, %s, %s, %s)",
            sorted((docid, *row[2:]) for docid, row in zip(docids, rows, strict=True)),
        )

    def remove(self, cursor: Any, keys: Sequence[int]) -> None:
        for part in chunks(keys):
            sql, params = key_in("in", part)
            cursor.execute(f"SELECT docid, terms FROM search_document WHERE key {sql}", params)  # noqa: S608
            old = cursor.fetchall()
            if not old:
                continue
            cursor.executemany(
                "INSERT INTO search_fts (search_fts, rowid, title, body, extra, meta) "
                "VALUES ('delete', %s, %s, %s, %s, %s)",
                [(docid, *unpack(blob)) for docid, blob in old],
            )
            cursor.execute(f"DELETE FROM search_document WHERE key {sql}", params)  # noqa: S608

    def clear(self, cursor: Any) -> None:
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
        cursor.execute("DELETE FROM search_document")

    def forget_orphans(self, cursor: Any) -> None:
        """After ``flush`` emptied ``search_document`` behind the index's back (as
        Django's transactional tests do), empty the FTS5 table too."""
        cursor.execute("SELECT 1 FROM search_document LIMIT 1")
        if cursor.fetchone() is None:
            cursor.execute("SELECT 1 FROM search_fts_docsize LIMIT 1")
            if cursor.fetchone() is not None:
                cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")

    def optimize(self, cursor: Any) -> None:
        self._config(cursor, "automerge", AUTOMERGE)
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
        cursor.execute("ANALYZE search_document")

    def begin_bulk(self, cursor: Any) -> None:
        """No merging while a bulk load writes one segment per batch: merging them all
        once at the end is far less work than merging as they come."""
        self._config(cursor, "automerge", 0)

    def end_bulk(self, cursor: Any, written: int) -> None:
        cursor.execute("SELECT count(*) FROM search_document")
        if written * 2 >= cursor.fetchone()[0]:
            self.optimize(cursor)  # most of the index is new: merge it into one segment
        else:
            self._config(cursor, "automerge", AUTOMERGE)  # later writes merge gradually

    @staticmethod
    def _config(cursor: Any, name: str, value: int) -> None:
        cursor.execute("INSERT INTO search_fts (search_fts, rank) VALUES (%s, %s)", [name, value])

    def search(self, cursor: Any, plan: Plan, *, own_transaction: bool) -> tuple[int, list[Found]]:
        """``cursor`` is a DB-API (sqlite3) cursor: "?" placeholders."""
        params: list[Any] = [match_expression(plan), *plan.phrases]
        if plan.order == "relevance":
            inner_order, outer_order = "score, rowid DESC", "p.score, p.rowid DESC"
        else:
            inner_order, outer_order = "rowid DESC", "p.rowid DESC"
        if plan.phrases:
            # Candidates from the index, then the phrases against the stored text: the
            # expensive part, so the total is counted in the same pass.
            source = (
                "search_fts JOIN search_document d ON d.docid = search_fts.rowid "
                "WHERE search_fts MATCH ?" + " AND instr(d.norm, ?) > 0" * len(plan.phrases)
            )
            page = (
                "SELECT rowid, score, count(*) OVER () AS total FROM ("  # noqa: S608
                f"SELECT search_fts.rowid AS rowid, {BM25} AS score FROM {source}"
                f") ORDER BY {inner_order} LIMIT ? OFFSET ?"
            )
        else:
            source = "search_fts WHERE search_fts MATCH ?"
            page = (
                f"SELECT rowid, {BM25} AS score, NULL AS total FROM {source} "  # noqa: S608
                f"ORDER BY {inner_order} LIMIT ? OFFSET ?"
            )
        cursor.execute(
            "SELECT d.key, p.score, d.title, d.body, d.extra, d.published_at, p.total "  # noqa: S608
            f"FROM ({page}) p JOIN search_document d ON d.docid = p.rowid ORDER BY {outer_order}",
            [*params, plan.limit, plan.offset],
        )
        rows = cursor.fetchall()
        found = [
            Found(key, -score, title, body, extra, _timestamp(published))
            for key, score, title, body, extra, published, _total in rows
        ]
        if rows and rows[0][6] is not None:
            return rows[0][6], found
        if plan.offset == 0 and len(found) < plan.limit:
            return len(found), found
        cursor.execute(f"SELECT count(*) FROM {source}", params)  # noqa: S608
        return cursor.fetchone()[0], found
