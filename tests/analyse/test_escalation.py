"""Escalation measures on hand-built fused events with known answers, and the CLI on a real store."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from titfortat.analyse import escalation
from titfortat.model import Actor, DateSpan, Event, Figure

DAY0 = dt.date(2024, 1, 1)  # a Monday
SEED = Path(__file__).resolve().parents[1] / "data" / "seed" / "000_b401dc642ae67de7.txt"


def fused(n: int, day: dt.date, actor: str, recipient: str, *, answers=(), killed=None, type="ASSAULT",
          modality="asserted") -> Event:
    return Event(doc_id=None, event_id=f"e{n}", cluster_id=f"c{n}", coder="test", type=type, modality=modality,
                 date=DateSpan(day, day, "day"), actors=[Actor(text=actor, name=actor)],
                 recipients=[Actor(text=recipient, name=recipient)], answers=list(answers),
                 killed=Figure(killed, killed, killed) if killed is not None else None)


def test_a_chain_follows_the_answers_with_their_lags():
    events = [fused(1, DAY0, "Militia", "US forces", killed=3),
              fused(2, DAY0 + dt.timedelta(days=2), "US forces", "Militia", answers=["c1"], killed=5),
              fused(3, DAY0 + dt.timedelta(days=9), "Militia", "US forces", answers=["c2"]),
              fused(4, DAY0 + dt.timedelta(days=30), "Army", "Rebels")]  # answers nothing: no chain
    [chain] = escalation.chains(events)
    assert chain["events"] == 3 and chain["chain_id"] == "c1" and chain["span_days"] == 9
    assert [(l["answered"], l["answer"], l["lag_days"]) for l in chain["links"]] == [("c1", "c2", 2), ("c2", "c3", 7)]
    assert chain["links"][0]["answer_dyad"] == ["US forces", "Militia"] and chain["killed"] == 8


def test_timeline_counts_weekly_per_dyad_and_leaves_out_what_did_not_happen():
    events = [fused(1, DAY0, "A", "B", killed=2), fused(2, DAY0 + dt.timedelta(days=3), "A", "B", killed=1),
              fused(3, DAY0 + dt.timedelta(days=8), "B", "A"),
              fused(4, DAY0, "A", "B", modality="negated"), fused(5, DAY0, "A", "B", modality="hypothetical")]
    assert escalation.timeline(events) == [
        {"week": "2024-01-01", "actor": "A", "recipient": "B", "events": 2, "killed": 3},
        {"week": "2024-01-08", "actor": "B", "recipient": "A", "events": 1, "killed": 0}]


def _series(rates: list[int], start: dt.date = DAY0) -> list[Event]:
    out, n = [], 0
    for week, rate in enumerate(rates):
        for k in range(rate):
            n += 1
            out.append(fused(n, start + dt.timedelta(weeks=week, days=k % 7), "A", "B"))
    return out


@pytest.mark.parametrize("before, after, direction", [(2, 6, "provokes"), (6, 1, "deters")])
def test_effect_finds_a_step_and_its_direction(before, after, direction):
    events = _series([before] * 12 + [after] * 12)
    result = escalation.effect(events, DAY0 + dt.timedelta(weeks=12))
    assert (result["weeks_before"], result["weeks_after"]) == (12, 12)
    assert result["crude_ratio"] == round(after / before, 3)
    low, high = result["ci95"]
    if direction == "provokes":
        assert low > 1 and result["rate_ratio"] > 1
    else:
        assert high < 1 and result["rate_ratio"] < 1
    assert result["p_value"] < 0.05


def test_no_step_no_effect_and_too_little_data_is_said():
    flat = escalation.effect(_series([3] * 20), DAY0 + dt.timedelta(weeks=10))
    assert flat["ci95"][0] < 1 < flat["ci95"][1]
    short = escalation.effect(_series([3] * 20), DAY0 + dt.timedelta(weeks=19))
    assert short["model"].startswith("not fitted") and short["weeks_after"] == 1


def test_change_points_find_the_shift():
    result = escalation.change_points(_series([1] * 10 + [8] * 10))
    assert [c["from"] for c in result["changes"]] == ["2024-01-01", (DAY0 + dt.timedelta(weeks=10)).isoformat()]
    assert [c["rate"] for c in result["changes"]] == [1.0, 8.0]


def test_the_cli_on_an_ingested_article(tmp_path):
    """The seed article: the strikes that answer the rocket attack, and the attack that answers them."""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    db = str(tmp_path / "a.duckdb")
    run = lambda *args: subprocess.run([sys.executable, "-m", "titfortat.cli.main", *args], env=env,
                                       capture_output=True, text=True, timeout=600)
    assert run("ingest", str(SEED), "--db", db).returncode == 0
    done = run("analyse", "chains", "--db", db, "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    chains = [json.loads(line) for line in done.stdout.splitlines()]
    assert chains and chains[0]["events"] >= 3 and all(l["lag_days"] >= 0 for l in chains[0]["links"])
    bad = run("analyse", "effect", "--db", db, "--date", "soon")
    assert bad.returncode == 2 and "not a date" in bad.stderr
    table = run("analyse", "timeline", "--db", db)
    assert table.returncode == 0 and "week" in table.stdout
