"""The two search backends; `get_backend()` picks the one for the database in use."""

from __future__ import annotations

from django.db import connection

from .base import Backend, Filters, SearchSpec


def get_backend() -> Backend:
    """The backend for the default database: PostgreSQL full-text search or SQLite FTS5."""
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    from .sqlite import SqliteBackend

    return SqliteBackend()


__all__ = ["Backend", "Filters", "SearchSpec", "get_backend"]
