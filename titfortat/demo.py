"""`titfortat demo`: ingest the bundled sample news and show what came out."""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Callable

from .settings import Settings


def sample_dir() -> Path:
    return Path(str(resources.files("titfortat").joinpath("data", "sample")))


def run_demo(db: str, *, settings: Settings, out: Callable[[str], None], err: Callable[[str], None]) -> None:
    """Ingest the sample into ``db`` (idempotent), then print the fused events and the claims check."""
    from .analyse.claims import check_claims
    from .export import render_events
    from .pipeline import ingest
    from .store import open_store

    folder = sample_dir()
    files = sorted(str(p) for p in folder.iterdir() if p.suffix in (".txt", ".html", ".jsonl", ".xml"))
    err(f"titfortat demo: ingesting {len(files)} sample documents from {folder} into {db}")
    with open_store(db, settings=settings) as store:
        report = ingest(files, store=store, settings=settings)
        err(report.summary())
        fused = store.fused_events()
        out(render_events(fused, format="table"))
        for row in check_claims(store):
            out(f"claim: {row['text']!r} says {row['value']}; the database counts {row['db_count']} "
                f"matching events ({row['verdict']})")
        problems = store.check()
    err("store check: " + ("ok" if not problems else f"{len(problems)} problems"))
    err(f"next: titfortat events --db {db} --format jsonl | titfortat show <id> --db {db}")
