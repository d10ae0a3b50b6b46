"""Store fixtures: every test runs against DuckDB and PostgreSQL, and hand-built model objects.

PostgreSQL tests use a fresh schema per test (dropped afterwards).  When the server cannot be
reached they are skipped, except under CI (env CI set) where they fail.
"""
from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path
from typing import Iterator

import psycopg
import pytest

from titfortat.model import (Actor, Article, Attribution, Claim, Comment, DateSpan, Event,
                             Evidence, Figure, Instrument, Place)
from titfortat.store import open_store

PG_URL = os.environ.get("TITFORTAT_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
SEED = Path(__file__).resolve().parents[1] / "data" / "seed" / "000_b401dc642ae67de7.txt"


def with_search_path(url: str, schema: str) -> str:
    """The URL with ``schema`` as the connection's search_path (libpq ``options``)."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[psycopg.Connection]:
    try:
        conn = psycopg.connect(PG_URL, autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        reason = f"PostgreSQL not reachable at {PG_URL} (set TITFORTAT_TEST_POSTGRES): {exc}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    yield conn
    conn.close()


@pytest.fixture
def postgres_url_in(postgres_admin):
    """Builds the test server's URL with a given schema as search_path."""
    return lambda schema: with_search_path(PG_URL, schema)


@pytest.fixture(params=["duckdb", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database of each backend."""
    if request.param == "duckdb":
        yield str(tmp_path / "store.duckdb")
        return
    admin = request.getfixturevalue("postgres_admin")
    schema = f"tft_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_search_path(PG_URL, schema)
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(store_url: str, settings):
    with open_store(store_url, settings=settings) as opened:
        yield opened


# -- hand-built model objects -------------------------------------------------------------
def span(body: str, text: str, after: int = 0) -> tuple[int, int]:
    """Offsets of the first ``text`` at or after ``after``; the test data must contain it."""
    start = body.index(text, after)
    return start, start + len(text)


def actor(body: str, text: str, **kw) -> Actor:
    start, end = span(body, text)
    return Actor(text=text, start=start, end=end, **kw)


def sentence_of(body: str, text: str) -> Evidence:
    """The sentence (up to the next full stop) that contains ``text``."""
    start = body.rfind(". ", 0, body.index(text)) + 2
    end = body.index(".", body.index(text)) + 1
    return Evidence(sentence=body[start:end], start=start, end=end)


def make_event(article: Article, n: int, *, type: str, trigger: str, actors=(), recipients=(),
               instrument: str | None = None, place: str | None = None, day: str | None = None,
               killed: int | None = None, answers=(), coder: str = "test-coder 1") -> Event:
    body = article.body
    start, end = span(body, trigger)
    return Event(
        doc_id=article.doc_id, event_id=f"{article.doc_id}:e{n}", coder=coder, type=type,
        mode="explosive" if instrument else None, cameo={"root": "19", "quad": 4}, intensity=-9.0,
        acled={"event_type": "Explosions/Remote violence", "sub_event_type": None},
        reported_by=[Actor(text="the US")],
        actors=[actor(body, a, name=a.title(), kind="organization", country="USA") for a in actors],
        recipients=[actor(body, r, kind="group") for r in recipients],
        instruments=[Instrument(instrument, *span(body, instrument))] if instrument else [],
        place=Place(place, *span(body, place), name=place, country="IRQ", lat=33.3, lon=44.4,
                    precision="site") if place else None,
        date=DateSpan(dt.date.fromisoformat(day), dt.date.fromisoformat(day), "day") if day else None,
        killed=Figure.exact(killed, text=None) if killed is not None else None,
        attribution=Attribution(status="attributed", attributed_to=[actor(body, "Kataib Hezbollah")]),
        answers=list(answers),
        evidence=[sentence_of(body, trigger)],
        confidence=0.8,
        trigger={"text": trigger, "start": start, "end": end, "lemma": trigger.lower()},
    )


@pytest.fixture(scope="session")
def seed_body() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def article(seed_body: str) -> Article:
    return Article(
        doc_id="seed", body=seed_body, title="The US is still at war with Iran", url="https://example.org/a",
        origin="seed.txt", published="2020-03-20", reference_date=dt.date(2020, 3, 20), language="en",
        topics=["Politics", "USA"], extras={"dateline": "none"},
        comments=[Comment(author="reader", timestamp="2020-03-20T21:17:00", text="Good piece.",
                          timestamp_text="20 Mar 2020 9:17pm")],
    )


@pytest.fixture
def events(article: Article) -> list[Event]:
    """Three events of the seed body: rockets on a base, airstrikes answering, rockets again."""
    return [
        make_event(article, 1, type="ASSAULT", trigger="launched", recipients=["US and allied forces"],
                   instrument="rockets", place="Camp Taji airbase", day="2020-03-11", killed=3),
        make_event(article, 2, type="ASSAULT", trigger="airstrikes", actors=["US forces"],
                   recipients=["Kataib Hezbollah"], place="Iraq", day="2020-03-12", answers=["seed:e1"]),
        make_event(article, 3, type="ASSAULT", trigger="hit the Besmaya", instrument="rockets",
                   place="Besmaya training base", day="2020-03-16", answers=["seed:e2", "seed:e2"]),
        make_event(article, 4, type="SANCTION", trigger="increasing the sanctions", actors=["the US"]),
    ]


@pytest.fixture
def claims(article: Article) -> list[Claim]:
    text = "24 separate rocket attacks"
    start, end = span(article.body, text)
    return [Claim(doc_id=article.doc_id, claim_id="seed:c1", text=text, start=start, end=end, value=24,
                  counted={"type": "ASSAULT", "mode": "explosive", "noun": "rocket attacks"},
                  period=DateSpan(dt.date(2019, 10, 20), dt.date(2020, 3, 20), "range", text="since late October"),
                  sentence=sentence_of(article.body, text).sentence)]
