"""The two thresholds a user may want to tune, with the reason for each value.

They belong in ``Settings`` (proposed fields ``fuse_merge_threshold`` and
``fuse_syndication_jaccard``); ``fuse`` reads those fields when present and these defaults
otherwise (``threshold_of``).
"""
from __future__ import annotations

from typing import Any

MERGE_THRESHOLD = 0.5
"""A compatible pair (no veto) merges only when its weighted agreement reaches this score.

Why 0.5: two day-precise reports of one type on one day, with places one level apart (a base and
its country) and nothing known of the actors, score just above it; the same pair with clashing
casualty figures, or with one report undated and nothing else shared, scores below it.  Higher
values split the corpus's wire copies from their follow-ups; lower ones let an undated mention
join whatever happened in the month before its report."""

SYNDICATION_JACCARD = 0.85
"""Evidence at least this similar (token Jaccard of the evidence sentences) in two documents is
one wire text syndicated under several URLs, and counts as one source for the figures.

Why 0.85: in the corpus a verbatim copy scores 1.0 and a wire copy with a new dateline and one
added clause 0.88, while independent reports of one event score at most 0.57."""


def threshold_of(settings: Any, name: str) -> float:
    """``settings.fuse_<name>`` when ``Settings`` has the field, else the default above."""
    default = {"merge_threshold": MERGE_THRESHOLD, "syndication_jaccard": SYNDICATION_JACCARD}[name]
    return float(getattr(settings, f"fuse_{name}", default))
