"""The embedded DuckDB backend: one file, nothing to start.

One writer: DuckDB lets one process open a file for writing at a time (several read-only
processes may share it when nobody writes).  Several processes writing while the API serves
need PostgreSQL.  Within a process, the store serialises calls on its one connection.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence

import duckdb

from ..errors import StoreError
from ..settings import Settings
from .base import Store
from .migrations import MIGRATIONS, Migration

# Rows per multi-row INSERT: DuckDB's executemany prepares each row anew, a VALUES list of a
# few hundred rows is about 4x faster (measured: 5,000 rows 0.60 s vs 0.16 s).
CHUNK = 300

# Nothing may be downloaded at run time: JSON and ICU are built into the Python wheel, and
# automatic installation of any other extension is switched off.
CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


class DuckDBStore(Store):
    """A store in a DuckDB file (or ``:memory:``)."""

    dialect = "duckdb"
    types = {"json": "JSON", "float": "DOUBLE", "ts": "TIMESTAMP", "key": "TEXT"}
    errors = (duckdb.Error,)
    # Optimistic concurrency between connections of one process: a conflict surfaces at commit.
    conflict_errors = (duckdb.IntegrityError, duckdb.TransactionException)

    def __init__(self, path: str, *, settings: Settings, read_only: bool = False,
                 migrations: Sequence[Migration] = MIGRATIONS) -> None:
        super().__init__(connect(path, read_only=read_only), settings=settings, read_only=read_only,
                         where=path, migrations=migrations)

    def _execute(self, query: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(query, list(params))

    def _insert_many(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        group = "(" + ", ".join("?" * len(columns)) + ")"
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        for k in range(0, len(rows), CHUNK):
            chunk = rows[k:k + CHUNK]
            self.conn.execute(head + ", ".join([group] * len(chunk)), [v for row in chunk for v in row])

    def _now(self) -> dt.datetime:
        # TIMESTAMP columns hold naive UTC: DuckDB would otherwise convert by the local zone.
        return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def connect(path: str, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, turning every way it can fail into a StoreError that says the fix."""
    if path != ":memory:":
        file = Path(path)
        if file.is_dir():
            raise StoreError(f"{path} is a folder; give a DuckDB file path such as {file / 'titfortat.duckdb'}")
        if not file.parent.is_dir():
            raise StoreError(f"folder {file.parent} does not exist; create it or choose another database path")
        if read_only and not file.exists():
            raise StoreError(f"{path} does not exist; a read-only store must already hold data")
    try:
        return duckdb.connect(path, read_only=read_only, config=dict(CONFIG))
    except duckdb.Error as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise StoreError(f"{path} is in use by another process (DuckDB allows one writer); stop "
                             "it, or use a postgresql:// database for several writers") from exc
        if "not a valid DuckDB database" in text:
            raise StoreError(f"{path} is not a DuckDB database; give a new or existing DuckDB file "
                             "path, or a postgresql:// URL") from exc
        raise StoreError(f"cannot open {path}: {text.splitlines()[0]}") from exc
