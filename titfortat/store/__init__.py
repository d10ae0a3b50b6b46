"""The titfortat store: documents, events, claims and clusters in DuckDB or PostgreSQL.

All SQL of titfortat lives in this package.  ``open_store`` takes a DuckDB file path (the
default, embedded: created if missing) or a ``postgresql://`` URL (shared deployments) and
migrates the database to the current schema.

One writer: a DuckDB file is written by one process at a time; opening a file another process
holds raises StoreError.  Several writing processes (ingest workers while the API serves) need
PostgreSQL.
"""
from __future__ import annotations

from typing import Sequence

from ..settings import Settings
from .base import Store
from .migrations import MIGRATIONS, Migration

__all__ = ["MIGRATIONS", "Migration", "Store", "is_postgres_url", "open_store"]


def is_postgres_url(url: str) -> bool:
    """True for a ``postgresql://`` (or ``postgres://``) URL, False for a DuckDB path."""
    return url.startswith(("postgresql://", "postgres://"))


def open_store(url: str, *, settings: Settings, read_only: bool = False,
               migrations: Sequence[Migration] = MIGRATIONS) -> Store:
    """Open (and create or migrate) the store at ``url``; raises StoreError when it is unusable.

    ``migrations`` is for tests that build an older database; callers leave it alone.
    """
    if is_postgres_url(url):
        from .postgres import PostgresStore

        return PostgresStore(url, settings=settings, read_only=read_only, migrations=migrations)
    from .duck import DuckDBStore

    return DuckDBStore(url, settings=settings, read_only=read_only, migrations=migrations)
