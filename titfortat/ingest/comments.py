"""Reader comments in scraped text: find where they start and split them into Comment objects.

A comment opens with a header: a name line followed by a timestamp line ("Geoff W" / "20th March
2020 at 9:17 pm", "Jane says:" / "March 3, 2020 at 5:12 pm"), or one line holding both ("Geoff W •
3 years ago", "Sam Patel @sampatel · 2h", "jdoe | 12 March 2020 14:05").  Everything up to the next
header is its text, minus interface strings ("Reply", "Like", "Share ›") and prompts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..model import Comment
from . import units as lay
from .dates import Found
from .tools import Cues
from .units import Unit

_ONE_LINE = re.compile(
    r"^(?P<name>[^•·|]{1,60}?)\s*(?:[•·|]|\s[–—-]\s|\s(?:on|says|said|wrote|at)\b:?)\s*(?P<ts>[^•·|]{1,60}?)"
    r"\s*(?:[•·|].{0,30})?$", re.I)
_USER = re.compile(r"^@?[a-z][\w.\-]{1,29}$")
_HANDLE = re.compile(r"\s*\(?@[\w.]+\)?\s*")


@dataclass(frozen=True)
class Header:
    """A comment header: the units it spans, the author and the timestamp."""

    span: int
    author: Optional[str]
    found: Optional[Found]
    text: str


@dataclass
class _Open:
    header: Header
    parts: list[str] = field(default_factory=list)


def _author(name: str) -> str:
    """'Sam Patel @sampatel' -> 'Sam Patel'; a bare handle stays as it is."""
    without = _HANDLE.sub(" ", name).strip()
    return without or name.strip()


def _poster(text: str) -> bool:
    """A name, or a user name such as 'jdoe_77' (only ever accepted next to a timestamp)."""
    return lay.name_like(text) or bool(_USER.match(text))


def header_at(units: list[Unit], index: int) -> Optional[Header]:
    """The comment header starting at ``units[index]``, if there is one."""
    text = units[index].text
    name = lay.says_name(text) or (text if _poster(text) else None)
    if name and index + 1 < len(units):
        found, is_stamp = lay.timestamp_line(units[index + 1].text)
        if is_stamp:
            return Header(2, _author(name), found, units[index + 1].text.strip())
    match = _ONE_LINE.match(text.strip())
    if match and _poster(match.group("name").strip()):
        found, is_stamp = lay.timestamp_line(match.group("ts"))
        if is_stamp:
            return Header(1, _author(match.group("name")), found, match.group("ts").strip())
    return None


def _shouting(units: list[Unit]) -> bool:
    """True when nearly all letters are capitals (MUC/FBIS wire copy)."""
    sample = "".join(unit.text for unit in units[:20])[:3000]
    letters = sum(ch.isalpha() for ch in sample)
    return letters > 0 and sum(ch.isupper() for ch in sample) > 0.8 * letters


def comments_start(units: list[Unit], start: int, end: int, cues: Cues) -> Optional[int]:
    """Index of the first unit of the comment section in ``units[start:end]`` (None: no comments).

    A header counts only when some comment text follows it: a signature block closing a
    statement ("EL SALVADOR" / "7 SEPTEMBER 1989.") is not a comment.  In all-capitals text
    (old wire copy) names cannot be told from other words, so no comments are looked for."""
    if _shouting(units[start:end]):
        return None
    for index in range(start, end):
        if lay.comment_heading(units[index].text, cues):
            return index
        header = header_at(units, index)
        after = index + header.span if header else end
        if header and after < end and not header_at(units, after) and not lay.is_boilerplate(units[after].text, cues):
            return index
    return None


def parse_comments(units: list[Unit], start: int, cues: Cues) -> tuple[list[Comment], list[str]]:
    """Comments in ``units[start:]`` and the interface/prompt strings found among them."""
    found: list[_Open] = []
    boilerplate: list[str] = []
    index = start
    while index < len(units):
        header = None if lay.comment_heading(units[index].text, cues) else header_at(units, index)
        if header is not None:
            found.append(_Open(header))
            index += header.span
            continue
        text = units[index].text
        if lay.comment_heading(text, cues) or lay.is_boilerplate(text, cues) or not found:
            boilerplate.append(text)
        else:
            found[-1].parts.append(text)
        index += 1
    comments = [
        Comment(author=item.header.author,
                timestamp=item.header.found.iso() if item.header.found else None,
                text="\n\n".join(item.parts), timestamp_text=item.header.text)
        for item in found
    ]
    return comments, boilerplate


def earliest(comments: list[Comment]) -> Optional[str]:
    """The earliest absolute comment timestamp (ISO), or None."""
    stamps = sorted(c.timestamp for c in comments if c.timestamp)
    return stamps[0] if stamps else None
