"""PostgreSQL: a weighted tsvector column on ``search_document`` with a GIN index.

The tsvector is built in Python from the segmented terms (title A, body B, attachment
C, filter terms D) and sent in tsvector input syntax, so PostgreSQL's text-search
parser — which drops CJK characters under some locales — is never used. Queries are
``'term' & 'term'`` tsqueries of quoted letter/digit terms; the filter terms are part of
the same tsquery, so filtering is one GIN intersection. Relevance is ``ts_rank`` over
the user's terms only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gongkai.search.backends.base import Found, Plan, assign_docids, chunks, key_in
from gongkai.search.prepare import PG_FILTER_PREFIX, PostgresRow
from gongkai.search.types import Entry

RANK_WEIGHTS = "'{0.0, 0.2, 0.4, 1.0}'"  # D (filters), C (attachment), B (body), A (title)
DOCUMENT_COLUMNS = (
    "key, docid, agency_id, agency_path, column_id, theme, genre, year, validity, "
    "published_at, title, body, extra, norm, tsv"
)


def quote(term: str) -> str:
    """A tsquery lexeme: quoted, with quotes and backslashes escaped."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _storable(value: str) -> str:
    return value.replace("\x00", "") if "\x00" in value else value


def tsquery(terms: Sequence[str]) -> str:
    return " & ".join(quote(t) for t in terms)


class PostgresBackend:
    vendor = "postgresql"

    def write(self, cursor: Any, entries: Sequence[Entry], rows: Sequence[PostgresRow]) -> None:
        self.remove(cursor, [e.key for e in entries])
        docids = assign_docids(cursor, entries, "any")
        with cursor.cursor.copy(f"COPY search_document ({DOCUMENT_COLUMNS}) FROM STDIN") as copy:
            for e, docid, (norm, tsv) in zip(entries, docids, rows, strict=True):
                copy.write_row(
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
                        e.published_at,
                        _storable(e.title),
                        _storable(e.body),
                        _storable(e.extra),
                        norm,
                        tsv,
                    )
                )

    def remove(self, cursor: Any, keys: Sequence[int]) -> None:
        for part in chunks(keys):
            sql, params = key_in("any", part)
            cursor.execute(f"DELETE FROM search_document WHERE key {sql}", params)  # noqa: S608

    def clear(self, cursor: Any) -> None:
        cursor.execute("TRUNCATE search_document")

    def optimize(self, cursor: Any) -> None:
        cursor.execute("ANALYZE search_document")

    def begin_bulk(self, cursor: Any) -> None:
        pass

    def end_bulk(self, cursor: Any, written: int) -> None:
        cursor.execute("ANALYZE search_document")

    def search(self, cursor: Any, plan: Plan, *, own_transaction: bool) -> tuple[int, list[Found]]:
        """``cursor`` is a DB-API (psycopg) cursor, inside a transaction: its own, or
        the caller's (whose planner settings are then put back).

        Counting and ranking use the GIN index even for words in most documents: the
        planner then prefers a sequential scan, not knowing that ``tsv @@ query`` on
        a row means decompressing its tsvector, while the index answers it for free.
        Date order keeps the planner's choice (for common words, walking ``docid``
        backwards is best)."""
        if own_transaction:
            return self._search(cursor, plan)
        cursor.execute("SELECT current_setting('enable_seqscan')")
        setting = cursor.fetchone()[0]
        try:
            return self._search(cursor, plan)
        finally:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [setting])

    def _search(self, cursor: Any, plan: Plan) -> tuple[int, list[Found]]:
        where = "tsv @@ %s::tsquery" + " AND strpos(norm, %s) > 0" * len(plan.phrases)
        filters = [PG_FILTER_PREFIX + f for f in plan.filters]
        params: list[Any] = [tsquery([*plan.words, *filters]), *plan.phrases]
        rank = f"ts_rank({RANK_WEIGHTS}, tsv, %s::tsquery)"
        page = [tsquery(plan.words), *params, plan.limit, plan.offset]
        if plan.order == "relevance" or plan.phrases:
            # every match is read anyway (to rank it, or to check the phrases): count
            # in the same pass, over (docid, score) only
            _index_only(cursor)
            by_rank = plan.order == "relevance"
            order = "score DESC, docid DESC" if by_rank else "docid DESC"
            outer = "p.score DESC, p.docid DESC" if by_rank else "p.docid DESC"
            cursor.execute(
                "SELECT d.key, p.score, d.title, d.body, d.extra, d.published_at, p.total "  # noqa: S608
                f"FROM (SELECT docid, {rank} AS score, count(*) OVER () AS total "
                f"FROM search_document WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s) p "
                f"JOIN search_document d USING (docid) ORDER BY {outer}",
                page,
            )
        else:  # newest first: rank only the page, after the sort
            cursor.execute(
                f"SELECT key, {rank} AS score, title, body, extra, published_at, NULL "  # noqa: S608
                "FROM (SELECT key, docid, tsv, title, body, extra, published_at "
                f"FROM search_document WHERE {where} "
                "ORDER BY docid DESC LIMIT %s OFFSET %s) p ORDER BY docid DESC",
                page,
            )
        rows = cursor.fetchall()
        found = [Found(*row[:6]) for row in rows]
        if rows and rows[0][6] is not None:
            return rows[0][6], found
        if plan.offset == 0 and len(found) < plan.limit:
            return len(found), found
        _index_only(cursor)
        cursor.execute(f"SELECT count(*) FROM search_document WHERE {where}", params)  # noqa: S608
        return cursor.fetchone()[0], found


def _index_only(cursor: Any) -> None:
    """No sequential scans until the end of the transaction (see ``search``)."""
    cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
