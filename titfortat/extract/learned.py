"""The learned refiner: models trained on MUC-4 DEV that re-decide an event's role fillers.

Three linear models (``learned_model.LinearModel``) ship in ``titfortat/data/models/``:

* a **document relevance** model (bag of lemmas, rule-event features, how old the incidents are):
  in a document it finds irrelevant the attack events are removed (see ``Refiner.__call__``);
* a **role model** scoring every candidate noun phrase (``learned_features``) for the five
  MUC-4 roles: perpetrator individual, perpetrator organisation, physical target, named victim,
  weapon;
* a **stacked relevance** model correcting the relevance model's log-odds by what the role model
  found (how sure the document's likeliest filler of each role is: ``stacked_relevance``).

``Refiner.__call__`` keeps the rule arguments the role model accepts, re-kinds the ones it places
in another role (a described person is a ``group`` recipient, not a named victim), drops the ones
it rejects (the config's ``keep_threshold`` may spare rule arguments it scores above it; the
actor dictionary's named states and forces are spared above ``named_actor_floor``), and adds
confident fillers the rules missed to the nearest attack event.  Train with
``python -m titfortat.train`` (``make train``).
"""
from __future__ import annotations

import json
import re
import math
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Optional

import numpy as np

from ..ids import stable_hash
from ..model import Actor, Article, Event, Evidence, Instrument
from .learned_features import (COUNTED, ROLES, Candidate, TokenTable, document_candidates, document_features, norm,
                               rule_role)
from .learned_model import LinearModel
from .nlp import is_shouting

MODEL_PACKAGE = "titfortat.data.models"
ROLE_FILE, RELEVANCE_FILE, CONFIG_FILE = "muc4_roles.npz", "muc4_relevance.npz", "muc4_refiner.json"
STACK_FILE = "muc4_relevance_stack.npz"
ROLE_KIND = {"PerpInd": ("actors", "group"), "PerpOrg": ("actors", "organization"),
             "Target": ("recipients", "physical"), "Victim": ("recipients", "individual")}


@dataclass
class Decision:
    """A filler the role model selected for a document."""

    role: str
    candidate: Candidate
    probability: float


