"""Our own segmentation of plain scraped text (no HTML extractor involved).

Layout, top to bottom: a header (title, standfirst, byline, topics, date line), the body (possibly
opening with a dateline, possibly interrupted by appeals), an end zone (author bio, picture credit,
appeals, republishing notices) and reader comments.  Each part is recognised from layout cues
(short lines, names, timestamp lines, cue-vocabulary density, position), see ``units``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..model import Comment
from . import comments as talk
from . import dates
from . import units as lay
from .tools import Cues
from .units import Unit

# How far down the page a header may reach (units), and how long a title may be (words).
_HEADER_REACH = 12
_TITLE_WORDS = 30
# A unit this long is article prose: the header ends before it.
_PROSE_WORDS = 40
_SECOND_PROSE_WORDS = 15
_TOPIC_SPLIT = re.compile(r"\s*[,|·•/;]\s*")


@dataclass
class Segmented:
    """The parts of a page; ``body`` is built from body units with their original spacing."""

    body: str = ""
    title: Optional[str] = None
    standfirst: Optional[str] = None
    author: Optional[str] = None
    topics: list[str] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    extras: dict[str, str] = field(default_factory=dict)
    date_line: Optional[dates.Found] = None  # a date line in the header
    dateline: Optional[re.Match] = None  # "BAGHDAD, March 11 (Reuters) -" at the top of the body


@dataclass
class _Header:
    title: Optional[str] = None
    standfirst: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    date_line: Optional[dates.Found] = None
    boilerplate: list[str] = field(default_factory=list)
    extras: dict[str, str] = field(default_factory=dict)
    body_start: int = 0


def _topics(rest: str) -> list[str]:
    parts = _TOPIC_SPLIT.split(rest.strip())
    if len(parts) == 1:
        parts = rest.split()  # "Topics Politics USA World": one word per topic
    return [p.strip() for p in parts if p.strip()]


def _byline(rest: str) -> str:
    """'Dana Whitfield | March 9, 2020' -> 'Dana Whitfield'."""
    return re.split(r"\s*[|,–—]\s*|\s+-\s+", rest)[0].strip()


def _meta(unit: Unit, header: _Header, cues: Cues) -> bool:
    """Record ``unit`` as header metadata (byline, topics, date, credit, interface); False if it is not."""
    text = unit.text
    topics = cues.topic_prefix.match(text)
    byline = cues.byline_prefix.match(text)
    found = dates.find_date(text) if unit.words <= 14 else None
    if topics:
        header.topics.extend(_topics(topics.group("rest")))
    elif byline and len(text) <= 120 and not lay.is_sentence(text):
        header.authors.append(_byline(byline.group("rest")))
    elif lay.name_like(text) and text != header.title:
        header.authors.append(text)
    elif found or lay.timestamp_line(text)[1]:
        # "Posted on March 2, 2020 by Sam Carter": a date line may carry the byline too.
        trailing = re.search(r"\bby\s+(?P<name>[^|,]+)$", text, re.I)
        if trailing and lay.name_like(trailing.group("name").strip()):
            header.authors.append(trailing.group("name").strip())
    elif lay.picture_credit(text, cues):
        _add_extra(header.extras, "picture_credit", text)
    elif lay.ui_line(text, cues) or re.match(r"^\d+\s*min(ute)?s?\s+read$", text, re.I):
        header.boilerplate.append(text)
    else:
        return False
    header.date_line = header.date_line or found
    return True


def _header(units: list[Unit], cues: Cues, *, known_title: Optional[str]) -> _Header:
    """Title, standfirst and byline above the body; ``body_start`` is the first body unit."""
    header = _Header()
    if not units or dates.DATELINE.match(units[0].text):
        return header
    first = units[0]
    if known_title:
        # The page may repeat its known title on the first line.
        last_meta = 0 if first.text == known_title.strip() else -1
    elif first.words > _TITLE_WORDS or first.text.endswith(".") or len(units) < 2:
        return header  # a first line ending like a sentence opens the body, not a title
    else:
        header.title, last_meta = first.text, 0
    candidates: list[int] = []
    for index in range(last_meta + 1, min(len(units), _HEADER_REACH)):
        unit = units[index]
        if dates.DATELINE.match(unit.text) or unit.words >= _PROSE_WORDS:
            break
        if candidates and unit.words >= _SECOND_PROSE_WORDS and lay.is_sentence(unit.text):
            break  # a header has one standfirst at most: a second paragraph of prose is the body
        if _meta(unit, header, cues):
            last_meta = index
        else:
            candidates.append(index)
    header.body_start = last_meta + 1
    header.standfirst = [units[i].text for i in candidates if i < header.body_start]
    return header


def _add_extra(extras: dict[str, str], key: str, text: str) -> None:
    extras[key] = f"{extras[key]}\n{text}" if key in extras else text


def _classify_body(units: list[Unit], cues: Cues) -> list[str]:
    """Kind of each unit in the body zone: body | topics | boilerplate | picture_credit | credits."""
    kinds = []
    for unit in units:
        if unit.words <= 15 and cues.topic_prefix.match(unit.text):
            kinds.append("topics")
        elif lay.is_boilerplate(unit.text, cues):
            kinds.append("boilerplate")
        elif lay.picture_credit(unit.text, cues):
            kinds.append("picture_credit")
        elif lay.production_credit(unit.text, cues):
            kinds.append("credits")
        else:
            kinds.append("body")
    # A short line between two removed blocks belongs to them ("Thank you!" before "Donate now").
    for index in range(1, len(units) - 1):
        if (kinds[index] == "body" and units[index].words <= 12
                and kinds[index - 1] == "boilerplate" and kinds[index + 1] == "boilerplate"):
            kinds[index] = "boilerplate"
    return kinds


def _mark_bio(units: list[Unit], kinds: list[str], cues: Cues, author: Optional[str]) -> None:
    """The last body unit(s), if they read "<Name> is a columnist...", are the author's bio."""
    checked = 0
    for index in range(len(units) - 1, -1, -1):
        if kinds[index] != "body":
            continue
        text = units[index].text
        own = author is not None and re.match(re.escape(author) + r"\s+(?:is|was|writes|has)\b", text)
        if (cues.bio.match(text) or own) and units[index].words <= 60:
            kinds[index] = "author_bio"
        checked += 1
        if checked == 2:
            return


