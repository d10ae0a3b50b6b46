"""Shared test fixtures.  The repo root goes on sys.path so tests run without an install."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def settings():
    from titfortat.settings import Settings

    return Settings()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed article, copied into tests/data (see tests/data/SOURCE.md)."""
    return DATA / "seed" / "000_b401dc642ae67de7.txt"


def _known_gaps() -> set[str]:
    path = ROOT / "tests" / "known_gaps.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def pytest_collection_modifyitems(config, items):
    """Tests listed in tests/known_gaps.txt are expected to fail (strictly: a pass is reported)."""
    gaps = _known_gaps()
    for item in items:
        if item.nodeid in gaps:
            item.add_marker(pytest.mark.xfail(reason="known gap, listed in tests/known_gaps.txt", strict=True))
