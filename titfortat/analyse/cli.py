"""``titfortat analyse``: escalation measures over a database's fused events (JSON lines or a table)."""
from __future__ import annotations

import json
from typing import Optional

import typer

from ..cli.output import emit_json, parse_day
from ..errors import StoreError, TitfortatError, UsageError
from ..settings import Settings
from . import escalation

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Escalation: dyad timelines, tit-for-tat chains, intervention effects, change points.")
FORMATS = ("jsonl", "table")


def command(func):
    """Library errors as one-line messages and the main CLI's exit codes (2 usage, 3 database)."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (UsageError, StoreError, TitfortatError) as exc:
            typer.echo(f"titfortat: {exc}", err=True)
            raise typer.Exit(2 if isinstance(exc, UsageError) else 3 if isinstance(exc, StoreError) else 1)

    return wrapper


def _fused(db: str):
    from ..store import open_store

    with open_store(db, settings=Settings.from_env(), read_only=True) as store:
        return store.fused_events()


def _types(value: Optional[str]) -> Optional[list[str]]:
    return [t.strip().upper() for t in value.split(",") if t.strip()] if value else None


def _print(rows: list[dict], format: str) -> None:
    if format not in FORMATS:
        raise UsageError(f"unknown --format {format!r}; use jsonl or table")
    if format == "jsonl":
        for row in rows:
            emit_json(row)
        return
    from rich.console import Console
    from rich.table import Table

    if not rows:
        typer.echo("(nothing)")
        return
    table = Table(*rows[0].keys())
    for row in rows:
        table.add_row(*(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in row.values()))
    Console(width=200).print(table)


@app.command()
@command
def timeline(db: str = typer.Option(..., "--db"), type: Optional[str] = typer.Option(None, "--type"),
             format: str = typer.Option("table", "--format", help="jsonl | table")) -> None:
    """Weekly events and deaths per dyad (who acted against whom)."""
    _print(escalation.timeline(_fused(db), types=_types(type)), format)


@app.command()
@command
def chains(db: str = typer.Option(..., "--db"), format: str = typer.Option("jsonl", "--format", help="jsonl | table")) -> None:
    """Tit-for-tat chains: which strike answered which, with the lags."""
    _print(escalation.chains(_fused(db)), format)


@app.command()
@command
def effect(db: str = typer.Option(..., "--db"), date: str = typer.Option(..., "--date", help="The intervention day."),
           type: Optional[str] = typer.Option("ASSAULT", "--type", help="Types counted (comma-separated; '' = all)."),
           actor: Optional[str] = typer.Option(None, "--actor", help="Only events by this actor (name contains)."),
           format: str = typer.Option("table", "--format", help="jsonl | table")) -> None:
    """Before/after an intervention: weekly rates and a trend-aware rate ratio with its 95% CI."""
    day = parse_day(date, "--date")
    _print([escalation.effect(_fused(db), day, types=_types(type), actor=actor)], format)


@app.command()
@command
def changes(db: str = typer.Option(..., "--db"), type: Optional[str] = typer.Option(None, "--type"),
            penalty: float = typer.Option(3.0, "--penalty", help="Higher: fewer change points."),
            format: str = typer.Option("table", "--format", help="jsonl | table")) -> None:
    """Change points in the weekly number of events (ruptures PELT)."""
    result = escalation.change_points(_fused(db), types=_types(type), penalty=penalty)
    _print(result["changes"], format)
