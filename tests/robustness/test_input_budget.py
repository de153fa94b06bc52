"""Issue 11 item 2: no document stalls a run. Punctuation runs are tokenized in linear time with
exact offsets, and a per-document time budget turns a document that still runs too long into a
reject - in the main process and in worker processes, with or without the timer signal."""
from __future__ import annotations

import threading
import time

import pytest

from coopgraph.extract import make_doc, nlp
from coopgraph.models import Extraction, RawDoc, Reject
from coopgraph.pipeline import process, process_many
from coopgraph.settings import Settings

TEXT = ("MINSK, 12. März (BelTA) - Belarus und Usbekistan wollen die gemeinsame Montage von Traktoren in "
        "Taschkent ausbauen, sagte Industrieminister Iwan Petrow. ")


@pytest.mark.parametrize("run", ["=" * 5000, '"' * 5000, "(" * 5000, "=-\"(«»'" * 700, "_" * 5000])
def test_a_punctuation_run_is_one_token_with_exact_offsets(run: str) -> None:
    text = TEXT + "Minsk " + run + " Hanoi und Taschkent."
    doc = make_doc(text)
    assert doc.text == text
    tokens = [t.text for t in doc]
    assert run in tokens  # one token, not one per character (which costs quadratic time)
    assert "Minsk" in tokens and "Hanoi" in tokens
    for tok in doc:
        assert text[tok.idx:tok.idx + len(tok)] == tok.text


def test_a_short_run_glued_to_words_leaves_the_words_their_own_tokens() -> None:
    text = TEXT + 'Minsk"""""""Hanoi und Taschkent.'
    tokens = [t.text for t in make_doc(text)]
    assert tokens[-6:] == ["Minsk", '"""""""', "Hanoi", "und", "Taschkent", "."]


@pytest.mark.parametrize("chunk", ["a:" * 3000, "http://" + "a/" * 3000, "x" * 20000, "a=b(c)" * 1000])
def test_a_long_chunk_without_spaces_is_one_token_with_exact_offsets(chunk: str) -> None:
    text = TEXT + chunk + " Hanoi und Taschkent."
    doc = make_doc(text)
    assert doc.text == text
    assert chunk in [t.text for t in doc]
    assert [t.text for t in doc][-4:] == ["Hanoi", "und", "Taschkent", "."]


def test_a_long_token_is_a_url_only_by_its_scheme_and_never_an_email() -> None:
    # spaCy's URL and e-mail patterns backtrack quadratically on such tokens (a 15,889-character run took
    # 6 s when its lexeme was created); over the length limits they are not run at all
    dotted, mailish = "a." * 1500 + "de", "a" * 300 + "@example.org"
    doc = make_doc(f"Siehe {dotted} und {mailish} und https://{'a/' * 1500} sowie belta.by und info@belta.by .")
    flags = {t.text: (t.like_url, t.like_email) for t in doc}
    assert flags[dotted] == (False, False)
    assert flags[mailish] == (False, False)
    assert flags["https://" + "a/" * 1500] == (True, False)
    assert flags["belta.by"] == (True, False)
    assert flags["info@belta.by"] == (False, True)


def test_text_without_long_runs_is_tokenized_exactly_as_by_spacy() -> None:
    text = TEXT + '„Wir liefern 2024 mehr!“, sagte er (BelTA)... Und: "Ja."'
    assert [(t.idx, t.text) for t in make_doc(text)] == [(t.idx, t.text) for t in nlp().make_doc(text)]


def test_a_document_with_a_long_punctuation_run_is_processed() -> None:
    result = process(RawDoc(id="p", source="p.txt", fmt="text", content=TEXT + '"' * 5000 + " Ende."))
    assert isinstance(result, Extraction)
    assert any(p.name == "Usbekistan" for p in result.partners)


@pytest.fixture
def stalling_component(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Make the sectors step loop for any text that contains "Endlosschleife" (a stand-in for a
    step that goes quadratic); returns a flag list that the loop sets when it was entered."""
    import coopgraph.extract as extract_pkg

    entered: list[bool] = []
    real = extract_pkg.find_sectors

    def find_sectors(text, names):  # type: ignore[no-untyped-def]
        if "Endlosschleife" in text:
            entered.append(True)
            while True:  # only the budget ends this (it burns CPU time, which the budget counts)
                pass
        return real(text, names)

    monkeypatch.setattr(extract_pkg, "find_sectors", find_sectors)
    return entered


def test_a_document_over_its_time_budget_becomes_a_reject(stalling_component) -> None:  # type: ignore[no-untyped-def]
    raw = RawDoc(id="slow", source="slow.txt", fmt="text", content=TEXT + "Eine Endlosschleife.")
    result = process(raw, Settings(doc_seconds=0.3))
    assert isinstance(result, Reject) and result.stage == "budget"
    assert "time budget of 0.3 s" in result.reason and "COOPGRAPH_DOC_SECONDS" in result.reason
    assert stalling_component == [True]
    # the timer is gone afterwards: a normal document runs to the end
    assert isinstance(process(RawDoc(id="ok", source="ok.txt", fmt="text", content=TEXT)), Extraction)


def test_the_budget_holds_outside_the_main_thread_between_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """No timer signal in a thread: the deadline is checked before each extraction step."""
    import coopgraph.extract as extract_pkg

    real = extract_pkg.find_orgs

    def slow_orgs(text, places):  # type: ignore[no-untyped-def]
        spent = time.thread_time() + 0.5
        while time.thread_time() < spent:  # half a second of this thread's CPU time
            pass
        return real(text, places)

    monkeypatch.setattr(extract_pkg, "find_orgs", slow_orgs)
    out: list[object] = []
    worker = threading.Thread(target=lambda: out.append(
        process(RawDoc(id="t", source="t.txt", fmt="text", content=TEXT), Settings(doc_seconds=0.2))))
    worker.start()
    worker.join()
    assert isinstance(out[0], Reject) and out[0].stage == "budget"


def test_worker_processes_reject_a_slow_document_and_go_on(stalling_component) -> None:  # type: ignore[no-untyped-def]
    docs = [RawDoc(id=f"d{i}", source=f"d{i}.txt", fmt="text", content=TEXT + ("Eine Endlosschleife." if i == 1 else ""))
            for i in range(4)]
    results = list(process_many(docs, Settings(workers=2, doc_seconds=0.5)))
    assert [type(r).__name__ for r in results] == ["Extraction", "Reject", "Extraction", "Extraction"]
    assert results[1].stage == "budget" and results[1].source == "d1.txt"
