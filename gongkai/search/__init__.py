"""Chinese full-text search over the disclosure catalogue (政府信息).

The interface other apps use; they never touch the search tables directly::

    from gongkai import search

    search.index_entries([search.Entry(...)])     # insert or replace by key
    search.remove_entries([key])
    page = search.search(search.SearchQuery(text="低保", year=2024))
    search.register_source(all_entries)           # for `gongkai search rebuild`

SQLite FTS5 by default, PostgreSQL full-text search when the default database is
PostgreSQL; text is segmented with rjieba in Python for both.
"""

from gongkai.search.index import (
    clear,
    index_entries,
    optimize,
    rebuild,
    register_source,
    registered_sources,
    remove_entries,
    search,
)
from gongkai.search.types import Entry, Hit, SearchPage, SearchQuery

__all__ = [
    "Entry",
    "Hit",
    "SearchPage",
    "SearchQuery",
    "clear",
    "index_entries",
    "optimize",
    "rebuild",
    "register_source",
    "registered_sources",
    "remove_entries",
    "search",
]
