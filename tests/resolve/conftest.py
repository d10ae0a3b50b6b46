"""Fixtures for the resolve tests: the real directory and gazetteer, loaded once per session."""
from __future__ import annotations

import pytest

from titfortat.resolve import ActorDirectory, Gazetteer


@pytest.fixture(scope="session")
def directory() -> ActorDirectory:
    return ActorDirectory.load()


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()