@dataclass
class Refiner:
    """Callable ``(article, doc, events) -> events`` for ``Extractor.refiner``."""

    roles: LinearModel
    relevance: LinearModel
    thresholds: dict[str, float]
    relevance_threshold: float
    keep_threshold: float  # a rule argument scoring below this for every role is dropped
    directory: object = None
    version: str = ""
    config: dict = field(default_factory=dict)
    stack: Optional[LinearModel] = None  # the stacked relevance model (``stacked_relevance``)

    @classmethod
    def load(cls, directory=None) -> "Refiner":
        """The shipped models (``titfortat/data/models``); ``directory``: the pipeline's ActorDirectory."""
        folder = resources.files(MODEL_PACKAGE)
        config = json.loads(folder.joinpath(CONFIG_FILE).read_text(encoding="utf-8"))
        roles = LinearModel.from_bytes(folder.joinpath(ROLE_FILE).read_bytes())
        relevance = LinearModel.from_bytes(folder.joinpath(RELEVANCE_FILE).read_bytes())
        stack = LinearModel.from_bytes(folder.joinpath(STACK_FILE).read_bytes()) \
            if config.get("relevance_stack") else None
        use_directory = directory if config.get("directory_features") else None
        return cls(roles=roles, relevance=relevance, thresholds=dict(config["thresholds"]),
                   relevance_threshold=float(config["relevance_threshold"]),
                   keep_threshold=float(config["keep_threshold"]), directory=use_directory,
                   version=str(config.get("version", "")), config=config, stack=stack)

    # ---- scoring ---------------------------------------------------------------------------
    def relevance_of(self, article: Article, doc, events: list[Event], table: Optional[TokenTable] = None) -> float:
        """Probability that the document reports an attack (MUC-4 relevance), by the relevance
        model alone (``stacked_relevance`` corrects it by the role model's findings)."""
        return float(self.relevance.scores([document_features(article, doc, events, table)])[0, 0])

    def score(self, article: Article, doc, events: list[Event],
              table: Optional[TokenTable] = None) -> tuple[list[Candidate], np.ndarray]:
        """Candidates of a document and their role probabilities (columns in ``ROLES`` order)."""
        candidates = document_candidates(article, doc, events, directory=self.directory, table=table)
        if not candidates:
            return [], np.zeros((0, len(ROLES)))
        return candidates, self.roles.scores([c.features for c in candidates])

    def decide(self, candidates: list[Candidate], probs: np.ndarray) -> list[Decision]:
        """Fillers per role: threshold, one per normalised text, no filler inside a better one."""
        return select(candidates, probs, self.thresholds)

    # ---- rebuilding events -----------------------------------------------------------------
    def __call__(self, article: Article, doc, events: list[Event]) -> list[Event]:
        table = TokenTable(doc)
        p_first = self.relevance_of(article, doc, events, table)
        scored = self.score(article, doc, events, table) if self.stack is not None else None
        p_relevant = stacked_relevance(p_first, scored[1], self.stack) if scored is not None else p_first
        # mixed-case prose: the parse and the dictionaries behind the rule events are sound there;
        # the models, trained on all-caps 1989-91 wire copy, only add fillers and re-kind them
        prose = not is_shouting(article.body)
        if p_relevant < self.relevance_threshold and not prose:
            # the model is confident the text reports no attack: its attack events are dropped
            # (and, when the config says so, its arrests and seizures: no incident to report)
            drop = COUNTED if self.config.get("irrelevant_drops_coercion") else REFINED
            return [e for e in events if not _counted(e, drop)]
        # gated by the relevance model alone: the stacked score already counts the role model's
        # likeliest fillers, gating them by it again would count that evidence twice
        candidates, raw = scored if scored is not None else self.score(article, doc, events, table)
        probs = gate(raw, p_first, float(self.config.get("relevance_power", 0.0)))
        wanted = {(d.candidate.key, d.role): d for d in self.decide(candidates, probs)}
        # a rule argument the model does not select but does not firmly reject either keeps its role
        spared = {(c.key, role) for i, c in enumerate(candidates) for j, role in enumerate(ROLES)
                  if probs[i, j] >= self.keep_threshold and role in c.rule_roles}
        actor_p: dict[str, float] = {}
        for i, cand in enumerate(candidates):
            actor_p[cand.key] = max(actor_p.get(cand.key, 0.0), float(probs[i, 0]), float(probs[i, 1]))
        spared |= self._named_actors(events, actor_p)
        if prose:
            spared |= {(c.key, role) for c in candidates for role in c.rule_roles}
        placed: set[tuple[str, str]] = set()
        refined = [_rebuild(e, wanted, placed, spared) if _counted(e)
                   else _rebuild(e, wanted, placed, spared, THING_ROLES) if not prose and _counted(e, COUNTED)
                   else e for e in events]
        counted = [e for e in refined if _counted(e)]
        for key_role, decision in sorted(wanted.items(), key=lambda kv: kv[1].candidate.char_start):
            if key_role in placed:
                continue
            if not counted:
                counted.append(_new_event(article, doc, decision, refined, p_relevant))
                refined.append(counted[-1])
            _attach(_nearest(counted, decision.candidate.char_start), decision, article, self.directory)
            placed.add(key_role)
        if not prose:
            refined = [_members_of(_full_names(e, candidates, table, article.body, self.directory), self.directory)
                       if _counted(e, COUNTED) else e for e in refined]
        return refined


    def _named_actors(self, events: list[Event], actor_p: dict[str, float]) -> set[tuple[str, str]]:
        """Rule actors the actor dictionary names (a state, a known armed group), kept unless the
        role model all but rules them out (probability below ``named_actor_floor``).

        MUC-4 taught the role model little about modern state actors ("the US" reads like the
        pronoun "us" once normalised), so the dictionary's word outranks a low score; but a
        near-zero score catches the dictionary's own slips (a "car" read as a country's code).
        """
        floor = float(self.config.get("named_actor_floor", 0.0))
        # which dictionary sectors count ("" = a state itself); absent: all of them
        sectors = {x or None for x in self.config.get("named_actor_sectors", [])} or _AnySector()
        if self.directory is None or not self.config.get("keep_named_actors", True):
            return set()
        out = set()
        for event in events:
            if not _counted(event):
                continue
            for arg in event.actors:
                found = self.directory.resolve(arg.text)
                named = found is not None and not found[0].generic and found[0].sector in sectors
                # "Russian cruise missiles", "Houthi drones": the owner named by a state's or group's word
                national = found is None and arg.country is not None and arg.kind == "organization"
                if (named or national) and actor_p.get(norm(arg.text), 0.0) >= floor:
                    out.add((norm(arg.text), rule_role("actors", arg.kind)))
        return out


