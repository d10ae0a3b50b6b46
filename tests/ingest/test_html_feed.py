"""HTML pages (trafilatura after our pre-clean) and RSS/Atom feeds."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from titfortat.errors import InputError
from titfortat.ingest import article_from_html, read_sources
from titfortat.model import Failure

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"


@pytest.fixture(scope="module")
def page(settings, tools):
    [article] = list(read_sources([str(PAGES / "appeal_comments.html")], settings=settings, tools=tools))
    return article


def test_html_body_and_metadata(page):
    assert page.format == "html" and page.title == "Rockets hit base" and page.author == "Jane Roe"
    assert page.body.startswith("Rockets struck the Camp Alpha base")
    assert page.body.endswith("a proportionate answer to the attack.")
    assert page.published == "2020-03-12" and page.reference_date == dt.date(2020, 3, 12)
    assert page.topics == ["Iraq"] and page.language == "en"


def test_html_appeals_removed_from_body(page):
    for text in ("donation", "Donate now", "newsletter", "correspondent based"):
        assert text not in page.body
    joined = " ".join(page.boilerplate)
    assert "Please consider making a donation" in joined and "daily newsletter" in joined
    assert page.extras["author_bio"] == "Jane Roe is a correspondent based in the region."


def test_html_comments_keep_author_and_time(page):
    assert [(c.author, c.timestamp) for c in page.comments] == [
        ("Bob Smith", "2020-03-13T17:12"), ("Ann Lee", "2020-03-14T09:01")]
    assert page.comments[1].text == "Totally agree with Bob here.\n\nSecond paragraph."
    assert "escalate" not in page.body


def test_given_published_beats_page_metadata(settings, tools):
    html = (PAGES / "appeal_comments.html").read_bytes()
    article = article_from_html(html, doc_id="d", settings=settings, published="2020-03-11", tools=tools)
    assert article.published == "2020-03-11" and article.published_why.startswith("metadata")


@pytest.mark.parametrize("html", [
    "<html><body>" + "<div>" * 50_000 + "Deep text." + "</div>" * 50_000 + "</body></html>",
    "<html><body><article><p>Rockets hit the base on Monday, police said, and two were hurt in the",
    "<html><head><title>x</title></head><body></body></html>",
])
def test_broken_html_never_crashes(html, settings, tools):
    try:
        article = article_from_html(html, doc_id="d", settings=settings, tools=tools)
    except InputError as exc:
        assert exc.code in ("bad-html", "empty")
    else:
        assert article.body


def test_feed_entries_become_articles(settings, tools):
    path = str(PAGES / "wire_feed.rss")
    first, second = list(read_sources([path], settings=settings, tools=tools))
    assert first.doc_id == "wire-123" and first.format == "feed" and first.source == "Example Wire"
    assert first.url == "https://wire.example/2020/01/05/rockets-airport"
    assert first.published == "2020-01-05T08:00:00" and first.topics == ["Iraq"]
    assert first.body == "Three rockets landed near the airport on Sunday, police said.\n\nNo one was hurt."
    assert any("appeared first on" in b for b in first.boilerplate)
    assert second.doc_id == f"{path}#2" and second.published is None


@pytest.mark.parametrize("data", [
    b"<?xml version='1.0'?><note><to>Tove</to><from>Jani</from></note>",
    b"<rss><channel><title>Broken",
])
def test_malformed_feed_is_a_failure(tmp_path, data, settings, tools):
    path = tmp_path / "bad.xml"
    path.write_bytes(data)
    [failure] = list(read_sources([str(path)], settings=settings, tools=tools))
    assert isinstance(failure, Failure) and failure.code == "bad-feed" and failure.stage == "ingest"
