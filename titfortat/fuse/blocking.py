"""Blocking: which pairs of mentions are worth comparing at all.

The cost of fusion is the number of candidate pairs, so candidates come from small blocks and
every vague mention keeps a bounded list of them: growth stays near-linear in the number of
mentions even when the news of a busy region piles up on the same days.

* **Day-precise mentions** with a first-level division meet every mention of their
  (type, day, country, admin1) block.
* A **day-precise mention with a vague place** (country only, no admin1, no country) takes
  its (type, day, country) block, or (type, day) without a country, as a pool of candidates while
  that pool holds at most ``FusionRules.pool_limit`` mentions (one country's news of a day); it
  also searches by key, like a vague date, and pool and key search share one capped list.
* A **vague date** (a week, a month, a range, an undated mention placed before its report)
  meets mentions whose interval overlaps its own (with the date slack) *and* that share an
  identity key: the same named place or first-level division, a named actor, recipient,
  claimant or blamed party, a casualty figure above zero, or a band of the MinHash signature of
  the evidence (near-identical wording).  A mention naming nothing meets the mentions of its type
  nearest in date.
* **Wide intervals** (longer than ``FusionRules.wide_days``) meet only each other.

The key search reads each key's block outward from the mention's date, at most
``FusionRules.max_candidates`` entries per key.  Blocks are split by what ``compat`` vetoes
outright (type, modality, stage, country: a mention reads its country's block and the
country-less one; a mention without a country reads all), so unrelated news of other countries
never fills the list.  Of what it found (and its pool), it keeps at most ``max_candidates`` that
``compat`` would not veto at once for mode or day (two day-precise dates must be one day): those
sharing the most keys, then the nearest in date, then the smallest index (``fuse``
indexes mentions in event-id order).  So a vague mention costs at most ``max_candidates``
comparisons however busy its days are.  All of it is a function of the set of mentions, so clusters
stay order-independent; an unrelated mention can displace a real report from a list only by
sharing as many keys with the mention and being nearer in date.
"""
from __future__ import annotations

import bisect
import heapq
import zlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from .compat import PRECISION_RANK, Mention, _place_rank
from .rules import FusionRules

_MASK = 0xFFFFFFFF
_NOTHING_NAMED = "-"


@dataclass
class _Block:
    """The mentions holding one (type, key), sorted by start day."""

    starts: list[int]
    ends: list[int]
    indexes: list[int]
    widest: int


def _key_id(text: str, cache: Optional[dict[str, int]] = None) -> int:
    # A 64-bit id keeps the index small; hash() of a str would change between processes.
    if cache is not None:
        known = cache.get(text)
        if known is not None:
            return known
    data = text.encode("utf-8")
    value = zlib.crc32(data) << 32 | zlib.adler32(data)
    if cache is not None:
        cache[text] = value
    return value


def _minhash_params(count: int) -> list[tuple[int, int]]:
    # Fixed odd multipliers and offsets: the signature must not depend on the process.
    return [(zlib.crc32(b"a%d" % i) | 1, zlib.crc32(b"b%d" % i)) for i in range(count)]


def text_bands(tokens: Iterable[str], rules: FusionRules, params: Sequence[tuple[int, int]],
               cache: dict[str, tuple[int, ...]]) -> list[int]:
    """Band keys of a MinHash signature: texts with token Jaccard near 1 share a band.

    ``cache`` keeps each token's row of permuted hashes for the call (news repeats its words).
    """
    columns = []
    for token in tokens:
        row = cache.get(token)
        if row is None:
            value = zlib.crc32(token.encode("utf-8"))
            row = cache[token] = tuple([(a * value + b) & _MASK for a, b in params])
        columns.append(row)
    if len(columns) < rules.text_band_rows:
        return []  # a text of two words identifies nothing
    signature = [min(column) for column in zip(*columns)]
    rows = rules.text_band_rows
    # hash() of a tuple of ints is the same in every process (only str hashing is salted).
    return [hash((i, *signature[i * rows:(i + 1) * rows])) for i in range(rules.text_bands)]


def identity_keys(mention: Mention, rules: FusionRules, params: Sequence[tuple[int, int]],
                  cache: dict[str, tuple[int, ...]],
                  key_cache: Optional[dict[str, int]] = None) -> frozenset[int]:
    """The keys a vague mention must share with a candidate (see the module docstring)."""
    names: list[str] = []
    place = mention.event.place
    if place is not None and _place_rank(place) < PRECISION_RANK["country"]:
        name = place.geonameid or (place.name or place.text or "").strip().lower()
        if name:
            names.append(f"p:{place.country}:{name}")
        if place.admin1:
            names.append(f"a1:{place.country}:{place.admin1.strip().lower()}")
    names.extend("n:" + n for n in mention.actor_names | mention.recipient_names | mention.blamed_names)
    if not names:
        names.append(_NOTHING_NAMED)  # met by time alone: the nearest mentions of its type
    names.extend(_figure_keys(mention))
    return frozenset([_key_id(n, key_cache) for n in names]
                     + text_bands(mention.evidence_tokens, rules, params, cache))


