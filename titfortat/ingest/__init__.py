"""Ingest (SPEC §2 step 1): files, folders, globs, stdin, feeds and JSONL become segmented Articles.

Bad input never raises out of ``read_sources``: it yields a ``Failure`` with a short stable code
(empty, binary, encoding, too-large, bad-json, bad-record, bad-feed, bad-gzip, bad-html, not-found,
symlink-loop, unsupported, unreadable) and one line of reason, and the batch goes on.
"""
from __future__ import annotations

import io
from typing import BinaryIO, Iterator, Optional, Sequence, Union

from ..errors import InputError
from ..model import Article, Failure
from ..settings import Settings
from . import sources
from .articles import check_size, finish, from_segments, text_article
from .decode import decode_bytes
from .feeds import read_feed
from .htmlpage import segment_html
from .records import read_jsonl, record_article
from .tools import IngestTools

__all__ = ["IngestTools", "article_from_html", "article_from_record", "article_from_text", "read_sources"]


def article_from_text(text: str, *, doc_id: str, settings: Settings, url: Optional[str] = None,
                      title: Optional[str] = None, published: Optional[str] = None,
                      source: Optional[str] = None, origin: Optional[str] = None,
                      tools: Optional[IngestTools] = None) -> Article:
    """Plain scraped text -> Article, segmented by our own layout rules (no HTML extractor).

    ``title``/``published`` are metadata when known.  Raises ``InputError`` (code too-large or
    empty).  Pass one ``tools`` for many documents: it holds the language model.
    """
    tools = tools or IngestTools.create(user_dir=settings.user_data_dir)
    return text_article(text, doc_id=doc_id, settings=settings, tools=tools, url=url, title=title,
                        published=published, source=source, origin=origin)


def article_from_html(html: Union[str, bytes], *, doc_id: str, settings: Settings, url: Optional[str] = None,
                      published: Optional[str] = None, source: Optional[str] = None,
                      origin: Optional[str] = None, tools: Optional[IngestTools] = None) -> Article:
    """An HTML page -> Article: trafilatura/htmldate for body and metadata after our pre-clean.

    Raises ``InputError`` (code bad-html, empty, too-large, binary, encoding).
    """
    tools = tools or IngestTools.create(user_dir=settings.user_data_dir)
    text = decode_bytes(html) if isinstance(html, bytes) else html
    check_size(text, settings=settings)
    page = segment_html(text, cues=tools.cues, url=url)
    given, given_by = (published, "metadata") if published else (page.date, "page metadata (htmldate)")
    article = from_segments(page.parts, doc_id=doc_id, fmt="html", url=url, published=given,
                            published_by=given_by, source=source, origin=origin)
    return finish(article, tools=tools)


def article_from_record(record: dict, *, origin: str, settings: Settings,
                        tools: Optional[IngestTools] = None) -> Article:
    """One JSONL/API record -> Article, read only through id, text, html, url, title, published,
    source (SPEC §7).  doc_id: ``id``, else ``url``, else ``origin``.  Raises ``InputError``
    (code bad-record for wrong types, empty for no text)."""
    tools = tools or IngestTools.create(user_dir=settings.user_data_dir)
    return record_article(record, origin=origin, settings=settings, tools=tools,
                          from_text=article_from_text, from_html=article_from_html)


def read_sources(paths: Sequence[str], *, settings: Settings, stdin: Optional[BinaryIO] = None,
                 tools: Optional[IngestTools] = None) -> Iterator[Union[Article, Failure]]:
    """Articles (and Failures) from files, folders (recursive, sorted), globs and '-' (stdin).

    Formats: .txt/.text/no extension (plain text), .html/.htm, .xml/.rss/.atom (each feed entry
    is an Article), .jsonl/.ndjson, each optionally .gz.  Never raises for bad input.
    """
    tools = tools or IngestTools.create(user_dir=settings.user_data_dir)
    for spec in paths:
        for path in sources.expand(spec):
            if isinstance(path, Failure):
                yield path
            elif path == "-":
                yield from _read_stdin(stdin, settings=settings, tools=tools)
            else:
                yield from _read_file(path, explicit=path == spec, settings=settings, tools=tools)


def _read_stdin(stdin: Optional[BinaryIO], *, settings: Settings,
                tools: IngestTools) -> Iterator[Union[Article, Failure]]:
    data = sources.stdin_bytes(stdin, limit=settings.max_file_bytes)
    if isinstance(data, Failure):
        yield data
        return
    yield from _dispatch("-", data, kind=sources.sniff(data), settings=settings, tools=tools)


def _read_file(path: str, *, explicit: bool, settings: Settings,
               tools: IngestTools) -> Iterator[Union[Article, Failure]]:
    kind, gz = sources.kind_of(path)
    if kind is None and not explicit:
        yield sources.failure(path, "unsupported", "not a supported file type (.txt .html .xml .rss .atom "
                                                   ".jsonl .ndjson, optionally .gz); skipped")
        return
    if kind == "jsonl":
        yield from _read_jsonl_file(path, gz=gz, settings=settings, tools=tools)
        return
    # Plain text needs at most 4 bytes per character, so a larger file is refused unread.
    limit = settings.max_file_bytes if kind != "text" else min(settings.max_file_bytes, 4 * settings.max_chars)
    data = sources.read_limited(path, gz=gz, limit=limit)
    if isinstance(data, Failure):
        yield data
        return
    yield from _dispatch(path, data, kind=kind or sources.sniff(data), settings=settings, tools=tools)


def _read_jsonl_file(path: str, *, gz: bool, settings: Settings,
                     tools: IngestTools) -> Iterator[Union[Article, Failure]]:
    try:
        with sources.open_stream(path, gz) as stream:
            yield from read_jsonl(stream, path=path, settings=settings, tools=tools, from_record=article_from_record)
    except sources.GZIP_ERRORS as exc:
        yield sources.failure(path, "bad-gzip", f"gzip data is truncated or corrupt ({exc}); records before it were read")
    except OSError as exc:
        yield sources.os_failure(path, exc)


def _dispatch(path: str, data: bytes, *, kind: str, settings: Settings,
              tools: IngestTools) -> Iterator[Union[Article, Failure]]:
    """Send one file's bytes to the reader of its format; InputError becomes a Failure."""
    try:
        if kind == "feed":
            yield from read_feed(data, path=path, settings=settings, tools=tools)
        elif kind == "jsonl":
            yield from read_jsonl(io.BytesIO(data), path=path, settings=settings, tools=tools,
                                  from_record=article_from_record)
        elif kind == "html":
            yield article_from_html(data, doc_id=path, settings=settings, origin=path, tools=tools)
        else:
            yield article_from_text(decode_bytes(data), doc_id=path, settings=settings, origin=path, tools=tools)
    except InputError as exc:
        yield sources.failure(path, exc.code, exc.message)
    except RecursionError:
        yield sources.failure(path, "bad-html", "document nested too deeply to read")
