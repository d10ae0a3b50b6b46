"""JSONL records (SPEC §7): read only through the keys id, text, html, url, title, published, source."""
from __future__ import annotations

import json
from typing import BinaryIO, Callable, Iterator, Optional, Union

from ..errors import InputError
from ..model import Article, Failure
from ..settings import Settings
from .tools import IngestTools

_STRING_KEYS = ("text", "html", "url", "title", "published", "source")
_CHUNK = 1 << 20


def _checked(record: object) -> dict[str, Optional[str]]:
    """The documented keys of ``record`` as strings (or None); InputError for wrong types."""
    if not isinstance(record, dict):
        raise InputError(f"a record must be a JSON object, got {type(record).__name__}", code="bad-record")
    values: dict[str, Optional[str]] = {}
    raw_id = record.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
        raise InputError(f"'id' must be a string or integer, got {type(raw_id).__name__}", code="bad-record")
    values["id"] = str(raw_id).strip() if raw_id is not None and str(raw_id).strip() else None
    for key in _STRING_KEYS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"'{key}' must be a string, got {type(value).__name__} "
                             f"({json.dumps(value)[:40]})", code="bad-record")
        values[key] = value if value and value.strip() else None
    if values["text"] is None and values["html"] is None:
        raise InputError("record has no 'text' or 'html' (or they are empty)", code="empty")
    return values


RecordReader = Callable[..., Article]


def record_article(record: dict, *, origin: str, settings: Settings, tools: IngestTools,
                   from_text: RecordReader, from_html: RecordReader) -> Article:
    """The Article of one record; ``from_text``/``from_html`` are the package's readers."""
    values = _checked(record)
    doc_id = values["id"] or values["url"] or origin
    common = dict(doc_id=doc_id, settings=settings, url=values["url"], published=values["published"],
                  source=values["source"], origin=origin, tools=tools)
    if values["html"] is not None:
        article = from_html(values["html"], **common)
        article.title = values["title"] or article.title
    else:
        article = from_text(values["text"], title=values["title"], **common)
    article.format = "jsonl"
    return article


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, Optional[bytes]]]:
    """(line number, bytes) for each line; None for a line over ``limit`` bytes, which is skipped
    in chunks so that memory stays bounded."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(_CHUNK)
            yield number, None
            continue
        yield number, line


def read_jsonl(stream: BinaryIO, *, path: str, settings: Settings, tools: IngestTools,
               from_record: RecordReader) -> Iterator[Union[Article, Failure]]:
    """Articles of a JSONL stream; each bad line is its own Failure (with its line number)."""
    for number, line in _lines(stream, settings.max_record_bytes):
        where = f"{path}:{number}"
        if line is None:
            yield Failure(source=where, stage="ingest", code="too-large",
                          reason=f"line {number} is over max_record_bytes={settings.max_record_bytes:,}; skipped")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            yield Failure(source=where, stage="ingest", code="encoding",
                          reason=f"line {number} is not UTF-8 (byte {exc.start}); JSON must be UTF-8")
            continue
        except json.JSONDecodeError as exc:
            yield Failure(source=where, stage="ingest", code="bad-json",
                          reason=f"line {number} is not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        record_id = record.get("id") if isinstance(record, dict) else None
        try:
            yield from_record(record, origin=f"{path}#{number}", settings=settings, tools=tools)
        except InputError as exc:
            yield Failure(source=where, stage="ingest", code=exc.code, reason=f"line {number}: {exc.message}",
                          doc_id=str(record_id) if isinstance(record_id, (str, int)) else None)
