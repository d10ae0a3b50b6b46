"""MUC-4 evaluation: extract each message through the product, score with the team's scorer.

Only a record's ``id`` and ``text`` reach the product: the gold JSONL is rewritten with those two
keys and read by ``pipeline.extract_paths`` exactly as ``titfortat extract FILE.jsonl`` reads it.
The predictions are written as the SPEC §3 contract and scored by ``eval/score_muc4.py`` itself,
so every figure (and its counts) is the shared scorer's.
"""
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

from ..errors import UsageError
from ..model import Failure
from ..settings import Settings
from .scorers import default_muc4_dir, load_scorer

SPLITS = ("dev", "tst1", "tst2")
PRODUCT_KEYS = ("id", "text")  # all the product may see of a MUC record


def gold_paths(splits: Sequence[str], data_dir: Optional[Path | str] = None) -> list[Path]:
    """The gold JSONL file of each split (``muc4_<split>.jsonl``); UsageError for unknown/missing."""
    folder = Path(data_dir) if data_dir else default_muc4_dir()
    paths = []
    for split in splits:
        split = split.strip().lower()
        if split not in SPLITS:
            raise UsageError(f"unknown MUC-4 split {split!r}; use one of {', '.join(SPLITS)}")
        path = folder / f"muc4_{split}.jsonl"
        if not path.exists():
            raise UsageError(f"MUC-4 gold file not found: {path}")
        paths.append(path)
    return paths


def product_records(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    """Each gold record reduced to the keys the product may read (``id`` and ``text``)."""
    for path in paths:
        with open(path, encoding="utf-8") as stream:
            for line in stream:
                if line.strip():
                    record = json.loads(line)
                    yield {key: record[key] for key in PRODUCT_KEYS if key in record}


def predict(records: Iterable[dict[str, Any]], *, settings: Settings, extractor=None,
            workdir: Path) -> tuple[list[dict], dict[str, Any]]:
    """Contract events for ``records`` via ``extract_paths`` on a JSONL file, and run statistics.

    The statistics: documents extracted, events, ingest failures (with their reasons) and the
    wall-clock seconds and documents/s of reading plus extraction.
    """
    from ..pipeline import extract_paths, load_extractor

    extractor = extractor or load_extractor(settings)
    source = workdir / "records.jsonl"
    with open(source, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    events: list[dict] = []
    failures: list[str] = []
    documents = 0
    started = time.perf_counter()
    for item in extract_paths([str(source)], settings=settings, extractor=extractor):
        if isinstance(item, Failure):
            failures.append(item.line())
            continue
        documents += 1
        events.extend(event.to_dict() for event in item.events)
    seconds = time.perf_counter() - started
    stats = {"documents": documents, "events": len(events), "failures": failures,
             "seconds": round(seconds, 2), "docs_per_second": round(documents / seconds, 2) if seconds else None}
    return events, stats


def write_jsonl(rows: Iterable[dict], path: Path) -> None:
    """One JSON object per line (UTF-8)."""
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def score(gold: Sequence[Path], pred_path: Path, *, details: bool = False) -> dict[str, Any]:
    """The shared scorer's full report (``score_muc4.run``) for a prediction file."""
    scorer = load_scorer("score_muc4")
    warnings: list[str] = []
    report = scorer.run([str(p) for p in gold], str(pred_path), details=details, log=warnings.append)
    report["scorer_warnings"] = warnings
    return report


def evaluate_muc4(splits: Sequence[str] = ("tst1", "tst2"), *, settings: Settings,
                  data_dir: Optional[Path | str] = None, extractor=None,
                  pred_path: Optional[Path | str] = None, details: bool = False) -> dict[str, Any]:
    """Extract the MUC-4 ``splits`` through the product and score them with ``eval/score_muc4.py``.

    Returns the scorer's report (REE per role and micro with matched/pred/gold, relevance,
    alignment, claimed, deaths, type, stage, date, place — every figure with its counts) plus
    ``extraction`` (documents, events, failures, seconds) and ``figures`` (a flat summary, see
    ``summary``).  Predictions are kept at ``pred_path`` when given.
    """
    gold = gold_paths(splits, data_dir)
    with tempfile.TemporaryDirectory(prefix="titfortat-muc4-") as tmp:
        events, stats = predict(product_records(gold), settings=settings, extractor=extractor,
                                workdir=Path(tmp))
        target = Path(pred_path) if pred_path else Path(tmp) / "events.jsonl"
        write_jsonl(events, target)
        report = score(gold, target, details=details)
    report["splits"] = [s.strip().lower() for s in splits]
    report["extraction"] = stats
    report["figures"] = summary(report)
    return report


def summary(report: dict[str, Any]) -> dict[str, float]:
    """The headline figures of a scorer report as a flat name -> value (0..1) mapping.

    Names: ``ree_micro_{p,r,f1}``, ``ree_<Role>_f1``, ``relevance_f1``, ``claimed_f1``,
    ``claimed_accuracy``, ``death_accuracy``, ``type``, ``stage``, ``date_within``,
    ``place_any_part``, ``alignment_coverage``.
    """
    ree = report["ree"]["standard"]
    extras = report["extras"]
    figures = {f"ree_micro_{k}": ree["micro"][k] for k in ("p", "r", "f1")}
    for role, row in ree.items():
        if role != "micro":
            figures[f"ree_{role}_f1"] = row["f1"]
    figures.update({
        "relevance_f1": extras["relevance"]["f1"],
        "claimed_f1": extras["claimed"]["f1"],
        "claimed_accuracy": extras["claimed"]["accuracy"],
        "death_accuracy": extras["death"]["accuracy"],
        "type": extras["type"]["type"]["value"],
        "stage": extras["stage"]["agree"]["value"],
        "date_within": extras["date"]["within"]["value"],
        "place_any_part": extras["place"]["any_part"]["value"],
        "alignment_coverage": extras["alignment"]["coverage_required"]["value"],
    })
    return figures


def render_muc4(report: dict[str, Any]) -> str:
    """The scorer's own table for ``report``, followed by a line on the extraction run."""
    text = load_scorer("score_muc4").render(report)
    stats = report.get("extraction")
    if stats:
        text += (f"\nextraction           {stats['documents']} documents, {stats['events']} events, "
                 f"{len(stats['failures'])} ingest failures, {stats['seconds']} s "
                 f"({stats['docs_per_second']} docs/s)")
    return text
