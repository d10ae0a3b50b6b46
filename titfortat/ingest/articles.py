"""Turning one document's text into an ``Article``: size checks, segmentation, dates, language."""
from __future__ import annotations

from typing import Optional

from ..errors import InputError
from ..ids import content_hash
from ..model import Article
from ..settings import Settings
from .published import infer_published
from .segment import Segmented, segment_text
from .tools import IngestTools


def check_size(text: str, *, settings: Settings) -> None:
    """Refuse documents over ``settings.max_chars``."""
    if len(text) > settings.max_chars:
        raise InputError(f"document has {len(text):,} characters, over max_chars={settings.max_chars:,}; "
                         "split it or raise TITFORTAT_MAX_CHARS", code="too-large")


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def finish(article: Article, *, tools: IngestTools) -> Article:
    """Fill the derived fields (language, content hash) and refuse an article without a body."""
    if not article.body.strip():
        raise InputError("no article text found (only boilerplate, comments or markup)", code="empty")
    article.language, article.language_score = tools.language(article.body)
    article.content_hash = content_hash(article.body)
    article.boilerplate = _dedupe(article.boilerplate)
    return article


def from_segments(parts: Segmented, *, doc_id: str, fmt: str, url: Optional[str],
                  published: Optional[str], published_by: str, source: Optional[str],
                  origin: Optional[str]) -> Article:
    """An Article from segmented parts, with its publication date inferred."""
    dated = infer_published(given=published, given_by=published_by, url=url, date_line=parts.date_line,
                            dateline=parts.dateline, comments=parts.comments)
    return Article(
        doc_id=doc_id, body=parts.body, title=parts.title, url=url, source=source, origin=origin,
        format=fmt, author=parts.author, standfirst=parts.standfirst, topics=list(parts.topics),
        published=dated.published, published_why=dated.why, reference_date=dated.reference_date,
        comments=list(parts.comments), boilerplate=list(parts.boilerplate), extras=dict(parts.extras),
    )


def text_article(text: str, *, doc_id: str, settings: Settings, tools: IngestTools, fmt: str = "text",
                 url: Optional[str] = None, title: Optional[str] = None, published: Optional[str] = None,
                 published_by: str = "metadata", source: Optional[str] = None,
                 origin: Optional[str] = None) -> Article:
    """Segment plain scraped ``text`` (our own segmentation) into an Article."""
    check_size(text, settings=settings)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    parts = segment_text(text, cues=tools.cues, title=title.strip() if title else None)
    article = from_segments(parts, doc_id=doc_id, fmt=fmt, url=url, published=published,
                            published_by=published_by, source=source, origin=origin)
    return finish(article, tools=tools)
