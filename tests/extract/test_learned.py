"""The learned refiner (titfortat.extract.learned): model files, fitting, decoding, and the refiner
wired into the real extractor on MUC-4 TST1 messages and on the seed article."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from titfortat.extract.learned import Refiner, select
from titfortat.extract.learned_features import ROLES, Candidate, norm
from titfortat.extract.learned_model import LinearModel, fit

ROOT = Path(__file__).resolve().parents[2]
MUC_TST1 = ROOT / "tests" / "data" / "muc4" / "muc4_tst1.jsonl"


@pytest.fixture(scope="module")
def extractor():
    from titfortat.pipeline import load_extractor
    from titfortat.settings import Settings

    ex = load_extractor(Settings())
    ex.refiner = Refiner.load(directory=ex.actors)
    return ex


def _muc_articles(n: int):
    from titfortat.model import Article

    records = [json.loads(line) for line in MUC_TST1.read_text(encoding="utf-8").splitlines()[:n]]
    return [Article(doc_id=r["id"], body=r["text"]) for r in records]


@pytest.mark.parametrize("text", ["The FMLN guerrillas", "\"LA EMINENCIA\"\nFARM", "José's car-bomb, a 5-KG charge"])
def test_norm_is_the_scorers(text):
    from titfortat.evaluate.scorers import load_scorer

    assert norm(text) == load_scorer("score_muc4").norm(text)


def test_fit_learns_and_round_trips():
    rows = [["a", "x"], ["a", "y"], ["b", "x"], ["b", "y"]] * 10
    targets = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]] * 10)
    model = fit(rows, targets, ("A", "B"), min_count=1, iterations=200, rate=0.1)
    probs = model.scores([["a"], ["b"], ["unseen"]])
    assert probs[0, 0] > 0.9 and probs[0, 1] < 0.1 and probs[1, 1] > 0.9
    again = LinearModel.from_bytes(model.to_bytes())
    assert np.allclose(again.scores([["a", "y"]]), model.scores([["a", "y"]]), atol=1e-2)


def test_select_keeps_one_form_per_filler_and_one_role_per_text():
    cands = [Candidate(0, 2, 0, 15, "fmln guerrillas"), Candidate(0, 1, 0, 4, "fmln"), Candidate(5, 6, 30, 34, "bomb")]
    probs = np.zeros((3, len(ROLES)))
    probs[0, ROLES.index("PerpInd")] = 0.6
    probs[1, ROLES.index("PerpInd")] = 0.4
    probs[1, ROLES.index("PerpOrg")] = 0.9
    probs[2, ROLES.index("Weapon")] = 0.7
    chosen = {(d.candidate.key, d.role) for d in select(cands, probs, {r: 0.3 for r in ROLES})}
    assert chosen == {("fmln guerrillas", "PerpInd"), ("fmln", "PerpOrg"), ("bomb", "Weapon")}


def test_shipped_model_is_small_and_loads():
    folder = ROOT / "titfortat" / "data" / "models"
    assert sum(p.stat().st_size for p in folder.iterdir()) < 5_000_000
    refiner = Refiner.load()
    assert set(refiner.thresholds) == set(ROLES) and refiner.roles.weights.shape[1] == len(ROLES)


def test_refined_muc_events_have_exact_offsets_and_say_why(extractor):
    articles = _muc_articles(12)
    first = list(extractor.extract_many(articles))
    learned = 0
    for item in first:
        for event in item.events:
            for arg in [*event.actors, *event.recipients, *event.instruments]:
                if arg.start is not None:
                    assert item.article.body[arg.start:arg.end] == arg.text
                if "learned role model" in (getattr(arg, "why", None) or ""):
                    learned += 1
    assert learned > 0, "the refiner added or re-kinded nothing on 12 MUC-4 messages"
    second = list(extractor.extract_many(articles))
    assert [[e.to_dict() for e in x.events] for x in first] == [[e.to_dict() for e in x.events] for x in second]


def test_seed_still_passes_with_the_refiner(extractor, seed_path, tmp_path):
    from titfortat.pipeline import extract_paths
    from titfortat.settings import Settings

    out = tmp_path / "seed.jsonl"
    with open(out, "w", encoding="utf-8") as stream:
        for item in extract_paths([str(seed_path)], settings=Settings(), extractor=extractor):
            for event in item.events:
                stream.write(json.dumps(event.to_dict()) + "\n")
    checker = ROOT / "eval" / "check_seed.py"
    if not checker.exists():
        checker = ROOT.parent / "shared" / "eval" / "check_seed.py"
    result = subprocess.run([sys.executable, str(checker), str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
