"""Plain-text scraped pages segment as their expected files say; the seed in detail."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from titfortat.ingest import article_from_text, read_sources

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
NAMES = sorted(p.name[: -len(".expected.json")] for p in PAGES.glob("*.expected.json"))


def test_there_are_enough_pages():
    assert len(NAMES) >= 8


@pytest.mark.parametrize("name", NAMES)
def test_page_segments_as_expected(name, settings, tools):
    expected = json.loads((PAGES / f"{name}.expected.json").read_text(encoding="utf-8"))
    path = str(PAGES / f"{name}.txt")
    [article] = list(read_sources([path], settings=settings, tools=tools))
    assert article.doc_id == path and article.format == "text"
    for key in ("title", "author", "standfirst", "topics", "published", "language"):
        assert getattr(article, key) == expected[key], key
    ref = expected["reference_date"]
    assert article.reference_date == (dt.date.fromisoformat(ref) if ref else None)
    assert expected["published_why_contains"] in article.published_why
    assert article.body.startswith(expected["body_starts"])
    assert article.body.endswith(expected["body_ends"])
    for text in expected.get("body_contains", []):
        assert text in article.body
    for text in expected.get("body_excludes", []):
        assert text not in article.body, text
    for text in expected["boilerplate_contains"]:
        assert any(text in item for item in article.boilerplate), text
    assert article.extras == expected["extras"]
    got = [{k: c.to_dict()[k] for k in ("author", "timestamp", "timestamp_text", "text")} for c in article.comments]
    assert got == expected["comments"]


@pytest.fixture(scope="module")
def seed(seed_path, settings, tools):
    [article] = list(read_sources([str(seed_path)], settings=settings, tools=tools))
    return article


def test_seed_header(seed):
    assert seed.title == "The US is still at war with Iran"
    assert seed.standfirst.startswith("Three months on, and it's clear")
    assert seed.author == "Tim Black"
    assert seed.topics == ["Politics", "USA", "World"]


def test_seed_body_is_the_article_only(seed):
    assert seed.body.startswith("Three months ago, the US carried out")
    assert seed.body.endswith("to take control of their own affairs.")
    for outside in ("Tim Black is a spiked columnist", "Picture by", "Donate now", "spiked needs your support",
                    "republishing", "Geoff W", "Leave a comment", "Melanie Phillips"):
        assert outside not in seed.body


def test_seed_extras_and_boilerplate(seed):
    assert seed.extras["author_bio"] == "Tim Black is a spiked columnist."
    assert seed.extras["picture_credit"] == "Picture by: Getty."
    joined = "\n".join(seed.boilerplate)
    for text in ("spiked needs your support", "please do consider making a donation today", "Donate now",
                 "To enquire about republishing", "Leave a comment", "You must be logged in to comment"):
        assert text in joined


def test_seed_comments(seed):
    assert [(c.author, c.timestamp) for c in seed.comments] == [
        ("Jeremiah Johndon", "2020-03-24T16:06"), ("Geoff W", "2020-03-20T21:17")]
    geoff = seed.comments[1].text
    assert geoff.startswith("As Melanie Phillips said") and geoff.endswith("take all necessary measures to defeat it.”")
    assert geoff.count("\n\n") == 5  # six paragraphs kept apart


def test_seed_date_is_bounded_by_the_earliest_comment(seed):
    assert seed.reference_date == dt.date(2020, 3, 20)
    assert seed.published is None
    assert "earliest reader comment 2020-03-20 21:17 bounds the publication date" in seed.published_why
    assert seed.language == "en" and seed.content_hash


def test_same_input_same_article(seed_path, settings, tools):
    first = [a.to_dict() for a in read_sources([str(seed_path), str(PAGES)], settings=settings, tools=tools)]
    second = [a.to_dict() for a in read_sources([str(seed_path), str(PAGES)], settings=settings, tools=tools)]
    assert first == second


def test_text_api_takes_known_metadata(settings, tools):
    text = "Rebels shelled the town overnight, killing four civilians, officials said on Tuesday morning."
    article = article_from_text(text, doc_id="x", settings=settings, title="Town shelled",
                                url="https://news.example/2021/04/06/town-shelled", tools=tools)
    assert article.title == "Town shelled" and article.body == text
    assert article.published == "2021-04-06" and article.published_why.startswith("url:")
