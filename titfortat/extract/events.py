"""From drafts to contract events: coreference, retaliation links, resolution, ids, evidence."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Optional

from spacy.tokens import Doc

from ..ids import stable_hash
from ..interfaces import ActorResolver, DateResolver, PlaceResolver
from ..model import (ASSUMED, Actor, Article, Attribution, DateSpan, Event, Evidence, Figure, Instrument, Place)
from .clause import ClauseReader, PERSON_WORDS, phrase
from .draft import Arg, Draft
from .lexicon import Lexicon
from .nlp import doc_text

DATELINE_PLACE = re.compile(r"(?m)^\s*[A-Z][A-Z .'\-]{2,}(?:, [A-Z][A-Za-z .'\-]+){0,2}(?=,| \(| -| —)")
TIME_NOUNS = {"time", "morning", "evening", "night", "afternoon", "dawn", "hour", "midnight", "noon"}
DATE_SKIP_DEPS = {"compound", "amod", "nummod", "nmod"}  # "the 2015 nuclear deal"; "Wednesday's attack" dates it
GROUP_HEADS = {"militia", "militias", "group", "groups", "forces", "force", "troops", "army", "police", "rebels",
               "guerrillas", "insurgents", "protesters", "demonstrators", "government", "parliament", "militants",
               "gunmen", "terrorists", "fighters", "soldiers", "coalition", "iraqis", "people", "residents"}
ROLE_NAMES = {"PROTEST": "protesters"}
# what an armed group calls its own fighters when it reports their acts
OWN_FIGHTERS = {"guerrilla", "guerrillas", "column", "columns", "unit", "units", "commando", "commandos", "fighters",
                "combatants", "rebels", "forces", "detachment", "squad", "squads", "brigade", "brigades", "cell", "cells"}
SITE_NOUNS = {"base", "airbase", "camp", "airport", "airfield", "embassy", "outpost", "barracks", "garrison",
              "compound", "facility", "refinery", "depot", "port", "checkpoint"}
REPORT_DAYS = 1  # an undated event of a news report: on its date or up to this many days before


def date_spans_of(doc: Doc, event_nouns: frozenset = frozenset()) -> list[tuple[int, int]]:
    """Char spans of date expressions that date a clause or an event noun ("the January 8
    missile attack"), not a thing ("the 2015 nuclear deal")."""
    out: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if re.fullmatch(r"[0-2]\d[0-5]\d", ent.text.strip()) and ent.start > 0 and \
                doc[ent.start - 1].lower_ in ("at", "around", "about", "approximately", "until", "after", "before"):
            continue  # "at 1830": a time of day on the 24-hour clock, not the year 1830
        after = next((t for t in doc[ent.end:ent.end + 3] if not t.is_space), None)
        if ent.root.lemma_.lower() in ("hour", "minute", "second") and after is not None and \
                after.lower_ in ("before", "after"):
            continue  # "a few hours before the elections": an interval to another happening, not a date
        head_is_time = ent.root.head.ent_type_ in ("DATE", "TIME") or ent.root.head.lemma_.lower() in TIME_NOUNS
        head_is_event = ent.root.head.lemma_.lower() in event_nouns
        if ent.root.dep_ in DATE_SKIP_DEPS and ent.root.head.pos_ in ("NOUN", "PROPN") and not head_is_time \
                and not head_is_event:
            continue
        if out and doc_text(doc)[out[-1][1]:ent.start_char].strip() == "":
            out[-1] = (out[-1][0], ent.end_char)  # "Monday" + "evening"
            continue
        if ent.root.head.pos_ == "ADJ" and ent.root.dep_ == "npadvmod":
            continue  # "decades-old": describes a thing, does not date a clause
        start = ent.start
        if start > 0 and doc[start - 1].lower_ in ("since", "until", "before", "after"):
            start -= 1
        out.append((doc[start].idx, ent.end_char))
    return out


class EventBuilder:
    def __init__(self, reader: ClauseReader, actors: ActorResolver, places: PlaceResolver,
                 resolve_date: DateResolver, lexicon: Lexicon) -> None:
        self.reader = reader
        self.actors = actors
        self.places = places
        self.resolve_date = resolve_date
        self.lex = lexicon

    # ---- document-level linking ----------------------------------------------------------
    def link(self, doc: Doc, drafts: list[Draft]) -> list[Draft]:
        kept: list[Draft] = []
        owner: dict[int, Draft] = {}
        for d in drafts:
            if d.coref_only and not d.retaliation:
                continue
            if d.coref_only:  # "the strikes were carried out in retaliation for ...": an earlier event answers
                told = self._mentioned(d, kept, doc)
                if told is not None and told.answer_hint is None:
                    told.retaliation, told.answer_hint = True, d.answer_hint
                    owner[id(d)] = told
                continue
            target = self._same_happening(d, kept, doc)
            if target is not None:
                self._reported_perpetrator(d, target, doc)
                target.absorb(d)
                owner[id(d)] = target
                continue
            kept.append(d)
        kept = [d for d in kept if d.concrete()]
        kept = [piece for d in kept for piece in self._per_site(doc, d)]
        for i, d in enumerate(kept):
            told = self._same_day_retelling(d, kept[:i], doc)
            if told is not None:
                _share_claim(told, d)
        for i, d in enumerate(kept):
            dated = [e for e in kept[:i] if e.date_span is not None and d.sent - 3 <= e.sent <= d.sent
                     and e.modality != "future" and not e.referenced]  # what will happen next month dates nothing told as done
            if dated and not d.retaliation and not d.referenced:  # news narrates one story: an undated sentence continues the last dated one
                d.inherit_date_from = dated[-1]
            hint = owner.get(id(d.answer_hint)) or (d.answer_hint if d.answer_hint in kept else None)
            if d.retaliation and hint is not None and hint is not d:
                d.answers = [hint]
                if d.date_span is None:
                    d.inherit_date_from = hint
                continue
            if d.retaliation:
                earlier = [e for e in kept[:i] if e.type in ("ASSAULT", "COERCE") and e.sent < d.sent]
                if earlier:
                    d.answers = [earlier[-1]]
                    if d.date_span is None:
                        d.inherit_date_from = earlier[-1]
        return kept

    def _reported_perpetrator(self, d: Draft, target: Draft, doc: Doc) -> None:
        """A later retelling names who did an attack told without a perpetrator, on a third party's
        word ("the Observatory said Russian jets had carried out the strikes"): that party attributes it."""
        if target.actors or not d.reporters or target.claimed_by:
            return
        named = [a for a in d.actors if not a.pronoun and self._countries(doc, [a])]
        if not named or self._countries(doc, named) & self._countries(doc, d.reporters):
            return
        d.attributed_to.extend(named)
        d.attributed_by.extend(d.reporters)
        d.attribution_why = d.attribution_why or \
            f"perpetrator named on a third party's word: '{doc[d.trigger].sent.text.strip()[:80]}'"

    @staticmethod
    def _per_site(doc: Doc, d: Draft) -> list[Draft]:
        """One salvo on several sites the report names apart ("fired missiles at two bases, Ain
        al-Asad air base in Anbar and a base in Erbil") is one event per site, each with its place."""
        if d.type != "ASSAULT" or len(d.recipients) < 2:
            return [d]
        by_head = {a.head: a for a in d.recipients}
        for first in d.recipients:
            tok = doc[first.head]
            if tok.lemma_.lower() not in SITE_NOUNS:
                continue
            sites = [by_head[t.i] for t in [tok] + [c for c in tok.conjuncts if c.i > tok.i]
                     if t.i in by_head and t.lemma_.lower() in SITE_NOUNS]
            if len(sites) < 2:
                continue
            inside = [[p for p in d.places if doc[s.head].left_edge.i <= p.start and p.end <= doc[s.head].right_edge.i + 1
                       and not any(c.i <= p.start < doc[c.i].right_edge.i + 1 for c in doc[s.head].conjuncts
                                   if c.i > s.head)] for s in sites]
            if not all(inside) or len({doc[p[-1].head].lower_ for p in inside}) < len(sites):
                return [d]  # a site without a place of its own, or two in one place: one event
            shared = [p for p in d.places if not any(p in own for own in inside)]
            others = [a for a in d.recipients if a not in sites and doc[a.head].lemma_.lower() not in SITE_NOUNS]
            pieces = []
            for site, own in zip(sites, inside):
                piece = d if not pieces else dataclasses.replace(
                    d, actors=list(d.actors), instruments=list(d.instruments), reporters=list(d.reporters),
                    claimed_by=list(d.claimed_by), attributed_to=list(d.attributed_to),
                    attributed_by=list(d.attributed_by), denied_by=list(d.denied_by), answers=list(d.answers),
                    sentences=set(d.sentences), merged_triggers=list(d.merged_triggers))
                own = sorted(own, key=lambda p: p.start != site.start)  # the site's own name first
                piece.recipients, piece.places, piece.site_key = others + [site], own + shared, site.start
                pieces.append(piece)
            return pieces
        return [d]

    @staticmethod
    def _mentioned(d: Draft, kept: list[Draft], doc: Doc) -> Optional[Draft]:
        """The earlier event a bare mention ("the strikes") refers to: the latest of its type, one
        named with the same word preferred, never an event only referenced as what was answered."""
        told = [k for k in kept if k.type == d.type and not k.referenced and 0 <= d.sent - k.sent <= 5]
        same_word = [k for k in told if k.trigger_lemma == d.trigger_lemma]
        return (same_word or told or [None])[-1]

    @staticmethod
    def _dated_apart(d: Draft, k: Draft, doc: Doc) -> bool:
        """Both carry their own date expressions and they differ ("in January, an attack on the same base")."""
        if d.date_span is None or k.date_span is None:
            return False
        return doc_text(doc)[slice(*d.date_span)].lower() != doc_text(doc)[slice(*k.date_span)].lower()

    def _countries(self, doc: Doc, args: list[Arg]) -> set[str]:
        out = set()
        for a in args:
            span = (a.start, a.end)
            if a.pronoun:
                span = self._antecedent(doc, a)
                if span is None:
                    continue
            info = self.actors.describe(doc[span[0]:span[1]].text) or {}
            if info.get("country"):
                out.add(info["country"])
        return out

    def _same_happening(self, d: Draft, kept: list[Draft], doc: Doc) -> Optional[Draft]:
        places = {doc[a.head].lower_ for a in d.places} | {doc[a.head].lower_ for a in d.recipients
                                                           if doc[a.head].pos_ == "PROPN"}
        kept = [k for k in kept if not self._dated_apart(d, k, doc)]
        for k in reversed(kept):
            # "A drone ... struck a tank yard at Ras Tanura" right after "X attacked a terminal at
            # Ras Tanura": the same place, no new perpetrator -> an elaboration of the same attack
            own = [a for a in d.actors if not a.pronoun]  # "its air raids": the pronoun decides nothing
            same_actor = not own or bool({doc[a.head].lemma_.lower() for a in own}
                                         & {doc[a.head].lemma_.lower() for a in k.actors}) or bool(
                self._countries(doc, own) & self._countries(doc, k.actors))  # "Russian missiles" / "Russia's ministry"
            if k.type == d.type and places and same_actor and 0 <= d.sent - k.sent <= 3 and \
                    places & ({doc[a.head].lower_ for a in k.places} | {doc[a.head].lower_ for a in k.recipients}):
                return k
        trig = doc[d.trigger]
        if trig.pos_ == "NOUN" and not d.places and any(
                c.dep_ == "det" and c.lower_ in ("the", "these", "those", "this", "that") for c in trig.children):
            for k in reversed(kept):  # "... said Russian jets had carried out the strikes": those told before
                if k.type != d.type or not 0 < d.sent - k.sent <= 5 or (k.actors and d.actors):
                    continue
                if d.date_span is None and not k.referenced and d.sent - k.sent <= 3 and \
                        k.trigger_lemma == d.trigger_lemma:
                    return k
                if k.trigger_lemma == d.trigger_lemma and (d.date_span is None or k.date_span is None):
                    return k  # "its invasion of Ukraine" ... "since the invasion began on Feb. 24"
        definite = {doc[a.head].lemma_.lower() for a in d.recipients
                    if any(t.lower_ in ("the", "this", "that") for t in doc[a.start:a.head])
                    and doc[a.head].pos_ == "NOUN" and doc[a.head].lower_ not in PERSON_WORDS}
        for k in reversed(kept):  # "bombed the tower" after "struck a residential tower": the same strike
            if k.type == d.type and definite & {doc[a.head].lemma_.lower() for a in k.recipients}:
                return k
        heads = {doc[a.head].lemma_.lower() for a in d.actors
                 if not a.pronoun and any(t.lower_ == "the" for t in doc[a.start:a.head])}
        if heads and not d.places and d.date_span is None:
            for k in reversed(kept):  # "The fighters ... burned dozens of houses": what the attackers went on to do
                if k.type == d.type and 0 < d.sent - k.sent <= 2 and heads & {doc[a.head].lemma_.lower() for a in k.actors}:
                    return k
        if not d.places and d.date_span is None and d.actors:
            for k in reversed(kept):  # "Russia's defence ministry said it had struck ...": the same strike retold
                if k.type == d.type and 0 < d.sent - k.sent <= 4 and k.actors and \
                        self._countries(doc, d.actors) & self._countries(doc, k.actors):
                    return k
        names = {_key(doc, a) for a in d.recipients if self._named(doc, a)}
        for k in kept:
            if k.type != d.type or not names:
                continue
            if names & {_key(doc, a) for a in k.recipients if self._named(doc, a)}:
                return k
        return None

    @staticmethod
    def _same_day_retelling(d: Draft, kept: list[Draft], doc: Doc) -> Optional[Draft]:
        """ "Today's bomb explosion damaged a bank" after "a dynamite charge exploded today": a
        definite event noun of the same kind, dated by the same expression as an event told before
        and naming no perpetrator of its own, retells that event however far back it was told.
        It stays an event of its own (what it tells is scored on its own sentence), but the two
        are one incident: a claim of either is a claim of both (``_share_claim``)."""
        trig = doc[d.trigger]
        if trig.pos_ != "NOUN" or d.date_span is None or d.actors or not any(
                c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that")) for c in trig.children):
            return None
        day = doc_text(doc)[slice(*d.date_span)].lower()
        for k in reversed(kept):
            if k.type == d.type and k.date_span is not None and not k.referenced and \
                    (k.trigger_lemma == d.trigger_lemma or (d.mode is not None and k.mode == d.mode)) and \
                    doc_text(doc)[slice(*k.date_span)].lower() == day:
                return k
        return None

    def _named(self, doc: Doc, a: Arg) -> bool:
        """A recipient named as a person or organisation (not a country): its re-mention is the same event."""
        head = doc[a.head]
        if head.ent_type_ == "PERSON":
            return True
        return head.pos_ == "PROPN" and head.ent_type_ != "NORP" and self.places.find_country(head.text) is None

    # ---- conversion -------------------------------------------------------------------------
    def build(self, article: Article, doc: Doc, drafts: list[Draft], *, coder: str) -> list[Event]:
        kept = self.link(doc, drafts)
        self._built: dict[tuple[int, int], Actor] = {}
        sents = list(doc.sents)
        ref = article.reference_date
        country_hint = self._country_hint(article, doc)
        # an unplaced event is assumed where the report was filed, never in the country most named
        # (a report on a US strike in Iraq names the US most)
        filed = next(iter(self._filed_in(article)), None)
        ids: dict[int, str] = {}
        events: list[Event] = []
        for d in kept:
            start = doc[d.trigger].idx
            ids[id(d)] = stable_hash(article.doc_id, d.type, start) if d.site_key is None else \
                stable_hash(article.doc_id, d.type, start, doc[d.site_key].idx)
        placed: list[tuple[Draft, Place]] = []
        for d in kept:
            event = self._event(article, doc, sents, d, ids, ref, country_hint, coder)
            if d.tense in ("perfect", "present") and event.date and (event.date.end - event.date.start).days > 400:
                continue  # "has fought the Houthis since 2015": a standing conflict, not an event
            if event.place is not None:
                placed.append((d, event.place))
            elif not d.referenced:
                event.place = self._story_place(d, placed) or self._report_place(article, filed)
            if event.date is None and not d.referenced:
                event.date = self._report_date(d, ref, noun=doc[d.trigger].pos_ != "VERB")
            events.append(event)
        return events

    @staticmethod
    def _story_place(d: Draft, placed: list[tuple[Draft, Place]]) -> Optional[Place]:
        """An event told without a place, right after one told with it, continues its story
        ("Guerrillas attacked the town of X. Two soldiers and a peasant were killed.")."""
        if d.retaliation:
            return None  # an answer happens elsewhere
        for k, place in reversed(placed):
            if place.assumed or not (0 <= d.sent - k.sent <= 2) or k.referenced:
                continue
            why = f"not stated in its sentence; the place of the event told just before ({place.why})"
            return dataclasses.replace(place, why=why)
        return None

    def _report_place(self, article: Article, hint: Optional[str]) -> Optional[Place]:
        """Nothing in the story says where: the country the report is filed from (its dateline),
        at country precision, marked as assumed."""
        countries = getattr(self.places, "countries", None)
        if not hint or countries is None:
            return None
        point = self.places.country_point(hint)
        return Place(text=None, name=countries.name_of(hint), country=hint,
                     lat=point[0] if point else None, lon=point[1] if point else None, precision="country",
                     why=f"{ASSUMED}: the text does not say where; {countries.name_of(hint)} is the country "
                         f"the report is filed from (its dateline)")

    @staticmethod
    def _report_date(d: Draft, ref: Optional[dt.date], *, noun: bool) -> Optional[DateSpan]:
        """Nothing dates the event: a news report tells of what happened on its day or the day
        before ("guerrillas attacked X" in a report of 12 JAN: 11 or 12 JAN), marked as assumed.
        A verb in the future, a modal or an infinitive tells of no act yet; an event noun's tense is
        its sentence's ("ordered a judge to investigate the murder of X": the murder is done)."""
        if ref is None or d.modality in ("future", "hypothetical") or (not noun and d.tense in ("modal", "infinitive")):
            return None
        start = ref - dt.timedelta(days=REPORT_DAYS)
        return DateSpan(start=start, end=ref, precision="range" if REPORT_DAYS else "day", text=None,
                        why=f"{ASSUMED}: no date expression dates it; the report of {ref.isoformat()} tells of "
                            f"it as news ({start.isoformat()}..{ref.isoformat()})")

    def _sentence_country(self, doc: Doc, sents, d: Draft) -> Optional[str]:
        """The country the event's place is in, as the text says it: a nationality next to the
        place ("the Ukrainian city of Vinnytsia"), else a country named in the event's sentences
        ("in Syria's Idlib province"), countries before nationalities (which often name the attacker)."""
        for a in d.places:
            for anc in [doc[a.head]] + list(doc[a.head].ancestors)[:3]:
                for mod in anc.children:
                    if mod.dep_ in ("amod", "compound", "poss") and mod.ent_type_ in ("GPE", "NORP"):
                        iso = self.places.find_country(mod.text) or self.actors.nationality(mod.text)
                        if iso:
                            return iso
        actor_tokens = {i for a in d.actors for i in range(a.start, a.end)}
        for labels in (("GPE",), ("NORP",)):
            for i in sorted(d.sentences):
                for ent in sents[i].ents if i < len(sents) else ():
                    if ent.label_ in labels and ent.start not in actor_tokens:  # the attacker's nationality is not the place
                        iso = self.places.find_country(ent.text) or self.actors.nationality(ent.text)
                        if iso:
                            return iso
        return None

    def _country_hint(self, article: Article, doc: Doc) -> Optional[str]:
        """The country the document is mostly about: countries named (twice the weight), then
        nationalities and region names, whatever label the tagger gave them ("Mali's army")."""
        counts: dict[str, int] = {}
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "NORP", "ORG", "LOC", "PERSON", "FAC"):
                continue
            text = ent.text[:-2] if ent.text.endswith(("'s", "’s")) else ent.text
            if ent.label_ in ("ORG", "PERSON", "FAC") and text.isupper() and len(text) <= 3:
                continue  # "CAR" in a shouted wire is a car, not the Central African Republic
            iso = self.places.find_country(text)
            weight = 2
            if iso is None and ent.label_ in ("NORP", "GPE"):
                iso, weight = self.actors.nationality(text), 1
            if iso:
                counts[iso] = counts.get(iso, 0) + weight
        for iso in self._filed_in(article):
            counts[iso] = counts.get(iso, 0) + 10  # where the report was filed outweighs who is named
        return max(sorted(counts), key=lambda k: counts[k]) if counts else None

    def _filed_in(self, article: Article) -> list[str]:
        """The country of the dateline ("AFRIN, Syria, April 29 (Wire) -"; "MEDELLIN, 27 AUG 89
        (AFP) --": the country of the dateline's city)."""
        dateline = DATELINE_PLACE.search(article.body[:800])
        parts = [p.strip() for p in dateline.group(0).split(",")[:3] if 2 < len(p.strip()) < 40] if dateline else []
        filed = [iso for iso in map(self.places.find_country, parts) if iso]
        if not filed and parts:
            place = self.places.resolve(parts[0])
            if place is not None and place.country and place.precision in ("city", "admin1"):
                filed = [place.country]
        return filed

    def _event(self, article, doc, sents, d: Draft, ids, ref, hint, coder) -> Event:
        body = article.body
        retype(d)
        xw = self.lex.crosswalk(d.type, d.mode)
        actors = self._actors(body, doc, d.actors, ref, d.type)
        recipients = self._actors(body, doc, d.recipients, ref, None)
        place = self._place(body, doc, d, self._sentence_country(doc, sents, d) or hint)
        date = self._date(body, d, ref)
        evidence = [Evidence(sentence=body[sents[i].start_char:sents[i].end_char], start=sents[i].start_char,
                             end=sents[i].end_char) for i in sorted(d.sentences) if i < len(sents)]
        filled = sum(bool(x) for x in (actors, recipients, place, date, d.instruments, d.killed or d.injured))
        tok = doc[d.trigger]
        return Event(
            doc_id=article.doc_id, event_id=ids[id(d)], coder=coder, type=d.type, mode=d.mode,
            cameo=xw["cameo"], intensity=xw["intensity"], acled=xw["acled"], stage=d.stage, modality=d.modality,
            reported_by=self._actors(body, doc, d.reporters, ref, None),
            actors=actors, recipients=recipients,
            instruments=[Instrument(text=body[doc[a.start].idx:_end(doc, a)], start=doc[a.start].idx, end=_end(doc, a))
                         for a in d.instruments],
            place=place, date=date, killed=_figure(d.killed), injured=_figure(d.injured),
            attribution=self._attribution(body, doc, d, ref),
            answers=[ids[id(a)] for a in d.answers if id(a) in ids],
            evidence=evidence, confidence=round(min(0.95, 0.35 + 0.1 * filled), 2),
            trigger={"text": body[tok.idx:tok.idx + len(tok.text)], "start": tok.idx, "end": tok.idx + len(tok.text),
                     "lemma": d.trigger_lemma, "depth": sum(1 for _ in tok.ancestors)},
        )

    def _actors(self, body: str, doc: Doc, args: list[Arg], ref, event_type: Optional[str]) -> list[Actor]:
        out, seen = [], set()
        for a in args:
            s, e = doc[a.start].idx, _end(doc, a)
            if (s, e) in seen:
                continue
            seen.add((s, e))
            actor = self.actor(body, doc, a, s, e, ref, event_type)
            if actor is None or (actor.start, actor.end) in {(x.start, x.end) for x in out}:
                continue
            if actor.name and actor.kind != "group" and actor.name in {x.name for x in out}:
                continue  # the same party mentioned again in a merged report
            out.append(actor)
        return out

    def actor(self, body, doc, a: Arg, s: int, e: int, ref, event_type=None) -> Actor:
        text = body[s:e]
        lookup = text
        why_prefix = ""
        ante = self._antecedent(doc, a) if a.pronoun else None
        if a.pronoun and ante is None:
            return None  # an unresolved "they"/"him" names nobody
        if ante is not None:
            # the actor is the one the pronoun refers to: its own mention is the verbatim span
            s, e = doc[ante[0]].idx, doc[ante[1] - 1].idx + len(doc[ante[1] - 1])
            lookup = body[s:e]
            why_prefix = f"pronoun '{text}' (at {doc[a.start].idx}) refers to '{lookup}'; "
            text = lookup
        head = doc[a.head]
        actor = Actor(text=text, start=s, end=e, count=a.count if a.count and a.count > 1 else None)
        earlier = self._built.get(ante) if ante is not None else None
        if earlier is not None and earlier.name:
            actor.name, actor.kind, actor.country, actor.sector = earlier.name, earlier.kind, earlier.country, earlier.sector
            actor.why = why_prefix + f"resolved there as {earlier.name!r} ({earlier.why})"
            return actor
        actor = self._resolve_into(actor, lookup, why_prefix, head, ref, event_type)
        self._built[(a.start, a.end)] = actor
        return actor

    def _resolve_into(self, actor: Actor, lookup: str, why_prefix: str, head, ref, event_type) -> Actor:
        found = self.actors.resolve(lookup, on=ref)
        if found is not None:
            entry, why = found
            actor.name, actor.kind, actor.country, actor.sector = entry.name, entry.kind, entry.country, entry.sector
            actor.affiliations = {k: list(v) for k, v in (entry.affiliations or {}).items() if v}
            actor.why = why_prefix + why
        else:
            info = self.actors.describe(lookup) or {}
            actor.kind, actor.country, actor.sector = info.get("kind"), info.get("country"), info.get("sector")
            actor.why = why_prefix + (info.get("why") or "not in the actor dictionary")
            if event_type in ROLE_NAMES and actor.kind in ("group", None):
                actor.name = ROLE_NAMES[event_type]
                actor.why += f"; named by its role in a {event_type} event"
            elif why_prefix:
                actor.name = lookup
        if actor.kind is None:
            actor.kind = _kind_from_parse(head)
        return actor

    def _antecedent(self, doc: Doc, a: Arg) -> Optional[tuple[int, int]]:
        """The nearest earlier people/organisation noun phrase agreeing in number with a pronoun.

        An object pronoun never refers to the subject of its own clause ("forces used gas to
        disperse them": them is not the forces)."""
        pron = doc[a.head]
        plural = pron.lower_ in ("they", "them", "their")
        verb = pron.head
        if pron.dep_ == "nsubj" and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in self.reader.cues["report_verbs"]:
            sayer = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
            if sayer is not None and sayer.pos_ in ("NOUN", "PROPN"):
                return phrase(sayer)  # "the military said it had bombed": it is the military
        local = self.reader.subject_of(pron.head) if pron.dep_ in ("dobj", "pobj", "dative") else None
        banned = set(range(*(phrase(local)))) if local is not None else set()
        lo = max(0, a.start - 120)
        for i in range(a.start - 1, lo, -1):
            tok = doc[i]
            if i in banned:
                continue
            if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in ("compound", "amod", "poss"):
                continue
            if self.reader.is_weapon(tok):
                continue
            is_people = tok.lower_ in GROUP_HEADS or tok.lower_ in PERSON_WORDS or tok.ent_type_ in ("ORG", "NORP", "GPE", "PERSON")
            if not is_people:
                continue
            if plural and tok.tag_ in ("NNS", "NNPS") or (not plural and tok.tag_ in ("NN", "NNP")):
                start, end = _np(doc, tok)
                return start, end
        return None

    def _place(self, body: str, doc: Doc, d: Draft, hint: Optional[str]) -> Optional[Place]:
        for a in d.places:
            s, e = doc[a.start].idx, _end(doc, a)
            text = body[s:e]
            known = self.actors.resolve(text)
            if known is not None and known[0].kind == "individual":
                continue  # a person the tagger took for a place ("Soleimani")
            place = self.places.resolve(text, country_hint=hint)
            if place is not None:
                place.text, place.start, place.end = text, s, e
                if place.precision == "country":  # "an attack on Ain al-Asad air base in western Iraq"
                    place = self._target_site(body, doc, d, place) or place
                return place
        named = [a for a in d.places if doc[a.head].pos_ == "PROPN" and a.role == "place"
                 and doc[a.head].ent_type_ not in ("PERSON", "ORG", "NORP")]
        if named and hint:
            # a named place the gazetteer lacks ("Tal Rifaat"): keep the name, locate it by its country
            a = named[0]
            s, e = doc[a.start].idx, _end(doc, a)
            point = self.places.country_point(hint)
            return Place(text=body[s:e], start=s, end=e, name=None, country=hint,
                         lat=point[0] if point else None, lon=point[1] if point else None, precision="country",
                         why=f"'{body[s:e]}' is not in the gazetteer; located in {hint}, the country the report names")
        return None

    def _target_site(self, body: str, doc: Doc, d: Draft, country: Place) -> Optional[Place]:
        """A target the gazetteer knows as a site (a base, an airport) in the country the sentence
        names says more precisely where the event happened."""
        for a in d.recipients:
            s, e = doc[a.start].idx, _end(doc, a)
            site = self.places.resolve(body[s:e], country_hint=country.country)
            if site is not None and site.precision == "site" and site.country == country.country:
                site.text, site.start, site.end = body[s:e], s, e
                site.why = f"{site.why}; the target named in the sentence, in {country.name}"
                return site
        return None

    def _resolve_loose(self, text: str, ref) -> Optional[DateSpan]:
        """The expression, else its longest resolvable part ("early on Friday local time" -> "on Friday")."""
        span = self.resolve_date(text, reference=ref)
        words = text.split()
        for n in range(len(words) - 1, 0, -1):
            if span is not None:
                break
            for i in range(0, len(words) - n + 1):
                span = self.resolve_date(" ".join(words[i:i + n]), reference=ref)
                if span is not None:
                    break
        return span

    def _date(self, body: str, d: Draft, ref) -> Optional[DateSpan]:
        if d.date_span is not None:
            s, e = d.date_span
            span = self._resolve_loose(body[s:e], ref)
            if span is not None:
                span.text = body[s:e]
                return span
        if d.inherit_date_from is d:
            return None
        source, seen = d.inherit_date_from, {id(d)}
        while source is not None and id(source) not in seen:  # follow the chain past unresolvable dates
            seen.add(id(source))
            if source.date_span is not None:
                s, e = source.date_span
                span = self._resolve_loose(body[s:e], ref)
                if span is not None:
                    span.text = body[s:e]
                    how = "the event it answers" if d.answers else "the preceding dated sentence of the story"
                    span.why = f"not stated; taken from {how} ({span.why})"
                    return span
            source = source.inherit_date_from
        return None

    def _attribution(self, body, doc, d: Draft, ref) -> Attribution:
        conv = lambda args: self._actors(body, doc, args, ref, None)  # noqa: E731
        att = Attribution(claimed_by=conv(d.claimed_by), attributed_to=conv(d.attributed_to),
                          attributed_by=conv(d.attributed_by), denied_by=conv(d.denied_by), why=d.attribution_why)
        states = [a for a in att.claimed_by if a.sector in ("GOV", "MIL") and a.country]
        if att.claimed_by:
            att.status = "acknowledged" if states and len(states) == len(att.claimed_by) else "claimed"
            att.claimed = True
        elif att.attributed_to:
            att.status = "attributed"
            _own_forces(att)
        elif d.unclaimed:
            att.status = "unattributed"
        elif d.type in ("ASSAULT", "COERCE", "SANCTION") and d.modality == "asserted":
            self._acknowledged(att, body, doc, d, ref)
        return att

    def _acknowledged(self, att: Attribution, body, doc, d: Draft, ref) -> None:
        """A state reporting its own act ("the Pentagon said US forces struck ...") acknowledges it."""
        actors = self._actors(body, doc, d.actors, ref, None)
        reporters = self._actors(body, doc, d.reporters, ref, None)
        for actor in actors:
            state = actor.country and (actor.sector in ("GOV", "MIL") or (actor.sector is None and actor.kind != "group"))
            for rep in reporters:
                if rep.name and rep.name == actor.name and rep.start != actor.start:
                    # "the coalition said its air raids ...": the actor itself tells of its act
                    own = rep.sector in ("GOV", "MIL", "COP") or (state and rep.sector is None)
                    att.status, att.claimed = ("acknowledged" if own else "claimed"), True
                    att.claimed_by = [rep]
                    att.why = f"{rep.text!r} ({rep.name}) reports its own act"
                    return
                if rep.sector == "REB" and rep.kind == "organization" and rep.name and actor.kind == "group" \
                        and self._unnamed(actor) and not actor.country and actor.sector in (None, "REB"):
                    # "the FMLN reports that urban commando units staged attacks": an armed group's
                    # account of what unnamed fighters did is its claim
                    att.status, att.claimed = "claimed", True
                    att.claimed_by = [rep]
                    att.why = f"{rep.text!r} ({rep.name}), an armed group, reports the act of {actor.text!r}"
                    return
                official = rep.sector in ("GOV", "MIL") or (rep.sector is None and rep.kind == "organization" and rep.country)
                # "the army said" names no country: in a report of a state's strike it is that state's army
                if state and official and (rep.country == actor.country or (rep.country is None and rep.sector == "MIL")):
                    att.status, att.claimed = "acknowledged", True
                    att.claimed_by = [rep]
                    att.why = f"{rep.text!r} ({rep.name or rep.sector}) reports its own state's act"
                    return

    def _unnamed(self, actor: Actor) -> bool:
        """No name, or only that of a kind of party in the words a group uses of its own fighters
        ("a guerrilla column" resolves to generic rebels); "militants", "terrorists" are what
        others call them, so a group's report of what militants did is no claim."""
        if not actor.name:
            return True
        found = self.actors.resolve(actor.text)
        words = actor.text.lower().split()
        return found is not None and bool(getattr(found[0], "generic", False)) and bool(words) and \
            words[-1] in OWN_FIGHTERS


def _share_claim(first: Draft, retelling: Draft) -> None:
    """A claim of responsibility for an incident holds for each telling of it."""
    for have, lack in ((first, retelling), (retelling, first)):
        if have.claimed_by and not lack.claimed_by and not lack.unclaimed:
            lack.claimed_by = list(have.claimed_by)
            lack.attribution_why = lack.attribution_why or have.attribution_why


def _own_forces(att: Attribution) -> None:
    """A state organ that holds its own forces responsible ("the government's report that armed
    forces elements are responsible") acknowledges the act; another state's blame stays blame."""
    organs = [a for a in att.attributed_by if a.sector in ("GOV", "MIL") and a.kind != "individual"]
    if not organs or len(organs) != len(att.attributed_by):
        return  # an institution speaks for the state; one official accusing one officer is blame
    if not all(a.sector in ("GOV", "MIL", "COP") and a.kind != "individual" for a in att.attributed_to):
        return
    countries = {a.country for a in organs + att.attributed_to}
    if len(countries - {None}) > 1 or (None in countries and len(countries) > 1):
        return  # different (or not comparable) states: blame
    att.status, att.claimed, att.claimed_by = "acknowledged", True, list(organs)
    att.why = f"{organs[0].text!r} holds its own state's forces responsible ({att.why or ''})"


CONFLICT_ACTS = {"ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE"}
COOPERATIVE_ACTS = {"AID", "CONCEDE", "RETREAT", "CONSULT", "COOPERATE", "SUPPORT"}


def retype(d: Draft) -> None:
    """PLOVER codes a promised act as AGREE, an announced hostile act as THREATEN, an act made
    conditional ("will withdraw unless ...") as THREATEN, preparing an attack as MOBILIZE, and a
    refused agreement as REJECT ("said it would carry out more attacks" is a threat, not an attack)."""
    if d.conditional and d.modality == "future" and d.type not in ("THREATEN",):
        d.mode, d.type, d.stage, d.modality = d.type.lower(), "THREATEN", "threatened", "asserted"
    elif d.prepared and d.type == "ASSAULT":
        d.mode, d.type, d.modality, d.stage = "assault", "MOBILIZE", "asserted", "accomplished"
    elif d.modality == "future" and d.framed and d.type in CONFLICT_ACTS:
        # the threat itself was made: it is asserted; what it threatens is its mode
        d.mode, d.type, d.stage, d.modality = d.type.lower(), "THREATEN", "threatened", "asserted"
    elif d.modality == "future" and d.type in COOPERATIVE_ACTS:  # a promise
        d.mode, d.type = d.type.lower(), "AGREE"
    elif d.modality == "negated" and d.type == "AGREE":
        d.type, d.modality = "REJECT", "asserted"


def _figure(value) -> Optional[Figure]:
    if value is None:
        return None
    n, text, breakdown = value[:3]
    if len(value) > 3 and value[3] == "at least":  # "the murder of the Jesuits": more than one
        return Figure(low=n, best=None, high=None, text=text, breakdown=dict(breakdown))
    return Figure.exact(n, text=text, breakdown=breakdown)


def _end(doc: Doc, a: Arg) -> int:
    last = doc[a.end - 1]
    return last.idx + len(last.text)


def _np(doc: Doc, tok) -> tuple[int, int]:
    from .clause import phrase
    return phrase(tok)




def _key(doc: Doc, a: Arg) -> str:
    return doc[a.head].lower_


def _kind_from_parse(tok) -> str:
    if tok.ent_type_ == "PERSON":
        return "individual"
    if tok.ent_type_ in ("ORG", "GPE", "NORP"):
        return "organization"
    if tok.tag_ in ("NNS", "NNPS"):
        return "group"
    if tok.lower_ in PERSON_WORDS:
        return "individual"
    return "physical" if tok.pos_ == "NOUN" else "organization"
