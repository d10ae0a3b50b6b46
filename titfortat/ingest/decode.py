"""Bytes to text: BOMs, UTF-16 without BOM, UTF-8, then charset-normalizer; binary is refused."""
from __future__ import annotations

import codecs

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"%PDF", "a PDF file"), (b"PK\x03\x04", "a ZIP archive (docx/xlsx/zip)"), (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"), (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "gzip data without a .gz name"), (b"BZh", "bzip2 data"), (b"\xfd7zXZ", "xz data"),
)
# Share of control characters above which decoded "text" is really binary data.
_MAX_CONTROL_SHARE = 0.05


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on one parity, as ASCII-range UTF-16 text does."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / max(1, len(odd))
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v" or ch == "\ufffd")
    return bad / len(sample)


def _guess(data: bytes) -> str:
    """Decode with the first encoding that fits; raise InputError('binary'|'encoding')."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace")
    head = data[:65536]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise InputError(f"binary file ({what}), not text", code="binary")
    if b"\x00" in head:
        wide = _utf16_without_bom(head)
        if wide is None:
            raise InputError("binary file (contains NUL bytes), not text", code="binary")
        return data.decode(wide, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        raise InputError("not valid UTF-8 and no other text encoding fits; re-save it as UTF-8",
                         code="encoding")
    return data.decode(best.encoding, errors="replace")


def decode_bytes(data: bytes) -> str:
    """Text of ``data`` with universal newlines; raises InputError (code empty/binary/encoding)."""
    if not data.strip():
        raise InputError("empty file", code="empty")
    text = _guess(data)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise InputError("binary or garbled content (too many control characters), not text",
                         code="binary")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("empty file (only white space)", code="empty")
    return text
