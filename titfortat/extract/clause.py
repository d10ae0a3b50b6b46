"""Sentence-level reading: which tokens report an event, and who did what to whom with what.

Works on spaCy dependency parses (active, passive, nominal, relative-clause and light-verb
constructions).  Knowledge (which words are triggers, weapons, cues) comes from the ``Lexicon``.
"""
from __future__ import annotations

from typing import Iterable, Optional

from spacy.tokens import Span, Token

from .draft import Arg, Draft
from .lexicon import Lexicon, Trigger
from .numbers import parse_number

PHRASE_DROP = {"relcl", "acl", "appos", "prep", "conj", "cc", "punct", "advcl", "dep", "parataxis", "ccomp"}
PLACE_PREPS = {"in", "near", "outside", "inside", "at", "across", "throughout", "around", "within", "from", "into", "over"}
TARGET_PREPS = {"against", "on", "at", "upon", "into", "toward", "towards", "targeting", "onto"}
PEOPLE_LABELS = {"PERSON", "NORP", "ORG", "GPE"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PRONOUNS = {"it", "they", "them", "he", "she", "him", "her", "its", "their", "which", "who", "that", "whom",
            "anyone", "someone", "everyone", "somebody", "anybody", "everybody", "we", "you"}
PAST_TAGS = {"VBD"}
SUBJ = {"nsubj", "csubj"}
PERSON_WORDS = {"person", "people", "man", "men", "woman", "women", "child", "children", "civilian", "civilians",
                "soldier", "soldiers", "serviceman", "servicemen", "servicemember", "servicemembers", "officer",
                "officers", "policeman", "policemen", "guard", "guards", "peasant", "peasants", "student",
                "students", "troop", "troops", "member", "members", "worker", "workers", "other", "others",
                "leader", "leaders", "official", "officials", "judge", "mayor", "priest", "priests", "journalist",
                "journalists", "passenger", "passengers", "resident", "residents", "villager", "villagers",
                "marine", "marines", "contractor", "contractors", "fighter", "fighters", "militant", "militants",
                "agent", "agents", "victim", "victims", "bodyguard", "bodyguards", "policemen", "citizen",
                "citizens", "national", "nationals", "personnel", "staff", "teacher", "teachers", "farmer",
                "farmers", "driver", "drivers", "baby", "infant", "boy", "boys", "girl", "girls", "general",
                "commander", "colonel", "captain", "lieutenant", "sergeant", "major", "director", "minister",
                "senator", "deputy", "candidate", "pilot", "pilots", "crew", "rebel", "rebels", "guerrilla",
                "guerrillas", "insurgent", "insurgents", "gunman", "gunmen", "individual", "individuals",
                "american", "americans", "iraqi", "iraqis", "british", "family", "families", "youth", "youths",
                "demonstrator", "demonstrators", "protester", "protesters", "protestor", "protestors", "cadet"}


KIN_WORDS = {"wife", "husband", "son", "daughter", "brother", "sister", "father", "mother", "nephew", "niece",
             "cousin", "uncle", "aunt", "grandson", "granddaughter", "relative", "relatives", "bodyguard", "escort",
             "secretary", "driver", "companion"}

# Things a verb of attack can take as object that are neither targets nor victims ("fired 100 shots").
NOT_PARTIES = {"shot", "round", "salvo", "volley", "burst", "responsibility", "fire", "way", "time", "place"}
CALENDAR_WORDS = {"january", "february", "march", "april", "june", "july", "august", "september", "october",
                  "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                  "sunday", "today", "yesterday", "tonight", "morning", "evening", "night", "afternoon", "dawn"}
QUANTITY_HEADS = {"dozens", "hundreds", "thousands", "scores", "tens", "millions", "group", "groups", "number",
                  "crowd", "crowds", "band", "handful", "some", "many", "most", "all", "several", "one", "two",
                  "three", "four", "five", "members", "member"}


def phrase(tok: Token) -> tuple[int, int]:
    """Token span [start, end) of the noun phrase headed by ``tok``, without clauses and preps."""
    left, right = tok.i, tok.i
    for child in tok.children:
        if child.dep_ in PHRASE_DROP or child.dep_ == "case" or child.i > tok.i and child.dep_ not in ("compound", "nummod", "amod", "case", "poss", "nmod"):
            continue
        sub = list(child.subtree)
        left = min(left, sub[0].i)
        right = max(right, sub[-1].i)
    doc = tok.doc
    while left < right and (doc[left].is_punct or doc[left].is_space or doc[left].dep_ == "cc"):
        left += 1
    while right > left and (doc[right].is_punct or doc[right].is_space or doc[right].dep_ == "cc"):
        right -= 1
    if tok.lower_ in QUANTITY_HEADS:  # "dozens of parents": the people are the parents
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    right = max(right, phrase(pobj)[1] - 1)
    return left, right + 1


NOT_PEOPLE = {"animal", "cattle", "cow", "horse", "dog", "livestock", "vehicle", "car", "truck", "bus", "building",
              "house", "home", "office", "shop", "store", "school", "crop", "mine", "tower", "pylon"}


def a_name(tok: Token) -> bool:
    """A person's or an organisation's name, not a place, a date or a nationality."""
    return (tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON") and tok.ent_type_ not in (
        "GPE", "LOC", "FAC", "NORP", "DATE", "TIME", "CARDINAL")


def conjuncts(tok: Token) -> list[Token]:
    """The token and its coordinated siblings ("X and Y and Z")."""
    out = [tok]
    for c in tok.conjuncts:
        if any(k.dep_ == "preconj" for k in c.children):
            break  # "many Iraqis, both Sunni and Shia,": an aside describing the first, not new parties
        if c.i > tok.i and c not in out:
            out.append(c)
    return out


def number_of(tok: Token) -> Optional[int]:
    """The count a noun carries ("two soldiers" -> 2, "a civilian" -> 1)."""
    for child in tok.children:
        if child.dep_ in ("nummod", "quantmod") or (child.dep_ == "det" and child.lower_ in ("a", "an", "no")):
            value = parse_number(child.text)
            if value is not None:
                return value
        if child.dep_ == "nummod":
            words = " ".join(t.text for t in child.subtree)
            value = parse_number(words)
            if value is not None:
                return value
    if tok.pos_ == "NUM":
        return parse_number(tok.text)
    if tok.ent_type_ == "PERSON" or (tok.pos_ == "PROPN" and tok.tag_ == "NNP"):
        return 1
    if tok.tag_ == "NN" and tok.lower_ in PERSON_WORDS:
        return 1
    return None


class ClauseReader:
    """Finds triggers and their arguments in one sentence."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.cues = lexicon.cues

    # ---- triggers -------------------------------------------------------------------------
    def trigger_for(self, tok: Token) -> Optional[Trigger]:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB",) and tok.dep_ not in ("amod", "compound", "nmod"):
            for trig in self.lex.alternatives.get(("VERB", lemma), ()):
                if self._verb_ok(tok, trig):
                    return trig
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound",):
            readings = self.lex.alternatives.get(("NOUN", lemma)) or self.lex.alternatives.get(("NOUN", tok.lower_), ())
            for trig in readings:
                if self._noun_ok(tok, trig):
                    return trig
        return None

    def _verb_ok(self, tok: Token, trig: Trigger) -> bool:
        kids = list(tok.children)
        if trig.particle:
            particles = trig.particle if isinstance(trig.particle, tuple) else (trig.particle,)
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if not any(c.lower_ in particles and c.dep_ in ("prt", "prep", "dobj", "advmod") for c in kids) and not (
                    nxt is not None and nxt.lower_ in particles):
                return False
        if trig.needs_complement:
            comps = [c for c in kids if c.dep_ in ("oprd", "attr", "xcomp", "ccomp", "dobj")
                     or (trig.particle and c.dep_ == "prep" and c.lower_ in trig.particle)]
            words = {t.lemma_.lower() for c in comps for t in c.subtree}
            if not words & set(trig.needs_complement):
                return False
        if trig.forbid_object:
            if any(c.lemma_.lower() in trig.forbid_object for c in kids if c.dep_ in ("dobj", "nsubjpass")):
                return False
        if trig.needs_object:
            objs = [c for c in kids if c.dep_ in ("dobj", "nsubjpass", "pobj")]
            objs += [tok.head] if tok.dep_ == "relcl" else []
            if not any(o.lemma_.lower() in trig.needs_object for o in objs):
                return False
        if trig.needs_weapon and not any(self.weapon_in(c) is not None for c in kids
                                         if c.dep_ in ("nsubj", "nsubjpass", "dobj")):
            return False  # "rockets fell inside the base", not "shrapnel from a missile fell near"
        if trig.needs_weapon_or_target:
            has = any(c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in TARGET_PREPS) for c in kids)
            has = has or any(self.lex.is_instrument(t.lemma_) for t in tok.subtree)
            has = has or any(c.lower_ == "back" for c in kids)
            if not has:
                return False
        if trig.needs_person:
            objs = [c for c in kids if c.dep_ in ("dobj", "nsubjpass")]
            if not any(o.ent_type_ == "PERSON" or o.lower_ in PERSON_WORDS for o in objs):
                return False
        if trig.needs_clause and not any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in kids):
            return False
        return True

    def _noun_ok(self, tok: Token, trig: Trigger) -> bool:
        if trig.forbid_modifier and any(c.lemma_.lower() in trig.forbid_modifier or c.lower_ in trig.forbid_modifier
                                        for c in tok.children if c.dep_ in ("compound", "amod", "nmod")):
            return False
        if trig.needs_modifier is not None:
            mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "poss")}
            mods |= {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
            if not (mods & set(trig.needs_modifier)):
                head = tok.head
                if not (tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in self.cues["light_verbs"]):
                    return False
        if trig.needs_person:
            if not any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in tok.children):
                return False
        return True

    # ---- arguments ------------------------------------------------------------------------
    def arg(self, tok: Token, role: str) -> Arg:
        if role in ("actor", "recipient") and tok.pos_ == "NOUN":
            # "Antioquia governor Antonio Roldan Betancur", "the militia, Kataib Hezbollah": the name
            name = next((c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                         and c.ent_type_ not in ("GPE", "DATE", "NORP")), None)
            if name is not None:
                tok = name
        start, end = phrase(tok)
        head = tok
        if tok.lower_ in QUANTITY_HEADS:
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            head = pobj if pobj is not None else tok
        return Arg(start=start, end=end, head=head.i, role=role, count=number_of(tok),
                   label=head.ent_type_, pronoun=tok.lower_ in PRONOUNS)

    def listed_names(self, tok: Token) -> list[Token]:
        """Names a phrase lists besides its head: appositive names and their conjuncts ("two of
        his guards, Ramon Perez and Luis Leon"; "the peasants Juan Gomez, Pedro Lara and Jose
        Mena") those it includes ("six people, including union leader Marta Solis") and those named with it
        ("the driver, together with engineer Paul Smith")."""
        out: list[Token] = []
        for child in tok.children:
            if child.dep_ == "appos" and a_name(child):
                out.extend(c for c in conjuncts(child) if a_name(c))
            elif child.dep_ == "appos" and child.pos_ == "NOUN" and child.lower_ in PERSON_WORDS | KIN_WORDS:
                # "colonel X's wife, Angela Y": the parse hangs the described person on the phrase
                out.extend(c for g in child.children if g.dep_ == "appos" and a_name(g) for c in conjuncts(g) if a_name(c))
            elif child.dep_ == "prep" and (child.lower_ in ("including", "among") or child.lower_ == "with" and any(
                    c.lower_ in ("together", "along") for c in child.children)):  # "X, together with Y,"
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        out.extend(c for c in conjuncts(pobj) if self.is_party(c) and not self.is_weapon(c)
                                   and c.pos_ in ("NOUN", "PROPN"))
        return out

    @staticmethod
    def names_listed_before(tok: Token) -> list[Token]:
        """ "... Pedro Ruiz, Ana Gil, and Luis Mena were killed" when the parse left the list
        unlinked: the comma-separated names before "and <name>" (heads, nearest last)."""
        if not a_name(tok) or list(tok.conjuncts) or tok.dep_ not in ("nsubjpass", "dobj", "nsubj"):
            return []
        doc = tok.doc
        i = phrase(tok)[0] - 1
        if i < 1 or doc[i].lower_ != "and":
            return []
        i -= 1
        out: list[Token] = []
        while i >= 0:
            if doc[i].lower_ == ",":
                i -= 1
            end = i
            while i >= 0 and (doc[i].pos_ == "PROPN" or doc[i].ent_type_ == "PERSON") and doc[i].lower_ != ",":
                i -= 1
            if i == end:
                break
            head = doc[end]
            if not a_name(head) or head.dep_ == "pobj" or doc[i + 1:end + 1].sent != tok.sent:
                break
            out.insert(0, head)
            if i < 0 or doc[i].lower_ != ",":
                break
        return out

    def is_weapon(self, tok: Token) -> bool:
        low = tok.lower_
        return (self.lex.is_instrument(tok.lemma_) or self.lex.is_instrument(low)
                or (low.endswith("s") and self.lex.is_instrument(low[:-1])))

    def weapon_in(self, tok: Token) -> Optional[Token]:
        """A weapon noun heading or inside "a barrage of rockets"."""
        if self.is_weapon(tok) and tok.pos_ in ("NOUN", "PROPN"):
            return tok
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN") and self.is_weapon(pobj):
                        return pobj
        return None

    def clause_verb(self, tok: Token) -> Token:
        """The verb whose clause a (noun) trigger belongs to."""
        cur = tok
        for _ in range(8):
            if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
                return cur
            cur = cur.head
        return cur

    def subject_of(self, verb: Token) -> Optional[Token]:
        """Subject of a verb, inherited through xcomp/advcl/conj chains and relative clauses."""
        cur = verb
        for _ in range(6):
            for child in cur.children:
                if child.dep_ in SUBJ and child.lower_ not in ("that", "which", "who"):
                    return child
                if child.dep_ == "agent":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            return pobj
            if cur.dep_ == "relcl" and cur.head.pos_ in ("NOUN", "PROPN") and any(
                    c.dep_ in SUBJ and c.lower_ in ("that", "which", "who") for c in cur.children):
                return cur.head
            if cur.pos_ in ("NOUN", "PROPN") and cur.dep_ in ("dobj", "attr", "pobj"):
                cur = cur.head.head if cur.dep_ == "pobj" else cur.head
                continue
            if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_.lower() in self.cues["report_verbs"]:
                return None  # "no strikes were carried out, the spokesman said": the sayer did not act
            if cur.dep_ in ("xcomp", "advcl", "conj", "ccomp", "acl") and cur.head.i != cur.i:
                if any(c.dep_ == "nsubjpass" for c in cur.head.children) and cur.dep_ != "conj":
                    return None
                cur = cur.head
                continue
            return None
        return None

    def tense(self, tok: Token) -> str:
        """past | perfect | present | infinitive | modal | participle — of the trigger's clause."""
        verb = tok if tok.pos_ in ("VERB", "AUX") else self.clause_verb(tok)
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(a.tag_ == "MD" for a in auxes):
            return "modal"
        if any(a.tag_ == "TO" for a in auxes):
            return "infinitive"
        if any(a.tag_ == "VBD" for a in auxes) or verb.tag_ == "VBD":
            return "past"
        if any(a.lemma_ == "have" for a in auxes):
            return "perfect"
        if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            return "present"
        if verb.tag_ == "VBG" and verb.dep_ == "acl" and verb.head.i != verb.i:
            return self.tense(self.clause_verb(verb.head))
        if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj", "xcomp", "pcomp"):
            return self.tense(verb.head) if verb.head.i != verb.i else "participle"
        if verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl", "advcl", "conj"):
            return self.tense(verb.head) if verb.head.i != verb.i else "past"
        return "past" if verb.tag_ == "VBN" else "participle"

    def modality(self, tok: Token) -> tuple[str, str]:
        """(modality, stage) from negation, modals, conditionals, attempts and threats around a trigger."""
        cues = self.cues
        chain = [tok] + [a for a in tok.ancestors][:4]
        for i, cur in enumerate(chain):
            kids = list(cur.children)
            if i < 2 and any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in kids):
                return "negated", "accomplished"
            lemma = cur.lemma_.lower()
            if 0 < i <= 3 and lemma in cues["deny_verbs"] and chain[i - 1].dep_ in ("ccomp", "xcomp") or (
                    i == 1 and lemma in cues["deny_verbs"] and tok.pos_ == "NOUN" and tok.dep_ == "dobj"):
                return "negated", "accomplished"  # "denied that its aircraft had carried out any strikes"
            if i > 0 and lemma in cues["attempt_markers"]:
                return "asserted", "attempted"
            if i > 0 and lemma in ("threaten", "vow", "warn", "plan", "plot", "intend", "prepare"):
                return "future", "threatened"
            said = cur.dep_ in ("ccomp", "xcomp") and cur.head.lemma_.lower() in cues["report_verbs"] | {"threaten", "vow", "warn", "promise", "pledge"}
            if said and any(c.lower_ in ("would", "will", "'d") for c in kids if c.dep_ == "aux"):
                return "future", "threatened"  # "the group said it would carry out more attacks"
            if any(c.lower_ in ("will", "shall", "'ll") for c in kids if c.dep_ == "aux"):
                return "future", "threatened" if tok.pos_ == "VERB" else "accomplished"
            if any(c.lower_ in cues["hypothetical_markers"] for c in kids if c.dep_ in ("aux", "mark")):
                return "hypothetical", "accomplished"
            if 0 < i <= 2 and lemma in ("demand", "urge", "ask", "request", "insist", "appeal", "press", "call") \
                    and chain[i - 1].dep_ in ("ccomp", "xcomp") and chain[i - 1].pos_ in ("VERB", "AUX"):
                return "hypothetical", "accomplished"  # "demanded that the EU lift the measures": not done
            if i > 0 and lemma in ("deter", "prevent", "stop", "avoid", "ban", "halt", "end"):
                return "hypothetical", "accomplished"
            if cur.dep_ in ("ROOT",):
                break
        return "asserted", "accomplished"

    def threat_framed(self, tok: Token) -> bool:
        """ "said it would attack", "vowed to strike": an actor announcing its own act, which PLOVER
        codes as a threat ("two diplomats said the EU will impose" is a report, not an announcement)."""
        verb = tok if tok.pos_ in ("VERB", "AUX") else self.clause_verb(tok)
        for cur in [verb] + list(verb.ancestors)[:2]:
            head = cur.head
            if cur.dep_ not in ("ccomp", "xcomp") or head.i == cur.i:
                continue
            lemma = head.lemma_.lower()
            if lemma in ("threaten", "vow", "warn", "promise", "pledge", "swear"):
                return True
            if lemma in self.cues["report_verbs"]:
                own = next((c for c in cur.children if c.dep_ == "nsubj"), None)
                sayer = next((c for c in head.children if c.dep_ == "nsubj"), None)
                modal = any(c.lower_ in ("would", "will", "'d", "'ll") for c in cur.children if c.dep_ == "aux")
                same = own is not None and sayer is not None and (
                    own.lower_ in ("it", "they", "he", "she", "we") or own.lower_ == sayer.lower_)
                return modal and same
        return False

    def casualties(self, verb: Token, trig: Trigger) -> Optional[tuple[int, str, dict]]:
        """Count of the victims of a kill/injure verb ("killed two US servicemen and one British soldier")."""
        victims = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")
                   or (c.dep_ == "nsubj" and c.pos_ == "NUM" and verb.tag_ == "VBN")]  # "killed and 10 wounded"
        if verb.dep_ == "relcl" and any(c.dep_ == "nsubjpass" and c.lower_ in ("who", "that") for c in verb.children):
            victims = [verb.head]
        if not victims and verb.dep_ == "conj" and verb.head.pos_ == "VERB":
            victims = [c for c in verb.head.children if c.dep_ == "nsubjpass"]  # "were abducted and killed"
        if not victims and verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PROPN"):
            victims = [verb.head]  # "the former minister murdered in Washington"
        total, breakdown, parts, at_least = 0, {}, [], False
        for v in victims:
            for noun in conjuncts(v):
                n = number_of(noun)
                if n is None and noun.tag_ in ("NN", "NNP") and noun.pos_ in ("NOUN", "PROPN") and \
                        not self.is_weapon(noun) and self.is_party(noun):
                    n = 1  # "killed Oqueli": one victim, whatever the tagger took the name for
                if n is None and (self.people(noun) or noun.lower_ in ("they", "them")):
                    n, at_least = 2, True  # "the Jesuits murdered last Friday": more than one, how many not said
                if n is None:
                    continue
                total += n
                nat = next((c.text for c in noun.children if c.ent_type_ in ("NORP", "GPE")), None)
                if nat:
                    breakdown[nat] = breakdown.get(nat, 0) + n
                s, e = phrase(noun)
                parts.append((s, e))
        if not parts:
            return None
        nouns = [n for v in victims for n in conjuncts(v) if number_of(n) is not None]
        counts = [number_of(n) or 0 for n in nouns]
        # a total and its parts, not three groups ("killed three soldiers, two police officers and
        # a civilian" is six): the total names people in general
        if len(counts) > 2 and counts[0] == sum(counts[1:]) and nouns[0].lemma_.lower() in ("people", "person"):
            total, breakdown = counts[0], {}  # "six people, three soldiers, two police officers and a worker"
        doc = verb.doc
        lo = min(p[0] for p in parts)
        hi = max(p[1] for p in parts)
        lo, hi = min(lo, verb.i), max(hi, verb.i + 1)
        if at_least:
            return total, doc[lo:hi].text, {}, "at least"
        return total, doc[lo:hi].text, breakdown

    def noun_casualties(self, noun: Token) -> Optional[tuple]:
        """The dead of a killing noun: "the murder of Jecar Neghme" (1), "the killing of six UCA
        priests" (6); "the Jesuits' murder" says only that at least two died (a 4th item "at least")."""
        victims = [p for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                   for p in prep.children if p.dep_ == "pobj"]
        victims += [c for c in noun.children if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")]
        if not victims and noun.dep_ == "conj" and noun.head.pos_ == "NOUN":  # "the kidnapping and assassination of"
            victims = [p for prep in noun.head.children if prep.dep_ == "prep" and prep.lower_ == "of"
                       for p in prep.children if p.dep_ == "pobj"]
        total, parts, at_least = 0, [], False
        for victim in victims:
            for person in conjuncts(victim):
                if person.pos_ not in ("NOUN", "PROPN", "NUM") or not self.is_party(person) or self.is_weapon(person):
                    continue
                count = number_of(person)
                if count is None and self.people(person):
                    count, at_least = 2, True  # "the murder of the Jesuits": more than one, how many not said
                if count is None:
                    continue
                total += count
                parts.append(phrase(person))
        if not parts or total <= 0:
            return None
        lo, hi = min([noun.i] + [p[0] for p in parts]), max([noun.i + 1] + [p[1] for p in parts])
        text = noun.doc[lo:hi].text
        return (total, text, {}, "at least") if at_least else (total, text, {})

    def people(self, tok: Token) -> bool:
        """A plural noun that can name the dead ("the Jesuits", "peasants"), not things, animals or events."""
        return tok.tag_ in ("NNS", "NNPS") and tok.pos_ in ("NOUN", "PROPN") and self.is_party(tok) \
            and not self.is_weapon(tok) and tok.lemma_.lower() not in self.lex.nouns and tok.lemma_.lower() not in NOT_PEOPLE

    @staticmethod
    def is_party(tok: Token) -> bool:
        """Dates, times, quantities and bare numbers are never actors or recipients."""
        return (tok.ent_type_ not in ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY") and tok.pos_ != "NUM"
                and tok.lemma_.lower() not in NOT_PARTIES and tok.lower_ not in CALENDAR_WORDS)

    def people_args(self, toks: Iterable[Token], role: str) -> list[Arg]:
        out = []
        for tok in toks:
            for c in conjuncts(tok):
                if c.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "ADJ") and c.lower_ not in ("what", "which", "that"):
                    out.append(self.arg(c, role))
        return out

    def sentence_triggers(self, sent: Span) -> list[tuple[Token, Trigger]]:
        return [(t, trig) for t in sent if (trig := self.trigger_for(t))]
