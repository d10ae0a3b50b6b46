"""Date expressions to intervals: "just last week", "15 MAR 89", "since late October".

Relative expressions are read against a reference date (the publication date).  Conventions,
chosen so that a reader of the article would agree with the interval:
- weeks are ISO weeks (Monday..Sunday); "early" = Monday-Tuesday, "mid" = Tuesday-Thursday,
  "late" = Thursday-Sunday of the week; months split 1-10 / 11-20 / 21-end.
- in the past tense a weekday, a month or a day without a year is the most recent one on or
  before the reference date; the current week/month/year ends at the reference date.
- "N months ago" is a window of one month centred on the reference date minus N months (a
  calendar month would cut an event of "three months ago" on 3 January off a 20 March reference);
  "N weeks ago" is 7 days centred likewise, "N years ago" a year; "N days ago" is that day.
- seasons are meteorological, northern hemisphere: spring = Mar-May, summer = Jun-Aug,
  autumn/fall = Sep-Nov, winter = Dec-Feb; "last autumn" is the latest one that has ended.
- two-digit years (MUC-4 datelines "15 MAR 89") are 19xx from 30 up, else 20xx.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

from ..model import DateSpan

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
WEEKDAYS.update({"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6})
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "couple of": 2, "a few": 3, "few": 3,
           "several": 4}
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}  # first month

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d|\d\d)"
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")"
_NUM = r"(?P<num>\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
_PART = r"(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|earlier)"
_PERIOD = r"(?P<period>week|month|year|weekend)"
_SEASON = r"(?P<season>spring|summer|autumn|fall|winter)"
_WHICH = r"(?P<which>last|this|next|past|previous|coming)"


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        return 1900 + value if value >= 30 else 2000 + value
    return value


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _part_of(start: dt.date, end: dt.date, part: str | None, unit: str) -> tuple[dt.date, dt.date]:
    """The early / mid / late part of a week or month."""
    if not part:
        return start, end
    part = part.split()[-2] if part.startswith("the ") else part  # "the end of" -> "end"
    if unit == "week":
        offsets = {"early": (0, 1), "beginning": (0, 1), "start": (0, 1), "mid": (1, 3), "middle": (1, 3),
                   "late": (3, 6), "end": (3, 6)}
        low, high = offsets.get(part, (0, 6))
        return start + dt.timedelta(low), start + dt.timedelta(high)
    if unit == "month":
        ranges = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20), "middle": (11, 20),
                  "late": (21, 31), "end": (21, 31)}
        low, high = ranges.get(part, (1, 31))
        return start.replace(day=low), start.replace(day=min(high, end.day))
    ranges = {"early": (1, 4), "beginning": (1, 4), "start": (1, 4), "mid": (5, 8), "middle": (5, 8), "late": (9, 12),
              "end": (9, 12)}
    low, high = ranges.get(part, (1, 12))
    return dt.date(start.year, low, 1), _month_span(start.year, high)[1]


def _most_recent_month(month: int, ref: dt.date, tense: str) -> int:
    """Year of the most recent such month not after ref (past) or the next not before it (future)."""
    if tense == "future":
        return ref.year if month >= ref.month else ref.year + 1
    return ref.year if month <= ref.month else ref.year - 1


Span = tuple[dt.date, dt.date, str, str]  # start, end, precision, what it means
Handler = Callable[[re.Match, "dt.date | None", str], "Span | None"]


def _iso(m: re.Match, ref: dt.date | None, tense: str) -> Span | None:
    day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    return day, day, "day", "an ISO date"


def _full_date(m: re.Match, ref: dt.date | None, tense: str) -> Span | None:
    day = dt.date(_year(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
    return day, day, "day", "a full date"


def _day_month(m: re.Match, ref: dt.date | None, tense: str) -> Span | None:
    if ref is None:
        return None
    month, day_number = MONTHS[m["month"].lower()], int(m["day"])
    year = _most_recent_month(month, ref, tense)
    day = dt.date(year, month, day_number)
    if tense != "future" and day > ref:
        day = dt.date(year - 1, month, day_number)
    return day, day, "day", f"the most recent {day:%d %B} {'after' if tense == 'future' else 'on or before'} the reference date"


def _month_year(m: re.Match, ref: dt.date | None, tense: str) -> Span | None:
    start, end = _month_span(_year(m["year"]), MONTHS[m["month"].lower()])
    start, end = _part_of(start, end, m.groupdict().get("part"), "month")
    return start, end, "month" if not m.groupdict().get("part") else "range", "a month of a stated year"


def _month(m: re.Match, ref: dt.date | None, tense: str) -> Span | None:
    if ref is None:
        return None
    month = MONTHS[m["month"].lower()]
    start, end = _month_span(_most_recent_month(month, ref, tense), month)
    part = m.groupdict().get("part")
    start, end = _part_of(start, end, part, "month")
    return start, end, "range" if part else "month", f"{'the next' if tense == 'future' else 'the most recent'} {start:%B}"


def _year_only(m: re.Match, ref: dt.date | None, tense: str) -> Span | None:
    year = int(m["year"])
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year", "a stated year"


def _relative_day(m: re.Match, ref: dt.date | None, tense: str) -> Span | None:
    if ref is None:
        return None
    word = " ".join(m["rel"].lower().split())
    if word == "overnight":  # the night before the reference date: two calendar days
        return ref - dt.timedelta(1), ref, "range", f"'overnight' is the night ending {ref.isoformat()}"
    offsets = {"yesterday": -1, "last night": -1, "the day before yesterday": -2, "tomorrow": 1}
    day = ref + dt.timedelta(offsets.get(word, 0))
    return day, day, "day", f"'{word}' is {day.isoformat()}"


def _ago(m: re.Match, ref: dt.date | None, tense: str) -> Span | None:
    if ref is None:
        return None
    number = m["num"].lower()
    count = int(number) if number.isdigit() else NUMBERS[" ".join(number.split())]
    unit = m["unit"].lower().rstrip("s")
    if unit == "day":
        day = ref - dt.timedelta(count)
        return day, day, "day", f"{count} day(s) before the reference date"
    if unit == "week":
        centre = ref - dt.timedelta(7 * count)
        return centre - dt.timedelta(3), centre + dt.timedelta(3), "week", f"the 7 days around {centre.isoformat()}"
    if unit == "month":
        centre = _add_months(ref, -count)
        return centre - dt.timedelta(15), centre + dt.timedelta(15), "month", f"the month around {centre.isoformat()}"
    centre = dt.date(ref.year - count, ref.month, min(ref.day, 28))
    return centre - dt.timedelta(182), centre + dt.timedelta(182), "year", f"the year around {centre.isoformat()}"


def _period(m: re.Match, ref: dt.date | None, tense: str) -> Span | None:
    """last/this/next week|month|year|weekend, with an optional early/mid/late/earlier."""
    if ref is None:
        return None
    which, period, part = m["which"].lower(), m["period"].lower(), (m.groupdict().get("part") or "").lower() or None
    step = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(which, 0)
    if period in ("week", "weekend"):
        monday = ref - dt.timedelta(ref.weekday()) + dt.timedelta(7 * step)
        start, end = (monday + dt.timedelta(5), monday + dt.timedelta(6)) if period == "weekend" else (monday, monday + dt.timedelta(6))
        if period == "weekend" and step == 0 and tense != "future" and start > ref:
            start, end = start - dt.timedelta(7), end - dt.timedelta(7)
        unit = "week"
    elif period == "month":
        first = _add_months(ref.replace(day=1), step)
        start, end = _month_span(first.year, first.month)
        unit = "month"
    else:
        start, end = dt.date(ref.year + step, 1, 1), dt.date(ref.year + step, 12, 31)
        unit = "year"
    if part == "earlier":
        end = min(end, ref)
    elif part:
        start, end = _part_of(start, end, part, unit)
    if step == 0 and tense != "future":
        end = min(end, ref)  # it happened already: not after the reference date
    precision = "range" if part or end < start or (step == 0 and tense != "future") else unit
    if period == "weekend":
        precision = "range"
    return start, max(start, end), precision, f"{which} {period}{' (' + part + ')' if part else ''}"


def _recent(m: re.Match, ref: dt.date | None, tense: str) -> Span | None:
    """"the past three days", "the last two weeks", "in recent months", "the past week"."""
    if ref is None:
        return None
    number = (m.groupdict().get("num") or "").lower()
    count = int(number) if number.isdigit() else NUMBERS.get(" ".join(number.split()), 1)
    unit = m["unit"].lower().rstrip("s")
    if m.groupdict().get("recent"):
        count = 3 if unit != "day" else 7
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * count
    return ref - dt.timedelta(days), ref, "range", f"the {count} {unit}(s) up to the reference date"


def _weekday(m: re.Match, ref: dt.date | None, tense: str) -> Span | None:
    if ref is None:
        return None
    target = WEEKDAYS[m["weekday"].lower()]
    which = (m.groupdict().get("which") or "").lower()
    week = (m.groupdict().get("week") or "").lower()
    if week:  # "Tuesday this week", "Friday last week"
        monday = ref - dt.timedelta(ref.weekday()) + dt.timedelta(7 * {"last": -1, "next": 1}.get(week, 0))
        day = monday + dt.timedelta(target)
    elif which == "next" or tense == "future":
        day = ref + dt.timedelta((target - ref.weekday()) % 7 or (7 if which == "next" else 0))
    else:
        back = (ref.weekday() - target) % 7
        if which == "last" and back == 0:
            back = 7  # "last Friday" said on a Friday is a week ago
        day = ref - dt.timedelta(back)
    return day, day, "day", f"the {calendar.day_name[target]} {'after' if day > ref else 'on or before'} the reference date"


def _season(m: re.Match, ref: dt.date | None, tense: str) -> Span | None:
    first = SEASONS[m["season"].lower()]
    which = (m.groupdict().get("which") or "").lower()
    if m.groupdict().get("year"):
        year = _year(m["year"])
    elif ref is None:
        return None
    else:
        year = ref.year
        start = dt.date(year, first, 1)
        if which in ("last", "past", "previous"):
            while _add_months(start, 3) > ref:  # the latest one that has ended
                year, start = year - 1, dt.date(year - 1, first, 1)
        elif start > ref and tense != "future":
            year -= 1
    start = dt.date(year, first, 1)
    end = _add_months(start, 3) - dt.timedelta(1)
    start, end = _part_of_season(start, end, (m.groupdict().get("part") or "").lower())
    return start, end, "range", f"{which or 'the'} {m['season'].lower()} {start.year}"


def _part_of_season(start: dt.date, end: dt.date, part: str) -> tuple[dt.date, dt.date]:
    if part in ("early",):
        return start, _add_months(start, 1) - dt.timedelta(1)
    if part in ("late",):
        return _add_months(start, 2), end
    return start, end


def _weekend(m: re.Match, ref: dt.date | None, tense: str) -> Span | None:
    if ref is None:
        return None
    saturday = ref - dt.timedelta((ref.weekday() - 5) % 7)
    if tense == "future" and saturday < ref - dt.timedelta(1):
        saturday += dt.timedelta(7)
    return saturday, saturday + dt.timedelta(1), "range", "the most recent weekend"


_Y4 = r"(?P<year>(?:1[89]|20)\d\d)"
# (pattern, handler, found in running text).  Order matters only for equally long matches.
RULES: tuple[tuple[str, Handler, bool], ...] = (
    (r"(?P<y>(?:1[89]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)", _iso, True),
    (_DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"(?![\d:])", _full_date, True),
    (_MONTH + r"\s+" + _DAY + r",?\s+" + _Y4, _full_date, True),
    (_PART + r"[\s-]+" + _MONTH + r",?\s+" + _Y4, _month_year, True),
    (_MONTH + r",?\s+" + _Y4, _month_year, True),
    (_DAY + r"\s+(?:of\s+)?" + _MONTH + r"\b", _day_month, True),
    (_MONTH + r"\s+" + _DAY + r"\b(?!\s*,?\s*\d)", _day_month, True),
    (_PART + r"[\s-]+" + _MONTH + r"\b", _month, True),
    (r"(?:in|during|since|until|by|last|this)\s+" + _MONTH + r"\b", _month, True),
    (_MONTH, _month, False),
    (r"(?:in|during|since|until|by|of)\s+" + _Y4 + r"\b", _year_only, True),
    (_Y4, _year_only, False),
    (r"(?:" + _PART + r"\s+)?" + _WHICH + r"\s+" + _PERIOD + r"\b", _period, True),
    (r"(?:over|during|at)\s+the\s+weekend\b", _weekend, True),
    (r"the\s+(?:past|last|previous)\s+(?:" + _NUM + r"\s+)?(?P<unit>days?|weeks?|months?|years?)\b", _recent, True),
    (r"in\s+(?P<recent>recent)\s+(?P<unit>days|weeks|months|years)\b", _recent, True),
    (_NUM + r"\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b", _ago, True),
    (r"(?P<rel>the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|last\s+night|"
     r"this\s+(?:morning|afternoon|evening)|earlier\s+today|overnight)\b", _relative_day, True),
    (r"(?:(?P<which>last|this|next|on|early|late)\s+)?" + _WEEKDAY + r"\b(?:\s+(?P<week>this|last|next)\s+week\b)?"
     r"(?:\s+(?:morning|afternoon|evening|night)\b)?", _weekday, True),
    (r"(?:(?P<which>last|this|next|past)\s+)?(?:(?P<part>early|late)\s+)?" + _SEASON + r"(?:\s+(?:of\s+)?" + _Y4 + r")?\b",
     _season, True),
)
_COMPILED = tuple((re.compile(p, re.IGNORECASE), h, f) for p, h, f in RULES)
_FIND = tuple((re.compile(r"\b" + p, re.IGNORECASE), h) for p, h, f in RULES if f)
_LEAD = re.compile(r"^(?:just|only|as\s+of|on|in|during|at|around|about|from|back\s+in)\s+", re.IGNORECASE)
_SINCE = re.compile(r"^(?:ever\s+)?since\s+", re.IGNORECASE)
_PREFIX = re.compile(r"(?:\b(?:ever\s+since|since|just|only|as\s+of)\s+)+$", re.IGNORECASE)


def resolve_date(text: str, *, reference: dt.date | None, tense: str = "past") -> DateSpan | None:
    """The interval a date expression means; relative ones need ``reference`` (else None).

    ``tense`` "past" reads "Wednesday" as the last Wednesday on or before the reference date,
    "future" as the next one.  "since X" is the range from the start of X to the reference.
    """
    cleaned = " ".join(text.split()).strip(" ,.;:")
    since = bool(_SINCE.match(cleaned))
    cleaned = _SINCE.sub("", cleaned)
    span = _match_rules(cleaned, reference, tense)
    while span is None and _LEAD.match(cleaned):
        cleaned = _LEAD.sub("", cleaned, count=1)
        span = _match_rules(cleaned, reference, tense)
    if span is None:
        return None
    start, end, precision, meaning = span
    if since:
        if reference is None:
            return None
        end, precision, meaning = max(reference, start), "range", f"from the start of {meaning} to the reference date"
    relative = reference is not None and meaning not in ("an ISO date", "a full date", "a stated year",
                                                          "a month of a stated year")
    why = f"'{text.strip()}' = {meaning}: {start.isoformat()}..{end.isoformat()}"
    if relative:
        why += f" (reference date {reference.isoformat()})"  # type: ignore[union-attr]
    return DateSpan(start=start, end=end, precision=precision, text=text, why=why)


def _match_rules(text: str, reference: dt.date | None, tense: str) -> Span | None:
    for pattern, handler, _ in _COMPILED:
        match = pattern.fullmatch(text)
        if match:
            try:
                span = handler(match, reference, tense)
            except (ValueError, KeyError):  # "31 February", an unknown number word
                span = None
            if span:
                return span
    return None


def find_date_expressions(sentence: str) -> list[tuple[int, int, str]]:
    """Spans (start, end, text) of date expressions in a sentence, longest first where they overlap.

    A leading "since", "just", "only" or "as of" is part of the span, as it changes the meaning.
    """
    found: list[tuple[int, int]] = []
    for pattern, handler in _FIND:
        for match in pattern.finditer(sentence):
            if match.end() > match.start() and _plausible(match, handler):
                found.append((match.start(), match.end()))
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
    out = []
    for start, end in sorted(chosen):
        prefix = _PREFIX.search(sentence[:start])
        if prefix:
            start = prefix.start()
        out.append((start, end, sentence[start:end]))
    return out


def _plausible(match: re.Match, handler: Handler) -> bool:
    """Filters for words that are dates only in context: a season needs a qualifier or a year."""
    if handler is _season:
        return bool(match.group("which") or match.group("part") or match.group("year"))
    if handler is _weekday and (match.group("which") or "").lower() in ("early", "late"):
        return True
    return True
