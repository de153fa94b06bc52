"""``_normalize_span`` skips the _NORMALIZE scan of a span that is printable, holds no two spaces in a row and no
quote look-alike: such a span has nothing to normalize. Checked on every code point (each character a match can
start with is a space, a non-printable character or a look-alike) and against the scan of every span (``scan_all``)."""
from __future__ import annotations

import random
import re

from coopgraph import clean as C
from coopgraph.resources import sample_corpus_path


def test_every_character_a_match_starts_with_is_a_space_unprintable_or_a_lookalike() -> None:
    starters = [chr(c) for c in range(0x110000) if C._NORMALIZE.match(chr(c) * 3)]
    assert " " in starters and "\n" in starters and "\u00ad" in starters and "″" in starters
    for ch in starters:
        assert ch == " " or not ch.isprintable() or C._QUOTE_LOOKALIKE.match(ch), hex(ord(ch))


def _cases() -> list[tuple[str, int, int]]:
    rnd = random.Random(3)
    out = []
    for path in sorted(sample_corpus_path().iterdir()):
        text = path.read_text(encoding="utf-8")
        out.append((text, 0, len(text)))
        pos = 0
        for piece in text.split("\n"):
            out.append((text, pos, pos + len(piece)))
            pos += len(piece) + 1
    alphabet = ["a", "b", "ä", " ", " ", " ", "\n", "\t", "\r", "\xa0", "\u2009", "\u3000", "\u00ad", "\u200b",
                "\ufeff", "″", "＂", "〝", "„", "“", '"', ".", "\x1f", "\x85", "\u2028"]
    for _ in range(20000):
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        a = rnd.randint(0, len(s))
        out.append((s, a, rnd.randint(a, len(s))))
    return out


def test_normalize_span_is_the_plain_scan() -> None:
    skipped = 0
    cases = _cases()
    for raw, start, end in cases:
        out1: list[str] = []
        segs1: list[tuple[int, int, int]] = []
        out2: list[str] = []
        segs2: list[tuple[int, int, int]] = []
        p1 = C._normalize_span(raw, start, end, 7, out1, segs1)
        p2 = C._normalize_span(raw, start, end, 7, out2, segs2, scan_all=True)
        assert (p1, out1, segs1) == (p2, out2, segs2), (raw, start, end)
        span = raw[start:end]
        skipped += span.isprintable() and "  " not in span and not re.search("[″＂〃‟〝〞]", span)
    assert 1000 < skipped < len(cases) - 1000  # the shortcut is taken, and not always


def _dedupe_key_by_substitution(text: str) -> str:
    """The plain form _dedupe_key replaces: every non-word run a space, stripped."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def test_dedupe_key_matches_the_substitution() -> None:
    rnd = random.Random(5)
    texts = [path.read_text(encoding="utf-8") for path in sorted(sample_corpus_path().iterdir())]
    texts += [p for t in texts for p in t.split("\n")]
    texts += ["", " ", "  a  ", "!!", "_", " _x_ ", "İstanbul  X", "x\u0307y", "ﬁ ẞ Ǆ", "١٢٣ abc", "\u3000a\u2009b\xa0"]
    for start in range(0, 0x110000, 97):  # every code point, in runs, between words and at both ends
        run = "".join(chr(c) for c in range(start, min(start + 97, 0x110000)) if not 0xD800 <= c <= 0xDFFF)
        texts += [run, f"Ab {run} cd", run[::-1] + "x"]
    alphabet = ["a", "Ä", "İ", "ß", "_", "1", " ", "  ", "\n", "\t", "\xa0", "\u3000", "\u0307", "-", ".", "„", "“"]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(3000)]
    for text in texts:
        assert C._dedupe_key(text) == _dedupe_key_by_substitution(text), repr(text)
