"""Opening a store: migrations, and every way a database can be unusable."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from titfortat.errors import StoreError
from titfortat.store import MIGRATIONS, open_store
from titfortat.store.postgres import describe


def test_old_database_is_migrated_on_open(store_url, settings, article):
    with open_store(store_url, settings=settings, migrations=MIGRATIONS[:1]) as old:
        assert old.applied_migrations() == ["0001_initial"]
        assert old.check() == ["migration 0002_claims_and_links not applied"]
        assert old.add_article(article) == "new"
    with open_store(store_url, settings=settings) as store:
        assert store.applied_migrations() == [m.name for m in MIGRATIONS]
        assert store.add_article(article) == "unchanged"
        store.save_extraction(article.doc_id, coder="c1", events=[], claims=[])
        assert store.check() == []
        assert store.migrate() == []  # nothing left to apply
        applied = store._rows("SELECT name, applied_at FROM schema_migrations ORDER BY name")
    assert len(applied) == len(MIGRATIONS) and all(at is not None for _, at in applied)


def test_database_of_a_newer_version_is_refused(store_url, settings):
    with open_store(store_url, settings=settings) as store:
        store._execute("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_future', ?)",
                       (store._now(),))
    with pytest.raises(StoreError, match="newer titfortat .*9999_future"):
        open_store(store_url, settings=settings)


def test_read_only_open_of_an_unmigrated_database_is_refused(store_url, settings):
    open_store(store_url, settings=settings, migrations=MIGRATIONS[:1]).close()
    with pytest.raises(StoreError, match="needs migrations 0002_claims_and_links"):
        open_store(store_url, settings=settings, read_only=True)


@pytest.mark.parametrize("name, content, message", [
    ("notes.duckdb", "these are notes, not a database\n" * 50, "is not a DuckDB database"),
    ("missing/store.duckdb", None, "folder .*missing does not exist"),
    ("folder", "dir", "is a folder"),
])
def test_unusable_duckdb_path(tmp_path: Path, settings, name, content, message):
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_text(content)
    with pytest.raises(StoreError, match=message):
        open_store(str(path), settings=settings)


def test_read_only_duckdb_that_does_not_exist(tmp_path: Path, settings):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "new.duckdb"), settings=settings, read_only=True)


def test_duckdb_held_by_another_process_points_to_postgresql(tmp_path: Path, settings):
    path = tmp_path / "busy.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys\ncon = duckdb.connect(sys.argv[1])\n"
         "print('ready', flush=True)\nsys.stdin.read()", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="one writer.*postgresql://"):
            open_store(str(path), settings=settings)
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


@pytest.mark.parametrize("url, message", [
    ("postgresql://postgres@127.0.0.1:1/test", "cannot connect to postgresql://postgres@127.0.0.1:1/test"),
    ("postgresql://postgres:secret@127.0.0.1:1/test", "check that the server runs"),
])
def test_unreachable_postgresql(settings, url, message):
    with pytest.raises(StoreError, match=message) as info:
        open_store(url, settings=settings)
    assert "secret" not in str(info.value)


def test_postgresql_schema_that_does_not_exist(postgres_url_in, settings):
    with pytest.raises(StoreError, match="CREATE SCHEMA"):
        open_store(postgres_url_in("tft_no_such_schema"), settings=settings)


def test_describe_hides_the_password():
    assert describe("postgresql://u:pw@db.example:5433/tft") == "postgresql://u@db.example:5433/tft"
