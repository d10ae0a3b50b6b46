"""The learned refiner (titfortat.extract.learned): model files, fitting, decoding, and the refiner
wired into the real extractor on MUC-4 TST1 messages and on the seed article."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from titfortat.extract.learned import Refiner, select
from titfortat.extract.learned_features import ROLES, Candidate, norm
from titfortat.extract.learned_model import LinearModel, fit

ROOT = Path(__file__).resolve().parents[2]
MUC_TST1 = ROOT / "tests" / "data" / "muc4" / "muc4_tst1.jsonl"


@pytest.fixture(scope="module")
def extractor():
    from titfortat.pipeline import load_extractor
    from titfortat.settings import Settings

    ex = load_extractor(Settings())
    ex.refiner = Refiner.load(directory=ex.actors)
    return ex


def _muc_articles(n: int):
    from titfortat.model import Article

    records = [json.loads(line) for line in MUC_TST1.read_text(encoding="utf-8").splitlines()[:n]]
    return [Article(doc_id=r["id"], body=r["text"]) for r in records]


@pytest.mark.parametrize("text", ["The FMLN guerrillas", "\"LA EMINENCIA\"\nFARM", "José's car-bomb, a 5-KG charge"])


def test_norm_is_the_scorers(text):
    from titfortat.evaluate.scorers import load_scorer

    assert norm(text) == load_scorer("score_muc4").norm(text)


def test_fit_learns_and_round_trips():
    rows = [["a", "x"], ["a", "y"], ["b", "x"], ["b", "y"]] * 10
    targets = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]] * 10)
    model = fit(rows, targets, ("A", "B"), min_count=1, iterations=200, rate=0.1)
    probs = model.scores([["a"], ["b"], ["unseen"]])
    assert probs[0, 0] > 0.9 and probs[0, 1] < 0.1 and probs[1, 1] > 0.9
    again = LinearModel.from_bytes(model.to_bytes())
    assert np.allclose(again.scores([["a", "y"]]), model.scores([["a", "y"]]), atol=1e-2)


def test_select_keeps_one_form_per_filler_and_one_role_per_text():
    cands = [Candidate(0, 2, 0, 15, "fmln guerrillas"), Candidate(0, 1, 0, 4, "fmln"), Candidate(5, 6, 30, 34, "bomb")]
    probs = np.zeros((3, len(ROLES)))
    probs[0, ROLES.index("PerpInd")] = 0.6
    probs[1, ROLES.index("PerpInd")] = 0.4
    probs[1, ROLES.index("PerpOrg")] = 0.9
    probs[2, ROLES.index("Weapon")] = 0.7
    chosen = {(d.candidate.key, d.role) for d in select(cands, probs, {r: 0.3 for r in ROLES})}
    assert chosen == {("fmln guerrillas", "PerpInd"), ("fmln", "PerpOrg"), ("bomb", "Weapon")}


def test_shipped_model_is_small_and_loads():
    folder = ROOT / "titfortat" / "data" / "models"
    assert sum(p.stat().st_size for p in folder.iterdir()) < 5_000_000
    refiner = Refiner.load()
    assert set(refiner.thresholds) == set(ROLES) and refiner.roles.weights.shape[1] == len(ROLES)


def test_refined_muc_events_have_exact_offsets_and_say_why(extractor):
    articles = _muc_articles(12)
    first = list(extractor.extract_many(articles))
    learned = 0
    for item in first:
        for event in item.events:
            for arg in [*event.actors, *event.recipients, *event.instruments]:
                if arg.start is not None:
                    assert item.article.body[arg.start:arg.end] == arg.text
                if "learned role model" in (getattr(arg, "why", None) or ""):
                    learned += 1
    assert learned > 0, "the refiner added or re-kinded nothing on 12 MUC-4 messages"
    second = list(extractor.extract_many(articles))
    assert [[e.to_dict() for e in x.events] for x in first] == [[e.to_dict() for e in x.events] for x in second]


def test_seed_still_passes_with_the_refiner(extractor, seed_path, tmp_path):
    from titfortat.pipeline import extract_paths
    from titfortat.settings import Settings

    out = tmp_path / "seed.jsonl"
    with open(out, "w", encoding="utf-8") as stream:
        for item in extract_paths([str(seed_path)], settings=Settings(), extractor=extractor):
            for event in item.events:
                stream.write(json.dumps(event.to_dict()) + "\n")
    checker = ROOT / "eval" / "check_seed.py"
    if not checker.exists():
        checker = ROOT.parent / "shared" / "eval" / "check_seed.py"
    result = subprocess.run([sys.executable, str(checker), str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_name_runs_widen_names_the_truecaser_left_lower_case():
    import spacy
    from spacy.tokens import Doc

    from titfortat.extract.learned_features import _name_runs

    words = ["Gunmen", "killed", "hector", "Oqueli", "Colindres", "castro", "in", "Guatemala", "."]
    pos = ["NOUN", "VERB", "NOUN", "PROPN", "PROPN", "NOUN", "ADP", "PROPN", "PUNCT"]
    doc = Doc(spacy.blank("en").vocab, words=words, pos=pos, sent_starts=[True] + [False] * 8)
    runs = {doc[s:e].text for s, e in _name_runs(doc)}
    assert {"Oqueli Colindres", "hector Oqueli Colindres", "hector Oqueli Colindres castro", "Guatemala"} <= runs
    assert "killed hector Oqueli Colindres" not in runs  # a verb before a name-run is not a first name
    assert all(" in" not in r for r in runs)


def test_titled_victims_also_name_the_person_without_the_title():
    import spacy
    from spacy.tokens import Doc

    from titfortat.extract.learned_features import _titled_names

    words = ["Gunmen", "killed", "Senator", "Luis", "Carlos", "Galan", "."]
    pos = ["NOUN", "VERB", "PROPN", "PROPN", "PROPN", "PROPN", "PUNCT"]
    doc = Doc(spacy.blank("en").vocab, words=words, pos=pos, sent_starts=[True] + [False] * 6)
    tails = {doc[s:e].text for s, e in _titled_names(doc, 2, 6)}
    assert tails == {"Luis Carlos Galan", "Carlos Galan"}  # two name words at least, never the surname alone


@pytest.mark.parametrize("incident, expected", [("1989-08-28", "agemin=week"), ("1989-05-01", "agemin=year"),
                                                ("1987-01-01", "agemin=old"), (None, "age=none")])


def test_relevance_sees_how_old_the_incident_is(incident, expected):
    import datetime as dt

    from titfortat.extract.learned_features import _age_features
    from titfortat.model import Article, DateSpan, Event

    day = dt.date.fromisoformat(incident) if incident else None
    event = Event(doc_id="d", event_id="e", coder="t", type="ASSAULT",
                  date=DateSpan(start=day, end=day, precision="day") if day else None)
    assert expected in _age_features(Article(doc_id="d", body="x", published="1989-08-30"), [event])



def test_relevance_sees_who_was_attacked():
    """A clash between armed sides and an attack on civilians or property read differently."""
    from titfortat.extract.learned_features import _party_features
    from titfortat.model import Actor, Event

    def attack(actor, recipient):
        return Event(doc_id="d", event_id="e", coder="t", type="ASSAULT", actors=[actor], recipients=[recipient])

    troops = Actor(text="troops", kind="group", sector="MIL")
    rebels = Actor(text="rebels", kind="group", sector="REB")
    clash = _party_features([attack(troops, rebels)])
    assert {"pav=armed>armed", "victims=armed", "rsec=REB", "asec=MIL"} <= clash
    bus = Actor(text="a bus", kind="physical")
    bombing = _party_features([attack(rebels, bus), attack(troops, rebels)])
    assert {"pav=armed>thing", "pv=ASSAULT|thing", "victims=armed+thing"} <= bombing
    assert "victims=none" in _party_features([Event(doc_id="d", event_id="e", coder="t", type="ASSAULT")])


def test_a_name_inside_a_longer_name_is_marked():
    from titfortat.extract.learned_features import _mark_shorter_names

    cands = [Candidate(0, 3, 0, 23, "bernardo jaramillo ossa", ["allpropn"]),
             Candidate(1, 3, 9, 23, "jaramillo ossa", ["allpropn"]), Candidate(5, 6, 30, 34, "ossa", ["allpropn"]),
             Candidate(7, 8, 40, 45, "bombs", [])]
    _mark_shorter_names(cands)
    assert [c.features[-1] for c in cands[:3]] == ["fullname=yes", "fullname=no", "fullname=no"]
    assert cands[3].features == []


def test_fillers_see_their_sentences_attack():
    """An old incident recalled, or a clash between armed sides, marks the fillers of its sentence."""
    import datetime as dt

    from titfortat.extract.learned_features import _event_context
    from titfortat.model import Actor, Article, DateSpan, Event

    day = dt.date(1986, 4, 1)
    event = Event(doc_id="d", event_id="e", coder="t", type="ASSAULT", date=DateSpan(start=day, end=day, precision="day"),
                  actors=[Actor(text="troops", kind="group", sector="MIL")],
                  recipients=[Actor(text="rebels", kind="group", sector="REB")])
    article = Article(doc_id="d", body="x", reference_date=dt.date(1989, 4, 4))
    assert _event_context(article, event) == ["sctx=accomplished|asserted", "sctx=armed>armed", "sctx=age|old"]

def _collected(extractor):
    """The training sample the trainer's Collector records for the third TST1 message."""
    from titfortat.train import Collector

    article = _muc_articles(3)[2]
    refiner, extractor.refiner = extractor.refiner, Collector(directory=extractor.actors)
    try:
        list(extractor.extract_many([article]))
        return extractor.refiner.samples[article.doc_id]
    finally:
        extractor.refiner = refiner


