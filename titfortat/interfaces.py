"""Small interfaces the extractor sees of the resolvers, so that stage packages never import
each other: the pipeline passes in the real implementations from ``titfortat.resolve``."""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional, Protocol

from .model import DateSpan, Place


class ActorResolver(Protocol):
    def resolve(self, text: str, *, on: Optional[dt.date] = None) -> Optional[tuple[Any, str]]: ...
    def describe(self, text: str) -> dict: ...
    def nationality(self, word: str) -> Optional[str]: ...


class PlaceResolver(Protocol):
    def resolve(self, text: str, *, country_hint: Optional[str] = None) -> Optional[Place]: ...
    def find_country(self, text: str) -> Optional[str]: ...
    def country_point(self, iso3: str) -> Optional[tuple[float, float]]: ...


class DateResolver(Protocol):
    def __call__(self, text: str, *, reference: Optional[dt.date], tense: str = "past") -> Optional[DateSpan]: ...
