"""Scale-out: the extraction stage on a Dask cluster, writing the same store as a local run.

Sources are read on the client (cheap, and where the files are); articles go to the workers in
batches; each worker loads its extractor once and keeps it on the worker object (no module-level
state).  Results come back in submission order, so the store sees the same sequence of writes as
a local run, and ids and clusters do not depend on which worker did what.
"""
from __future__ import annotations

from typing import Iterator, Optional, Sequence

from .errors import UsageError
from .model import Article, Extraction, Failure
from .settings import Settings

BATCH = 16


def _worker_extract(records: list[dict], settings: Settings) -> list[dict]:
    from distributed import get_worker

    from .pipeline import load_extractor

    worker = get_worker()
    key = f"titfortat-extractor-{hash(settings)}"
    extractor = getattr(worker, "_titfortat_extractors", {}).get(key)
    if extractor is None:
        extractor = load_extractor(settings)
        cache = getattr(worker, "_titfortat_extractors", {})
        cache[key] = extractor
        worker._titfortat_extractors = cache
    out = []
    for extraction in extractor.extract_many([Article.from_dict(r) for r in records]):
        out.append({
            "article": extraction.article.to_dict(),
            "events": [e.to_dict() for e in extraction.events],
            "claims": [c.to_dict() for c in extraction.claims],
            "failures": [f.to_dict() for f in extraction.failures],
            "skipped": extraction.skipped,
        })
    return out


def _rebuild(data: dict) -> Extraction:
    from .model import Claim, Event

    return Extraction(article=Article.from_dict(data["article"]), events=[Event.from_dict(e) for e in data["events"]],
                      claims=[Claim.from_dict(c) for c in data["claims"]],
                      failures=[Failure(**f) for f in data["failures"]], skipped=data["skipped"])


def extract_with_dask(paths: Sequence[str], *, settings: Settings, workers: int = 2, scheduler: Optional[str] = None,
                      stdin=None, progress=None) -> Iterator[Extraction | Failure]:
    """Yield ingest failures and extractions (in input order) computed on a Dask cluster."""
    from distributed import Client, LocalCluster

    from .ingest import read_sources

    if workers < 1:
        raise UsageError(f"--workers must be at least 1, not {workers}")
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
    except OSError as exc:
        raise UsageError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}; check the address") from exc
    try:
        futures, batch = [], []
        for item in read_sources(paths, settings=settings, stdin=stdin):
            if isinstance(item, Failure):
                yield item
                continue
            batch.append(item.to_dict())
            if len(batch) >= BATCH:
                futures.append(client.submit(_worker_extract, batch, settings, pure=False))
                batch = []
        if batch:
            futures.append(client.submit(_worker_extract, batch, settings, pure=False))
        for future in futures:
            results = future.result()
            if progress:
                progress("extract (dask)", len(results))
            for data in results:
                yield _rebuild(data)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
