"""Clustering: blocking, candidate pairs, constrained merging, stable ids.

Determinism comes from construction, not from input order: the candidate pairs are a function
of the set of mentions, they are merged strictly in the order (score descending, then event ids),
and a merge happens only when every pair across the two groups passes the vetoes of
``compat.hard_compatible`` (complete-link constraints on a single-link merge).  So the same set
of events gives the same clusters whatever order they came in, and an event that is compatible
with nothing changes nothing.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterable, Optional, Sequence

from ..ids import stable_hash
from .compat import Mention, PlaceRelation, hard_compatible, pair_score
from .rules import FusionRules

BlockKey = tuple[str, object]


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


def _block_keys(mention: Mention, slack: int, rules: FusionRules) -> list[BlockKey]:
    if mention.start is None or mention.end is None:
        return []
    kind = mention.event.type
    if mention.width > rules.wide_days:
        return [(kind, "wide")]
    if mention.precision == "day":
        return [(kind, mention.start.toordinal())]
    first = (mention.start - dt.timedelta(days=slack)).toordinal()
    last = (mention.end + dt.timedelta(days=slack)).toordinal()
    return [(kind, day) for day in range(first, last + 1)]


def candidate_pairs(mentions: Sequence[Mention], slack: int, rules: FusionRules) -> set[tuple[int, int]]:
    """Pairs sharing a (type, day, country, admin1) block.

    An unknown country meets every country of its (type, day) block, and an unknown admin1
    every admin1 of its country: a vague place may be any of the precise ones.  Two different
    admin1 names never meet (the resolver gives canonical names).
    """
    Nested = dict[Optional[str], dict[Optional[str], list[int]]]
    blocks: dict[BlockKey, Nested] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for mention in mentions:
        place = mention.event.place
        admin1 = place.admin1 if place is not None and mention.country else None
        for key in _block_keys(mention, slack, rules):
            blocks[key][mention.country][admin1].append(mention.index)
    pairs: set[tuple[int, int]] = set()
    for by_country in blocks.values():
        everyone = [i for by_admin in by_country.values() for group in by_admin.values() for i in group]
        for country, by_admin in by_country.items():
            if country is None:
                for group in by_admin.values():
                    _add_pairs(pairs, group, everyone)
                continue
            vague = by_admin.get(None, [])
            for admin1, group in by_admin.items():
                _add_pairs(pairs, group, group)
                if admin1 is not None:
                    _add_pairs(pairs, vague, group)
    return pairs


def _add_pairs(pairs: set[tuple[int, int]], left: list[int], right: list[int]) -> None:
    for i in left:
        for j in right:
            if i < j:
                pairs.add((i, j))
            elif j < i:
                pairs.add((j, i))


def scored_edges(
    mentions: Sequence[Mention], slack: int, rules: FusionRules, places: Optional[PlaceRelation]
) -> list[tuple[float, str, str, int, int]]:
    """Compatible pairs above the merge threshold, best first, ties broken by event ids."""
    edges = []
    for i, j in candidate_pairs(mentions, slack, rules):
        a, b = mentions[i], mentions[j]
        if not hard_compatible(a, b, rules, slack, places):
            continue
        score = round(pair_score(a, b, rules, places), 6)  # rounding: no float-order noise
        if score >= rules.merge_threshold:
            low, high = sorted((a.event_id, b.event_id))
            edges.append((-score, low, high, i, j))
    edges.sort()
    return edges


def cluster_mentions(
    mentions: Sequence[Mention], slack: int, rules: FusionRules, places: Optional[PlaceRelation]
) -> list[list[Mention]]:
    """Merge along the best edges while every cross pair stays compatible."""
    parent = list(range(len(mentions)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(mentions))}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, _, _, i, j in scored_edges(mentions, slack, rules, places):
        ri, rj = root(i), root(j)
        if ri == rj:
            continue
        if all(
            hard_compatible(mentions[x], mentions[y], rules, slack, places)
            for x in members[ri] for y in members[rj]
        ):
            parent[rj] = ri
            members[ri].extend(members.pop(rj))
    return [[mentions[i] for i in group] for group in members.values()]
