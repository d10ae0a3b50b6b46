"""Mutable event drafts built while reading a document, before they become ``model.Event``."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Arg:
    """An argument span (token indices into the spaCy doc, char offsets into the body)."""

    start: int
    end: int
    head: int  # token index of the head
    role: str  # actor | recipient | instrument | place | reporter
    count: Optional[int] = None
    nationality: Optional[str] = None
    label: str = ""  # NER label of the head, if any
    pronoun: bool = False
    resolved_text: Optional[str] = None  # for pronouns: the antecedent's text


@dataclass
class Draft:
    sent: int  # sentence index
    trigger: int  # token index
    type: str
    mode: Optional[str]
    trigger_lemma: str
    stage: str = "accomplished"
    modality: str = "asserted"
    actors: list[Arg] = field(default_factory=list)
    recipients: list[Arg] = field(default_factory=list)
    instruments: list[Arg] = field(default_factory=list)
    places: list[Arg] = field(default_factory=list)
    reporters: list[Arg] = field(default_factory=list)
    date_span: Optional[tuple[int, int]] = None  # char offsets of the date expression
    killed: Optional[tuple[int, str, dict]] = None  # (value, text, breakdown)
    injured: Optional[tuple[int, str, dict]] = None
    killed_many: Optional[str] = None
    claimed_by: list[Arg] = field(default_factory=list)
    attributed_to: list[Arg] = field(default_factory=list)
    attributed_by: list[Arg] = field(default_factory=list)
    denied_by: list[Arg] = field(default_factory=list)
    unclaimed: bool = False
    attribution_why: Optional[str] = None
    retaliation: bool = False
    answers: list["Draft"] = field(default_factory=list)
    sentences: set[int] = field(default_factory=set)
    merged_triggers: list[int] = field(default_factory=list)
    generic: bool = False
    coref_only: bool = False  # "the attack": a mention of an earlier event, not a new one
    inherit_date_from: Optional["Draft"] = None
    acknowledged: bool = False
    tense: str = "past"
    framed: bool = False
    conditional: bool = False  # "... unless they agree": a condition makes an announcement a threat
    prepared: bool = False
    referenced: bool = False  # named as what something answers: an earlier event, not this story's  # "prepared to resume shelling": a mobilisation
    site_key: Optional[int] = None  # one of several sites struck together: the site's first token
    answer_hint: Optional["Draft"] = None  # "in retaliation for the rocket attack": the event answered  # announced in a "said it would" / "vowed to" frame

    def __post_init__(self) -> None:
        self.sentences.add(self.sent)

    def concrete(self) -> bool:
        """Has at least one argument beyond the trigger itself."""
        return bool(
            self.actors or self.recipients or self.instruments or self.places
            or self.killed or self.injured or self.date_span
        )

    def absorb(self, other: "Draft") -> None:
        """Merge another draft of the same happening into this one."""
        for name in ("actors", "recipients", "instruments", "places", "reporters",
                     "claimed_by", "attributed_to", "attributed_by", "denied_by"):
            mine = getattr(self, name)
            spans = {(a.start, a.end) for a in mine}
            mine.extend(a for a in getattr(other, name) if (a.start, a.end) not in spans)
        if self.mode is None:
            self.mode = other.mode
        self.date_span = self.date_span or other.date_span
        # a retelling of the same happening may give its fuller toll ("killed X" ... "the strike
        # killed X and at least four others"): the larger count stands
        self.killed = max((f for f in (self.killed, other.killed) if f), key=lambda f: f[0], default=None)
        self.injured = max((f for f in (self.injured, other.injured) if f), key=lambda f: f[0], default=None)
        self.unclaimed = self.unclaimed or other.unclaimed
        self.attribution_why = self.attribution_why or other.attribution_why
        self.retaliation = self.retaliation or other.retaliation
        self.answer_hint = self.answer_hint or other.answer_hint
        self.answers.extend(a for a in other.answers if a is not self and a not in self.answers)
        self.sentences |= other.sentences
        self.merged_triggers.append(other.trigger)
        self.merged_triggers.extend(other.merged_triggers)
