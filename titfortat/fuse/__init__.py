"""The fuse stage: many reports of one real-world event become one event.

Rules, in the words the README can quote:

* **Same event?** Two mentions from *different* documents may fuse when they have the same type
  and modality, compatible modes (equal, or one unknown), compatible stages (a threat never
  fuses with an attack), overlapping date intervals (``fuse_date_slack_days`` of slack, except
  that two day-precise dates must be the same day), compatible places (the same place; one
  nested in the other by the gazetteer or within a radius of the coarser one; a country-only
  place is compatible with anything in that country; two different named sites are two places)
  and compatible perpetrators (the same resolved name, or one side unknown).  Compatible pairs
  are graded (date, place, actors, evidence-text Jaccard, agreeing casualty figures) and merged
  best first, and only when *every* pair across the two groups stays compatible; so one salvo on
  two bases, or attacks on consecutive days, never fall into one cluster through a vague report.
  Candidate pairs come from small blocks (``titfortat.fuse.blocking``): day-precise reports by
  (type, day, country, admin1); vague ones only with same-country reports sharing a named place,
  actor, recipient, toll or near-identical text (or, for a country-only place, the same day),
  at most ``FusionRules.max_candidates`` each; so cost grows near-linearly.  The merge threshold and the syndication similarity are in ``thresholds``.
* **Stable ids.** Clusters are a function of the *set* of events.  ``cluster_id`` hashes the
  event id of the cluster's anchor, the first-published report (see ``cluster_id_for``): new
  reports of a known event join its cluster and keep its id; unrelated events change nothing.
* **Figures, date, place, attribution**: see ``titfortat.fuse.reconcile`` (best = median of
  independent reports, lower middle on a tie; syndicated copies count once).
* **Answers**: see ``titfortat.fuse.retaliation``; ``Event.answers`` holds cluster ids and
  ``answer_details`` the confidence, basis, lag and evidence of each.
* **Order**: fused events are sorted by date, then cluster id.
"""
from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Sequence

from ..model import Event
from ..settings import Settings
from .cluster import anchor_key, cluster_id_for, cluster_mentions
from .compat import Mention, PlaceRelation, make_mention
from .reconcile import (
    evidence_union, instrument_union, merge_actors, most_common, noisy_or, reconcile_attribution,
    reconcile_date, reconcile_figure, reconcile_place, source_entry, syndication,
)
from .retaliation import ClusterView, link_answers
from .rules import FusionRules
from .thresholds import threshold_of

__all__ = ["FusedEvent", "FusionRules", "PlaceRelation", "answer_details", "cluster_id_for", "fuse"]


@dataclass
class FusedEvent(Event):
    """A fused event: an ``Event`` plus why each answer was linked (serialised by ``to_dict``)."""

    answer_details: list[dict] = field(default_factory=list)


def fuse(
    events: Sequence[Event],
    *,
    documents: Mapping[str, Mapping[str, Any]],
    settings: Settings,
    places: Optional[PlaceRelation] = None,
    rules: Optional[FusionRules] = None,
) -> list[Event]:
    """Cluster per-document event mentions into real-world events (rules in the module docstring).

    ``documents`` maps doc_id to ``{"url", "published", "content_hash", "source"}``; ``places``
    (the resolver's gazetteer) adds nesting that coordinates cannot show.  Returns
    ``FusedEvent`` objects (``Event`` subclasses) sorted by date, then cluster id.
    """
    collecting = gc.isenabled()
    # Fusion allocates millions of small acyclic objects (mentions, keys, pair codes); the cycle
    # collector would rescan all of them again and again (a fifth of the time at 100k events).
    gc.disable()
    try:
        return _fuse(events, documents, settings, places, rules or FusionRules())
    finally:
        if collecting:
            gc.enable()


def _fuse(events: Sequence[Event], documents: Mapping[str, Mapping[str, Any]], settings: Settings,
          places: Optional[PlaceRelation], rules: FusionRules) -> list[Event]:
    unique = {e.event_id: e for e in sorted(events, key=lambda e: (e.event_id, e.doc_id), reverse=True)}
    ordered = [unique[k] for k in sorted(unique)]
    shared: dict[frozenset[str], frozenset[str]] = {}
    mentions = [make_mention(i, e, documents.get(e.doc_id, {}), rules, shared) for i, e in enumerate(ordered)]
    threshold = threshold_of(settings, "merge_threshold")
    groups = cluster_mentions(mentions, settings.fuse_date_slack_days, rules, places, threshold)
    similarity = threshold_of(settings, "syndication_jaccard")
    views = [_fuse_group(group, documents, similarity) for group in groups]
    answers = link_answers(views, rules, settings.retaliation_window_days)
    fused = []
    for view in views:
        event = view.event
        assert isinstance(event, FusedEvent)
        event.answer_details = answers.get(view.cluster_id, [])
        event.answers = [d["cluster_id"] for d in event.answer_details]
        fused.append(event)
    fused.sort(key=lambda e: (e.date.start if e.date else dt.date.max, e.cluster_id or ""))
    return fused


def answer_details(fused: Sequence[Event]) -> dict[str, list[dict]]:
    """cluster_id -> its answers, each ``{cluster_id, confidence, basis, lag_days, evidence}``."""
    return {e.cluster_id: list(getattr(e, "answer_details", [])) for e in fused if e.cluster_id}


def _fuse_group(group: Sequence[Mention], documents: Mapping[str, Mapping[str, Any]],
                similarity: float) -> ClusterView:
    members = sorted(group, key=anchor_key)  # the anchor (first report) leads
    anchor = members[0].event
    cluster_id = cluster_id_for((m.event_id for m in members), anchor=anchor.event_id)
    copy_of = syndication(members, similarity)
    events = [m.event for m in members]
    fused = FusedEvent(
        doc_id=anchor.doc_id, event_id=cluster_id, coder=anchor.coder, type=anchor.type,
        mode=most_common(e.mode for e in events),
        cameo=dict(anchor.cameo), intensity=anchor.intensity, acled=dict(anchor.acled),
        stage="accomplished" if any(e.stage == "accomplished" for e in events) else anchor.stage,
        modality=anchor.modality,
        reported_by=merge_actors(e.reported_by for e in events),
        actors=merge_actors(e.actors for e in events),
        recipients=merge_actors(e.recipients for e in events),
        instruments=instrument_union(members),
        place=reconcile_place(members), date=reconcile_date(members),
        killed=reconcile_figure(members, "killed", copy_of),
        injured=reconcile_figure(members, "injured", copy_of),
        attribution=reconcile_attribution(members),
        evidence=evidence_union(members),
        confidence=noisy_or(m.event.confidence for m in members if m.event_id not in copy_of),
        trigger=anchor.trigger, cluster_id=cluster_id,
        sources=[source_entry(m, documents.get(m.doc_id, {}), copy_of) for m in members],
    )
    return ClusterView(cluster_id=cluster_id, event=fused, members=tuple(members))