def _join(text: str, units: list[Unit], picked: list[int]) -> str:
    """Body text: neighbouring units keep their original spacing, gaps become a blank line."""
    parts: list[str] = []
    for position, index in enumerate(picked):
        if position:
            previous = picked[position - 1]
            parts.append(text[units[previous].end:units[index].start] if index == previous + 1 else "\n\n")
        parts.append(units[index].text)
    return "".join(parts)


def _fill_body(result: Segmented, text: str, units: list[Unit], start: int, end: int, cues: Cues) -> None:
    """Sort the units of the body zone ``units[start:end]`` into body, boilerplate and extras."""
    zone = units[start:end]
    kinds = _classify_body(zone, cues)
    _mark_bio(zone, kinds, cues, result.author)
    for unit, kind in zip(zone, kinds):
        if kind == "boilerplate":
            result.boilerplate.append(unit.text)
        elif kind == "topics":
            result.topics.extend(_topics(cues.topic_prefix.match(unit.text).group("rest")))
        elif kind != "body":
            _add_extra(result.extras, kind, unit.text)
    picked = [start + i for i, kind in enumerate(kinds) if kind == "body"]
    result.body = _join(text, units, picked)
    if picked:
        result.dateline = dates.DATELINE.match(units[picked[0]].text)
        if result.dateline:
            first = units[picked[0]]
            result.extras["dateline"] = text[first.start:first.start + result.dateline.start("dash")].strip()


def segment_text(text: str, *, cues: Cues, title: Optional[str] = None) -> Segmented:
    """Split a plain-text page into its parts; ``title`` (known from metadata) skips title detection."""
    units = lay.split_units(text)
    header = _header(units, cues, known_title=title)
    result = Segmented(title=title or header.title, topics=header.topics, date_line=header.date_line,
                       boilerplate=list(header.boilerplate), extras=dict(header.extras))
    result.author = header.authors[0] if header.authors else None
    result.standfirst = " ".join(header.standfirst) or None
    start = header.body_start
    end = talk.comments_start(units, start + 1, len(units), cues) or len(units)
    _fill_body(result, text, units, start, end, cues)
    if end < len(units):
        result.comments, removed = talk.parse_comments(units, end, cues)
        result.boilerplate.extend(removed)
    return result


def clean_body(text: str, *, cues: Cues, author: Optional[str] = None) -> Segmented:
    """Body-only text (from an HTML extractor or a feed entry): remove appeals, prompts, credits
    and a trailing author bio that the extractor kept; no header or comment detection."""
    units = lay.split_units(text)
    result = Segmented(author=author)
    _fill_body(result, text, units, 0, len(units), cues)
    return result
