"""Document-level reading: one pass over the sentences builds drafts, then links them.

A casualty sentence without an agent adds figures to the attack just reported; claims, denials
and blame attach to the event they speak of; "hit back"/"retaliatory" link an event to the one it
answers; "the attack", "it", "them" refer back; mentions of an event already reported merge.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span, Token

from .clause import PERSON_WORDS, ClauseReader, conjuncts, number_of, phrase
from .draft import Arg, Draft
from .roles import build_draft

MATERIAL = {"ASSAULT", "COERCE"}
EARLIER_MARKS = {"after", "before", "since", "following"}


class DocumentReader:
    def __init__(self, reader: ClauseReader, *, max_sentence_tokens: int) -> None:
        self.reader = reader
        self.cues = reader.cues
        self.max_tokens = max_sentence_tokens

    def read(self, doc: Doc, date_spans: list[tuple[int, int]]) -> list[Draft]:
        drafts: list[Draft] = []
        pending_retaliation = False
        for si, sent in enumerate(doc.sents):
            if len(sent) > self.max_tokens:
                continue
            before = len(drafts)
            found = self._sentence(sent, si, drafts, date_spans)
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
            self._no_casualties(text, si, drafts[:before] + found)
            drafts.extend(found)
        return drafts

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
            if trig.pos == "NOUN" and tok.dep_ in ("dobj", "pobj") and tok.head.lemma_.lower() in \
                    self.cues["claim_verbs"] | self.cues["blame_verbs"] | self.cues["deny_verbs"] | {"praise", "condemn"}:
                continue  # "claimed the attack", "praised the attack": a reference, not a new event
            if trig.pos == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "for" and \
                    tok.head.head.lemma_.lower() in self.cues["claim_nouns"]:
                continue  # "claimed responsibility for Saturday's attack": a reference
            if trig.pos == "NOUN" and tok.head.lower_ in ("to", "for") and tok.dep_ == "pobj" and \
                    tok.head.head.lemma_.lower() in ("response", "retaliation", "reprisal", "revenge", "answer"):
                draft.referenced = True  # "in response to the attack on Camp Taji": an earlier event
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
            if tok.lemma_.lower() not in ("die", "perish") or tok.pos_ != "VERB":
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            count = number_of(subj) if subj is not None else None
            if count is None:
                continue
            targets = [d for d in found if d.type == "ASSAULT"] or [
                d for d in earlier if d.type == "ASSAULT" and not d.coref_only and d.sent >= si - 1]
            if targets and targets[-1 if not found else 0].killed is None:
                target = targets[-1 if not found else 0]
                s, e = phrase(subj)
                target.killed = (count, sent.doc[min(s, tok.i):max(e, tok.i + 1)].text, {})
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
        recent = [d for d in earlier if d.type == "ASSAULT" and not d.coref_only and not d.referenced
                  and d.sent >= draft.sent - 2]
        if not recent:
            return False
        target = recent[-1]
        figure = getattr(draft, trig.casualty)
        if figure and getattr(target, trig.casualty) is None:
            setattr(target, trig.casualty, figure)
        elif figure is None and not draft.recipients:
            return True
        for rec in draft.recipients:
            if rec.count is not None or self.reader.is_weapon(tok.doc[rec.head]):
                continue
            target.recipients.append(rec)
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
            if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "during") and tok.head.head.i in by_tok:
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
        if verb.dep_ == "acl" and verb.head.i != verb.i:
            allowed.add(self.reader.clause_verb(verb.head).i)
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
        both = any(p in text for p in self.cues["no_casualties"])
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
        blame_verbs = [t for t in sent if t.lemma_.lower() in cues["blame_verbs"] and t.pos_ == "VERB"]
        blame_pattern = any(p in text for p in cues["blame_patterns"])
        denial = [t for t in sent if t.lemma_.lower() in cues["deny_verbs"] and t.pos_ == "VERB"]
        if not (has_claim or blame_verbs or blame_pattern or denial):
            return
        targets = [d for d in candidates if d.type in MATERIAL and not d.coref_only and d.sent >= si - 3]
        earlier = [d for d in targets if d.sent < si]
        if not targets:
            return
        # a claim or blame speaks of an event already reported; what the claimant says in the same
        # sentence ("saying it had launched 14 drones") elaborates it
        target = (earlier or targets)[-1]
        if has_claim:
            self._claims(sent, target)
        for verb in blame_verbs:
            self._blame(verb, target)
        for verb in denial:
            subj = self.reader.subject_of(verb)
            if subj is not None:
                target.denied_by.append(self.reader.arg(subj, "actor"))
        if blame_pattern and not target.attributed_to:
            for tok in sent:
                if tok.lower_ == "of" and tok.head.lower_ == "work":
                    for pobj in tok.children:
                        target.attributed_to.append(self.reader.arg(_name_of(pobj), "actor"))
        target.sentences.add(si)

    def _claims(self, sent: Span, target: Draft) -> None:
        for tok in sent:
            if tok.lemma_.lower() not in self.cues["claim_verbs"] or tok.pos_ != "VERB":
                continue
            subj = self.reader.subject_of(tok)
            negated = subj is not None and (subj.lower_ in ("nobody", "none") or any(
                c.lower_ == "no" for c in subj.children)) or any(c.dep_ == "neg" for c in tok.children)
            if negated:
                target.unclaimed = True
                target.attribution_why = target.attribution_why or f"'{sent.text.strip()[:80]}'"
            elif subj is not None and subj.lower_ not in ("it", "that", "which"):
                target.claimed_by.append(self.reader.arg(_name_of(subj), "actor"))
                target.attribution_why = f"claim of responsibility: '{sent.text.strip()[:80]}'"

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
