"""Candidate role fillers of a parsed document and the sparse features the learned refiner scores.

A candidate is a token span of the spaCy Doc (noun chunks, named entities, the rule events'
argument spans, and trimmed or extended variants of them: MUC-4 fillers are exact strings such as
"fmln" inside "fmln guerrillas" or "home of retired colonel figueroa"), plus proper-noun runs
widened over names the truecaser left in lower case.  Each mention also carries its entity's pooled
features (all mentions with the same normalised text).  Features are plain strings
so the model file is readable and training and inference share one function.
"""
from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Optional

from .learned_cues import perp_cues

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
COUNTED = {"ASSAULT", "COERCE", "THREATEN"}
_PUNCT = set(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_SKIP_START = {"DET", "PUNCT", "CCONJ", "PRON"}
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "them", "him", "her", "us", "anyone", "someone",
             "who", "which", "that", "this", "these", "those", "what", "everyone", "one", "themselves"}
MAX_TOKENS = 12
_POOLED = ("gov=", "senttrig=yes", "trig=", "prep=", "neartrig=yes", "govtrig=", "perp=")  # mention features pooled over an entity
# words counting a noun phrase's things ("several public buses"): MUC-4 fillers name the things
_QUANTIFIERS = frozenset("several some many numerous various few all both each".split())
# parts of a building or vehicle: "the roof of X" is X's damage, the filler is X
_PART_NOUNS = frozenset("""floor roof part side front rear back wall door window entrance top corner section wing
facade ceiling gate interior exterior""".split())
# weapon heads whose compound modifier says the kind of weapon, not a party ("car bomb", "letter bomb")
_KIND_HEADS = frozenset("bomb car-bomb explosive device charge mine grenade".split())
_STOP = frozenset("""the and for that with from this was were are has have had which who said not but its their they them been will would also than there about after before into over under other more some what when where while these those such only very""".split())


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
    # without a leading count: "several public buses" -> "public buses", "one m-16 rifle" -> "m-16 rifle"
    if start + 1 < root.i and (doc[start].lower_ in _QUANTIFIERS or doc[start].pos_ == "NUM") and \
            doc[start].whitespace_:
        yield start + 1, end
    # without leading numerals/adjectives: "two soldiers" keeps its number elsewhere, "heavily armed men"
    if root.i > start:
        yield root.i, root.i + 1
        first_noun = next((t.i for t in span if t.pos_ in {"NOUN", "PROPN"}), root.i)
        if start < first_noun < root.i:
            yield first_noun, root.i + 1
    # "home of retired colonel X", "members of the army": attach a following 'of' phrase (not to
    # a part of a thing: "the roof of the armored car", "the 5th floor of the institute" name the car
    # and the institute, the phrase's object)
    if end < len(doc) and doc[end].lower_ == "of" and doc[end].head.i == root.i and \
            root.lemma_.lower() not in _PART_NOUNS:
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
            if 0 < e - s <= MAX_TOKENS and not _weapon_kind(doc, e):
                spans.setdefault((s, e), set())
        if role:  # a rule argument stays a candidate ("a Hamas bomb": the owner acted)
            s, e = _trim(doc, start, end)
            if s < e:
                spans.setdefault((s, e), set()).add(role)

    for chunk in doc.noun_chunks:
        add(chunk.start, chunk.end)
    for ent in doc.ents:
        if ent.label_ not in {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}:
            add(ent.start, ent.end)
    for start, end in _name_runs(doc):
        if not _weapon_kind(doc, end):
            spans.setdefault((start, end), set())
    for role, start, end in rule_arguments(events):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span) <= MAX_TOKENS:
            add(span.start, span.end, role)
            if role == "Victim":
                for s, e in _titled_names(doc, span.start, span.end):
                    spans.setdefault((s, e), set()).add(role)
    for role, start, end in attribution_arguments(events):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span) <= MAX_TOKENS:
            add(span.start, span.end, role)
    return {k: tuple(sorted(v)) for k, v in spans.items()}


