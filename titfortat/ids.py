"""Deterministic ids: content hashes, never counters or clocks."""
from __future__ import annotations

import hashlib
import unicodedata


def stable_hash(*parts: object, length: int = 16) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(str(part).encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:length]


def content_hash(text: str) -> str:
    """Hash of a document's text after Unicode and white-space normalisation."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]
