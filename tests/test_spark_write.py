"""build.write_all writes every table once, the first one before any other
(it fills the cache the others read): the plain loop it replaced wrote them one after the other."""
from __future__ import annotations

import threading
import time

import pytest

from coopgraph.spark.build import write_all


def test_write_all_writes_each_table_once_the_first_alone() -> None:
    names = [f"t{i}" for i in range(17)]
    calls: list[tuple[str, str]] = []
    lock = threading.Lock()
    first_done = threading.Event()

    def write(df: str, name: str) -> None:
        if name != names[0]:
            assert first_done.is_set(), "a table was written before the first one was done"
        time.sleep(0.002)
        with lock:
            calls.append((df, name))
        if name == names[0]:
            first_done.set()

    write_all({n: "df-" + n for n in names}, write)
    assert calls[0] == ("df-t0", "t0")
    assert sorted(calls) == sorted(("df-" + n, n) for n in names)
    write_all({}, write)  # nothing to write


def test_write_all_raises_what_a_write_raises() -> None:
    def write(df: int, name: str) -> None:
        if name == "b":
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_all({"a": 1, "b": 2, "c": 3}, write)
