"""Count-claim check: is "24 rocket attacks since late October" what the database holds?"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from ..model import Claim, Event


def claim_filter(claim: Claim) -> dict:
    """The filter a claim implies: event type and mode, and the period (to the claim's own date)."""
    counted = claim.counted or {}
    period = claim.period
    return {
        "type": counted.get("type"),
        "mode": counted.get("mode"),
        "since": period.start.isoformat() if period else None,
        "until": period.end.isoformat() if period else None,
    }


def matches(event: Event, flt: dict) -> bool:
    if flt.get("type") and event.type != flt["type"]:
        return False
    if flt.get("mode") and event.mode != flt["mode"]:
        return False
    if event.modality == "negated":
        return False
    if event.date is None:
        return False
    since = dt.date.fromisoformat(flt["since"]) if flt.get("since") else None
    until = dt.date.fromisoformat(flt["until"]) if flt.get("until") else None
    if since and event.date.end < since:
        return False
    if until and event.date.start > until:
        return False
    return True


def check_claims(store) -> list[dict]:
    """One row per claim: the claim, what it counts, over which period, and the fused-event count."""
    fused = store.fused_events()
    rows = []
    for claim in store.claims():
        flt = claim_filter(claim)
        count = sum(1 for e in fused if matches(e, flt))
        rows.append({
            "doc_id": claim.doc_id, "claim_id": claim.claim_id, "text": claim.text, "value": claim.value,
            "counted": claim.counted, "period": claim.period.to_dict() if claim.period else None,
            "db_count": count, "filter": flt,
            "verdict": _verdict(claim.value, count),
        })
    return rows


def _verdict(value: int, count: int) -> str:
    if count == value:
        return "matches"
    return "database has fewer" if count < value else "database has more"
