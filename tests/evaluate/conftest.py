"""Fixtures of the evaluation tests: one extractor for the session, small MUC-4 slices."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
MUC4 = DATA / "muc4"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def extractor(settings):
    """The real extractor, loaded once (loading spaCy and the dictionaries is the slow part)."""
    from titfortat.pipeline import load_extractor

    return load_extractor(settings)


@pytest.fixture(scope="session")
def muc4_slice(tmp_path_factory) -> Path:
    """A gold folder holding the first 8 TST1 messages as ``muc4_tst1.jsonl`` (4 of them relevant)."""
    folder = tmp_path_factory.mktemp("muc4-slice")
    lines = (MUC4 / "muc4_tst1.jsonl").read_text(encoding="utf-8").splitlines()[:8]
    assert sum(1 for line in lines if json.loads(line)["templates"]) >= 3
    (folder / "muc4_tst1.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
