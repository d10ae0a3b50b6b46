"""Gazetteer: supplement sites, admin1 regions, countries, GeoNames cities, nesting."""
from __future__ import annotations

import time

import pytest

from titfortat.model import Place
from titfortat.resolve import ActorDirectory, Gazetteer
from titfortat.resolve.gazetteer import haversine_km


@pytest.mark.parametrize("text, hint, name, country, precision", [
    ("the Camp Taji airbase", None, "Camp Taji", "IRQ", "site"),
    ("Camp Taji, which is just north of Baghdad", None, "Camp Taji", "IRQ", "site"),
    ("Besmaya training base south of Baghdad", None, "Besmaya Range Complex", "IRQ", "site"),
    ("the Besmaya base", None, "Besmaya Range Complex", "IRQ", "site"),
    ("Ain al-Asad air base", None, "Ain al-Asad Air Base", "IRQ", "site"),
    ("the US embassy in Baghdad", None, "Green Zone", "IRQ", "site"),
    ("the Rafah crossing", None, "Rafah crossing", "PSE", "site"),
    ("Zaporizhzhia nuclear power plant", None, "Zaporizhzhia Nuclear Power Plant", "UKR", "site"),
    ("Iraq", None, "Iraq", "IRQ", "country"),
    ("IRAQ", None, "Iraq", "IRQ", "country"),
    ("EL SALVADOR", None, "El Salvador", "SLV", "country"),
    ("the US", None, "United States", "USA", "country"),
    ("Baghdad", None, "Baghdad", "IRQ", "city"),
    ("just north of Baghdad", None, "Baghdad", "IRQ", "city"),
    ("SAN SALVADOR", None, "San Salvador", "SLV", "city"),
    ("Gaza City", None, "Gaza", "PSE", "city"),
    ("MEDELLIN", "COL", "Medellín", "COL", "city"),
    ("the Iraqi capital", None, "Baghdad", "IRQ", "city"),
    ("THE CITY OF FLORES, IN THE NORTHERN EL PETEN DEPARTMENT", None, "Flores", "GTM", "city"),
    ("Tripoli", "LBN", "Tripoli", "LBN", "city"),
    ("Tripoli", None, "Tripoli", "LBY", "city"),
    ("the northern El Peten department", None, "Peten", "GTM", "admin1"),
    ("MORAZAN", "SLV", "Morazan", "SLV", "admin1"),
    ("Donetsk region", None, "Donetsk", "UKR", "admin1"),
    ("the Gaza Strip", None, "Gaza Strip", "PSE", "admin1"),
    ("ANTIOQUIA DEPARTMENT", None, "Antioquia", "COL", "admin1"),
    ("Borno state", None, "Borno", "NGA", "admin1"),
])
def test_resolve(gazetteer, text, hint, name, country, precision):
    place = gazetteer.resolve(text, country_hint=hint)
    assert (place.name, place.country, place.precision) == (name, country, precision)
    assert place.text == text
    assert place.lat is not None and place.lon is not None
    assert place.why


def test_seed_places(gazetteer):
    taji = gazetteer.resolve("the Camp Taji airbase")
    baghdad = gazetteer.resolve("Baghdad")
    assert taji.why == "supplement entry 'Camp Taji' (military base) in gazetteer.yaml"
    assert 20 < haversine_km(taji.lat, taji.lon, baghdad.lat, baghdad.lon) < 40  # "just north of Baghdad"
    iraq = gazetteer.resolve("Iraq")
    assert (iraq.lat, iraq.lon) == gazetteer.country_point("IRQ")
    assert "representative point" in iraq.why
    assert "GeoNames city" in baghdad.why and baghdad.geonameid


def test_city_gets_admin1_name(gazetteer):
    assert gazetteer.resolve("Mosul").admin1 == "Nineveh"
    assert gazetteer.resolve("FLORES", country_hint="GTM").admin1 == "Peten"


@pytest.mark.parametrize("text", ["", "the", "north of nowhere", "a training base"])
def test_nothing_known(gazetteer, text):
    assert gazetteer.resolve(text) is None


@pytest.mark.parametrize("text, iso3", [
    ("Iraq", "IRQ"), ("EL SALVADOR", "SLV"), ("the US", "USA"), ("U.S.", "USA"), ("Britain", "GBR"),
    ("the Islamic Republic of Iran", "IRN"), ("Bolivia", "BOL"), ("across Syria", "SYR"), ("Atlantis", None),
])
def test_find_country(gazetteer, text, iso3):
    assert gazetteer.find_country(text) == iso3


def test_every_country_has_a_point(gazetteer):
    directory = ActorDirectory.load()
    states = {e.country for e in directory.entries if e.source.startswith("country tables")}
    missing = {iso3 for iso3 in states if gazetteer.country_point(iso3) is None}
    assert len(missing) <= 6  # Antarctica, Bouvet Island... have no populated place
    for iso3 in ("IRQ", "SLV", "UKR", "USA", "NGA", "MLI", "PSE", "COL", "PER", "GTM"):
        lat, lon = gazetteer.country_point(iso3)
        assert gazetteer.find_country(gazetteer.countries.name_of(iso3)) == iso3
        assert -90 <= lat <= 90 and -180 <= lon <= 180


def test_supplement_sites_are_inside_their_country(gazetteer):
    for sites in gazetteer.sites.values():
        for site in sites:
            lat, lon = gazetteer.country_point(site.country)
            assert haversine_km(site.lat, site.lon, lat, lon) < 2500, site.name


@pytest.mark.parametrize("outer, inner, expected", [
    ("Iraq", "the Camp Taji airbase", True),
    ("Baghdad", "the Camp Taji airbase", True),
    ("Baghdad", "Besmaya base", True),
    ("Baghdad", "Mosul", False),
    ("Iraq", "Damascus", False),
    ("the northern El Peten department", "FLORES", True),
    ("Camp Taji", "Iraq", False),
])
def test_contains(gazetteer, outer, inner, expected):
    outer_place = gazetteer.resolve(outer, country_hint="GTM" if "PETEN" in outer.upper() else None)
    inner_place = gazetteer.resolve(inner, country_hint="GTM" if inner == "FLORES" else None)
    assert gazetteer.contains(outer_place, inner_place) is expected


def test_contains_needs_same_country():
    gazetteer_free = Place(text="x", country="IRQ", precision="country")
    assert not Gazetteer.contains(None, gazetteer_free, Place(text="y", country="SYR", precision="city"))  # type: ignore[arg-type]


def test_user_file_extends_gazetteer(tmp_path):
    (tmp_path / "gazetteer.yaml").write_text(
        "sites:\n  - {name: Forward Base Zorblax, feature: military base, country: IRQ, lat: 34.0, lon: 43.0}\n",
        encoding="utf-8")
    place = Gazetteer.load(user_dir=str(tmp_path)).resolve("Forward Base Zorblax")
    assert (place.precision, place.country) == ("site", "IRQ")


def test_load_is_fast():
    start = time.perf_counter()
    Gazetteer.load()
    ActorDirectory.load()
    assert time.perf_counter() - start < 1.5
