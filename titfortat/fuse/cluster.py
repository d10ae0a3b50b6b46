"""Clustering: blocking, candidate pairs, constrained merging, stable ids.

Candidate pairs come from ``blocking``.  Determinism comes from construction, not from input order: the candidate pairs are a function
of the set of mentions, they are merged strictly in the order (score descending, then event ids),
and a merge happens only when every pair across the two groups passes the vetoes of
``compat.hard_compatible`` (complete-link constraints on a single-link merge).  So the same set
of events gives the same clusters whatever order they came in, and an event that is compatible
with nothing changes nothing.
"""
from __future__ import annotations

from typing import Iterable, Optional, Sequence

from ..ids import stable_hash
from .blocking import candidate_pairs
from .compat import Mention, PlaceRelation, compare, hard_compatible
from .rules import FusionRules


def cluster_id_for(member_event_ids: Iterable[str], *, anchor: Optional[str] = None) -> str:
    """The stable id of a cluster: a hash of its anchor member's event id.

    The anchor is the member reported first (earliest publication date, a page date before the
    event's own date counting as that date; then earliest event date; then smallest event id):
    ``fuse`` passes it.  Later reports of a known event never change the id, since they are
    published later; an id changes only when an earlier report is backfilled or two clusters
    merge (the merged one keeps the earlier anchor's id).  Called without ``anchor``, the
    smallest event id is the anchor, which is what ``fuse`` uses for a lone event too.
    """
    ids = sorted(set(member_event_ids))
    if not ids:
        raise ValueError("a cluster needs at least one member event id")
    chosen = anchor if anchor is not None else ids[0]
    if chosen not in ids:
        raise ValueError(f"anchor {chosen!r} is not among the member event ids")
    return "c" + stable_hash("cluster", chosen, length=15)


def anchor_key(mention: Mention) -> tuple[str, str, str]:
    """Sort key choosing a cluster's anchor: first reported, then earliest dated, then id."""
    published = mention.published
    event_day = mention.start.isoformat() if mention.start else "9999"
    if published[:10] < event_day:
        # A report cannot predate its event: a stale or wrong page date must not win the anchor.
        published = event_day
    return (published, event_day, mention.event_id)


def scored_edges(
    mentions: Sequence[Mention], slack: int, rules: FusionRules, places: Optional[PlaceRelation],
    threshold: float,
) -> tuple[list[tuple[float, str, str, int, int]], set[tuple[int, int]]]:
    """Compatible candidate pairs scoring at least ``threshold``, best first, ties broken by
    event ids; and every compatible candidate pair (so merging need not test them again)."""
    edges, compatible = [], set()
    for i, j in candidate_pairs(mentions, slack, rules):
        a, b = mentions[i], mentions[j]
        verdict = compare(a, b, rules, slack, places)
        if verdict is None:
            continue
        compatible.add((i, j))
        score = round(verdict, 6)  # rounding: no float-order noise
        if score >= threshold:
            low, high = sorted((a.event_id, b.event_id))
            edges.append((-score, low, high, i, j))
    edges.sort()
    return edges, compatible


def cluster_mentions(
    mentions: Sequence[Mention], slack: int, rules: FusionRules, places: Optional[PlaceRelation],
    threshold: float,
) -> list[list[Mention]]:
    """Merge along the best edges while every cross pair stays compatible.

    Groups merge smaller into larger (union by size), so a mention moves O(log n) times; the
    cross-pair test reuses the verdicts on candidate pairs.  Groups come out ordered by their
    smallest index, which is event-id order (``fuse`` indexes mentions by sorted event id).
    """
    parent = list(range(len(mentions)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(mentions))}
    edges, compatible = scored_edges(mentions, slack, rules, places, threshold)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def fits(x: int, y: int) -> bool:
        pair = (x, y) if x < y else (y, x)
        return pair in compatible or hard_compatible(mentions[x], mentions[y], rules, slack, places)

    for _, _, _, i, j in edges:
        ri, rj = root(i), root(j)
        if ri == rj:
            continue
        if all(fits(x, y) for x in members[ri] for y in members[rj]):
            if len(members[ri]) < len(members[rj]):
                ri, rj = rj, ri
            parent[rj] = ri
            members[ri].extend(members.pop(rj))
    groups = sorted(members.values(), key=min)
    return [[mentions[i] for i in sorted(group)] for group in groups]
