"""Dates found in pages: timestamps, date lines, datelines and dates in URLs.

Only explicit dates are read; a date without a year is used only when the year can be inferred
from another date of the same document, and nothing here ever looks at the clock.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
          r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d|'?\d\d)"
_TIME = (r"(?:,?\s*(?:at|@|-|–|\|)?\s*(?P<hour>[0-2]?\d)[:.](?P<minute>[0-5]\d)(?::[0-5]\d)?"
         r"\s*(?P<ampm>[ap]\.?m\.?)?)?")
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"

# Day-month-year ("20th March 2020", "4 FEB 90"), month-day-year ("March 3, 2020") and ISO.
_DMY = re.compile(_WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"\b" + _TIME, re.I)
_MDY = re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b" + _TIME, re.I)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)"
                  r"(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d))?")
_SLASH = re.compile(r"\b(?P<day>[0-3]?\d)/(?P<month>[01]?\d)/(?P<year>(?:19|20)\d\d)\b" + _TIME, re.I)
_RELATIVE = re.compile(
    r"^(?:about\s+|posted\s+)?(?:an?|\d+)\s*(?:s|sec|second|m|min|minute|h|hr|hour|d|day|w|wk|week|"
    r"mo|month|y|yr|year)s?(?:\s+ago)?$|^(?:just now|yesterday|today)$", re.I)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:/|-|$|\.)")
_URL_COMPACT = re.compile(r"/((?:19|20)\d\d)([01]\d)([0-3]\d)(?:/|-|_)")

# "BAGHDAD, March 11 (Reuters) -", "SAN SALVADOR, 15 MAR 89 (RADIO VENCEREMOS) --",
# "LONDON (AP) —": an upper-case place, optional date, optional agency, then a dash.
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'\-]{1,40}?(?:\s*\([A-Z][A-Za-z .'\-]{1,40}\))?"
    r"(?:,\s*[A-Z][A-Za-z .'\-]{1,30}?)?)"
    r"(?:,\s*(?P<date>[^()\n]{3,25}?))?\s*(?:\((?P<agency>[^()\n]{1,40})\)\s*|\s+)"
    r"(?P<dash>--|—|–|-)\s+(?:\[TEXT\]\s*)?")


@dataclass(frozen=True)
class Found:
    """A date found in a text, with the time when one was given."""

    date: dt.date
    hour: Optional[int] = None
    minute: Optional[int] = None
    text: str = ""

    def iso(self) -> str:
        if self.hour is None:
            return self.date.isoformat()
        return f"{self.date.isoformat()}T{self.hour:02d}:{self.minute or 0:02d}"

    def human(self) -> str:
        if self.hour is None:
            return self.date.isoformat()
        return f"{self.date.isoformat()} {self.hour:02d}:{self.minute or 0:02d}"


def _year(raw: str) -> int:
    raw = raw.lstrip("'")
    if len(raw) == 2:
        # Two-digit years: a fixed pivot, not the clock (MUC's '89 is 1989, '15 is 2015).
        value = int(raw)
        return 2000 + value if value < 50 else 1900 + value
    return int(raw)


def _month(raw: str) -> int:
    raw = raw.lower().rstrip(".")
    return int(raw) if raw.isdigit() else MONTHS[raw[:4] if raw[:4] == "sept" else raw[:3]]


def _from_match(match: re.Match) -> Optional[Found]:
    groups = match.groupdict()
    try:
        date = dt.date(_year(groups["year"]), _month(groups["month"]), int(groups["day"]))
    except (ValueError, KeyError):
        return None
    hour, minute = groups.get("hour"), groups.get("minute")
    if hour is None:
        return Found(date, text=match.group(0).strip())
    hour_value = int(hour)
    ampm = (groups.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour_value < 12:
        hour_value += 12
    elif ampm == "am" and hour_value == 12:
        hour_value = 0
    if hour_value > 23:
        return Found(date, text=match.group(0).strip())
    return Found(date, hour_value, int(minute), match.group(0).strip())


def find_date(text: str) -> Optional[Found]:
    """The first explicit calendar date (with its time if given) in ``text``, or None."""
    best: Optional[tuple[int, Found]] = None
    for pattern in (_ISO, _DMY, _MDY, _SLASH):
        match = pattern.search(text)
        if match is None:
            continue
        found = _from_match(match)
        if found is not None and (best is None or match.start() < best[0]):
            best = (match.start(), found)
    return best[1] if best else None


def is_relative(text: str) -> bool:
    """True for relative timestamps such as "3 years ago", "2h", "yesterday"."""
    return bool(_RELATIVE.match(text.strip().strip("·•").strip()))


def date_from_url(url: Optional[str]) -> Optional[dt.date]:
    """A date carried by a URL path (``/2020/03/12/``, ``/2020-03-12-``, ``/20200312/``)."""
    if not url:
        return None
    for pattern in (_URL_DATE, _URL_COMPACT):
        match = pattern.search(url)
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def parse_iso(value: str) -> Optional[dt.date]:
    """The date of an ISO-like or free-form date string given as metadata."""
    value = value.strip()
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        found = find_date(value)
        return found.date if found else None


def dateline_date(date_text: str, *, year_hint: Optional[dt.date]) -> Optional[dt.date]:
    """The date of a dateline's date part; a missing year comes from ``year_hint`` (the latest
    date with that month and day not after the hint), else the date is not used."""
    found = find_date(date_text)
    if found:
        return found.date
    match = re.search(_MONTH + r"\s+" + _DAY + r"\b|" + _DAY.replace("day>", "day2>") + r"\s+"
                      + _MONTH.replace("month>", "month2>"), date_text, re.I)
    if match is None or year_hint is None:
        return None
    month = match.group("month") or match.group("month2")
    day = int(match.group("day") or match.group("day2"))
    for year in (year_hint.year, year_hint.year - 1):
        try:
            candidate = dt.date(year, _month(month), day)
        except ValueError:
            return None
        if candidate <= year_hint:
            return candidate
    return None
