"""Data files shipped in ``titfortat/data`` (read with importlib.resources), hashed for the coder id."""
from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import DataFileError


def data_text(name: str) -> str:
    return resources.files("titfortat").joinpath("data", name).read_text(encoding="utf-8")


def load_yaml(name: str, *, user_dir: str | None = None) -> Any:
    """Load a shipped YAML data file; a file of the same name in ``user_dir`` extends it.

    Lists are concatenated and mappings updated, so a user's file adds entries.
    """
    try:
        data = yaml.safe_load(data_text(name))
    except yaml.YAMLError as exc:  # pragma: no cover - shipped files are tested
        raise DataFileError(f"data file {name} is not valid YAML: {exc}") from exc
    if user_dir:
        path = Path(user_dir) / name
        if path.exists():
            try:
                extra = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                raise DataFileError(f"{path} is not valid YAML: {exc}; fix the file or remove it") from exc
            data = merge(data, extra)
    return data


def merge(base: Any, extra: Any) -> Any:
    if isinstance(base, list) and isinstance(extra, list):
        return base + extra
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge(out[key], value) if key in out else value
        return out
    return extra if extra is not None else base


def data_hash(*names: str, user_dir: str | None = None) -> str:
    """A short hash over the named data files (and the user's overrides) for the coder string."""
    digest = hashlib.sha256()
    for name in names:
        digest.update(data_text(name).encode("utf-8"))
        if user_dir and (Path(user_dir) / name).exists():
            digest.update((Path(user_dir) / name).read_bytes())
    return digest.hexdigest()[:4]