def test_mentions_of_one_entity_share_its_pooled_features(extractor):
    candidates = _collected(extractor).candidates
    groups: dict[str, list] = {}
    for cand in candidates:
        groups.setdefault(cand.key, []).append(cand)
    repeated = [g for g in groups.values() if len({c.start for c in g}) > 1]
    assert repeated, "no entity is named twice in the message"
    for group in repeated:
        pooled = [sorted(f for f in c.features if f.startswith("k")) for c in group]
        assert all(p == pooled[0] for p in pooled) and any(f.startswith("kn=") for f in pooled[0])


@pytest.mark.parametrize("text, score, kept", [("the United States", 0.05, True), ("the United States", 0.005, False),
                                               ("US forces", 0.05, True), ("the FMLN", 0.05, False)])


def test_named_states_and_forces_are_spared_above_a_near_zero_score(extractor, text, score, kept):
    from titfortat.model import Actor, Event

    refiner = Refiner.load(directory=extractor.actors)
    assert refiner.config["named_actor_sectors"] == ["", "MIL"]  # states and their forces, not rebels
    event = Event(doc_id="d", event_id="e", coder="t", type="ASSAULT",
                  actors=[Actor(text=text, start=0, end=len(text), kind="organization")])
    spared = refiner._named_actors([event], {norm(text): score})
    assert (bool(spared) is kept) and (not spared or spared == {(norm(text), "PerpOrg")})