def _figure_keys(mention: Mention) -> list[str]:
    # Reports of one event repeat its toll; "no casualties" is too common to identify anything.
    keys = []
    for label, figure in (("k", mention.event.killed), ("w", mention.event.injured)):
        value = None if figure is None else next(
            (v for v in (figure.best, figure.low, figure.high) if v is not None), None)
        if value:
            keys.append(f"{label}:{value}")
    return keys


Kind = tuple[str, str, str]


def _kind(mention: Mention) -> Kind:
    """What ``compat`` vetoes before looking at dates and places: modality, stage, mode."""
    event = mention.event
    return (event.modality, "threat" if event.stage == "threatened" else "act", event.mode or "")


def _kinds_fit(a: Kind, b: Kind) -> bool:
    return a[0] == b[0] and a[1] == b[1] and (not a[2] or not b[2] or a[2] == b[2])


def _vague_date(mention: Mention) -> bool:
    return mention.precision != "day"


def _vague_place(mention: Mention) -> bool:
    place = mention.event.place
    return mention.country is None or place is None or place.admin1 is None


def _day_blocks(mentions: Sequence[Mention]) -> dict[tuple[str, int], dict]:
    blocks: dict[tuple[str, int], dict] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for m in mentions:
        if m.start is not None and not _vague_date(m):
            place = m.event.place
            admin1 = place.admin1 if place is not None and m.country else None
            blocks[(m.event.type, m.start.toordinal())][m.country][admin1].append(m.index)
    return blocks


def _day_candidates(mentions: Sequence[Mention], pairs: set[int],
                    pools: dict[int, list[int]], limit: int, kinds: Sequence[Kind]) -> None:
    """Same-day pairs: precise places pair in full; a vague place gets its (type, day, country)
    block as a pool of candidates when the block is small."""
    for by_country in _day_blocks(mentions).values():
        everyone = [i for by_admin in by_country.values() for group in by_admin.values() for i in group]
        for country, by_admin in by_country.items():
            in_country = [i for group in by_admin.values() for i in group]
            for admin1, group in by_admin.items():
                if country is not None and admin1 is not None:
                    _add_all(pairs, group, kinds, len(mentions))
                    continue
                pool = everyone if country is None else in_country
                if len(pool) <= limit:
                    for i in group:
                        pools[i] = pool


def _add_all(pairs: set[int], group: list[int], kinds: Sequence[Kind], n: int) -> None:
    for x, i in enumerate(group):
        for j in group[x + 1:]:
            if _kinds_fit(kinds[i], kinds[j]):
                pairs.add(i * n + j if i < j else j * n + i)


def _wide_pools(mentions: Sequence[Mention], rules: FusionRules, pools: dict[int, list[int]]) -> None:
    wide: dict[str, list[int]] = defaultdict(list)
    for m in mentions:
        if m.start is not None and m.width > rules.wide_days:
            wide[m.event.type].append(m.index)
    for group in wide.values():
        for i in group:
            pools[i] = group


Scope = tuple[str, str, str, Optional[str]]
_ANY_COUNTRY = "*"


def _scope(mention: Mention, kind: Kind, country: Optional[str]) -> Scope:
    """The part of a keyed block that ``compat`` vetoes on outright: type, modality, stage and
    country (two different countries never fuse, so a key's block is read country by country)."""
    return (mention.event.type, kind[0], kind[1], country)


def _queried_scopes(mention: Mention, kind: Kind) -> list[Scope]:
    """Blocks a mention reads: its country's and the country-less one; a mention without a
    country reads the block of every country."""
    if mention.country is None:
        return [_scope(mention, kind, _ANY_COUNTRY)]
    return [_scope(mention, kind, mention.country), _scope(mention, kind, None)]


def _keyed_index(mentions: Sequence[Mention], keys: Sequence[frozenset[int]], kinds: Sequence[Kind],
                 rules: FusionRules, any_country: bool) -> dict[tuple[Scope, int], _Block]:
    """Each dated mention under each of its keys (and the time-only key) in its scope's block;
    with ``any_country`` also in the all-countries block that country-less mentions read."""
    blocks: dict[tuple[Scope, int], _Block] = {}
    everyone = _key_id(_NOTHING_NAMED)
    dated = [m for m in mentions if m.start is not None and m.end is not None and m.width <= rules.wide_days]
    dated.sort(key=lambda m: (m.start, m.index))  # so every block fills in start order
    for m in dated:
        assert m.start is not None and m.end is not None
        start, end = m.start.toordinal(), m.end.toordinal()
        scopes = [_scope(m, kinds[m.index], m.country)]
        if any_country:
            scopes.append(_scope(m, kinds[m.index], _ANY_COUNTRY))
        for key in keys[m.index] | {everyone}:  # everyone is in the time-only block of its scope
            for scope in scopes:
                block = blocks.get((scope, key))
                if block is None:
                    block = blocks[(scope, key)] = _Block([], [], [], 0)
                block.starts.append(start)
                block.ends.append(end)
                block.indexes.append(m.index)
                if end - start > block.widest:
                    block.widest = end - start
    return blocks


