"""The CI quality gate: the extractor must not fall below the pinned floors of floors.yaml.

MUC-4 TST1+TST2 (scored by eval/score_muc4.py), the PLOVER gold records with even ids, and the
seed check (eval/check_seed.py).  A floor moves down only in a commit that says why.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from titfortat.evaluate import evaluate_muc4, evaluate_plover, evaluate_seed

HERE = Path(__file__).resolve().parent
MUC4 = HERE.parent / "data" / "muc4"
PLOVER = HERE.parent / "data" / "plover" / "plover_gsr.jsonl"
FLOORS = yaml.safe_load((HERE / "floors.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def muc4_figures(settings) -> dict[str, float]:
    """Rules only (``accuracy=standard``): the floors of ``muc4_tst1_tst2``."""
    from titfortat.pipeline import load_extractor

    rules = settings.replace(accuracy="standard")
    return evaluate_muc4(("tst1", "tst2"), settings=rules, data_dir=MUC4, extractor=load_extractor(rules))["figures"]


@pytest.fixture(scope="module")
def plover_report(settings, extractor) -> dict:
    return evaluate_plover(ids="even", settings=settings, extractor=extractor, path=PLOVER)


@pytest.mark.parametrize("name", sorted(FLOORS["muc4_tst1_tst2"]))
def test_muc4_floor(name, muc4_figures):
    measured = round(100 * muc4_figures[name], 2)
    assert measured >= FLOORS["muc4_tst1_tst2"][name], f"MUC-4 TST1+TST2 {name} = {measured} below its floor"


@pytest.mark.parametrize("name", sorted(FLOORS["plover_even"]))
def test_plover_floor(name, plover_report):
    value = plover_report[name]
    measured = round(100 * (value["value"] if isinstance(value, dict) else value), 2)
    assert measured >= FLOORS["plover_even"][name], f"PLOVER even-id {name} = {measured} below its floor"


def test_seed_passes(settings, extractor):
    report = evaluate_seed(settings=settings, extractor=extractor)
    assert report["passed"], "\n".join(report["lines"] + report["failures"])


@pytest.fixture(scope="module")
def muc4_high_figures(settings, extractor) -> dict[str, float]:
    """The default, ``accuracy=high``: the floors of ``muc4_tst1_tst2_accuracy_high``."""
    from titfortat.pipeline import load_extractor

    high = settings.replace(accuracy="high")
    use = extractor if settings.accuracy == "high" else load_extractor(high)
    return evaluate_muc4(("tst1", "tst2"), settings=high, data_dir=MUC4, extractor=use)["figures"]


@pytest.mark.parametrize("name", sorted(FLOORS["muc4_tst1_tst2_accuracy_high"]))
def test_muc4_high_floor(name, muc4_high_figures):
    measured = round(100 * muc4_high_figures[name], 2)
    floor = FLOORS["muc4_tst1_tst2_accuracy_high"][name]
    assert measured >= floor, f"MUC-4 TST1+TST2 (accuracy=high) {name} = {measured} below its floor"