def attribution_arguments(events) -> Iterable[tuple[str, int, int]]:
    """('Claimed' or 'Blamed', char start, char end) of who claimed a counted rule event or whom
    the text holds responsible for it: MUC-4's perpetrators, wherever the text names them."""
    for event in events:
        if event.type.upper() not in COUNTED or event.modality == "negated" or event.attribution is None:
            continue
        for role, args in (("Claimed", event.attribution.claimed_by), ("Blamed", event.attribution.attributed_to)):
            for arg in args:
                if arg.start is not None and arg.end is not None and arg.end > arg.start:
                    yield role, arg.start, arg.end
def _weapon_kind(doc, end: int) -> bool:
    """The span ending before token ``end`` is the compound modifier saying a weapon's kind ("car"
    and "CAR" in "car bomb", "bus" in "bus bomb"): the car is the bomb, neither a target nor a party."""
    return 0 < end < len(doc) and doc[end - 1].dep_ == "compound" and doc[end - 1].head.i == end and \
        doc[end].lemma_.lower() in _KIND_HEADS


def _titled_names(doc, start: int, end: int) -> Iterable[tuple[int, int]]:
    """The proper-name tails of a named victim: "senator Luis Carlos Galan" also names "Luis Carlos Galan".

    Truecasing capitalises a title or description before a name as well, so the name run of
    "SENATOR LUIS CARLOS GALAN" starts at the title; its tails of two or more name words are the
    victim too (the role model picks among them, the fullest wins later).
    """
    start, end = _trim(doc, start, end)
    k = end
    # a line break inside the name ("Federico Estrada\nVelez") is part of it
    while k > start and (doc[k - 1].pos_ == "PROPN" or _name_like(doc[k - 1]) or (doc[k - 1].is_space and k - 1 > start)):
        k -= 1
    for s in range(max(k, start + 1), end - 1):
        if not doc[s].is_space:
            yield s, end


def _name_runs(doc) -> Iterable[tuple[int, int]]:
    """Runs of proper-noun tokens, widened by up to one word left and two right.

    Truecasing all-caps text often leaves a rare first or last name in lower case ("hector Oqueli
    Colindres", "Mauricio Gutierrez castro"), so a name run may be one or two words too short.
    """
    n, i = len(doc), 0
    while i < n:
        if doc[i].pos_ != "PROPN":
            i += 1
            continue
        j = i
        while j < n and (doc[j].pos_ == "PROPN" or _line_break_in_name(doc, j)) and doc[j].sent_start != 1 or j == i:
            j += 1
        sent = doc[i].sent
        left = [i - 1] if i - 1 >= sent.start and _name_like(doc[i - 1]) else []
        right = [k for k in (j, j + 1) if k < sent.end and all(_name_like(doc[m]) for m in range(j, k + 1))]
        for s in [i] + left:
            for e in [j] + [k + 1 for k in right]:
                if e - s <= 6:
                    yield s, e
        i = j


def _line_break_in_name(doc, j: int) -> bool:
    """A line break of the wire copy between two proper nouns ("Estrada\\nVelez")."""
    return doc[j].is_space and 0 < j < len(doc) - 1 and doc[j - 1].pos_ == "PROPN" and doc[j + 1].pos_ == "PROPN"


def _name_like(token) -> bool:
    low = token.lower_
    return token.is_alpha and len(low) > 2 and low not in _STOP and low not in _PRONOUNS and \
        token.pos_ in ("NOUN", "PROPN", "ADJ", "VERB", "X") and token.text[:1].islower()


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


class TokenTable:
    """Per-token attributes read once from the Doc (spaCy token objects are costly to create)."""

    def __init__(self, doc) -> None:
        self.lower = [t.lower_ for t in doc]
        self.lemma = [t.lemma_.lower() for t in doc]
        self.pos = [t.pos_ for t in doc]
        self.dep = [t.dep_ for t in doc]
        self.ent = [t.ent_type_ for t in doc]
        self.head = [t.head.i for t in doc]
        self.shape = [_shape(t.text) for t in doc]
        self.like_num = [t.like_num for t in doc]
        self.idx = [t.idx for t in doc]
        self.sent = [0] * len(doc)
        for n, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                self.sent[i] = n
        self.children: list[list[int]] = [[] for _ in self.head]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)
        self.head_counts: dict[str, int] = {}
        for lemma, pos in zip(self.lemma, self.pos):
            if pos in ("NOUN", "PROPN"):
                self.head_counts[lemma] = self.head_counts.get(lemma, 0) + 1


