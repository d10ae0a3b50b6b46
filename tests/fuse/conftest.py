"""Fixtures of the fusion tests: the multi-report corpus, its hand-coded mentions, the expectation."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from titfortat.ids import content_hash, stable_hash
from titfortat.model import Actor, Attribution, DateSpan, Event, Evidence, Figure, Place

FUSION = Path(__file__).resolve().parents[1] / "data" / "fusion"
SEED = Path(__file__).resolve().parents[1] / "data" / "seed" / "000_b401dc642ae67de7.txt"
SEED_PUBLISHED = "2020-03-20"


@dataclass
class Corpus:
    texts: dict[str, str]  # doc_id -> body
    documents: dict[str, dict[str, Any]]  # doc_id -> {"url", "published", "content_hash", "source"}
    records: list[dict[str, Any]]  # the JSONL records as written
    events: list[Event]  # hand-coded mentions
    expected_of: dict[str, str]  # event_id -> expected cluster name
    expected: dict[str, Any]  # expected_clusters.yaml


def _sentence(text: str, snippet: str) -> Evidence:
    at = text.find(snippet)
    assert at >= 0, f"evidence snippet {snippet!r} is not in the article"
    starts = [0] + [m.end() for m in re.finditer(r"[.!?]\s+", text) if m.end() <= at]
    start = starts[-1]
    stop = re.search(r"[.!?](\s|$)", text[at:])
    end = at + stop.end() if stop else len(text)
    sentence = text[start:end].rstrip()
    return Evidence(sentence=sentence, start=start, end=start + len(sentence))


def _figure(value: Any) -> Figure | None:
    if value is None:
        return None
    if isinstance(value, list):
        low, best, high = value
        return Figure(low=low, best=best, high=high)
    return Figure.exact(value)


def _actor(ref: str, table: dict, text: str) -> Actor:
    key, _, span = ref.partition("@")
    data = dict(table[key])
    actor = Actor(text=span or data.get("name") or data["text"], name=data.get("name"),
                  country=data.get("country"), kind=data.get("kind"))
    if span:
        actor.start = text.find(span)
        actor.end = actor.start + len(span)
        actor.why = "hand-coded"
    return actor


def _date(value: Any) -> DateSpan | None:
    if value is None:
        return None
    if isinstance(value, list):
        start, end, precision = value
        return DateSpan(start=start, end=end, precision=precision, why="hand-coded")
    return DateSpan(start=value, end=value, precision="day", why="hand-coded")


def _event(doc_id: str, spec: dict, tables: dict, text: str) -> Event:
    ids = {local: stable_hash(doc_id, local) for local in [spec["id"]] + list(spec.get("answers", []))}
    place = None
    if spec.get("place"):
        place = Place(text=spec["place"], name=spec["place"], why="hand-coded", **tables["places"][spec["place"]])
    att = spec.get("attribution") or {}
    attribution = Attribution(
        status=att.get("status", "unknown"), claimed=bool(att.get("claimed")),
        **{k: [_actor(r, tables["actors"], text) for r in att.get(k, [])]
           for k in ("claimed_by", "attributed_to", "attributed_by", "denied_by")},
    )
    return Event(
        doc_id=doc_id, event_id=ids[spec["id"]], coder="hand", type=spec.get("type", "ASSAULT"),
        mode=spec.get("mode"), date=_date(spec.get("date")), place=place,
        actors=[_actor(r, tables["actors"], text) for r in spec.get("actors", [])],
        recipients=[_actor(r, tables["actors"], text) for r in spec.get("recipients", [])],
        killed=_figure(spec.get("killed")), injured=_figure(spec.get("injured")),
        attribution=attribution, answers=[ids[a] for a in spec.get("answers", [])],
        evidence=[_sentence(text, spec["evidence"])], confidence=0.6,
    )


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus()


def load_corpus() -> Corpus:
    """Read the articles, the seed, the hand-coded mentions and the expected clusters."""
    records = [json.loads(line) for line in (FUSION / "articles" / "articles.jsonl").read_text().splitlines()]
    texts = {r["id"]: r["text"] for r in records}
    texts["seed"] = SEED.read_text(encoding="utf-8")
    documents = {
        r["id"]: {"url": r["url"], "published": r["published"], "source": r["source"],
                  "content_hash": content_hash(r["text"])} for r in records
    }
    documents["seed"] = {"url": None, "published": SEED_PUBLISHED, "source": "seed",
                         "content_hash": content_hash(texts["seed"])}
    tables = yaml.safe_load((FUSION / "mentions.yaml").read_text())
    events, expected_of = [], {}
    for doc_id, specs in tables["mentions"].items():
        for spec in specs:
            event = _event(doc_id, spec, tables, texts[doc_id])
            events.append(event)
            expected_of[event.event_id] = spec["cluster"]
    expected = yaml.safe_load((FUSION / "expected_clusters.yaml").read_text())
    return Corpus(texts, documents, records, events, expected_of, expected)


@pytest.fixture(scope="session")
def fused_corpus(corpus: Corpus, settings) -> list[Event]:
    from titfortat.fuse import fuse

    return fuse(corpus.events, documents=corpus.documents, settings=settings)


@pytest.fixture(scope="session")
def by_name(fused_corpus: list[Event], corpus: Corpus) -> dict[str, Event]:
    """Expected cluster name -> the fused event holding most of its mentions."""
    best: dict[str, tuple[int, Event]] = {}
    for event in fused_corpus:
        names = [corpus.expected_of[s["event_id"]] for s in event.sources]
        for name in set(names):
            if names.count(name) > best.get(name, (0, event))[0]:
                best[name] = (names.count(name), event)
    return {name: event for name, (_, event) in best.items()}
