"""Bytes -> text: UTF-8 first, then a detected legacy encoding, else a clear refusal."""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ..errors import DecodeFailure, EmptyInput, UnsupportedFormat

# Magic numbers of formats we do not read, with the hint for each.
_MAGIC: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "a PDF document", "convert it to text first, e.g. `pdftotext file.pdf`"),
    (b"PK\x03\x04", "a ZIP/Office archive", "unpack it and ingest the text or HTML files inside"),
    (b"\x1f\x8b", "a gzip archive", "gunzip it first (WARC files may stay compressed as .warc.gz)"),
    (b"\x89PNG", "a PNG image", "coopgraph reads text, HTML, JSONL, RSS/Atom and WARC only"),
    (b"\xff\xd8\xff", "a JPEG image", "coopgraph reads text, HTML, JSONL, RSS/Atom and WARC only"),
    (b"GIF8", "a GIF image", "coopgraph reads text, HTML, JSONL, RSS/Atom and WARC only"),
    (b"\x7fELF", "an executable", "coopgraph reads text, HTML, JSONL, RSS/Atom and WARC only"),
]

# Legacy encodings we accept when UTF-8 fails. Anything else is refused rather than guessed.
LEGACY_OK = {
    "cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "iso8859_5", "iso8859_2", "cp1250",
    "mac_cyrillic", "utf_16", "utf_16_le", "utf_16_be", "cp1257", "iso8859_13",
}

_WESTERN = ("cp1252", "latin_1", "iso8859_15")


def sniff_binary(data: bytes) -> None:
    """Raise for empty input and for formats that are not text."""
    if not data.strip():
        raise EmptyInput("empty file", "nothing to ingest; remove the file or fill it")
    for magic, what, hint in _MAGIC:
        if data.startswith(magic):
            raise UnsupportedFormat(f"{what}, not a text article", hint)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    head = data[:8192]
    if b"\x00" in head:
        raise UnsupportedFormat("binary file (contains NUL bytes)",
                                "coopgraph reads text, HTML, JSONL, RSS/Atom and WARC only")


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``. UTF-8 (with or without BOM) wins; otherwise the best legacy
    candidate from charset-normalizer, if it is one we accept; otherwise DecodeFailure."""
    sniff_binary(data)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    best = from_bytes(data, cp_isolation=sorted(LEGACY_OK)).best()
    if best is None or best.encoding not in LEGACY_OK:
        raise DecodeFailure(
            f"not valid UTF-8 (byte {utf8_error.start}) and no supported legacy encoding fits",
            "re-save the file as UTF-8 (e.g. `iconv -f cp1251 -t utf-8`)",
        )
    text = str(best)
    # Several code pages often decode a German text identically (cp1250, cp1252, latin-1, ...):
    # then name the Western one the file most likely used rather than the first candidate.
    encoding = next((e for e in _WESTERN if e in best.could_be_from_charset), best.encoding)
    # A legacy decode that produces control characters is garbage, not text.
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if bad > max(3, len(text) // 200):
        raise DecodeFailure(f"decoded as {encoding} but the result is not text",
                            "check that the file is really a text article")
    return text, encoding
