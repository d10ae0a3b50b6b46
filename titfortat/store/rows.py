"""Model objects to table rows and back, and the text spans ``check`` verifies.

Each table keeps the full object as JSON (the truth, rebuilt with ``from_dict``) plus a few
indexed columns for queries; this module is the one place that knows which columns.
"""
from __future__ import annotations

import json
from typing import Any, Iterator, Optional

from ..ids import content_hash
from ..model import Actor, Article, Claim, Comment, Event

DOCUMENT_COLUMNS = (
    "doc_id", "content_hash", "body", "title", "url", "source", "origin", "format",
    "published", "reference_date", "language", "article",
)
EVENT_COLUMNS = (
    "event_id", "doc_id", "coder", "type", "mode", "stage", "modality", "date_start", "date_end",
    "country", "lat", "lon", "killed_best", "injured_best", "confidence", "json",
)
ARGUMENT_COLUMNS = (
    "event_id", "role", "n", "text", "name", "kind", "country", "sector", "start", '"end"',
)
CLAIM_COLUMNS = ("claim_id", "doc_id", "value", "start", '"end"', "json")
CLUSTER_COLUMNS = (
    "cluster_id", "type", "mode", "date_start", "date_end", "country", "lat", "lon",
    "killed_best", "injured_best", "n_sources", "json",
)
COMMENT_COLUMNS = ("doc_id", "n", "author", "timestamp", "timestamp_text", "text")
LINK_COLUMNS = ("from_id", "to_id", "level", "kind")


def dumps(data: Any) -> str:
    """JSON text as stored.  Key order is kept (both backends use JSON, not JSONB) so that what is
    read back serialises exactly as what was written, on either backend."""
    return json.dumps(data, ensure_ascii=False)


def loads(value: Any) -> Any:
    """JSON column value to Python (psycopg decodes it, DuckDB gives text)."""
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def article_hash(article: Article) -> str:
    """The content hash that identifies a document's text (computed when ingest left it empty)."""
    return article.content_hash or content_hash(article.body)


def document_row(article: Article, digest: str) -> tuple:
    data = article.to_dict()
    for key in ("body", "comments", "content_hash"):
        data.pop(key, None)
    return (
        article.doc_id, digest, article.body, article.title, article.url, article.source,
        article.origin, article.format, article.published, article.reference_date,
        article.language, dumps(data),
    )


def comment_rows(article: Article, doc_id: str) -> list[tuple]:
    return [
        (doc_id, n, c.author, c.timestamp, c.timestamp_text, c.text)
        for n, c in enumerate(article.comments)
    ]


def build_article(body: str, digest: str, data: Any, comments: list[tuple]) -> Article:
    """Rebuild an Article from its row; ``comments`` are (author, timestamp, timestamp_text, text)."""
    article = Article.from_dict({**loads(data), "body": body, "content_hash": digest})
    article.comments = [
        Comment(author=a, timestamp=t, text=text, timestamp_text=tt) for a, t, tt, text in comments
    ]
    return article


def _summary(event: Event) -> tuple:
    """The indexed columns shared by mention events and clusters."""
    place, date = event.place, event.date
    return (
        event.type, event.mode,
        date.start if date else None, date.end if date else None,
        place.country if place else None, place.lat if place else None, place.lon if place else None,
        event.killed.best if event.killed else None, event.injured.best if event.injured else None,
    )


def event_row(event: Event) -> tuple:
    t, mode, start, end, country, lat, lon, killed, injured = _summary(event)
    return (
        event.event_id, event.doc_id, event.coder, t, mode, event.stage, event.modality,
        start, end, country, lat, lon, killed, injured, event.confidence, dumps(event.to_dict()),
    )


def cluster_row(event: Event) -> tuple:
    return (event.cluster_id, *_summary(event), len(event.sources), dumps(event.to_dict()))


def _roles(event: Event) -> Iterator[tuple[str, list[Actor]]]:
    yield "actor", event.actors
    yield "recipient", event.recipients
    yield "reported_by", event.reported_by
    yield "attributed_to", event.attribution.attributed_to
    yield "claimed_by", event.attribution.claimed_by


def argument_rows(event: Event) -> list[tuple]:
    rows = [
        (event.event_id, role, n, a.text, a.name, a.kind, a.country, a.sector, a.start, a.end)
        for role, actors in _roles(event)
        for n, a in enumerate(actors)
    ]
    rows += [
        (event.event_id, "instrument", n, i.text, None, None, None, None, i.start, i.end)
        for n, i in enumerate(event.instruments)
    ]
    return rows


def answer_rows(event_id: str, answers: list[str], level: str) -> list[tuple]:
    return [(event_id, to_id, level, "answers") for to_id in dict.fromkeys(answers)]


def claim_row(claim: Claim) -> tuple:
    return (claim.claim_id, claim.doc_id, claim.value, claim.start, claim.end, dumps(claim.to_dict()))


def event_spans(data: dict) -> Iterator[tuple[str, Optional[str], Optional[int], Optional[int]]]:
    """(label, text, start, end) for every span of an event's JSON that points into the body."""
    for n, item in enumerate(data.get("evidence") or []):
        yield f"evidence[{n}]", item.get("sentence"), item.get("start"), item.get("end")
    lists = [(key, data.get(key)) for key in ("actors", "recipients", "instruments", "reported_by")]
    attribution = data.get("attribution") or {}
    lists += [(f"attribution.{key}", attribution.get(key)) for key in
              ("claimed_by", "attributed_to", "attributed_by", "denied_by")]
    for key, items in lists:
        for n, item in enumerate(items or []):
            if item.get("start") is not None or item.get("end") is not None:
                yield f"{key}[{n}]", item.get("text"), item.get("start"), item.get("end")
    for key in ("place", "trigger"):
        item = data.get(key)
        if item and (item.get("start") is not None or item.get("end") is not None):
            yield key, item.get("text"), item.get("start"), item.get("end")


def span_problem(body: str, text: Optional[str], start: Optional[int], end: Optional[int]) -> Optional[str]:
    """Why ``body[start:end] == text`` fails, or None when it holds."""
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= len(body):
        return f"offsets {start}..{end} out of body range 0..{len(body)}"
    if body[start:end] != text:
        return f"body[{start}:{end}] is {body[start:end][:60]!r}, not {str(text)[:60]!r}"
    return None
