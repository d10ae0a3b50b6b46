"""fuse() on hand-coded mentions of the multi-report corpus (tests/data/fusion)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random

import pytest
import yaml

from titfortat.fuse import FusedEvent, answer_details, cluster_id_for, fuse
from titfortat.fuse.synthetic import synthetic_events
from titfortat.model import DateSpan, Event, Evidence, Figure, Place

from pathlib import Path

FUSION = Path(__file__).resolve().parents[1] / "data" / "fusion"

EXPECTED = yaml.safe_load((FUSION / "expected_clusters.yaml").read_text())
CLUSTERS = EXPECTED["clusters"]


def _signature(fused: list[Event]) -> list[tuple]:
    return [(e.cluster_id, tuple(sorted(s["event_id"] for s in e.sources)), tuple(e.answers)) for e in fused]


@pytest.mark.parametrize("name", sorted(CLUSTERS))
def test_each_expected_cluster_has_exactly_its_reports(name, by_name, corpus):
    event = by_name[name]
    assert {s["doc_id"] for s in event.sources} == set(CLUSTERS[name]["members"])
    assert {corpus.expected_of[s["event_id"]] for s in event.sources} == {name}


def test_no_stray_clusters(fused_corpus):
    assert len(fused_corpus) == len(CLUSTERS)


@pytest.mark.parametrize(
    "name,key", [(n, k) for n in sorted(CLUSTERS) for k in ("killed", "injured") if k in CLUSTERS[n]]
)
def test_reconciled_figures(name, key, by_name):
    figure = getattr(by_name[name], key)
    assert figure is not None
    assert {"low": figure.low, "best": figure.best, "high": figure.high} == CLUSTERS[name][key]
    assert {s["doc_id"] for s in figure.sources} <= set(CLUSTERS[name]["members"])


@pytest.mark.parametrize("first,second,reason", EXPECTED["must_not_merge"])
def test_must_not_merge(first, second, reason, by_name):
    assert by_name[first].cluster_id != by_name[second].cluster_id, reason


@pytest.mark.parametrize("name", sorted(CLUSTERS))
def test_answers(name, by_name):
    ids = {by_name[n].cluster_id: n for n in CLUSTERS}
    assert [ids[c] for c in by_name[name].answers] == CLUSTERS[name]["answers"]


def test_answer_details_say_why(by_name, fused_corpus):
    details = answer_details(fused_corpus)
    strikes = details[by_name["us_strikes_2020_03_12"].cluster_id]
    assert strikes[0]["cluster_id"] == by_name["taji_2020_03_11"].cluster_id
    assert strikes[0]["basis"] == "explicit" and strikes[0]["confidence"] == 0.9
    assert strikes[0]["lag_days"] == 1
    assert "retaliation" in strikes[0]["evidence"]["sentence"]
    assert all(len(v) <= 3 for v in details.values())


def test_dyad_reversal_gives_a_weaker_answer(corpus, settings):
    events = [e for e in corpus.events if e.doc_id != "seed"]  # the seed links Besmaya explicitly
    fused = fuse(events, documents=corpus.documents, settings=settings)
    besmaya = next(e for e in fused if "f13" in {s["doc_id"] for s in e.sources})
    (detail,) = answer_details(fused)[besmaya.cluster_id]
    assert detail["basis"] == "dyad" and 0 < detail["confidence"] < 0.4
    assert detail["lag_days"] == 4
    short = fuse(events, documents=corpus.documents, settings=settings.replace(retaliation_window_days=3))
    assert not next(e for e in short if e.cluster_id == besmaya.cluster_id).answers


@pytest.mark.parametrize(
    "name,status,field,names",
    [
        ("abqaiq_2019_09_14", "claimed", "claimed_by", ["Houthis"]),
        ("abqaiq_2019_09_14", "claimed", "attributed_to", ["Iran"]),
        ("abqaiq_2019_09_14", "claimed", "denied_by", ["Iran"]),
        ("taji_2020_03_11", "attributed", "attributed_to", ["Kataib Hezbollah"]),
        ("taji_2020_03_11", "attributed", "claimed_by", []),
        ("besmaya_2020_03_16", "attributed", "attributed_to", ["Kataib Hezbollah"]),
        ("iran_missiles_ain_al_asad_2020_01_08", "claimed", "claimed_by", ["Islamic Revolutionary Guard Corps"]),
    ],
)
def test_attribution_merge(name, status, field, names, by_name):
    attribution = by_name[name].attribution
    assert attribution.status == status
    assert attribution.claimed == (status == "claimed")
    assert [a.name for a in getattr(attribution, field)] == names


def test_claim_without_evidence_does_not_beat_unclaimed(corpus, settings):
    stripped = []
    for event in corpus.events:
        if event.doc_id == "f26":
            claimants = [dataclasses.replace(a, start=None, end=None, why=None) for a in event.attribution.claimed_by]
            event = dataclasses.replace(event, attribution=dataclasses.replace(
                event.attribution, claimed_by=claimants, why=None))
        stripped.append(event)
    fused = fuse(stripped, documents=corpus.documents, settings=settings)
    abqaiq = next(e for e in fused if "f26" in {s["doc_id"] for s in e.sources})
    assert abqaiq.attribution.status == "attributed"  # the US blame stays a blame
    assert not abqaiq.attribution.claimed and not abqaiq.attribution.claimed_by


def test_syndicated_copies_count_once(by_name):
    injured = by_name["taji_2020_03_11"].injured
    by_doc = {s["doc_id"]: s for s in injured.sources}
    assert by_doc["f02"]["counted"] is False and by_doc["f02"]["copy_of"] == _eid(by_doc, "f01")
    assert by_doc["f01"]["counted"] is True
    sources = {s["doc_id"]: s for s in by_name["us_strikes_2020_03_12"].sources}
    assert sources["f06"]["copy_of"] == sources["f07"]["event_id"]  # near-identical wire copy


def _eid(by_doc: dict, doc_id: str) -> str:
    return by_doc[doc_id]["event_id"]


def test_most_precise_date_and_place_with_reason(by_name):
    strikes = by_name["us_strikes_2020_03_12"]
    assert (strikes.date.start, strikes.date.precision) == (dt.date(2020, 3, 12), "day")
    assert "f08" in strikes.date.why
    assert strikes.place.name == "Karbala" and "f09" in strikes.place.why
    soleimani = by_name["soleimani_2020_01_03"]
    assert soleimani.place.name == "Baghdad International Airport"
    assert soleimani.date.start == dt.date(2020, 1, 3)


def test_misleading_page_date_does_not_take_the_anchor(by_name, corpus):
    besmaya = by_name["besmaya_2020_03_16"]
    assert besmaya.sources[0]["doc_id"] == "f12"  # first report leads; f14's page says April
    assert besmaya.cluster_id == cluster_id_for([s["event_id"] for s in besmaya.sources],
                                                anchor=besmaya.sources[0]["event_id"])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_order_independent(seed, corpus, settings, fused_corpus):
    shuffled = list(corpus.events)
    random.Random(seed).shuffle(shuffled)
    again = fuse(shuffled, documents=corpus.documents, settings=settings)
    assert _signature(again) == _signature(fused_corpus)
    assert [e.to_dict() for e in again] == [e.to_dict() for e in fused_corpus]


def test_unrelated_events_do_not_renumber(corpus, settings, fused_corpus):
    noise = synthetic_events(400, seed=7)
    fused = fuse(noise + list(corpus.events), documents=corpus.documents, settings=settings)
    kept = {e.cluster_id: tuple(sorted(s["event_id"] for s in e.sources)) for e in fused}
    for event in fused_corpus:
        assert kept[event.cluster_id] == tuple(sorted(s["event_id"] for s in event.sources))


def test_new_report_joins_its_cluster_and_keeps_the_id(corpus, settings, by_name):
    without = [e for e in corpus.events if e.doc_id != "f03"]
    before = fuse(without, documents=corpus.documents, settings=settings)
    taji = by_name["taji_2020_03_11"]
    assert taji.cluster_id in {e.cluster_id for e in before}
    assert "f03" in {s["doc_id"] for s in taji.sources}


def test_fused_events_serialise_and_sort(fused_corpus):
    assert all(isinstance(e, FusedEvent) and e.cluster_id for e in fused_corpus)
    lines = [json.dumps(e.to_dict()) for e in fused_corpus]
    assert all('"answer_details"' in line and '"sources"' in line for line in lines)
    keys = [(e.date.start, e.cluster_id) for e in fused_corpus]
    assert keys == sorted(keys)
    restored = Event.from_dict(json.loads(lines[0]))
    assert restored.cluster_id == fused_corpus[0].cluster_id


def _mention(doc: str, local: str, day: dt.date, place: Place, **fields) -> Event:
    return Event(doc_id=doc, event_id=f"{doc}-{local}", coder="t", type="ASSAULT", mode="explosive",
                 date=DateSpan(day, day, "day"), place=place,
                 evidence=[Evidence(f"Rockets hit {place.name}.", 0, 10)], **fields)


BASE = Place(text="Camp X", name="Camp X", country="IRQ", admin1="Baghdad", lat=33.5, lon=44.2, precision="site")
OTHER = Place(text="Camp Y", name="Camp Y", country="IRQ", admin1="Baghdad", lat=33.7, lon=44.4, precision="site")


def test_two_events_of_one_document_never_merge(settings):
    events = [_mention("d1", "a", dt.date(2020, 1, 5), BASE), _mention("d1", "b", dt.date(2020, 1, 5), BASE)]
    assert len(fuse(events, documents={}, settings=settings)) == 2


def test_vague_report_cannot_chain_two_days(settings):
    week = DateSpan(dt.date(2020, 1, 6), dt.date(2020, 1, 12), "week")
    events = [
        _mention("d1", "a", dt.date(2020, 1, 7), BASE, killed=Figure.exact(2)),
        _mention("d2", "a", dt.date(2020, 1, 8), BASE, killed=Figure.exact(2)),
        dataclasses.replace(_mention("d3", "a", dt.date(2020, 1, 7), BASE, killed=Figure.exact(2)), date=week),
    ]
    fused = fuse(events, documents={}, settings=settings)
    assert sorted(len(e.sources) for e in fused) == [1, 2]


def test_slack_applies_to_imprecise_dates_only(settings):
    week = DateSpan(dt.date(2020, 1, 6), dt.date(2020, 1, 12), "week")
    monday_after = _mention("d2", "a", dt.date(2020, 1, 13), BASE)
    vague = dataclasses.replace(_mention("d1", "a", dt.date(2020, 1, 6), BASE), date=week)
    assert len(fuse([vague, monday_after], documents={}, settings=settings)) == 1
    strict = settings.replace(fuse_date_slack_days=0)
    assert len(fuse([vague, monday_after], documents={}, settings=strict)) == 2


def test_distinct_sites_stay_apart_and_country_only_joins(settings):
    iraq = Place(text="Iraq", name="Iraq", country="IRQ", precision="country")
    day = dt.date(2020, 2, 1)
    events = [_mention("d1", "a", day, BASE), _mention("d2", "a", day, OTHER), _mention("d3", "a", day, iraq)]
    fused = fuse(events, documents={}, settings=settings)
    assert sorted(len(e.sources) for e in fused) == [1, 2]


class _Nesting:
    """A gazetteer's containment relation over a fixed table (outer name -> inner names)."""

    def __init__(self, table: dict[str, set[str]]) -> None:
        self.table = table

    def contains(self, outer: Place, inner: Place) -> bool:
        return inner.name in self.table.get(outer.name or "", set())


