"""Claims of responsibility on short synthetic texts, with both accuracy settings.

Each text exercises one rule of ``extract/document.py`` or ``extract/events.py``: the voice of a
communique is its issuer's, a mouthpiece speaks for its group, a retelling of the same day's
attack shares its claim, an admission about "the incident" names its doer, who sets the terms of
a hostage's release claims the kidnapping, and a claim naming its victim holds for each telling.
"""
from __future__ import annotations

import pytest

ACCURACY = ("standard", "high")


@pytest.fixture(scope="module", params=ACCURACY)
def extract(request):
    """text -> the contract events (dicts) the extractor makes of it."""
    from titfortat.model import Article
    from titfortat.pipeline import load_extractor
    from titfortat.settings import Settings

    extractor = load_extractor(Settings(accuracy=request.param))

    def run(text: str) -> list[dict]:
        return [e.to_dict() for e in extractor.extract(Article(doc_id="t", body=text)).events]
    return run


def _events(events: list[dict], trigger: str) -> list[dict]:
    found = [e for e in events if e["trigger"]["text"].lower() == trigger]
    assert found, f"no event on {trigger!r}: {[e['trigger']['text'] for e in events]}"
    return found


def _claimants(event: dict) -> str:
    return " | ".join(f"{a.get('text')} {a.get('name')}" for a in event["attribution"]["claimed_by"])


def test_a_communique_speaks_with_its_issuers_voice(extract):
    events = extract("The Kurdistan Workers' Party issued a communique on Monday. The communique reads: on "
                     "Sunday, PKK guerrillas attacked a police post in Hakkari, killing two officers.")
    attack = _events(events, "attacked")[0]
    assert attack["attribution"]["status"] == "claimed"
    assert "Kurdistan Workers' Party" in _claimants(attack)


def test_a_communique_nobody_issued_claims_nothing(extract):
    events = extract("The communique reads: on Sunday, guerrillas attacked a police post in Hakkari, "
                     "killing two officers.")
    assert not _events(events, "attacked")[0]["attribution"]["claimed"]


def test_an_army_statement_on_rebels_is_no_claim(extract):
    events = extract("The army issued a statement on Monday. The statement says that rebels attacked a "
                     "village near Hakkari on Sunday.")
    assert not _events(events, "attacked")[0]["attribution"]["claimed"]


def test_a_mouthpiece_speaks_for_its_group(extract):
    events = extract("A report published by the Amaq news agency, mouthpiece of al-Shabaab, says that a "
                     "group of fighters attacked a checkpoint near Kismayo on Friday.")
    attack = _events(events, "attacked")[0]
    assert attack["attribution"]["status"] == "claimed"
    assert "al-Shabaab" in _claimants(attack)


def test_an_agency_report_alone_claims_nothing(extract):
    events = extract("A report published by the Amaq news agency says that a group of fighters attacked "
                     "a checkpoint near Kismayo on Friday.")
    assert not _events(events, "attacked")[0]["attribution"]["claimed"]


def test_the_same_days_retelling_shares_the_claim(extract):
    events = extract("A car bomb exploded today near the central bank in Mogadishu, police said. "
                     "Al-Shabaab has claimed responsibility for the attack in a statement posted online. "
                     "Witnesses said the blast was heard across the city. "
                     "Today's explosion damaged several shops and a hotel.")
    for trigger in ("exploded", "explosion"):
        event = _events(events, trigger)[0]
        assert "Al-Shabaab" in _claimants(event), trigger


def test_an_admission_about_the_incident_names_its_doer(extract):
    events = extract("Army troops killed nine peasants near the village of San Pedro on Thursday, fire "
                     "department sources said. The troops mistook the peasants for a rebel column. The "
                     "defence minister said a commission would establish how the incident occurred, but "
                     "admitted that initial reports indicate that there had been confusion between army units.")
    killing = _events(events, "killed")[0]
    assert killing["attribution"]["claimed"]
    assert "defence minister" in _claimants(killing)


def test_an_admission_that_names_no_doer_claims_nothing(extract):
    events = extract("Army troops killed nine peasants near the village of San Pedro on Thursday, fire "
                     "department sources said. The defence minister said a commission would establish how "
                     "the incident occurred, but admitted that he had not been told of it for two days.")
    assert not _events(events, "killed")[0]["attribution"]["claimed"]


def test_who_asks_a_ransom_claims_the_kidnapping(extract):
    events = extract("Gunmen kidnapped businessman Carlos Mendoza in Lima on Monday. The Shining Path is "
                     "demanding a ransom of 1 million dollars for Mendoza's release.")
    kidnapping = _events(events, "kidnapped")[0]
    assert "Shining Path" in _claimants(kidnapping)


def test_who_sets_the_terms_of_a_release_claims_the_kidnapping(extract):
    events = extract("Rebels kidnapped three engineers near the oil field on Friday. In a message sent to a "
                     "radio station, the rebels said they would only release the engineers when the "
                     "government frees their comrades.")
    assert _events(events, "kidnapped")[0]["attribution"]["claimed"]


def test_a_ransom_for_someone_else_claims_nothing(extract):
    events = extract("Gunmen kidnapped businessman Carlos Mendoza in Lima on Monday. The Shining Path is "
                     "demanding a ransom of 1 million dollars for the release of Juan Perez.")
    assert not _events(events, "kidnapped")[0]["attribution"]["claimed"]


def test_a_claim_naming_the_victim_holds_for_each_telling(extract):
    events = extract("Anna Berg was kidnapped in central Kandahar on Tuesday. As a result of the attack, her "
                     "driver was killed, while Anna herself was violently abducted by the gunmen. In calls to "
                     "local media, the Taliban claimed responsibility for the abduction of Anna Berg.")
    for trigger in ("kidnapped", "abducted"):
        assert "Taliban" in _claimants(_events(events, trigger)[0]), trigger


def test_our_units_in_a_partys_account_are_its_claim(extract):
    events = extract("The Kurdistan Workers' Party reported that guerrilla units attacked an army post near "
                     "Hakkari on Sunday. Our units also sabotaged the power lines.")
    sabotage = _events(events, "sabotaged")[0]
    assert "Kurdistan Workers' Party" in _claimants(sabotage)


def test_our_units_in_nobodys_account_claim_nothing(extract):
    events = extract("Our units also sabotaged the power lines near Hakkari on Sunday.")
    assert not _events(events, "sabotaged")[0]["attribution"]["claimed"]


def test_our_forces_in_a_quoted_statement_are_the_speakers_act(extract):
    events = extract('"Our forces struck a rebel training camp near Hakkari on Sunday," the Turkish defence '
                     'ministry said.')
    strike = _events(events, "struck")[0]
    assert strike["attribution"]["claimed"]
    assert "ministry" in _claimants(strike)


def test_the_communique_is_the_one_issued_not_the_latest_statement(extract):
    events = extract("The Kurdistan Workers' Party issued a communique on Monday. The army issued a statement "
                     "on Tuesday. The communique reads: on Sunday, PKK guerrillas attacked a police post in "
                     "Hakkari, killing two officers.")
    assert "Kurdistan Workers' Party" in _claimants(_events(events, "attacked")[0])


def test_an_armed_groups_report_of_what_militants_did_is_no_claim(extract):
    events = extract("A report published by the Amaq news agency, mouthpiece of al-Shabaab, says that "
                     "militants attacked a checkpoint near Kismayo on Friday.")
    assert not _events(events, "attacked")[0]["attribution"]["claimed"]
