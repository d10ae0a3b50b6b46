"""Candidate role fillers of a parsed document and the sparse features the learned refiner scores.

A candidate is a token span of the spaCy Doc (noun chunks, named entities, the rule events'
argument spans, and trimmed or extended variants of them: MUC-4 fillers are exact strings such as
"fmln" inside "fmln guerrillas" or "home of retired colonel figueroa").  Features are plain strings
so the model file is readable and training and inference share one function.
"""
from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Optional

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
COUNTED = {"ASSAULT", "COERCE", "THREATEN"}
_PUNCT = set(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_SKIP_START = {"DET", "PUNCT", "CCONJ", "PRON"}
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "them", "him", "her", "us", "anyone", "someone",
             "who", "which", "that", "this", "these", "those", "what", "everyone", "one", "themselves"}
MAX_TOKENS = 12


def norm(text: str) -> str:
    """The scorer's normalisation: accents folded, lower case, punctuation and articles removed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = "".join(c for c in text if c not in _PUNCT and not unicodedata.category(c).startswith("P"))
    return " ".join(_ARTICLES.sub(" ", text).split())


@dataclass
class Candidate:
    """One candidate filler: a token span, its normalised text and its features."""

    start: int  # token indices into the Doc
    end: int
    char_start: int
    char_end: int
    key: str  # normalised text, the scorer's identity of a mention
    features: list[str] = field(default_factory=list)
    rule_roles: tuple[str, ...] = ()  # scored roles the rule events gave this exact span


def _trim(doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners/punctuation and trailing punctuation."""
    while start < end and (doc[start].pos_ in _SKIP_START and doc[start].lower_ not in {"no"}):
        if doc[start].pos_ == "PRON" and start + 1 == end:
            break  # a lone pronoun stays (and learns a negative weight)
        start += 1
    while end > start and doc[end - 1].pos_ in {"PUNCT", "CCONJ"}:
        end -= 1
    return start, end


def _span_variants(doc, start: int, end: int) -> Iterable[tuple[int, int]]:
    """The span, its proper-noun/acronym modifier prefix, its head alone, and it with an 'of' PP."""
    start, end = _trim(doc, start, end)
    if start >= end:
        return
    yield start, end
    span = doc[start:end]
    root = span.root
    # modifier prefix: "fmln guerrillas" -> "fmln" (compound / proper-noun modifiers before the head)
    prefix_end = start
    while prefix_end < root.i and doc[prefix_end].dep_ in {"compound", "amod", "nmod", "nummod", "poss"}:
        prefix_end += 1
    if start < prefix_end < end:
        yield start, prefix_end
    # without leading numerals/adjectives: "two soldiers" keeps its number elsewhere, "heavily armed men"
    if root.i > start:
        yield root.i, root.i + 1
        first_noun = next((t.i for t in span if t.pos_ in {"NOUN", "PROPN"}), root.i)
        if start < first_noun < root.i:
            yield first_noun, root.i + 1
    # "home of retired colonel X", "members of the army": attach a following 'of' phrase
    if end < len(doc) and doc[end].lower_ == "of" and doc[end].head.i == root.i:
        objs = [c for c in doc[end].children if c.dep_ == "pobj"]
        if objs:
            tail = max(t.i for t in objs[0].subtree) + 1
            if tail - start <= MAX_TOKENS:
                yield start, tail


def candidate_spans(doc, events) -> dict[tuple[int, int], tuple[str, ...]]:
    """Token spans worth scoring, each with the scored roles rule events gave it."""
    spans: dict[tuple[int, int], set[str]] = {}

    def add(start: int, end: int, role: Optional[str] = None) -> None:
        for s, e in _span_variants(doc, start, end):
            if 0 < e - s <= MAX_TOKENS:
                spans.setdefault((s, e), set())
        if role:
            s, e = _trim(doc, start, end)
            if s < e:
                spans.setdefault((s, e), set()).add(role)

    for chunk in doc.noun_chunks:
        add(chunk.start, chunk.end)
    for ent in doc.ents:
        if ent.label_ not in {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}:
            add(ent.start, ent.end)
    for role, start, end in rule_arguments(events):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span) <= MAX_TOKENS:
            add(span.start, span.end, role)
    return {k: tuple(sorted(v)) for k, v in spans.items()}


def rule_role(side: str, kind: Optional[str]) -> Optional[str]:
    """The scorer's role for a contract entry (README of eval/score_muc4.py)."""
    kind = (kind or "").lower()
    if side == "actors":
        return "PerpInd" if kind in {"individual", "group"} else "PerpOrg"
    if side == "recipients":
        if kind == "group":
            return "VictimGroup"
        return "Target" if kind == "physical" else "Victim"
    return "Weapon"


def rule_arguments(events) -> Iterable[tuple[str, int, int]]:
    """(role, char start, char end) of every argument of the counted, non-negated rule events."""
    for event in events:
        if event.type.upper() not in COUNTED or event.modality == "negated":
            continue
        for side in ("actors", "recipients", "instruments"):
            for arg in getattr(event, side):
                if arg.start is not None and arg.end is not None and arg.end > arg.start:
                    yield rule_role(side, getattr(arg, "kind", None)), arg.start, arg.end


def _shape(text: str) -> str:
    if text.isupper() and len(text) > 1:
        return "A"
    if text[:1].isupper():
        return "C"
    if text.isdigit():
        return "9"
    return "a"


