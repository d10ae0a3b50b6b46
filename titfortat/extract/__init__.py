"""The extract stage: an article's body in, its events and count claims out.

``Extractor`` holds the loaded spaCy pipeline, the lexicon and the resolvers it was given;
``extract`` and ``extract_many`` are pure functions of the article and that state, so the same
article and coder always give the same events and ids.
"""
from __future__ import annotations

import collections
import concurrent.futures
import itertools
import multiprocessing
import os
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

from .. import __version__
from ..interfaces import ActorResolver, DateResolver, PlaceResolver
from ..model import Article, Extraction, Failure
from ..settings import Settings
from .clause import ClauseReader
from .document import DocumentReader
from .events import EventBuilder, date_spans_of
from .claims import find_claims
from .lexicon import Lexicon
from .nlp import english_words, is_shouting, load_nlp, mask_datelines, truecase

__all__ = ["Extractor", "Lexicon"]

# An input shorter than this is extracted in-process: a short input never pays worker start-up.
WARMUP = 24
# Articles per nlp.pipe batch and per chunk sent to a worker (small chunks keep the workers'
# loads even at the end of a corpus; spaCy is no faster per document in larger batches).
CHUNK = 16
# The extractor a forked worker process inherited (set just before the workers start).
_WORKER: Optional["Extractor"] = None


def _extract_chunk(articles: list[Article]) -> list[Extraction]:
    """Worker side: parse and extract a chunk with the inherited extractor."""
    assert _WORKER is not None, "extract worker started without an extractor"
    return list(_WORKER._parsed(iter(articles), batch_size=len(articles)))


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@dataclass
class Extractor:
    settings: Settings
    lexicon: Lexicon
    actors: ActorResolver
    places: PlaceResolver
    resolve_date: DateResolver
    proper_words: frozenset[str] = frozenset()
    acronyms: frozenset[str] = frozenset()
    extra_hash: str = ""
    nlp: object = None
    # Optional learned stage: refine(article, doc, events) -> events (e.g. models trained on MUC-4
    # DEV that drop non-fillers and add missed ones).  None = rules only.
    refiner: Optional[Callable] = None
    _reader: Optional[DocumentReader] = field(default=None, repr=False)
    _english: Optional[frozenset] = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.nlp is None:
            self.nlp = load_nlp(self.settings.spacy_model)
        clause = ClauseReader(self.lexicon)
        self._reader = DocumentReader(clause, max_sentence_tokens=self.settings.max_sentence_tokens)
        self._builder = EventBuilder(clause, self.actors, self.places, self.resolve_date, self.lexicon)

    @property
    def coder(self) -> str:
        """Extractor version plus a hash of the data files it read."""
        return f"titfortat {__version__}+lex.{self.lexicon.hash}{self.extra_hash}"

    def _text_for(self, article: Article) -> str:
        body = mask_datelines(article.body)
        if not is_shouting(body):
            return body
        if self._english is None:
            self._english = english_words(self.nlp)
        return truecase(body, self.proper_words, self.acronyms, self._english)

    def extract(self, article: Article) -> Extraction:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article], *, batch_size: int = CHUNK) -> Iterator[Extraction]:
        """Extract a stream of articles in input order, parsing with spaCy ``nlp.pipe``.

        An input of fewer than ``WARMUP`` articles is extracted in this process, so that one
        article pays no process start-up.  A longer one is shared, ``batch_size`` articles at a
        time, among ``settings.processes`` worker processes (0 = one per core, at most 4) that
        each parse *and* extract (no parsed document crosses between processes), while this
        process only reads and stores.
        """
        stream = iter(articles)
        head = list(itertools.islice(stream, WARMUP))
        processes = self._processes()
        if len(head) < WARMUP or processes == 1 or not _can_fork():
            yield from self._parsed(itertools.chain(head, stream), batch_size=batch_size)
            return
        yield from self._in_workers(itertools.chain(head, stream), processes=processes, chunk=batch_size)

    def _processes(self) -> int:
        wanted = self.settings.processes
        return max(1, wanted if wanted > 0 else min(4, os.cpu_count() or 1))

    def prepare(self) -> None:
        """Load what the extractor otherwise builds on first use (the case dictionary, the
        gazetteer's city index), so that worker processes inherit it instead of each building it."""
        if self._english is None:
            self._english = english_words(self.nlp)
        getattr(self.places, "cities", None)  # a lazily built index, when the place resolver has one

    def _in_workers(self, articles: Iterator[Article], *, processes: int, chunk: int) -> Iterator[Extraction]:
        """Chunks of articles to forked workers, results back in input order, a bounded number in flight."""
        global _WORKER
        self.prepare()
        _WORKER = self
        pending: collections.deque = collections.deque()
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
            try:
                while True:
                    while len(pending) < 2 * processes + 1:
                        batch = list(itertools.islice(articles, chunk))
                        if not batch:
                            break
                        pending.append(pool.submit(_extract_chunk, batch))
                    if not pending:
                        break
                    yield from pending.popleft().result()
            finally:
                for future in pending:
                    future.cancel()
                _WORKER = None

    def _parsed(self, articles: Iterator[Article], *, batch_size: int) -> Iterator[Extraction]:
        def texts():
            for article in articles:
                why = self._skip_reason(article)
                yield ("" if why is not None else self._text_for(article)), (article, why)

        for doc, (article, why) in self.nlp.pipe(texts(), as_tuples=True, batch_size=batch_size):
            if why is not None:
                yield Extraction(article=article, skipped=why)
                continue
            try:
                yield self._one(article, doc)
            except Exception as exc:  # a bad article never kills the batch
                failure = Failure(source=article.origin or article.doc_id, stage="extract", code="extract-error",
                                  reason=f"extractor failed: {type(exc).__name__}: {exc}", doc_id=article.doc_id)
                yield Extraction(article=article, failures=[failure], skipped=failure.reason)

    def _skip_reason(self, article: Article) -> Optional[str]:
        if not article.body.strip():
            return "not extracted: empty body"
        if article.language and article.language not in self.settings.extract_languages:
            return f"not extracted: language {article.language}"
        if len(article.body) > self.settings.max_chars:
            return f"not extracted: {len(article.body)} characters (limit max_chars={self.settings.max_chars})"
        return None

    def _one(self, article: Article, doc) -> Extraction:
        spans = date_spans_of(doc, frozenset(self.lexicon.nouns))
        drafts = self._reader.read(doc, spans)
        events = self._builder.build(article, doc, drafts, coder=self.coder)
        if self.refiner is not None:
            events = self.refiner(article, doc, events)
        events = sorted(events, key=lambda e: -e.confidence)[: self.settings.max_events_per_doc]
        events.sort(key=lambda e: (e.evidence[0].start if e.evidence else 0, e.event_id))
        claims = find_claims(article, doc, self._builder, spans)
        return Extraction(article=article, events=events, claims=claims)
