"""The store's behaviour, run against DuckDB and PostgreSQL alike (see conftest.store_url)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from titfortat.errors import StoreError
from titfortat.ids import content_hash
from titfortat.model import Article, Event, Failure
from titfortat.store import base, open_store


def snapshot(store) -> tuple:
    """Everything a reader can see, to compare a store before and after an operation."""
    return (store.stats(), [e.to_dict() for e in store.mention_events()],
            [c.to_dict() for c in store.claims()], [a.to_dict() for a in store.articles()],
            {a.doc_id: store.coder_of(a.doc_id) for a in store.articles()},
            store._rows("SELECT doc_id, added_at, updated_at, extracted_at FROM documents ORDER BY doc_id"))


def test_article_round_trip(store, article):
    assert store.add_article(article) == "new"
    stored = store.get_article("seed")
    assert stored == dataclasses.replace(article, content_hash=content_hash(article.body))
    assert stored.comments[0].timestamp_text == "20 Mar 2020 9:17pm"
    assert store.get_article("nope") is None
    assert store.document_sources("seed") == [
        {"doc_id": "seed", "url": "https://example.org/a", "origin": "seed.txt", "published": "2020-03-20"}]


def test_same_article_twice_changes_nothing(store, article, events, claims):
    store.add_article(article)
    store.save_extraction("seed", coder="c1", events=events, claims=claims)
    before = snapshot(store)
    assert store.add_article(article) == "unchanged"
    assert snapshot(store) == before


def test_same_text_under_another_id_is_a_further_source(store, article):
    store.add_article(article)
    copy = dataclasses.replace(article, doc_id="seed-copy", url="https://mirror.example/a", origin="feed.xml")
    assert store.add_article(copy) == "new-source"
    assert store.add_article(copy) == "unchanged"
    assert store.stats()["documents"] == 1 and store.stats()["sources"] == 2
    assert store.get_article("seed-copy").doc_id == "seed"
    assert [s["doc_id"] for s in store.document_sources("seed-copy")] == ["seed", "seed-copy"]
    assert store.document_sources("seed-copy")[1]["url"] == "https://mirror.example/a"
    # The copy's extraction belongs to the document: coder_of follows it, a save is ignored.
    store.save_extraction("seed", coder="c1", events=[], claims=[])
    assert store.coder_of("seed-copy") == "c1"
    store.save_extraction("seed-copy", coder="c2", events=[], claims=[])
    assert store.coder_of("seed") == "c1" and store.stats()["documents"] == 1
    # The copy's text changes: it is a document of its own now.
    changed = dataclasses.replace(copy, body=copy.body + "\nA correction.", content_hash="")
    assert store.add_article(changed) == "updated"
    assert store.stats()["documents"] == 2 and store.stats()["further_sources"] == 0
    assert store.get_article("seed-copy").body.endswith("A correction.")
    assert store.check() == []


@pytest.mark.parametrize("order", [("a", "b", "c"), ("c", "b", "a"), ("b", "c", "a")])
def test_copies_end_up_the_same_whatever_the_order(store, article, events, order):
    """The smallest doc_id holds the text; a smaller id arriving later takes it over."""
    copies = {name: dataclasses.replace(article, doc_id=name, url=f"https://{name}.example/") for name in order}
    statuses = []
    for name in order:
        statuses.append(store.add_article(copies[name]))
        if statuses[-1] == "new":
            moved = [dataclasses.replace(e, doc_id=name, event_id=f"{name}:{e.event_id}", answers=[])
                     for e in events]
            store.save_extraction(name, coder="c1", events=moved, claims=[])
    assert statuses.count("new-source") == len(order) - statuses.count("new")
    assert [a.doc_id for a in store.articles()] == ["a"]
    assert store.document_sources("c") == [
        {"doc_id": n, "url": f"https://{n}.example/", "origin": "seed.txt", "published": "2020-03-20"}
        for n in ("a", "b", "c")]
    assert {e.doc_id for e in store.mention_events()} == {"a"}
    assert store.check() == []


def test_get_event_prefers_the_mention_when_ids_collide(store, article, events):
    store.add_article(article)
    store.save_extraction("seed", coder="c1", events=events, claims=[])
    store.save_clusters([dataclasses.replace(events[1], doc_id="", cluster_id="seed:e1", sources=[])])
    assert store.get_event("seed:e1") == events[0]
    assert store.get_event("seed:e1").cluster_id is None


def test_new_text_replaces_document_and_drops_its_extraction(store, article, events, claims):
    store.add_article(article)
    store.save_extraction("seed", coder="c1", events=events, claims=claims)
    added = store._rows("SELECT added_at FROM documents")
    assert store.add_article(dataclasses.replace(article, body=article.body + "\nUpdate.")) == "updated"
    assert store.mention_events() == [] and store.claims() == []
    assert store.coder_of("seed") is None
    assert store.stats()["links"] == 0
    assert store._rows("SELECT added_at FROM documents") == added
    assert store.check() == []


def test_extraction_round_trip(store, article, events, claims):
    store.add_article(article)
    store.save_extraction("seed", coder="c1", events=events, claims=claims)
    assert store.get_event("seed:e2") == events[1]
    assert [e.event_id for e in store.mention_events()] == ["seed:e1", "seed:e2", "seed:e3", "seed:e4"]
    assert store.mention_events() == events
    # Read back, the JSON is the same text as written (key order too), on both backends.
    assert [json.dumps(e.to_dict()) for e in store.mention_events()] == [json.dumps(e.to_dict()) for e in events]
    assert store.claims() == claims
    assert store.coder_of("seed") == "c1"
    assert sorted(store._rows("SELECT from_id, to_id, level FROM links")) == [
        ("seed:e2", "seed:e1", "mention"), ("seed:e3", "seed:e2", "mention")]
    roles = store._rows("SELECT role, text FROM arguments WHERE event_id = 'seed:e2' ORDER BY role, n")
    assert ("actor", "US forces") in roles and ("attributed_to", "Kataib Hezbollah") in roles
    assert store.check() == []


@pytest.mark.parametrize("query, expected", [
    ({"types": ["SANCTION"]}, ["seed:e4"]),
    ({"types": []}, []),
    ({"since": dt.date(2020, 3, 12)}, ["seed:e2", "seed:e3"]),
    ({"until": dt.date(2020, 3, 12)}, ["seed:e1", "seed:e2"]),
    ({"since": dt.date(2020, 3, 12), "until": dt.date(2020, 3, 12), "types": ["ASSAULT"]}, ["seed:e2"]),
    ({"doc_id": "seed"}, ["seed:e1", "seed:e2", "seed:e3", "seed:e4"]),
    ({"doc_id": "other"}, []),
])
def test_mention_event_filters(store, article, events, query, expected):
    store.add_article(article)
    store.save_extraction("seed", coder="c1", events=events, claims=[])
    assert [e.event_id for e in store.mention_events(**query)] == expected


def test_save_extraction_replaces_the_previous_one(store, article, events, claims):
    store.add_article(article)
    store.save_extraction("seed", coder="c1", events=events, claims=claims)
    store.save_extraction("seed", coder="c2", events=[], claims=[], skipped="not extracted: language de")
    assert store.mention_events() == [] and store.claims() == []
    assert store.stats()["links"] == 0 and store._rows("SELECT count(*) FROM arguments") == [(0,)]
    assert store.coder_of("seed") == "c2"
    assert store._rows("SELECT skipped FROM documents") == [("not extracted: language de",)]


class BrokenEvent(Event):
    """An event that cannot be serialised: the save fails after the old rows were deleted."""

    def to_dict(self) -> dict:
        raise RuntimeError("cannot serialise")


@pytest.mark.parametrize("breakage", ["event to_dict raises", "duplicate claim id"])
def test_failed_save_leaves_the_store_unchanged(store, article, events, claims, breakage):
    store.add_article(article)
    store.save_extraction("seed", coder="c1", events=events[:2], claims=claims)
    before = snapshot(store)
    if breakage == "event to_dict raises":
        broken = BrokenEvent(**{f.name: getattr(events[3], f.name) for f in dataclasses.fields(Event)})
        new_events, new_claims, error = [events[2], broken], claims, RuntimeError
    else:  # the database itself refuses the last insert of the transaction
        new_events, new_claims, error = events, claims + claims, StoreError
    with pytest.raises(error):
        store.save_extraction("seed", coder="c2", events=new_events, claims=new_claims)
    assert snapshot(store) == before
    assert store.check() == []
    store.save_extraction("seed", coder="c2", events=events, claims=claims)  # still writable
    assert len(store.mention_events()) == 4


def test_save_extraction_needs_the_document(store, events):
    with pytest.raises(StoreError, match="add the article first"):
        store.save_extraction("seed", coder="c1", events=events, claims=[])


def test_failures_are_recorded_once(store):
    failure = Failure(source="a.html", stage="ingest", code="E101", reason="empty document", doc_id="a")
    store.record_failure(failure)
    store.record_failure(dataclasses.replace(failure))
    store.record_failure(dataclasses.replace(failure, reason="binary file"))
    assert store.failures() == [dataclasses.replace(failure, reason="binary file"), failure]
    assert store.stats()["failures"] == 2


def fused(events: list[Event], cluster_id: str, *, answers=()) -> Event:
    first = events[0]
    return dataclasses.replace(first, doc_id="", event_id=cluster_id, cluster_id=cluster_id, answers=list(answers),
                               sources=[{"doc_id": e.doc_id, "event_id": e.event_id, "url": None,
                                         "published": "2020-03-20"} for e in events])


def test_clusters_replace_the_fused_view(store, article, events):
    store.add_article(article)
    store.save_extraction("seed", coder="c1", events=events, claims=[])
    clusters = [fused(events[:1], "k1"), fused(events[1:3], "k2", answers=["k1"]), fused(events[3:], "k3")]
    store.save_clusters(clusters)
    assert store.fused_events() == clusters
    assert store.get_event("k2") == clusters[1]
    assert [e.cluster_id for e in store.fused_events(types=["ASSAULT"], since=dt.date(2020, 3, 12))] == ["k2"]
    assert store._rows("SELECT from_id, to_id FROM links WHERE level = 'cluster'") == [("k2", "k1")]
    assert store.check() == []
    store.save_clusters([fused(events, "all")])
    assert [e.cluster_id for e in store.fused_events()] == ["all"]
    assert store.stats()["clusters"] == 1 and store._rows("SELECT count(*) FROM cluster_members") == [(4,)]
    assert store.check() == []
    with pytest.raises(StoreError, match="no cluster_id"):
        store.save_clusters(events)


def test_check_reports_each_kind_of_problem(store, article, events):
    store.add_article(article)
    bad = dataclasses.replace(events[0], answers=["seed:gone"])
    bad.evidence = [dataclasses.replace(bad.evidence[0], start=bad.evidence[0].start + 1)]
    bad.actors = [dataclasses.replace(events[1].actors[0], end=10 ** 6)]
    store.save_extraction("seed", coder="c1", events=[bad], claims=[])
    store.save_clusters([fused(events[1:2], "k1", answers=["k0"])])
    found = store.check()
    assert any("seed:e1 (seed) evidence[0]: body[" in p for p in found)
    assert any("seed:e1 (seed) actors[0]: offsets" in p and "out of body range" in p for p in found)
    assert "mention link seed:e1 -> seed:gone points to a missing event" in found
    assert "cluster k1 lists missing member event seed:e2" in found
    assert "cluster link k1 -> k0 points to a missing cluster" in found
    assert len(found) == 5


def test_articles_are_read_in_batches_while_writing(store, monkeypatch):
    monkeypatch.setattr(base, "ARTICLE_BATCH", 5)
    body = "Rockets hit the base; nobody claimed it. "
    for n in range(base.ARTICLE_BATCH * 2 + 3):
        store.add_article(Article(doc_id=f"d{n:04d}", body=body + str(n)))
    seen = []
    for doc in store.articles():  # writes between reads must not break the iteration
        seen.append(doc.doc_id)
        event = Event(doc_id=doc.doc_id, event_id=doc.doc_id + ":e1", coder="c", type="ASSAULT")
        store.save_extraction(doc.doc_id, coder="c", events=[event], claims=[])
    assert seen == sorted(seen) and len(seen) == 13
    assert store.stats()["events"] == 13


def test_read_only_store_refuses_writes(store_url, settings, article):
    open_store(store_url, settings=settings).close()
    with open_store(store_url, settings=settings, read_only=True) as reader:
        assert reader.stats()["documents"] == 0
        with pytest.raises(StoreError, match="read-only"):
            reader.add_article(article)


CRASH = """
import dataclasses, os, sys
sys.path.insert(0, sys.argv[2])
from titfortat.model import Event
from titfortat.settings import Settings
from titfortat.store import open_store

