"""Bytes -> text: UTF-8 first, then a detected legacy encoding, else a clear refusal."""
from __future__ import annotations

import codecs
import re

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


_SURROGATE = re.compile("[\ud800-\udfff]")
_LEADING_SPACE = b" \t\r\n\f\v" + codecs.BOM_UTF8


def scrub_surrogates(text: str) -> str:
    """Lone UTF-16 surrogates (a JSON escape such as "\\ud800" decodes to one) cannot be stored or
    encoded as UTF-8: each becomes U+FFFD, as a strict decoder does with any broken sequence."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def display_path(path: str) -> str:
    """A path as printable, storable text: bytes of a file name that are not UTF-8 (held by Python as
    surrogate escapes) are shown as ``\\xff``."""
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def utf16_without_bom(data: bytes) -> str | None:
    """The byte order of UTF-16 text written without a BOM, from where its NUL bytes sit: Latin-script
    text has a NUL as every second byte (the high byte), a binary file has NULs anywhere."""
    head = data[:8192]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    zero_even, zero_odd = even.count(0), odd.count(0)
    half = len(head) // 2
    if zero_odd >= 0.3 * half and zero_even <= 0.02 * half:
        return "utf_16_le"
    if zero_even >= 0.3 * half and zero_odd <= 0.02 * half:
        return "utf_16_be"
    return None


def sniff_binary(data: bytes) -> None:
    """Raise for empty input and for formats that are not text."""
    if not data.strip():
        raise EmptyInput("empty file", "nothing to ingest; remove the file or fill it")
    stripped = data.lstrip(_LEADING_SPACE)  # "\n%PDF-1.4" is still a PDF
    for magic, what, hint in _MAGIC:
        if data.startswith(magic) or stripped.startswith(magic):
            raise UnsupportedFormat(f"{what}, not a text article", hint)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    head = data[:8192]
    if b"\x00" in head and utf16_without_bom(data) is None:
        raise UnsupportedFormat("binary file (contains NUL bytes)",
                                "coopgraph reads text, HTML, JSONL, RSS/Atom and WARC only")


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``. UTF-8 (with or without BOM) wins; otherwise the best legacy
    candidate from charset-normalizer, if it is one we accept; otherwise DecodeFailure."""
    sniff_binary(data)
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    has_bom = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    bomless = utf16_without_bom(data) if not has_bom and b"\x00" in data[:8192] else None
    if bomless is not None:
        try:
            text = data[: len(data) - len(data) % 2].decode(bomless)
        except UnicodeDecodeError as exc:
            raise DecodeFailure(f"looks like UTF-16 without a byte order mark but is not valid {bomless}",
                                "re-save the file as UTF-8") from exc
        if _control_chars(text) > max(3, len(text) // 200):
            raise UnsupportedFormat("binary file (contains NUL bytes)",
                                    "coopgraph reads text, HTML, JSONL, RSS/Atom and WARC only")
        return scrub_surrogates(text), bomless
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
    if _control_chars(text) > max(3, len(text) // 200):
        raise DecodeFailure(f"decoded as {encoding} but the result is not text",
                            "check that the file is really a text article")
    return scrub_surrogates(text), encoding


def _control_chars(text: str) -> int:
    return sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
