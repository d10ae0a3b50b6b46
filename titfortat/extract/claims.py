"""Count claims: "24 separate rocket attacks on the US embassy ... since late October"."""
from __future__ import annotations

from spacy.tokens import Doc

from ..ids import stable_hash
from ..model import Article, Claim
from .numbers import parse_number


def find_claims(article: Article, doc: Doc, builder, date_spans: list[tuple[int, int]]) -> list[Claim]:
    """A number (or ordinal) counting event nouns, with what is counted and over which period."""
    lex = builder.lex
    out: list[Claim] = []
    for tok in doc:
        trig = lex.nouns.get(tok.lemma_.lower())
        if trig is None or tok.pos_ != "NOUN":
            continue
        count = next((c for c in tok.children if c.dep_ == "nummod"), None)
        ordinal = next((c for c in tok.children if c.dep_ == "amod" and c.tag_ == "JJ" and c.ent_type_ == "ORDINAL"), None)
        number_tok = count or ordinal
        if number_tok is None:
            continue
        value = parse_number(number_tok.text)
        if value is None or (count is not None and value < 2):
            continue
        out.append(_claim(article, doc, builder, tok, trig, number_tok, value, date_spans))
    return out


def _claim(article, doc, builder, tok, trig, number_tok, value, date_spans) -> Claim:
    sent = tok.sent
    sub = list(tok.subtree)
    start = min(number_tok.idx, sub[0].idx)
    end = sub[-1].idx + len(sub[-1].text)
    period = None
    for s, e in date_spans:
        if sent.start_char <= s and e <= sent.end_char:
            end = max(end, e)
            period = builder.resolve_date(article.body[s:e], reference=article.reference_date)
            if period is not None:
                period.text = article.body[s:e]
            break
    mode = trig.mode
    for child in tok.children:
        if child.dep_ in ("compound", "amod"):
            mode = lex_mode(builder, child) or mode
    target = None
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "against", "at", "targeting"):
            pobj = [t for t in child.subtree if t is not child]
            if pobj:
                target = article.body[pobj[0].idx:pobj[-1].idx + len(pobj[-1].text)]
    text = article.body[start:end]
    counted = {"type": trig.type, "mode": mode, "noun": tok.lemma_.lower(), "target": target,
               "ordinal": number_tok.dep_ == "amod"}
    return Claim(doc_id=article.doc_id, claim_id=stable_hash(article.doc_id, "claim", start), text=text,
                 start=start, end=end, value=value, counted=counted, period=period, sentence=sent.text)


def lex_mode(builder, tok):
    return builder.lex.instrument_mode(tok.lemma_)
