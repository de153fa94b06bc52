"""A partner's dossier as the API answers it without filters (``/api/v1/partners/NAME``), stored per graph
generation (store migration 0009).

At 20,000 articles the dossier of a large partner reads every fact of thousands of articles and normalises each
figure (seconds per request). After every graph update ``refresh`` stores the answer of each partner, so a request
without a date range and with the default list limit reads one row. Each stored answer carries a digest of its
inputs: the partner's articles (their facts never change under an id), the story of each, the canonical entity of
each person and organization named there, and the code and reference data that computed it. A refresh recomputes
only the partners whose digest changed; the others move to the new generation as they are. A request with a date
range or another limit, or for a partner without a stored answer (a database older than 0009, a refresh that did
not run yet, the graph behind the articles), computes the dossier as before: the answers are the same."""
from __future__ import annotations

import hashlib
import sqlite3
import time
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import __version__
from ..store import answers
from .types import PartnerRef, Window

LIMIT = 100  # items per list of a stored dossier: the API's default ``limit``


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the package's code and reference data (gazetteer, lexicons): another version of either may
    compute another dossier from the same rows, so every stored answer is recomputed once after an upgrade."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha1(__version__.encode())
    for f in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".jsonl", ".json", ".txt", ".csv")
                    and "static" not in p.parts and "__pycache__" not in p.parts):
        h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def key(ref: PartnerRef) -> str:
    """The row a partner's answer is stored under: everything ``resolve_partner`` says about it."""
    return "\x1f".join((ref.kind, ref.code, ref.name, ref.country or ""))


def answer(conn: sqlite3.Connection, ref: PartnerRef, window: Window | None, limit: int,
           reads: Any = None) -> dict[str, Any]:
    """The API's dossier: every list cut to ``limit`` items, ``truncated`` the full length of each list cut;
    ``reads`` (a ``dossier_reads.Bulk``) shares the rows read for many partners."""
    from .. import dossier

    short, cut = dossier.bounded_dossier(conn, ref, window, limit, reads)
    return short.as_dict() | {"truncated": cut}


def stored(conn: sqlite3.Connection, ref: PartnerRef) -> bytes | None:
    """The encoded answer of ``ref`` without filters at the default limit, when the current generation has it."""
    return answers.partner_answer(conn, key(ref))


def _refs(conn: sqlite3.Connection) -> list[PartnerRef]:
    """The foreign partners a dossier is stored for: what each distinct partner code resolves to."""
    from .. import dossier
    from .db import NotFound
    from .partners import partner_codes

    out: dict[str, PartnerRef] = {}
    for code in partner_codes(conn):
        if not code:
            continue
        try:
            ref = dossier.resolve_partner(conn, code)
        except NotFound:
            continue
        if ref.code != "BY" and ref.country != "BY":  # the Belarusian side is not a foreign partner
            out.setdefault(key(ref), ref)
    return list(out.values())


def _digests(conn: sqlite3.Connection) -> dict[int, list[tuple[Any, ...]]]:
    per: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for aid, *rest in answers.article_digest_rows(conn):
        per[aid].append(tuple(rest))
    return per


def inputs(ref: PartnerRef, arts: list[int], per: dict[int, list[tuple[Any, ...]]],
           done: dict[int, bytes] | None = None) -> str:
    """The digest of a partner's inputs; ``done`` keeps the part of each article for the next partner."""
    done = {} if done is None else done
    h = hashlib.sha1(f"{code_digest()}\x1f{key(ref)}".encode())
    for a in arts:
        part = done.get(a)
        if part is None:
            part = done[a] = repr((a, sorted(per.get(a, ()), key=repr))).encode()
        h.update(part)
    return h.hexdigest()


def compute(conn: sqlite3.Connection) -> tuple[list[str], dict[str, tuple[str, bytes]]]:
    """(keys whose stored answer is still right, key -> (inputs, encoded answer) of the others), from what
    ``conn`` sees."""
    from .. import dossier
    from ..dossier_reads import Bulk
    from .partners import articles_for
    from .shared_encoding import SharedEncoder
    from .types import FigureRow

    have = answers.partner_answer_inputs(conn)
    per = _digests(conn)
    keep: list[str] = []
    todo: list[tuple[str, str, PartnerRef, list[int]]] = []
    done: dict[int, bytes] = {}  # the digest part of each article, shared by the partners that have it
    for ref in _refs(conn):
        arts = sorted(articles_for(conn, ref))
        if not arts:
            continue  # the dossier falls back to mentions: computed per request
        k, digest = key(ref), inputs(ref, arts, per, done)
        if have.get(k) == digest:
            keep.append(k)
        else:
            todo.append((k, digest, ref, arts))
    # the rows of every article to recompute, read once for all the partners (a country's articles are also its
    # regions' and cities'): the same dossiers as one round of reads per partner
    reads = Bulk(conn, {a for *_, arts in todo for a in arts}) if todo else None
    # and each figure encoded once for all of them: the bytes of ``encode(answer(...))``
    encoder = SharedEncoder(FigureRow)
    fresh: dict[str, tuple[str, bytes]] = {}
    for k, digest, ref, _ in todo:
        short, cut = dossier.bounded_dossier(conn, ref, None, LIMIT, reads)
        fresh[k] = (digest, encoder.encode(short, {"truncated": cut}))
    return keep, fresh


def refresh(conn: sqlite3.Connection) -> tuple[int, int, float]:
    """Store the answers of the current graph generation: (recomputed, kept, seconds). Inside the caller's
    transaction when one is open; otherwise computed in a read snapshot and written in a short write transaction
    (dropped if another graph update completed meanwhile: that one stores its own)."""
    from ..store import write_transaction
    from ..store.graph_tables import graph_state, read_snapshot

    t0 = time.perf_counter()
    if conn.in_transaction:
        keep, fresh = compute(conn)
        answers.write_partner_answers(conn, graph_state(conn)[2], keep, fresh)
        return len(fresh), len(keep), time.perf_counter() - t0
    with read_snapshot(conn):
        state = graph_state(conn)
        if state[0] != state[1]:  # the graph is behind the articles: no answer of this state would be served
            return 0, 0, time.perf_counter() - t0
        keep, fresh = compute(conn)
    with write_transaction(conn):
        if graph_state(conn)[1:] == state[1:]:
            answers.write_partner_answers(conn, state[2], keep, fresh)
    return len(fresh), len(keep), time.perf_counter() - t0
