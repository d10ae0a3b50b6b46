"""Fixtures for the ingest tests: one IngestTools (language model) for the whole session."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def tools():
    from titfortat.ingest import IngestTools

    return IngestTools.create()
