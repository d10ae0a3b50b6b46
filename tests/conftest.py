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
