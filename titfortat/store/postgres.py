"""The PostgreSQL backend (psycopg 3) for shared deployments with several writers."""
from __future__ import annotations

from typing import Any, Sequence

import psycopg
from psycopg import conninfo

from ..errors import StoreError
from ..settings import Settings
from .base import Store
from .migrations import MIGRATIONS, Migration

CONNECT_TIMEOUT_S = 5  # an unreachable server should fail fast, not hang a CLI command


class PostgresStore(Store):
    """A store in a PostgreSQL database (the schema first on the connection's search_path)."""

    dialect = "postgresql"
    # JSON, not JSONB: JSONB reorders keys, and output must be the same on both backends.
    types = {"json": "JSON", "float": "DOUBLE PRECISION", "ts": "TIMESTAMPTZ", "key": 'TEXT COLLATE "C"'}
    errors = (psycopg.Error,)
    conflict_errors = (psycopg.errors.IntegrityError,)

    def __init__(self, url: str, *, settings: Settings, read_only: bool = False,
                 migrations: Sequence[Migration] = MIGRATIONS) -> None:
        where = describe(url)
        super().__init__(connect(url, where=where, read_only=read_only), settings=settings,
                         read_only=read_only, where=where, migrations=migrations)

    def _execute(self, query: str, params: Sequence[Any] = ()) -> Any:
        # The shared SQL uses DuckDB's ``?`` placeholders and never a literal ``?`` or ``%``.
        return self.conn.execute(query.replace("?", "%s"), list(params) if params else None)

    def _insert_many(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        marks = ", ".join(["%s"] * len(columns))
        with self.conn.cursor() as cursor:  # psycopg pipelines executemany: one round trip
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def _lock_migrations(self) -> None:
        # Two processes opening a new database at once: the second waits, then finds it migrated.
        self._execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        parts = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise StoreError(f"{url.split('@')[-1]} is not a valid PostgreSQL URL: {exc}") from exc
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host') or 'localhost'}{port}/{parts.get('dbname') or ''}"


def connect(url: str, *, where: str, read_only: bool) -> psycopg.Connection:
    """Connect in autocommit mode (the store opens its own transactions) and check the schema."""
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"cannot connect to {where}: {first}; check that the server runs and "
                         "the URL (user, host, port, database) is right") from exc
    if read_only:
        conn.execute("SET default_transaction_read_only = on")
    schema = conn.execute("SELECT current_schema()").fetchone()
    if not schema or schema[0] is None:
        path = conn.execute("SHOW search_path").fetchone()
        conn.close()
        raise StoreError(f"no schema of the search_path ({path[0] if path else '?'}) exists in {where}; "
                         "create it (CREATE SCHEMA ...) or fix the search_path option")
    return conn
