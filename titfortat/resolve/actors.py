"""The actor dictionary: canonical actors with aliases, country, sector, affiliations and dates.

Entries come from ``actors.yaml`` (plus the user's file of the same name), and one entry per
state is generated from the country tables ("the US", "Iraq"), with a government entry for
states whose capital stands for them in news ("Tehran", "Washington").  A phrase resolves to the
entry whose alias covers the most words of it; a generic entry ("militia") takes a country from a
nationality word in the phrase ("Iraqi militia").
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..errors import DataFileError
from ..resources import load_yaml
from .countries import Countries
from .text import Word, strip_articles, tokens, words

KINDS = ("individual", "group", "organization", "physical")
AFFILIATIONS = ("backed_by", "part_of", "allied_with")
# A name directly followed by one of these is a modifier, not the actor: "Iran-backed militia".
MODIFIER_WORDS = frozenset({
    "backed", "supported", "sponsored", "allied", "linked", "aligned", "affiliated", "led", "based",
    "trained", "funded", "armed", "controlled", "held", "friendly", "inspired", "made", "run", "occupied",
    "leaning", "born", "installed", "dominated", "owned", "bound", "style",
})
# Upper-case acronyms that are also English words: in ALL-CAPS text they are read as words.
COMMON_WORDS = frozenset({
    "is", "us", "it", "pa", "an", "or", "as", "at", "in", "on", "he", "we", "me", "am", "be", "do", "go",
    "if", "no", "so", "to", "up", "by", "of", "man", "mas", "fan", "das", "eps", "sna", "fla", "cts",
    "aq", "ira", "eu", "un", "cia",
})


@dataclass(frozen=True)
class ActorEntry:
    """One canonical actor of the dictionary."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None
    sector: str | None
    affiliations: dict[str, tuple[str, ...]]
    valid_from: dt.date | None
    valid_to: dt.date | None
    generic: bool = False  # an unnamed kind of actor ("gunmen"); takes a country from the phrase
    source: str = "actors.yaml"

    def valid_on(self, day: dt.date) -> bool:
        """True when the entry's dates allow ``day`` (valid_to is exclusive: the day it ended)."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day >= self.valid_to)


@dataclass(frozen=True)
class _Alias:
    entry: int  # index into ActorDirectory.entries
    text: str  # the alias as written in the data
    acronym: bool  # short upper-case alias: matches upper-case words only


@dataclass(frozen=True)
class Match:
    """An alias found inside a phrase: words [start, end) of the phrase."""

    start: int
    end: int
    entry: ActorEntry
    alias: str


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise DataFileError(f"{where}: '{value}' is not an ISO date (YYYY-MM-DD); fix actors.yaml") from exc


def entry_from_dict(data: dict, *, source: str = "actors.yaml") -> ActorEntry:
    """Build an :class:`ActorEntry` from one YAML record, checking its kind and dates."""
    name = data.get("name")
    if not name:
        raise DataFileError(f"an entry of {source} has no name: {data}; add a 'name'")
    kind = data.get("kind") or "organization"
    if kind not in KINDS:
        raise DataFileError(f"{source}: {name} has kind '{kind}'; use one of {', '.join(KINDS)}")
    affiliations = {k: tuple(v or ()) for k, v in (data.get("affiliations") or {}).items()}
    unknown = set(affiliations) - set(AFFILIATIONS)
    if unknown:
        raise DataFileError(f"{source}: {name} has affiliation {sorted(unknown)}; use {', '.join(AFFILIATIONS)}")
    return ActorEntry(
        name=name,
        aliases=tuple(str(a) for a in data.get("aliases") or ()) or (name,),
        kind=kind,
        country=data.get("country"),
        sector=data.get("sector"),
        affiliations=affiliations,
        valid_from=_date(data.get("valid_from"), name),
        valid_to=_date(data.get("valid_to"), name),
        generic=bool(data.get("generic")),
        source=source,
    )


def _state_entries(countries: Countries, taken: set[str]) -> list[ActorEntry]:
    """One entry per state, and one per government that a capital stands for."""
    names: dict[str, list[str]] = {}
    for name_key, iso3 in countries.names.items():
        # short names are acronyms ("US", "UK", "CAR"): kept upper case so they match as such
        names.setdefault(iso3, []).append(name_key.upper() if len(name_key) <= 3 else name_key)
    metonyms: dict[str, list[str]] = {}
    for name_key, iso3 in countries.metonyms.items():
        metonyms.setdefault(iso3, []).append(name_key)
    out = []
    for iso3, aliases in sorted(names.items()):
        display = countries.name_of(iso3)
        if display not in taken:
            out.append(ActorEntry(display, tuple(sorted(aliases)), "organization", iso3, None, {}, None, None,
                                  source="country tables (pycountry, nationalities.yaml)"))
        government = f"Government of {'the ' if display.startswith(('United ', 'Democratic ', 'Central African')) else ''}{display}"
        if iso3 in metonyms and government not in taken:
            out.append(ActorEntry(government, tuple(sorted(metonyms[iso3])), "organization", iso3,
                                  "GOV", {"part_of": (display,)}, None, None,
                                  source="capital as metonym (nationalities.yaml)"))
    return out


@dataclass
class ActorDirectory:
    """Resolves actor phrases to dictionary entries and describes actors it does not know."""

    entries: list[ActorEntry]
    countries: Countries
    index: dict[str, list[_Alias]] = field(default_factory=dict)
    max_words: int = 1

    @classmethod
    def load(cls, *, user_dir: str | None = None) -> "ActorDirectory":
        """Load actors.yaml (and the user's actors.yaml from ``user_dir``) plus generated states."""
        countries = Countries.load(user_dir=user_dir)
        records = load_yaml("actors.yaml", user_dir=user_dir) or []
        if not isinstance(records, list):
            raise DataFileError("actors.yaml must be a list of entries; see the header of the shipped file")
        entries = [entry_from_dict(r) for r in records]
        entries += _state_entries(countries, {e.name for e in entries})
        directory = cls(entries=entries, countries=countries)
        directory._build_index()
        return directory

    def _build_index(self) -> None:
        for position, entry in enumerate(self.entries):
            for alias in dict.fromkeys(entry.aliases + (entry.name,)):
                alias_key = " ".join(strip_articles(tokens(alias)))
                if not alias_key:
                    continue
                stripped = alias.replace(".", "").replace("-", "")
                acronym = stripped.isupper() and len(stripped) <= 5 and " " not in stripped
                self.index.setdefault(alias_key, []).append(_Alias(position, alias, acronym))
                self.max_words = max(self.max_words, alias_key.count(" ") + 1)

    def case_words(self) -> list[str]:
        """Words of named actors' aliases as written ("Kataib", "FMLN"), for restoring case."""
        out: list[str] = []
        for entry in self.entries:
            if entry.generic:
                continue
            for alias in (entry.name, *entry.aliases):
                out.extend(w for w in alias.replace("-", " ").split() if w[:1].isupper())
        out.extend(w.title() for table in (self.countries.names, self.countries.adjectives, self.countries.metonyms)
                   for name in table for w in name.split())
        return out

    def by_name(self, name: str) -> ActorEntry | None:
        """The entry with this canonical name, if any."""
        for entry in self.entries:
            if entry.name == name:
                return entry
        return None

    def matches(self, text: str, *, on: dt.date | None = None) -> list[Match]:
        """Every alias found in ``text`` (valid on ``on`` when given), longest first."""
        phrase = words(text)
        # ALL-CAPS wire copy (MUC-4); a lone upper-case word ("US") is read as normal text
        shouting = not any(ch.islower() for ch in text) and len(phrase) > 1
        found: list[Match] = []
        for start in range(len(phrase)):
            for end in range(min(len(phrase), start + self.max_words), start, -1):
                span_key = " ".join(w.key for w in phrase[start:end])
                aliases = self.index.get(span_key)
                if not aliases or (end < len(phrase) and phrase[end].key in MODIFIER_WORDS):
                    continue
                for alias in aliases:
                    entry = self.entries[alias.entry]
                    if alias.acronym and not _acronym_ok(phrase[start:end], shouting):
                        continue
                    if on is not None and not entry.valid_on(on):
                        continue
                    found.append(Match(start, end, entry, alias.text))
        found.sort(key=lambda m: (-(m.end - m.start), m.entry.generic, _recency(m.entry), -m.end))
        return found

    def resolve(self, text: str, *, on: dt.date | None = None) -> tuple[ActorEntry, str] | None:
        """The dictionary entry a phrase names, with why; None when no alias is in the phrase.

        The alias covering most words wins; on a tie a named actor beats a generic one.  A state
        named before a generic noun ("Iraq's army") or a nationality word ("Iraqi militia") gives
        a generic entry its country.  With ``on``, entries not valid that day are skipped.
        """
        found = self.matches(text, on=on)
        if not found:
            return None
        best = found[0]
        when = f", valid on {on.isoformat()}" if on and (best.entry.valid_from or best.entry.valid_to) else ""
        is_state = best.entry.source != "actors.yaml" and best.entry.sector is None
        generic_after = [m for m in found if m.entry.generic and m.start >= best.end]
        if is_state and generic_after:
            return self._compose(generic_after[0], best.entry.country, f"'{best.alias}'")
        if best.entry.generic:
            nationality = self._nationality_in(text, exclude=(best.start, best.end))
            if nationality:
                return self._compose(best, nationality[0], f"'{nationality[1]}'")
        why = f"alias '{best.alias}' of {best.entry.name} in {best.entry.source}{when}"
        if best.entry.generic:
            why = f"generic '{best.alias}' ({best.entry.name}) in {best.entry.source}; no country in the phrase"
        return best.entry, why

    def _compose(self, match: Match, iso3: str | None, cue: str) -> tuple[ActorEntry, str]:
        """A generic entry specialised to a country: "Iraqi" + militia -> "Iraqi militia"."""
        if iso3 is None:
            return match.entry, f"generic '{match.alias}' in {match.entry.source}"
        adjective = self.countries.adjective_of.get(iso3)
        name = f"{adjective} {match.entry.name}" if adjective else f"{match.entry.name} ({self.countries.name_of(iso3)})"
        entry = dataclasses.replace(match.entry, name=name, country=iso3)
        return entry, f"generic '{match.alias}' ({match.entry.name}) in {match.entry.source}; country {iso3} from {cue}"

    def _nationality_in(self, text: str, *, exclude: tuple[int, int] = (0, 0)) -> tuple[str, str] | None:
        """The first nationality adjective or country name in ``text`` that is not a modifier."""
        phrase = words(text)
        for start in range(len(phrase)):
            if exclude[0] <= start < exclude[1]:
                continue
            for end in range(min(len(phrase), start + 3), start, -1):
                span_key = " ".join(w.key for w in phrase[start:end])
                iso3 = self.countries.adjectives.get(span_key) or self.countries.names.get(span_key)
                if not iso3 or (end < len(phrase) and phrase[end].key in MODIFIER_WORDS):
                    continue
                if span_key in COMMON_WORDS and not _acronym_ok(phrase[start:end], not any(c.islower() for c in text)):
                    continue
                return iso3, " ".join(w.surface for w in phrase[start:end])
        return None

    def nationality(self, word: str) -> str | None:
        """ISO3 of a nationality word: "Iraqi" -> "IRQ", "U.S." -> "USA", "Salvadoran" -> "SLV"."""
        return self.countries.nationality(word)

    def describe(self, text: str) -> dict:
        """Country, sector and kind of an actor phrase from its words, for actors not in the directory.

        Returns ``{"country", "sector", "kind", "why"}``; each is None when the words do not say.
        """
        from .describe import describe_phrase  # local: describe builds on the directory's matching

        return describe_phrase(self, text)


def _acronym_ok(span: list[Word], shouting: bool) -> bool:
    """Upper-case aliases need upper-case text; in ALL-CAPS text, not if they spell a common word."""
    if not all(w.upper or w.key.isdigit() for w in span):
        return False
    if shouting and " ".join(w.key for w in span) in COMMON_WORDS:
        return all(w.dotted for w in span)
    return True


def _recency(entry: ActorEntry) -> tuple[int, int]:
    """Sort key among entries sharing an alias: open-ended (current) first, then the latest start."""
    end = entry.valid_to.toordinal() if entry.valid_to else 10**7
    start = entry.valid_from.toordinal() if entry.valid_from else 0
    return (-end, -start)
