"""The extract stage: an article's body in, its events and count claims out.

``Extractor`` holds the loaded spaCy pipeline, the lexicon and the resolvers it was given;
``extract`` and ``extract_many`` are pure functions of the article and that state, so the same
article and coder always give the same events and ids.
"""
from __future__ import annotations

import itertools
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

# Articles parsed in-process before worker processes start: a short input never pays their start-up.
WARMUP = 24


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

    def extract_many(self, articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[Extraction]:
        """Extract a stream of articles in input order, parsing with spaCy ``nlp.pipe``.

        The first ``WARMUP`` articles are parsed in this process; the rest, if any, by
        ``settings.processes`` worker processes (0 = one per core, at most 4), so that one
        article pays no process start-up while a corpus uses every core.
        """
        stream = iter(articles)
        head = list(itertools.islice(stream, WARMUP))
        yield from self._parsed(iter(head), processes=1, batch_size=batch_size)
        if len(head) == WARMUP:
            yield from self._parsed(stream, processes=self._processes(), batch_size=batch_size)

    def _processes(self) -> int:
        wanted = self.settings.processes
        return max(1, wanted if wanted > 0 else min(4, os.cpu_count() or 1))

    def _parsed(self, articles: Iterator[Article], *, processes: int, batch_size: int) -> Iterator[Extraction]:
        def texts():
            for article in articles:
                why = self._skip_reason(article)
                yield ("" if why is not None else self._text_for(article)), (article, why)

        for doc, (article, why) in self.nlp.pipe(texts(), as_tuples=True, n_process=processes, batch_size=batch_size):
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
