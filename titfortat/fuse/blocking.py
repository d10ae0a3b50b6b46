"""Blocking: which pairs of mentions are worth comparing at all.

The cost of fusion is the number of candidate pairs, so candidates come from small blocks and
every vague mention keeps a bounded list of them; growth is near-linear in the number of
mentions even when the news of a busy region piles up on the same days.

* **Day-precise mentions** meet in blocks of (type, day, country, admin1).  A day-precise
  mention with a vaguer place (country only, or no admin1) meets every mention of its
  (type, day, country), and one without a country every mention of its (type, day): a vague
  place may be any of the precise ones.
* **Vague dates** (a week, a month, a range, an undated mention placed before its report) span
  many days, so they meet only mentions whose interval overlaps theirs *and* that share an
  identity key with them: the same named place or first-level division, a named actor or
  recipient (a claimant or blamed party counts), or a band of the MinHash signature of the
  evidence text (near-identical wording).
* **Wide intervals** (longer than ``FusionRules.wide_days``) meet only each other.

A vague mention keeps at most ``FusionRules.max_candidates`` candidates: those sharing the most
keys, then the nearest in date, then by event id.  The cap is a function of the set of
mentions, so clusters stay order-independent; an unrelated mention can displace a candidate only
by sharing more keys with it than the real report does.
"""
from __future__ import annotations

import bisect
import datetime as dt
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from .compat import PRECISION_RANK, Mention, _place_rank
from .rules import FusionRules

_MASK = 0xFFFFFFFF


@dataclass(frozen=True)
class _Entry:
    start: int
    end: int
    index: int


def _minhash_params(count: int) -> list[tuple[int, int]]:
    # Fixed odd multipliers and offsets: the signature must not depend on the process (no hash()).
    return [(zlib.crc32(b"a%d" % i) | 1, zlib.crc32(b"b%d" % i)) for i in range(count)]


def text_bands(tokens: Iterable[str], rules: FusionRules, params: Sequence[tuple[int, int]],
               cache: dict[str, int]) -> list[str]:
    """Band keys of a MinHash signature: texts with token Jaccard near 1 share a band.

    ``cache`` keeps each token's hash for the call (news repeats its words)."""
    hashes = []
    for token in tokens:
        value = cache.get(token)
        if value is None:
            value = cache[token] = zlib.crc32(token.encode("utf-8"))
        hashes.append(value)
    if len(hashes) < rules.text_band_rows:
        return []  # a text of two words identifies nothing
    signature = [min((a * h + b) & _MASK for h in hashes) for a, b in params]
    rows = rules.text_band_rows
    return [f"t{i}:" + ",".join(map(str, signature[i * rows:(i + 1) * rows]))
            for i in range(rules.text_bands)]


def identity_keys(mention: Mention, rules: FusionRules, params: Sequence[tuple[int, int]],
                  cache: dict[str, int]) -> frozenset[str]:
    """The keys a vague mention must share with a candidate (see the module docstring)."""
    keys: set[str] = set()
    place = mention.event.place
    if place is not None and _place_rank(place) < PRECISION_RANK["country"]:
        name = place.geonameid or (place.name or place.text or "").strip().lower()
        if name:
            keys.add(f"p:{place.country}:{name}")
        if place.admin1:
            keys.add(f"a1:{place.country}:{place.admin1.strip().lower()}")
    keys.update("n:" + name for name in mention.actor_names | mention.recipient_names | mention.blamed_names)
    keys.update(text_bands(mention.evidence_tokens, rules, params, cache))
    return frozenset(keys)


def _vague_date(mention: Mention) -> bool:
    return mention.precision != "day"


def _day_blocks(mentions: Sequence[Mention]) -> dict[tuple[str, int], dict]:
    blocks: dict[tuple[str, int], dict] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for m in mentions:
        if m.start is not None and not _vague_date(m):
            place = m.event.place
            admin1 = place.admin1 if place is not None and m.country else None
            blocks[(m.event.type, m.start.toordinal())][m.country][admin1].append(m.index)
    return blocks


def _day_candidates(mentions: Sequence[Mention], pairs: set[tuple[int, int]],
                    vague: dict[int, set[int]], limit: int) -> None:
    """Same-day pairs: precise places pair in full; a vague place meets its whole (type, day,
    country) block when the block is small, else only what the keyed search finds."""
    for by_country in _day_blocks(mentions).values():
        everyone = [i for by_admin in by_country.values() for group in by_admin.values() for i in group]
        for country, by_admin in by_country.items():
            in_country = [i for group in by_admin.values() for i in group]
            for admin1, group in by_admin.items():
                if country is not None and admin1 is not None:
                    _add_all(pairs, group)
                    continue
                pool = everyone if country is None else in_country
                if len(pool) <= limit + 1:
                    for i in group:
                        vague[i].update(j for j in pool if j != i)