class _AnySector:
    """A container holding every sector (no ``named_actor_sectors`` in the config)."""

    def __contains__(self, item) -> bool:
        return True


STACK_EDGES = (0.1, 0.2, 0.3, 0.5, 0.7)


def stack_features(role_probs: np.ndarray) -> list[str]:
    """What the role model found in a document, for the stacked relevance model: per role, how
    sure its likeliest candidate is (cumulative bins: "maxVictim>=0.3" also says >=0.1, >=0.2)."""
    out = []
    for column, role in enumerate(ROLES):
        top = float(role_probs[:, column].max()) if len(role_probs) else 0.0
        out += [f"max{role}>={edge}" for edge in STACK_EDGES if top >= edge]
    return out


def stacked_relevance(p_first: float, role_probs: np.ndarray, stack: Optional[LinearModel]) -> float:
    """The relevance model's probability corrected by the stacked model: its log-odds plus the
    stacked model's margin over ``stack_features`` (no stacked model: unchanged).

    The bag of lemmas hears a text about violence; whether the role model finds a likely named
    victim, target or perpetrator says whether it reports an attack (MUC-4 DEV 5-fold CV
    relevance F1 80.3 -> 81.0)."""
    if stack is None:
        return p_first
    p = min(max(p_first, 1e-6), 1.0 - 1e-6)
    margin = math.log(p / (1.0 - p)) + float(stack.margins([stack_features(role_probs)])[0, 0])
    return 1.0 / (1.0 + math.exp(-margin))


def gate(probs: np.ndarray, p_relevant: float, power: float) -> np.ndarray:
    """Role probabilities scaled by the document's relevance (``p_role * p_relevant ** power``):
    a filler is a filler of a reported attack, so a doubtful text needs surer fillers."""
    return probs * (p_relevant ** power) if power else probs


def select(candidates: list[Candidate], probs: np.ndarray, thresholds: dict[str, float]) -> list[Decision]:
    """Role fillers from scored candidates (shared by the refiner and the trainer's tuning)."""
    out: list[Decision] = []
    for column, role in enumerate(ROLES):
        best: dict[str, Decision] = {}
        for i, cand in enumerate(candidates):
            p = float(probs[i, column])
            if p >= thresholds[role] and (cand.key not in best or p > best[cand.key].probability):
                best[cand.key] = Decision(role, cand, p)
        chosen: list[Decision] = []
        for decision in sorted(best.values(), key=lambda d: (-d.probability, d.candidate.char_start)):
            words = f" {decision.candidate.key} "
            if any(f" {c.candidate.key} " in words or words in f" {c.candidate.key} " for c in chosen):
                continue  # "fmln" and "fmln guerrillas" name one filler: keep the likelier form
            chosen.append(decision)
        out.extend(chosen)
    # one text, one role: the likelier role wins
    owner: dict[str, Decision] = {}
    for d in out:
        if d.candidate.key not in owner or d.probability > owner[d.candidate.key].probability:
            owner[d.candidate.key] = d
    return sorted(owner.values(), key=lambda d: (d.candidate.char_start, d.role))


# Events the refiner may rebuild or drop: attacks only.  Arrests, dispersals and other coercion
# are not what MUC-4 taught it (tests/extract: refining them lost modern-news arguments).
REFINED = {"ASSAULT", "THREATEN"}


def _counted(event: Event, types=REFINED) -> bool:
    return event.type.upper() in types and event.modality != "negated"