def _nearest(block: _Block, first: int, last: int, middle: float, scan: int, out: set[int]) -> None:
    """Add to ``out`` up to ``scan`` entries overlapping [first, last], nearest ``middle`` first."""
    starts, ends, indexes = block.starts, block.ends, block.indexes
    low = bisect.bisect_left(starts, first - block.widest)
    high = bisect.bisect_right(starts, last)
    right = bisect.bisect_left(starts, middle, low, high)
    left = right - 1
    taken = 0
    while taken < scan and (left >= low or right < high):
        if right >= high or (left >= low and middle - starts[left] <= starts[right] - middle):
            at, left = left, left - 1
        else:
            at, right = right, right + 1
        if ends[at] >= first:
            out.add(indexes[at])
            taken += 1


def _candidates_of(m: Mention, keys: Sequence[frozenset[int]], table: dict[tuple[Scope, int], _Block],
                   middles: Sequence[float], kinds: Sequence[Kind], slack: int,
                   rules: FusionRules, mentions: Sequence[Mention], pool: Sequence[int] = ()) -> list[int]:
    """The capped candidates of one vague mention, from its keys and its same-day ``pool``
    (rules in the module docstring)."""
    assert m.start is not None and m.end is not None
    found: set[int] = set(pool)
    first, last = m.start.toordinal() - slack, m.end.toordinal() + slack
    middle = middles[m.index]
    mine = kinds[m.index]
    for scope in _queried_scopes(m, mine):
        for key in keys[m.index]:
            block = table.get((scope, key))
            if block is not None:
                _nearest(block, first, last, middle, rules.max_candidates, found)
    found.discard(m.index)
    day = m.start if m.precision == "day" else None
    kept = [j for j in found if _kinds_fit(mine, kinds[j])
            and (day is None or mentions[j].precision != "day" or mentions[j].start == day)]
    if len(kept) <= rules.max_candidates:
        return kept
    shared = keys[m.index]
    ranked = [(-len(shared & keys[j]), abs(middles[j] - middle), j) for j in kept]
    return [j for _, _, j in heapq.nsmallest(rules.max_candidates, ranked)]


def candidate_pairs(mentions: Sequence[Mention], slack: int, rules: FusionRules) -> list[tuple[int, int]]:
    """All candidate pairs ``(i, j)``, ``i < j``, sorted (rules in the module docstring).

    ``mentions[k].index`` must be ``k``.
    """
    n = len(mentions)
    return [divmod(code, n) for code in pair_codes(mentions, slack, rules)]


def pair_codes(mentions: Sequence[Mention], slack: int, rules: FusionRules) -> list[int]:
    """``candidate_pairs`` as sorted codes ``i * len(mentions) + j``: a set of ints costs a
    fraction of a set of tuples when the pairs run into the hundreds of thousands."""
    n = len(mentions)
    params = _minhash_params(rules.text_bands * rules.text_band_rows)
    hashes: dict[str, tuple[int, ...]] = {}
    key_ids: dict[str, int] = {}
    keys = [identity_keys(m, rules, params, hashes, key_ids) for m in mentions]
    middles = [(m.start.toordinal() + m.end.toordinal()) / 2 if m.start and m.end else 0.0 for m in mentions]
    pairs: set[int] = set()
    pools: dict[int, list[int]] = {}
    wide: dict[int, list[int]] = {}
    kinds = [_kind(m) for m in mentions]
    _day_candidates(mentions, pairs, pools, rules.pool_limit, kinds)
    _wide_pools(mentions, rules, wide)
    for i, group in wide.items():
        pairs.update(i * n + j if i < j else j * n + i for j in group if j != i and _kinds_fit(kinds[i], kinds[j]))
    searching = [m for m in mentions if m.start is not None and m.width <= rules.wide_days
                 and (_vague_date(m) or _vague_place(m))]
    table = _keyed_index(mentions, keys, kinds, rules, any(m.country is None for m in searching))
    for m in searching:
        pool = pools.get(m.index, ())
        for j in _candidates_of(m, keys, table, middles, kinds, slack, rules, mentions, pool):
            pairs.add(m.index * n + j if m.index < j else j * n + m.index)
    return sorted(pairs)
