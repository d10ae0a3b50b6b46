"""The pipeline: wires the stages together (ingest -> extract/resolve -> store -> fuse).

Stage packages never import each other; this module is the one place that knows them all.
CLI, API and dashboard call these functions and nothing below them.
"""
from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

from .errors import TitfortatError, UsageError
from .model import Article, Event, Extraction, Failure
from .settings import Settings

Progress = Callable[[str, int], None]
# Extracted documents stored per transaction by ingest (new ones in a few bulk statements).
STORE_BATCH = 100
# Input documents looked up in the store at once, to skip those stored and extracted unchanged.
LOOKUP_BATCH = 16


def load_extractor(settings: Settings):
    """The extractor with the real resolvers, dictionaries and spaCy pipeline."""
    from .extract import Extractor, Lexicon
    from .resolve import ActorDirectory, Gazetteer, resolve_date
    from .resources import data_hash

    actors = ActorDirectory.load(user_dir=settings.user_data_dir)
    places = Gazetteer.load(user_dir=settings.user_data_dir)
    proper, acronyms = _case_vocabulary(actors, places)
    extra = "." + data_hash("actors.yaml", "gazetteer.yaml", user_dir=settings.user_data_dir)
    refiner = None
    if settings.accuracy == "high":
        from .extract.learned import Refiner

        refiner = Refiner.load(directory=actors)
        extra += ".ml"
    elif settings.accuracy != "standard":
        raise UsageError(f"unknown accuracy {settings.accuracy!r}; use standard or high")
    return Extractor(settings=settings, lexicon=Lexicon.load(user_dir=settings.user_data_dir), actors=actors,
                     places=places, resolve_date=resolve_date, proper_words=proper, acronyms=acronyms,
                     extra_hash=extra, refiner=refiner)


def _case_vocabulary(actors, places) -> tuple[frozenset[str], frozenset[str]]:
    """Country words to capitalise when restoring case in all-caps text, and the actor
    dictionary's acronyms to keep upper case ("FMLN"; not "US", which in shouted text is
    usually the pronoun).  Other names are recognised as words outside the English dictionary."""
    countries = actors.countries
    proper = {w for table in (countries.names, countries.adjectives, countries.metonyms) for name in table
              for w in name.split()}
    acronyms = {w.lower() for w in actors.case_words() if w.isupper() and len(w) > 1}
    return frozenset(proper - COMMON_WORDS), frozenset(acronyms - COMMON_WORDS)


# Lower-case words that are also place or actor names ("police", "army", "san"...) stay lower case
# unless they start a sentence; a truecaser that capitalised them would create false proper nouns.
COMMON_WORDS = frozenset("""a an the of and or in on at to for by with from as is it its army police
government forces force troops soldiers rebels guerrillas people party front national union state
states city town village department province region north south east west central new san santa
de del la el los las i ii iii us u.s. am pm it he she we no so an on or in to day today yesterday tomorrow week month year""".split())


@dataclass
class Report:
    """What a batch did: counts by outcome, and every skipped document with its reason."""

    documents: dict[str, int] = field(default_factory=dict)
    events: int = 0
    claims: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    clusters: int = 0

    def count(self, outcome: str) -> None:
        self.documents[outcome] = self.documents.get(outcome, 0) + 1

    def summary(self) -> str:
        docs = ", ".join(f"{n} {k}" for k, n in sorted(self.documents.items())) or "0 documents"
        parts = [f"documents: {docs}", f"events: {self.events}", f"claims: {self.claims}"]
        if self.clusters:
            parts.append(f"clusters: {self.clusters}")
        if self.failures:
            parts.append(f"failures: {len(self.failures)}")
        if self.skipped:
            parts.append(f"not extracted: {len(self.skipped)}")
        return "; ".join(parts)


def read(paths: Sequence[str], *, settings: Settings, stdin=None) -> Iterator[Article | Failure]:
    from .ingest import read_sources

    yield from read_sources(paths, settings=settings, stdin=stdin)


def extract_articles(articles: Iterable[Article], *, settings: Settings, extractor=None) -> list[Extraction]:
    """Extract events and claims from already-ingested articles (no database)."""
    extractor = extractor or load_extractor(settings)
    return list(extractor.extract_many(articles))


def extract_paths(paths: Sequence[str], *, settings: Settings, extractor=None, stdin=None,
                  progress: Optional[Progress] = None) -> Iterator[Extraction | Failure]:
    """Read sources and extract them, yielding each extraction (in input order) and ingest failure."""
    extractor = extractor or load_extractor(settings)
    failures: list[Failure] = []

    def articles() -> Iterator[Article]:
        for item in read(paths, settings=settings, stdin=stdin):
            if isinstance(item, Failure):
                failures.append(item)
            else:
                yield item

    for extraction in extractor.extract_many(articles()):
        yield from _drain(failures)
        if progress:
            progress("extract", 1)
        yield extraction
    yield from _drain(failures)


def _drain(items: list) -> Iterator:
    while items:
        yield items.pop(0)


def ingest(paths: Sequence[str], *, store, settings: Settings, engine: str = "local", workers: int = 1,
           scheduler: Optional[str] = None, stdin=None, progress: Optional[Progress] = None,
           fuse: bool = True, extractor=None) -> Report:
    """Read, extract and store documents; re-ingesting the same document changes nothing."""
    report = Report()
    used: dict = {"extractor": extractor}  # the extractor the local engine loaded, if it needed one
    if engine == "dask":
        from .scale import extract_with_dask

        stream = extract_with_dask(paths, settings=settings, workers=workers, scheduler=scheduler, stdin=stdin,
                                   progress=progress)
    else:
        stream = _local_stream(paths, store=store, settings=settings, stdin=stdin, progress=progress,
                               extractor=extractor, report=report, used=used)
    pending: list[Extraction] = []
    for item in stream:
        if isinstance(item, Failure):
            _store_batch(store, pending, report)
            store.record_failure(item)
            report.failures.append(item)
            continue
        pending.append(item)
        if len(pending) == STORE_BATCH:
            _store_batch(store, pending, report)
    _store_batch(store, pending, report)
    if fuse:
        report.clusters = len(refuse(store, settings=settings, places=_places_of(used["extractor"], settings)))
    return report


