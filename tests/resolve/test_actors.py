"""Actor dictionary: aliases, generic actors with nationality, validity dates, describe()."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from titfortat.errors import DataFileError
from titfortat.resolve import ActorDirectory
from titfortat.resolve.actors import entry_from_dict

SEED_DAY = dt.date(2020, 3, 20)


@pytest.mark.parametrize("text, name, country, sector, kind", [
    ("Kataib Hezbollah", "Kataib Hezbollah", "IRQ", "PRM", "organization"),
    ("the Iran-backed Iraqi militia, Kataib Hezbollah", "Kataib Hezbollah", "IRQ", "PRM", "organization"),
    ("Kataib Hezbollah and other Iran-backed militia groups", "Kataib Hezbollah", "IRQ", "PRM", "organization"),
    ("KATA'IB HIZBALLAH", "Kataib Hezbollah", "IRQ", "PRM", "organization"),
    ("US forces", "United States Armed Forces", "USA", "MIL", "organization"),
    ("US forces in Iraq", "United States Armed Forces", "USA", "MIL", "organization"),
    ("two US servicemen", "United States Armed Forces", "USA", "MIL", "organization"),
    ("the US", "United States", "USA", None, "organization"),
    ("the U.S.", "United States", "USA", None, "organization"),
    ("America's", "United States", "USA", None, "organization"),
    ("Washington", "Government of the United States", "USA", "GOV", "organization"),
    ("Tehran", "Government of Iran", "IRN", "GOV", "organization"),
    ("Iran", "Iran", "IRN", None, "organization"),
    ("US-led coalition forces", "US-led coalition (Operation Inherent Resolve)", "USA", "MIL", "organization"),
    ("the White House", "White House", "USA", "GOV", "organization"),
    ("the Pentagon", "Pentagon", "USA", "MIL", "organization"),
    ("Iraqi security forces", "Iraqi security forces", "IRQ", "MIL", "organization"),
    ("the Iraqi parliament", "Iraqi parliament", "IRQ", "LEG", "organization"),
    ("the Popular Mobilisation Forces", "Popular Mobilisation Forces", "IRQ", "PRM", "organization"),
    ("General Qasem Soleimani", "Qasem Soleimani", "IRN", "MIL", "individual"),
    ("Houthi rebels", "Houthis", "YEM", "REB", "organization"),
    ("THE FMLN", "Farabundo Marti National Liberation Front", "SLV", "REB", "organization"),
    ("THE FARABUNDO MARTI NATIONAL LIBERATION FRONT", "Farabundo Marti National Liberation Front", "SLV", "REB",
     "organization"),
    ("Salvadoran army troops", "Salvadoran Armed Forces", "SLV", "MIL", "organization"),
    ("THE ATLACATL BATTALION", "Atlacatl Battalion", "SLV", "MIL", "organization"),
    ("SHINING PATH", "Shining Path", "PER", "REB", "organization"),
    ("SENDERO LUMINOSO", "Shining Path", "PER", "REB", "organization"),
    ("THE EXTRADITABLES", "The Extraditables", "COL", "CRM", "organization"),
    ("THE MEDELLIN CARTEL", "Medellin Cartel", "COL", "CRM", "organization"),
    ("URNG", "Guatemalan National Revolutionary Unity", "GTM", "REB", "organization"),
    ("THE TREASURY POLICE", "Salvadoran Treasury Police", "SLV", "COP", "organization"),
    ("Wagner mercenaries", "Wagner Group", "RUS", "PRM", "organization"),
    ("ISWAP fighters", "Islamic State West Africa Province", "NGA", "REB", "organization"),
    ("the JNIM", "Jama'at Nusrat al-Islam wal-Muslimin", "MLI", "REB", "organization"),
])
def test_named_actors(directory, text, name, country, sector, kind):
    entry, why = directory.resolve(text, on=dt.date(1989, 11, 16) if text.isupper() else SEED_DAY)
    assert (entry.name, entry.country, entry.sector, entry.kind) == (name, country, sector, kind)
    assert why


@pytest.mark.parametrize("text, name, country, sector, kind", [
    ("gunmen", "gunmen", None, "UAF", "group"),
    ("a gunman", "gunman", None, "UAF", "individual"),
    ("GUERRILLAS", "rebels", None, "REB", "group"),
    ("one British soldier", "British soldier", "GBR", "MIL", "individual"),
    ("Iraqi protesters", "Iraqi protesters", "IRQ", "CVL", "group"),
    ("the Iraqi state", "Iraqi government", "IRQ", "GOV", "organization"),
    ("Iraq's army", "Iraqi armed forces", "IRQ", "MIL", "organization"),
    ("SALVADORAN PEASANTS", "Salvadoran civilians", "SLV", "CVL", "group"),
    ("Iran-backed militias", "militia", None, "PRM", "group"),  # backed by Iran is not Iranian
    ("Iranian proxies", "Iranian militia", "IRN", "PRM", "group"),
])
def test_generic_actors_take_country_from_nationality(directory, text, name, country, sector, kind):
    entry, why = directory.resolve(text, on=SEED_DAY)
    assert entry.generic
    assert (entry.name, entry.country, entry.sector, entry.kind) == (name, country, sector, kind)
    assert "generic" in why


def test_seed_affiliations(directory):
    entry, why = directory.resolve("the Iran-backed Iraqi militia, Kataib Hezbollah", on=SEED_DAY)
    assert "Iran" in entry.affiliations["backed_by"]
    assert entry.affiliations["part_of"] == ("Popular Mobilisation Forces",)
    assert why == "alias 'Kataib Hezbollah' of Kataib Hezbollah in actors.yaml"


def test_every_affiliation_names_an_entry(directory):
    names = {e.name for e in directory.entries}
    missing = {(e.name, target) for e in directory.entries for targets in e.affiliations.values()
               for target in targets if target not in names}
    assert not missing


def test_size_and_states(directory):
    assert len([e for e in directory.entries if e.source == "actors.yaml"]) >= 150
    states = {e.country for e in directory.entries if e.source.startswith("country tables")}
    assert len(states) >= 240


@pytest.mark.parametrize("text, on, name", [
    ("the Syrian government", dt.date(2020, 3, 20), "Assad government"),
    ("the Syrian government", dt.date(2025, 3, 1), "Syrian transitional government"),
    ("the Trump administration", dt.date(2019, 5, 1), "Trump administration"),
    ("the Trump administration", dt.date(2025, 5, 1), "Second Trump administration"),
    ("the administration", dt.date(2022, 5, 1), "Biden administration"),
    ("FMLN", dt.date(1989, 11, 16), "Farabundo Marti National Liberation Front"),
    ("FMLN", dt.date(2009, 3, 15), "FMLN (political party)"),
    ("the Sandinista government", dt.date(1989, 1, 1), "Sandinista government"),
])
def test_validity_dates_choose_the_entry(directory, text, on, name):
    entry, why = directory.resolve(text, on=on)
    assert entry.name == name
    assert f"valid on {on.isoformat()}" in why


@pytest.mark.parametrize("text, on", [
    ("the Sandinista government", dt.date(1995, 1, 1)),
    ("HTS", dt.date(2010, 1, 1)),
    ("Africa Corps", dt.date(2020, 1, 1)),
])
def test_expired_or_future_entries_do_not_resolve(directory, text, on):
    result = directory.resolve(text, on=on)
    assert result is None or result[0].generic  # at most the generic word ("government") is left


@pytest.mark.parametrize("text", ["THE PEOPLE TOLD US", "WHAT IS THIS", "Hello world", ""])
def test_no_false_matches(directory, text):
    result = directory.resolve(text)
    assert result is None or result[0].generic


@pytest.mark.parametrize("text, country, sector, kind", [
    ("Salvadoran army troops", "SLV", "MIL", "group"),
    ("a gunman", None, "UAF", "individual"),
    ("gunmen", None, "UAF", "group"),
    ("protesters", None, "CVL", "group"),
    ("peasants", None, "CVL", "group"),
    ("General X", None, "MIL", "individual"),
    ("President Y", None, "GOV", "individual"),
    ("Iraqi lawmakers", "IRQ", "LEG", "organization"),
    ("the embassy", None, None, "physical"),
    ("a power pylon", None, None, "physical"),
    ("the Camp Taji airbase", None, None, "physical"),
    ("a bus", None, None, "physical"),
    ("Iraqi police", "IRQ", "COP", "organization"),
    ("US forces", "USA", "MIL", "organization"),
    ("Iran-backed militia", None, "PRM", "group"),
    ("THE COLOMBIAN POLICE", "COL", "COP", "organization"),
    ("Jesuit priests", None, "REL", "group"),
])
def test_describe(directory, text, country, sector, kind):
    described = directory.describe(text)
    assert (described["country"], described["sector"], described["kind"]) == (country, sector, kind)
    assert described["why"]


@pytest.mark.parametrize("word, iso3", [
    ("Iraqi", "IRQ"), ("U.S.", "USA"), ("US", "USA"), ("Salvadoran", "SLV"), ("SALVADORAN", "SLV"),
    ("British", "GBR"), ("Burkinabe", "BFA"), ("Colombians", "COL"), ("Martian", None),
])
def test_nationality(directory, word, iso3):
    assert directory.nationality(word) == iso3


def test_user_file_extends_directory(tmp_path):
    (tmp_path / "actors.yaml").write_text(
        "- {name: Test Brigade, aliases: [Zorblax Brigade], kind: organization, country: IRQ, sector: PRM}\n",
        encoding="utf-8")
    directory = ActorDirectory.load(user_dir=str(tmp_path))
    assert directory.resolve("the Zorblax Brigade")[0].name == "Test Brigade"


@pytest.mark.parametrize("record", [
    {"aliases": ["x"]},
    {"name": "X", "kind": "army"},
    {"name": "X", "valid_from": "last year"},
    {"name": "X", "affiliations": {"funded_by": ["Y"]}},
])
def test_bad_entries_are_reported(record):
    with pytest.raises(DataFileError):
        entry_from_dict(record)


def test_load_is_fast():
    start = time.perf_counter()
    ActorDirectory.load()
    assert time.perf_counter() - start < 1.5
