"""``titfortat eval``: the evaluation commands (mounted by the main CLI as a sub-app).

Tables (or ``--format json``) go to stdout, a note on what runs goes to stderr.  ``--json PATH``
writes the full report with every count.  ``eval seed`` exits 1 when the seed check fails.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Callable, Optional

import typer

from ..errors import TitfortatError, UsageError
from ..settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Measure extraction quality: MUC-4, PLOVER gold records, the seed check.")

FORMAT = typer.Option("table", "--format", help="table | json (the full report on stdout)")
JSON_OUT = typer.Option(None, "--json", help="Also write the full report (every count) to this file.")
MODEL = typer.Option(None, "--model", help="spaCy pipeline (default: the spacy_model setting).")
DATA = typer.Option(None, "--data-dir", help="A folder of the user's own actors/gazetteer/triggers YAML.")


def handled(func: Callable) -> Callable:
    """Library errors become one-line messages: exit 2 for usage errors, 1 otherwise."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UsageError as exc:
            typer.echo(f"titfortat: {exc}", err=True)
            raise typer.Exit(2)
        except TitfortatError as exc:
            typer.echo(f"titfortat: {exc}", err=True)
            raise typer.Exit(1)

    return wrapper


def _settings(model: Optional[str], data_dir: Optional[str]) -> Settings:
    return Settings.from_env(spacy_model=model, user_data_dir=data_dir)


def _check_format(fmt: str) -> None:
    """Refuse a bad --format before the (long) evaluation runs."""
    if fmt not in ("table", "json"):
        raise UsageError(f"--format must be table or json, not {fmt!r}")


def _emit(report: dict, text: str, *, fmt: str, json_out: Optional[Path]) -> None:
    if json_out:
        json_out.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    typer.echo(json.dumps(report, ensure_ascii=False) if fmt == "json" else text)


@app.command("muc4")
@handled
def muc4(split: str = typer.Option("tst1,tst2", "--split", help="Comma-separated: dev, tst1, tst2."),
         gold_dir: Optional[Path] = typer.Option(None, "--gold-dir", help="Folder of muc4_<split>.jsonl."),
         pred: Optional[Path] = typer.Option(None, "--pred", help="Keep the predicted events (JSONL) here."),
         details: bool = typer.Option(False, "--details", help="Per-document details in the JSON report."),
         fmt: str = FORMAT, json_out: Optional[Path] = JSON_OUT, model: Optional[str] = MODEL,
         data_dir: Optional[str] = DATA) -> None:
    """Extract MUC-4 messages (id and text only) and score them with eval/score_muc4.py."""
    from .muc4 import evaluate_muc4, render_muc4

    _check_format(fmt)
    splits = [s for s in split.split(",") if s.strip()]
    typer.echo(f"extracting and scoring MUC-4 {'+'.join(splits)} ...", err=True)
    report = evaluate_muc4(splits, settings=_settings(model, data_dir), data_dir=gold_dir,
                           pred_path=pred, details=details)
    _emit(report, render_muc4(report), fmt=fmt, json_out=json_out)


@app.command("plover-gsr")
@handled
def plover_gsr(ids: str = typer.Option("even", "--ids", help="even | odd | all (parity of the id number)."),
               gold: Optional[Path] = typer.Option(None, "--gold", help="The gold records JSONL."),
               details: bool = typer.Option(False, "--details", help="One row per sentence in the JSON report."),
               fmt: str = FORMAT, json_out: Optional[Path] = JSON_OUT, model: Optional[str] = MODEL,
               data_dir: Optional[str] = DATA) -> None:
    """Type each PLOVER gold sentence; per-type P/R/F1, macro F1, actor/recipient overlap."""
    from .plover import evaluate_plover, render_plover

    _check_format(fmt)
    typer.echo(f"typing PLOVER gold sentences ({ids} ids) ...", err=True)
    report = evaluate_plover(ids=ids, settings=_settings(model, data_dir), path=gold, details=details)
    _emit(report, render_plover(report), fmt=fmt, json_out=json_out)


@app.command("seed")
@handled
def seed(path: Optional[Path] = typer.Argument(None, help="The seed article (default: the copy in tests/data)."),
         fmt: str = FORMAT, json_out: Optional[Path] = JSON_OUT, model: Optional[str] = MODEL,
         data_dir: Optional[str] = DATA) -> None:
    """Extract the seed article and check it with eval/check_seed.py (exit 1 when it fails)."""
    from .seed import evaluate_seed, render_seed

    _check_format(fmt)
    report = evaluate_seed(settings=_settings(model, data_dir), path=path)
    _emit(report, render_seed(report), fmt=fmt, json_out=json_out)
    if not report["passed"]:
        raise typer.Exit(1)
