"""Reconciling the reports of one cluster into one event.

**Figures** (killed, injured).  Each *independent* report gives one vote: syndicated copies of one
text (same content hash, or evidence sentences nearly identical) count once, through the copy
published first.  Over the votes:

* ``low``  = the smallest low (a report's ``best`` when it gives no low);
* ``high`` = the largest high (its ``best`` when it gives no high: "at least 5" caps nothing);
* ``best`` = the median of the votes' best values, and with an even number of votes the lower
  of the two middle values.  The median keeps one outlier (an early "about a dozen", a late
  inflated toll) from moving the figure; the lower middle is the conservative choice conflict
  data sets such as ACLED make when reports disagree.  Only reports that give a number vote for
  ``best`` ("killed seven people", "at least four others", "no casualties"); a report that only
  names its dead ("killed the provincial governor", "X and Y, who were killed") tells who died, not how
  many, so it counts for ``low`` and ``high`` and for ``best`` only when no report gives a number.

``Figure.sources`` lists every report's figure with ``counted: false`` and ``copy_of`` on a
syndicated copy.  **Date**: the narrowest interval among the reports (day before week before
month), ties to the earliest report.  **Place**: the most precise (site before city before admin1
before country), then the one with coordinates, then the one most reports name.  Both say why.
**Attribution**: a claim beats "unclaimed" only when the claiming report names the claimant
with evidence (a text span or a stated reason); blames stay blames (``attributed_to`` /
``attributed_by``) and are never turned into claims.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any, Iterable, Mapping, Optional, Sequence

from ..model import Actor, Attribution, DateSpan, Event, Evidence, Figure, Instrument, Place
from .compat import DATE_RANK, Mention, _place_rank, jaccard

NUMBER_WORDS = re.compile(
    r"\d|\b(?:an?|no|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundreds?|thousands?|dozens?|scores|couple|both|single|none|nobody)\b", re.IGNORECASE)
STATUS_ORDER = ("claimed", "acknowledged", "attributed", "unattributed", "unknown")


def syndication(mentions: Sequence[Mention], similarity: float) -> dict[str, str]:
    """Map each copy's event id to the event id of the first-published report of its text.

    A copy has the same content hash, or evidence with token Jaccard >= ``similarity``
    (``thresholds.SYNDICATION_JACCARD`` says why).
    """
    ordered = sorted(mentions, key=lambda m: (m.published, m.event_id))
    copy_of: dict[str, str] = {}
    originals: list[Mention] = []
    for mention in ordered:
        for original in originals:
            same_hash = bool(mention.content_hash) and mention.content_hash == original.content_hash
            near = jaccard(mention.evidence_tokens, original.evidence_tokens) >= similarity
            if same_hash or near:
                copy_of[mention.event_id] = original.event_id
                break
        else:
            originals.append(mention)
    return copy_of


def _value(figure: Figure, *names: str) -> Optional[int]:
    for name in names:
        value = getattr(figure, name)
        if value is not None:
            return value
    return None


def _numbered(figure: Figure) -> bool:
    """The report's text gives a number ("seven people", "14 others", "no casualties")."""
    return bool(NUMBER_WORDS.search(figure.text or ""))