def test_tuning_counts_the_rule_fillers_the_refiner_leaves_alone():
    from titfortat.model import Actor, Event, Instrument
    from titfortat.train import fixed_fillers, rule_flags

    kidnap = Event(doc_id="d", event_id="k", coder="t", type="COERCE",
                   actors=[Actor(text="The ELN", kind="organization")],
                   recipients=[Actor(text="Peasants", kind="group"), Actor(text="Juan Perez", kind="individual")])
    bombing = Event(doc_id="d", event_id="b", coder="t", type="ASSAULT", instruments=[Instrument(text="a bomb", start=0, end=6)])
    assert fixed_fillers([kidnap, bombing]) == {"PerpOrg": {"eln"}, "Victim": {"juan perez"}}
    raid = Event(doc_id="d", event_id="r", coder="t", type="COERCE", actors=[Actor(text="the army", kind="organization")],
                 recipients=[Actor(text="the farm", kind="physical")], instruments=[Instrument(text="six rifles", start=0, end=10)])
    assert fixed_fillers([raid]) == {"PerpOrg": {"army"}}  # its target and weapons are the refiner's to decide
    assert rule_flags([kidnap, bombing]) == (True, True) and rule_flags([bombing]) == (False, True)


def test_gate_scales_role_probabilities_by_relevance():
    from titfortat.extract.learned import gate

    probs = np.array([[0.8, 0.4]])
    assert np.array_equal(gate(probs, 0.5, 0.0), probs)
    assert np.allclose(gate(probs, 0.25, 1.0), [[0.2, 0.1]]) and np.allclose(gate(probs, 0.25, 0.5), [[0.4, 0.2]])


@pytest.mark.parametrize("drops_coercion", [False, True])


