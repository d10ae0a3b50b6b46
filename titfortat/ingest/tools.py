"""What the ingest functions share within one run: the compiled cues and the language model.

Nothing is cached at module level: a run (``read_sources``) builds one ``IngestTools`` and hands
it to every document; callers that ingest many documents themselves should do the same.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Optional

import yaml

from ..errors import DataFileError
from ..resources import merge


@dataclass(frozen=True)
class Cue:
    """A vocabulary cue, searched in lower-cased text.  A leading ``\\b`` is checked by hand
    because it stops ``re`` from scanning for the literal prefix (3-4x slower on long texts)."""

    pattern: re.Pattern
    word_start: bool

    @classmethod
    def of(cls, source: str) -> "Cue":
        word_start = source.startswith("\\b")
        return cls(re.compile(source[2:] if word_start else source), word_start)

    def found(self, lowered: str) -> bool:
        position = 0
        while True:
            match = self.pattern.search(lowered, position)
            if match is None:
                return False
            start = match.start()
            if not self.word_start or start == 0 or not (lowered[start - 1].isalnum() or lowered[start - 1] == "_"):
                return True
            position = start + 1


def _compile(patterns: list[str], *, whole: bool = False) -> tuple[re.Pattern, ...]:
    if whole:
        return tuple(re.compile(rf"^(?:{p})$", re.I) for p in patterns)
    return tuple(re.compile(p, re.I) for p in patterns)


@dataclass(frozen=True)
class Cues:
    """Compiled layout and vocabulary cues (``cues.yaml``)."""

    strong: tuple[Cue, ...]
    weak: tuple[Cue, ...]
    ui_lines: tuple[re.Pattern, ...]
    comment_headings: tuple[re.Pattern, ...]
    topic_prefix: re.Pattern
    byline_prefix: re.Pattern
    picture_credit: tuple[re.Pattern, ...]
    credits: tuple[re.Pattern, ...]
    bio: re.Pattern

    @classmethod
    def load(cls, *, user_dir: Optional[str] = None) -> "Cues":
        """Read the shipped ``cues.yaml``, extended by ``user_dir/cues.yaml`` when present."""
        text = resources.files("titfortat.ingest").joinpath("cues.yaml").read_text(encoding="utf-8")
        data: dict[str, Any] = yaml.safe_load(text)
        if user_dir and (Path(user_dir) / "cues.yaml").exists():
            try:
                extra = yaml.safe_load((Path(user_dir) / "cues.yaml").read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                raise DataFileError(f"{user_dir}/cues.yaml is not valid YAML: {exc}; fix or remove it") from exc
            data = merge(data, extra)
        topics = "|".join(data["topic_prefixes"])
        bylines = "|".join(data["byline_prefixes"])
        roles = "|".join(data["bio_roles"])
        return cls(
            strong=tuple(Cue.of(p.lower()) for p in data["strong"]),
            weak=tuple(Cue.of(p.lower()) for p in data["weak"]),
            ui_lines=_compile(data["ui_lines"], whole=True),
            comment_headings=_compile(data["comment_headings"]),
            topic_prefix=re.compile(rf"^(?:{topics})\s+(?P<rest>\S.*)$", re.I),
            byline_prefix=re.compile(rf"^(?:{bylines})\s+(?P<rest>\S.*)$", re.I),
            picture_credit=_compile(data["picture_credit"]),
            credits=_compile(data["credits"]),
            bio=re.compile(rf"^(?P<name>[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){{0,3}})\s+(?:is|was)\s+"
                           rf"(?:a|an|the|one of)\b.*\b(?i:{roles})"),
        )


@functools.lru_cache(maxsize=1)
def language_identifier():
    """The py3langid model, loaded on first use and kept for the process: loading it costs about
    0.5 s of CPU, which every ingest run paid again (1.6 ms/document on a 300-document run)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@dataclass
class IngestTools:
    """Per-run helpers: cues, and the language identifier."""

    cues: Cues

    @classmethod
    def create(cls, *, user_dir: Optional[str] = None) -> "IngestTools":
        return cls(cues=Cues.load(user_dir=user_dir))

    def language(self, text: str) -> tuple[Optional[str], Optional[float]]:
        """ISO 639-1 code and normalised probability of ``text``'s language (None for no letters)."""
        sample = text[:2000]  # 2,000 characters identify a language reliably and keep ingest fast
        if not any(ch.isalpha() for ch in sample):
            return None, None
        # Upper-case wire copy (MUC) classifies like its lower-case form; lowering is cheap.
        code, score = language_identifier().classify(sample.lower())
        return str(code), round(float(score), 4)
