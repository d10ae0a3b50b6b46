"""Describe an actor the dictionary does not name: country, sector and kind from its words.

"Salvadoran army troops" -> SLV, MIL, group; "a gunman" -> UAF, individual; "General X" -> MIL,
individual; "the embassy" -> physical.  The words are the generic entries of ``actors.yaml``
(which carry kind and sector) and the nationality tables.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .text import words

if TYPE_CHECKING:  # pragma: no cover
    from .actors import ActorDirectory, Match

# A plural head noun means several people; used when no generic word says the kind.
_PLURAL_ENDINGS = ("s", "men", "people", "ren")


def describe_phrase(directory: "ActorDirectory", text: str) -> dict:
    """See :meth:`ActorDirectory.describe`."""
    found = directory.matches(text)
    generic = _head_generic([m for m in found if m.entry.generic])
    named = [m for m in found if not m.entry.generic]
    reasons: list[str] = []
    country: str | None = None
    nationality = directory._nationality_in(text, exclude=(generic.start, generic.end) if generic else (0, 0))
    if nationality:
        country = nationality[0]
        reasons.append(f"country {country} from '{nationality[1]}'")
    elif named and named[0].entry.country and named[0].entry.kind == "organization" and named[0].end <= (generic.start if generic else 0):
        country = named[0].entry.country
        reasons.append(f"country {country} from '{named[0].alias}'")
    sector = kind = None
    if generic:
        sector, kind = generic.entry.sector, generic.entry.kind
        reasons.append(f"'{generic.alias}' is {generic.entry.name} ({kind}, sector {sector}) in actors.yaml")
    else:
        kind = _kind_from_shape(text, named)
        if kind:
            reasons.append(f"kind {kind} from the shape of the phrase")
    if not reasons:
        reasons.append("no nationality, sector or kind word in the phrase")
    return {"country": country, "sector": sector, "kind": kind, "why": "; ".join(reasons)}


def _head_generic(matches: list["Match"]) -> "Match | None":
    """The generic word that is the phrase's head: the rightmost, the longest there.

    In English noun phrases the head comes last ("army troops", "police officers"), and a
    physical head ("the militia camps") wins over people modifying it.
    """
    if not matches:
        return None
    return max(matches, key=lambda m: (m.end, m.end - m.start))


def _kind_from_shape(text: str, named: list["Match"]) -> str | None:
    """Kind when no generic word is present: a named entry's kind, else plural -> group."""
    if named:
        return named[0].entry.kind
    phrase = words(text)
    if not phrase:
        return None
    last = phrase[-1].key
    capitalised = [w for w in phrase if w.surface[:1].isupper()]
    if not any(c.islower() for c in text):
        capitalised = []
    if len(capitalised) >= 2 and phrase[-1] in capitalised:
        return "organization" if last.endswith(_PLURAL_ENDINGS) else None
    if last.endswith(_PLURAL_ENDINGS) and not last.endswith("ss"):
        return "group"
    return None
