"""The seed check: extract the seed article and judge it with the team's ``eval/check_seed.py``."""
from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path
from typing import Any, Optional

from ..model import Failure
from ..settings import Settings
from .scorers import default_seed_path, load_scorer


def evaluate_seed(*, settings: Settings, path: Optional[Path | str] = None, extractor=None) -> dict[str, Any]:
    """Run the seed through ``pipeline.extract_paths`` and ``check_seed.main`` on its events.

    Returns ``passed`` (the checker's exit status is 0), ``required`` (each required event ->
    found), ``events``, ``assaults``, the ingest ``failures`` and the checker's own ``lines``.
    """
    from ..pipeline import extract_paths

    source = Path(path) if path else default_seed_path()
    events: list[dict] = []
    failures: list[str] = []
    for item in extract_paths([str(source)], settings=settings, extractor=extractor):
        if isinstance(item, Failure):
            failures.append(item.line())
        else:
            events.extend(event.to_dict() for event in item.events)
    checker = load_scorer("check_seed")
    with tempfile.TemporaryDirectory(prefix="titfortat-seed-") as tmp:
        pred = Path(tmp) / "events.jsonl"
        pred.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), encoding="utf-8")
        printed = io.StringIO()
        # The checker is a script that prints its verdict; keep its words, not our stdout.
        with contextlib.redirect_stdout(printed):
            status = checker.main(str(pred))
    required = {name: any(checker._safe(test, e) for e in events) for name, test in checker.REQUIRED.items()}
    return {"passed": status == 0, "required": required, "events": len(events),
            "assaults": sum(1 for e in events if str(e.get("type") or "").upper() == "ASSAULT"),
            "failures": failures, "lines": printed.getvalue().splitlines(), "source": str(source)}


def render_seed(report: dict[str, Any]) -> str:
    """The checker's lines and the verdict."""
    verdict = "PASS" if report["passed"] else "FAIL"
    return "\n".join(report["lines"] + report["failures"] + [f"seed check: {verdict}"])
