"""PLOVER evaluation: parity split, 0.5-name mapping, the figures' arithmetic, one real run."""
from __future__ import annotations

import json

import pytest

from titfortat.errors import UsageError
from titfortat.evaluate.plover import (evaluate_plover, gold_type, id_number, load_records, overlap, per_type,
                                       select)

PLOVER05 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


@pytest.mark.parametrize("record_id, number", [("PLOVER-GSR01-AGREE-0002", 2), ("PLOVER-GSR01-FIGHT-0017", 17),
                                               ("X-10", 10)])
def test_id_number(record_id, number):
    assert id_number(record_id) == number


def test_id_without_number_is_a_usage_error():
    with pytest.raises(UsageError):
        id_number("PLOVER-GSR01-AGREE")


def test_parity_split_partitions_the_records():
    records = load_records()
    even, odd = select(records, "even"), select(records, "odd")
    assert len(records) == 322 and len(even) + len(odd) == 322
    assert {r["id"] for r in even}.isdisjoint({r["id"] for r in odd})
    assert "PLOVER-GSR01-AGREE-0002" in {r["id"] for r in even}
    assert "PLOVER-GSR01-AGREE-0001" in {r["id"] for r in odd}
    with pytest.raises(UsageError):
        select(records, "half")


@pytest.mark.parametrize("event, mode, expected", [
    ("DEMAND", "", "REQUEST"), ("DISAPPROVE", None, "ACCUSE"), ("INVESTIGATE", "", "ACCUSE"),
    ("FIGHT", "heavy-weapons", "ASSAULT"), ("FIGHT", None, "ASSAULT"), ("FIGHT", "deport", "COERCE"),
    ("AGREE", "", "AGREE"), ("COERCE", "detain", "COERCE"),
])
def test_gold_type_maps_plover05_names(event, mode, expected):
    assert gold_type({"event": event, "mode": mode}, PLOVER05) == expected


def test_per_type_counts_and_scores():
    pairs = [("AGREE", "AGREE"), ("AGREE", None), ("ASSAULT", "AGREE"), ("ASSAULT", "ASSAULT")]
    table = per_type(pairs)
    assert table["AGREE"] == {"p": 0.5, "r": 0.5, "f1": 0.5, "tp": 1, "pred": 2, "support": 2}
    assert table["ASSAULT"]["p"] == 1.0 and table["ASSAULT"]["r"] == 0.5


def test_overlap_counts_records_with_gold_actors_only():
    rows = [(["Hungarian officials"], ["Hungarian", "Romanian"]), ([], ["Tokyo"]), (["the army"], [])]
    result = overlap(rows)
    assert result["n"] == 2 and result["hit"]["k"] == 1
    assert result["token_f1"] == pytest.approx((2 * 1 / (2 + 2)) / 2)


def test_real_run_on_a_few_records(settings, extractor, tmp_path):
    records = [r for r in load_records() if r["event"] in ("AGREE", "PROTEST", "ASSAULT")][:9]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    report = evaluate_plover(ids="all", settings=settings, extractor=extractor, path=path, details=True)
    assert report["records"] == 9 and report["extraction"]["documents"] == 9
    assert sum(row["support"] for row in report["per_type"].values()) == 9
    assert sum(row["pred"] for row in report["per_type"].values()) == report["coverage"]["k"]
    assert [row["id"] for row in report["rows"]] == [r["id"] for r in records]
    assert report["accuracy"]["k"] >= 3, report["rows"]
