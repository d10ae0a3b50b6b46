"""Named victims the rules read (issue #4): lists, appositions, participles, casualty sentences,
and the fullest form of a victim's name the refiner reports."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def extractor():
    from titfortat.pipeline import load_extractor
    from titfortat.settings import Settings

    return load_extractor(Settings(accuracy="standard", processes=1))


def _recipients(extractor, text: str) -> dict[str, str]:
    from titfortat.model import Article

    item = extractor.extract(Article(doc_id="victims", body=text))
    return {r.text: r.kind for e in item.events if e.type == "ASSAULT" for r in e.recipients}


def test_people_named_in_a_later_casualty_sentence_are_the_attacks_victims(extractor):
    got = _recipients(extractor, "Gunmen attacked a bus near Cali on Monday. Two soldiers were killed. "
                                 "Maria Lopez and Juan Perez were wounded.")
    assert {"Maria Lopez", "Juan Perez"} <= set(got)
    assert "Two soldiers" not in got  # the toll stays a figure


def test_names_in_apposition_to_the_victims_each_count(extractor):
    got = _recipients(extractor, "Rebels abducted two engineers, Paul Smith and Karl Weber, in the north on Monday.")
    assert {"Paul Smith", "Karl Weber"} <= set(got)
    got = _recipients(extractor, "ARMY TROOPS MASSACRED THE PEASANTS JUAN GOMEZ, PEDRO LARA, AND JOSE MENA NEAR THE RIVER.")
    assert {"JUAN GOMEZ", "PEDRO LARA", "JOSE MENA"} <= set(got)
    got = _recipients(extractor, "TWO OF THE MAYOR'S GUARDS, RAMON PEREZ AND LUIS DE LEON, WHO WERE RIDING WITH HIM, "
                                 "WERE KILLED ON FRIDAY.")
    assert {"RAMON PEREZ", "LUIS DE LEON"} <= set(got)


def test_people_included_or_taken_together_with_the_victims(extractor):
    got = _recipients(extractor, "A BOMB EXPLODED AT THE UNION OFFICE TODAY, KILLING SIX PEOPLE, "
                                 "INCLUDING UNION LEADER MARTA SOLIS.")
    assert any(text.endswith("MARTA SOLIS") for text in got)
    got = _recipients(extractor, "THE DRIVER, TOGETHER WITH THE ENGINEER PAUL SMITH, WAS TAKEN HOSTAGE.")
    assert any(text.endswith("PAUL SMITH") for text in got)


def test_a_passive_participle_names_its_noun_as_the_victim(extractor):
    from titfortat.model import Article

    item = extractor.extract(Article(doc_id="v", body="Police found the body of the former mayor murdered in Lima last week."))
    attack = next(e for e in item.events if e.type == "ASSAULT")
    assert [r.text for r in attack.recipients] == ["the former mayor"]
    assert not attack.actors  # the police found him; they did not murder him
    got = _recipients(extractor, "CARLOS MENA, ONE OF THE FOUR TEACHERS MURDERED ON 3 MAY, WAS BURIED TODAY.")
    assert "CARLOS MENA" in got


def test_the_injured_are_named_after_the_attack(extractor):
    got = _recipients(extractor, "A BOMB EXPLODED IN A RESTAURANT IN CALI TODAY. THE INJURED ARE MARIO DIAZ, 24, AND "
                                 "ANA RUIZ. THE VICTIMS WERE IDENTIFIED AS JUAN PEREZ AND LUIS GOMEZ.")
    assert {"MARIO DIAZ", "ANA RUIZ", "JUAN PEREZ", "LUIS GOMEZ"} <= set(got)


def test_a_list_the_parse_left_unlinked_still_names_everyone(extractor):
    got = _recipients(extractor, "GUERRILLAS ATTACKED A BUS NEAR THE TOWN TODAY. AS A RESULT OF THE ATTACK PEDRO "
                                 "QUISPE, ISIDORO SAUNE, AND DIONISIO AGUIRRE WERE KILLED.")
    assert {"PEDRO QUISPE", "ISIDORO SAUNE", "DIONISIO AGUIRRE"} <= set(got)


def _table(words: list[str], pos: list[str], ents: dict[int, str] | None = None):
    import spacy
    from spacy.tokens import Doc

    from titfortat.extract.learned_features import TokenTable

    doc = Doc(spacy.blank("en").vocab, words=words, pos=pos, sent_starts=[True] + [False] * (len(words) - 1))
    for i, label in (ents or {}).items():
        doc[i].ent_type_ = label
    return doc, TokenTable(doc)


def _victim(doc, start: int, end: int):
    from titfortat.model import Actor

    span = doc[start:end]
    return Actor(text=span.text, start=span.start_char, end=span.end_char, kind="individual")


def _event(victim):
    from titfortat.model import Event

    return Event(doc_id="d", event_id="e", coder="t", type="ASSAULT", recipients=[victim])


def test_a_victim_is_named_in_full_when_the_document_adds_a_surname_after_the_mention():
    from titfortat.extract.learned import _full_names
    from titfortat.extract.learned_features import Candidate

    words = ["Father", "Jose", "Ignacio", "Ellacuria", "was", "shot", ".", "Jose", "Ignacio", "was", "a", "rector",
             ".", "Ana", "Torres", "de", "Lara", "died", "."]
    pos = ["PROPN", "PROPN", "PROPN", "NOUN", "AUX", "VERB", "PUNCT", "PROPN", "PROPN", "AUX", "DET", "NOUN",
           "PUNCT", "PROPN", "PROPN", "ADP", "PROPN", "VERB", "PUNCT"]
    doc, table = _table(words, pos)
    cands = [Candidate(s, e, doc[s:e].start_char, doc[s:e].end_char, doc[s:e].text.lower())
             for s, e in ((0, 4), (1, 4), (7, 9), (13, 15), (13, 17))]
    body = doc.text
    short = _full_names(_event(_victim(doc, 7, 9)), cands, table, body, None)
    assert short.recipients[0].text == "Jose Ignacio Ellacuria"  # not "Father Jose Ignacio Ellacuria"
    spanish = _full_names(_event(_victim(doc, 13, 15)), cands, table, body, None)
    assert spanish.recipients[0].text == "Ana Torres de Lara"


def test_where_a_victim_comes_from_is_no_part_of_the_name():
    from titfortat.extract.learned import _full_names

    words = ["Rebels", "seized", "Roberto", "Rossi", "of", "Milan", "."]
    pos = ["NOUN", "VERB", "PROPN", "PROPN", "ADP", "PROPN", "PUNCT"]
    doc, table = _table(words, pos, {5: "GPE"})
    got = _full_names(_event(_victim(doc, 2, 6)), [], table, doc.text, None)
    assert got.recipients[0].text == "Roberto Rossi"
    assert got.recipients[0].end == doc[3].idx + len("Rossi")


def test_held_hostage_is_an_abduction_and_holding_talks_is_not(extractor):
    got = _recipients(extractor, "The ambassador was held hostage by members of a mothers' committee for two days.")
    assert "The ambassador" in got
    assert not _recipients(extractor, "Ministers held talks in Geneva on Monday.")


def test_who_died_in_the_attack_is_its_victim(extractor):
    got = _recipients(extractor, "Pedro Ruiz died when gunmen attacked the village of San Miguel on Monday.")
    assert "Pedro Ruiz" in got
    from titfortat.model import Article

    item = extractor.extract(Article(doc_id="v", body="Gunmen attacked a union office in Cali on Monday. The attack "
                                                      "resulted in the death of Pedro Ruiz, a union leader."))
    attack = next(e for e in item.events if e.type == "ASSAULT")
    assert attack.killed is not None and attack.killed.best == 1  # the mention's toll is the attack's
    assert "Pedro Ruiz" in [r.text for r in attack.recipients]


def test_a_relatives_name_given_after_the_described_person(extractor):
    got = _recipients(extractor, "ARMY MAJOR LUIS PARDO'S WIFE, ROSA MARIA DE PARDO, WAS SHOT TO DEATH IN CALI ON TUESDAY.")
    assert "ROSA MARIA DE PARDO" in got


def test_victims_identified_by_an_official(extractor):
    got = _recipients(extractor, "A BOMB EXPLODED AT A MARKET IN SAN SALVADOR ON SUNDAY. JUDGE LUIS RIVAS IDENTIFIED "
                                 "THE DEAD MEN AS PEDRO BONILLA, 38, AND JOSE MARQUEZ, 42.")
    assert {"PEDRO BONILLA", "JOSE MARQUEZ"} <= set(got)


def test_a_kidnapping_told_in_a_participle_with_its_agent_is_an_event(extractor):
    from titfortat.model import Article

    item = extractor.extract(Article(doc_id="v", body="BRITISH ENGINEER JOHN MARK JONES, KIDNAPPED BY THE NATIONAL "
                                                      "LIBERATION ARMY, RESIDES IN COLOMBIA, IT WAS REPORTED TODAY."))
    attack = next(e for e in item.events if e.type == "ASSAULT")
    assert any(r.text.endswith("JOHN MARK JONES") for r in attack.recipients)
    assert [a.text for a in attack.actors] == ["THE NATIONAL LIBERATION ARMY"]


def test_a_murder_first_told_as_condemned_is_told(extractor):
    got = _recipients(extractor, "THE GOVERNMENT TODAY CONDEMNED THE MURDER OF PRESIDENCY MINISTER ANTONIO PEREZ IN AN "
                                 "ATTACK PERPETRATED BY URBAN GUERRILLAS.")
    assert any(text.endswith("ANTONIO PEREZ") for text in got)