def reconcile_figure(
    mentions: Sequence[Mention], key: str, copy_of: Mapping[str, str]
) -> Optional[Figure]:
    """Reconcile ``killed`` or ``injured`` over a cluster (rule in the module docstring)."""
    reports = [(m, getattr(m.event, key)) for m in mentions if getattr(m.event, key) is not None]
    reports = [(m, f) for m, f in reports if _value(f, "best", "low", "high") is not None]
    if not reports:
        return None
    sources, votes, voted = [], [], set()
    for mention, figure in sorted(reports, key=lambda r: (r[0].published, r[0].event_id)):
        # One vote per syndicated text: its first-published copy that gives this figure.
        text_key = copy_of.get(mention.event_id, mention.event_id)
        counted = text_key not in voted
        voted.add(text_key)
        sources.append({
            "doc_id": mention.doc_id, "event_id": mention.event_id, "low": figure.low,
            "best": figure.best, "high": figure.high, "text": figure.text, "counted": counted,
            "copy_of": None if counted else text_key,
        })
        if counted:
            votes.append(figure)
    bests = sorted(_value(f, "best", "low", "high") for f in ([f for f in votes if _numbered(f)] or votes))
    best = bests[(len(bests) - 1) // 2]
    low = min(_value(f, "low", "best", "high") for f in votes)
    high = max(_value(f, "high", "best", "low") for f in votes)
    chosen = next(f for f in votes if _value(f, "best", "low", "high") == best)
    return Figure(low=low, best=best, high=high, text=chosen.text,
                  breakdown=dict(chosen.breakdown), sources=sources)


def reconcile_date(mentions: Sequence[Mention]) -> Optional[DateSpan]:
    """The narrowest date among the reports, with why it was chosen."""
    dated = [m for m in mentions if m.event.date is not None]
    if not dated:
        return None
    best = min(dated, key=lambda m: (m.event.date.assumed, m.width, DATE_RANK.get(m.precision, 9), m.published,
                                     m.event_id))
    span = best.event.date
    assert span is not None
    why = (f"most precise of {len(dated)} dated report(s): {span.precision} from {best.doc_id}"
           + (f" ({span.why})" if span.why else ""))
    if span.assumed:  # still only assumed: say so first
        why = f"{span.why}; {why}"
    return dataclasses.replace(span, why=why)


def reconcile_place(mentions: Sequence[Mention]) -> Optional[Place]:
    """The most precise place among the reports, with why it was chosen."""
    placed = [m for m in mentions if m.event.place is not None]
    if not placed:
        return None
    names: dict[str, int] = {}
    for m in placed:
        named = (m.event.place.name or m.event.place.text or "").lower()
        names[named] = names.get(named, 0) + 1

    def key(m: Mention) -> tuple:
        place = m.event.place
        named = (place.name or place.text or "").lower()
        return (place.assumed, _place_rank(place), place.lat is None, -names[named], m.published, m.event_id)

    best = min(placed, key=key)
    place = best.event.place
    assert place is not None
    agree = names[(place.name or place.text or "").lower()]
    why = (f"most precise of {len(placed)} report(s) with a place ({place.precision or 'unknown'}, "
           f"named by {agree}): from {best.doc_id}" + (f" ({place.why})" if place.why else ""))
    if place.assumed:  # still only assumed: say so first
        why = f"{place.why}; {why}"
    return dataclasses.replace(place, why=why)


def _actor_key(actor: Actor) -> str:
    return (actor.name or actor.text).strip().lower()


def merge_actors(groups: Iterable[list[Actor]]) -> list[Actor]:
    """Union of actors by resolved name (else text), most often reported first."""
    first: dict[str, Actor] = {}
    counts: dict[str, int] = {}  # a plain dict: Counter() costs more than the merge itself
    for group in groups:
        for actor in group:
            key = _actor_key(actor)
            if key in counts:
                counts[key] += 1
            else:
                counts[key] = 1
                first[key] = actor
    if len(first) < 2:
        return list(first.values())
    order = sorted(first, key=lambda k: (-counts[k], k))
    return [first[k] for k in order]


def _claim_hasevidence_union(attribution: Attribution) -> bool:
    return any(a.start is not None for a in attribution.claimed_by) or bool(
        attribution.claimed_by and attribution.why
    )


def reconcile_attribution(mentions: Sequence[Mention]) -> Attribution:
    """Merge the reports' attributions (rule in the module docstring)."""
    ordered = sorted(mentions, key=lambda m: (m.published, m.event_id))
    atts = [(m, m.event.attribution) for m in ordered]
    claims = [(m, a) for m, a in atts if a.status == "claimed" and _claim_hasevidence_union(a)]
    merged = Attribution(
        claimed_by=merge_actors(a.claimed_by for _, a in claims),
        attributed_to=merge_actors(a.attributed_to for _, a in atts),
        attributed_by=merge_actors(a.attributed_by for _, a in atts),
        denied_by=merge_actors(a.denied_by for _, a in atts),
    )
    statuses = [a.status for _, a in atts if a.status != "claimed"] + ["claimed"] * bool(claims)
    if merged.attributed_to and "attributed" not in statuses:
        statuses.append("attributed")
    merged.status = min(statuses, key=STATUS_ORDER.index) if statuses else "unknown"
    merged.claimed = merged.status == "claimed"
    reasons = []
    if claims:
        reasons.append("claim reported by " + ", ".join(m.doc_id for m, _ in claims))
    quiet = [m.doc_id for m, a in atts if a.status == "unattributed"]
    if quiet:
        reasons.append("no claim reported by " + ", ".join(quiet))
    if merged.attributed_to:
        reasons.append("blamed (not claimed): " + ", ".join(a.name or a.text for a in merged.attributed_to))
    merged.why = "; ".join(reasons) or None
    return merged


def evidence_union(mentions: Sequence[Mention]) -> list[Evidence]:
    seen: set[str] = set()
    out = []
    for mention in mentions:
        for item in mention.event.evidence:
            if item.sentence not in seen:  # a syndicated copy repeats the sentence: keep one
                seen.add(item.sentence)
                out.append(item)
    return out


def instrument_union(mentions: Sequence[Mention]) -> list[Instrument]:
    seen: set[str] = set()
    out = []
    for mention in mentions:
        for item in mention.event.instruments:
            if item.text.lower() not in seen:
                seen.add(item.text.lower())
                out.append(item)
    return out


def most_common(values: Iterable[Any]) -> Any:
    counts: dict[Any, int] = {}
    for value in values:
        if value not in (None, "", {}):
            counts[value] = counts.get(value, 0) + 1
    if len(counts) < 2:
        return next(iter(counts), None)
    return min(counts, key=lambda v: (-counts[v], str(v)))


def source_entry(mention: Mention, document: Mapping[str, Any], copy_of: Mapping[str, str]) -> dict:
    return {
        "doc_id": mention.doc_id, "event_id": mention.event_id, "url": document.get("url"),
        "published": document.get("published"), "source": document.get("source"),
        "copy_of": copy_of.get(mention.event_id),
    }


def noisy_or(values: Iterable[float]) -> float:
    """Confidence that at least one independent report is right."""
    miss = 1.0
    for value in values:
        miss *= 1.0 - max(0.0, min(1.0, value))
    return round(1.0 - miss, 4)
