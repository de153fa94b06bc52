"""The pipeline: RawDoc -> Article -> Extraction, and the batch driver that stores results.

``process`` is pure (no I/O); ``ingest`` owns the loop, the progress bar and the store.
"""
from __future__ import annotations

import gc
import math
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .clean import clean
from .errors import CoopgraphError, DataError, Deadline, OverBudget, TooLarge
from .extract import extract
from .ingest import iter_documents
from .ingest.decode import display_path, scrub_surrogates
from .models import Extraction, RawDoc, Reject
from .settings import Settings
from .store import Store

# Languages coopgraph may meet in its sources but cannot extract yet (only German is supported).
_LANGUAGE_NAMES = {"ru": "Russian", "en": "English", "be": "Belarusian", "uk": "Ukrainian", "pl": "Polish",
                   "fr": "French", "zh": "Chinese", "kk": "Kazakh", "lt": "Lithuanian", "lv": "Latvian"}
_LANGUAGE_MIN_SCORE = 0.9  # below this, py3langid's guess is too weak to refuse an article over it


def process(raw: RawDoc, settings: Settings | None = None) -> Extraction | Reject:
    """One document through cleaning and extraction. Bad input becomes a Reject, never an exception.

    Guards, in order: any exception of cleaning or extraction is a reject (stage ``clean`` /
    ``extract``); a text over ``max_article_chars`` is a reject with coopgraph's own message; an
    article confidently detected in another language than German is a reject "language not
    supported yet"; a document that runs past ``doc_seconds`` is a reject (stage ``budget``). Last,
    every fact is checked (``check_facts``): a fact whose span is not inside the text, whose evidence
    string is not ``text[start:end]`` or whose value is not finite is dropped and counted in
    ``Extraction.dropped_facts`` - the rest of the article stands.
    """
    settings = settings or Settings()
    try:
        return _within_budget(settings.doc_seconds, lambda deadline: _process(raw, settings, deadline))
    except OverBudget as exc:
        return Reject(raw.source, OverBudget.stage,
                      f"document used more than its time budget of {settings.doc_seconds:g} s of CPU time "
                      f"({exc or 'stopped by the timer'}) - skipped so the run goes on; raise "
                      "COOPGRAPH_DOC_SECONDS to give it more time")


def _process(raw: RawDoc, settings: Settings, deadline: Deadline) -> Extraction | Reject:
    try:
        article = clean(raw, settings.min_text_chars)
    except DataError:
        raise  # a broken data file is not this document's fault: the run stops, once, with the fix
    except CoopgraphError as exc:
        return Reject(raw.source, exc.stage, str(exc))
    except Exception as exc:  # noqa: BLE001 - a cleaning bug must not kill the batch; it is recorded instead
        return Reject(raw.source, "clean", f"cleaning failed: {_describe(exc)}")
    if len(article.text) > settings.max_article_chars:
        return Reject(raw.source, TooLarge.stage, str(TooLarge(
            f"article text of {len(article.text)} characters exceeds max_article_chars="
            f"{settings.max_article_chars}", "split the document or raise COOPGRAPH_MAX_ARTICLE_CHARS")))
    lang, score = article.language, article.language_score
    if lang and lang != "de" and (score or 0.0) >= _LANGUAGE_MIN_SCORE:
        name = _LANGUAGE_NAMES.get(lang, lang)
        return Reject(raw.source, "language", f"language not supported yet: {name} ({lang}, detected with "
                      f"{score:.2f}) - coopgraph extracts facts from German articles only")
    if deadline.passed():
        raise OverBudget("after cleaning")
    try:
        return check_facts(extract(article, deadline=deadline))
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - an extractor bug must not kill the batch; it is recorded instead
        return Reject(raw.source, "extract", f"extractor failed: {_describe(exc)}")


def _describe(exc: BaseException) -> str:
    return scrub_surrogates(f"{type(exc).__name__}: {exc}")[:300]


def _within_budget(seconds: float, work: Callable[[Deadline], Extraction | Reject]) -> Extraction | Reject:
    """Run ``work(deadline)``; OverBudget is raised when the document has used ``seconds`` of CPU time.
    CPU time, not wall time: on a loaded machine a document gets the same budget as on an idle one, so
    which documents are rejected does not depend on what else runs. In the main thread of a process (the
    CLI, and each worker of ``-j``) a one-shot SIGPROF timer on the process's CPU time interrupts even a
    single slow step; elsewhere (a thread, a platform without setitimer, a timer already set by the host
    program) the thread's CPU time is checked between extraction steps."""
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_PROF)[0] == 0)
    if not usable:
        return work(Deadline(time.thread_time, seconds))
    deadline = Deadline(time.process_time, seconds)
    armed = [True]

    def on_alarm(signum: int, frame: Any) -> None:
        if armed[0]:
            raise OverBudget("stopped by the timer")

    previous = signal.signal(signal.SIGPROF, on_alarm)
    try:
        try:
            signal.setitimer(signal.ITIMER_PROF, seconds)
            return work(deadline)
        finally:
            armed[0] = False  # a signal arriving from here on is ignored ...
            signal.setitimer(signal.ITIMER_PROF, 0)
    finally:
        signal.signal(signal.SIGPROF, previous)  # ... and the host's handler is back in any case


