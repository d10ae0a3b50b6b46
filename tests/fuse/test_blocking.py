"""Blocking (candidate pairs), the documented thresholds and the retaliation cue file."""
from __future__ import annotations

import dataclasses
import datetime as dt
import random
from types import SimpleNamespace

import pytest

from titfortat.fuse import fuse
from titfortat.fuse.blocking import candidate_pairs
from titfortat.fuse.compat import make_mention
from titfortat.fuse.rules import FusionRules, load_retaliation_cues
from titfortat.fuse.synthetic import synthetic_documents, synthetic_events
from titfortat.fuse.thresholds import MERGE_THRESHOLD, SYNDICATION_JACCARD, threshold_of
from titfortat.model import Actor, DateSpan, Event, Evidence, Place

RULES = FusionRules()
MONTH = DateSpan(dt.date(2020, 3, 1), dt.date(2020, 3, 31), "month")


def _event(doc: str, day: int, place: Place, text: str = "Rockets hit the camp.", **fields) -> Event:
    date = DateSpan(dt.date(2020, 3, day), dt.date(2020, 3, day), "day")
    return Event(doc_id=doc, event_id=f"e-{doc}", coder="t", type="ASSAULT", mode="explosive", date=date,
                 place=place, evidence=[Evidence(text, 0, len(text))], **fields)


def _site(name: str, lat: float) -> Place:
    return Place(text=name, name=name, country="IRQ", admin1="Baghdad", lat=lat, lon=44.0, precision="site")


def _pairs(events: list[Event]) -> set[tuple[str, str]]:
    ordered = sorted(events, key=lambda e: e.event_id)
    mentions = [make_mention(i, e, {}, RULES) for i, e in enumerate(ordered)]
    return {(mentions[i].event_id, mentions[j].event_id) for i, j in candidate_pairs(mentions, 1, RULES)}


def test_vague_date_meets_the_report_naming_its_place(settings):
    precise = _event("d1", 11, _site("Camp A", 33.5))
    vague = dataclasses.replace(_event("d2", 11, _site("Camp A", 33.5), "A month of attacks."), date=MONTH)
    assert ("e-d1", "e-d2") in _pairs([precise, vague])
    assert len(fuse([precise, vague], documents={}, settings=settings)) == 1


def test_vague_date_sharing_nothing_with_a_named_report_is_not_compared():
    iraq = Place(text="Iraq", name="Iraq", country="IRQ", precision="country")
    named = _event("d1", 11, _site("Camp A", 33.5), actors=[Actor(text="M", name="Militia M", country="IRQ")])
    vague = dataclasses.replace(_event("d2", 11, iraq, "Unrelated words entirely here."), date=MONTH,
                                actors=[Actor(text="N", name="Militia N", country="IRQ")])
    assert not _pairs([named, vague])


def test_a_vague_mention_keeps_a_bounded_candidate_list():
    busy = [_event(f"d{i:03d}", 1 + i % 28, _site(f"Camp {i}", 30 + i / 100)) for i in range(300)]
    vague = dataclasses.replace(_event("zz", 15, _site("Camp 7", 30.07)), date=MONTH)
    pairs = _pairs(busy + [vague])
    assert 1 <= sum("e-zz" in pair for pair in pairs) <= RULES.max_candidates
    assert ("e-d007", "e-zz") in pairs  # the report naming its place ranks first


def test_candidate_pairs_are_a_function_of_the_set():
    events = synthetic_events(1500, seed=3)
    shuffled = list(events)
    random.Random(1).shuffle(shuffled)
    assert _pairs(events) == _pairs(shuffled)


def test_candidate_pairs_grow_near_linearly():
    """The cost of fusion is the candidate pairs: counted, not timed."""
    counts = []
    for size in (6000, 24000):
        events = sorted(synthetic_events(size, seed=2), key=lambda e: e.event_id)
        documents = synthetic_documents(events)
        mentions = [make_mention(i, e, documents[e.doc_id], RULES) for i, e in enumerate(events)]
        counts.append(len(candidate_pairs(mentions, 1, RULES)))
    # 4x the mentions in the same two years: 5.05x the pairs (the capped lists still filling as
    # the days get busier); the former day-block blocking gave 8.8x, the all-pairs pools 5.4x
    assert counts[1] / counts[0] < 5.5
    # a bounded number of candidates per mention (measured 1.90 at 24k)
    assert counts[1] / 24000 < 2.2


def test_a_busy_day_in_one_country_costs_a_bounded_number_of_pairs():
    # Reports naming only the country meet the day's other reports of that country through a
    # ranked, capped list, not all of them: a busy day costs n * max_candidates pairs, not n^2 / 2.
    iraq = Place(text="Iraq", name="Iraq", country="IRQ", precision="country")
    events = [_event(f"d{i:03d}", 11, iraq, f"Report number {i} of a busy day in the country.")
              for i in range(60)]
    pairs = _pairs(events)
    assert len(pairs) <= 60 * RULES.max_candidates < 60 * 59 // 2
    assert all(sum(f"e-d{i:03d}" in pair for pair in pairs) >= 1 for i in range(60))


def test_thresholds_are_documented_defaults_that_settings_can_override():
    assert threshold_of(SimpleNamespace(), "merge_threshold") == MERGE_THRESHOLD == 0.5
    assert threshold_of(SimpleNamespace(), "syndication_jaccard") == SYNDICATION_JACCARD == 0.85
    assert threshold_of(SimpleNamespace(fuse_merge_threshold=0.7), "merge_threshold") == 0.7
    with pytest.raises(KeyError):
        threshold_of(SimpleNamespace(), "nothing")


def test_retaliation_cues_come_from_the_data_file():
    cues = load_retaliation_cues()
    assert r"retaliat\w*" in cues and "hit back" in cues
    assert FusionRules().retaliation_cues == cues