def _governor(t: TokenTable, i: int) -> list[str]:
    """Dependency path up from a span head to its verb: 'gov=nsubj>attack', 'gov=pobj>by>kill'."""
    out = []
    dep, head = t.dep[i], t.head[i]
    if dep == "pobj" and t.dep[head] in ("prep", "agent"):
        out.append(f"gov=pobj>{t.lower[head]}>{t.lemma[t.head[head]]}")
        out.append(f"prep={t.lower[head]}")
        dep, head = f"pobj-{t.lower[head]}", t.head[head]
    elif dep == "conj":
        dep, head = f"conj-{t.dep[head]}", t.head[head]
    out += [f"dep={dep}", f"gov={dep}>{t.lemma[head]}", f"govpos={dep}>{t.pos[head]}"]
    return out


def span_features(doc, t: TokenTable, start: int, end: int, *, body: str, sent_triggers: dict[int, list[str]],
                  rule_roles: tuple[str, ...], directory=None, cache: Optional[dict] = None) -> list[str]:
    """String features of one candidate span (token indices ``start``..``end``)."""
    root = doc[start:end].root.i
    words = t.lower[start:end]
    char_end = t.idx[end - 1] + len(doc[end - 1])
    original = body[t.idx[start]:char_end]
    shape = "".join(t.shape[start:end])[:5]
    feats = [f"head={t.lemma[root]}", f"headpos={t.pos[root]}", f"len={min(end - start, 6)}",
             f"first={words[0]}", f"last={words[-1]}", f"ent={t.ent[root] or '-'}", f"firstpos={t.pos[start]}",
             f"shape={shape}", f"origcase={'upper' if original.isupper() else 'mixed'}",
             f"head+gov={t.lemma[root]}|{t.lemma[t.head[root]]}", f"ent+dep={t.ent[root] or '-'}|{t.dep[root]}",
             f"prev={t.lower[start - 1] if start > 0 else '<s>'}", f"next={t.lower[end] if end < len(t.lower) else '</s>'}",
             f"headfreq={min(t.head_counts.get(t.lemma[root], 0), 4)}", f"pos={min(t.idx[start] // 400, 5)}"]
    feats += [f"w={w}" for w in dict.fromkeys(words)]
    feats += _governor(t, root)
    feats += perp_cues(t, root)
    if start > 1:
        feats.append(f"prev2={t.lower[start - 2]}|{t.lower[start - 1]}")

    if end - start == 1 and words[0] in _PRONOUNS:
        feats.append("pronoun")
    if any(t.like_num[start:end]):
        feats.append("hasnum")
    if all(p == "PROPN" for p in t.pos[start:end]):
        feats.append("allpropn")
    if t.ent[root] in ("DATE", "TIME", "CARDINAL", "QUANTITY"):
        feats.append("dateish")
    trig = sent_triggers.get(t.sent[root], [])
    feats.append(f"senttrig={'yes' if trig else 'no'}")
    if not trig:  # an attack told in the sentence before or after ("... exploded. The bomb ...")
        near = sent_triggers.get(t.sent[root] - 1) or sent_triggers.get(t.sent[root] + 1)
        feats.append(f"neartrig={'yes' if near else 'no'}")
    # the span's own verb (or the verb of its preposition) is an attack trigger: subject, object, by-agent
    verb = t.head[t.head[root]] if t.dep[root] == "pobj" else t.head[root]
    if t.lemma[verb] in trig:
        feats.append(f"govtrig={t.dep[root]}|{t.lower[t.head[root]] if t.dep[root] == 'pobj' else ''}")
    feats += [f"trig={lemma}" for lemma in trig]
    feats += [f"rule={r}" for r in rule_roles] or ["rule=none"]
    if directory is not None and end - start <= 8:
        key = " ".join(words)
        if cache is None or key not in cache:
            found = _directory_features(directory, original)
            if cache is None:
                return feats + found
            cache[key] = found
        feats += cache[key]
    return feats


def _directory_features(directory, text: str) -> list[str]:
    found = directory.matches(text)
    if not found:
        return ["dir=none"]
    best = found[0]
    whole = best.start == 0 and best.end == len(text.split())
    return [f"dir={'generic' if best.entry.generic else 'named'}|{best.entry.kind}|{'whole' if whole else 'part'}",
            f"dirsector={best.entry.sector or '-'}"]


