"""The search interface: feed entries in, ask questions out.

Other apps never touch the search tables; they call ``index_entries`` (typically from
``transaction.on_commit``) and ``remove_entries``, and register a source of all their
entries for ``gongkai search rebuild``. Everything here runs on the default database
and is safe inside the caller's transaction: each batch is written in its own
``transaction.atomic()`` block (a savepoint when the caller already has a transaction).
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.pool import AsyncResult
from typing import Any

from django.db import connection, transaction

from gongkai.search import highlight, query, text
from gongkai.search.backends import Found, Plan, backend_for
from gongkai.search.prepare import prepare
from gongkai.search.types import MAX_LIMIT, Entry, Hit, SearchPage, SearchQuery

WRITE_BATCH = 1000  # entries per transaction (FTS5 writes an index segment for each)
BULK_WRITE_BATCH = 5000  # the same when there are many
TASK_BATCH = 250  # entries per worker task
EMPTY_QUERY_MESSAGE = "请输入要查找的关键词。"
VALIDITY_LABELS = {"valid": "有效", "expired": "已失效", "repealed": "已废止"}

Source = Callable[[], Iterable[Entry]]
_sources: list[Source] = []


def register_source(fn: Source) -> None:
    """Register a function returning every entry an app wants indexed; ``rebuild``
    calls them all. Registering the same function twice has no effect."""
    if fn not in _sources:
        _sources.append(fn)


def registered_sources() -> list[Source]:
    return list(_sources)


def _batches(entries: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    iterator = iter(entries)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _write(batch: Sequence[Entry], rows: Sequence[Any]) -> None:
    backend = backend_for(connection)
    with transaction.atomic(), connection.cursor() as cursor:
        backend.write(cursor, batch, rows)


def index_entries(entries: Iterable[Entry], *, processes: int | None = None) -> int:
    """Insert or replace (by key) the given entries; returns how many were written.

    Up to ``WRITE_BATCH`` entries are segmented in this process and written in one
    transaction. More make a bulk load: ``processes`` worker processes (default: one
    per CPU) segment while this process writes, and the index is merged at the end."""
    vendor = backend_for(connection).vendor
    iterator = iter(entries)
    first = list(itertools.islice(iterator, WRITE_BATCH + 1))
    if len(first) <= WRITE_BATCH:
        if first:
            _write(first, prepare(vendor, first))
        return len(first)
    workers = processes if processes is not None else (os.cpu_count() or 1)
    return _bulk(vendor, itertools.chain(first, iterator), workers)


def _bulk(vendor: str, entries: Iterable[Entry], workers: int) -> int:
    """Workers prepare tasks of TASK_BATCH entries; this process writes BULK_WRITE_BATCH
    entries a transaction. Only a few batches are in flight: the input may be a huge
    generator."""
    backend = backend_for(connection)
    with connection.cursor() as cursor:
        backend.begin_bulk(cursor)
    try:
        count = _bulk_write(vendor, entries, workers)
    except BaseException:
        with contextlib.suppress(Exception), connection.cursor() as cursor:
            backend.end_bulk(cursor, 0)  # best effort: the original error matters
        raise
    with transaction.atomic(), connection.cursor() as cursor:
        backend.end_bulk(cursor, count)
    return count


_TEXT_FIELDS = ("title", "body", "extra", "agency_path", "theme", "genre", "validity")


def _picklable(entry: Entry) -> Entry:
    """Worker processes have no Django: a ``TextChoices`` member (a ``str`` subclass
    from a models module) would not unpickle there, so such values become plain str."""
    loose: dict[str, Any] = {
        name: str(value) for name in _TEXT_FIELDS if type(value := getattr(entry, name)) is not str
    }
    return dataclasses.replace(entry, **loose) if loose else entry


def _bulk_write(vendor: str, entries: Iterable[Entry], workers: int) -> int:
    count = 0
    if workers <= 1:
        for batch in _batches(entries, BULK_WRITE_BATCH):
            _write(batch, prepare(vendor, batch))
            count += len(batch)
        return count
    context = multiprocessing.get_context("spawn")  # the caller may have threads
    with context.Pool(workers) as pool:
        pending: deque[tuple[list[Entry], list[AsyncResult[Any]]]] = deque()
        for batch in _batches(entries, BULK_WRITE_BATCH):
            batch = [_picklable(e) for e in batch]
            tasks = [
                pool.apply_async(prepare, (vendor, batch[i : i + TASK_BATCH]))
                for i in range(0, len(batch), TASK_BATCH)
            ]
            pending.append((batch, tasks))
            if len(pending) > 1:  # write one batch while the next is being prepared
                count += _write_prepared(*pending.popleft())
        while pending:
            count += _write_prepared(*pending.popleft())
    return count


def _write_prepared(batch: list[Entry], tasks: list[AsyncResult[Any]]) -> int:
    _write(batch, [row for task in tasks for row in task.get()])
    return len(batch)


def remove_entries(keys: Iterable[int]) -> None:
    """Remove entries from the index; unknown keys are ignored."""
    backend = backend_for(connection)
    key_list = list(dict.fromkeys(keys))
    if key_list:
        with transaction.atomic(), connection.cursor() as cursor:
            backend.remove(cursor, key_list)


def clear() -> None:
    """Remove every entry."""
    backend = backend_for(connection)
    with transaction.atomic(), connection.cursor() as cursor:
        backend.clear(cursor)


def optimize() -> None:
    """Merge the index after a bulk load (FTS5 ``optimize``; ``ANALYZE``)."""
    backend = backend_for(connection)
    with transaction.atomic(), connection.cursor() as cursor:
        backend.optimize(cursor)


def rebuild(*, processes: int | None = None) -> int:
    """Replace the whole index with the entries of every registered source, in one
    transaction, so that searches see the old index until the new one is complete."""
    with transaction.atomic():
        clear()
        count = sum(index_entries(source(), processes=processes) for source in _sources)
        optimize()
    return count


# --- searching ----------------------------------------------------------------------


def _filter_terms(q: SearchQuery) -> list[str]:
    terms = []
    if q.agency_path:
        terms.append(text.agency_path_term(q.agency_path))
    if q.agency_id is not None:
        terms.append(text.agency_term(q.agency_id))
    if q.column_id is not None:
        terms.append(text.column_term(q.column_id))
    if q.theme:
        terms.append(text.theme_term(q.theme))
    if q.genre:
        terms.append(text.genre_term(q.genre))
    if q.year is not None:
        terms.append(text.year_term(q.year))
    if q.validity:
        terms.append(text.validity_term(q.validity))
    return terms


def _filter_labels(q: SearchQuery) -> list[str]:
    """The filters in use, as named in the suggestion (the year first: most often the
    one to drop)."""
    labels = []
    if q.year is not None:
        labels.append(f"年份：{q.year}")
    if q.column_id is not None:
        labels.append("栏目")
    if q.agency_path or q.agency_id is not None:
        labels.append("发布机构")
    if q.theme:
        labels.append("主题分类")
    if q.genre:
        labels.append("体裁")
    if q.validity:
        labels.append(f"效力状态：{VALIDITY_LABELS.get(q.validity, q.validity)}")
    return labels


def no_results_message(q: SearchQuery, parsed: query.ParsedQuery) -> str:
    found_nothing = f"没有找到与“{query.display(q.text)}”相关的信息。"
    labels = _filter_labels(q)
    if labels:
        quoted = "".join(f"“{label}”" for label in labels)
        more = "等" if len(labels) > 1 else ""
        return f"{found_nothing}可以去掉{quoted}{more}筛选条件，或换用更短的关键词。"
    if len(parsed.terms) > 1 or parsed.phrases:
        return f"{found_nothing}可以减少关键词、去掉引号，或换用更短的关键词。"
    return f"{found_nothing}请检查是否有错别字，或换用更短、更常用的关键词。"


def _run_search(plan: Plan) -> tuple[int, list[Found]]:
    """The backend's queries on the DB-API cursor (Django's wrapper costs as much as a
    rare query's own SQL). PostgreSQL's need a transaction for the planner settings
    they change locally; SQLite's must not open one (it would take the write lock)."""
    backend = backend_for(connection)
    connection.ensure_connection()
    own = backend.vendor == "postgresql" and not connection.in_atomic_block
    scope = transaction.atomic() if own else contextlib.nullcontext()
    with scope, connection.wrap_database_errors:
        cursor = connection.connection.cursor()
        try:
            return backend.search(cursor, plan, own_transaction=own)
        finally:
            cursor.close()


