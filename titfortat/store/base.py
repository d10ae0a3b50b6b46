"""The store: every SQL statement of titfortat, shared by the DuckDB and PostgreSQL backends.

SQL here is written once with ``?`` placeholders; a backend subclass supplies the connection,
the placeholder style, column types, bulk insert and error translation.  Writes run in one
transaction each, so a failure leaves the store as it was.
"""
from __future__ import annotations

import collections
import contextlib
import datetime as dt
import threading
from typing import Any, Iterator, Optional, Sequence

from ..errors import StoreError
from ..model import Article, Claim, Event, Failure
from ..settings import Settings
from . import rows as R
from .check import problems
from .migrations import BOOTSTRAP, MIGRATIONS, Migration

ARTICLE_BATCH = 200  # documents per query when iterating; bounds memory, keeps queries few
CONFLICT_RETRIES = 3  # a lost race is retried; each retry sees the winner's rows, so few suffice


class Store:
    """A titfortat database.  Use ``open_store``; subclasses provide the backend."""

    dialect = "base"
    types: dict[str, str] = {}
    errors: tuple[type[BaseException], ...] = ()
    conflict_errors: tuple[type[BaseException], ...] = ()  # another writer won a race: retry

    def __init__(self, conn: Any, *, settings: Settings, read_only: bool, where: str,
                 migrations: Sequence[Migration] = MIGRATIONS) -> None:
        self.conn = conn
        self.settings = settings
        self.read_only = read_only
        self.where = where  # for messages: the file or server, never a password
        # One connection, so one operation at a time (the API may call from several threads).
        self._lock = threading.RLock()
        self._in_tx = False
        try:
            self.migrate(migrations)
        except BaseException:
            conn.close()  # DuckDB would refuse a later open of the same file with other options
            raise

    # -- backend hooks -------------------------------------------------------------------
    def _execute(self, query: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def _insert_many(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        raise NotImplementedError

    def _begin(self) -> None:
        self._execute("BEGIN TRANSACTION")

    def _commit(self) -> None:
        self._execute("COMMIT")

    def _rollback(self) -> None:
        self._execute("ROLLBACK")

    def _now(self) -> dt.datetime:
        return dt.datetime.now(dt.timezone.utc)

    def _lock_migrations(self) -> None:
        """Serialise migrations between processes (PostgreSQL); DuckDB has one writer anyway."""

    # -- plumbing ------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        with self._lock:
            self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fail(self, exc: BaseException, doing: str) -> StoreError:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return StoreError(f"{doing} failed in {self.where}: {first}")

    @contextlib.contextmanager
    def _transaction(self, doing: str) -> Iterator[None]:
        """One write transaction; any exception rolls it back and propagates."""
        if self.read_only:
            raise StoreError(f"{self.where} is open read-only; {doing} needs a writable store")
        with self._lock:
            if self._in_tx:  # nested call: part of the outer transaction
                yield
                return
            try:
                self._begin()
                self._in_tx = True
                yield
                self._commit()
            except BaseException as exc:
                with contextlib.suppress(*self.errors):
                    self._rollback()
                if isinstance(exc, self.errors):
                    raise self._fail(exc, doing) from exc
                raise
            finally:
                self._in_tx = False

    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._execute(query, params).fetchall()
            except self.errors as exc:
                raise self._fail(exc, "query") from exc

    def _one(self, query: str, params: Sequence[Any] = ()) -> Optional[tuple]:
        found = self._rows(query, params)
        return found[0] if found else None

    # -- migrations ----------------------------------------------------------------------
    def applied_migrations(self) -> list[str]:
        """Names of the migrations recorded in the database, in name order (the order they apply in)."""
        if not self._has_table("schema_migrations"):
            return []
        return [r[0] for r in self._rows("SELECT name FROM schema_migrations ORDER BY name")]

    def _has_table(self, name: str) -> bool:
        return self._one(
            "SELECT 1 FROM information_schema.tables WHERE table_name = ? AND table_schema = current_schema()",
            (name,),
        ) is not None

    def migrate(self, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
        """Apply the migrations the database lacks, each in its own transaction; return their names."""
        known = {m.name for m in MIGRATIONS} | {m.name for m in migrations}
        unknown = [name for name in self.applied_migrations() if name not in known]
        if unknown:
            raise StoreError(f"{self.where} was written by a newer titfortat (migration {unknown[0]} "
                             "is unknown here); upgrade titfortat to use it")
        applied = set(self.applied_migrations())
        pending = [m for m in migrations if m.name not in applied]
        if pending and self.read_only:
            raise StoreError(f"{self.where} needs migrations {', '.join(m.name for m in pending)}; "
                             "open it once without read-only to upgrade it")
        done = []
        for migration in pending:
            with self._transaction(f"migration {migration.name}"):
                self._lock_migrations()
                self._execute(BOOTSTRAP.format(**self.types))
                if self._one("SELECT 1 FROM schema_migrations WHERE name = ?", (migration.name,)):
                    continue  # another process applied it while we waited for the lock
                for statement in migration.sql(self.dialect, self.types):
                    self._execute(statement)
                self._execute("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                              (migration.name, self._now()))
            done.append(migration.name)
        return done

    # -- documents -----------------------------------------------------------------------
    def add_article(self, article: Article) -> str:
        """Store a document, idempotent by content; returns what happened.

        "new"; "unchanged" (same doc_id and text: nothing is written); "new-source" (the same text
        is stored under another doc_id: this one is recorded as a further source of it);
        "updated" (same doc_id, new text: the document is replaced and its events and claims
        deleted, so it must be extracted again).  Of several doc_ids with one text the smallest
        holds the document, whatever the order of arrival: a smaller id arriving later takes the
        document over ("new") and the former holder, with its extraction dropped, becomes a
        further source.  A document whose text changes loses its further sources (they were
        copies of the old text).
        """
        digest = R.article_hash(article)
        for attempt in range(CONFLICT_RETRIES + 1):
            try:
                with self._transaction(f"storing document {article.doc_id}"):
                    return self._add_article(article, digest)
            except StoreError as exc:
                # Two writers stored the same text at once: the loser tries again and now sees
                # the winner's row.
                if attempt == CONFLICT_RETRIES or not isinstance(exc.__cause__, self.conflict_errors):
                    raise
        raise AssertionError("unreachable: the last attempt returns or raises")


    def _add_article(self, article: Article, digest: str) -> str:
        doc_id = article.doc_id
        # One query for the three facts that decide (one round trip matters on both backends).
        found = {kind: (a, b) for kind, a, b in self._rows(
            "SELECT 'row', content_hash, added_at FROM documents WHERE doc_id = ? UNION ALL "
            "SELECT 'source', d.content_hash, NULL FROM document_sources s JOIN documents d "
            "ON d.doc_id = s.doc_id WHERE s.source_id = ? UNION ALL "
            "SELECT 'owner', doc_id, NULL FROM documents WHERE content_hash = ?", (doc_id, doc_id, digest))}
        row, source, owner = found.get("row"), found.get("source"), found.get("owner")
        if (row and row[0] == digest) or (source and source[0] == digest):
            return "unchanged"
        if source:  # a further source whose text changed: it is no longer a copy
            self._execute("DELETE FROM document_sources WHERE source_id = ?", (doc_id,))
        if row:
            self._delete_document(doc_id)
        if owner and owner[0] < doc_id:
            self._insert_source(owner[0], doc_id, article.url, article.origin, article.published,
                                article.title)
            return "new-source"
        if owner:
            self._demote(owner[0], to=doc_id)
        now = self._now()
        self._insert_many("documents", (*R.DOCUMENT_COLUMNS, "added_at", "updated_at"),
                          [(*R.document_row(article, digest), row[1] if row else now, now)])
        self._insert_many("comments", R.COMMENT_COLUMNS, R.comment_rows(article, doc_id))
        return "updated" if row or source else "new"

    def _insert_source(self, doc_id: str, source_id: str, *metadata: Optional[str]) -> None:
        """Record ``source_id`` (url, origin, published, title) as a further source of ``doc_id``."""
        self._execute("INSERT INTO document_sources (source_id, doc_id, url, origin, published, title, "
                      "added_at) VALUES (?, ?, ?, ?, ?, ?, ?)", (source_id, doc_id, *metadata, self._now()))

    def _demote(self, doc_id: str, *, to: str) -> None:
        """Turn document ``doc_id`` into a further source of ``to`` (which is inserted next)."""
        url, origin, published, title = self._rows(
            "SELECT url, origin, published, title FROM documents WHERE doc_id = ?", (doc_id,))[0]
        self._execute("UPDATE document_sources SET doc_id = ? WHERE doc_id = ?", (to, doc_id))
        self._delete_document(doc_id)
        self._insert_source(to, doc_id, url, origin, published, title)

    def _delete_document(self, doc_id: str) -> None:
        """Remove a document, its extraction and its further sources (their text was this one's)."""
        self._delete_extraction(doc_id, reset=False)
        for table in ("comments", "document_sources", "documents"):
            self._execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))

    def _canonical(self, doc_id: str) -> Optional[str]:
        row = self._one(
            "SELECT doc_id FROM documents WHERE doc_id = ? "
            "UNION ALL SELECT doc_id FROM document_sources WHERE source_id = ?", (doc_id, doc_id))
        return row[0] if row else None

    def get_article(self, doc_id: str) -> Optional[Article]:
        """The document with this id, or the document this id is a further source of."""
        canonical = self._canonical(doc_id)
        if canonical is None:
            return None
        return next(self._articles(canonical, canonical, limit=1), None)

    def articles(self) -> Iterator[Article]:
        """Every document, ordered by doc_id (fetched in batches, so writes may interleave)."""
        last: Optional[str] = None
        while True:
            batch = list(self._articles(last, None, limit=ARTICLE_BATCH))
            yield from batch
            if len(batch) < ARTICLE_BATCH:
                return
            last = batch[-1].doc_id

    def _articles(self, after: Optional[str], exactly: Optional[str], *, limit: int) -> Iterator[Article]:
        if exactly is not None:
            where, params = "doc_id = ?", [exactly]
        else:
            where, params = ("doc_id > ?", [after]) if after is not None else ("1 = 1", [])
        docs = self._rows(f"SELECT doc_id, body, content_hash, article FROM documents WHERE {where} "
                          f"ORDER BY doc_id LIMIT {int(limit)}", params)
        if not docs:
            return
        comments: dict[str, list[tuple]] = {}
        for doc_id, *rest in self._rows(
                "SELECT doc_id, author, timestamp, timestamp_text, text FROM comments "
                "WHERE doc_id >= ? AND doc_id <= ? ORDER BY doc_id, n", (docs[0][0], docs[-1][0])):
            comments.setdefault(doc_id, []).append(tuple(rest))
        for doc_id, body, digest, data in docs:
            yield R.build_article(body, digest, data, comments.get(doc_id, []))

    def document_metadata(self) -> dict[str, dict[str, Optional[str]]]:
        """doc_id -> url, published, content_hash and source of every document: what fusion reads
        of them, without loading and rebuilding every text."""
        return {doc_id: {"url": url, "published": published, "content_hash": digest, "source": source}
                for doc_id, url, published, digest, source in self._rows(
                    "SELECT doc_id, url, published, content_hash, source FROM documents ORDER BY doc_id")}

    def document_sources(self, doc_id: str) -> list[dict]:
        """The document itself, then every further source of the same text."""
        canonical = self._canonical(doc_id)
        if canonical is None:
            return []
        found = self._rows(
            "SELECT doc_id, url, origin, published, 0 FROM documents WHERE doc_id = ? UNION ALL "
            "SELECT source_id, url, origin, published, 1 FROM document_sources WHERE doc_id = ? "
            "ORDER BY 5, 1", (canonical, canonical))
        return [{"doc_id": d, "url": u, "origin": o, "published": p} for d, u, o, p, _ in found]

    def coder_of(self, doc_id: str) -> Optional[str]:
        """The coder that extracted this document (or the one this id is a further source of);
        None when it was not extracted or is unknown."""
        canonical = self._canonical(doc_id)
        row = self._one("SELECT coder FROM documents WHERE doc_id = ?", (canonical,)) if canonical else None
        return row[0] if row else None

    def extracted_hashes(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """doc_id -> the content hash of the document with that id (or the one it is a further source
        of), for those that were extracted.  One query for many ids: ingest asks it of every input
        document to skip the unchanged ones, and a query costs far more than a lookup in it."""
        if not doc_ids:
            return {}
        marks = ", ".join("?" * len(doc_ids))
        rows = self._rows(
            f"SELECT doc_id, content_hash, coder, 0 FROM documents WHERE doc_id IN ({marks}) UNION ALL "
            "SELECT s.source_id, d.content_hash, d.coder, 1 FROM document_sources s JOIN documents d "
            f"ON d.doc_id = s.doc_id WHERE s.source_id IN ({marks})", [*doc_ids, *doc_ids])
        found: dict[str, str] = {}
        for doc_id, digest, coder, _ in sorted(rows, key=lambda r: r[3]):
            if coder:
                found.setdefault(doc_id, digest)
        return found

    # -- extraction ----------------------------------------------------------------------
    def add_new_extracted(self, batch: Sequence[tuple[Article, str, list[Event], list[Claim], Optional[str]]]
                          ) -> list[bool]:
        """Store each new document of ``batch`` (article, coder, events, claims, skipped) with its
        extraction, all in one transaction and a few bulk statements; True for those stored.

        A document is new when neither its doc_id nor its text is in the store or elsewhere in the
        batch; for it ``add_article`` then ``save_extraction`` would write exactly these rows,
        one statement at a time (about 1 ms each, most of ingest's own time).  The others
        (False) are left for the caller to store one by one, as is the whole batch when another
        writer wins a race (nothing of it is then written).
        """
        digests = [R.article_hash(article) for article, *_ in batch]
        ids = [article.doc_id for article, *_ in batch]
        known = self._known(ids, digests)
        counts = collections.Counter(ids) + collections.Counter(digests)
        new = [counts[i] == 1 and counts[d] == 1 and i not in known and d not in known for i, d in zip(ids, digests)]
        chosen = [(entry, digest) for entry, digest, fresh in zip(batch, digests, new) if fresh]
        if not chosen:
            return new
        try:
            with self._transaction(f"storing {len(chosen)} documents"):
                self._insert_new(chosen)
        except StoreError as exc:
            if not isinstance(exc.__cause__, self.conflict_errors):
                raise
            return [False] * len(batch)
        return new

    def _known(self, ids: Sequence[str], digests: Sequence[str]) -> set[str]:
        """Which of these doc_ids (as documents or further sources) and content hashes are stored."""
        marks = ", ".join("?" * len(ids))
        return {r[0] for r in self._rows(
            f"SELECT doc_id FROM documents WHERE doc_id IN ({marks}) UNION ALL "
            f"SELECT source_id FROM document_sources WHERE source_id IN ({marks}) UNION ALL "
            f"SELECT content_hash FROM documents WHERE content_hash IN ({marks})", [*ids, *ids, *digests])}

    def _insert_new(self, chosen: list[tuple[tuple, str]]) -> None:
        """The rows of new documents and their extractions, one statement per table."""
        now = self._now()
        documents, comments, events, claims = [], [], [], []
        for (article, coder, found, found_claims, skipped), digest in chosen:
            row = R.document_row(article, digest)
            documents.append((*row[:11], coder, skipped, row[11], now, now, now))
            comments += R.comment_rows(article, article.doc_id)
            events += found
            claims += found_claims
        self._insert_many("documents", (*R.DOCUMENT_COLUMNS[:11], "coder", "skipped", R.DOCUMENT_COLUMNS[11],
                                        "added_at", "updated_at", "extracted_at"), documents)
        self._insert_many("comments", R.COMMENT_COLUMNS, comments)
        self._insert_events(events, claims)

    def _insert_events(self, events: list[Event], claims: list[Claim]) -> None:
        self._insert_many("events", R.EVENT_COLUMNS, [R.event_row(e) for e in events])
        self._insert_many("arguments", R.ARGUMENT_COLUMNS, [r for e in events for r in R.argument_rows(e)])
        self._insert_many("links", R.LINK_COLUMNS,
                          [r for e in events for r in R.answer_rows(e.event_id, e.answers, "mention")])
        self._insert_many("claims", R.CLAIM_COLUMNS, [R.claim_row(c) for c in claims])

    def save_extraction(self, doc_id: str, *, coder: str, events: list[Event], claims: list[Claim],
                        skipped: Optional[str] = None) -> None:
        """Replace a document's events, arguments, claims and within-document links at once.

        The extraction of a further source is not stored (nothing happens): its text is stored,
        and extracted, under the document it duplicates, whose offsets may differ by white space.
        """
        with self._transaction(f"saving the extraction of {doc_id}"):
            row = self._one("SELECT extracted_at FROM documents WHERE doc_id = ?", (doc_id,))
            if row is None and self._canonical(doc_id) is not None:
                return
            if row is None:
                raise StoreError(f"document {doc_id} is not in {self.where}; add the article first")
            if row[0] is not None:  # only an extracted document has rows to replace
                self._delete_extraction(doc_id, reset=False)
            self._insert_events(events, claims)
            self._execute("UPDATE documents SET coder = ?, skipped = ?, extracted_at = ? WHERE doc_id = ?",
                          (coder, skipped, self._now(), doc_id))

    def _delete_extraction(self, doc_id: str, *, reset: bool = True) -> None:
        """Delete a document's events, arguments, links and claims (and its coder when ``reset``)."""
        mentions = "SELECT event_id FROM events WHERE doc_id = ?"
        self._execute(f"DELETE FROM links WHERE level = 'mention' AND (from_id IN ({mentions}) "
                      f"OR to_id IN ({mentions}))", (doc_id, doc_id))
        self._execute(f"DELETE FROM arguments WHERE event_id IN ({mentions})", (doc_id,))
        self._execute("DELETE FROM events WHERE doc_id = ?", (doc_id,))
        self._execute("DELETE FROM claims WHERE doc_id = ?", (doc_id,))
        if reset:
            self._execute("UPDATE documents SET coder = NULL, skipped = NULL, extracted_at = NULL "
                          "WHERE doc_id = ?", (doc_id,))

    def record_failure(self, failure: Failure) -> None:
        """Record a failure once: the same source, stage, code and reason give one row."""
        with self._transaction(f"recording a failure of {failure.source}"):
            self._execute(
                "INSERT INTO failures (source, stage, code, reason, doc_id, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (failure.source, failure.stage, failure.code, failure.reason, failure.doc_id, self._now()))

    def failures(self) -> list[Failure]:
        """Every recorded failure, ordered by source, stage, code and reason."""
        return [Failure(source=s, stage=st, code=c, reason=r, doc_id=d) for s, st, c, r, d in self._rows(
            "SELECT source, stage, code, reason, doc_id FROM failures ORDER BY source, stage, code, reason")]

    # -- events --------------------------------------------------------------------------
    @staticmethod
    def _filters(types: Optional[Sequence[str]], since: Optional[dt.date],
                 until: Optional[dt.date]) -> tuple[list[str], list[Any]]:
        """WHERE terms: types, and a date interval that overlaps [since, until]."""
        where: list[str] = []
        params: list[Any] = []
        if types is not None:
            where.append(f"type IN ({', '.join('?' * len(types))})" if types else "1 = 0")
            params += list(types)
        if since is not None:
            where.append("date_end >= ?")
            params.append(since)
        if until is not None:
            where.append("date_start <= ?")
            params.append(until)
        return where, params

    def mention_events(self, *, doc_id: Optional[str] = None, types: Optional[Sequence[str]] = None,
                       since: Optional[dt.date] = None, until: Optional[dt.date] = None) -> list[Event]:
        """Per-document events; ``since``/``until`` keep dated events whose dates overlap the interval.

        Ordered by date start (undated last), doc_id and event_id.
        """
        where, params = self._filters(types, since, until)
        if doc_id is not None:
            where.append("doc_id = ?")
            params.append(doc_id)
        clause = " AND ".join(where) or "1 = 1"
        return [Event.from_dict(R.loads(j)) for (j,) in self._rows(
            f"SELECT json FROM events WHERE {clause} "
            "ORDER BY date_start ASC NULLS LAST, doc_id, event_id", params)]

    def get_event(self, event_id: str) -> Optional[Event]:
        """A mention event by event_id, else a fused event by cluster_id."""
        row = self._one("SELECT json, 0 FROM events WHERE event_id = ? UNION ALL "
                        "SELECT json, 1 FROM clusters WHERE cluster_id = ? ORDER BY 2", (event_id, event_id))
        return Event.from_dict(R.loads(row[0])) if row else None

    def save_clusters(self, fused: list[Event]) -> None:
        """Replace the whole fused view: clusters, their members and cluster-level links."""
        missing = [e.event_id for e in fused if not e.cluster_id]
        if missing:
            raise StoreError(f"fused event {missing[0]} has no cluster_id; only fused events are clusters")
        with self._transaction("saving clusters"):
            for table in ("cluster_members", "clusters"):
                self._execute(f"DELETE FROM {table}")
            self._execute("DELETE FROM links WHERE level = 'cluster'")
            self._insert_many("clusters", R.CLUSTER_COLUMNS, [R.cluster_row(e) for e in fused])
            members = {(e.cluster_id, s["event_id"]): None for e in fused for s in e.sources if s.get("event_id")}
            self._insert_many("cluster_members", ("cluster_id", "event_id"), list(members))
            self._insert_many("links", R.LINK_COLUMNS,
                              [r for e in fused for r in R.answer_rows(str(e.cluster_id), e.answers, "cluster")])

    def fused_events(self, *, types: Optional[Sequence[str]] = None, since: Optional[dt.date] = None,
                     until: Optional[dt.date] = None) -> list[Event]:
        """Fused events, filtered like ``mention_events``, ordered by date start and cluster_id."""
        where, params = self._filters(types, since, until)
        clause = " AND ".join(where) or "1 = 1"
        return [Event.from_dict(R.loads(j)) for (j,) in self._rows(
            f"SELECT json FROM clusters WHERE {clause} ORDER BY date_start ASC NULLS LAST, cluster_id", params)]

    def claims(self) -> list[Claim]:
        """Every count claim, ordered by doc_id and position in the text."""
        return [Claim.from_dict(R.loads(j)) for (j,) in self._rows(
            'SELECT json FROM claims ORDER BY doc_id, start, claim_id')]

    # -- health --------------------------------------------------------------------------
    def check(self) -> list[str]:
        """Consistency problems, one line each; [] when the store is sound."""
        with self._lock:
            return problems(self)

    def stats(self) -> dict:
        """Row counts.  ``sources`` counts every doc_id read: documents plus further sources."""
        counts = {}
        for key, table in (("documents", "documents"), ("further_sources", "document_sources"),
                           ("events", "events"), ("clusters", "clusters"), ("claims", "claims"),
                           ("failures", "failures"), ("links", "links")):
            counts[key] = int(self._rows(f"SELECT count(*) FROM {table}")[0][0])
        counts["sources"] = counts["documents"] + counts["further_sources"]
        return counts