def test_a_text_found_irrelevant_loses_its_attacks_and_by_config_its_arrests(drops_coercion, extractor):
    from titfortat.model import Article, Event

    never = LinearModel(vocabulary={}, weights=np.zeros((0, 1), dtype=np.float32),
                        bias=np.array([-6.0], dtype=np.float32), labels=("relevant",))  # p ~ 0.0025
    no_role = LinearModel(vocabulary={}, weights=np.zeros((0, len(ROLES)), dtype=np.float32),
                          bias=np.full(len(ROLES), -6.0, dtype=np.float32), labels=tuple(ROLES))
    refiner = Refiner(roles=no_role, relevance=never, thresholds={r: 0.5 for r in ROLES}, relevance_threshold=0.1,
                      keep_threshold=1.0, config={"irrelevant_drops_coercion": drops_coercion})
    events = [Event(doc_id="d", event_id=t, coder="t", type=t) for t in ("ASSAULT", "COERCE", "PROTEST")]
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("NOTHING OF NOTE HAPPENED IN THE CAPITAL TODAY, THE POLICE SAID.")  # all-caps wire copy, like MUC-4's
    kept = [e.type for e in refiner(Article(doc_id="d", body=doc.text), doc, events)]
    assert kept == (["PROTEST"] if drops_coercion else ["COERCE", "PROTEST"])
    # mixed-case prose: the MUC-trained relevance model does not remove what the rules found
    prose = extractor.nlp("Nothing of note happened in the capital today, the police said.")
    kept = [e.type for e in refiner(Article(doc_id="d", body=prose.text), prose, events)]
    assert kept == ["ASSAULT", "COERCE", "PROTEST"]


def test_relevance_features_see_the_lead_the_event_sentences_and_bigrams(extractor):
    feats = _collected(extractor).doc_features
    for prefix in ("l=", "ld=", "ts=", "bi="):
        assert any(f.startswith(prefix) for f in feats), prefix
    assert len([f for f in feats if f.startswith("ld=")]) < len([f for f in feats if f.startswith("l=")])


def test_tuning_drops_kept_rule_fillers_only_when_the_config_drops_coercion():
    from titfortat.train import Sample, ree_counts, relevance_f1

    sample = Sample("d", [], [], gold={r: [] for r in ROLES}, relevant=False, kept_events=True,
                    fixed={"PerpOrg": {"eln"}})
    probs, p_rel = {"d": np.zeros((0, len(ROLES)))}, {"d": 0.01}
    thresholds = {r: 0.5 for r in ROLES}
    assert ree_counts([sample], {"d": []}, {"d": False}, drop_coercion=False)["PerpOrg"] == [0, 1, 0]
    assert ree_counts([sample], {"d": []}, {"d": False}, drop_coercion=True)["PerpOrg"] == [0, 0, 0]
    hit = Sample("h", [], [], relevant=True, kept_events=True)
    probs["h"], p_rel["h"] = np.zeros((0, len(ROLES))), 0.01
    # the relevant text keeps its kept event without the drop, loses it with the drop
    assert relevance_f1([sample, hit], probs, p_rel, thresholds, 0.2, False) == pytest.approx(2 / 3)
    assert relevance_f1([sample, hit], probs, p_rel, thresholds, 0.2, True) == 0.0


def test_shipped_config_keeps_the_relevance_threshold_under_the_cap():
    from titfortat.train import POWERS, RELEVANCE_CAP

    config = Refiner.load().config
    assert 0.0 < config["relevance_threshold"] <= RELEVANCE_CAP
    assert config["relevance_power"] in POWERS and isinstance(config["irrelevant_drops_coercion"], bool)


@pytest.mark.parametrize("sentence, word, cue", [
    ("The army attributed the attack to the rebels.", "rebels", "perp=attrib"),
    ("The cartel claimed responsibility for the bombing.", "cartel", "perp=claim"),
    ("Colonel Rojas is responsible for the murders.", "Rojas", "perp=claim"),
    ("The judge charged two officers with the murders.", "officers", "perp=accused"),
    ("Two officers were charged with the murders.", "officers", "perp=accused"),
    ("The students were killed by soldiers.", "soldiers", "perp=agent"),
    ("Peasants were captured by troops commanded by Colonel Rojas.", "Rojas", "perp=cmd"),
    ("Members of the people's army burned a bus.", "army", "perp=member"),
    ("Members of the people's army burned a bus.", "army", "perp=org>subj"),
    ("Rebel guerrillas burned a bus.", "guerrillas", "perp=subj"),
])


