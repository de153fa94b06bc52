"""Issue 11 item 8: size limits hold per record while streaming - feed entries against
max_record_bytes, feed files against max_file_bytes, a JSONL line and stdin checked before they are
read whole - and the per-article limit is coopgraph's, with its own message."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from coopgraph.extract import nlp
from coopgraph.ingest import iter_documents
from coopgraph.ingest.readers import read_jsonl
from coopgraph.models import RawDoc, Reject
from coopgraph.pipeline import process
from coopgraph.settings import Settings

SENTENCE = ("Belarus und Usbekistan wollen die gemeinsame Montage von Traktoren in Taschkent ausbauen, "
            "teilte das Industrieministerium mit. ")


def rss(bodies: list[str]) -> str:
    items = "".join(f"<item><title>Nr {i}</title><guid>e{i}</guid><description><![CDATA[<p>{b}</p>]]>"
                    f"</description></item>" for i, b in enumerate(bodies))
    return f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>T</title>{items}</channel></rss>"


def split(items):  # type: ignore[no-untyped-def]
    items = list(items)
    return [i for i in items if isinstance(i, RawDoc)], [i for i in items if isinstance(i, Reject)]


class CountingStream(io.BytesIO):
    """A byte stream that remembers the largest piece any read returned."""

    largest = 0

    def _seen(self, data: bytes) -> bytes:
        self.largest = max(self.largest, len(data))
        return data

    def read(self, n: int | None = -1) -> bytes:
        return self._seen(super().read(n))

    def readline(self, n: int | None = -1) -> bytes:  # type: ignore[override]
        return self._seen(super().readline(n))

    def __iter__(self):  # type: ignore[no-untyped-def]
        raise AssertionError("iterating reads a whole line, however long")


def test_a_feed_entry_over_max_record_bytes_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(rss([SENTENCE * 2, SENTENCE * 40]), encoding="utf-8")
    docs, rejects = split(iter_documents([str(path)], Settings(max_record_bytes=2000)))
    assert [d.id for d in docs] == ["e0"]
    assert len(rejects) == 1 and rejects[0].source == f"{path}#1"
    assert "feed entry of" in rejects[0].reason and "exceeds max_record_bytes=2000" in rejects[0].reason


@pytest.mark.parametrize("name", ["feed.rss", "feed.xml", "feed.atom"])
def test_a_feed_file_over_max_file_bytes_is_rejected_before_parsing(tmp_path: Path, name: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import feedparser

    monkeypatch.setattr(feedparser, "parse", lambda *a, **k: pytest.fail("a feed over the limit was parsed"))
    path = tmp_path / name
    path.write_text(rss([SENTENCE * 30]), encoding="utf-8")
    docs, rejects = split(iter_documents([str(path)], Settings(max_file_bytes=1000)))
    assert docs == [] and len(rejects) == 1
    assert "exceeds max_file_bytes=1000" in rejects[0].reason


def test_a_long_jsonl_line_is_never_held_whole_and_the_next_line_is_read() -> None:
    big = json.dumps({"id": "gross", "text": SENTENCE * 20000}).encode()  # ~2.6 MB
    small = json.dumps({"id": "klein", "text": SENTENCE}).encode()
    stream = CountingStream(big + b"\n" + small + b"\n")
    docs, rejects = split(read_jsonl("f.jsonl", stream, Settings(max_record_bytes=10_000)))
    assert [d.id for d in docs] == ["klein"]
    assert rejects[0].source == "f.jsonl:1" and f"JSONL line of {len(big)} bytes" in rejects[0].reason
    assert stream.largest <= 65_536  # read in pieces, not as one 2.6 MB line


def test_stdin_is_checked_before_it_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (SENTENCE * 50_000).encode()  # ~6 MB of text on stdin
    stream = CountingStream(data)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
    docs, rejects = split(iter_documents(["-"], Settings(max_file_bytes=5000)))
    assert docs == [] and rejects[0].source == "stdin" and "max_file_bytes=5000" in rejects[0].reason
    assert stream.tell() <= 5000 + 8192 + 1  # no more than the limit (and the head used to sniff) was read


def test_jsonl_on_stdin_is_streamed_record_by_record(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [json.dumps({"id": f"r{i}", "text": SENTENCE * 3}) for i in range(200)]
    lines[7] = json.dumps({"id": "zu-gross", "text": SENTENCE * 100})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\n".join(lines).encode())))
    # the whole input (~100 kB) is over max_file_bytes, each record but one is under max_record_bytes
    docs, rejects = split(iter_documents(["-"], Settings(max_file_bytes=20_000, max_record_bytes=5000)))
    assert len(docs) == 199 and docs[0].id == "r0"
    assert [r.source for r in rejects] == ["stdin:8"] and "max_record_bytes=5000" in rejects[0].reason


def test_the_article_length_limit_is_coopgraphs_own() -> None:
    raw = RawDoc(id="lang", source="lang.txt", fmt="text", content="MINSK, 3. Mai (BelTA) - " + SENTENCE * 20)
    result = process(raw, Settings(max_article_chars=1000))
    assert isinstance(result, Reject) and result.stage == "ingest"
    assert "exceeds max_article_chars=1000" in result.reason and "COOPGRAPH_MAX_ARTICLE_CHARS" in result.reason
    assert "parser and NER" not in result.reason
    assert nlp().max_length > Settings().max_article_chars  # spaCy's own limit never speaks first
