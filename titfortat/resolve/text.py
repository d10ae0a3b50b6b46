"""Text normalisation shared by the resolvers: fold case and accents, drop articles and possessives.

News spells one name many ways ("U.S.", "US", "the US's"; "Morazán", "MORAZAN"); every lookup
key goes through :func:`tokens` so that the data files and the text meet in one form.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ARTICLES = frozenset({"the", "a", "an"})
_ABBREV_DOTS = re.compile(r"(?<=\b[A-Za-z])\.(?=[A-Za-z]\.|\s|$|[,;:)'’-])")
_POSSESSIVE = re.compile(r"(?<=\w)['’](s\b|(?=\s|$))", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"[^\W_]+")
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")


@dataclass(frozen=True)
class Word:
    """One word of a phrase: its lookup form, its surface form and whether it was dotted ("U.S.")."""

    key: str
    surface: str
    dotted: bool = False

    @property
    def upper(self) -> bool:
        return self.surface.isupper()


def fold(text: str) -> str:
    """Lower-case and strip accents ("Morazán" -> "morazan", "Zaporizhzhia" unchanged)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def tokens(text: str) -> list[str]:
    """Words of ``text`` for lookups: "the U.S.'s forces" -> ["the", "us", "forces"].

    Dots inside abbreviations go ("U.S." -> "US"), possessive endings go, hyphens and other
    punctuation separate words ("Iran-backed" -> "iran", "backed").
    """
    text = _ABBREV_DOTS.sub("", text)
    text = _POSSESSIVE.sub("", text)
    return _TOKEN.findall(fold(text))


def key(text: str) -> str:
    """The lookup key of a name: its tokens joined by single spaces."""
    return " ".join(tokens(text))


def strip_articles(words: list[str]) -> list[str]:
    """Drop leading articles ("the", "a", "an")."""
    start = 0
    while start < len(words) and words[start] in ARTICLES:
        start += 1
    return words[start:]


def is_shouting(text: str) -> bool:
    """True when the text has no lower-case letters (MUC-4 wire copy is all upper case)."""
    return not any(ch.islower() for ch in text)


def words(text: str) -> list[Word]:
    """The words of ``text`` with their surface forms, split like :func:`tokens`."""
    dotted = {m.group(0).replace(".", "") for m in _DOTTED.finditer(text)}
    text = _ABBREV_DOTS.sub("", text)
    text = _POSSESSIVE.sub("", text)
    out: list[Word] = []
    for match in _WORD.finditer(text):
        surface = match.group(0)
        for piece in _TOKEN.findall(fold(surface)):
            out.append(Word(piece, surface, surface in dotted))
    return out
