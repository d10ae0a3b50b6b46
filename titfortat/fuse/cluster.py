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
from .blocking import pair_codes
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
) -> tuple[list[tuple[int, int]], dict[int, bool]]:
    """Compatible candidate pairs ``(i, j)`` scoring at least ``threshold``, best first, ties
    broken by the two event ids; and whether each candidate pair is compatible, by its code
    ``i * len(mentions) + j`` (``i < j``), so merging need not test them again.

    Edges are sorted as packed integers: the score rounded to 6 places (no float-order noise),
    then the ranks of the two event ids.
    """
    n = len(mentions)
    ids = [m.event_id for m in mentions]
    if all(ids[k] < ids[k + 1] for k in range(n - 1)):
        rank = order = None  # ``fuse`` indexes mentions in event-id order: rank is the index
    else:
        order = sorted(range(n), key=ids.__getitem__)
        rank = [0] * n
        for position, index in enumerate(order):
            rank[index] = position
    scale = 10**6
    keys: list[int] = []
    compatible: dict[int, bool] = {}
    for code in pair_codes(mentions, slack, rules):
        i, j = divmod(code, n)
        verdict = compare(mentions[i], mentions[j], rules, slack, places)
        compatible[code] = verdict is not None
        if verdict is None:
            continue
        score = round(verdict, 6)
        if score >= threshold:
            low, high = (i, j) if rank is None else sorted((rank[i], rank[j]))
            keys.append(((scale - round(score * scale)) * n + low) * n + high)
    keys.sort()
    edges = []
    for key in keys:
        low, high = divmod(key % (n * n), n)
        edges.append((low, high) if order is None else (order[low], order[high]))
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
    n = len(mentions)
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    edges, compatible = scored_edges(mentions, slack, rules, places, threshold)
    # What two groups must not share, kept per group so most refusals cost a set test (the same
    # vetoes as ``hard_compatible``): a document, two different days given to the day, two
    # different countries.
    docs = [{m.doc_id} for m in mentions]
    days = [{m.start} if m.precision == "day" and m.start is not None else set() for m in mentions]
    countries = [{m.country} if m.country else set() for m in mentions]
    refused: set[tuple[int, int]] = set()

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def fits(x: int, y: int) -> bool:
        code = x * n + y if x < y else y * n + x
        known = compatible.get(code)
        if known is None:
            known = compatible[code] = hard_compatible(mentions[x], mentions[y], rules, slack, places)
        return known

    for i, j in edges:
        ri, rj = root(i), root(j)
        if ri == rj or (ri, rj) in refused:
            continue
        if (docs[ri] & docs[rj] or len(days[ri] | days[rj]) > 1 or len(countries[ri] | countries[rj]) > 1
                or not all(fits(x, y) for x in members[ri] for y in members[rj])):
            refused.add((ri, rj))  # groups only grow: while both stay roots, the answer stays no
            refused.add((rj, ri))
            continue
        if len(members[ri]) < len(members[rj]):
            ri, rj = rj, ri
        parent[rj] = ri
        members[ri].extend(members.pop(rj))
        docs[ri] |= docs[rj]
        days[ri] |= days[rj]
        countries[ri] |= countries[rj]
    groups = sorted(members.values(), key=min)
    return [[mentions[i] for i in sorted(group)] for group in groups]
