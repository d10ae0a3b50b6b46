"""The ``titfortat`` command: thin layer over ``titfortat.pipeline`` and the store.

Data goes to stdout; progress, logs and summaries to stderr.  Exit code 0 when the batch ran
(even with skipped documents), 2 for usage errors, 3 for an unusable database, 1 with --strict
when something was skipped.  No traceback without --debug.
"""
from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import Callable, List, Optional

import typer

from ..errors import StoreError, TitfortatError, UsageError
from ..settings import Settings
from . import output

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="titfortat: news in, an evidence-linked conflict event database out.")
STATE = {"debug": False}


def _err(message: str) -> None:
    typer.echo(message, err=True)


def command(func: Callable) -> Callable:
    """Turn library errors into one-line messages and exit codes; --debug shows the traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except StoreError as exc:
            _fail(exc, 3)
        except UsageError as exc:
            _fail(exc, 2)
        except TitfortatError as exc:
            _fail(exc, 1)
        except KeyboardInterrupt:
            _err("interrupted")
            raise typer.Exit(130)
        except BrokenPipeError:
            raise typer.Exit(0)
        except Exception as exc:  # noqa: BLE001 - the CLI is the one place that catches everything
            _fail(exc, 1, prefix="internal error: ")

    return wrapper


def _fail(exc: BaseException, code: int, prefix: str = "") -> None:
    if STATE["debug"]:
        raise exc
    _err(f"titfortat: {prefix}{exc} (run with --debug for details)" if prefix else f"titfortat: {exc}")
    raise typer.Exit(code)


@app.callback()
def main(debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
         accuracy: Optional[str] = typer.Option(None, "--accuracy",
                                                help="high (default: rules + models trained on MUC-4) | standard (rules only)."),
         processes: Optional[int] = typer.Option(None, "--processes", help="Parsing processes (0 = one per core).")) -> None:
    STATE["debug"] = debug
    # settings are read from the environment at the edge; the global options feed it for every sub-command
    if accuracy is not None:
        if accuracy not in ("standard", "high"):
            _err(f"titfortat: unknown --accuracy {accuracy!r}; use standard or high")
            raise typer.Exit(2)
        os.environ["TITFORTAT_ACCURACY"] = accuracy
    if processes is not None:
        os.environ["TITFORTAT_PROCESSES"] = str(processes)


def _settings(model: Optional[str] = None, data_dir: Optional[str] = None) -> Settings:
    return Settings.from_env(spacy_model=model, user_data_dir=data_dir)


def _open(db: str, settings: Settings, *, read_only: bool = False):
    from ..store import open_store

    return open_store(db, settings=settings, read_only=read_only)


def _check_paths(paths: List[str]) -> None:
    if not paths:
        raise UsageError("give at least one PATH (a file, folder, glob or - for standard input)")


@app.command()
@command
def extract(paths: List[str] = typer.Argument(None, help="Files, folders, globs or - (stdin)."),
            format: str = typer.Option("jsonl", "--format", help="jsonl | table"),
            claims: bool = typer.Option(False, "--claims", help="Print count claims instead of events."),
            strict: bool = typer.Option(False, "--strict", help="Exit 1 when any document was skipped."),
            model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline name."),
            data_dir: Optional[str] = typer.Option(None, "--data-dir", help="Folder with your own data files.")) -> None:
    """Extract events to stdout, one contract JSON line per event (no database)."""
    from ..model import Failure
    from ..pipeline import extract_paths

    _check_paths(paths)
    if format not in ("jsonl", "table"):
        raise UsageError(f"unknown --format {format!r}; use jsonl or table")
    settings = _settings(model, data_dir)
    skipped, n_docs, n_events = 0, 0, 0
    rows = []
    with output.progress("extract") as bump:
        for item in extract_paths(paths, settings=settings, stdin=sys.stdin.buffer, progress=bump):
            if isinstance(item, Failure):
                skipped += 1
                _err(f"skipped {item.line()}")
                continue
            n_docs += 1
            if item.skipped:
                skipped += 1
                _err(f"skipped {item.article.doc_id}: {item.skipped}")
            objs = item.claims if claims else item.events
            n_events += len(objs)
            if format == "jsonl":
                for obj in objs:
                    output.emit_json(obj.to_dict())
            else:
                rows.extend(objs)
    if format == "table":
        output.table(rows, claims=claims)
    _err(f"{n_docs} documents, {n_events} {'claims' if claims else 'events'}, {skipped} skipped")
    if strict and skipped:
        raise typer.Exit(1)


@app.command()
@command
def ingest(paths: List[str] = typer.Argument(None, help="Files, folders, globs or - (stdin)."),
           db: str = typer.Option(..., "--db", help="DuckDB file or postgresql:// URL."),
           engine: str = typer.Option("local", "--engine", help="local | dask"),
           workers: int = typer.Option(2, "--workers", help="Dask workers for a local cluster."),
           scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Address of a Dask scheduler."),
           strict: bool = typer.Option(False, "--strict"),
           model: Optional[str] = typer.Option(None, "--model"),
           data_dir: Optional[str] = typer.Option(None, "--data-dir")) -> None:
    """Read, extract, store and fuse documents; the database is created and migrated as needed."""
    from ..pipeline import ingest as run

    _check_paths(paths)
    if engine not in ("local", "dask"):
        raise UsageError(f"unknown --engine {engine!r}; use local or dask")
    settings = _settings(model, data_dir)
    with _open(db, settings) as store, output.progress("ingest") as bump:
        report = run(paths, store=store, settings=settings, engine=engine, workers=workers, scheduler=scheduler,
                     stdin=sys.stdin.buffer, progress=bump)
    for failure in report.failures:
        _err(f"skipped {failure.line()}")
    for doc_id, why in report.skipped:
        _err(f"not extracted {doc_id}: {why}")
    _err(report.summary())
    if strict and (report.failures or report.skipped):
        raise typer.Exit(1)


@app.command()
@command
def events(db: str = typer.Option(..., "--db"),
           format: str = typer.Option("table", "--format", help="jsonl | csv | table | geojson"),
           level: str = typer.Option("cluster", "--level", help="cluster (fused, default) | mention"),
           type: Optional[str] = typer.Option(None, "--type", help="Only this PLOVER type (comma-separated)."),
           since: Optional[str] = typer.Option(None, "--since"), until: Optional[str] = typer.Option(None, "--until")) -> None:
    """Print the fused events (one per real-world event) or, with --level mention, per-document events."""
    from ..export import render_events

    if level not in ("cluster", "mention"):
        raise UsageError(f"unknown --level {level!r}; use cluster or mention")
    types = [t.strip().upper() for t in type.split(",")] if type else None
    settings = _settings()
    with _open(db, settings, read_only=True) as store:
        start, end = output.parse_day(since, "--since"), output.parse_day(until, "--until")
        if level == "mention":
            rows = store.mention_events(types=types, since=start, until=end)
        else:
            rows = store.fused_events(types=types, since=start, until=end)
    sys.stdout.write(render_events(rows, format=format))


@app.command()
@command
def serve(db: str = typer.Option(..., "--db", help="DuckDB file or postgresql:// URL."),
          port: int = typer.Option(8000, "--port"),
          host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (0.0.0.0: every one)."),
          model: Optional[str] = typer.Option(None, "--model"),
          data_dir: Optional[str] = typer.Option(None, "--data-dir")) -> None:
    """Serve the HTTP API: /healthz, /openapi.json, /api/events, POST /api/documents (bearer token)."""
    from ..api import TOKEN_ENV, serve as run

    if not 0 < port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {port}")
    if not os.environ.get(TOKEN_ENV):
        _err(f"titfortat serve: no {TOKEN_ENV} set: POST /api/documents answers 401 (read-only API)")
    _err(f"titfortat serve: http://{host}:{port}/ (database {db}); Ctrl-C stops")
    run(db, port=port, host=host, settings=_settings(model, data_dir))


@app.command()
@command
def show(event_id: str = typer.Argument(..., help="An event_id or cluster_id."),
         db: str = typer.Option(..., "--db"),
         format: str = typer.Option("text", "--format", help="text | json")) -> None:
    """Show one event with its evidence highlighted in the article."""
    settings = _settings()
    with _open(db, settings, read_only=True) as store:
        event = store.get_event(event_id)
        if event is None:
            raise UsageError(f"no event or cluster with id {event_id!r}; list ids with `titfortat events --db {db}`")
        articles = {}
        for doc_id in ([event.doc_id] if event.doc_id else []) + [s["doc_id"] for s in event.sources]:
            if doc_id and doc_id not in articles:
                articles[doc_id] = store.get_article(doc_id)
    if format == "json":
        output.emit_json(event.to_dict())
        return
    output.show_event(event, articles)


@app.command()
@command
def claims(db: str = typer.Option(..., "--db"), format: str = typer.Option("jsonl", "--format", help="jsonl | table")) -> None:
    """Count claims found in the articles, checked against the database's own count."""
    from ..analyse.claims import check_claims

    settings = _settings()
    with _open(db, settings, read_only=True) as store:
        rows = check_claims(store)
    if format == "jsonl":
        for row in rows:
            output.emit_json(row)
    else:
        output.claims_table(rows)


