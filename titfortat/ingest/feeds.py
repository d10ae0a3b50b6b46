"""RSS/Atom feeds: each entry becomes one Article; nothing is fetched (the bytes are parsed)."""
from __future__ import annotations

import time
from typing import Iterator, Optional, Union

from ..errors import InputError
from ..model import Article, Failure
from ..settings import Settings
from .articles import check_size, finish, from_segments
from .segment import clean_body
from .tools import IngestTools

_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article")


def html_to_text(fragment: str) -> str:
    """Plain text of a short HTML fragment (a feed entry), one paragraph per block element."""
    import lxml.html
    from lxml import etree

    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment
    for bad in root.iter("script", "style"):
        bad.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n\n" + (element.tail or "")
    lines = [" ".join(line.split()) for line in root.text_content().split("\n")]
    return "\n\n".join(line for line in lines if line)


def _iso(parsed: Optional[time.struct_time]) -> Optional[str]:
    if not parsed:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%S", parsed)


def _entry_text(entry) -> str:
    for content in entry.get("content") or []:
        if content.get("value"):
            return html_to_text(content["value"])
    return html_to_text(entry.get("summary") or entry.get("description") or "")


def entry_article(entry, *, number: int, feed_path: str, feed_title: Optional[str],
                  settings: Settings, tools: IngestTools) -> Article:
    """One feed entry as an Article (doc_id: its id/guid, else link, else '<feed>#<n>')."""
    text = _entry_text(entry)
    check_size(text, settings=settings)
    author = entry.get("author") or None
    parts = clean_body(text, cues=tools.cues, author=author)
    parts.title = (entry.get("title") or "").strip() or None
    parts.topics = [t.get("term") for t in entry.get("tags") or [] if t.get("term")]
    link = entry.get("link") or None
    doc_id = entry.get("id") or link or f"{feed_path}#{number}"
    published = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
    article = from_segments(parts, doc_id=doc_id, fmt="feed", url=link, published=published,
                            published_by="feed metadata", source=feed_title, origin=feed_path)
    return finish(article, tools=tools)


def read_feed(data: bytes, *, path: str, settings: Settings,
              tools: IngestTools) -> Iterator[Union[Article, Failure]]:
    """Articles of a feed's entries; a malformed feed or a bad entry yields a Failure."""
    import feedparser

    parsed = feedparser.parse(data)  # bytes, never a URL: feedparser fetches nothing
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        detail = f": {str(problem).splitlines()[0]}" if problem else ""
        yield Failure(source=path, stage="ingest", code="bad-feed",
                      reason=f"not a readable RSS/Atom feed (no entries){detail}")
        return
    feed_title = (parsed.get("feed") or {}).get("title") or None
    for number, entry in enumerate(entries, start=1):
        try:
            yield entry_article(entry, number=number, feed_path=path, feed_title=feed_title,
                                settings=settings, tools=tools)
        except InputError as exc:
            yield Failure(source=f"{path}#{number}", stage="ingest", code=exc.code,
                          reason=f"feed entry {number}: {exc.message}", doc_id=entry.get("id") or entry.get("link"))
