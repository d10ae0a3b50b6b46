"""Same inputs, same events and clusters: local vs Dask, DuckDB vs PostgreSQL (SPEC §7)."""
from __future__ import annotations

import json
import uuid

import psycopg
import pytest

from tests.cli.test_cli import SEED, tft
from tests.conftest import ROOT

SAMPLE = ROOT / "titfortat" / "data" / "sample"
PG = "postgresql://postgres@127.0.0.1:5432/test"


def fused(db: str) -> list[dict]:
    out = tft("events", "--db", db, "--format", "jsonl")
    assert out.returncode == 0, out.stderr.decode()
    return [json.loads(line) for line in out.stdout.decode().splitlines()]


@pytest.fixture(scope="module")
def local_events(tmp_path_factory) -> list[dict]:
    db = str(tmp_path_factory.mktemp("local") / "local.duckdb")
    assert tft("ingest", str(SAMPLE), "--db", db).returncode == 0
    return fused(db)


def test_dask_engine_gives_the_same_clusters(local_events, tmp_path):
    db = str(tmp_path / "dask.duckdb")
    run = tft("ingest", str(SAMPLE), "--db", db, "--engine", "dask", "--workers", "2")
    assert run.returncode == 0, run.stderr.decode()
    assert fused(db) == local_events


@pytest.fixture
def pg_url():
    schema = "tft_cli_" + uuid.uuid4().hex[:8]
    try:
        with psycopg.connect(PG, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
    except psycopg.OperationalError as exc:  # pragma: no cover - CI starts PostgreSQL in .ci/run
        pytest.fail(f"PostgreSQL at 127.0.0.1:5432 is needed for this test: {exc}")
    yield f"{PG}?options=-csearch_path%3D{schema}"
    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def test_postgres_gives_the_same_clusters(local_events, pg_url):
    run = tft("ingest", str(SAMPLE), "--db", pg_url)
    assert run.returncode == 0, run.stderr.decode()
    assert fused(pg_url) == local_events
    assert tft("check", "--db", pg_url).returncode == 0


def test_reingest_in_another_order_changes_nothing(local_events, tmp_path):
    db = str(tmp_path / "order.duckdb")
    files = sorted(str(p) for p in SAMPLE.glob("*.txt"))
    for path in reversed(files):
        assert tft("ingest", path, "--db", db).returncode == 0
    assert [e["cluster_id"] for e in fused(db)] == [e["cluster_id"] for e in local_events]