def document_candidates(article, doc, events, directory=None, table: Optional[TokenTable] = None) -> list[Candidate]:
    """Every candidate span of a document with its features (deterministic order)."""
    body = article.body
    t = table or TokenTable(doc)
    sent_triggers: dict[int, list[str]] = {}
    sent_context: dict[int, list[str]] = {}
    for event in events:
        if event.trigger and event.type.upper() in COUNTED and event.modality != "negated":
            span = doc.char_span(event.trigger["start"], event.trigger["end"], alignment_mode="expand")
            if span is not None:
                lemma = str(event.trigger.get("lemma") or t.lemma[span.root.i]).lower()
                found = sent_triggers.setdefault(t.sent[span.root.i], [])
                if lemma not in found:
                    found.append(lemma)
                context = sent_context.setdefault(t.sent[span.root.i], [])
                context.extend(f for f in _event_context(article, event) if f not in context)
    out = []
    cache: dict[str, list[str]] = {}
    for (start, end), roles in sorted(candidate_spans(doc, events).items()):
        char_start, char_end = t.idx[start], t.idx[end - 1] + len(doc[end - 1])
        key = norm(body[char_start:char_end])
        if not key:
            continue
        feats = span_features(doc, t, start, end, body=body, sent_triggers=sent_triggers, rule_roles=roles,
                              directory=directory, cache=cache)
        feats += sent_context.get(t.sent[start], ["sctx=none"])
        out.append(Candidate(start, end, char_start, char_end, key, feats, roles))
    _mark_shorter_names(out)
    _pool(out, t)
    return out


def _mark_shorter_names(candidates: list[Candidate]) -> None:
    """Mark a name that a longer name of the document contains ("jaramillo ossa" beside "bernardo
    jaramillo ossa"): the scorer wants the filler's full form, the role model can prefer it."""
    parts: set[str] = set()  # every shorter word run of a many-word name
    for name in {c.key for c in candidates if "allpropn" in c.features and " " in c.key}:
        words = name.split()
        parts.update(" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)
                     if j - i < len(words))
    for cand in candidates:
        if "allpropn" in cand.features:
            cand.features.append(f"fullname={'no' if cand.key in parts else 'yes'}")


def _event_context(article, event) -> list[str]:
    """What a sentence's attack says about its fillers: MUC-4 wants the fillers of a recent attack on
    civilians or property, not of an old incident recalled or of a clash between armed sides."""
    victims = sorted({_party(r) for r in event.recipients}) or ["none"]
    actors = sorted({_party(a) for a in event.actors}) or ["none"]
    out = [f"sctx={event.stage}|{event.modality}"]
    out += [f"sctx={a}>{v}" for a in actors for v in victims]
    reference = getattr(article, "reference_date", None)
    if reference is not None and event.date is not None and not event.date.assumed:
        out.append(f"sctx=age|{_age_bin((reference - event.date.start).days)}")
    return out


def _pool(candidates: list[Candidate], t: TokenTable) -> None:
    """Entity features: what all mentions sharing a normalised text say, added to each mention.

    The scorer counts an entity once however often it is named, so a filler is better judged on
    all its mentions (one says "killed by X", another "X claimed") than on each alone.
    """
    groups: dict[str, list[Candidate]] = {}
    for cand in candidates:
        groups.setdefault(cand.key, []).append(cand)
    for group in groups.values():
        sents = sorted({t.sent[c.start] for c in group})
        pooled = {f"kn={min(len(sents), 4)}", f"kfirst={min(sents[0], 6)}"}
        for cand in group:
            pooled.update(f"k{f}" for f in cand.features if f.startswith(_POOLED))
            pooled.update(f"krule={r}" for r in cand.rule_roles)
        extra = sorted(pooled)
        for cand in group:
            cand.features.extend(extra)


