"""PLOVER gold standard records: event type per sentence, and actor/recipient text overlap.

Each gold record is one sentence coded in PLOVER 0.5b1.  The sentence goes through the product
as a JSONL record ``{"id", "text"}``; the predicted type is that of the highest-confidence event
(or none).  Gold names are mapped to today's types first (DEMAND→REQUEST,
DISAPPROVE/INVESTIGATE→ACCUSE, FIGHT→ASSAULT, or COERCE when its mode is a coercion mode).
"""
from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from ..errors import UsageError
from ..settings import Settings
from .muc4 import predict
from .scorers import default_plover_path

# PLOVER 0.5 FIGHT modes that are coercion rather than violence in today's PLOVER (where FIGHT's
# armed modes became ASSAULT and removals/detentions belong to COERCE).
COERCION_MODES = frozenset({"deport", "expel", "arrest", "detain", "seize", "confiscate", "restrict",
                            "ban", "censor", "curfew", "martial-law"})
PARITIES = ("even", "odd", "all")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Words that say nothing about who the actor is; overlap on them alone is not a match.
_STOP = frozenset("the a an of and in on at to for by with from its their his her".split())


def load_records(path: Optional[Path | str] = None) -> list[dict[str, Any]]:
    """The gold records (one JSON object per line)."""
    with open(path or default_plover_path(), encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def id_number(record_id: str) -> int:
    """The numeric suffix of a record id: ``PLOVER-GSR01-AGREE-0002`` -> 2."""
    match = re.search(r"(\d+)$", record_id)
    if not match:
        raise UsageError(f"PLOVER record id without a numeric suffix: {record_id!r}")
    return int(match.group(1))


def select(records: Iterable[dict[str, Any]], ids: str) -> list[dict[str, Any]]:
    """Records whose id suffix is even, odd, or all of them (even ids are the gate's held-out half)."""
    if ids not in PARITIES:
        raise UsageError(f"ids must be one of {', '.join(PARITIES)}, not {ids!r}")
    if ids == "all":
        return list(records)
    want = 0 if ids == "even" else 1
    return [r for r in records if id_number(r["id"]) % 2 == want]


def gold_type(record: dict[str, Any], plover05: dict[str, str]) -> str:
    """The record's PLOVER 0.5 event name in today's types (``plover05`` from the ontology)."""
    name = str(record.get("event") or "").upper()
    if name == "FIGHT" and str(record.get("mode") or "").lower() in COERCION_MODES:
        return "COERCE"
    return plover05.get(name, name)


def gold_actor_texts(record: dict[str, Any], key: str) -> list[str]:
    """The ``actorText`` values of ``source`` or ``target`` (absent or malformed -> none)."""
    value = record.get(key)
    if not isinstance(value, list):
        return []
    return [str(a["actorText"]) for a in value if isinstance(a, dict) and a.get("actorText")]


def tokens(texts: Iterable[str]) -> set[str]:
    """Lower-cased content words of ``texts``."""
    return {w for t in texts for w in _WORD.findall(t.lower()) if w not in _STOP}


def top_event(events: Sequence[dict[str, Any]]) -> Optional[dict[str, Any]]:
    """The sentence's main event: the one whose trigger is highest in the parse (the main
    clause's verb over its complements: "threatened to ban" is a threat), then the most
    confident, then the first."""
    def rank(pair: tuple[int, dict[str, Any]]) -> tuple:
        position, event = pair
        depth = (event.get("trigger") or {}).get("depth")
        return (depth if depth is not None else 99, -float(event.get("confidence") or 0.0), position)

    return min(enumerate(events), key=rank)[1] if events else None


def per_type(pairs: Sequence[tuple[str, Optional[str]]]) -> dict[str, dict[str, Any]]:
    """P/R/F1 with counts for each type seen in gold or prediction; ``None`` predicts nothing."""
    labels = sorted({g for g, _ in pairs} | {p for _, p in pairs if p})
    table = {}
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        pred = sum(1 for _, p in pairs if p == label)
        support = sum(1 for g, _ in pairs if g == label)
        p = tp / pred if pred else 0.0
        r = tp / support if support else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        table[label] = {"p": p, "r": r, "f1": f1, "tp": tp, "pred": pred, "support": support}
    return table


def overlap(rows: Sequence[tuple[list[str], list[str]]]) -> dict[str, Any]:
    """Text overlap of predicted with gold actors over the records that have gold actors.

    ``hit``: records where some predicted token is a gold token; ``token_f1``: mean token-set F1
    of predicted vs gold texts (a record with no prediction scores 0).
    """
    scored = [(tokens(pred), tokens(gold)) for pred, gold in rows if tokens(gold)]
    hits = sum(1 for pred, gold in scored if pred & gold)
    f1s = []
    for pred, gold in scored:
        common = len(pred & gold)
        f1s.append(2 * common / (len(pred) + len(gold)) if common else 0.0)
    n = len(scored)
    return {"hit": {"value": hits / n if n else 0.0, "k": hits, "n": n},
            "token_f1": sum(f1s) / n if n else 0.0, "n": n}


def evaluate_plover(*, ids: str = "even", settings: Settings, extractor=None,
                    path: Optional[Path | str] = None, details: bool = False) -> dict[str, Any]:
    """Type each gold sentence with the product and compare with the mapped gold type.

    Returns per-type P/R/F1 with support, macro F1 (over the gold types present), accuracy,
    coverage (sentences with any event), actor/recipient overlap, and with ``details`` one row
    per record.
    """
    from ..extract import Lexicon

    plover05 = Lexicon.load(user_dir=settings.user_data_dir).plover05
    records = select(load_records(path), ids)
    with tempfile.TemporaryDirectory(prefix="titfortat-plover-") as tmp:
        events, stats = predict(({"id": r["id"], "text": r["text"]} for r in records), settings=settings,
                                extractor=extractor, workdir=Path(tmp))
    by_doc: dict[str, list[dict]] = {}
    for event in events:
        by_doc.setdefault(event["doc_id"], []).append(event)
    rows = [_row(record, top_event(by_doc.get(record["id"], [])), plover05) for record in records]
    return _report(rows, ids=ids, stats=stats, details=details)


def _row(record: dict[str, Any], event: Optional[dict[str, Any]], plover05: dict[str, str]) -> dict[str, Any]:
    def texts(key: str) -> list[str]:
        return [str(a.get("text") or a.get("name") or "") for a in (event or {}).get(key) or []]

    return {"id": record["id"], "gold": gold_type(record, plover05), "gold_name": record.get("event"),
            "pred": event["type"] if event else None, "pred_mode": (event or {}).get("mode"),
            "actors": texts("actors"), "recipients": texts("recipients"),
            "gold_source": gold_actor_texts(record, "source"), "gold_target": gold_actor_texts(record, "target"),
            "text": record["text"]}


def _report(rows: list[dict[str, Any]], *, ids: str, stats: dict, details: bool) -> dict[str, Any]:
    pairs = [(row["gold"], row["pred"]) for row in rows]
    table = per_type(pairs)
    gold_labels = sorted({g for g, _ in pairs})
    n = len(rows)
    correct = sum(1 for g, p in pairs if g == p)
    report: dict[str, Any] = {
        "ids": ids, "records": n,
        "macro_f1": sum(table[g]["f1"] for g in gold_labels) / len(gold_labels) if gold_labels else 0.0,
        "accuracy": {"value": correct / n if n else 0.0, "k": correct, "n": n},
        "coverage": {"value": sum(1 for _, p in pairs if p) / n if n else 0.0,
                     "k": sum(1 for _, p in pairs if p), "n": n},
        "per_type": table,
        "actors": overlap([(row["actors"], row["gold_source"]) for row in rows]),
        "recipients": overlap([(row["recipients"], row["gold_target"]) for row in rows]),
        "extraction": stats,
    }
    if details:
        report["rows"] = rows
    return report


def render_plover(report: dict[str, Any]) -> str:
    """A plain-text table of a PLOVER report."""
    lines = [f"PLOVER gold standard records ({report['ids']} ids): {report['records']} sentences",
             f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'pred':>5} {'support':>7}"]
    for label, row in report["per_type"].items():
        lines.append(f"{label:<10} {100 * row['p']:6.2f} {100 * row['r']:6.2f} {100 * row['f1']:6.2f} "
                     f"{row['tp']:4d} {row['pred']:5d} {row['support']:7d}")
    acc, cov = report["accuracy"], report["coverage"]
    gold_types = sum(1 for row in report["per_type"].values() if row["support"])
    lines.append(f"macro F1 {100 * report['macro_f1']:.2f} (over {gold_types} gold types)"
                 f"   accuracy {100 * acc['value']:.2f} ({acc['k']}/{acc['n']})"
                 f"   any event {100 * cov['value']:.2f} ({cov['k']}/{cov['n']})")
    for key, label in (("actors", "actor text vs gold source"), ("recipients", "recipient text vs gold target")):
        o = report[key]
        lines.append(f"{label:<30} token overlap {100 * o['hit']['value']:.2f} ({o['hit']['k']}/{o['hit']['n']})"
                     f"   mean token F1 {100 * o['token_f1']:.2f}")
    return "\n".join(lines)
