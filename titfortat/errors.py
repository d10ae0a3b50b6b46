"""Typed, coded, actionable errors.  Library code raises these; only the CLI prints."""
from __future__ import annotations


class TitfortatError(Exception):
    """Base class: ``code`` is stable (for logs and the failures table), the message says the fix."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class UsageError(TitfortatError):
    code = "E001"


class InputError(TitfortatError):
    """A document that cannot be read; recorded as skipped, never fatal for a batch."""

    code = "E100"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        if code:
            self.code = code
        super().__init__(message)


class StoreError(TitfortatError):
    code = "E200"


class ModelError(TitfortatError):
    code = "E300"


class DataFileError(TitfortatError):
    code = "E400"