def document_features(article, doc, events, table: Optional[TokenTable] = None) -> list[str]:
    """Bag-of-lemma and rule-event features of a whole document, for the relevance model."""
    t = table or TokenTable(doc)
    feats = {f"l={lemma}" for lemma, low in zip(t.lemma, t.lower)
             if len(low) > 2 and low.isalpha() and low not in _STOP}
    feats.update(_context_features(doc, t, events))
    for event in events:
        tag = f"{event.type}|{event.modality}|{event.stage}"
        feats.add(f"ev={tag}")
        if event.trigger:
            feats.add(f"evtrig={event.type}|{str(event.trigger.get('lemma', '')).lower()}")
        if event.killed:
            feats.add("ev=killed")
    counted = [e for e in events if e.type.upper() in COUNTED and e.modality != "negated"]
    feats.add(f"ncounted={min(len(counted), 5)}")
    feats.update(_age_features(article, counted))
    feats.update(_party_features(counted))
    for event in counted:
        feats.add(f"cev={event.type}|{event.stage}|{'actor' if event.actors else 'noactor'}"
                  f"|{'victim' if event.recipients else 'norecipient'}")
    return sorted(feats)


def _context_features(doc, t: TokenTable, events) -> set[str]:
    """Where the words are: the lead (first two sentences say what the text is about), the
    sentences that tell a counted event, and lemma bigrams ("military clash", "terrorist attack")."""
    content = [i for i, low in enumerate(t.lower) if low.isalpha()]
    out = {f"bi={t.lemma[i]}_{t.lemma[j]}" for i, j in zip(content, content[1:])
           if t.lower[i] not in _STOP or t.lower[j] not in _STOP}
    event_sents = set()
    for event in events:
        if event.type.upper() in COUNTED and event.modality != "negated" and event.evidence:
            span = doc.char_span(event.evidence[0].start, event.evidence[0].end, alignment_mode="expand")
            if span is not None:
                event_sents.update(t.sent[i] for i in range(span.start, span.end))
    for i in content:
        low = t.lower[i]
        if len(low) > 2 and low not in _STOP:
            if t.sent[i] < 2:
                out.add(f"ld={t.lemma[i]}")
            if t.sent[i] in event_sents:
                out.add(f"ts={t.lemma[i]}")
    return out


# Who fought whom: MUC-4 reports terrorism (attacks on civilians, officials, property), not combat
# between armed forces and guerrillas; the rule events' actor and recipient sectors tell them apart.
_ARMED = {"MIL", "REB", "COP", "UAF", "PRM"}  # forces, rebels, police, unidentified armed men, militias


def _party(arg) -> str:
    """A coarse class of an event argument: an armed side, a place or thing, or a civilian."""
    if arg.sector in _ARMED:
        return "armed"
    if arg.kind == "physical":
        return "thing"
    return "civil"


def _party_features(events) -> set[str]:
    """Document features of the counted events' sides: any attack on a civilian or a thing, only
    armed victims (a clash), armed against armed, attacks with no victim at all."""
    out = set()
    victims = set()
    for event in events:
        sides = {_party(r) for r in event.recipients}
        actors = {_party(a) for a in event.actors}
        victims |= sides
        for side in sides or {"none"}:
            out.add(f"pv={event.type}|{side}")
            for actor in actors or {"none"}:
                out.add(f"pav={actor}>{side}")
        for arg in event.recipients:
            out.add(f"rsec={arg.sector or arg.kind or '-'}")
        for arg in event.actors:
            out.add(f"asec={arg.sector or arg.kind or '-'}")
    out.add(f"victims={'+'.join(sorted(victims)) or 'none'}")
    return out


def _age_features(article, events) -> set[str]:
    """How old the reported attacks are: MUC-4 counts an incident over two months old as irrelevant."""
    reference = getattr(article, "reference_date", None)
    if reference is None and getattr(article, "published", None):
        try:
            reference = dt.date.fromisoformat(str(article.published)[:10])
        except ValueError:
            reference = None
    if reference is None:
        return {"age=noref"}
    ages = [(reference - e.date.start).days for e in events if e.date is not None and not e.date.assumed]
    if not ages:
        return {"age=none"}
    return {f"age={_age_bin(a)}" for a in ages} | {f"agemin={_age_bin(min(ages, key=abs))}"}


def _age_bin(days: int) -> str:
    for limit, name in ((-1, "future"), (7, "week"), (31, "month"), (62, "2months"), (366, "year")):
        if days <= limit:
            return name
    return "old"
