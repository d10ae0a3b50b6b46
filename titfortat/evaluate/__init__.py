"""Evaluation: MUC-4 (shared scorer), PLOVER gold records, the seed check, and the CI floors.

The scorers themselves live in ``eval/`` at the repository root (copies of the team's scripts);
this package extracts through the product and hands the output to them.
"""
from __future__ import annotations

from .muc4 import evaluate_muc4, render_muc4
from .plover import evaluate_plover, render_plover
from .seed import evaluate_seed, render_seed

__all__ = ["evaluate_muc4", "evaluate_plover", "evaluate_seed", "render_muc4", "render_plover", "render_seed"]
