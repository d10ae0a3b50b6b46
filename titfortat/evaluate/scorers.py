"""Locate the repository's data and the team's scorers (``eval/`` at the repository root).

The scorers are standard-library scripts copied from the shared evaluation folder (see
``eval/SOURCE.md``).  They are loaded from their files, not reimplemented, so the figures of
``titfortat eval`` are the scorer's own.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Optional

from ..errors import UsageError

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"


def load_scorer(name: str) -> ModuleType:
    """The scorer module ``eval/<name>.py`` (``score_muc4`` or ``check_seed``), freshly loaded.

    Loaded under a private module name and not registered in ``sys.modules``: nothing global
    changes, and two loads never share state.
    """
    path = first_existing(REPO_ROOT / "eval" / f"{name}.py", SHARED / "eval" / f"{name}.py")
    if path is None:
        raise UsageError(f"scorer eval/{name}.py not found; run from a checkout of the repository")
    spec = importlib.util.spec_from_file_location(f"titfortat_eval_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def first_existing(*paths: Path) -> Optional[Path]:
    """The first of ``paths`` that exists, or None."""
    return next((p for p in paths if p.exists()), None)


def default_muc4_dir() -> Path:
    """``../shared/data/muc4`` next to the repository when present, else ``tests/data/muc4``."""
    shared = SHARED / "data" / "muc4"
    return shared if (shared / "muc4_tst1.jsonl").exists() else REPO_ROOT / "tests" / "data" / "muc4"


def default_plover_path() -> Path:
    """The PLOVER gold standard records (JSONL, one coded sentence per line)."""
    path = first_existing(SHARED / "data" / "plover-gsr" / "plover_gsr.jsonl",
                          REPO_ROOT / "tests" / "data" / "plover" / "plover_gsr.jsonl")
    if path is None:
        raise UsageError("PLOVER gold records not found (tests/data/plover/plover_gsr.jsonl)")
    return path


def default_seed_path() -> Path:
    """The seed article (SPEC §4), as copied into the tests."""
    path = first_existing(REPO_ROOT / "tests" / "data" / "seed" / "000_b401dc642ae67de7.txt",
                          SHARED / "seeds" / "000_b401dc642ae67de7.txt")
    if path is None:
        raise UsageError("seed article not found (tests/data/seed/000_b401dc642ae67de7.txt)")
    return path
