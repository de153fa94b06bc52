"""Render rows as an aligned table, JSON lines or CSV, on stdout."""
from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Sequence
from typing import IO, Any

FORMATS = ("table", "jsonl", "csv")

# OWASP "CSV injection": a spreadsheet runs a cell that begins with one of these as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(v: Any) -> Any:
    """A CSV cell that no spreadsheet runs as a formula: text beginning with ``= + - @`` (or a tab or
    carriage return) gets a leading single quote, the OWASP rule. Numbers stay numbers (-5 is data)."""
    if isinstance(v, str) and v.startswith(FORMULA_STARTS):
        return "'" + v
    return v


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return " ".join(str(v).split())


def _csv_cell(v: Any) -> str:
    return _cell(v) if isinstance(v, (int, float)) else csv_safe(_cell(v))


def write_rows(rows: Sequence[dict[str, Any]], fmt: str, out: IO[str], columns: Sequence[str] | None = None,
               max_width: int | None = None) -> None:
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "jsonl":
        for r in rows:
            out.write(json.dumps({c: r.get(c) for c in columns}, ensure_ascii=False, default=str) + "\n")
        return
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow([csv_safe(c) for c in columns])
        for r in rows:
            w.writerow([_csv_cell(r.get(c)) for c in columns])
        return
    if not rows:
        out.write("(no rows)\n")
        return
    width = max_width or shutil.get_terminal_size((160, 20)).columns
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    # Shrink the widest columns until the table fits the terminal.
    while sum(widths) + 2 * (len(widths) - 1) > width and max(widths) > 12:
        widths[widths.index(max(widths))] -= 1

    def fit(s: str, w: int) -> str:
        return s if len(s) <= w else s[: w - 1] + "…"

    out.write("  ".join(fit(c, w).ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write("  ".join(fit(c, w).ljust(w) for c, w in zip(row, widths)).rstrip() + "\n")


def write_record(record: dict[str, Any], fmt: str, out: IO[str]) -> None:
    """One record: JSON for jsonl, key/value rows for table and csv."""
    if fmt == "jsonl":
        out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        return
    rows = [{"field": k, "value": v} for k, v in record.items()]
    write_rows(rows, fmt, out, ["field", "value"], max_width=10_000 if fmt == "table" else None)