# In wire copy the things an arrest, a raid or a seizure names (the rifles seized, the building
# occupied, "the following materiel") are almost never an attack's target or weapon: MUC-4 DEV
# gold holds none of the 79 weapons and none of the 130 physical recipients of its rule COERCE
# events.  The role model decides those two roles of such events as it does an attack's.
THING_ROLES = ("Target", "Weapon")


def _rebuild(event: Event, wanted: dict, placed: set, spared: set, roles: Optional[tuple[str, ...]] = None) -> Event:
    """Keep the rule arguments the role model selected (re-kinded to the role it chose), drop the rest.

    A rejected person recipient becomes a ``group`` (described, unnamed) recipient rather than
    disappearing; a filler already placed in another event is not repeated.  With ``roles``, only
    the arguments the rules gave one of those roles are judged; the others stay as they are.
    """
    def verdict(side: str, arg):
        key, role = norm(arg.text), rule_role(side, getattr(arg, "kind", None))
        if roles is not None and role not in roles:
            return arg
        options = {"actors": ("PerpInd", "PerpOrg"), "recipients": ("Target", "Victim"),
                   "instruments": ("Weapon",)}[side]
        chosen = next((r for r in ([role] + list(options)) if (key, r) in wanted), None)
        if chosen is None:
            if (key, role) in spared and (key, role) not in placed:
                placed.add((key, role))
                return arg
            if role == "VictimGroup":
                return arg
            if side == "recipients" and role == "Victim":
                return replace(arg, kind="group", why=_why(arg.why, "learned role model: not a named victim"))
            return None
        if (key, chosen) in placed:
            return None
        placed.add((key, chosen))
        if chosen == role or side == "instruments":
            return arg
        return replace(arg, kind=ROLE_KIND[chosen][1],
                       why=_why(arg.why, f"learned role model {chosen} p={wanted[(key, chosen)].probability:.2f}"))

    return replace(event, actors=[a for a in (verdict("actors", a) for a in event.actors) if a is not None],
                   recipients=[a for a in (verdict("recipients", a) for a in event.recipients) if a is not None],
                   instruments=[a for a in (verdict("instruments", a) for a in event.instruments) if a is not None])


# words that precede a name without being part of it ("president alan garcia", "father ignacio")
_TITLES = frozenset("""president minister general gen colonel col captain capt lieutenant lt sergeant sgt major
mayor judge justice father bishop archbishop monsignor msgr senator deputy candidate leader commander doctor dr mr mrs
ms journalist priest former late chief director governor ambassador attorney magistrate councilman engineer professor
brother sister mother reverend rev policeman patrolman officer agent soldier guard student businessman lawyer
minor peasant teacher worker farmer citizen activist nun jesuit jesuits cameraman reporter photographer pilot""".split())
_NAME_POS = ("PROPN", "NOUN", "ADJ", "X")
_PHRASE_OPENERS = ("ADP", "VERB", "AUX", "PUNCT", "CCONJ", "SCONJ")


def _full_names(event: Event, candidates: list[Candidate], t: TokenTable, body: str, directory) -> Event:
    """Named victims given as the fullest form of the name the document uses.

    Wire copy names a person in full once and then in part ("HECTOR DELGADO PARKER ... DELGADO
    PARKER WAS KIDNAPPED", "FATHER JOSE IGNACIO ELLACURIA ... JOSE IGNACIO"), and the role model
    often picks the short mention next to the attack word; the person is the full name, so a
    named-victim mention (a person's or an organisation's) that begins or ends a longer proper name
    of the document (only name words added, Spanish particles such as "de" and "y" inside it) is
    replaced by that name.  A person's name followed by where he is from ("X of Milan") is the name.
    """
    def widened(arg: Actor) -> Actor:
        if arg.kind not in ("individual", "organization") or not arg.text:
            return arg
        key = norm(arg.text)
        best = None
        for cand in candidates:
            if len(cand.key) <= len(key) or not (cand.key.endswith(" " + key) or cand.key.startswith(key + " ")):
                continue
            words = _word_tokens(t, cand.start, cand.end)
            n = len(key.split())
            if len(words) != len(cand.key.split()):
                continue
            if cand.key.endswith(" " + key) and _name_words(t, words[:-n], directory):
                pass
            elif cand.key.startswith(key + " ") and _name_tail(t, words[n:], directory):
                pass
            else:
                continue
            if best is None or len(cand.key) > len(best.key):
                best = cand
        if best is None:
            return _without_origin(arg, t, body)
        return replace(arg, text=body[best.char_start:best.char_end], start=best.char_start, end=best.char_end,
                       why=_why(arg.why, "the document's fullest form of the name"))

    return replace(event, recipients=[widened(a) for a in event.recipients])