@app.command()
@command
def check(db: str = typer.Option(..., "--db")) -> None:
    """Verify the database's consistency (offsets, references, migrations)."""
    settings = _settings()
    with _open(db, settings, read_only=True) as store:
        problems = store.check()
        stats = store.stats()
    _err(", ".join(f"{k}: {v}" for k, v in stats.items()))
    if problems:
        for p in problems:
            typer.echo(p)
        _err(f"{len(problems)} problems")
        raise typer.Exit(1)
    _err("ok: no problems found")


@app.command()
@command
def fuse(db: str = typer.Option(..., "--db")) -> None:
    """Recompute the fused view (clusters) from every stored event."""
    from ..pipeline import refuse

    settings = _settings()
    with _open(db, settings) as store:
        fused = refuse(store, settings=settings)
    _err(f"{len(fused)} clusters")


@app.command()
@command
def reprocess(db: str = typer.Option(..., "--db"), model: Optional[str] = typer.Option(None, "--model"),
              data_dir: Optional[str] = typer.Option(None, "--data-dir")) -> None:
    """Re-extract every stored document with the current coder and report what changed."""
    from ..pipeline import reprocess as run

    settings = _settings(model, data_dir)
    with _open(db, settings) as store, output.progress("reprocess") as bump:
        changed = run(store, settings=settings, progress=bump)
    typer.echo(json.dumps(changed, sort_keys=True))


@app.command()
@command
def demo(db: str = typer.Option("demo.duckdb", "--db", help="Where to put the demo database.")) -> None:
    """Ingest the bundled sample news, then show what titfortat found."""
    from ..demo import run_demo

    run_demo(db, settings=_settings(), out=typer.echo, err=_err)


def _mount_eval() -> None:
    from ..evaluate.cli import app as eval_app

    app.add_typer(eval_app, name="eval", help="Evaluate against MUC-4, the PLOVER gold records and the seed.")


def _mount_analyse() -> None:
    from ..analyse.cli import app as analyse_app

    app.add_typer(analyse_app, name="analyse",
                  help="Escalation: dyad timelines, tit-for-tat chains, intervention effects, change points.")


_mount_eval()
_mount_analyse()


def run() -> None:
    """Console entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    run()
