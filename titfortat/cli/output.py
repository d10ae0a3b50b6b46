"""Terminal output for the CLI: JSON lines on stdout, rich progress and tables on stderr/stdout."""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
from typing import Iterator, Optional

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ..errors import UsageError
from ..export import event_cells


def emit_json(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def parse_day(value: Optional[str], option: str) -> Optional[dt.date]:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{option} {value!r} is not a date; use YYYY-MM-DD") from exc


@contextlib.contextmanager
def progress(label: str) -> Iterator:
    """A progress display on stderr (only when stderr is a terminal); yields bump(stage, n)."""
    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda stage, n: None
        return
    with Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), TextColumn("{task.completed} documents"),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda stage, n: bar.update(task, advance=n, description=stage)


def table(rows, *, claims: bool = False) -> None:
    console = Console()
    if claims:
        return claims_table([c.to_dict() for c in rows])
    t = Table("event", "type/mode", "date", "actor", "recipient", "place", "killed", "attribution")
    for e in rows:
        t.add_row(*event_cells(e))
    console.print(t)


def claims_table(rows: list[dict]) -> None:
    t = Table("doc", "claim", "value", "db count")
    for r in rows:
        t.add_row(str(r.get("doc_id"))[:30], str(r.get("text"))[:70], str(r.get("value")), str(r.get("db_count")))
    Console().print(t)


def show_event(event, articles: dict) -> None:
    """The event's fields, then each evidence sentence highlighted inside its article paragraph."""
    console = Console(soft_wrap=True)
    console.print(f"[bold]{event.cluster_id or event.event_id}[/bold]  {event.type}/{event.mode or '-'}  "
                  f"stage={event.stage} modality={event.modality} confidence={event.confidence}")
    for label, value in (("actors", event.actors), ("recipients", event.recipients)):
        for a in value:
            console.print(f"  {label[:-1]}: {a.text!r} -> {a.name or '?'} ({a.kind}, {a.country}, {a.sector}) — {a.why}")
    if event.place:
        console.print(f"  place: {event.place.text!r} -> {event.place.name} [{event.place.precision}] — {event.place.why}")
    if event.date:
        console.print(f"  date: {event.date.start}..{event.date.end} ({event.date.precision}) — {event.date.why}")
    for label, fig in (("killed", event.killed), ("injured", event.injured)):
        if fig:
            console.print(f"  {label}: low {fig.low} best {fig.best} high {fig.high} — {fig.text!r}")
    console.print(f"  attribution: {event.attribution.status} — {event.attribution.why or ''}")
    docs = [event.doc_id] if event.doc_id else [s["doc_id"] for s in event.sources]
    for doc_id in docs:
        article = articles.get(doc_id)
        console.rule(doc_id)
        for ev in event.evidence:
            if article is None:
                console.print(ev.sentence)
                continue
            body = article.body
            lo = body.rfind("\n", 0, ev.start) + 1
            hi = body.find("\n", ev.end)
            hi = len(body) if hi < 0 else hi
            text = Text(body[lo:hi])
            text.stylize("bold reverse", ev.start - lo, ev.end - lo)
            console.print(text)