def search(q: SearchQuery) -> SearchPage:
    """One page of documents matching every word and phrase of ``q.text`` and every
    filter, by relevance (title over body over attachment) or newest first, with
    highlighted titles and snippets; an empty page carries a suggestion."""
    if q.order not in ("relevance", "date"):
        raise ValueError(f"未知的排序方式：{q.order}")
    parsed = query.parse(q.text)
    if parsed.empty:
        return SearchPage(total=0, hits=[], terms=[], query=q, suggestion=EMPTY_QUERY_MESSAGE)
    plan = Plan(
        words=tuple(parsed.index_terms),
        filters=tuple(_filter_terms(q)),
        phrases=tuple(parsed.phrases),
        order=q.order,
        offset=max(0, q.offset),
        limit=max(1, min(q.limit, MAX_LIMIT)),
    )
    total, found = _run_search(plan)
    marks = parsed.marks
    pattern = highlight.compile_marks(tuple(marks))
    hits = [
        Hit(
            key=f.key,
            score=f.score,
            title_html=highlight.mark(f.title, pattern),
            snippet_html=highlight.snippet((f.body, f.extra), pattern),
            published_at=f.published_at,
        )
        for f in found
    ]
    suggestion = "" if total else no_results_message(q, parsed)
    return SearchPage(total=total, hits=hits, terms=marks, query=q, suggestion=suggestion)
