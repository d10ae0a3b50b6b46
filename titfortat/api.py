"""The HTTP API (``titfortat serve --db DB --port P``): the store's fused events for maps, notebooks
and dashboards, and an authenticated way to add documents.

* ``GET /healthz``: the store answers (migrations applied, counts);
* ``GET /openapi.json``: the schema (FastAPI's own);
* ``GET /api/events?format=json|geojson|csv|jsonl``: the fused view, one entry per real-world event,
  filtered by ``type``, ``since``, ``until``; ``level=mention`` gives the per-document events.  In
  GeoJSON every event is a feature; a place known only to its country gets the country's
  representative point and ``place.precision: "country"``;
* ``POST /api/documents``: JSON records (one object, a list, or JSON lines) read through the same
  documented keys as a JSONL file (``id``, ``text``, ``html``, ``url``, ``title``, ``published``,
  ``source``), extracted, stored and fused.  Writes need ``Authorization: Bearer <token>`` with the
  token of the ``TITFORTAT_API_TOKEN`` environment variable; the check runs before the body is read,
  so an unauthenticated upload costs the server nothing.  With no token configured every write is
  refused the same way (401).

One process owns the database (SPEC §7: a DuckDB file has one writer): requests share one store
connection behind a lock.  Several writers while the API serves: use PostgreSQL.
"""
from __future__ import annotations

import dataclasses
import hmac
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any, Optional

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response

from .cli.output import parse_day
from .errors import TitfortatError, UsageError
from .settings import Settings

TOKEN_ENV = "TITFORTAT_API_TOKEN"
FORMATS = ("json", "geojson", "csv", "jsonl")
MEDIA = {"json": "application/json", "geojson": "application/geo+json", "csv": "text/csv; charset=utf-8",
         "jsonl": "application/x-ndjson"}
WRITE_PATHS = ("/api/documents",)


class Service:
    """What the endpoints share: the open store, its lock, and the extractor loaded on first write."""

    def __init__(self, store, settings: Settings, token: Optional[str]) -> None:
        self.store = store
        self.settings = settings
        self.token = token or None
        self.lock = threading.Lock()
        self._extractor = None
        self._places = None

    def authorised(self, header: Optional[str]) -> bool:
        """A bearer token equal to the configured one (compared in constant time)."""
        if not self.token or not header:
            return False
        scheme, _, given = header.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), self.token.encode())

    def extractor(self):
        if self._extractor is None:
            from .pipeline import load_extractor

            # in-process extraction: forking parser workers from a threaded server is unsafe
            self._extractor = load_extractor(dataclasses.replace(self.settings, processes=1))
        return self._extractor

    def country_point(self, iso3: str):
        """The gazetteer's representative point of a country (loaded once)."""
        if self._places is None:
            from .resolve import Gazetteer

            self._places = Gazetteer.load(user_dir=self.settings.user_data_dir)
        return self._places.country_point(iso3)


