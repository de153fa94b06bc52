"""The Python daemon of the Spark executors (``spark.python.daemon.module``): PySpark's own daemon, after
three fixes to the fixed cost of every task.

1. Every task starts with ``importlib.invalidate_caches()`` (pyspark ``worker_util.setup_spark_files``).
   On Python 3.10 and 3.11 that makes each ``zipimporter`` in ``sys.path_importer_cache`` read its
   archive's whole directory again, in pure Python, and Spark puts ``pyspark.zip``, the py4j zip and the
   spark-core jar on the workers' path, with one importer per package imported from them: CPython
   issue gh-103200 (reported by a Spark developer, made lazy in 3.12). A profile of the workers
   (py-spy) showed the tasks of a run in ``_read_directory`` of that call. ``lazy_zip_invalidation``
   makes an importer read its archive again only when the file changed (size or mtime), which is what
   the invalidation is for.
2. PySpark's daemon forks a new worker whenever no idle one is free (a task that reads a persisted
   Python RDD holds two), and each new worker imported coopgraph (spaCy with it: 1.8 s CPU) and, to
   extract, loaded the lexicons and the spaCy pipeline (2.1 s). ``preload`` does both once, before the
   daemon forks (and one article is processed, for what the extraction imports lazily): every worker
   starts with them in memory, shared copy-on-write (``extract.warm_up``
   ends in ``gc.freeze()`` for that, and so does ``preload``).
3. A worker runs a full ``gc.collect()`` after each task; ``YoungCollections`` makes it a collection of
   the young generations.

A failure to preload is left to the task that needs the module: the daemon must start whatever happens,
or Spark reports a daemon crash instead of the real error."""
from __future__ import annotations

import contextlib
import gc
import os
import sys
import traceback
import zipimport
from typing import Any


def lazy_zip_invalidation(cls: Any = zipimport.zipimporter) -> None:
    """On Python < 3.12: ``cls.invalidate_caches`` (a zipimporter) re-reads its archive only when it changed."""
    if sys.version_info >= (3, 12) or cls.__dict__.get("_coopgraph_lazy", False):
        return
    eager = cls.invalidate_caches

    def invalidate_caches(self: Any) -> None:
        try:
            st = os.stat(self.archive)
            stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = None
        if stamp is not None and getattr(self, "_coopgraph_stamp", None) == stamp:
            return  # the archive this importer read is unchanged: its directory is still right
        eager(self)
        self._coopgraph_stamp = stamp

    cls.invalidate_caches = invalidate_caches
    cls._coopgraph_lazy = True


class YoungCollections:
    """The ``gc`` of PySpark's daemon module, whose worker loop runs ``gc.collect()`` after every task: that pass
    collects the young generations only; the oldest is left to Python's own thresholds, as in any process. A full
    pass walks everything a worker keeps between tasks (the extraction's caches: about 45,000 objects after a
    few tasks): 16-18 ms after each of 888 tasks, 6.8 s of CPU at 20,000 articles (measured with a timed shim)."""

    def collect(self, generation: int = 1) -> int:
        return gc.collect(generation)

    def __getattr__(self, name: str) -> Any:
        return getattr(gc, name)


WARM_UP = ("MINSK, 3. März (BelTA) - Belarus und Kasachstan wollen den Handelsumsatz im laufenden Jahr auf "
           "1,5 Milliarden US-Dollar steigern, sagte Ministerpräsident Roman Golowtschenko in Minsk.")


def preload() -> None:
    # the daemon tells the JVM its port on stdout: nothing else may be written there
    with contextlib.redirect_stdout(sys.stderr):
        try:
            import pyarrow.parquet  # noqa: F401 - the tasks that write the article and fact tables use it

            from ..extract import warm_up
            from ..settings import Settings
            from . import build, derived, entities, graph, tables  # noqa: F401 - modules tasks unpickle functions of
            from .records import process_blob

            warm_up()
            # one article through the task's own path imports what it imports lazily (datasketch and scipy
            # for the MinHash: 1.2 s in each worker that had not yet)
            list(process_blob(0, "warm-up.txt", WARM_UP.encode(), Settings()))
            # PySpark's worker loop runs a full gc.collect() after every task: what the imports above made
            # after warm_up's freeze (pyarrow, scipy, datasketch, the Spark modules) would be walked each time
            # (py-spy, 20,000 articles, local[2]: that line held 8.5 % of the workers' samples)
            gc.collect()
            gc.freeze()
        except Exception:  # noqa: BLE001 - see the docstring: the task that needs the module raises it
            traceback.print_exc()


if __name__ == "__main__":
    import importlib

    lazy_zip_invalidation()
    preload()
    importlib.invalidate_caches()  # stamps every importer once: the forked workers inherit the stamps
    import pyspark.daemon

    pyspark.daemon.gc = YoungCollections()  # type: ignore[assignment]
    from pyspark.daemon import manager

    manager()
