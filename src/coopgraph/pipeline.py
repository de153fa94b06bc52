"""The pipeline: RawDoc -> Article -> Extraction, and the batch driver that stores results.

``process`` is pure (no I/O); ``ingest`` owns the loop, the progress bar and the store.
"""
from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .clean import clean
from .errors import CoopgraphError
from .extract import extract
from .ingest import iter_documents
from .models import Extraction, RawDoc, Reject
from .settings import Settings
from .store import Store


def process(raw: RawDoc, settings: Settings | None = None) -> Extraction | Reject:
    """One document through cleaning and extraction. Bad input becomes a Reject, never an exception."""
    settings = settings or Settings()
    try:
        article = clean(raw, settings.min_text_chars)
    except CoopgraphError as exc:
        return Reject(raw.source, exc.stage, str(exc))
    try:
        return extract(article)
    except Exception as exc:  # an extractor bug must not kill the batch; it is recorded instead
        return Reject(raw.source, "extract", f"extractor failed: {type(exc).__name__}: {exc}")


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
    run_id = store.start_run("ingest " + " ".join(paths if isinstance(paths, list) else []))
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
