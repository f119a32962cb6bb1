"""System checks for the search index: fail fast on a database it cannot use."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register
from django.db import connection

SUPPORTED = ("sqlite", "postgresql")


@register(Tags.database)
def check_database(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Full-text search needs SQLite with FTS5 or PostgreSQL."""
    if connection.vendor not in SUPPORTED:
        return [
            Error(
                f"全文检索不支持 {connection.vendor} 数据库。",
                hint="DATABASE_URL 请使用 PostgreSQL（postgres://…），或不设置以使用 SQLite。",
                id="gongkai.search.E001",
            )
        ]
    # Opening a connection is only allowed when the check run names the databases
    # (``migrate``, ``check --database default``), as Django's own database checks do.
    if connection.vendor == "sqlite" and kwargs.get("databases"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
            if not cursor.fetchone()[0]:
                return [
                    Error(
                        "当前 Python 所带的 SQLite 没有编译 FTS5 全文检索模块。",
                        hint="请使用带 FTS5 的 SQLite（Python 官方发行版均带有），"
                        "或改用 PostgreSQL。",
                        id="gongkai.search.E002",
                    )
                ]
    return []