def test_perpetrator_cues_wherever_the_text_names_the_perpetrator(sentence, word, cue):
    """Who did it, outside the attack clause too: claims, blame, accusations, by-agents, members."""
    from titfortat.extract.learned_cues import perp_cues
    from titfortat.extract.learned_features import TokenTable
    from titfortat.extract.nlp import load_nlp
    from titfortat.settings import Settings

    doc = load_nlp(Settings().spacy_model)(sentence)
    table = TokenTable(doc)
    tok = next(t for t in doc if t.text == word)
    assert cue in perp_cues(table, tok.i)
    assert not any(perp_cues(table, t.i) for t in doc if t.lower_ in ("bus", "bombing", "murders"))


def test_an_organisation_named_with_its_members_is_both_perpetrator_fillers(extractor):
    """ "the FMLN guerrillas" acted (PerpInd, a group) and the FMLN is their organisation (PerpOrg);
    "Peruvian soldiers" names no organisation, only a country."""
    from titfortat.extract.learned import _members_of
    from titfortat.model import Actor, Event

    body = "YESTERDAY THE FMLN GUERRILLAS, TWO GUATEMALAN ARMY\nTROOPS, PERUVIAN SOLDIERS AND THE ARMED FORCES ATTACKED"
    actors = [Actor(text=t, start=body.index(t), end=body.index(t) + len(t), kind="organization", name=t.title())
              for t in ("THE FMLN GUERRILLAS", "TWO GUATEMALAN ARMY\nTROOPS", "PERUVIAN SOLDIERS", "THE ARMED FORCES")]
    event = _members_of(Event(doc_id="d", event_id="e", coder="t", type="ASSAULT", actors=actors), extractor.actors)
    got = [(a.text, a.kind) for a in event.actors]
    assert got == [("THE FMLN GUERRILLAS", "group"), ("FMLN", "organization"),
                   ("TWO GUATEMALAN ARMY\nTROOPS", "group"), ("GUATEMALAN ARMY", "organization"),
                   ("PERUVIAN SOLDIERS", "organization"), ("THE ARMED FORCES", "organization")]
    assert all(body[a.start:a.end] == a.text for a in event.actors)


def test_fit_with_an_offset_learns_only_the_correction():
    # the offset already says "relevant" for every row; the model learns that rows with "x" are not
    rows = [["x"], ["y"]] * 20
    targets = np.array([[0.0], [1.0]] * 20)
    offset = np.full((40, 1), 2.0)
    model = fit(rows, targets, ("relevant",), min_count=1, l2=1e-4, iterations=300, rate=0.1, offset=offset)
    margins = model.margins([["x"], ["y"]])[:, 0] + 2.0
    assert margins[0] < 0 < margins[1]
    assert np.allclose(model.scores([["x"]]), 1 / (1 + np.exp(-model.margins([["x"]]))))


def test_stacked_relevance_corrects_the_first_models_odds_by_the_likeliest_fillers():
    from titfortat.extract.learned import stack_features, stacked_relevance

    probs = np.zeros((3, len(ROLES)))
    probs[1, ROLES.index("Victim")] = 0.6
    feats = stack_features(probs)
    assert "maxVictim>=0.5" in feats and "maxVictim>=0.1" in feats and "maxVictim>=0.7" not in feats
    assert not any(f.startswith("maxTarget") for f in feats) and stack_features(np.zeros((0, len(ROLES)))) == []
    stack = LinearModel(vocabulary={"maxVictim>=0.5": 0}, weights=np.array([[2.0]], dtype=np.float32),
                        bias=np.array([-1.0], dtype=np.float32), labels=("relevant",))
    assert stacked_relevance(0.4, probs, None) == 0.4
    odds = np.log(0.4 / 0.6) + 1.0  # -1 bias + 2 for a likely named victim
    assert stacked_relevance(0.4, probs, stack) == pytest.approx(1 / (1 + np.exp(-odds)))
    assert stacked_relevance(0.4, np.zeros((2, len(ROLES))), stack) < 0.4


def test_cross_validation_scores_each_dev_text_by_a_model_that_never_saw_it():
    from titfortat.train import Sample, folds, out_of_fold

    samples = [Sample(f"d{i:02d}", [], []) for i in (7, 3, 9, 1, 5, 0, 2, 8, 6, 4, 11, 10)]
    fold = folds(samples, 5)
    assert fold == folds(list(samples), 5) and sorted(set(fold)) == [0, 1, 2, 3, 4]
    seen = out_of_fold(samples, fold, lambda train: {s.doc_id for s in train}, lambda model, s: s.doc_id in model)
    assert set(seen) == {s.doc_id for s in samples} and not any(seen.values())