def test_place_relation_adds_nesting_coordinates_cannot_show(settings):
    base = Place(text="Camp Z", name="Camp Z", country="IRQ", precision="site")
    alias = Place(text="Z airfield", name="Z airfield", country="IRQ", precision="site")
    day = dt.date(2020, 2, 1)
    events = [_mention("d1", "a", day, base), _mention("d2", "a", day, alias)]
    assert len(fuse(events, documents={}, settings=settings)) == 2
    nesting = _Nesting({"Camp Z": {"Z airfield"}})
    assert len(fuse(events, documents={}, settings=settings, places=nesting)) == 1


def test_at_most_three_answers(settings):
    us = {"name": "United States", "country": "USA", "text": "the US"}
    militia = {"name": "Militia M", "country": "IRQ", "text": "militia M"}
    from titfortat.model import Actor

    events = [
        _mention(f"d{i}", "a", dt.date(2020, 3, 1 + i), dataclasses.replace(BASE, name=f"Camp {i}", lat=30 + i),
                 actors=[Actor(**militia)], recipients=[Actor(**us)])
        for i in range(5)
    ]
    events.append(_mention("d9", "a", dt.date(2020, 3, 10), dataclasses.replace(BASE, name="Depot", lat=20),
                           actors=[Actor(**us)], recipients=[Actor(**militia)]))
    fused = fuse(events, documents={}, settings=settings)
    strike = next(e for e in fused if e.sources[0]["doc_id"] == "d9")
    details = answer_details(fused)[strike.cluster_id]
    assert len(strike.answers) == 3 and [d["lag_days"] for d in details] == [5, 6, 7]


def test_cluster_id_for_is_a_function_of_the_set_and_anchor():
    assert cluster_id_for(["b", "a"]) == cluster_id_for(["a", "b"]) == cluster_id_for(["a"], anchor="a")
    assert cluster_id_for(["a", "b"], anchor="b") != cluster_id_for(["a", "b"])
    with pytest.raises(ValueError):
        cluster_id_for([])
    with pytest.raises(ValueError):
        cluster_id_for(["a"], anchor="z")