# particles inside Spanish and Portuguese names ("Stela Torrado de Otalora", "Rivera y Damas")
_NAME_PARTICLES = frozenset({"de", "del", "y", "da", "dos", "la"})
_NOT_NAME = frozenset({"alias", "aka", "nicknamed"})  # "X alias Y": the name stops before the alias


def _word_tokens(t: TokenTable, start: int, end: int) -> list[int]:
    """Token indices of the words of a span (no line breaks, no punctuation)."""
    return [i for i in range(start, end) if t.pos[i] not in ("SPACE", "PUNCT")]


def _name_tail(t: TokenTable, tokens: list[int], directory) -> bool:
    """Tokens after a name that continue it: name words, a particle only between name words."""
    if not tokens or t.lower[tokens[-1]] in _NAME_PARTICLES or any(t.lower[i] in _NOT_NAME for i in tokens):
        return False
    words = [i for i in tokens if t.lower[i] not in _NAME_PARTICLES]
    return bool(words) and _name_words(t, words, directory, first_in_phrase=False)


def _without_origin(arg: Actor, t: TokenTable, body: str) -> Actor:
    """ "Roberto Roascio of Milan": a named person, where he is from is no part of his name."""
    if arg.kind != "individual" or arg.start is None:
        return arg
    cut = arg.text.lower().find(" of ")
    if cut <= 0:
        return arg
    head = arg.text[:cut].rstrip()
    after = arg.text[cut + 4:].strip()
    if len(head.split()) < 2 or not after or not after[:1].isalpha():
        return arg
    tokens = [i for i, at in enumerate(t.idx) if arg.start <= at < arg.start + len(head)]
    place = [i for i, at in enumerate(t.idx) if arg.start + cut + 4 <= at < arg.end]
    if not tokens or not place or any(t.pos[i] not in ("PROPN", "SPACE") for i in tokens) or \
            t.ent[place[0]] not in ("GPE", "LOC"):
        return arg
    return replace(arg, text=head, end=arg.start + len(head), why=_why(arg.why, "the name without where the person is from"))


def _name_words(t: TokenTable, tokens, directory, first_in_phrase: bool = True) -> bool:
    """``tokens`` are all name words: proper nouns, or words the truecaser left in lower case
    ("in search of hector Delgado parker"), but no title or description ("president",
    "policeman", "their colleague", "university rector")."""
    def name_word(i: int) -> bool:
        low = t.lower[i]
        if not low.isalpha() or len(low) < 3 or low in _TITLES or t.pos[i] not in _NAME_POS:
            return False
        found = directory.resolve(low) if directory is not None else None
        return not (found and found[0].generic)

    tokens = list(tokens)
    if not (tokens and all(name_word(i) for i in tokens)):
        return False
    if not first_in_phrase:
        return True
    # a lower-case word is a given name only where a noun phrase starts (after "of", a verb, a
    # comma), not after a determiner, possessive or modifier, where it describes the person
    start = tokens[0]
    before = start - 1
    while before >= 0 and t.pos[before] == "SPACE":
        before -= 1
    opens = before < 0 or t.sent[before] != t.sent[start] or t.pos[before] in _PHRASE_OPENERS
    return t.pos[start] == "PROPN" or opens


# plural nouns for the people of an organisation: "FMLN guerrillas", "Guatemalan army troops"
_MEMBERS = frozenset("troops members guerrillas soldiers units commandos militants fighters rebels agents "
                     "policemen guardsmen elements".split())
_ORG_HEADS = frozenset("army police guard military forces force navy battalion brigade front command "
                        "corps detachment cartel movement party".split())
