"""The publication date of a document, with the reason it was chosen.

Order (SPEC §7): metadata, then a date in the URL, then a date line or dateline at the top of
the text, then the earliest reader comment (an upper bound), else unknown.  Never the clock.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

from ..model import Comment
from . import dates
from .comments import earliest


@dataclass(frozen=True)
class Dated:
    published: Optional[str]
    why: str
    reference_date: Optional[dt.date]


def _comment_bound(comments: list[Comment]) -> Optional[tuple[dt.date, str]]:
    first = earliest(comments)
    if first is None:
        return None
    return dt.date.fromisoformat(first[:10]), first.replace("T", " ")


def _from_dateline(match: re.Match, bound: Optional[tuple[dt.date, str]]) -> Optional[Dated]:
    date_text = match.group("date") or ""
    shown = match.string[:match.start("dash")].strip()
    date = dates.dateline_date(date_text, year_hint=None)
    if date is not None:
        return Dated(date.isoformat(), f"dateline '{shown}'", date)
    if bound is None:
        return None
    date = dates.dateline_date(date_text, year_hint=bound[0])
    if date is None:
        return None
    return Dated(date.isoformat(), f"dateline '{shown}', year from the earliest reader comment {bound[1]}",
                 date)


def infer_published(*, given: Optional[str], given_by: str, url: Optional[str],
                    date_line: Optional[dates.Found], dateline: Optional[re.Match],
                    comments: list[Comment]) -> Dated:
    """Choose the publication date; ``given_by`` names where ``given`` came from ("metadata"...)."""
    notes = []
    if given:
        date = dates.parse_iso(given)
        if date is not None:
            return Dated(given, f"{given_by}: published {given}", date)
        notes.append(f"{given_by} date '{given}' is not a date")
    url_date = dates.date_from_url(url)
    if url_date is not None:
        return Dated(url_date.isoformat(), f"url: {url} carries {url_date.isoformat()}", url_date)
    if date_line is not None:
        return Dated(date_line.iso(), f"date line at the top: '{date_line.text}'", date_line.date)
    bound = _comment_bound(comments)
    if dateline is not None:
        found = _from_dateline(dateline, bound)
        if found is not None:
            return found
        if dateline.group("date"):
            notes.append(f"dateline date '{dateline.group('date').strip()}' has no year")
    if bound is not None:
        why = (f"inferred: earliest reader comment {bound[1]} bounds the publication date "
               f"(published on or before {bound[0].isoformat()}; published left empty)")
        return Dated(None, "; ".join([*notes, why]), bound[0])
    return Dated(None, "; ".join([*notes, "unknown: no date in metadata, URL or text"]), None)
