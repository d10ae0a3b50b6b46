"""Document-level reading: one pass over the sentences builds drafts, then links them.

A casualty sentence without an agent adds figures to the attack just reported; claims, denials
and blame attach to the event they speak of; "hit back"/"retaliatory" link an event to the one it
answers; "the attack", "it", "them" refer back; mentions of an event already reported merge.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Optional

from spacy.tokens import Doc, Span, Token

from .clause import PERSON_WORDS, ClauseReader, a_name, conjuncts, number_of, phrase
from .draft import Arg, Draft
from .roles import PLACE_NOUNS, build_draft

# "without causing casualties", "no damage or casualties were reported": the cue list's
# "no casualties" with a verb or a coordinated noun in between.
_NONE_HURT = re.compile(r"\b(?:no|without(?: causing| inflicting| any)+)(?: \w+ (?:or|and))? casualties\b")

MATERIAL = {"ASSAULT", "COERCE"}
PRONOUN_SUBJECTS = {"it", "they", "he", "she", "who", "that", "which", "this", "we", "i", "you"}
EARLIER_MARKS = {"after", "before", "since", "following"}
# what an issuer puts out and what it tells in it ("the communique reads: ..."): its issuer's word
DOCUMENT_NOUNS = {"communique", "statement", "note", "letter", "message", "leaflet", "bulletin", "document",
                  "report", "declaration", "pamphlet"}
ISSUE_VERBS = {"issue", "release", "send", "publish", "distribute", "broadcast", "circulate", "sign"}
VOICE_NOUNS = {"mouthpiece", "organ", "voice", "spokesman", "spokesperson"}  # "X, mouthpiece of Y": Y speaks
# "the incident": an event noun of no kind, only ever a mention of an event told
REFERENCE_NOUNS = {"incident"}
RANSOM_VERBS = {"ask", "demand", "seek", "want", "request", "set"}
CONDITION_MARKS = {"when", "if", "unless", "until", "once"}


class DocumentReader:
    def __init__(self, reader: ClauseReader, *, max_sentence_tokens: int) -> None:
        self.reader = reader
        self.cues = reader.cues
        self.max_tokens = max_sentence_tokens
        self._issuer: Optional[Token] = None  # who issued the latest document the text tells of
        self._issuers: dict[str, Token] = {}  # who issued it, per kind of document ("communique")

    def read(self, doc: Doc, date_spans: list[tuple[int, int]]) -> list[Draft]:
        drafts: list[Draft] = []
        pending_retaliation = False
        self._issuer, self._issuers = None, {}
        for si, sent in enumerate(doc.sents):
            if len(sent) > self.max_tokens:
                continue
            before = len(drafts)
            self._note_issuer(sent)
            found = self._sentence(sent, si, drafts, date_spans)
            self._document_voice(found, sent.doc)
            self._own_forces_told(found, si, drafts, sent.doc)
            text = sent.text.lower()
            retaliation = any(p in text for p in self.cues["retaliation_phrases"])
            # the answering event: a new one told here, else a mention of an earlier one ("the
            # strikes were carried out in retaliation for the attack on X"); never the answered one
            concrete = [d for d in found if d.concrete() and not d.coref_only and not d.referenced] or \
                [d for d in found if d.coref_only and not d.referenced and retaliation and
                 self._answered_mention(sent, found, d) is not None]
            if (retaliation or pending_retaliation) and concrete:
                for d in concrete[:1]:
                    d.retaliation = True
                    d.answer_hint = self._answered_mention(sent, found, d)
                pending_retaliation = False
            elif retaliation:
                pending_retaliation = True
            self._attribution(sent, si, drafts[:before] + found)
            self._hostage_claims(sent, si, drafts[:before] + found)
            self._no_casualties(text, si, drafts[:before] + found)
            drafts.extend(found)
        return drafts

    # ---- who tells through a document ------------------------------------------------------
    def _note_issuer(self, sent: Span) -> None:
        """ "The FMLN issued a communique ...": the party a later "the communique reads" speaks for."""
        for tok in sent:
            if tok.lemma_.lower() in DOCUMENT_NOUNS and tok.dep_ == "dobj" and tok.head.lemma_.lower() in ISSUE_VERBS:
                subj = self.reader.subject_of(tok.head)
                if subj is not None and subj.lower_ not in PRONOUN_SUBJECTS and self.reader.is_party(subj):
                    self._issuer = self._issuers[tok.lemma_.lower()] = _name_of(subj)

    def _document_voice(self, found: list[Draft], doc: Doc) -> None:
        """ "The rebel communique reads: ... FMLN guerrillas occupied the road": what a document
        tells, its issuer tells; the document itself is nobody's voice."""
        for d in found:
            noun = self._framing_document(doc[d.trigger])
            issuer = self._issuer_of(noun) if noun is not None else None
            if issuer is not None:
                d.reporters = [r for r in d.reporters if r.head != noun.i] + [self.reader.arg(issuer, "reporter")]

    def _own_forces_told(self, found: list[Draft], si: int, earlier: list[Draft], doc: Doc) -> None:
        """ "The FMLN reports that commando units staged attacks ... Our units also sabotaged the
        electrical system": what "our units" did, told in a party's account (its own report, the
        communique read out, or the report just quoted), is that party's claim of its own act."""
        for d in found:
            if d.type not in MATERIAL or d.modality != "asserted" or d.claimed_by:
                continue
            if not any(c.dep_ == "poss" and c.lower_ == "our" for a in d.actors for c in doc[a.head].children):
                continue
            own = [r for r in d.reporters if not r.pronoun]  # '"Our forces struck the base," the ministry said'
            speaker = dataclasses.replace(own[0], role="actor") if own else self._speaker(si, earlier)
            if speaker is not None:
                d.claimed_by.append(speaker)
                d.attribution_why = f"'our ...' forces in the account of '{doc[speaker.start:speaker.end].text}'"

    def _speaker(self, si: int, earlier: list[Draft]) -> Optional[Arg]:
        """The party whose account the text gives: the issuer of the communique it reads from,
        else the party that reported an event in the last three sentences."""
        if self._issuer is not None:
            return self.reader.arg(self._issuer, "actor")
        for d in reversed(earlier):
            if d.sent < si - 3:
                break
            named = [r for r in d.reporters if not r.pronoun]
            if named:
                return dataclasses.replace(named[0], role="actor")
        return None

    def _framing_document(self, tok: Token) -> Optional[Token]:
        """The document that says the trigger's clause ("the communique reads/says: <clause>")."""
        cur = tok
        for _ in range(4):
            if cur.dep_ in ("ccomp", "parataxis") and cur.head.i != cur.i:
                verb = cur.head
                if verb.lemma_.lower() not in self.cues["report_verbs"] | {"read"}:
                    return None
                return next((c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in DOCUMENT_NOUNS), None)
            if cur.head.i == cur.i:
                return None
            cur = cur.head
        return None

    def _issuer_of(self, noun: Token) -> Optional[Token]:
        """Whose document: "the FMLN communique", "a report published by X", else, for "the
        communique", the party that issued a communique earlier in the text."""
        for c in noun.children:
            if c.dep_ in ("poss", "compound") and (c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "NORP")) \
                    and self.reader.is_party(c):
                return _voice_of(c) or _name_of(c)
        for c in noun.children:
            if c.dep_ == "acl" and c.lemma_.lower() in ISSUE_VERBS:
                agent = next((p for a in c.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"), None)
                if agent is not None:  # the appositive may hang on the report: "a report by X, mouthpiece of Y"
                    return _voice_of(agent) or _voice_of(noun) or _name_of(agent)
        if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children):
            return self._issuers.get(noun.lemma_.lower())  # "the communique": the one issued before
        return None

    def _answered_mention(self, sent: Span, found: list[Draft], answering: Draft) -> Optional[Draft]:
        """The event named in "in retaliation for / in response to the rocket attack on X"."""
        for d in found:
            if d is answering:
                continue
            tok = sent.doc[d.trigger]
            if tok.dep_ == "pobj" and tok.head.lower_ in ("for", "to", "after"):
                return d
        return None

    # ---- one sentence ---------------------------------------------------------------------
    def _sentence(self, sent: Span, si: int, drafts: list[Draft], date_spans) -> list[Draft]:
        out: list[Draft] = []
        absorbed: set[int] = set()
        for tok, trig in self.reader.sentence_triggers(sent):
            if tok.i in absorbed:
                continue
            draft = build_draft(self.reader, tok, trig, si)
            absorbed.update(draft.merged_triggers)
            tense = self.reader.tense(tok)
            draft.tense = tense
            dated = self._date_for(sent, tok, date_spans)
            draft.date_span = dated
            if self._casualty_report(tok, trig, draft, drafts + out):
                continue
            if self._generic(tok, trig, tense, dated, draft):
                continue
            if tok.dep_ == "relcl" and tense == "present" and (
                    any(c.lower_ == "where" for c in tok.children) or tok.head.lemma_.lower() in PLACE_NOUNS):
                continue  # "bases where troops are deployed", "a base that hosts troops": what a place is
            told = any(d.type == trig.type and not d.coref_only for d in drafts)
            if trig.pos == "NOUN" and tok.dep_ in ("dobj", "pobj") and tok.head.lemma_.lower() in \
                    self.cues["claim_verbs"] | self.cues["blame_verbs"] | self.cues["deny_verbs"] | {"praise", "condemn"} \
                    and (told or tok.head.lemma_.lower() not in self.cues["claim_verbs"] | {"condemn"}):
                continue  # "claimed the attack", "praised the attack": a reference, not a new event
            if trig.pos == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "for" and \
                    tok.head.head.lemma_.lower() in self.cues["claim_nouns"] and told:
                continue  # "claimed responsibility for Saturday's attack": a reference (unless the claim tells it first)
            if trig.pos == "NOUN" and tok.head.lower_ in ("to", "for") and tok.dep_ == "pobj" and \
                    tok.head.head.lemma_.lower() in ("response", "retaliation", "reprisal", "revenge", "answer"):
                draft.referenced = True  # "in response to the attack on Camp Taji": an earlier event
                draft.date_span = None  # "struck on Thursday in retaliation for ...": the answer's date
            if trig.pos == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "over" and \
                    tok.head.head.pos_ == "VERB":
                draft.referenced = True  # "imposed sanctions over its invasion": the cause, told elsewhere
                draft.date_span = None  # the clause's date dates the sanctions, not the cause
            if trig.pos == "NOUN" and tok.dep_ == "appos" and self.reader.trigger_for(tok.head) is not None:
                continue  # "the attack, their first deadly strike inside the UAE": the same event described
            if trig.pos == "NOUN" and not draft.concrete():
                draft.coref_only = True
            out.append(draft)
        merged = self._merge_in_sentence(out, sent)
        self._deaths(sent, si, merged, drafts)
        self._victims_named(sent, si, merged, drafts)
        merged.extend(self._reported_demands(sent, si, merged, date_spans))
        return merged

    def _reported_demands(self, sent: Span, si: int, found: list[Draft], date_spans) -> list[Draft]:
        """ "The Red Cross said US forces must ensure security": a demand (PLOVER REQUEST) by the sayer."""
        out = []
        for verb in sent:
            if verb.lemma_.lower() not in self.cues["report_verbs"] | {"conclude", "insist", "stress"}:
                continue
            for comp in verb.children:
                if comp.dep_ != "ccomp" or not any(a.lower_ in ("must", "should") for a in comp.children if a.dep_ == "aux"):
                    continue
                if any(sent.doc[d.trigger].i in {t.i for t in comp.subtree} for d in found if d.type == "REQUEST"):
                    continue
                sayer = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                target = next((c for c in comp.children if c.dep_ == "nsubj"), None)
                if sayer is None or target is None:
                    continue
                draft = Draft(sent=si, trigger=comp.i, type="REQUEST", mode="demand", trigger_lemma=comp.lemma_.lower())
                draft.actors.append(self.reader.arg(_name_of(sayer), "actor"))
                draft.recipients.extend(self.reader.arg(c, "recipient") for c in conjuncts(target))
                draft.date_span = self._date_for(sent, verb, date_spans)
                out.append(draft)
        return out

    def _deaths(self, sent: Span, si: int, found: list[Draft], earlier: list[Draft]) -> None:
        """ "Five people died when bandits attacked the village": the dead of that attack."""
        for tok in sent:
            subj = None
            if tok.lemma_.lower() in ("die", "perish") and tok.pos_ == "VERB":
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            elif tok.lower_ == "dead" and tok.i > sent.start and tok.nbor(-1).pos_ == "NUM":
                subj = tok.nbor(-1)  # "leaving 67 dead", "1,000 dead and 1,500 wounded"
            elif tok.lemma_.lower() == "life" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("claim", "cost", "take"):
                # "attacks that claimed the lives of X and a judge": who died
                subj = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                             for p in c.children if p.dep_ == "pobj"), None)
            elif tok.lemma_.lower() == "death" and tok.pos_ == "NOUN":
                # "resulted in the death of a civilian": someone died
                subj = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                             for p in c.children if p.dep_ == "pobj"), None)
            count = number_of(subj) if subj is not None else None
            if count is None:
                continue
            cause = [c for c in tok.children if c.dep_ == "advcl" and any(m.lower_ in ("when", "as", "after")
                                                                            for m in c.children)]
            if cause and not any(d.trigger in {t.i for c in cause for t in c.subtree} for d in found):
                continue  # "one person died when an ore train was derailed": another happening's dead
            here = [d for d in found if d.type == "ASSAULT"]
            real = [d for d in here if not d.coref_only]
            before = [d for d in earlier if d.type == "ASSAULT" and not d.coref_only and d.sent >= si - 1]
            # "the attack resulted in the death of X": a mention of the attack just told is that attack
            target = real[0] if real else (before[-1] if before else (here[0] if here else None))
            if target is not None and target.killed is None:
                s, e = phrase(subj)
                target.killed = (count, sent.doc[min(s, tok.i):max(e, tok.i + 1)].text, {})
                target.sentences.add(si)
            if target is not None and a_name(subj):  # "Pedro Ruiz died when gunmen attacked": who died
                have = {a.head for a in target.recipients}
                target.recipients.extend(self.reader.arg(n, "recipient") for n in conjuncts(subj)
                                         if a_name(n) and n.i not in have)
                target.sentences.add(si)

    def _victims_named(self, sent: Span, si: int, found: list[Draft], earlier: list[Draft]) -> None:
        """ "The injured are X and Y", "the victims were identified as X and Y": who was hurt in
        the attack told in this sentence or the two before."""
        for tok in sent:
            names: list[Token] = []
            lemma = tok.lemma_.lower()
            if lemma == "be":
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                names = [c for c in tok.children if c.dep_ == "attr"] if subj is not None and _victim_word(subj) else []
            elif lemma in ("identify", "name", "list"):  # "the victims were identified as", "identified the dead as"
                subj = next((c for c in tok.children if c.dep_ in ("nsubjpass", "dobj")), None)
                if subj is not None and _victim_word(subj):
                    names = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"
                             for p in c.children if p.dep_ == "pobj"]
            people = [n for first in names for n in conjuncts(first) + self.reader.listed_names(first)
                      if a_name(n)]
            if not people:
                continue
            here = [d for d in found if d.type == "ASSAULT" and not d.coref_only]
            before = [d for d in earlier if d.type == "ASSAULT" and not d.coref_only and not d.referenced
                      and d.sent >= si - 2]
            target = here[-1] if here else (before[-1] if before else None)
            if target is None:
                continue
            have = {a.head for a in target.recipients}
            target.recipients.extend(self.reader.arg(n, "recipient") for n in people if n.i not in have)
            target.sentences.add(si)

    def _generic(self, tok: Token, trig, tense: str, dated, draft: Draft) -> bool:
        """Habitual, generic or counted mentions ("continuing to mount rocket attacks") are not events."""
        if trig.pos == "NOUN":
            if tok.tag_ == "NNS" and any(c.dep_ == "nummod" for c in tok.children):
                return True  # "24 rocket attacks": a count claim, handled by claims
            head = tok.head
            if head.dep_ == "pobj" and head.head.lemma_.lower() == "of":
                head = head.head.head
            if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in self.cues["generic_heads"]:
                return True
            bare = tok.tag_ == "NNS" and not any(c.dep_ in ("det", "poss", "nummod") for c in tok.children)
            if bare and tense != "past" and not dated and draft.modality != "future":
                return True
            if tense in ("present", "participle", "infinitive") and not dated and not draft.recipients:
                return True
            return False
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and any(c.dep_ == "agent" for c in tok.children) and \
                draft.recipients and trig.type in MATERIAL:
            return False  # "engineer X, kidnapped by the ELN, lives in Bogota": a done act, whatever the clause's tense
        if tense == "present" and not dated and (trig.type in MATERIAL | {"PROTEST", "MOBILIZE"} or not draft.recipients):
            return True  # verbal acts in the present ("Iran rejects the offer") are reports; habitual violence is not
        subj = self.reader.subject_of(tok)
        if subj is not None and subj.lemma_.lower() in self.cues["abstract_agents"] and tense in ("perfect", "present"):
            return True  # "the insurgency has killed 35,000": a running toll, not an event
        if tense in ("participle",) and tok.dep_ in ("acl",) and not dated:
            return True
        if draft.modality == "hypothetical" and not draft.actors:
            return True
        return False

    def _casualty_report(self, tok: Token, trig, draft: Draft, earlier: list[Draft]) -> bool:
        """ "Two soldiers were killed": figures for the attack just reported, not a new event."""
        if not trig.casualty or draft.actors or draft.instruments:
            return False
        if any(c.dep_ == "prep" and c.lower_ in ("during", "in", "after") and any(
                p.dep_ == "pobj" and self.reader.trigger_for(p) is not None and not _definite(p)
                for p in c.children) for c in tok.children):
            return False  # "four rebels were killed during an armed clash": the dead of the clash told here
        recent = [d for d in earlier if d.type == "ASSAULT" and not d.coref_only and not d.referenced
                  and d.sent >= draft.sent - 2]
        if not recent:
            return False
        target = recent[-1]
        # a killing noun's own victims ("Soleimani's killing") are not the toll of the recent attack
        figure = getattr(draft, trig.casualty) if trig.pos != "NOUN" else None
        known = getattr(target, trig.casualty)
        if figure and (known is None or figure[0] > known[0]):  # the fuller toll of the same attack stands
            setattr(target, trig.casualty, figure)
        elif figure is None and not draft.recipients:
            return True
        for rec in draft.recipients:
            if self.reader.is_weapon(tok.doc[rec.head]):
                continue
            if rec.count is not None and not _named_person(tok.doc[rec.head]):
                continue  # "two soldiers were killed": the toll, not a new party
            target.recipients.append(rec)  # "Pedro Ruiz and Ana Gil were killed": who they were
        target.sentences.add(draft.sent)
        self._sibling_casualties(tok, target)
        return True

    def _sibling_casualties(self, tok: Token, target: Draft) -> None:
        for child in tok.children:
            if child.dep_ in ("advcl", "conj"):
                trig = self.reader.lex.verbs.get(child.lemma_.lower())
                if trig and trig.casualty and getattr(target, trig.casualty) is None:
                    found = self.reader.casualties(child, trig)
                    if found:
                        setattr(target, trig.casualty, found)

    def _merge_in_sentence(self, drafts: list[Draft], sent: Span) -> list[Draft]:
        """Triggers of one happening in one sentence (strike ... that killed; hit back, carrying out airstrikes)."""
        doc = sent.doc
        by_tok = {d.trigger: d for d in drafts}
        owner: dict[int, Draft] = {}
        out: list[Draft] = []
        for d in drafts:
            tok = doc[d.trigger]
            parent = None
            cur = tok
            hops: list[str] = []
            verb = by_tok.get(tok.head.head.i) if tok.dep_ == "pobj" else None
            after = tok.head.lower_ == "after" and verb is not None and getattr(self.reader.lex.verbs.get(verb.trigger_lemma), "casualty", None) is not None
            if tok.dep_ == "pobj" and (tok.head.lower_ in ("in", "during") or after) and tok.head.head.i in by_tok:
                # "killed five people in an attack on X"; "were treated for concussion after the attack"
                cand = owner.get(tok.head.head.i) or by_tok[tok.head.head.i]
                if cand.type == d.type and cand in out:  # "killed five people in an attack on a village"
                    cand.absorb(d)
                    owner[d.trigger] = cand
                    continue
            for _ in range(3):
                if cur.dep_ not in ("advcl", "xcomp", "relcl", "acl", "dobj", "ccomp", "conj"):
                    break
                if any(c.lower_ in EARLIER_MARKS for c in cur.children if c.dep_ in ("mark", "prep", "advmod")) \
                        or cur.head.lower_ in EARLIER_MARKS:
                    break  # "a day after gunmen killed five villagers": another, earlier event
                hops.append(cur.dep_)
                cur = cur.head
                # coordination only if every step was one; else the subordinating link decides
                dep = next((h for h in hops if h != "conj"), "conj")
                cand = owner.get(cur.i) or by_tok.get(cur.i)
                if cand is None:  # "raids ... were carried out ... and had targeted": the noun's light verb
                    noun = next((c for c in cur.children if c.dep_ in ("nsubjpass", "dobj") and c.i in by_tok), None)
                    if noun is None:  # "imposed a package of sanctions"
                        noun = next((p for c in cur.children if c.dep_ in ("nsubjpass", "dobj")
                                     for of in c.children if of.dep_ == "prep" and of.lower_ == "of"
                                     for p in of.children if p.dep_ == "pobj" and p.i in by_tok), None)
                    cand = (owner.get(noun.i) or by_tok.get(noun.i)) if noun is not None else None
                participle = tok.tag_ == "VBG" and dep in ("advcl", "conj")
                if cand is not None and cand is not d and self._compatible(cand, d, dep, participle):
                    parent = cand
                    break
            if parent is not None and parent in out:
                parent.absorb(d)
                parent.coref_only = parent.coref_only and d.coref_only
                owner[d.trigger] = parent
            else:
                out.append(d)
        return out

    @staticmethod
    def _compatible(a: Draft, b: Draft, dep: str, participle: bool = False) -> bool:
        if a.type == "SANCTION" and b.type in ("SANCTION", "COERCE") and participle:
            return True  # "imposed sanctions ..., banning investment and freezing assets": their terms
        if a.type == "THREATEN" and dep in ("xcomp", "ccomp") and b.type in ("ASSAULT", "COERCE", "SANCTION"):
            a.mode = a.mode or b.type.lower()  # "threatened to fire rockets": the threat's content
            b.modality = a.modality
            return True
        if a.type == b.type:
            return dep != "conj" or not (a.recipients and b.recipients)
        return dep != "conj" and {a.type, b.type} <= MATERIAL

    def _date_for(self, sent: Span, tok: Token, date_spans) -> Optional[tuple[int, int]]:
        """The date expression that dates the trigger's clause, if any.

        A date dates a trigger when their lowest common ancestor in the parse is the trigger,
        the trigger's clause verb, or not a verb at all ("as of this Wednesday, increasing the
        sanctions"); a date governed by another verb belongs to that verb's clause.
        """
        verb = self.reader.clause_verb(tok)
        allowed = {tok.i, verb.i}
        first = verb
        while first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ in ("VERB", "AUX"):
            first = first.head  # "which shattered the glass and destroyed the masonry": the first conjunct's clause
        if first.dep_ in ("acl", "relcl") and first.head.i != first.i:
            # "a bomb, which destroyed the offices, exploded today": the clause of the noun it describes
            allowed.add(self.reader.clause_verb(first.head).i)
        if verb.dep_ == "advcl" and any(c.lower_ in ("when", "as", "while") for c in verb.children):
            allowed.add(verb.head.i)  # "five people died on Friday when bandits attacked"
        best = None
        for s, e in date_spans:
            if not (sent.start_char <= s and e <= sent.end_char):
                continue
            root = _root_at(sent.doc, s, e)
            if root is None:
                continue
            lca = _lca(root, tok)
            if lca.i in allowed or (lca.pos_ == "ADP" and root.head.i == lca.i):
                if best is None or abs(s - tok.idx) < abs(best[0] - tok.idx):
                    best = (s, e)
        return best

    def _no_casualties(self, text: str, si: int, candidates: list[Draft]) -> None:
        """ "There were no casualties" / "no one was hurt": zero figures for the event just reported."""
        killed = any(p in text for p in self.cues["no_deaths"])
        injured = any(p in text for p in self.cues["no_injuries"])
        both = any(p in text for p in self.cues["no_casualties"]) or _NONE_HURT.search(text) is not None
        if not (killed or injured or both):
            return
        targets = [d for d in candidates if d.type == "ASSAULT" and not d.coref_only and d.sent >= si - 2]
        if not targets:
            return
        target = targets[-1]
        if (killed or both) and target.killed is None:
            target.killed = (0, text.strip()[:80], {})
        if (injured or both) and target.injured is None:
            target.injured = (0, text.strip()[:80], {})
        target.sentences.add(si)

    # ---- attribution ----------------------------------------------------------------------
    def _attribution(self, sent: Span, si: int, candidates: list[Draft]) -> None:
        text = sent.text.lower()
        cues = self.cues
        has_claim = any(t.lemma_.lower() in cues["claim_verbs"] and t.pos_ == "VERB" and (
            any(n in text for n in cues["claim_nouns"])
            or any(c.dep_ == "dobj" and c.lemma_.lower() in self.reader.lex.nouns for c in t.children))
            for t in sent)  # "claimed responsibility for the attack", "the Houthis claimed the attack"
        admitted = self._admitted(sent, si, candidates)
        has_claim = has_claim or admitted is not None
        blame_verbs = [t for t in sent if t.lemma_.lower() in cues["blame_verbs"] and t.pos_ == "VERB"]
        blame_pattern = any(p in text for p in cues["blame_patterns"])
        denial = [t for t in sent if t.lemma_.lower() in cues["deny_verbs"] and t.pos_ == "VERB"]
        if not (has_claim or blame_verbs or blame_pattern or denial):
            return
        targets = [d for d in candidates if d.type in MATERIAL and not d.coref_only and d.sent >= si - 3]
        earlier = [d for d in targets if d.sent < si]
        if not targets and has_claim:
            targets = [d for d in (admitted or self._claimed_event(sent, si, candidates),) if d is not None]
        if not targets:
            return
        # a claim or blame speaks of an event already reported; what the claimant says in the same
        # sentence ("saying it had launched 14 drones") elaborates it
        target = (earlier or targets)[-1]
        if has_claim:
            target = admitted or self._claimed_event(sent, si, candidates) or target
            self._claims(sent, target)
            if target.claimed_by:
                self._victim_tellings(sent, si, target, candidates)
        for verb in blame_verbs:
            self._blame(verb, target)
        for verb in denial:
            subj = self.reader.subject_of(verb)
            if subj is not None and not _neither(verb):
                target.denied_by.append(self.reader.arg(subj, "actor"))
        if blame_pattern and not target.attributed_to:
            for tok in sent:
                if tok.lower_ == "of" and tok.head.lower_ == "work":
                    for pobj in tok.children:
                        target.attributed_to.append(self.reader.arg(_name_of(pobj), "actor"))
        if blame_pattern and not target.attributed_to:
            self._responsible(sent, target)
        target.sentences.add(si)

    def _responsible(self, sent: Span, target: Draft) -> None:
        """ "the government's report that armed forces elements are responsible for the killing":
        who is held responsible, and who says so (the report's owner or the sayer)."""
        for adj in sent:
            if adj.lower_ != "responsible" or adj.dep_ != "acomp" or not any(
                    c.dep_ == "prep" and c.lower_ == "for" for c in adj.children):
                continue
            cop = adj.head
            subj = next((c for c in cop.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.lower_ in PRONOUN_SUBJECTS or any(c.dep_ == "neg" for c in cop.children) \
                    or any(c.lower_ in ("no", "nobody") for c in subj.subtree):
                continue
            for c in conjuncts(_name_of(subj)):
                target.attributed_to.append(self.reader.arg(c, "actor"))
            sayer = None
            if cop.dep_ == "acl" and cop.head.pos_ == "NOUN":
                sayer = next((c for c in cop.head.children if c.dep_ == "poss"), None)
            elif cop.dep_ == "ccomp" and cop.head.lemma_.lower() in self.cues["report_verbs"]:
                sayer = next((c for c in cop.head.children if c.dep_ == "nsubj"), None)
            if sayer is not None and sayer.lower_ not in PRONOUN_SUBJECTS:
                target.attributed_by.append(self.reader.arg(sayer, "actor"))
            target.attribution_why = f"blame: '{sent.text.strip()[:100]}'"
            return

    def _claimed_event(self, sent: Span, si: int, candidates: list[Draft]) -> Optional[Draft]:
        """The event a claim names: told in the claim itself ("claimed responsibility for the
        kidnapping of 102 people" opening a report), else the latest event of that kind told before,
        however far back ("... has claimed responsibility for the attack in a communique")."""
        for tok in sent:
            trig = self.reader.trigger_for(tok) if tok.pos_ == "NOUN" else None
            if trig is None or trig.type not in MATERIAL:
                continue
            head = tok.head
            claimed = (tok.dep_ == "dobj" and head.lemma_.lower() in self.cues["claim_verbs"]) or (
                tok.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in self.cues["claim_nouns"])
            if not claimed:
                continue
            here = [d for d in candidates if d.sent == si and (d.trigger == tok.i or tok.i in d.merged_triggers)]
            if here:
                return here[0]
            if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in tok.children) \
                    or any(c.dep_ == "poss" for c in tok.children):
                told = [d for d in candidates if d.type == trig.type and d.sent < si and not d.coref_only
                        and not d.referenced]
                same = [d for d in told if d.trigger_lemma == trig.lemma or (trig.mode and d.mode == trig.mode)]
                # "the kidnapping of Hector Delgado Parker": the first telling of that victim's kidnapping
                names = {t.lower_ for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                         for t in p.subtree if t.pos_ == "PROPN"}
                victim = [d for d in (same or told) if names & {t.lower_ for a in d.recipients
                                                                for t in sent.doc[a.start:a.end]}]
                if victim:
                    return victim[0]
                verb = head if tok.dep_ == "dobj" else head.head.head
                claimant = self.reader.subject_of(verb) if verb.pos_ == "VERB" else None
                if claimant is not None:  # "the Houthis claimed the attack": the attack told of the Houthis
                    who = claimant.lemma_.lower().rstrip("s")  # "the Houthis" claim what "Houthi drones" did
                    theirs = [d for d in (same or told) if who in
                              {sent.doc[a.head].lemma_.lower().rstrip("s") for a in d.actors}]
                    if theirs:
                        return theirs[-1]
                if same:
                    return same[-1]  # "the kidnapping" after two kidnappings: the latest told
                if told:
                    return told[0]  # "the attack" after a bombing told and retold: the story's lead event
        return None

    def _admitted(self, sent: Span, si: int, candidates: list[Draft]) -> Optional[Draft]:
        """ "The police admitted that the men who fired on the students are policemen": an
        admission names the event it admits, told in the admitted clause; or, when the sentence
        speaks of an event told before ("the incident"), the admitted clause names its doer
        ("... how the incident occurred, but admitted that there had been confusion between army
        units"): the first event told of that doer."""
        for verb in sent:
            if verb.lemma_.lower() not in ("admit", "acknowledge") or verb.pos_ != "VERB":
                continue
            for comp in verb.children:
                if comp.dep_ != "ccomp":
                    continue
                inside = {t.i for t in comp.subtree}
                for d in candidates:
                    if d.sent == si and d.type in MATERIAL and d.trigger in inside and d.modality == "asserted":
                        return d
                if self._refers_back(sent):
                    named = {t.lemma_.lower() for t in comp.subtree if t.pos_ in ("NOUN", "PROPN")}
                    doc = sent.doc
                    for d in candidates:
                        if d.sent < si and d.type in MATERIAL and not d.coref_only and not d.referenced \
                                and d.modality == "asserted" and named & {
                                    t.lemma_.lower() for a in d.actors for t in doc[a.start:a.end]
                                    if t.pos_ in ("NOUN", "PROPN")}:
                            return d
        return None

    def _refers_back(self, sent: Span) -> bool:
        """The sentence mentions an event already told: "the incident", "this attack"."""
        return any(t.pos_ == "NOUN" and (t.lemma_.lower() in REFERENCE_NOUNS or t.lemma_.lower() in self.reader.lex.nouns)
                   and _definite(t) for t in sent)

    def _hostage_claims(self, sent: Span, si: int, candidates: list[Draft]) -> None:
        """ "The MRTA is asking a ransom for Ferreyros' release", "they will only release the
        engineers when ...": who sets the terms of a hostage's release holds the hostage, and so
        claims the kidnapping told of that hostage (each telling of it)."""
        doc = sent.doc
        for holder, hostage in self._holdings(sent):
            names = {hostage.lower_}
            if hostage.pos_ == "PROPN":
                names |= {t.lower_ for t in hostage.subtree if t.pos_ == "PROPN"}
            sentences = list(doc.sents)
            for d in candidates:
                if d.type != "ASSAULT" or d.mode != "abduction" or d.modality != "asserted" or d.claimed_by:
                    continue
                held = {doc[a.head].lower_ for a in d.recipients}
                told = hostage.pos_ == "PROPN" and any(
                    t.lower_ in names for i in d.sentences for t in sentences[i] if t.pos_ == "PROPN")
                if names & held or told:
                    d.claimed_by.append(self.reader.arg(_name_of(holder), "actor"))
                    d.attribution_why = f"holds the hostage: '{sent.text.strip()[:80]}'"
                    d.sentences.add(si)

    def _holdings(self, sent: Span) -> list[tuple[Token, Token]]:
        """(holder, hostage) pairs of a sentence that sets the terms of a hostage's release."""
        out = []
        for tok in sent:
            holder = hostage = None
            if tok.lemma_.lower() == "ransom" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in RANSOM_VERBS:
                holder = self.reader.subject_of(tok.head)
                freed = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"
                              for p in c.children if p.dep_ == "pobj"), None)
                if freed is not None and freed.lemma_.lower() == "release":  # "for Y's release", "for the release of Y"
                    freed = next((c for c in freed.children if c.dep_ == "poss"), None) or next(
                        (p for c in freed.children if c.dep_ == "prep" and c.lower_ == "of"
                         for p in c.children if p.dep_ == "pobj"), None)
                hostage = freed
            elif tok.lemma_.lower() in ("release", "free") and tok.pos_ == "VERB" and any(
                    c.dep_ == "advcl" and any(m.lower_ in CONDITION_MARKS for m in c.children) for c in tok.children):
                holder = self.reader.subject_of(tok)  # "will only release the engineers when ..."
                hostage = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if holder is not None and hostage is not None and holder.lower_ not in ("it", "that", "which", "who"):
                out.append((holder, hostage))
        return out

    def _claims(self, sent: Span, target: Draft) -> None:
        for tok in sent:
            if tok.lemma_.lower() not in self.cues["claim_verbs"] or tok.pos_ != "VERB":
                continue
            if not self._claiming(tok):
                continue  # "police sources claim it is the work of ...": an assertion, not a claim
            subj = self.reader.subject_of(tok)
            negated = subj is not None and (subj.lower_ in ("nobody", "none") or any(
                c.lower_ == "no" for c in subj.children)) or any(c.dep_ == "neg" for c in tok.children) \
                or _neither(tok)
            if negated:
                target.unclaimed = True
                target.attribution_why = target.attribution_why or f"'{sent.text.strip()[:80]}'"
            elif subj is not None and subj.lower_ not in ("it", "that", "which"):
                target.claimed_by.append(self.reader.arg(_name_of(subj), "actor"))
                target.attribution_why = f"claim of responsibility: '{sent.text.strip()[:80]}'"

    def _victim_tellings(self, sent: Span, si: int, target: Draft, candidates: list[Draft]) -> None:
        """ "claimed responsibility for the kidnapping of Hector Delgado Parker": the claim holds
        for every telling of that kind of act on the named victim, not only the one it landed on."""
        doc = sent.doc
        for tok in sent:
            named_act = (tok.dep_ == "pobj" and tok.head.lower_ == "for" and
                         tok.head.head.lemma_.lower() in self.cues["claim_nouns"]) or (
                tok.dep_ == "dobj" and tok.head.lemma_.lower() in self.cues["claim_verbs"]
                and tok.lemma_.lower() not in self.cues["claim_nouns"])
            victim = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                           for p in c.children if p.dep_ == "pobj"), None) if named_act else None
            if victim is None:
                continue
            name = [victim] + [c for c in victim.children if c.dep_ == "compound"]
            if not any(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" for t in name):
                continue  # "the killing of two soldiers": no one named, any attack could be it
            names = {t.lower_ for t in name}
            trig = self.reader.trigger_for(tok)
            for d in candidates:
                if d is target or d.claimed_by or d.unclaimed or d.type != "ASSAULT" or d.modality != "asserted":
                    continue
                if trig is not None and trig.mode and d.mode != trig.mode:
                    continue
                if names & {doc[a.head].lower_ for a in d.recipients}:
                    d.claimed_by = list(target.claimed_by)
                    d.attribution_why = target.attribution_why
                    d.sentences.add(si)

    def _claiming(self, verb: Token) -> bool:
        """A claim verb that claims an act: "claimed responsibility / the attack", "took credit",
        "admitted (that) ... <an act>"; not "sources claim (that) it is ..."."""
        kids = list(verb.children)
        objects = [c for c in kids if c.dep_ in ("dobj", "nsubjpass")]
        if any(o.lemma_.lower() in self.cues["claim_nouns"] or o.lemma_.lower() in self.reader.lex.nouns for o in objects):
            return True
        if any(c.dep_ == "prep" and any(p.lemma_.lower() in self.cues["claim_nouns"] for p in c.children) for c in kids):
            return True  # "claimed (it) in a statement ... for the attack"
        if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not objects and not any(c.dep_ == "ccomp" for c in kids):
            return self._claiming(verb.head) if verb.head.lemma_.lower() in self.cues["claim_verbs"] else any(
                o.lemma_.lower() in self.cues["claim_nouns"] for o in verb.head.children if o.dep_ == "dobj")
        if verb.lemma_.lower() in ("admit", "acknowledge"):
            return any(c.dep_ in ("ccomp", "dobj") for c in kids)
        return any(o.dep_ == "dobj" for o in objects) and verb.lemma_.lower() == "claim" and not any(
            c.dep_ == "ccomp" for c in kids)

    def _blame(self, verb: Token, target: Draft) -> None:
        subj = self.reader.subject_of(verb)
        blamed: list[Token] = []
        for child in verb.children:
            if child.dep_ in ("dobj",) and child.lower_ not in ("it", "them", "work", "attack"):
                blamed.append(child)
            if child.dep_ in ("prep", "dative") and child.lower_ in ("to", "on", "of"):
                blamed.extend(p for p in child.children if p.dep_ == "pobj")
            if child.dep_ == "dobj" and child.lower_ == "work":
                for prep in child.children:
                    blamed.extend(p for p in prep.children if prep.lower_ == "of")
        for b in blamed:
            for c in conjuncts(_name_of(b)):
                target.attributed_to.append(self.reader.arg(c, "actor"))
        if blamed and subj is not None:
            target.attributed_by.append(self.reader.arg(subj, "actor"))
        if blamed:
            target.attribution_why = f"blame: '{verb.sent.text.strip()[:100]}'"


def _neither(verb: Token) -> bool:
    """ "neither claimed nor denied responsibility": neither happened."""
    if any(c.lower_ in ("neither", "never") for c in verb.children):
        return True
    return verb.dep_ == "conj" and any(c.lower_ == "nor" for c in verb.head.children)


def _voice_of(tok: Token) -> Optional[Token]:
    """ "the Cerigua news agency, mouthpiece of the URNG": the party a mouthpiece speaks for."""
    for child in tok.children:
        if child.dep_ == "appos" and child.lemma_.lower() in VOICE_NOUNS:
            for of in child.children:
                if of.dep_ == "prep" and of.lower_ == "of":
                    for pobj in of.children:
                        if pobj.dep_ == "pobj":
                            return _name_of(pobj)
    return None


def _name_of(tok: Token) -> Token:
    """Prefer an apposed name: "the Nigerian jihadist group, Boko Haram" -> Boko Haram."""
    for child in tok.children:
        if child.dep_ == "appos" and (child.pos_ == "PROPN" or child.ent_type_):
            return child
        if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in ("call", "name", "know", "identify"):
            # "a little-known group calling itself X", "a group known as X"
            for grand in child.subtree:
                if grand.dep_ in ("oprd", "attr", "pobj", "dobj") and grand.pos_ == "PROPN":
                    return grand
    return tok


def _root_at(doc: Doc, start: int, end: int) -> Optional[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _lca(a: Token, b: Token) -> Token:
    ancestors = {a.i} | {t.i for t in a.ancestors}
    for t in [b] + list(b.ancestors):
        if t.i in ancestors:
            return t
    return b.doc[b.sent.root.i]


def _definite(noun) -> bool:
    """ "the attack", "that strike", "Tuesday's raid": a mention of an event already told."""
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "another", "one") for c in noun.children)


def _named_person(tok: Token) -> bool:
    """A name rather than a description or a place: "Pedro Ruiz", not "two soldiers" or "Lima"."""
    return (tok.ent_type_ == "PERSON" or tok.pos_ == "PROPN") and tok.ent_type_ not in ("GPE", "LOC", "FAC", "NORP",
                                                                                        "DATE", "TIME")


VICTIM_WORDS = {"victim", "dead", "injured", "wounded", "hostage", "casualty", "kidnapped", "abducted", "murdered",
                "killed", "deceased"}


def _victim_word(tok: Token) -> bool:
    """ "the victims", "the injured", "the wounded reporters", "the dead": who an attack hurt."""
    return tok.lemma_.lower() in VICTIM_WORDS or tok.lower_ in VICTIM_WORDS or any(
        c.dep_ == "amod" and c.lower_ in VICTIM_WORDS for c in tok.children)
