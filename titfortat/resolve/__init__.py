"""Resolve stage: actors to the actor dictionary, places to the gazetteer, dates to intervals.

Load an :class:`ActorDirectory` and a :class:`Gazetteer` once and pass them around; both read
the shipped data files and the user's files of the same name (``user_dir``).
"""
from __future__ import annotations

from .actors import ActorDirectory, ActorEntry
from .dates import find_date_expressions, resolve_date
from .gazetteer import Gazetteer

__all__ = ["ActorDirectory", "ActorEntry", "Gazetteer", "find_date_expressions", "resolve_date"]