def _store_batch(store, pending: list[Extraction], report: Report) -> None:
    """Store the pending extractions (and empty the list): the new documents in bulk, then, in input
    order, the rest one by one (replaced texts, copies of stored texts, repeats within the batch)."""
    batch = list(pending)
    pending.clear()
    if not batch:
        return
    stored = store.add_new_extracted([(x.article, _coder(x) or _default_coder(), x.events, x.claims, x.skipped)
                                      for x in batch])
    for extraction, done in zip(batch, stored):
        if done:
            report.count("new")
            _account(store, extraction, report)
        else:
            _store_one(store, extraction, report)


def _store_one(store, extraction: Extraction, report: Report) -> None:
    outcome = store.add_article(extraction.article)
    report.count(outcome)
    if outcome == "new-source" or (outcome == "unchanged"
                                   and store.coder_of(extraction.article.doc_id) == _coder(extraction)):
        return  # a copy of a stored text: its events are the original's
    save_extraction(store, extraction, report)


def _places_of(extractor, settings: Settings):
    """The extractor's gazetteer when it was loaded from the same data (fusion need not load another)."""
    same = getattr(getattr(extractor, "settings", None), "user_data_dir", None) == settings.user_data_dir
    return getattr(extractor, "places", None) if same else None


def _coder(extraction: Extraction) -> Optional[str]:
    return extraction.events[0].coder if extraction.events else None


def _local_stream(paths, *, store, settings, stdin, progress, extractor, report,
                  used: Optional[dict] = None) -> Iterator[Extraction | Failure]:
    """Ingest locally, skipping the (costly) extraction of documents already stored unchanged."""
    failures: list[Failure] = []

    def fresh() -> Iterator[Article]:
        items = read(paths, settings=settings, stdin=stdin)
        while group := list(itertools.islice(items, LOOKUP_BATCH)):
            failures.extend(item for item in group if isinstance(item, Failure))
            articles = [item for item in group if not isinstance(item, Failure)]
            stored = store.extracted_hashes([a.doc_id for a in articles])
            for item in articles:
                if item.doc_id in stored and stored[item.doc_id] == item.content_hash:
                    report.count("unchanged")
                    continue
                yield item

    articles = fresh()
    first = next(articles, None)
    yield from _drain(failures)
    if first is None:
        return
    extractor = extractor or load_extractor(settings)
    if used is not None:
        used["extractor"] = extractor
    for extraction in extractor.extract_many(itertools.chain([first], articles)):
        yield from _drain(failures)
        if progress:
            progress("extract", 1)
        yield extraction
    yield from _drain(failures)


def save_extraction(store, extraction: Extraction, report: Report) -> None:
    article = extraction.article
    coder = _coder(extraction) or _default_coder()
    store.save_extraction(article.doc_id, coder=coder, events=extraction.events, claims=extraction.claims,
                          skipped=extraction.skipped)
    _account(store, extraction, report)


def _account(store, extraction: Extraction, report: Report) -> None:
    """Count a stored extraction in the report and record its failures."""
    report.events += len(extraction.events)
    report.claims += len(extraction.claims)
    for failure in extraction.failures:
        store.record_failure(failure)
        report.failures.append(failure)
    if extraction.skipped:
        report.skipped.append((extraction.article.doc_id, extraction.skipped))


def _default_coder() -> str:
    from . import __version__

    return f"titfortat {__version__}"


def refuse(store, *, settings: Settings, places=None) -> list[Event]:
    """Recompute the fused view from every stored mention (a deterministic function of that set).

    ``places``: a gazetteer already loaded for ``settings`` (the extractor's), else one is loaded.
    """
    from .fuse import fuse
    from .resolve import Gazetteer

    if not isinstance(places, Gazetteer):
        places = Gazetteer.load(user_dir=settings.user_data_dir)

    events = store.mention_events()
    documents = store.document_metadata()
    fused = fuse(events, documents=documents, settings=settings, places=places)
    store.save_clusters(fused)
    return fused


def reprocess(store, *, settings: Settings, extractor=None, progress: Optional[Progress] = None) -> dict:
    """Re-extract every stored document with the current coder and report what changed."""
    extractor = extractor or load_extractor(settings)
    changed = {"documents": 0, "events_added": 0, "events_removed": 0, "events_kept": 0}
    report = Report()
    for extraction in extractor.extract_many(store.articles()):
        doc_id = extraction.article.doc_id
        before = {e.event_id for e in store.mention_events(doc_id=doc_id)}
        after = {e.event_id for e in extraction.events}
        save_extraction(store, extraction, report)
        changed["documents"] += 1
        changed["events_added"] += len(after - before)
        changed["events_removed"] += len(before - after)
        changed["events_kept"] += len(after & before)
        if progress:
            progress("reprocess", 1)
    changed["clusters"] = len(refuse(store, settings=settings, places=_places_of(extractor, settings)))
    changed["coder"] = extractor.coder
    return changed


def today() -> dt.date:  # pragma: no cover - a clock behind one function, for analytics defaults
    return dt.date.today()


__all__ = ["Report", "TitfortatError", "extract_articles", "extract_paths", "ingest", "load_extractor",
           "refuse", "reprocess"]
