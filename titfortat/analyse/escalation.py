"""Escalation measures over fused events: dyad timelines, tit-for-tat chains, the effect of an
intervention and change points in weekly intensity.

All functions take fused events (``store.fused_events()``) and return plain rows, so the CLI, the
API and a notebook share them.  Events without a date are left out of every measure and counted
in the result's ``undated``; negated and hypothetical events never count as things that happened.
"""
from __future__ import annotations

import datetime as dt
import math
import warnings
from collections import defaultdict
from typing import Iterable, Optional, Sequence

from ..model import Actor, Event

UNKNOWN = "(unknown)"


def happened(event: Event) -> bool:
    """A dated event told as having taken place (not negated, hypothetical or future)."""
    return event.date is not None and (event.modality or "asserted") == "asserted"


def side(actors: Sequence[Actor]) -> str:
    """One label for a side: the first actor's resolved name, else its country, else its text."""
    for actor in actors:
        label = actor.name or actor.country or actor.text
        if label:
            return label
    return UNKNOWN


def dyad(event: Event) -> tuple[str, str]:
    """(who acted, against whom); an unnamed actor falls back to whom the attack was blamed on."""
    actors = event.actors or list(getattr(event.attribution, "attributed_to", []) or [])
    return side(actors), side(event.recipients)


def _week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def timeline(events: Iterable[Event], *, types: Optional[Sequence[str]] = None) -> list[dict]:
    """Weekly counts (Monday-starting weeks) per dyad: events, and people killed (best figures)."""
    cells: dict[tuple[dt.date, str, str], list[float]] = defaultdict(lambda: [0, 0])
    for event in events:
        if not happened(event) or (types and event.type not in types):
            continue
        actor, recipient = dyad(event)
        cell = cells[(_week(event.date.start), actor, recipient)]
        cell[0] += 1
        cell[1] += (event.killed.best or 0) if event.killed else 0
    return [{"week": week.isoformat(), "actor": actor, "recipient": recipient, "events": n, "killed": int(k)}
            for (week, actor, recipient), (n, k) in sorted(cells.items())]


def chains(events: Iterable[Event]) -> list[dict]:
    """Tit-for-tat chains: events joined by fusion's ``answers`` links (B answers A), in date order.

    A chain is a connected set of answer links; each step gives who answered whom and the lag in
    days between the answered event's start and the answer's.  Longest chains first.
    """
    by_id = {e.cluster_id or e.event_id: e for e in events}
    parent = {key: key for key in by_id}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    steps = []
    for key, event in by_id.items():
        for answered in event.answers:
            if answered in by_id:
                parent[find(key)] = find(answered)
                steps.append((answered, key))
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for answered, answer in steps:
        groups[find(answer)].append((answered, answer))
    out = []
    for links in groups.values():
        members = sorted({k for link in links for k in link}, key=lambda k: (_start(by_id[k]), k))
        rows = []
        for answered, answer in sorted(links, key=lambda l: (_start(by_id[l[1]]), l)):
            a, b = by_id[answered], by_id[answer]
            lag = (b.date.start - a.date.start).days if a.date and b.date else None
            rows.append({"answered": answered, "answer": answer, "answered_dyad": list(dyad(a)),
                         "answer_dyad": list(dyad(b)), "lag_days": lag})
        first, last = by_id[members[0]], by_id[members[-1]]
        span = (last.date.start - first.date.start).days if first.date and last.date else None
        out.append({"chain_id": members[0], "events": len(members), "links": rows, "span_days": span,
                    "killed": sum((by_id[k].killed.best or 0) for k in members if by_id[k].killed),
                    "parties": sorted({p for k in members for p in dyad(by_id[k]) if p != UNKNOWN})})
    return sorted(out, key=lambda c: (-c["events"], c["chain_id"]))


def _start(event: Event) -> dt.date:
    return event.date.start if event.date else dt.date.max


