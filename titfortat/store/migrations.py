"""Named schema migrations, applied in order and recorded in ``schema_migrations``.

A migration is written once with type placeholders (``{json}``, ``{float}``, ``{ts}``, ``{key}``)
that each dialect fills in, so DuckDB and PostgreSQL get the same tables.  ``{key}`` is text
that sorts by code point on both backends (PostgreSQL's default collation follows the server
locale), so "ordered by doc_id" means the same order everywhere.  A migration is never edited
after release: a change to the schema is a new migration appended to ``MIGRATIONS``.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Migration:
    """One schema change: ``statements`` are run in order in one transaction.

    ``overrides`` maps a dialect name to statements that replace ``statements`` for that
    dialect, for the rare change that cannot be written portably.
    """

    name: str
    statements: tuple[str, ...]
    overrides: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def sql(self, dialect: str, types: dict[str, str]) -> list[str]:
        """The statements for ``dialect`` with its column types filled in."""
        return [s.format(**types) for s in self.overrides.get(dialect, self.statements)]


BOOTSTRAP = "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at {ts} NOT NULL)"

# ``doc_id`` is the source's own id; ``article`` holds Article.to_dict() without body and
# comments, which have their own columns/table so that they are stored once.
_INITIAL = (
    """CREATE TABLE documents (
        doc_id {key} PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL,
        title TEXT, url TEXT, source TEXT, origin TEXT, format TEXT,
        published TEXT, reference_date DATE, language TEXT,
        coder TEXT, skipped TEXT,
        article {json} NOT NULL,
        added_at {ts} NOT NULL, updated_at {ts} NOT NULL, extracted_at {ts})""",
    # A further source: another doc_id whose text has the same content hash as ``doc_id``.
    """CREATE TABLE document_sources (
        source_id {key} PRIMARY KEY,
        doc_id {key} NOT NULL,
        url TEXT, origin TEXT, published TEXT, title TEXT,
        added_at {ts} NOT NULL)""",
    "CREATE INDEX document_sources_doc ON document_sources (doc_id)",
    """CREATE TABLE comments (
        doc_id {key} NOT NULL, n INTEGER NOT NULL,
        author TEXT, timestamp TEXT, timestamp_text TEXT, text TEXT NOT NULL,
        PRIMARY KEY (doc_id, n))""",
    """CREATE TABLE events (
        event_id {key} PRIMARY KEY, doc_id {key} NOT NULL, coder TEXT,
        type TEXT NOT NULL, mode TEXT, stage TEXT, modality TEXT,
        date_start DATE, date_end DATE, country TEXT, lat {float}, lon {float},
        killed_best INTEGER, injured_best INTEGER, confidence {float},
        json {json} NOT NULL)""",
    "CREATE INDEX events_doc ON events (doc_id)",
    "CREATE INDEX events_date ON events (date_start)",
    # One row per argument span, for queries by actor/recipient; the event JSON is the truth.
    """CREATE TABLE arguments (
        event_id {key} NOT NULL, role TEXT NOT NULL, n INTEGER NOT NULL,
        text TEXT, name TEXT, kind TEXT, country TEXT, sector TEXT,
        start INTEGER, "end" INTEGER,
        PRIMARY KEY (event_id, role, n))""",
    """CREATE TABLE failures (
        source {key} NOT NULL, stage {key} NOT NULL, code {key} NOT NULL, reason {key} NOT NULL,
        doc_id {key}, recorded_at {ts} NOT NULL,
        PRIMARY KEY (source, stage, code, reason))""",
)

_CLAIMS_AND_LINKS = (
    """CREATE TABLE claims (
        claim_id {key} PRIMARY KEY, doc_id {key} NOT NULL, value INTEGER,
        start INTEGER, "end" INTEGER, json {json} NOT NULL)""",
    "CREATE INDEX claims_doc ON claims (doc_id)",
    # level 'mention': event_id -> event_id inside one document; 'cluster': cluster -> cluster.
    """CREATE TABLE links (
        from_id {key} NOT NULL, to_id {key} NOT NULL, level TEXT NOT NULL, kind TEXT NOT NULL,
        PRIMARY KEY (from_id, to_id, level, kind))""",
    """CREATE TABLE clusters (
        cluster_id {key} PRIMARY KEY, type TEXT NOT NULL, mode TEXT,
        date_start DATE, date_end DATE, country TEXT, lat {float}, lon {float},
        killed_best INTEGER, injured_best INTEGER, n_sources INTEGER NOT NULL,
        json {json} NOT NULL)""",
    "CREATE INDEX clusters_date ON clusters (date_start)",
    """CREATE TABLE cluster_members (
        cluster_id {key} NOT NULL, event_id {key} NOT NULL,
        PRIMARY KEY (cluster_id, event_id))""",
    "CREATE INDEX cluster_members_event ON cluster_members (event_id)",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _INITIAL),
    Migration("0002_claims_and_links", _CLAIMS_AND_LINKS),
)
