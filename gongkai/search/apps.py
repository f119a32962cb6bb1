from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate


def _forget_orphans(sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """``flush`` (run between Django's transactional tests) empties ``search_document``
    but cannot empty SQLite's contentless FTS5 table; it sends ``post_migrate``
    afterwards, and this finishes the job."""
    connection = connections[using]
    if using != DEFAULT_DB_ALIAS or connection.vendor != "sqlite":
        return
    if "search_fts" not in connection.introspection.table_names():
        return
    from gongkai.search.backends.sqlite import SqliteBackend

    with connection.cursor() as cursor:
        SqliteBackend().forget_orphans(cursor)


class SearchConfig(AppConfig):
    name = "gongkai.search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from gongkai.search import checks  # noqa: F401  (registers the system checks)

        post_migrate.connect(_forget_orphans, sender=self)
