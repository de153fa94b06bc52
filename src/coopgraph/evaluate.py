"""Score extracted document facts against gold (the logic behind ``coopgraph eval``). Pure module.

Both sides are lists of records in the gold format (``/work/shared/eval/README.md``), one per document,
joined on ``id``. Only documents that appear in gold are scored; predictions for other ids are ignored
(listed in ``Report.ignored_ids``). A gold document without a prediction (``Report.missing_ids``) counts
as all false negatives and as wrong on every document-level accuracy. When a gold id has no exact match,
a prediction whose id has the same base name is used (``corpus/x.txt`` ~ ``x.txt``), if only one has it.

Metrics (micro-averaged over documents; all matching is one-to-one, greedy best pair first, per document)

    field                 metric    what is compared
    relevant              accuracy  exact boolean
    date, date_partial    accuracy  exact string
    dateline_place        accuracy  name_key (below)
    agency                accuracy  case-insensitive
    persons               f1        person names (same_person)
    persons.role          accuracy  role_match, over matched person pairs
    persons.country       accuracy  exact code, over matched person pairs
    persons.region        accuracy  name_key, or the same gazetteer place via place_aliases ("Region Tula" =
                                    "Tulaer Gebiet"), over matched person pairs
    partners              f1        both iso3166_2 set: codes equal; else both kind "country" with a
                                    country code: codes equal; else name_key equal (world regions, cities)
    organizations         f1        name_key(org_aliases(name) or name); org_aliases maps "MAZ" and
                                    "Minsker Automobilwerk" to one canonical key; default: identity
    figures.value         f1        equal unit and |v_pred - v_gold| <= 0.5 % of |v_gold| (sign counts;
                                    a gold 0 needs a predicted 0). Pairs that also agree on metric/kind win.
    figures.full          f1        as figures.value, and metric and kind equal (its own matching)
    figures.period        accuracy  exact, over figures.value pairs
    figures.kind          accuracy  exact, over figures.value pairs
    figures.parties       accuracy  same set of parties, over figures.value pairs; two parties are the
                                    same when their name_keys are equal or when the partner entries they
                                    name (in their own document) match by the partners rule above
    sectors               f1        exact labels, as sets
    meeting.participants  f1        same_person; a null meeting has no participants
    meeting.place         accuracy  name_key, over documents where either side has a meeting (a null
                                    meeting has a null place)
    quotes                f1        ``starts_with``: the first 4 normalized tokens are equal, or (when one
                                    side has fewer than 4) the shorter, of at least 3 tokens, is a prefix
                                    of the other. Normalized tokens: whitespace split, casefold, accents
                                    stripped, punctuation trimmed, punctuation-only tokens dropped.
    quotes.speaker        accuracy  same_person (or equal organisation keys), over matched quote pairs
    duplicates            f1        unordered pairs {id, duplicate_of}, ids mapped from predicted to gold ids

``Report.core_mean`` is the mean of the main metric of relevant, date, persons, partners, organizations,
figures.full, sectors, meeting.participants and quotes (the review's headline number); ``format_table``
prints it under the table and ``check_floors`` accepts the key ``core_mean``.

Null == null is correct on every accuracy; null against a value is wrong. Precision, recall, F1 and
accuracy are None ("-" in the table) when there is nothing to score (no gold, no prediction, no pair).

The comparators (``name_key``, ``same_person``, ``role_match``, ``quote_match``, ``value_match``) live in
``eval_match``, whose docstring gives their rules; they are re-exported here.

``check_floors(report, {"persons.f1": 0.9, "persons.role.accuracy": 0.8, "date.accuracy": 0.9})`` keys are
``<field>.<f1|precision|recall|accuracy>`` or a bare field (its main metric). Failures read like
"figures.full f1 0.82 < floor 0.90"; an unknown key is a failure; a metric with nothing to score (None) passes.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import MalformedRecord, UnreadableInput
from .eval_match import (
    fold,
    name_key,
    num,
    person_score,
    quote_match,
    quote_tokens,
    role_match,
    same_person,
    value_match,
)

__all__ = ["FieldScore", "Report", "check_floors", "fold", "format_table", "load_jsonl", "name_key", "quote_match",
           "quote_tokens", "role_match", "same_person", "score", "value_match"]

OrgAliases = Callable[[str], str]

FIELD_ORDER: tuple[tuple[str, str], ...] = (
    ("relevant", "accuracy"), ("date", "accuracy"), ("date_partial", "accuracy"),
    ("dateline_place", "accuracy"), ("agency", "accuracy"),
    ("persons", "f1"), ("persons.role", "accuracy"), ("persons.country", "accuracy"), ("persons.region", "accuracy"),
    ("partners", "f1"), ("organizations", "f1"),
    ("figures.value", "f1"), ("figures.full", "f1"),
    ("figures.period", "accuracy"), ("figures.kind", "accuracy"), ("figures.parties", "accuracy"),
    ("sectors", "f1"), ("meeting.participants", "f1"), ("meeting.place", "accuracy"),
    ("quotes", "f1"), ("quotes.speaker", "accuracy"), ("duplicates", "f1"),
)

# The review's headline number: the mean of these main scores (relevance and date accuracy, and the F1 of
# the fact lists an analyst reads first).
CORE_FIELDS: tuple[str, ...] = ("relevant", "date", "persons", "partners", "organizations", "figures.full",
                                "sectors", "meeting.participants", "quotes")


# --------------------------------------------------------------------------------------------- report

@dataclass
class FieldScore:
    """Counts for one metric. ``metric`` is "f1" (tp/fp/fn) or "accuracy" (correct/total)."""

    metric: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int = 0
    total: int = 0

    @property
    def precision(self) -> float | None:
        if self.metric != "f1" or self.tp + self.fp + self.fn == 0:
            return None
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float | None:
        if self.metric != "f1" or self.tp + self.fp + self.fn == 0:
            return None
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float | None:
        if self.metric != "accuracy" or self.total == 0:
            return None
        return self.correct / self.total

    @property
    def support(self) -> int:
        """Gold items (tp + fn) for F1 metrics; scored pairs or documents for accuracies."""
        return self.tp + self.fn if self.metric == "f1" else self.total

    @property
    def main(self) -> float | None:
        return self.f1 if self.metric == "f1" else self.accuracy

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def judge(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(bool(ok))

    def as_dict(self) -> dict[str, Any]:
        if self.metric == "f1":
            return {"metric": "f1", "tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                    "recall": self.recall, "f1": self.f1, "support": self.support}
        return {"metric": "accuracy", "correct": self.correct, "total": self.total, "accuracy": self.accuracy,
                "support": self.support}


@dataclass
class Report:
    fields: dict[str, FieldScore] = field(default_factory=lambda: {n: FieldScore(m) for n, m in FIELD_ORDER})
    missing_ids: list[str] = field(default_factory=list)   # gold ids with no prediction
    ignored_ids: list[str] = field(default_factory=list)   # predicted ids not in gold (not scored)
    documents: int = 0                                     # gold documents scored

    @property
    def core_mean(self) -> float | None:
        """Mean of the main metric of each CORE_FIELDS entry that has something to score."""
        values = [v for v in (self.fields[n].f1 if self.fields[n].metric == "f1" else self.fields[n].accuracy
                              for n in CORE_FIELDS) if v is not None]
        return sum(values) / len(values) if values else None

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for name, fs in self.fields.items():
            out.append({"field": name, "metric": fs.metric, "precision": fs.precision, "recall": fs.recall,
                        "f1": fs.f1, "accuracy": fs.accuracy, "support": fs.support})
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "core_mean": self.core_mean, "missing_ids": list(self.missing_ids),
                "ignored_ids": list(self.ignored_ids),
                "fields": {name: fs.as_dict() for name, fs in self.fields.items()}}


# --------------------------------------------------------------------------------------------- input

def load_jsonl(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Read one JSON object per line (blank lines skipped). Raises UnreadableInput / MalformedRecord."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise UnreadableInput(f"cannot read {p}: {e}", hint="check the path; the file must be UTF-8 JSONL") from e
    out: list[dict[str, Any]] = []
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise MalformedRecord(f"{p}:{no}: not JSON ({e.msg})", hint="one JSON object per line") from e
        if not isinstance(rec, dict):
            raise MalformedRecord(f"{p}:{no}: expected a JSON object, got {type(rec).__name__}",
                                  hint="one JSON object per line")
        out.append(rec)
    return out



# --------------------------------------------------------------------------------------------- matching

def _greedy(gold: Sequence[Any], pred: Sequence[Any], scorer: Callable[[Any, Any], Any]) -> list[tuple[int, int]]:
    """One-to-one matching: best-scoring pair first (ties: earlier gold, then earlier pred). None = no match."""
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = scorer(g, p)
            if s is not None:
                cands.append((s, i, j))
    cands.sort(key=lambda c: c[0], reverse=True)   # stable: ties keep (i, j) order
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def _count(fs: FieldScore, n_gold: int, n_pred: int, n_pairs: int) -> None:
    fs.add(tp=n_pairs, fp=n_pred - n_pairs, fn=n_gold - n_pairs)


def _bipartite_complete(a: Sequence[Any], b: Sequence[Any], same: Callable[[Any, Any], bool]) -> bool:
    """True when a and b have a perfect one-to-one matching under ``same`` (Kuhn's augmenting paths)."""
    if len(a) != len(b):
        return False
    adj = [[j for j, y in enumerate(b) if same(x, y)] for x in a]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return all(augment(i, set()) for i in range(len(a)))


# --------------------------------------------------------------------------------------------- record access

def _list(rec: dict[str, Any] | None, key: str) -> list[Any]:
    v = rec.get(key) if rec else None
    return [x for x in v if x is not None] if isinstance(v, list) else []


def _dicts(rec: dict[str, Any] | None, key: str, name_key_: str = "name") -> list[dict[str, Any]]:
    out = []
    for x in _list(rec, key):
        if isinstance(x, dict):
            out.append(x)
        elif isinstance(x, str):
            out.append({name_key_: x})
    return out


def _strs(rec: dict[str, Any] | None, key: str) -> list[str]:
    return [str(x) for x in _list(rec, key) if isinstance(x, (str, int, float)) and str(x).strip()]


def _meeting(rec: dict[str, Any] | None) -> dict[str, Any] | None:
    m = rec.get("meeting") if rec else None
    return m if isinstance(m, dict) else None


def _blank(v: Any) -> Any:
    return None if isinstance(v, str) and not v.strip() else v


# --------------------------------------------------------------------------------------------- scoring

def _partner_score(g: dict[str, Any], p: dict[str, Any]) -> int | None:
    gi, pi = _blank(g.get("iso3166_2")), _blank(p.get("iso3166_2"))
    if gi and pi:
        return 3 if gi == pi else None
    gc, pc = _blank(g.get("country")), _blank(p.get("country"))
    if g.get("kind") == "country" and p.get("kind") == "country" and gc and pc:
        return 2 if gc == pc else None
    gk = name_key(g.get("name"))
    return 1 if gk and gk == name_key(p.get("name")) else None


def _party_resolver(partners: list[dict[str, Any]]) -> Callable[[str], tuple[str, dict[str, Any] | None]]:
    by_key: dict[str, dict[str, Any]] = {}
    for pt in partners:
        by_key.setdefault(name_key(pt.get("name")), pt)
    return lambda name: (name_key(name), by_key.get(name_key(name)))


def _parties_equal(gp: list[str], pp: list[str], g_res: Callable[[str], Any], p_res: Callable[[str], Any]) -> bool:
    def uniq(names: list[str], res: Callable[[str], Any]) -> list[tuple[str, Any]]:
        seen, out = set(), []
        for n in names:
            k, pt = res(n)
            if k and k not in seen:
                seen.add(k)
                out.append((k, pt))
        return out

    def same(x: tuple[str, Any], y: tuple[str, Any]) -> bool:
        return x[0] == y[0] or (x[1] is not None and y[1] is not None and _partner_score(x[1], y[1]) is not None)

    return _bipartite_complete(uniq(gp, g_res), uniq(pp, p_res), same)


def _score_doc(fields: dict[str, FieldScore], g: dict[str, Any], p: dict[str, Any] | None,
               org_aliases: OrgAliases | None, place_aliases: OrgAliases | None = None) -> None:
    present = p is not None
    pd: dict[str, Any] = p or {}

    # document-level accuracies; a missing prediction is wrong even where gold is null
    def acc(name: str, ok: bool) -> None:
        fields[name].judge(present and ok)

    gr, pr = g.get("relevant"), pd.get("relevant")
    acc("relevant", gr == pr and type(gr) is type(pr))
    acc("date", _blank(g.get("date")) == _blank(pd.get("date")))
    acc("date_partial", _blank(g.get("date_partial")) == _blank(pd.get("date_partial")))
    acc("dateline_place", name_key(g.get("dateline_place")) == name_key(pd.get("dateline_place")))
    ga, pa = _blank(g.get("agency")), _blank(pd.get("agency"))
    acc("agency", (ga is None and pa is None) or (ga is not None and pa is not None
                                                  and fold(str(ga)).strip() == fold(str(pa)).strip()))

    # persons
    gps = [x for x in _dicts(g, "persons") if x.get("name")]
    pps = [x for x in _dicts(p, "persons") if x.get("name")]
    pairs = _greedy(gps, pps, lambda a, b: person_score(a.get("name"), b.get("name")))
    _count(fields["persons"], len(gps), len(pps), len(pairs))
    for i, j in pairs:
        a, b = gps[i], pps[j]
        fields["persons.role"].judge(role_match(_blank(a.get("role")), _blank(b.get("role"))))
        fields["persons.country"].judge(_blank(a.get("country")) == _blank(b.get("country")))
        ra, rb = a.get("region"), b.get("region")
        fields["persons.region"].judge(name_key(ra) == name_key(rb) or bool(
            ra and rb and place_aliases is not None and place_aliases(str(ra)) == place_aliases(str(rb))))

    # partners
    gpt, ppt = _dicts(g, "partners"), _dicts(p, "partners")
    pairs = _greedy(gpt, ppt, _partner_score)
    _count(fields["partners"], len(gpt), len(ppt), len(pairs))

    # organizations
    def org_key(name: str) -> str:
        if org_aliases is not None:
            name = org_aliases(name) or name
        return name_key(name)

    go = [k for k in (org_key(x) for x in _strs(g, "organizations")) if k]
    po = [k for k in (org_key(x) for x in _strs(p, "organizations")) if k]
    pairs = _greedy(go, po, lambda a, b: 1 if a == b else None)
    _count(fields["organizations"], len(go), len(po), len(pairs))

    # figures
    gf, pf = _dicts(g, "figures", "metric"), _dicts(p, "figures", "metric")
    g_res, p_res = _party_resolver(gpt), _party_resolver(ppt)

    def parties_ok(a: dict[str, Any], b: dict[str, Any]) -> bool:
        return _parties_equal(_strs(a, "parties"), _strs(b, "parties"), g_res, p_res)

    def closeness(a: dict[str, Any], b: dict[str, Any]) -> float:
        gv, pv = num(a.get("value")) or 0.0, num(b.get("value")) or 0.0
        return -abs(pv - gv)

    def value_pref(a: dict[str, Any], b: dict[str, Any]) -> tuple[Any, ...] | None:
        if not value_match(a, b):
            return None
        m, k = a.get("metric") == b.get("metric"), a.get("kind") == b.get("kind")
        return (m and k, m, k, a.get("period") == b.get("period"), parties_ok(a, b), closeness(a, b))

    def full_pref(a: dict[str, Any], b: dict[str, Any]) -> tuple[Any, ...] | None:
        if not value_match(a, b) or a.get("metric") != b.get("metric") or a.get("kind") != b.get("kind"):
            return None
        return (a.get("period") == b.get("period"), parties_ok(a, b), closeness(a, b))

    pairs = _greedy(gf, pf, value_pref)
    _count(fields["figures.value"], len(gf), len(pf), len(pairs))
    for i, j in pairs:
        a, b = gf[i], pf[j]
        fields["figures.period"].judge(_blank(a.get("period")) == _blank(b.get("period")))
        fields["figures.kind"].judge(a.get("kind") == b.get("kind"))
        fields["figures.parties"].judge(parties_ok(a, b))
    _count(fields["figures.full"], len(gf), len(pf), len(_greedy(gf, pf, full_pref)))

    # sectors (sets, exact labels)
    gs, ps = set(_strs(g, "sectors")), set(_strs(p, "sectors"))
    _count(fields["sectors"], len(gs), len(ps), len(gs & ps))

    # meeting
    gm, pm = _meeting(g), _meeting(p)
    gpart, ppart = _strs(gm, "participants"), _strs(pm, "participants")
    pairs = _greedy(gpart, ppart, person_score)
    _count(fields["meeting.participants"], len(gpart), len(ppart), len(pairs))
    if gm is not None or pm is not None:
        fields["meeting.place"].judge(name_key((gm or {}).get("place")) == name_key((pm or {}).get("place")))

    # quotes
    gq = [x for x in _dicts(g, "quotes", "starts_with") if quote_tokens(x.get("starts_with"))]
    pq = [x for x in _dicts(p, "quotes", "starts_with") if quote_tokens(x.get("starts_with"))]

    def speaker_ok(a: Any, b: Any) -> bool:
        a, b = _blank(a), _blank(b)
        if same_person(a, b):
            return True
        return bool(a and b and org_aliases is not None and org_key(str(a)) == org_key(str(b)))

    def quote_pref(a: dict[str, Any], b: dict[str, Any]) -> tuple[int, bool] | None:
        if not quote_match(a.get("starts_with"), b.get("starts_with")):
            return None
        ta, tb = quote_tokens(a.get("starts_with")), quote_tokens(b.get("starts_with"))
        common = next((n for n, (x, y) in enumerate(zip(ta, tb)) if x != y), min(len(ta), len(tb)))
        return (common, speaker_ok(a.get("speaker"), b.get("speaker")))

    pairs = _greedy(gq, pq, quote_pref)
    _count(fields["quotes"], len(gq), len(pq), len(pairs))
    for i, j in pairs:
        fields["quotes.speaker"].judge(speaker_ok(gq[i].get("speaker"), pq[j].get("speaker")))


def _index_predictions(gold_ids: Sequence[str],
                       pred: Iterable[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    by_id: dict[str, dict[str, Any]] = {}
    for rec in pred:
        if isinstance(rec, dict) and rec.get("id") is not None:
            by_id.setdefault(str(rec["id"]), rec)
    # fall back to base names (a prediction keyed by path, gold by file name), only when unambiguous
    by_base: dict[str, list[str]] = {}
    for pid in by_id:
        by_base.setdefault(os.path.basename(pid.replace("\\", "/")), []).append(pid)
    resolved: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    for gid in gold_ids:
        if gid in by_id:
            resolved[gid] = by_id[gid]
            used.add(gid)
    for gid in [x for x in gold_ids if x not in resolved]:
        cands = [c for c in by_base.get(os.path.basename(gid), []) if c not in used]
        if len(cands) == 1:
            resolved[gid] = by_id[cands[0]]
            used.add(cands[0])
    ignored = [pid for pid in by_id if pid not in used]
    return resolved, ignored


def score(gold: list[dict[str, Any]], pred: list[dict[str, Any]],
          org_aliases: OrgAliases | None = None, place_aliases: OrgAliases | None = None) -> Report:
    """Score ``pred`` against ``gold`` (records in the gold format, joined on ``id``)."""
    report = Report()
    gold_docs = [(str(g.get("id", f"#{n}")), g) for n, g in enumerate(gold, 1) if isinstance(g, dict)]
    resolved, report.ignored_ids = _index_predictions([gid for gid, _ in gold_docs], pred)
    for gid, g in gold_docs:
        p = resolved.get(gid)
        if p is None:
            report.missing_ids.append(gid)
        _score_doc(report.fields, g, p, org_aliases, place_aliases)
        report.documents += 1
    _score_duplicates(report.fields["duplicates"], gold_docs, resolved)
    return report


def _score_duplicates(fs: FieldScore, gold_docs: list[tuple[str, dict[str, Any]]],
                      resolved: dict[str, dict[str, Any]]) -> None:
    """Pairs {document, the document it duplicates} compared as unordered pairs of ids (which of two
    mirrors is "earlier" is often undecidable from the texts), after mapping predicted ids to gold ids; a
    duplicate_of that names no scored document counts as a false positive."""
    to_gold = {str(p.get("id")): gid for gid, p in resolved.items()}
    gold_pairs = {frozenset((gid, str(g["duplicate_of"]))) for gid, g in gold_docs if _blank(g.get("duplicate_of"))}
    pred_pairs = {frozenset((gid, to_gold.get(str(p["duplicate_of"]), "?" + str(p["duplicate_of"]))))
                  for gid, p in resolved.items() if _blank(p.get("duplicate_of"))}
    tp = len(gold_pairs & pred_pairs)
    _count(fs, len(gold_pairs), len(pred_pairs), tp)


# --------------------------------------------------------------------------------------------- output

def _fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def format_table(report: Report) -> str:
    """Aligned text table: field, metric, precision, recall, f1/accuracy, support; then a summary line."""
    header = ("field", "metric", "precision", "recall", "f1/acc", "support")
    body = [(r["field"], r["metric"], _fmt(r["precision"]), _fmt(r["recall"]),
             _fmt(r["f1"] if r["metric"] == "f1" else r["accuracy"]), str(r["support"])) for r in report.rows()]
    widths = [max(len(row[c]) for row in [header, *body]) for c in range(len(header))]

    def line(row: Sequence[str]) -> str:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
        cells += [cell.rjust(w) for cell, w in zip(row[2:], widths[2:])]
        return "  ".join(cells).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in body]
    summary = f"documents: {report.documents}, without prediction: {len(report.missing_ids)}"
    if report.missing_ids:
        shown = report.missing_ids[:10]
        summary += " (" + ", ".join(shown) + (", ..." if len(report.missing_ids) > 10 else "") + ")"
    if report.ignored_ids:
        summary += f", predictions not in gold (ignored): {len(report.ignored_ids)}"
    out.append(summary)
    core = report.core_mean
    if core is not None:
        out.append(f"core mean ({', '.join(CORE_FIELDS)}): {core:.3f}")
    return "\n".join(out)


_STATS = ("f1", "precision", "recall", "accuracy")


def check_floors(report: Report, floors: dict[str, float]) -> list[str]:
    """Human-readable failures, e.g. "figures.full f1 0.82 < floor 0.90"; [] when every floor holds."""
    failures = []
    for key, floor in floors.items():
        if key == "core_mean":
            core = report.core_mean
            if core is not None and core < float(floor):
                failures.append(f"core mean {core:.2f} < floor {float(floor):.2f}")
            continue
        name, stat = key, None
        if key not in report.fields and "." in key:
            head, tail = key.rsplit(".", 1)
            if tail in _STATS:
                name, stat = head, tail
        fs = report.fields.get(name)
        if fs is None:
            failures.append(f"{key}: unknown metric (fields: {', '.join(report.fields)})")
            continue
        stat = stat or fs.metric
        if (stat == "accuracy") != (fs.metric == "accuracy"):
            failures.append(f"{key}: {name} has no {stat} (it is scored by {fs.metric})")
            continue
        value = getattr(fs, stat)
        if value is not None and value < float(floor):
            failures.append(f"{name} {stat} {value:.2f} < floor {float(floor):.2f}")
    return failures
