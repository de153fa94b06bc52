"""build.write_all writes every table once, with its year partitioning, the first one before any other
(it fills the cache the others read): the plain loop it replaced wrote them one after the other."""
from __future__ import annotations

import threading
import time

from coopgraph.spark.build import write_all


def test_write_all_writes_each_table_once_the_first_alone() -> None:
    names = [f"t{i}" for i in range(17)]
    calls: list[tuple[str, str, bool]] = []
    lock = threading.Lock()
    first_done = threading.Event()

    def write(df: str, name: str, by_year: bool = False) -> None:
        if name != names[0]:
            assert first_done.is_set(), "a table was written before the first one was done"
        time.sleep(0.002)
        with lock:
            calls.append((df, name, by_year))
        if name == names[0]:
            first_done.set()

    write_all({n: "df-" + n for n in names}, write, by_year={"t0", "t3"})
    assert calls[0] == ("df-t0", "t0", True)
    assert sorted(calls) == sorted(("df-" + n, n, n in ("t0", "t3")) for n in names)
    write_all({}, write)  # nothing to write


def test_write_all_raises_what_a_write_raises() -> None:
    def write(df: str, name: str, by_year: bool = False) -> None:
        if name == "b":
            raise OSError("disk full")

    try:
        write_all({"a": 1, "b": 2, "c": 3}, write)
    except OSError as exc:
        assert "disk full" in str(exc)
    else:
        raise AssertionError("the error was lost")
