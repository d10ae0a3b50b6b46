"""The command contract of SPEC §7, driven exactly as the automatic checks drive it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT

SEED = DATA / "seed" / "000_b401dc642ae67de7.txt"


def tft(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real console command (installed by `make test`) or the module as a fallback."""
    exe = Path(sys.executable).with_name("titfortat")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "titfortat.cli.main"]
    return subprocess.run(cmd + list(args), input=stdin, capture_output=True, cwd=cwd or ROOT, timeout=600)


@pytest.fixture(scope="module")
def seed_run() -> subprocess.CompletedProcess:
    return tft("extract", str(SEED), "--format", "jsonl")


def test_extract_seed_passes_the_shared_check(seed_run, tmp_path):
    assert seed_run.returncode == 0, seed_run.stderr.decode()
    out = tmp_path / "seed.jsonl"
    out.write_bytes(seed_run.stdout)
    checker = ROOT / "eval" / "check_seed.py"
    if not checker.exists():
        checker = ROOT.parent / "shared" / "eval" / "check_seed.py"
    result = subprocess.run([sys.executable, str(checker), str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_extract_stdout_is_only_json_lines(seed_run):
    lines = seed_run.stdout.decode().splitlines()
    assert lines, "no events"
    for line in lines:
        event = json.loads(line)
        assert event["doc_id"] == str(SEED)
        assert event["coder"].startswith("titfortat ")
    assert b"events" in seed_run.stderr  # the summary goes to stderr


def test_extract_is_deterministic(seed_run):
    again = tft("extract", str(SEED), "--format", "jsonl")
    assert again.stdout == seed_run.stdout


def test_extract_reads_stdin_and_jsonl(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    record = {"id": "rec-1", "text": text, "published": "2020-03-20", "gold": "ignored"}
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps(record) + "\n{broken\n", encoding="utf-8")
    result = tft("extract", str(path), "--format", "jsonl")
    assert result.returncode == 0
    ids = {json.loads(line)["doc_id"] for line in result.stdout.decode().splitlines()}
    assert ids == {"rec-1"}
    assert b"skipped" in result.stderr
    piped = tft("extract", "-", "--format", "jsonl", stdin=b"Gunmen killed two soldiers in Kabul on Monday.")
    assert piped.returncode == 0


def test_usage_error_has_no_traceback():
    result = tft("events", "--db", "/nonexistent/dir/x.duckdb")
    assert result.returncode != 0
    assert b"Traceback" not in result.stderr
    assert b"titfortat:" in result.stderr


def test_strict_fails_on_skipped(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert tft("extract", str(empty)).returncode == 0
    assert tft("extract", str(empty), "--strict").returncode == 1


def test_ingest_events_show_claims_check_roundtrip(tmp_path):
    db = str(tmp_path / "t.duckdb")
    first = tft("ingest", str(SEED), "--db", db)
    assert first.returncode == 0, first.stderr.decode()
    events = [json.loads(l) for l in tft("events", "--db", db, "--format", "jsonl").stdout.decode().splitlines()]
    assert len(events) >= 8
    assert all(e["cluster_id"] and e["sources"] for e in events)
    mentions = tft("events", "--db", db, "--format", "jsonl", "--level", "mention").stdout.decode().splitlines()
    assert len(mentions) >= len(events)
    again = tft("ingest", str(SEED), "--db", db)
    assert again.returncode == 0
    assert tft("events", "--db", db, "--format", "jsonl").stdout.decode().splitlines() == \
        [json.dumps(e, ensure_ascii=False) for e in events]
    shown = tft("show", events[0]["cluster_id"], "--db", db)
    assert shown.returncode == 0 and events[0]["evidence"][0]["sentence"][:30].encode() in shown.stdout
    claims = [json.loads(l) for l in tft("claims", "--db", db, "--format", "jsonl").stdout.decode().splitlines()]
    assert any(c["value"] == 24 and "db_count" in c and c["period"] for c in claims)
    assert tft("check", "--db", db).returncode == 0
    csv_out = tft("events", "--db", db, "--format", "csv").stdout.decode()
    assert csv_out.startswith("id,type,mode")