def _add_all(pairs: set[tuple[int, int]], group: list[int]) -> None:
    for x, i in enumerate(group):
        for j in group[x + 1:]:
            pairs.add((i, j) if i < j else (j, i))


def _keyed_index(mentions: Sequence[Mention], keys: dict[int, frozenset[str]], rules: FusionRules):
    index: dict[tuple[str, str], list[_Entry]] = defaultdict(list)
    for m in mentions:
        if m.start is None or m.end is None or m.width > rules.wide_days:
            continue
        entry = _Entry(m.start.toordinal(), m.end.toordinal(), m.index)
        for key in keys[m.index]:
            index[(m.event.type, key)].append(entry)
    table = {}
    for block, entries in index.items():
        entries.sort(key=lambda e: (e.start, e.index))
        table[block] = ([e.start for e in entries], entries, max(e.end - e.start for e in entries))
    return table


def _keyed_candidates(mention: Mention, keys: dict[int, frozenset[str]], table, slack: int,
                      scan: int) -> Counter:
    """Mentions overlapping ``mention`` in time that share a key, with the number shared.

    Each key's block is read outward from the mention's date, at most ``scan`` overlapping
    entries: a broad key (a province, a common wording) of a busy region cannot make the
    search quadratic, while the few reports sharing a specific key are all found.
    """
    assert mention.start is not None and mention.end is not None
    first, last = mention.start.toordinal() - slack, mention.end.toordinal() + slack
    middle = (mention.start.toordinal() + mention.end.toordinal()) / 2
    shared: Counter[int] = Counter()
    for key in keys[mention.index]:
        found = table.get((mention.event.type, key))
        if found is not None:
            for index in _nearest(found, first, last, middle, scan):
                if index != mention.index:
                    shared[index] += 1
    return shared


def _nearest(found, first: int, last: int, middle: float, scan: int) -> list[int]:
    """Indexes of up to ``scan`` entries overlapping [first, last], nearest ``middle`` first."""
    starts, entries, widest = found
    low = bisect.bisect_left(starts, first - widest)
    high = bisect.bisect_right(starts, last)
    right = bisect.bisect_left(starts, middle, low, high)
    left = right - 1
    taken: list[int] = []
    while len(taken) < scan and (left >= low or right < high):
        if right >= high or (left >= low and middle - starts[left] <= starts[right] - middle):
            entry, left = entries[left], left - 1
        else:
            entry, right = entries[right], right + 1
        if entry.end >= first:
            taken.append(entry.index)
    return taken


def _wide_candidates(mentions: Sequence[Mention], rules: FusionRules, vague: dict[int, set[int]]) -> None:
    wide: dict[str, list[int]] = defaultdict(list)
    for m in mentions:
        if m.start is not None and m.width > rules.wide_days:
            wide[m.event.type].append(m.index)
    for group in wide.values():
        for i in group:
            vague[i].update(j for j in group if j != i)


def _middle(m: Mention) -> float:
    assert m.start is not None and m.end is not None
    return (m.start.toordinal() + m.end.toordinal()) / 2


def _capped(mention: Mention, shared: Counter, mentions: Sequence[Mention], limit: int) -> list[int]:
    if len(shared) <= limit:
        return list(shared)
    middle = _middle(mention)
    ranked = sorted(shared, key=lambda j: (-shared[j], abs(_middle(mentions[j]) - middle),
                                           mentions[j].event_id))
    return ranked[:limit]


def _vague_place(mention: Mention) -> bool:
    place = mention.event.place
    return mention.country is None or place is None or place.admin1 is None


def candidate_pairs(mentions: Sequence[Mention], slack: int, rules: FusionRules) -> list[tuple[int, int]]:
    """All candidate pairs ``(i, j)``, ``i < j``, sorted (rules in the module docstring)."""
    params = _minhash_params(rules.text_bands * rules.text_band_rows)
    hashes: dict[str, int] = {}
    keys = {m.index: identity_keys(m, rules, params, hashes) for m in mentions}
    pairs: set[tuple[int, int]] = set()
    vague: dict[int, set[int]] = defaultdict(set)
    _day_candidates(mentions, pairs, vague, rules.max_candidates)
    _wide_candidates(mentions, rules, vague)
    shared_counts: dict[int, Counter] = {}
    for i, others in vague.items():
        shared_counts[i] = Counter({j: len(keys[i] & keys[j]) for j in others})
    table = _keyed_index(mentions, keys, rules)
    scan = 2 * rules.max_candidates
    for m in mentions:
        if m.start is not None and m.width <= rules.wide_days and (_vague_date(m) or _vague_place(m)):
            found = _keyed_candidates(m, keys, table, slack, scan)
            shared_counts.setdefault(m.index, Counter()).update(
                {j: n for j, n in found.items() if j not in shared_counts[m.index]})
    for i, shared in shared_counts.items():
        for j in _capped(mentions[i], shared, mentions, rules.max_candidates):
            pairs.add((i, j) if i < j else (j, i))
    return sorted(pairs)
