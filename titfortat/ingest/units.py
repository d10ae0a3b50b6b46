"""Layout units of a scraped page and the layout features segmentation reads from them.

A unit is one visual line, except that a hard-wrapped paragraph (a block of long lines broken at
a fixed width, as in wire copy) is one unit.  Features look at form, not at particular texts:
length, capitalisation, terminal punctuation, dates, and cue-vocabulary density.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import dates
from .tools import Cues

_BLOCK = re.compile(r"\n[ \t\f\v]*\n")
_TERMINAL = re.compile(r"[.!?…:;]['\"”’)\]]*$")
_PARTICLES = {"de", "da", "del", "della", "der", "van", "von", "al", "el", "bin", "ibn", "la", "le",
              "di", "du", "dos", "y", "and", "&"}
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.\-]*|[A-Z]\.|@[\w.]+|al-\w+)$")
_SAYS = re.compile(r"^(?P<name>.+?)\s+(?:says|said|wrote|writes|replied|commented)\s*:?\s*$", re.I)
_TIME_ONLY = re.compile(r"^(?:updated\s+)?[0-2]?\d[:.][0-5]\d\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?$", re.I)
_DATE_PREFIX = re.compile(r"^(?:(?:posted|published|updated|first published|last updated|"
                          r"modified|on|at|date)\b[\s:]*)+", re.I)


@dataclass(frozen=True)
class Unit:
    """A line or hard-wrapped paragraph; ``start``/``end`` are offsets into the page text."""

    text: str
    start: int
    end: int

    @property
    def words(self) -> int:
        return len(self.text.split())


def _hard_wrapped(lines: list[str]) -> bool:
    """A block of long lines cut at a fixed width, most not ending a sentence."""
    if len(lines) < 2:
        return False
    inner = [line.strip() for line in lines[:-1]]
    long_lines = sum(1 for line in inner if 40 <= len(line) <= 100)
    open_ends = sum(1 for line in inner if not _TERMINAL.search(line))
    return long_lines >= 0.8 * len(inner) and open_ends >= 0.5 * len(inner)


def split_units(text: str) -> list[Unit]:
    """Units of ``text`` in order, with offsets (empty lines dropped)."""
    units: list[Unit] = []
    position = 0
    for match in [*_BLOCK.finditer(text), None]:
        block_end = match.start() if match else len(text)
        block = text[position:block_end]
        lines = [line for line in block.split("\n")]
        if _hard_wrapped([line for line in lines if line.strip()]):
            _append(units, text, position, block_end)
        else:
            offset = position
            for line in lines:
                _append(units, text, offset, offset + len(line))
                offset += len(line) + 1
        position = match.end() if match else len(text)
    return units


def _append(units: list[Unit], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    units.append(Unit(stripped, start + lead, start + lead + len(stripped)))


def is_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text.rstrip()))


def name_like(text: str) -> bool:
    """A person's name or handle as a line of its own: 1-5 capitalised tokens, no digits."""
    text = text.strip()
    if re.search(r"\s[A-Z]\.$", text):
        text = text[:-1]  # "Aylin K."
    if not 2 <= len(text) <= 50 or any(ch.isdigit() for ch in text) or text.endswith((".", "!", "?", ":")):
        return len(text) <= 50 and text.startswith("@") and " " not in text
    tokens = text.replace(",", " ").split()
    if not 1 <= len(tokens) <= 5:
        return False
    named = [t for t in tokens if t.lower() not in _PARTICLES]
    return bool(named) and all(_NAME_TOKEN.match(t) for t in named)


def says_name(text: str) -> str | None:
    """'Jane says:' -> 'Jane' (WordPress comment headers)."""
    match = _SAYS.match(text.strip())
    if match and name_like(match.group("name")):
        return match.group("name").strip()
    return None


def timestamp_line(text: str) -> tuple[dates.Found | None, bool]:
    """(date, is_timestamp): a short line that is mostly a date/time or a relative time."""
    clean = _DATE_PREFIX.sub("", text.strip().strip("·•|–—-").strip())
    if len(clean) > 60:
        return None, False
    if dates.is_relative(clean):
        return None, True
    found = dates.find_date(clean)
    # Most of the line must be the date: "March 3, 2020 at 5:12 pm", "20 Mar 2020 09.00 GMT".
    if found and len(found.text) >= 0.5 * len(clean):
        return found, True
    return None, False


def time_only(text: str) -> bool:
    """'14:32', '2.05pm GMT': live-blog entry stamps (a time without a date)."""
    return bool(_TIME_ONLY.match(text.strip()))


def cue_score(text: str, cues: Cues) -> int:
    """2 per strong boilerplate cue and 1 per weak cue found in ``text``."""
    lowered = text.lower()
    return 2 * sum(cue.found(lowered) for cue in cues.strong) + sum(cue.found(lowered) for cue in cues.weak)


def is_boilerplate(text: str, cues: Cues) -> bool:
    """Appeal/prompt vocabulary dense enough: score >= 2 (>= 4 past 25 words) and at least one
    point per 20 words.  Set on the seed's appeal (11 points / 170 words) and the test pages'
    appeals (>= 5) against news paragraphs (0-1) and MUC-4 DEV/TST texts that quote "we need
    your support" (3 / 70 words) or ask for a "right to reply" from "readers" (3 / 48)."""
    if ui_line(text, cues):
        return True
    words = len(text.split())
    score = cue_score(text, cues)
    return score >= (4 if words > 25 else 2) and score * 20 >= words


def ui_line(text: str, cues: Cues) -> bool:
    """An interface string ("Reply", "Reply · Like", "Share ›", "△ ▽")."""
    if len(text) > 60:
        return False
    parts = [part.strip() for part in re.split(r"[|·•›»]", text)]
    parts = [part for part in parts if part]
    return bool(parts) and all(any(p.match(part) for p in cues.ui_lines) for part in parts)


def comment_heading(text: str, cues: Cues) -> bool:
    clean = text.strip()
    return len(clean) <= 160 and any(pattern.search(clean) for pattern in cues.comment_headings)


def picture_credit(text: str, cues: Cues) -> bool:
    return len(text) <= 200 and any(pattern.search(text.strip()) for pattern in cues.picture_credit)


def production_credit(text: str, cues: Cues) -> bool:
    return len(text) <= 300 and any(pattern.search(text.strip()) for pattern in cues.credits)