def create_app(store, *, settings: Optional[Settings] = None, token: Optional[str] = None):
    """The FastAPI application over an open store (``token``: the bearer token writes need;
    default: the ``TITFORTAT_API_TOKEN`` environment variable)."""
    from . import __version__
    from .export import to_csv, to_geojson, to_jsonl

    service = Service(store, settings or Settings.from_env(), token if token is not None else os.environ.get(TOKEN_ENV))
    app = FastAPI(title="titfortat", version=__version__,
                  description="Evidence-linked conflict events fused from news: read the events, add documents.")
    app.state.service = service

    @app.middleware("http")
    async def guard_writes(request: Request, call_next):
        # before the body is read: an unauthenticated upload is refused on its headers alone
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.url.path in WRITE_PATHS \
                and not service.authorised(request.headers.get("authorization")):
            why = "writes are disabled: no API token is configured (set TITFORTAT_API_TOKEN)" if not service.token \
                else "a valid 'Authorization: Bearer <token>' header is required"
            return JSONResponse({"error": "unauthorized", "detail": why}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer", "Connection": "close"})
        return await call_next(request)

    @app.get("/healthz", summary="The service and its store answer")
    def healthz() -> dict[str, Any]:
        with service.lock:
            stats = service.store.stats()
            migrations = service.store.applied_migrations()
        return {"status": "ok", "version": __version__, "migrations": len(migrations), **_plain(stats)}

    @app.get("/api/events", summary="The fused events (one per real-world event)")
    def events(format: str = Query("json", description="json | geojson | csv | jsonl"),
               type: Optional[str] = Query(None, description="PLOVER types, comma-separated"),
               since: Optional[str] = Query(None, description="first day, YYYY-MM-DD"),
               until: Optional[str] = Query(None, description="last day, YYYY-MM-DD"),
               level: str = Query("cluster", description="cluster (fused) | mention (per document)")):
        if format not in FORMATS:
            return _bad(f"unknown format {format!r}; use {', '.join(FORMATS)}")
        if level not in ("cluster", "mention"):
            return _bad(f"unknown level {level!r}; use cluster or mention")
        try:
            start, end = parse_day(since, "since"), parse_day(until, "until")
        except UsageError as exc:
            return _bad(str(exc))
        types = [t.strip().upper() for t in type.split(",") if t.strip()] if type else None
        with service.lock:
            read = service.store.mention_events if level == "mention" else service.store.fused_events
            rows = read(types=types, since=start, until=end)
        if format == "geojson":
            body = json.dumps(to_geojson(rows, country_point=service.country_point), ensure_ascii=False)
        elif format == "csv":
            body = to_csv(rows)
        elif format == "jsonl":
            body = to_jsonl(rows)
        else:
            body = json.dumps({"count": len(rows), "level": level, "events": [e.to_dict() for e in rows]},
                              ensure_ascii=False)
        return Response(body, media_type=MEDIA[format])

    @app.post("/api/documents", summary="Add documents (bearer token required)", status_code=200,
              responses={401: {"description": "no or wrong bearer token, or writes disabled"},
                         413: {"description": "body over the max_file_bytes setting"}})
    async def documents(request: Request):
        limit = service.settings.max_file_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:  # refused before it is read
            return JSONResponse({"error": "too large", "detail": f"body of {declared} bytes is over max_file_bytes={limit}"},
                                status_code=413)
        raw = await request.body()
        if len(raw) > limit:
            return JSONResponse({"error": "too large", "detail": f"body of {len(raw)} bytes is over max_file_bytes={limit}"},
                                status_code=413)
        try:
            records = _records(raw)
        except UsageError as exc:
            return _bad(str(exc))
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(_ingest, service, records)

    return app


def _ingest(service: Service, records: list[dict]) -> dict[str, Any]:
    """Ingest posted records through the same reader as a JSONL file (same keys, same skips)."""
    from .pipeline import ingest

    with tempfile.TemporaryDirectory(prefix="titfortat-api-") as tmp:
        path = Path(tmp) / "posted.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        extractor = service.extractor()
        with service.lock:
            report = ingest([str(path)], store=service.store, settings=service.settings, extractor=extractor)
    return {"documents": dict(report.documents), "events": report.events, "claims": report.claims,
            "clusters": report.clusters,
            "skipped": [{"doc_id": d, "reason": why} for d, why in report.skipped],
            "failures": [f.line() for f in report.failures]}


def _records(raw: bytes) -> list[dict]:
    """JSON object, JSON list of objects, or JSON lines -> records."""
    text = raw.decode("utf-8", errors="replace").strip()
    if not text:
        raise UsageError("empty body: send a JSON record, a list of records, or JSON lines")
    try:
        data = json.loads(text)
        items = data if isinstance(data, list) else [data]
    except ValueError:
        try:
            items = [json.loads(line) for line in text.splitlines() if line.strip()]
        except ValueError as exc:
            raise UsageError(f"body is neither JSON nor JSON lines: {exc}") from None
    if not items or not all(isinstance(item, dict) for item in items):
        raise UsageError("every record must be a JSON object with at least 'text' or 'html'")
    return items


def _bad(detail: str) -> JSONResponse:
    return JSONResponse({"error": "bad request", "detail": detail}, status_code=400)


def _plain(stats: dict) -> dict:
    return {k: v for k, v in stats.items() if isinstance(v, (int, float, str, bool)) or v is None}


def serve(db: str, *, port: int, host: str = "127.0.0.1", settings: Optional[Settings] = None) -> None:
    """Open (create and migrate) the store and serve the API until interrupted."""
    import uvicorn

    from .store import open_store

    settings = settings or Settings.from_env()
    with open_store(db, settings=settings) as store:
        app = create_app(store, settings=settings)
        try:
            uvicorn.run(app, host=host, port=port, log_level="warning")
        except OSError as exc:
            raise TitfortatError(f"cannot serve on {host}:{port}: {exc}") from None
