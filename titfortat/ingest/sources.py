"""Where documents come from: paths, folders, globs and stdin, expanded in a fixed order, read
with bounded memory and sent to the reader for their format."""
from __future__ import annotations

import errno
import glob
import gzip
import io
import os
import re
import zlib
from typing import BinaryIO, Iterator, Optional, Union

from ..model import Failure

KINDS = {
    ".txt": "text", ".text": "text", "": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
_GLOB = re.compile(r"[*?\[]")
_FEED = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.I)
GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


def failure(source: str, code: str, reason: str) -> Failure:
    return Failure(source=source, stage="ingest", code=code, reason=reason)


def kind_of(path: str) -> tuple[Optional[str], bool]:
    """(format, gzipped) from the file name; format None for an unknown extension."""
    name = os.path.basename(path)
    gz = name.lower().endswith(".gz")
    if gz:
        name = name[:-3]
    suffix = os.path.splitext(name)[1].lower()
    if suffix and not re.fullmatch(r"\.[a-z][a-z0-9]{0,5}", suffix):
        suffix = ""  # "report.2020" or "v1.0": a dot that is not an extension
    return KINDS.get(suffix), gz


def sniff(data: bytes) -> str:
    """Format of unnamed bytes (stdin, unknown extension): feed, html, jsonl or text."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "feed" if _FEED.search(head) else "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"


def os_failure(path: str, exc: OSError) -> Failure:
    if exc.errno == errno.ELOOP:
        return failure(path, "symlink-loop", "symbolic link loop; the link points back to itself")
    if exc.errno == errno.ENOENT:
        return failure(path, "not-found", "no such file (or a broken link)")
    return failure(path, "unreadable", f"cannot read: {exc.strerror or exc}")


def _walk(root: str) -> Iterator[Union[str, Failure]]:
    """Files under ``root`` in sorted order, following links but never into a folder twice."""
    seen: set[tuple[int, int]] = set()
    try:
        stat = os.stat(root)
    except OSError as exc:
        yield os_failure(root, exc)
        return
    seen.add((stat.st_dev, stat.st_ino))
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        keep = []
        for name in sorted(dirnames):
            full = os.path.join(dirpath, name)
            if name.startswith("."):
                continue
            try:
                stat = os.stat(full)
            except OSError as exc:
                yield os_failure(full, exc)
                continue
            if (stat.st_dev, stat.st_ino) in seen:
                yield failure(full, "symlink-loop", "folder link leads back to a folder already read; skipped")
                continue
            seen.add((stat.st_dev, stat.st_ino))
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            if not name.startswith("."):
                yield os.path.join(dirpath, name)


def expand(spec: str) -> Iterator[Union[str, Failure]]:
    """Paths named by one command-line argument: a file, a folder, a glob or '-'."""
    if spec == "-" or os.path.isfile(spec):
        yield spec
    elif os.path.isdir(spec):
        yield from _walk(spec)
    elif os.path.islink(spec):
        try:
            os.stat(spec)
        except OSError as exc:
            yield os_failure(spec, exc)
    elif _GLOB.search(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield failure(spec, "not-found", "the pattern matches no file")
        for match in matches:
            yield from (_walk(match) if os.path.isdir(match) else [match])
    else:
        yield failure(spec, "not-found", "no such file or folder")


def open_stream(path: str, gz: bool) -> BinaryIO:
    return gzip.open(path, "rb") if gz else open(path, "rb")  # noqa: SIM115 - caller closes


def read_limited(path: str, *, gz: bool, limit: int) -> Union[bytes, Failure]:
    """At most ``limit`` bytes of the (decompressed) file, or a Failure saying why not."""
    try:
        if not gz and os.path.getsize(path) > limit:
            return failure(path, "too-large", f"file is over the {limit:,}-byte limit; skipped")
        with open_stream(path, gz) as stream:
            data = stream.read(limit + 1)
    except GZIP_ERRORS as exc:
        return failure(path, "bad-gzip", f"gzip data is truncated or corrupt ({exc})")
    except OSError as exc:
        return os_failure(path, exc)
    if len(data) > limit:
        return failure(path, "too-large", f"file is over the {limit:,}-byte limit after decompression; skipped")
    return data


def stdin_bytes(stdin: Optional[BinaryIO], *, limit: int) -> Union[bytes, Failure]:
    """Bytes given on standard input (gunzipped if they are gzip), bounded by ``limit``."""
    if stdin is None:
        return failure("-", "not-found", "'-' given but no standard input is available")
    data = stdin.read(limit + 1)
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.GzipFile(fileobj=io.BytesIO(data)).read(limit + 1)
        except GZIP_ERRORS as exc:
            return failure("-", "bad-gzip", f"gzip data on standard input is truncated or corrupt ({exc})")
    if len(data) > limit:
        return failure("-", "too-large", f"standard input is over the {limit:,}-byte limit; skipped")
    return data