# Facts whose evidence string must equal text[start:end], by attribute.
_EVIDENCE = {"figures": "quote", "quotes": "text", "places": "surface"}
_FACT_LISTS = ("persons", "organizations", "places", "partners", "figures", "sectors", "quotes", "offers",
               "projects")


def check_facts(extraction: Extraction) -> Extraction:
    """The last gate before a fact leaves the pipeline: its span lies inside the article text, its
    evidence string (where it has one) is exactly ``text[start:end]`` and its numbers are finite.
    A fact that fails is dropped and counted in ``extraction.dropped_facts`` (by kind)."""
    text = extraction.article.text
    n = len(text)

    def ok_span(start: Any, end: Any) -> bool:
        return (isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool)
                and 0 <= start <= end <= n)

    def ok(kind: str, fact: Any) -> bool:
        if not ok_span(fact.start, fact.end):
            return False
        attr = _EVIDENCE.get(kind)
        if attr is not None and getattr(fact, attr) != text[fact.start:fact.end]:
            return False
        return kind != "figures" or (isinstance(fact.value, (int, float)) and math.isfinite(fact.value))

    dropped: dict[str, int] = {}
    for kind in _FACT_LISTS:
        facts = getattr(extraction, kind)
        kept = [f for f in facts if ok(kind, f)]
        if len(kept) != len(facts):
            dropped[kind] = dropped.get(kind, 0) + len(facts) - len(kept)
            setattr(extraction, kind, kept)
    for person in extraction.persons:
        mentions = [m for m in person.mentions if ok_span(m[0], m[1])]
        if len(mentions) != len(person.mentions):
            dropped["person_mentions"] = dropped.get("person_mentions", 0) + len(person.mentions) - len(mentions)
            person.mentions = mentions
    if extraction.meeting is not None and not ok("meeting", extraction.meeting):
        extraction.meeting = None
        dropped["meeting"] = 1
    score = extraction.relevance_score
    if score is not None and not (isinstance(score, (int, float)) and math.isfinite(score)):
        extraction.relevance_score = None
        dropped["relevance_score"] = 1
    if dropped:
        extraction.dropped_facts = dropped
    return extraction


def _init_worker() -> None:
    from .extract import warm_up

    warm_up()


def _process_item(args: tuple[RawDoc | Reject, Settings]) -> Extraction | Reject:
    item, settings = args
    return item if isinstance(item, Reject) else process(item, settings)


def process_many(items: Iterable[RawDoc | Reject], settings: Settings | None = None
                 ) -> Iterator[Extraction | Reject]:
    """Process documents in input order; with ``settings.workers`` > 1 in that many processes."""
    settings = settings or Settings()
    if settings.workers <= 1:
        for item in items:
            yield item if isinstance(item, Reject) else process(item, settings)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(settings.workers, initializer=_init_worker) as pool:
        yield from pool.imap(_process_item, ((item, settings) for item in items), chunksize=8)


@dataclass
class IngestReport:
    read: int = 0
    new: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects: list[Reject] = field(default_factory=list)
    graph: Any = None  # the GraphReport of the corpus update after the new articles
    graph_seconds: float = 0.0

    def as_dict(self) -> dict[str, int]:
        return {"read": self.read, "new": self.new, "unchanged": self.unchanged, "rejected": self.rejected}


def ingest(paths: Iterable[str], store: Store, settings: Settings,
           on_reject: Callable[[Reject], None] | None = None, progress: bool = True, graph: bool = False
           ) -> IngestReport:
    """Read, process and store; each batch is one transaction, so a rerun finishes an interrupted job,
    including a graph update that an earlier run did not complete."""
    from tqdm import tqdm

    from .extract import warm_up

    warm_up()  # lexicons and models load once, before the first document
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)  # a batch job allocates many short-lived objects: collect less often
    report = IngestReport()
    run_id = store.start_run("ingest " + " ".join(display_path(p) for p in (paths if isinstance(paths, list) else [])))
    bar = tqdm(desc="ingest", unit="doc", file=sys.stderr, dynamic_ncols=True,
               disable=(not progress) or settings.quiet or not sys.stderr.isatty())
    batch: list[Extraction] = []
    new_ids: set[int] = set()

    def flush() -> None:
        if batch:
            new, unchanged = store.save_batch(batch, new_ids)
            report.new += new
            report.unchanged += unchanged
            batch.clear()

    try:
        for result in process_many(iter_documents(paths, settings), settings):
            bar.update(1)
            if isinstance(result, Reject):
                report.rejected += 1
                report.rejects.append(result)
                store.record_reject(result)
                if on_reject:
                    on_reject(result)
                continue
            report.read += 1
            batch.append(result)
            if len(batch) >= settings.batch_size:
                flush()
        flush()
        # also after a crash of an earlier run between its articles and its graph (the store's pending marker)
        if new_ids or graph or store.graph_pending():
            t0 = time.perf_counter()
            report.graph = store.update_graph(new_ids)
            report.graph_seconds = time.perf_counter() - t0
    finally:
        gc.set_threshold(*thresholds)
        bar.close()
        report.read += report.rejected
        store.finish_run(run_id, report.as_dict())
    return report
