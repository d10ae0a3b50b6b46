"""The trigger lexicon and the ontology crosswalks, read from data files."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ..resources import data_hash, load_yaml

DATA_FILES = ("ontology.yaml", "triggers.yaml")


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str  # VERB | NOUN
    type: str
    mode: Optional[str] = None
    casualty: Optional[str] = None
    particle: Optional[str] = None
    needs_modifier: Optional[tuple[str, ...]] = None
    needs_object: Optional[tuple[str, ...]] = None
    needs_weapon: bool = False
    needs_weapon_or_target: bool = False
    needs_person: bool = False
    needs_clause: bool = False
    needs_complement: Optional[tuple[str, ...]] = None  # "called the attack an act of terrorism"
    forbid_object: Optional[tuple[str, ...]] = None  # "meet the demand" is not a meeting
    forbid_modifier: Optional[tuple[str, ...]] = None  # "hunger strike" is not an assault


@dataclass
class Lexicon:
    verbs: dict[str, Trigger]
    nouns: dict[str, Trigger]
    alternatives: dict[tuple[str, str], tuple[Trigger, ...]]  # (pos, lemma) -> every reading, in order
    instruments: dict[str, Optional[str]]
    instrument_modifiers: frozenset[str]
    cues: dict[str, Any]
    types: dict[str, dict]
    plover05: dict[str, str]
    hash: str = ""
    _phrase_cache: dict = field(default_factory=dict)

    @classmethod
    def load(cls, *, user_dir: Optional[str] = None) -> "Lexicon":
        onto = load_yaml("ontology.yaml", user_dir=user_dir)
        trig = load_yaml("triggers.yaml", user_dir=user_dir)

        alternatives: dict[tuple[str, str], tuple[Trigger, ...]] = {}

        def build(section: dict, pos: str) -> dict[str, Trigger]:
            out = {}
            for lemma, specs in (section or {}).items():
                readings = []
                for spec in specs if isinstance(specs, list) else [specs]:
                    spec = dict(spec or {})
                    for key in ("needs_modifier", "needs_object", "needs_complement", "forbid_object",
                                "forbid_modifier", "particle"):
                        if isinstance(spec.get(key), list):
                            spec[key] = tuple(spec[key])
                    readings.append(Trigger(lemma=lemma, pos=pos, **spec))
                out[lemma] = readings[0]
                alternatives[(pos, lemma)] = tuple(readings)
            return out

        return cls(
            verbs=build(trig.get("verbs"), "VERB"),
            nouns=build(trig.get("nouns"), "NOUN"),
            alternatives=alternatives,
            instruments=dict(trig.get("instruments") or {}),
            instrument_modifiers=frozenset(trig.get("instrument_modifiers") or ()),
            cues={k: (set(v) if isinstance(v, list) else v) for k, v in (trig.get("cues") or {}).items()},
            types=onto["types"],
            plover05=dict(onto.get("plover05") or {}),
            hash=data_hash(*DATA_FILES, user_dir=user_dir),
        )

    def crosswalk(self, type_: str, mode: Optional[str]) -> dict:
        """CAMEO root and quad, intensity and ACLED type/sub-type for a type and mode."""
        base = self.types[type_]
        over = ((base.get("modes") or {}).get(mode) or {}) if mode else {}
        acled = over.get("acled") or base.get("acled") or [None, None]
        return {
            "cameo": {"root": over.get("cameo", base["cameo"]), "quad": over.get("quad", base["quad"])},
            "intensity": float(over.get("intensity", base["intensity"])),
            "acled": {"event_type": acled[0], "sub_event_type": acled[1]},
        }

    def _instrument_key(self, word: str) -> Optional[str]:
        """The lexicon key of a weapon word, forgiving case and plural ("Drones" -> "drone")."""
        low = word.lower()
        for key in (low, low[:-1] if low.endswith("s") else None, low[:-2] if low.endswith("es") else None):
            if key and key in self.instruments:
                return key
        return None

    def instrument_mode(self, lemma: str) -> Optional[str]:
        key = self._instrument_key(lemma)
        return self.instruments.get(key) if key else None

    def is_instrument(self, lemma: str) -> bool:
        return self._instrument_key(lemma) is not None
