"""One backend per database vendor, behind the same small protocol."""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

from gongkai.search.backends.base import Backend, Found, Plan
from gongkai.search.backends.postgres import PostgresBackend
from gongkai.search.backends.sqlite import SqliteBackend

__all__ = ["Backend", "Found", "Plan", "backend_for"]

_BACKENDS: dict[str, Backend] = {
    "sqlite": SqliteBackend(),
    "postgresql": PostgresBackend(),
}


def backend_for(connection: BaseDatabaseWrapper) -> Backend:
    try:
        return _BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(
            f"全文检索只支持 SQLite 和 PostgreSQL，当前数据库为 {connection.vendor}"
        ) from None