def test_shipped_stacked_relevance_model_loads_when_the_config_uses_it():
    refiner = Refiner.load()
    assert (refiner.stack is not None) == bool(refiner.config.get("relevance_stack"))
    if refiner.stack is not None:
        assert set(refiner.stack.vocabulary) <= {f"max{r}>={e}" for r in ROLES for e in (0.1, 0.2, 0.3, 0.5, 0.7)}


def test_the_stacked_model_keeps_an_attack_the_relevance_model_alone_would_drop(extractor):
    from titfortat.model import Article, Event

    doubtful = LinearModel(vocabulary={}, weights=np.zeros((0, 1), dtype=np.float32),
                           bias=np.array([-1.0], dtype=np.float32), labels=("relevant",))  # p ~ 0.27
    no_role = LinearModel(vocabulary={}, weights=np.zeros((0, len(ROLES)), dtype=np.float32),
                          bias=np.full(len(ROLES), -6.0, dtype=np.float32), labels=tuple(ROLES))
    events = [Event(doc_id="d", event_id="a", coder="t", type="ASSAULT")]
    doc = extractor.nlp("A BOMB EXPLODED IN THE CAPITAL TODAY, THE POLICE SAID.")  # all-caps wire copy
    article = Article(doc_id="d", body=doc.text)
    for bias, kept in ((0.0, []), (3.0, ["ASSAULT"])):  # the stacked model's correction of the odds
        stack = LinearModel(vocabulary={}, weights=np.zeros((0, 1), dtype=np.float32),
                            bias=np.array([bias], dtype=np.float32), labels=("relevant",))
        refiner = Refiner(roles=no_role, relevance=doubtful, thresholds={r: 0.5 for r in ROLES},
                          relevance_threshold=0.5, keep_threshold=1.0, stack=stack)
        assert [e.type for e in refiner(article, doc, events)] == kept


def test_the_refiner_decides_the_things_an_arrest_or_seizure_names_in_wire_copy():
    """ "Troops seized six rifles at the farm": in all-caps wire copy the seizure's weapons and
    physical recipients stay only when the role model selects them; its people stay regardless."""
    from titfortat.extract.learned import THING_ROLES, _rebuild
    from titfortat.model import Actor, Event, Instrument

    raid = Event(doc_id="d", event_id="r", coder="t", type="COERCE",
                 actors=[Actor(text="the troops", kind="group")],
                 recipients=[Actor(text="the farm", kind="physical"), Actor(text="Juan Perez", kind="individual")],
                 instruments=[Instrument(text="six rifles", start=0, end=10), Instrument(text="a bomb", start=20, end=26)])
    wanted = {("bomb", "Weapon"): None}
    kept = _rebuild(raid, wanted, set(), set(), THING_ROLES)
    assert [a.text for a in kept.actors] == ["the troops"]
    assert [a.text for a in kept.recipients] == ["Juan Perez"]
    assert [a.text for a in kept.instruments] == ["a bomb"]


def _parsed(words, pos, deps, heads, lemmas=None, spaces=None):
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, spaces=spaces, pos=pos, deps=deps, heads=heads,
               lemmas=lemmas or [w.lower() for w in words], sent_starts=[True] + [False] * (len(words) - 1))


def test_span_variants_drop_a_leading_count():
    from titfortat.extract.learned_features import _span_variants

    doc = _parsed(["several", "public", "buses", "burned"], ["ADJ", "ADJ", "NOUN", "VERB"],
                  ["amod", "amod", "nsubj", "ROOT"], [2, 2, 3, 3], ["several", "public", "bus", "burn"])
    spans = {doc[s:e].text for s, e in _span_variants(doc, 0, 3)}
    assert {"several public buses", "public buses", "buses"} <= spans
    doc = _parsed(["one", "m-16", "rifle", "found"], ["NUM", "PROPN", "NOUN", "VERB"],
                  ["nummod", "compound", "nsubj", "ROOT"], [2, 2, 3, 3])
    assert "m-16 rifle" in {doc[s:e].text for s, e in _span_variants(doc, 0, 3)}