def _governor(token) -> list[str]:
    """Dependency path up from a span head to its verb: 'nsubj>attack', 'pobj>by>agent>kill'."""
    out = []
    dep = token.dep_
    head = token.head
    if dep == "pobj" and head.dep_ in {"prep", "agent"}:
        out.append(f"gov=pobj>{head.lower_}>{head.head.lemma_.lower()}")
        out.append(f"prep={head.lower_}")
        dep = f"pobj-{head.lower_}"
        head = head.head
    elif dep == "conj":
        dep = f"conj-{head.dep_}"
        head = head.head
    out.append(f"dep={dep}")
    out.append(f"gov={dep}>{head.lemma_.lower()}")
    out.append(f"govpos={dep}>{head.pos_}")
    return out


def span_features(doc, start: int, end: int, *, body: str, triggers: dict[int, str],
                  rule_roles: tuple[str, ...], head_counts: dict[str, int], directory=None) -> list[str]:
    """String features of one candidate span."""
    span = doc[start:end]
    root = span.root
    original = body[span.start_char:span.end_char]
    words = [t.lower_ for t in span]
    feats = [f"head={root.lemma_.lower()}", f"headpos={root.pos_}", f"len={min(len(span), 6)}",
             f"first={words[0]}", f"last={words[-1]}", f"ent={root.ent_type_ or '-'}",
             f"firstpos={span[0].pos_}", f"shape={''.join(_shape(t.text) for t in span)[:5]}",
             f"origcase={'upper' if original.isupper() else 'mixed'}"]
    feats += [f"w={w}" for w in dict.fromkeys(words)]
    feats += _governor(root)
    feats.append(f"head+gov={root.lemma_.lower()}|{root.head.lemma_.lower()}")
    feats.append(f"ent+dep={root.ent_type_ or '-'}|{root.dep_}")
    before = doc[start - 1].lower_ if start > 0 else "<s>"
    after = doc[end].lower_ if end < len(doc) else "</s>"
    feats += [f"prev={before}", f"next={after}"]
    if start > 1:
        feats.append(f"prev2={doc[start - 2].lower_}|{before}")
    if len(span) == 1 and words[0] in _PRONOUNS:
        feats.append("pronoun")
    if any(t.like_num for t in span):
        feats.append("hasnum")
    if all(t.pos_ == "PROPN" for t in span):
        feats.append("allpropn")
    if root.ent_type_ in {"DATE", "TIME", "CARDINAL", "QUANTITY"}:
        feats.append("dateish")
    feats.append(f"headfreq={min(head_counts.get(root.lemma_.lower(), 0), 4)}")
    sent = root.sent
    trig = [lemma for i, lemma in triggers.items() if sent.start <= i < sent.end]
    feats.append(f"senttrig={'yes' if trig else 'no'}")
    feats += [f"trig={lemma}" for lemma in dict.fromkeys(trig)]
    feats.append(f"pos={min(span.start_char // 400, 5)}")
    feats += [f"rule={r}" for r in rule_roles] or ["rule=none"]
    if directory is not None and len(span) <= 8:
        feats += _directory_features(directory, span.text)
    return feats


def _directory_features(directory, text: str) -> list[str]:
    found = directory.matches(text)
    if not found:
        return ["dir=none"]
    best = found[0]
    whole = best.start == 0 and best.end == len(text.split())
    return [f"dir={'generic' if best.entry.generic else 'named'}|{best.entry.kind}|{'whole' if whole else 'part'}",
            f"dirsector={best.entry.sector or '-'}"]


def document_candidates(article, doc, events, directory=None) -> list[Candidate]:
    """Every candidate span of a document with its features (deterministic order)."""
    body = article.body
    triggers: dict[int, str] = {}
    for event in events:
        if event.trigger and event.type.upper() in COUNTED and event.modality != "negated":
            span = doc.char_span(event.trigger["start"], event.trigger["end"], alignment_mode="expand")
            if span is not None:
                triggers[span.root.i] = str(event.trigger.get("lemma") or span.root.lemma_).lower()
    head_counts: dict[str, int] = {}
    for token in doc:
        if token.pos_ in {"NOUN", "PROPN"}:
            head_counts[token.lemma_.lower()] = head_counts.get(token.lemma_.lower(), 0) + 1
    out = []
    for (start, end), roles in sorted(candidate_spans(doc, events).items()):
        span = doc[start:end]
        key = norm(body[span.start_char:span.end_char])
        if not key:
            continue
        feats = span_features(doc, start, end, body=body, triggers=triggers, rule_roles=roles,
                              head_counts=head_counts, directory=directory)
        out.append(Candidate(start, end, span.start_char, span.end_char, key, feats, roles))
    return out


def document_features(article, doc, events) -> list[str]:
    """Bag-of-lemma and rule-event features of a whole document, for the relevance model."""
    feats = {f"l={t.lemma_.lower()}" for t in doc if t.is_alpha and not t.is_stop and len(t) > 2}
    for event in events:
        tag = f"{event.type}|{event.modality}|{event.stage}"
        feats.add(f"ev={tag}")
        if event.trigger:
            feats.add(f"evtrig={event.type}|{str(event.trigger.get('lemma', '')).lower()}")
        if event.killed:
            feats.add("ev=killed")
    counted = [e for e in events if e.type.upper() in COUNTED and e.modality != "negated"]
    feats.add(f"ncounted={min(len(counted), 5)}")
    return sorted(feats)