_LEADING = re.compile(r"(?:(?:the|a|an|some|several|its|their|\d+|two|three|four|five|six|seven|eight|nine|ten)\s+)*",
                      re.IGNORECASE)  # what precedes the organisation's name: "the two FMLN guerrillas"


def _members_of(event: Event, directory=None) -> Event:
    """An organisation named with its members ("FMLN guerrillas", "national police members") is
    two MUC-4 fillers: the people who acted (a group, PerpInd) and their organisation (PerpOrg,
    the words before the members noun), when those words name an organisation: one the actor
    dictionary knows by name, or a phrase headed by an organisation word ("6th infantry brigade")."""
    actors: list[Actor] = []
    for arg in event.actors:
        words = (arg.text or "").split()
        org = None
        if arg.kind == "organization" and arg.start is not None and len(words) > 1 and words[-1].lower() in _MEMBERS:
            lead = _LEADING.match(arg.text).end()
            org = arg.text[lead:arg.text.rstrip().rfind(words[-1])].rstrip()
        if not org or not _organisation(org, directory):
            actors.append(arg)
            continue
        start = arg.start + lead
        actors.append(replace(arg, kind="group", why=_why(arg.why, "the members of an organisation")))
        actors.append(replace(arg, text=org, start=start, end=start + len(org), count=None,
                              why=_why(arg.why, f"the organisation of {arg.text!r}")))
    return replace(event, actors=actors)


def _organisation(text: str, directory) -> bool:
    """The words name an organisation: a head word of one, or a specific name in the dictionary
    (not "Peruvian", "artillery", "a group of", "Duarte's")."""
    last = text.split()[-1].lower()
    if last in _ORG_HEADS:
        return True
    if last == "of" or last.endswith("'s") or directory is None:
        return False
    found = directory.resolve(text)
    return found is not None and found[0].kind == "organization" and not found[0].generic


def _why(old: Optional[str], new: str) -> str:
    return f"{old}; {new}" if old else new


def _nearest(events: list[Event], offset: int) -> Event:
    """The counted event whose trigger is closest before ``offset`` (else the first after it)."""
    def position(e: Event) -> int:
        return e.trigger["start"] if e.trigger else (e.evidence[0].start if e.evidence else 0)

    before = [e for e in events if position(e) <= offset]
    return max(before, key=position) if before else min(events, key=position)


def _attach(event: Event, decision: Decision, article: Article, directory=None) -> None:
    """Add a filler the rules missed; a perpetrator the actor dictionary names specifically gets
    that name ("Farabundo Marti National Liberation Front" and "FMLN" are one party)."""
    cand = decision.candidate
    text = article.body[cand.char_start:cand.char_end]
    why = f"learned role model p={decision.probability:.2f} ({decision.role})"
    if decision.role == "Weapon":
        event.instruments.append(Instrument(text=text, start=cand.char_start, end=cand.char_end))
        return
    side, kind = ROLE_KIND[decision.role]
    actor = Actor(text=text, start=cand.char_start, end=cand.char_end, kind=kind, why=why)
    found = directory.resolve(text) if directory is not None and side == "actors" else None
    if found is not None and not found[0].generic:
        entry = found[0]
        actor.name, actor.country, actor.sector = entry.name, entry.country, entry.sector
        actor.why = f"{why}; {found[1]}"
    getattr(event, side).append(actor)


def _new_event(article: Article, doc, decision: Decision, events: list[Event], p_relevant: float) -> Event:
    """An ASSAULT event for a document the models find relevant but where the rules saw no attack."""
    sent = doc[decision.candidate.start].sent
    coder = events[0].coder if events else "titfortat learned refiner"
    return Event(doc_id=article.doc_id, event_id=stable_hash(article.doc_id, "ASSAULT", "learned", sent.start_char),
                 coder=coder, type="ASSAULT", cameo={"root": "18", "quad": 4},
                 evidence=[Evidence(sentence=article.body[sent.start_char:sent.end_char], start=sent.start_char,
                                    end=sent.end_char)],
                 confidence=round(0.3 * p_relevant, 3),
                 trigger=None)