def test_span_variants_name_the_thing_not_its_part_nor_a_bombs_kind():
    from titfortat.extract.learned_features import _span_variants

    # "the roof of the armored vehicle": the vehicle is the filler, "roof of ..." is no candidate
    words = ["the", "roof", "of", "the", "armored", "vehicle"]
    doc = _parsed(words, ["DET", "NOUN", "ADP", "DET", "ADJ", "NOUN"], ["det", "ROOT", "prep", "det", "amod", "pobj"],
                  [1, 1, 1, 5, 5, 2])
    assert {doc[s:e].text for s, e in _span_variants(doc, 0, 2)} == {"roof"}
    # "the home of colonel Figueroa" is still the home of someone
    doc = _parsed(["the", "home", "of", "colonel", "Figueroa"], ["DET", "NOUN", "ADP", "NOUN", "PROPN"],
                  ["det", "ROOT", "prep", "compound", "pobj"], [1, 1, 1, 4, 2])
    assert "home of colonel Figueroa" in {doc[s:e].text for s, e in _span_variants(doc, 0, 2)}

    # "11-floor building" does not lose its number to a "-floor building"
    doc = _parsed(["11", "-", "floor", "building"], ["NUM", "PUNCT", "NOUN", "NOUN"],
                  ["nummod", "punct", "compound", "ROOT"], [2, 2, 3, 3], spaces=[False, False, True, False])
    assert all(doc[s].text != "-" for s, _ in _span_variants(doc, 0, 4))


def test_a_bombs_kind_is_no_candidate():
    """ "a CAR bomb explosion": the car is the bomb, not a target (nor, read as an acronym, a party)."""
    from titfortat.extract.learned_features import candidate_spans

    doc = _parsed(["a", "CAR", "bomb", "explosion", "hit", "FMLN", "guerrillas"],
                  ["DET", "PROPN", "NOUN", "NOUN", "VERB", "PROPN", "NOUN"],
                  ["det", "compound", "compound", "nsubj", "ROOT", "compound", "dobj"], [3, 2, 3, 4, 4, 6, 4])
    doc.ents = [doc.char_span(2, 5, label="ORG")]
    spans = {doc[s:e].text for s, e in candidate_spans(doc, [])}
    assert "CAR" not in spans and {"CAR bomb", "CAR bomb explosion", "FMLN", "FMLN guerrillas"} <= spans


def test_a_learned_perpetrator_takes_the_dictionarys_specific_name(extractor):
    """ "Farabundo Marti National Liberation Front" added by the model and the rules' "FMLN" are one
    party: the scorer groups a role's entries by name.  A generic word ("guerrillas") gets no name."""
    from titfortat.extract.learned import Decision, _attach
    from titfortat.model import Article, Event

    body = "THE FARABUNDO MARTI NATIONAL LIBERATION FRONT GUERRILLAS ATTACKED THE TOWN."
    article = Article(doc_id="d", body=body)
    event = Event(doc_id="d", event_id="e", coder="t", type="ASSAULT")
    org_end = body.index(" GUERRILLAS")
    _attach(event, Decision("PerpOrg", Candidate(1, 6, 4, org_end, norm(body[4:org_end])), 0.5), article,
            extractor.actors)
    _attach(event, Decision("PerpInd", Candidate(6, 7, org_end + 1, org_end + 11, "guerrillas"), 0.5), article,
            extractor.actors)
    front, fighters = event.actors
    assert front.kind == "organization" and front.name == extractor.actors.resolve("FMLN")[0].name
    assert fighters.kind == "group" and fighters.name is None and fighters.text == "GUERRILLAS"


def test_a_bombs_owner_named_by_the_rules_stays_a_candidate():
    """ "a Hamas bomb killed soldiers": the rules' actor is no weapon's kind (modern news keeps it)."""
    from titfortat.extract.learned_features import candidate_spans
    from titfortat.model import Actor, Event

    doc = _parsed(["a", "Hamas", "bomb", "killed", "soldiers"], ["DET", "PROPN", "NOUN", "VERB", "NOUN"],
                  ["det", "compound", "nsubj", "ROOT", "dobj"], [2, 2, 3, 3, 3])
    attack = Event(doc_id="d", event_id="e", coder="t", type="ASSAULT",
                   actors=[Actor(text="Hamas", start=2, end=7, kind="organization")])
    spans = {doc[s:e].text: roles for (s, e), roles in candidate_spans(doc, [attack]).items()}
    assert spans.get("Hamas") == ("PerpOrg",)
