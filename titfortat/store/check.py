"""Consistency checks of a store: orphans, dangling links, spans that do not match the text."""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import rows as R
from .migrations import MIGRATIONS

if TYPE_CHECKING:
    from .base import Store

# (message, query returning the offending ids); every query must return two text columns.
ORPHANS = (
    ("event {0} points to missing document {1}",
     "SELECT event_id, doc_id FROM events e WHERE NOT EXISTS "
     "(SELECT 1 FROM documents d WHERE d.doc_id = e.doc_id)"),
    ("argument {1} of missing event {0}",
     "SELECT DISTINCT event_id, role FROM arguments a WHERE NOT EXISTS "
     "(SELECT 1 FROM events e WHERE e.event_id = a.event_id)"),
    ("claim {0} points to missing document {1}",
     "SELECT claim_id, doc_id FROM claims c WHERE NOT EXISTS "
     "(SELECT 1 FROM documents d WHERE d.doc_id = c.doc_id)"),
    ("further source {0} points to missing document {1}",
     "SELECT source_id, doc_id FROM document_sources s WHERE NOT EXISTS "
     "(SELECT 1 FROM documents d WHERE d.doc_id = s.doc_id)"),
    ("further source {0} is also a document (of {1})",
     "SELECT s.source_id, s.doc_id FROM document_sources s JOIN documents d ON d.doc_id = s.source_id"),
    ("comments of missing document {0} ({1} rows)",
     "SELECT doc_id, CAST(count(*) AS TEXT) FROM comments c WHERE NOT EXISTS "
     "(SELECT 1 FROM documents d WHERE d.doc_id = c.doc_id) GROUP BY doc_id"),
    ("cluster {0} lists missing member event {1}",
     "SELECT cluster_id, event_id FROM cluster_members m WHERE NOT EXISTS "
     "(SELECT 1 FROM events e WHERE e.event_id = m.event_id)"),
    ("member rows of missing cluster {0} (event {1})",
     "SELECT cluster_id, event_id FROM cluster_members m WHERE NOT EXISTS "
     "(SELECT 1 FROM clusters c WHERE c.cluster_id = m.cluster_id)"),
    ("mention link {0} -> {1} points to a missing event",
     "SELECT from_id, to_id FROM links l WHERE level = 'mention' AND ("
     "NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = l.from_id) OR "
     "NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = l.to_id))"),
    ("cluster link {0} -> {1} points to a missing cluster",
     "SELECT from_id, to_id FROM links l WHERE level = 'cluster' AND ("
     "NOT EXISTS (SELECT 1 FROM clusters c WHERE c.cluster_id = l.from_id) OR "
     "NOT EXISTS (SELECT 1 FROM clusters c WHERE c.cluster_id = l.to_id))"),
)


def problems(store: "Store") -> list[str]:
    """Every consistency problem of ``store``, one line each, in a deterministic order."""
    applied = set(store.applied_migrations())
    missing = [m.name for m in MIGRATIONS if m.name not in applied]
    if missing:  # later checks need the full schema
        return [f"migration {name} not applied" for name in missing]
    found: list[str] = []
    for message, query in ORPHANS:
        found += [message.format(a, b) for a, b in store._rows(query + " ORDER BY 1, 2")]
    found += _span_problems(store)
    return found


def _span_problems(store: "Store") -> list[str]:
    """Offsets of events and claims checked against their document's body, a batch at a time."""
    found: list[str] = []
    last: str | None = None
    while True:
        after, params = ("doc_id > ?", (last,)) if last is not None else ("1 = 1", ())
        docs = store._rows(f"SELECT doc_id, body FROM documents WHERE {after} ORDER BY doc_id LIMIT 200",
                           params)
        if not docs:
            return found
        bodies = dict(docs)
        window = (docs[0][0], docs[-1][0])
        for event_id, doc_id, data in store._rows(
                "SELECT event_id, doc_id, json FROM events WHERE doc_id >= ? AND doc_id <= ? "
                "ORDER BY doc_id, event_id", window):
            for label, text, start, end in R.event_spans(R.loads(data)):
                problem = R.span_problem(bodies[doc_id], text, start, end)
                if problem:
                    found.append(f"event {event_id} ({doc_id}) {label}: {problem}")
        for claim_id, doc_id, data in store._rows(
                "SELECT claim_id, doc_id, json FROM claims WHERE doc_id >= ? AND doc_id <= ? "
                "ORDER BY doc_id, claim_id", window):
            claim = R.loads(data)
            problem = R.span_problem(bodies[doc_id], claim.get("text"), claim.get("start"), claim.get("end"))
            if problem:
                found.append(f"claim {claim_id} ({doc_id}): {problem}")
        last = docs[-1][0]
