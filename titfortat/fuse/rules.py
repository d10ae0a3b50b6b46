"""The finer rules of fusion, named in one frozen object with the reason for each value.

The user-facing knobs live in ``Settings`` (``fuse_date_slack_days``, ``retaliation_window_days``)
and, until ``Settings`` carries them, in ``thresholds`` (merge threshold, syndication
similarity); the rest were chosen on the hand-coded corpus in ``tests/data/fusion`` and checked
on the synthetic benchmark (``synthetic.py``).  The retaliation cues are data
(``titfortat/fuse/retaliation.yaml``), not code.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Mapping

import yaml

from ..errors import DataFileError

def _weights() -> Mapping[str, float]:
    # Date and place decide most; actors next; text and figures break ties between candidates
    # (reports of one event word it differently, so text weighs little).
    return MappingProxyType({"date": 0.25, "place": 0.25, "actors": 0.2, "text": 0.15, "figures": 0.15})


def _radius() -> Mapping[int, float]:
    # Keyed by the coarser precision rank of the two places (site 0, city 1, admin1 2).  A base
    # is "at" a town 40 km away in wire copy ("Djibo, north of Ouagadougou"); two named sites
    # further apart than 3 km are different targets.
    return MappingProxyType({0: 3.0, 1: 40.0, 2: 150.0})


def load_retaliation_cues() -> tuple[str, ...]:
    """The regular expressions of ``retaliation.yaml`` (phrases saying an act answers another)."""
    try:
        text = resources.files("titfortat.fuse").joinpath("retaliation.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"titfortat/fuse/retaliation.yaml cannot be read: {exc}") from exc
    cues = data.get("cues") if isinstance(data, dict) else None
    if not cues or not all(isinstance(c, str) and c for c in cues):
        raise DataFileError("titfortat/fuse/retaliation.yaml needs a non-empty list `cues` of patterns")
    return tuple(cues)


@dataclass(frozen=True)
class FusionRules:
    weights: Mapping[str, float] = field(default_factory=_weights)
    radius_km: Mapping[int, float] = field(default_factory=_radius)
    text_saturation: float = 0.5
    """Token Jaccard at which text agreement counts in full (independent reports rarely exceed it)."""
    wide_days: int = 92
    """Intervals longer than a quarter ("since autumn 2019") are compared only with other wide ones,
    in a block of their own, so they cannot blow up the day blocks."""
    undated_lookback_days: int = 30
    """An undated mention is placed in the month before its report's publication date."""
    inherited_lookback_days: int = 7
    """A date the mention's sentence does not state (taken from the preceding sentence) may be
    that day or, when the sentence retells an earlier event, up to a week before it."""
    max_candidates: int = 6
    """A vague mention (date or place) is compared with at most this many candidates, those
    sharing the most identity keys first (see ``blocking``): the bound that keeps cost linear.
    The real reports of an event share more keys than the unrelated events of a busy day, so
    they rank first, and a vague report needs one edge into its cluster, not one per member (the
    largest cluster of the corpus has ten reports).  6, not 8: once blocks are read by country
    and same-day vetoes are dropped before the cut, 6 keeps the synthetic benchmark's pairwise
    recall (0.930 at 100k events) with 15% fewer comparisons; 4 loses recall (0.920)."""
    pool_limit: int = 64
    """A day-precise mention with a vague place ranks all the same-day mentions of its country
    with its key-sharers while they are at most this many (a day of one country's news); above,
    only key-sharers."""
    text_bands: int = 2
    text_band_rows: int = 3
    """MinHash bands x rows of the evidence signature: two texts share a band with probability
    1 - (1 - J**3)**2, 0.94 at Jaccard 0.9, 0.74 at 0.8 and 0.05 at 0.3, so only near-copies
    meet by text (places, names and tolls do the rest)."""
    max_answers: int = 3
    explicit_confidence: float = 0.9
    stated_confidence: float = 0.7
    dyad_confidence: float = 0.4
    retaliation_cues: tuple[str, ...] = field(default_factory=load_retaliation_cues)
    hostile_types: tuple[str, ...] = ("ASSAULT", "COERCE", "SANCTION", "THREATEN", "MOBILIZE")
    """Types that can answer or be answered by dyad reversal (PLOVER's conflict side)."""
