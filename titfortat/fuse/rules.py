"""The thresholds of fusion, named in one frozen object with the reason for each value.

The two user-facing knobs (``fuse_date_slack_days``, ``retaliation_window_days``) live in
``Settings``; these are the finer ones, chosen on the hand-coded corpus in
``tests/data/fusion`` and checked on the synthetic benchmark (``synthetic.py``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping


def _weights() -> Mapping[str, float]:
    # Date and place decide most; actors next; text and figures break ties between candidates
    # (reports of one event word it differently, so text weighs little).
    return MappingProxyType({"date": 0.25, "place": 0.25, "actors": 0.2, "text": 0.15, "figures": 0.15})


def _radius() -> Mapping[int, float]:
    # Keyed by the coarser precision rank of the two places (site 0, city 1, admin1 2).  A base
    # is "at" a town 40 km away in wire copy ("Djibo, north of Ouagadougou"); two named sites
    # further apart than 3 km are different targets.
    return MappingProxyType({0: 3.0, 1: 40.0, 2: 150.0})


@dataclass(frozen=True)
class FusionRules:
    merge_threshold: float = 0.5
    """A hard-compatible pair merges only at this score or above.  0.5 keeps two country-level,
    actor-unknown reports of one day together unless their casualty figures clash."""
    weights: Mapping[str, float] = field(default_factory=_weights)
    radius_km: Mapping[int, float] = field(default_factory=_radius)
    text_saturation: float = 0.5
    """Token Jaccard at which text agreement counts in full (independent reports rarely exceed it)."""
    wide_days: int = 92
    """Intervals longer than a quarter ("since autumn 2019") are compared only with other wide ones,
    in a block of their own, so they cannot blow up the day blocks."""
    undated_lookback_days: int = 30
    """An undated mention is placed in the month before its report's publication date."""
    syndication_jaccard: float = 0.85
    """Evidence this similar (token Jaccard) in two documents is one wire text syndicated."""
    max_answers: int = 3
    explicit_confidence: float = 0.9
    stated_confidence: float = 0.7
    dyad_confidence: float = 0.4
    retaliation_cues: tuple[str, ...] = (
        r"retaliat\w*", r"in response to", r"response to", r"revenge", r"reprisal", r"aveng\w*",
        r"hit back", r"in return for",
    )
    hostile_types: tuple[str, ...] = ("ASSAULT", "COERCE", "SANCTION", "THREATEN", "MOBILIZE")
    """Types that can answer or be answered by dyad reversal (PLOVER's conflict side)."""
