"""Cross-document retaliation: which earlier cluster does a cluster answer?

Three kinds of evidence, strongest first (confidences in ``FusionRules``):

* ``explicit``: a report's own extractor link (``Event.answers``) points at a mention that
  fused into another cluster ("in retaliation for Wednesday's attack ..." in one article);
* ``stated``: a report of B says it was retaliation ("in retaliation for", "revenge", ...) and
  an earlier cluster A has the reversed dyad within ``retaliation_window_days``;
* ``dyad``: only the reversed dyad within the window (actor of B = recipient of A and recipient
  of B = actor of A, by resolved name, or by country when the dyad is international); the
  confidence falls with the lag.

A blamed perpetrator counts as A's actor when no actor is named (the US answering an unclaimed
attack it blames on a militia).  At most ``max_answers`` answers per cluster are kept, best first.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from ..model import Actor, Event
from .compat import Mention
from .rules import FusionRules


@dataclass(frozen=True)
class ClusterView:
    """What retaliation needs of one fused cluster."""

    cluster_id: str
    event: Event
    members: tuple[Mention, ...]


def _keys(actors: list[Actor], international: bool) -> frozenset[str]:
    keys = {"n:" + a.name.lower() for a in actors if a.name}
    if international:
        keys |= {"c:" + a.country for a in actors if a.country}
    return frozenset(keys)


def dyad(event: Event) -> tuple[frozenset[str], frozenset[str]]:
    """Actor and recipient keys of a fused event (a blamed or claiming actor stands in)."""
    actors = event.actors or event.attribution.claimed_by or event.attribution.attributed_to
    countries_a = {a.country for a in actors if a.country}
    countries_r = {a.country for a in event.recipients if a.country}
    international = bool(countries_a and countries_r and not countries_a & countries_r)
    return _keys(actors, international), _keys(event.recipients, international)


def _hostile(event: Event, rules: FusionRules) -> bool:
    quad = event.cameo.get("quad") if event.cameo else None
    return event.type in rules.hostile_types or quad in (3, 4)


def _first_sentence(mention: Mention) -> str:
    return mention.event.evidence[0].sentence if mention.event.evidence else ""


def explicit_answers(views: Sequence[ClusterView], rules: FusionRules) -> dict[str, list[dict]]:
    """Links the extractor made inside one document, lifted to the clusters."""
    cluster_of = {m.event_id: v for v in views for m in v.members}
    found: dict[str, list[dict]] = defaultdict(list)
    for view in views:
        for member in view.members:
            for target in member.event.answers:
                other = cluster_of.get(target)
                if other is not None and other.cluster_id != view.cluster_id:
                    found[view.cluster_id].append(_detail(
                        other.cluster_id, rules.explicit_confidence, "explicit", member,
                        _lag(view.event, other.event)))
    return found


def _lag(later: Event, earlier: Event) -> int | None:
    if later.date is None or earlier.date is None:
        return None
    return (later.date.start - earlier.date.start).days


def _detail(cluster_id: str, confidence: float, basis: str, member: Mention, lag: int | None) -> dict:
    return {
        "cluster_id": cluster_id, "confidence": round(confidence, 3), "basis": basis,
        "lag_days": lag,
        "evidence": {"doc_id": member.doc_id, "event_id": member.event_id,
                     "sentence": _first_sentence(member)},
    }


def _cue_member(view: ClusterView, cue: re.Pattern[str]) -> Mention | None:
    for member in sorted(view.members, key=lambda m: m.event_id):
        if any(cue.search(e.sentence) for e in member.event.evidence):
            return member
    return None


def inferred_answers(
    views: Sequence[ClusterView], rules: FusionRules, window: int
) -> dict[str, list[dict]]:
    """``stated`` and ``dyad`` answers via an index keyed by (actor key, recipient key)."""
    cue = re.compile(r"\b(" + "|".join(rules.retaliation_cues) + r")\b", re.IGNORECASE)
    index: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    hostile = [v for v in views if v.event.date is not None and _hostile(v.event, rules)]
    for view in hostile:
        actors, recipients = dyad(view.event)
        day = view.event.date.start.toordinal()
        for a in actors:
            for r in recipients:
                index[(a, r)].append((day, view.cluster_id))
    for entries in index.values():
        entries.sort()
    found: dict[str, list[dict]] = defaultdict(list)
    for view in hostile:
        actors, recipients = dyad(view.event)
        day = view.event.date.start.toordinal()
        lags: dict[str, int] = {}
        for a in actors:
            for r in recipients:
                _earlier(index.get((r, a), []), day, window, rules.max_answers, lags)
        lags.pop(view.cluster_id, None)
        member = _cue_member(view, cue)
        for other, lag in lags.items():
            if member is not None:
                found[view.cluster_id].append(_detail(other, rules.stated_confidence, "stated", member, lag))
            else:
                confidence = rules.dyad_confidence * (1 - 0.5 * lag / max(window, 1))
                anchor = min(view.members, key=lambda m: m.event_id)
                found[view.cluster_id].append(_detail(other, confidence, "dyad", anchor, lag))
    return found


def _earlier(entries: list[tuple[int, str]], day: int, window: int, limit: int, lags: dict[str, int]) -> None:
    """Up to ``limit`` clusters dated 1..window days before ``day``, nearest first."""
    pos = bisect.bisect_left(entries, (day, ""))
    taken = 0
    while pos > 0 and taken < limit:
        pos -= 1
        other_day, other = entries[pos]
        lag = day - other_day
        if lag > window:
            break
        if lag >= 1 and (other not in lags or lags[other] > lag):
            lags[other] = lag
            taken += 1


def link_answers(views: Sequence[ClusterView], rules: FusionRules, window: int) -> dict[str, list[dict]]:
    """All answers per cluster id, best first, at most ``rules.max_answers`` each."""
    merged: dict[str, dict[str, dict]] = defaultdict(dict)
    for found in (explicit_answers(views, rules), inferred_answers(views, rules, window)):
        for cluster_id, details in found.items():
            for detail in details:
                kept = merged[cluster_id].get(detail["cluster_id"])
                if kept is None or detail["confidence"] > kept["confidence"]:
                    merged[cluster_id][detail["cluster_id"]] = detail
    result = {}
    for cluster_id, by_target in merged.items():
        ordered = sorted(by_target.values(),
                         key=lambda d: (-d["confidence"], d["lag_days"] if d["lag_days"] is not None else 0,
                                        d["cluster_id"]))
        result[cluster_id] = ordered[: rules.max_answers]
    return result
