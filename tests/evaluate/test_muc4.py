"""MUC-4 evaluation: the figures are the shared scorer's, and the product sees only id and text."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from titfortat.errors import UsageError
from titfortat.evaluate.muc4 import evaluate_muc4, gold_paths, product_records, render_muc4
from titfortat.evaluate.scorers import REPO_ROOT, SHARED

MUC4 = Path(__file__).resolve().parents[1] / "data" / "muc4"

SCORERS = ("score_muc4.py", "check_seed.py")


@pytest.mark.parametrize("name", SCORERS)
def test_copied_scorer_equals_the_shared_one(name):
    shared = SHARED / "eval" / name
    if not shared.exists():
        pytest.skip("the shared evaluation folder is not next to this checkout")
    assert (REPO_ROOT / "eval" / name).read_bytes() == shared.read_bytes()


def test_product_records_keep_only_id_and_text():
    records = list(product_records(gold_paths(["tst1"], MUC4)))
    assert len(records) == 100
    assert all(set(r) == {"id", "text"} for r in records)


@pytest.mark.parametrize("split", ["tst3", "train", ""])
def test_unknown_split_is_a_usage_error(split):
    with pytest.raises(UsageError):
        gold_paths([split], MUC4)


def _scorer_cli(gold: Path, pred: Path, out: Path) -> tuple[dict, str]:
    done = subprocess.run([sys.executable, str(REPO_ROOT / "eval" / "score_muc4.py"), "--gold", str(gold),
                           "--pred", str(pred), "--json", str(out)], capture_output=True, text=True, check=True)
    return json.loads(out.read_text(encoding="utf-8")), done.stdout


def test_figures_identical_to_the_scorer_script(settings, extractor, muc4_slice, tmp_path):
    pred = tmp_path / "events.jsonl"
    report = evaluate_muc4(["tst1"], settings=settings, data_dir=muc4_slice, extractor=extractor, pred_path=pred)
    assert report["extraction"]["documents"] == 8 and not report["extraction"]["failures"]
    assert report["predictions"]["events"] == report["extraction"]["events"] > 0
    script, table = _scorer_cli(muc4_slice / "muc4_tst1.jsonl", pred, tmp_path / "report.json")
    for key in ("gold", "predictions", "ree", "ree_diagnostics", "extras"):
        assert json.loads(json.dumps(report[key])) == script[key], key
    assert render_muc4(report).startswith(table.rstrip("\n"))
    assert report["figures"]["ree_micro_f1"] == script["ree"]["standard"]["micro"]["f1"]


def test_gold_keys_never_reach_the_product(settings, extractor, muc4_slice, tmp_path):
    """The full gold records and the same records stripped to id/text give identical events."""
    from titfortat.pipeline import extract_paths

    full = muc4_slice / "muc4_tst1.jsonl"
    stripped = tmp_path / "stripped.jsonl"
    stripped.write_text("".join(json.dumps(r) + "\n" for r in product_records([full])), encoding="utf-8")

    def events(path: Path) -> list[dict]:
        items = list(extract_paths([str(path)], settings=settings, extractor=extractor))
        assert all(hasattr(item, "events") for item in items)
        return [e.to_dict() for item in items for e in item.events]

    with_gold = events(full)
    assert with_gold and with_gold == events(stripped)
