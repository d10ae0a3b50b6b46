"""From one trigger to a draft event: who acted, on whom, where, with what, how many hurt."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from .clause import PERSON_WORDS, PLACE_LABELS, PLACE_PREPS, TARGET_PREPS, ClauseReader, a_name, conjuncts
from .draft import Arg, Draft
from .lexicon import Trigger

OF_VICTIM_MODES = {"abduction", "assassination"}
MODE_PRIORITY = {"aerial": 0, "explosive": 1, "bombing": 2, "suicide": 2, "grenade": 3, "firearms": 4,
                 "beating": 5, "crowd-control": 6, "arson": 7}


def build_draft(reader: ClauseReader, tok: Token, trig: Trigger, sent_index: int) -> Draft:
    """A draft event for a trigger token, with the arguments its parse gives."""
    mode = trig.mode or _mode_from_modifiers(reader, tok)
    draft = Draft(sent=sent_index, trigger=tok.i, type=trig.type, mode=mode, trigger_lemma=trig.lemma)
    draft.modality, draft.stage = reader.modality(tok)
    draft.framed = reader.threat_framed(tok)
    verb = tok if tok.pos_ == "VERB" else reader.clause_verb(tok)
    draft.conditional = any(c.dep_ == "advcl" and any(m.lower_ == "unless" for m in c.children) for c in verb.children)
    draft.prepared = any(a.lemma_.lower() in ("prepare", "ready", "poise") for a in list(verb.ancestors)[:2]) or \
        verb.head.lemma_.lower() in ("prepare", "ready", "poise")
    if trig.pos == "VERB":
        _verb_roles(reader, tok, trig, draft)
    else:
        _noun_roles(reader, tok, trig, draft)
    _places_from_preps(reader, tok, draft)
    if draft.mode is None:
        modes = [reader.lex.instrument_mode(reader.weapon_in(tok.doc[a.head]).lemma_)
                 for a in draft.instruments if reader.weapon_in(tok.doc[a.head])]
        # the means of the attack over its effects: drones that start fires are an air attack
        draft.mode = min((m for m in modes if m), key=lambda m: MODE_PRIORITY.get(m, 50), default=None)
    if any(c.lower_ == "back" for c in tok.children):
        draft.retaliation = True
    _reporters(reader, tok, draft)
    return draft


def _reporters(reader: ClauseReader, tok: Token, draft: Draft) -> None:
    """Who says so: "..., the Pentagon said"; "the army said it shelled"; "according to X"."""
    cur = tok
    for _ in range(4):
        if cur.dep_ in ("ccomp", "parataxis") or (cur.pos_ != "VERB" and cur.dep_ in ("dobj", "nsubj", "nsubjpass")):
            head = cur.head
            if head.lemma_.lower() in reader.cues["report_verbs"] and head.i != cur.i:
                subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
                if subj is not None and reader.is_party(subj) and subj.lower_ not in ("it", "he", "she", "they", "who"):
                    draft.reporters.append(reader.arg(subj, "reporter"))
                return
        if cur.head.i == cur.i:
            break
        cur = cur.head
    for t in tok.sent:
        if t.lower_ == "according" and t.i + 1 < len(tok.doc) and tok.doc[t.i + 1].lower_ == "to":
            for pobj in tok.doc[t.i + 1].children:
                if pobj.dep_ == "pobj":
                    draft.reporters.append(reader.arg(pobj, "reporter"))


def victims(reader: ClauseReader, tok: Token, always: bool = False) -> list[Arg]:
    """The recipient a phrase names, and the people it lists by name: "two of his guards, X and
    Y"; "the peasants X, Y and Z"; "six people, including X" (``always``: the phrase itself even
    when it is no party by itself, as the callers that never checked)."""
    out = [reader.arg(tok, "recipient")] if always or reader.is_party(tok) else []
    seen = {a.head for a in out}
    for name in reader.listed_names(tok) + reader.names_listed_before(tok):
        if name.i not in seen:
            seen.add(name.i)
            out.append(reader.arg(name, "recipient"))
    return out


def _mode_from_modifiers(reader: ClauseReader, tok: Token) -> Optional[str]:
    for child in tok.children:
        if child.dep_ in ("compound", "amod", "nmod"):
            mode = reader.lex.instrument_mode(child.lemma_) or reader.lex.instrument_mode(child.lower_)
            if mode:
                return mode
            if child.lower_ == "air":
                return "aerial"
            if child.lower_ == "suicide":
                return "suicide"
    return None


def _add_subject(reader: ClauseReader, subj: Token, draft: Draft) -> None:
    for c in conjuncts(subj):
        if not reader.is_party(c) or (c.pos_ == "NOUN" and c.lemma_.lower() in reader.lex.nouns):
            continue  # "the strike killed X": the event itself, not a party to it
        weapon = reader.weapon_in(c)
        if weapon is not None:
            draft.instruments.append(reader.arg(weapon, "instrument"))
            for mod in c.children:  # "Israeli warplanes", "coalition aircraft": the owner acted
                if mod.lower_ in reader.lex.instrument_modifiers:
                    continue  # "car bomb", "roadside bomb": the kind of weapon, not its owner
                if mod.dep_ in ("amod", "compound", "nmod", "poss") and (
                        mod.ent_type_ in ("NORP", "GPE", "ORG") or (mod.pos_ in ("NOUN", "PROPN") and not reader.is_weapon(mod)
                                                                   and mod.lower_ not in ("cruise", "ballistic", "air"))):
                    owner = reader.arg(mod, "actor")
                    for led in c.children:  # "Saudi-led coalition aircraft": the coalition is Saudi-led
                        if led.dep_ == "amod" and led.lower_ in ("led", "backed", "sponsored") and \
                                led.i < mod.i and led.i + 1 == owner.start:
                            owner.start = led.left_edge.i
                    draft.actors.append(owner)
        elif c.lower_ not in ("that", "which", "who"):
            draft.actors.append(reader.arg(c, "actor"))


def _verb_roles(reader: ClauseReader, tok: Token, trig: Trigger, draft: Draft) -> None:
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    # "the mayor murdered in Lima": a passive participle whose noun is the victim
    participle = tok.dep_ == "acl" and tok.tag_ == "VBN" and not any(c.dep_ in ("nsubj", "dobj") for c in tok.children)
    passive = passive or participle
    participle = participle and _person(reader, tok.head)
    for child in tok.children:
        dep = child.dep_
        if dep == "nsubjpass" or (dep == "dobj" and not passive):
            for c in conjuncts(child):
                weapon = reader.weapon_in(c)
                if weapon is not None and trig.casualty is None:
                    draft.instruments.append(reader.arg(weapon, "instrument"))
                    for holder in (c, weapon):  # "fired a barrage of rockets at the city of X"
                        for prep in holder.children:
                            if prep.dep_ == "prep" and prep.lower_ in TARGET_PREPS:
                                draft.recipients.extend(reader.arg(p, "recipient") for p in prep.children
                                                        if p.dep_ == "pobj" and reader.is_party(p))
                elif c.lower_ not in ("that", "which", "who", "responsibility"):
                    draft.recipients.extend(victims(reader, c))
        elif dep == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    _add_subject(reader, pobj, draft)
        elif dep == "prep" and child.lower_ == "with" and passive and any(
                c.lower_ in ("together", "along") for c in child.children):  # "X, together with Y, was abducted"
            draft.recipients.extend(a for p in child.children if p.dep_ == "pobj" for c in conjuncts(p)
                                    for a in victims(reader, c))
        elif dep == "prep" and child.lower_ == "with":
            for pobj in child.children:
                if reader.weapon_in(pobj) is not None:
                    draft.instruments.append(reader.arg(reader.weapon_in(pobj), "instrument"))
                elif pobj.dep_ == "pobj" and trig.mode == "firearms" and reader.is_party(pobj):
                    draft.recipients.append(reader.arg(pobj, "recipient"))  # "clashed with a rebel column"
        elif dep == "prep" and child.lower_ in TARGET_PREPS:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    for c in conjuncts(pobj):
                        draft.recipients.extend(victims(reader, c))
    if trig.type == "REQUEST" and not draft.recipients:
        for child in tok.children:
            if child.dep_ in ("ccomp", "xcomp", "advcl"):
                draft.recipients.extend(reader.arg(c, "recipient") for c in child.children if c.dep_ == "nsubj")
    if not passive:
        subj = reader.subject_of(tok)
        if subj is not None:
            _add_subject(reader, subj, draft)
    elif tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN") and not draft.recipients:
        draft.recipients.extend(victims(reader, tok.head, always=True))
    if participle and tok.head.pos_ in ("NOUN", "PROPN") and not any(a.head == tok.head.i for a in draft.recipients):
        # "the teachers murdered on 3 May"; "Carlos Mena, one of the teachers murdered": the name
        draft.recipients.extend(victims(reader, tok.head, always=True))
        one = tok.head.head.head if tok.head.dep_ == "pobj" and tok.head.head.lower_ == "of" else None
        if one is not None and one.pos_ == "NUM" and one.dep_ == "appos" and a_name(one.head):
            draft.recipients.append(reader.arg(one.head, "recipient"))
    casualty = trig.casualty or ("killed" if _to_death(tok) else None)  # "was shot to death"
    if casualty and draft.modality == "asserted" and not any(c.tag_ == "TO" for c in tok.children):  # not "threatened to kill"
        found = reader.casualties(tok, trig)
        if found:
            setattr(draft, casualty, found)
        elif any(c.lower_ == "many" for c in tok.subtree):
            draft.killed_many = "many"


def _person(reader: ClauseReader, tok: Token) -> bool:
    """A noun naming people: a name, "the mayor", "peasants" (not "a job", "the evidence")."""
    return a_name(tok) or tok.lower_ in PERSON_WORDS or tok.ent_type_ == "PERSON" or (
        reader.people(tok) and tok.lemma_.lower() in PERSON_WORDS | {"jesuit", "priest", "peasant", "student"})


def _to_death(verb: Token) -> bool:
    return any(c.dep_ in ("prep", "advcl", "xcomp") and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children)
               for c in verb.children)


def _noun_roles(reader: ClauseReader, tok: Token, trig: Trigger, draft: Draft) -> None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in TARGET_PREPS | {"targeting"}:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    for c in conjuncts(pobj):
                        draft.recipients.extend(victims(reader, c, always=True))
        elif child.dep_ == "prep" and child.lower_ == "by":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    _add_subject(reader, pobj, draft)
        elif child.dep_ == "prep" and child.lower_ == "of" and (trig.casualty or trig.mode in OF_VICTIM_MODES):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    draft.recipients.extend(a for c in conjuncts(pobj) for a in victims(reader, c, always=True))
        elif child.dep_ == "poss" and reader.is_party(child):
            role = "recipient" if (trig.casualty or trig.mode in OF_VICTIM_MODES) else "actor"
            getattr(draft, role + "s").append(reader.arg(child, role))
        elif child.dep_ in ("compound", "amod", "nmod") and child.ent_type_ in ("GPE", "NORP", "ORG"):
            draft.actors.append(reader.arg(child, "actor"))
        elif child.dep_ == "relcl":
            _relative_clause(reader, child, trig, draft)
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.dep_ in ("dobj", "nsubjpass"):
        tok, head = head.head, head.head.head  # "imposed a fourth package of sanctions": the package's verb
    light = reader.cues["light_verbs"]
    if tok.dep_ in ("dobj", "nsubjpass", "pobj") and head.pos_ == "VERB" and (
            head.lemma_.lower() in light or head.lemma_.lower() in ("hit", "strike")
            or (head.lower_.endswith("ed") and head.lower_[:-1] in light)):  # "staged" (lemmatised "stag")
        verb = head if tok.dep_ != "pobj" else head
        subj = reader.subject_of(verb)
        if subj is not None and not draft.actors:
            _add_subject(reader, subj, draft)
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in TARGET_PREPS and child.i > tok.i:
                for pobj in child.children:
                    draft.recipients.extend(reader.arg(c, "recipient") for c in conjuncts(pobj)
                                            if pobj.dep_ == "pobj" and reader.is_party(c))
    if trig.casualty == "killed" and draft.killed is None:
        draft.killed = reader.noun_casualties(tok)  # "the assassination of X": X died


def _relative_clause(reader: ClauseReader, verb: Token, trig: Trigger, draft: Draft) -> None:
    """ "a drone strike that killed General X"; "the sanctions the US has imposed on Iran"."""
    vtrig = reader.lex.verbs.get(verb.lemma_.lower())
    if vtrig is None or vtrig.type != trig.type:
        return
    for child in verb.children:
        if child.dep_ == "dobj":
            draft.recipients.extend(a for c in conjuncts(child) for a in victims(reader, c, always=True))
        elif child.dep_ in ("nsubj", "agent") and child.lower_ not in ("that", "which", "who") and not draft.actors:
            subj = child if child.dep_ == "nsubj" else next((p for p in child.children if p.dep_ == "pobj"), None)
            if subj is not None:
                _add_subject(reader, subj, draft)
        elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    draft.recipients.extend(reader.arg(c, "recipient") for c in conjuncts(pobj))
    if vtrig.casualty:
        found = reader.casualties(verb, vtrig)
        if found:
            setattr(draft, vtrig.casualty, found)
    draft.merged_triggers.append(verb.i)


def _places_from_preps(reader: ClauseReader, tok: Token, draft: Draft) -> None:
    """Place phrases attached to the trigger, its clause verb or its target ("in Baghdad",
    "near the town of Djibo", "a tower in Gaza City")."""
    doc = tok.doc
    heads = [tok]
    if tok.pos_ != "VERB":
        verb = reader.clause_verb(tok)
        if verb.i != tok.i:
            heads.append(verb)
    heads += [doc[a.head] for a in draft.recipients]
    seen: set[int] = set()
    for head in heads:
        for child in head.children:
            if child.dep_ != "prep" or child.lower_ not in PLACE_PREPS:
                continue
            for pobj in child.children:
                if pobj.dep_ != "pobj" or pobj.i in seen:
                    continue
                seen.add(pobj.i)
                named = _named_part(pobj)
                if named is None:
                    continue
                draft.places.append(reader.arg(named, "place"))
                # "from the college in Afaka, Kaduna state": nested and wider places as fallbacks
                for extra in list(named.children) + [g for c in named.children if c.dep_ == "prep"
                                                     and c.lower_ in PLACE_PREPS | {"of"} for g in c.children]:
                    if extra.dep_ in ("appos", "conj", "npadvmod", "pobj") and _named_part(extra) is not None:
                        inner = _named_part(extra)
                        draft.places.append(reader.arg(inner, "place"))
                        for wider in inner.children:
                            if wider.dep_ in ("appos", "conj") and _named_part(wider) is not None:
                                draft.places.append(reader.arg(_named_part(wider), "place"))
    for rec in list(draft.recipients):
        head = doc[rec.head]
        named = _named_part(head) if head.lemma_.lower() in PLACE_NOUNS | AREA_NOUNS else None
        if named is not None and named.i != head.i:  # "a residential district of Sanaa"
            draft.places.append(reader.arg(named, "target-place"))
        elif head.ent_type_ in ("FAC", "GPE", "LOC") and head.pos_ == "PROPN":
            draft.places.append(Arg(rec.start, rec.end, rec.head, "target-place", label=head.ent_type_))
        elif head.lemma_.lower() in PLACE_NOUNS and any(t.ent_type_ in ("FAC", "GPE", "LOC") or t.pos_ == "PROPN"
                                                      for t in doc[rec.start:rec.end]):
            draft.places.append(Arg(rec.start, rec.end, rec.head, "target-place", label=head.ent_type_))


def _named_part(tok: Token) -> Optional[Token]:
    """The token heading a place name: the phrase itself, or X in "the city of X"."""
    if tok.lemma_.lower() in PLACE_NOUNS | AREA_NOUNS and any(
            c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children):
        return tok  # "Gora village", "Maradun area": the name is the phrase itself
    if tok.lemma_.lower() in (PLACE_NOUNS | AREA_NOUNS) - OWNED_PLACES:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and (pobj.pos_ == "PROPN" or pobj.ent_type_ in PLACE_LABELS):
                        return pobj
                    if pobj.dep_ == "pobj" and pobj.lemma_.lower() in PLACE_NOUNS:  # "the centre of the city of X"
                        return _named_part(pobj)
    if _placey(tok):
        return tok
    if tok.pos_ == "PROPN" and tok.ent_type_ not in ("NORP", "DATE", "TIME"):
        return tok  # the gazetteer decides: an unknown name resolves to nothing and is skipped
    return None


# places named after their owner, not where they stand: "the embassy of the PRC" is in Lima
OWNED_PLACES = {"embassy", "consulate"}
AREA_NOUNS = {"centre", "center", "outskirts", "heart", "part", "edge", "east", "west", "north", "south", "suburb",
              "suburbs", "downtown", "vicinity"}
PLACE_NOUNS = {"base", "airbase", "camp", "city", "town", "village", "province", "region", "district",
               "airport", "embassy", "compound", "border", "crossing", "port", "capital", "area", "outpost",
               "checkpoint", "headquarters", "barracks", "garrison", "neighbourhood", "neighborhood",
               "department", "municipality", "zone", "street", "square", "market", "station", "field",
               "plant", "refinery", "facility", "building", "hospital", "school", "mosque", "church",
               "bridge", "road", "highway", "farm", "hamlet", "state", "county", "island", "valley"}


def _placey(tok: Token) -> bool:
    if tok.ent_type_ in PLACE_LABELS:
        return True
    if tok.lemma_.lower() in PLACE_NOUNS:
        return any(t.ent_type_ in PLACE_LABELS | {"ORG", "PERSON"} or t.pos_ == "PROPN" for t in tok.subtree)
    return False