class Crash(Event):
    def to_dict(self):
        os._exit(3)  # the process dies inside the transaction, after the old rows were deleted

store = open_store(sys.argv[1], settings=Settings())
old = store.mention_events()
crash = Crash(**{f.name: getattr(old[0], f.name) for f in dataclasses.fields(Event)})
store.save_extraction(old[0].doc_id, coder="c2", events=[dataclasses.replace(old[1], event_id="x"), crash], claims=[])
"""


def test_process_killed_mid_save_leaves_the_store_unchanged(store_url, settings, article, events, claims):
    with open_store(store_url, settings=settings) as store:
        store.add_article(article)
        store.save_extraction("seed", coder="c1", events=events, claims=claims)
        before = snapshot(store)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", CRASH, store_url, str(root)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 3, done.stderr
    with open_store(store_url, settings=settings) as store:
        assert snapshot(store) == before
        assert store.check() == []


def test_ids_sort_by_code_point_on_every_backend(store):
    ids = ["b", "B", "a-2", "a_1", "Zeta", "é", "10", "9"]
    for n, doc_id in enumerate(ids):
        store.add_article(Article(doc_id=doc_id, body=f"Text number {n}."))
    assert [a.doc_id for a in store.articles()] == sorted(ids)


def test_two_writers_storing_the_same_texts(store_url, settings):
    """Two connections race to store the same texts under different ids; each text ends up once."""
    stores = [open_store(store_url, settings=settings) for _ in range(2)]
    results: dict[str, list[str]] = {}

    def write(store, prefix: str) -> None:
        results[prefix] = [store.add_article(Article(doc_id=f"{prefix}{n:02d}", body=f"Report {n} of the war."))
                           for n in range(40)]

    threads = [threading.Thread(target=write, args=(s, p)) for s, p in zip(stores, "ab")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert sorted(results) == ["a", "b"]
        assert [a.doc_id for a in stores[0].articles()] == [f"a{n:02d}" for n in range(40)]
        assert stores[1].stats()["sources"] == 80
        assert stores[0].check() == []
    finally:
        for store in stores:
            store.close()


def test_bulk_storing_of_new_documents_equals_storing_one_by_one(store, settings, tmp_path, article, events,
                                                                 claims, monkeypatch):
    """ingest stores the new documents of a batch in bulk and the rest one by one: the store and
    the report are what storing every document one by one gives (here against a DuckDB store)."""
    from titfortat.model import Extraction
    from titfortat.pipeline import Report, _store_batch, _store_one

    other = dataclasses.replace(article, doc_id="other", body=article.body + "\nMore.", content_hash="",
                                comments=[])
    other_events = [dataclasses.replace(e, doc_id="other", event_id=f"other:{e.event_id}", answers=[])
                    for e in events]
    third = dataclasses.replace(other, doc_id="third", body=article.body + "\nA third text.")
    third_events = [dataclasses.replace(e, doc_id="third", event_id=f"third:{e.event_id}") for e in events]
    stored_before = dataclasses.replace(article, doc_id="older", body="An older text.", content_hash="")
    batch = [Extraction(article=article, events=events, claims=claims),
             Extraction(article=dataclasses.replace(article, doc_id="seed-copy")),  # same text: a further source
             Extraction(article=other, events=other_events),
             Extraction(article=dataclasses.replace(other, body=other.body + " Fixed.")),  # the same id again
             Extraction(article=stored_before),  # already stored and extracted
             Extraction(article=third, events=third_events, claims=[dataclasses.replace(claims[0], doc_id="third",
                                                                                        claim_id="third:c1")]),
             Extraction(article=dataclasses.replace(article, doc_id="empty", body=" ", content_hash=""),
                        skipped="not extracted: empty body",
                        failures=[Failure(source="empty", stage="extract", code="x", reason="r", doc_id="empty")])]
    bulk = []
    original = type(store).add_new_extracted
    monkeypatch.setattr(type(store), "add_new_extracted", lambda self, b: bulk.append(original(self, b)) or bulk[-1])
    with open_store(str(tmp_path / "one-by-one.duckdb"), settings=settings) as reference:
        reports = []
        for target, store_all in ((reference, lambda r: [_store_one(reference, x, r) for x in batch]),
                                  (store, lambda r: _store_batch(store, list(batch), r))):
            _store_one(target, Extraction(article=stored_before), Report())
            reports.append(Report())
            store_all(reports[-1])
        assert reports[0] == reports[1]
        assert bulk == [[False, False, False, False, False, True, True]]
        assert reports[0].documents == {"new": 4, "new-source": 1, "updated": 1, "unchanged": 1}
        assert snapshot(store)[:-1] == snapshot(reference)[:-1]
        assert store.failures() == reference.failures()
    assert store.check() == []


def test_extracted_hashes_follow_further_sources_and_skip_unextracted(store, article):
    store.add_article(article)
    store.add_article(dataclasses.replace(article, doc_id="seed-copy"))
    assert store.extracted_hashes(["seed", "seed-copy", "nope"]) == {}
    store.save_extraction("seed", coder="c1", events=[], claims=[])
    digest = content_hash(article.body)
    assert store.extracted_hashes(["seed", "seed-copy", "nope"]) == {"seed": digest, "seed-copy": digest}
    assert store.extracted_hashes([]) == {}


def test_document_metadata_is_what_the_articles_say(store, article):
    store.add_article(article)
    store.add_article(dataclasses.replace(article, doc_id="bare", body="Another text.", url=None, published=None,
                                          source="wire", content_hash=""))
    assert store.document_metadata() == {
        a.doc_id: {"url": a.url, "published": a.published, "content_hash": a.content_hash, "source": a.source}
        for a in store.articles()}