def weekly_counts(events: Iterable[Event], *, types: Optional[Sequence[str]] = None,
                  actor: Optional[str] = None) -> tuple[list[dt.date], list[int], int]:
    """(weeks, events per week with the empty weeks filled in, undated events left out)."""
    counts: dict[dt.date, int] = defaultdict(int)
    undated = 0
    for event in events:
        if types and event.type not in types:
            continue
        if actor and actor.lower() not in (dyad(event)[0] or "").lower():
            continue
        if not happened(event):
            undated += event.date is None and event.modality == "asserted"
            continue
        counts[_week(event.date.start)] += 1
    if not counts:
        return [], [], undated
    first, last = min(counts), max(counts)
    weeks = [first + dt.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    return weeks, [counts.get(w, 0) for w in weeks], undated


def effect(events: Iterable[Event], day: dt.date, *, types: Optional[Sequence[str]] = None,
           actor: Optional[str] = None) -> dict:
    """Before/after an intervention on ``day``: weekly event rates and a trend-aware rate ratio.

    A Poisson regression of weekly counts on a linear time trend and an after-``day`` step
    (statsmodels GLM); ``rate_ratio`` is exp(step) with its 95% confidence interval: above 1, more
    events after than the trend predicts (provocation); below 1, fewer (deterrence).  The crude
    ratio of mean weekly rates is given too.  Needs at least two weeks on each side.
    """
    weeks, counts, undated = weekly_counts(events, types=types, actor=actor)
    start = _week(day)
    before = [c for w, c in zip(weeks, counts) if w < start]
    after = [c for w, c in zip(weeks, counts) if w >= start]
    out: dict = {"date": day.isoformat(), "types": list(types or []), "actor": actor, "weeks_before": len(before),
                 "weeks_after": len(after), "events_before": sum(before), "events_after": sum(after),
                 "undated": undated, "rate_before": _mean(before), "rate_after": _mean(after)}
    out["crude_ratio"] = round(out["rate_after"] / out["rate_before"], 3) if out["rate_before"] else None
    if len(before) < 2 or len(after) < 2:
        out["model"] = "not fitted: fewer than two weeks on a side"
        return out
    import numpy as np
    import statsmodels.api as sm

    t = np.arange(len(counts), dtype=float)
    step = np.array([1.0 if w >= start else 0.0 for w in weeks])
    design = sm.add_constant(np.column_stack([t, step]))
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fit = sm.GLM(np.array(counts, dtype=float), design, family=sm.families.Poisson()).fit()
        if caught:
            out["warnings"] = sorted({str(w.message) for w in caught})
    except Exception as exc:  # a degenerate series (all zeros on a side) cannot be fitted
        out["model"] = f"not fitted: {type(exc).__name__}: {exc}"
        return out
    low, high = fit.conf_int()[2]
    out.update({"model": "Poisson GLM: count ~ 1 + week + after", "rate_ratio": _r(math.exp(fit.params[2])),
                "ci95": [_r(math.exp(low)), _r(math.exp(high))], "p_value": _r(float(fit.pvalues[2])),
                "trend_per_week": _r(math.exp(fit.params[1]))})
    return out


def change_points(events: Iterable[Event], *, types: Optional[Sequence[str]] = None, penalty: float = 3.0) -> dict:
    """Weeks where the weekly event count shifts (ruptures PELT on the count series, L2 cost)."""
    weeks, counts, undated = weekly_counts(events, types=types)
    out = {"weeks": len(weeks), "undated": undated, "penalty": penalty, "changes": []}
    if len(weeks) < 4:
        return out
    import numpy as np
    import ruptures

    ends = ruptures.Pelt(model="l2", min_size=2).fit(np.array(counts, dtype=float).reshape(-1, 1)).predict(pen=penalty)
    bounds = [0] + ends
    for a, b in zip(bounds, bounds[1:]):
        out["changes"].append({"from": weeks[a].isoformat(), "to": (weeks[b - 1] + dt.timedelta(days=6)).isoformat(),
                               "weeks": b - a, "rate": _mean(counts[a:b])})
    return out


def _mean(values: Sequence[int]) -> float:
    return round(sum(values) / len(values), 3) if values else 0.0


def _r(x: float) -> float:
    return round(float(x), 4)
