"""Status cues (``data/project_patterns.jsonl``) and the sentence they fire in: clauses, micro-clauses, the
future check, and which cue speaks about a mention (see the package docstring)."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...resources import load_jsonl
from .. import lexicon
from ..persons import PlaceHit
from .model import _Cand, _Tok
from .words import CLAUSE_CUT, COMPLEMENT, CONJ_START, DETS, MICRO_CUT, RELATIVE, STATUS_RANK, TOKEN_RX


@dataclass(frozen=True)
class _Cue:
    id: str
    status: str
    rx: re.Pattern[str]
    scope: str  # sentence | clause
    present_future: bool
    unless: re.Pattern[str] | None
    needles: tuple[str, ...] | None = None  # one of these (lower-cased) is in every match: a cheap pre-test
    requires: re.Pattern[str] | None = None  # the status holds only if this is in the sentence ...
    otherwise: str | None = None  # ... else the cue gives this status (or nothing)


@dataclass(frozen=True)
class _Patterns:
    cues: tuple[_Cue, ...]
    future: tuple[re.Pattern[str], ...]
    present_future: tuple[re.Pattern[str], ...]
    not_future: tuple[re.Pattern[str], ...]
    negation: tuple[re.Pattern[str], ...]
    needle_finder: Any = None  # an Aho-Corasick automaton of every cue's needles (None when no cue has any)

    def needles_in(self, low: str) -> set[str]:
        """The cue needles that occur in ``low``: one pass over the sentence instead of a substring test per
        needle and cue (``not found.isdisjoint(cue.needles)`` is ``any(n in low for n in cue.needles)``)."""
        if self.needle_finder is None:
            return set()
        return {n for _, found in self.needle_finder.iter(low) for n in found}


def _needle_finder(cues: list[_Cue]) -> Any:
    words = sorted({n for c in cues for n in c.needles or ()})
    return lexicon.keyword_automaton((n, n) for n in words) if words else None


def _needles(pattern: str) -> tuple[str, ...] | None:
    """Literal strings of which every match of ``pattern`` contains one, or None when there are none."""
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
        parsed = sre_parse.parse(pattern)
    except Exception:  # noqa: BLE001 - pragma: no cover - another Python's regex internals may differ or be absent
        return None
    consts = sre_parse

    def seq(items: Any) -> set[str] | None:
        options: list[set[str]] = []
        run = ""
        for op, av in items:
            if op is consts.LITERAL:
                run += chr(av)
                continue
            if len(run) >= 3:
                options.append({run})
            run = ""
            if op is consts.SUBPATTERN:
                got = seq(av[-1])
            elif op is consts.BRANCH:
                branches = [seq(b) for b in av[1]]
                got = None if any(b is None for b in branches) else set().union(*(b for b in branches if b is not None))
            elif op in (consts.MAX_REPEAT, consts.MIN_REPEAT) and av[0] >= 1:
                got = seq(av[2])
            else:
                got = None
            if got:
                options.append(got)
        if len(run) >= 3:
            options.append({run})
        if not options:
            return None
        return min(options, key=lambda o: (len(o), -min(len(x) for x in o)))

    found = seq(parsed)
    return tuple(sorted({n.lower() for n in found})) if found else None


_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]")


def literal_needles(pattern: str) -> tuple[str, ...] | None:
    """``_needles`` for a pre-test on lower-cased text (every match of ``pattern`` in a text whose lower case
    keeps its length holds one of them in that lower case), or None: also for a pattern with inline flags
    (under IGNORECASE a literal matches characters whose lower case differs, "ſ" for "s") and for needles
    with a sigma (a capital sigma lower-cases by its context)."""
    if _INLINE_FLAGS.search(pattern):
        return None
    found = _needles(pattern)
    if found is None or any(c in "Σσς" for n in found for c in n):
        return None
    return found


@lru_cache(maxsize=1)
def patterns() -> _Patterns:
    """The rows of ``project_patterns.jsonl``; kinds, statuses and regexes were checked at load (schemas.jsonl)."""
    cues: list[_Cue] = []
    kinds: dict[str, list[re.Pattern[str]]] = {"future": [], "present_future": [], "not_future": [], "negation": []}
    for row in load_jsonl("project_patterns.jsonl"):
        kind = row["kind"]
        rx = re.compile(row["pattern"])
        if kind == "cue":
            unless = re.compile(row["unless"]) if row.get("unless") else None
            requires = re.compile(row["requires"]) if row.get("requires") else None
            cues.append(_Cue(row["id"], row["status"], rx, row.get("scope", "sentence"),
                             bool(row.get("present_future")), unless, _needles(row["pattern"]), requires,
                             row.get("otherwise")))
        else:
            kinds[kind].append(rx)
    return _Patterns(tuple(cues), tuple(kinds["future"]), tuple(kinds["present_future"]),
                     tuple(kinds["not_future"]), tuple(kinds["negation"]), _needle_finder(cues))


class _Sentence:
    """One sentence, tokenized once, with its clause and micro-clause boundaries and its cues."""

    def __init__(self, text: str, s: int, e: int, places: list[PlaceHit]) -> None:
        self.text, self.s, self.e = text, s, e
        self.toks = [_Tok(m.group(), s + m.start(), s + m.end()) for m in TOKEN_RX.finditer(text[s:e])]
        self.tok_at = {t.start: i for i, t in enumerate(self.toks)}
        self.places = [h for h in places if s <= h.start < e]
        self.place_at = {h.start: h for h in self.places if h.entry.form != "adjective"}
        seg = text[s:e]
        self.clauses = self._cuts(CLAUSE_CUT, seg)
        self.micro = self._cuts(MICRO_CUT, seg)
        self._cues: list[tuple[_Cue, int, int, str, bool]] | None = None

    def _cuts(self, rx: re.Pattern[str], seg: str) -> list[tuple[int, int]]:
        out, pos = [], self.s
        for m in rx.finditer(seg):
            a, b = self.s + m.start(), self.s + m.end()
            if a > pos:
                out.append((pos, a))
            pos = b
        if pos < self.e:
            out.append((pos, self.e))
        return out or [(self.s, self.e)]

    @staticmethod
    def _index(spans: list[tuple[int, int]], pos: int) -> int:
        i = bisect_right([a for a, _ in spans], pos) - 1
        return max(i, 0)

    def micro_region(self, a: int, b: int) -> tuple[int, int]:
        i, j = self._index(self.micro, a), self._index(self.micro, max(a, b - 1))
        return self.micro[i][0], self.micro[j][1]

    def cues(self) -> list[tuple[_Cue, int, int, str, bool]]:
        """(cue, start, end, status after the future check, demoted?) for every cue that fires."""
        if self._cues is not None:
            return self._cues
        pats = patterns()
        out = []
        found = pats.needles_in(self.text[self.s:self.e].lower())
        for cue in pats.cues:
            if cue.needles is not None and found.isdisjoint(cue.needles):
                continue
            for m in cue.rx.finditer(self.text, self.s, self.e):
                ms, me = m.start(), m.end()
                ra, rb = self.micro_region(ms, me)
                region = self.text[ra:rb]
                if cue.unless is not None and cue.unless.search(region):
                    continue
                if any(n.search(self.text, ra, me) for n in pats.negation):
                    continue
                status, demoted = cue.status, False
                if cue.requires is not None and not self.states(cue.requires):
                    if cue.otherwise is None:
                        continue
                    status = cue.otherwise
                if status != "proposed":
                    future = any(f.search(region) for f in pats.future)
                    if not future and cue.present_future:
                        future = any(f.search(region) for f in pats.present_future) and \
                            not any(f.search(region) for f in pats.not_future)
                    if future:
                        status, demoted = "proposed", True
                out.append((cue, ms, me, status, demoted))
        self._cues = out
        return out

    def states(self, rx: re.Pattern[str]) -> bool:
        """Whether the sentence states ``rx`` as a fact: a match in a micro-clause without a plan, modal or
        future marker and without a negation ("Der Bau soll im Frühjahr beginnen" states no construction)."""
        pats = patterns()
        for m in rx.finditer(self.text, self.s, self.e):
            ra, rb = self.micro_region(m.start(), m.end())
            region = self.text[ra:rb]
            if any(f.search(region) for f in pats.future) or any(n.search(region) for n in pats.negation):
                continue
            return True
        return False

    def scopes(self, pos: int, phrase_end: int) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
        """The phrase's own clause (with a relative clause right after it and the main clause's rest) and
        the clause that governs it ("Die Seiten vereinbarten, ... zu errichten")."""
        i = self._index(self.clauses, pos)
        own = [self.clauses[i]]
        j = i + 1
        if j < len(self.clauses) and self.clauses[i][1] - phrase_end <= 40:
            nxt = self.text[self.clauses[j][0]:self.clauses[j][1]].strip()
            if RELATIVE.match(nxt):
                own.append(self.clauses[j])
                j += 1
                if j < len(self.clauses):
                    rest = self.text[self.clauses[j][0]:self.clauses[j][1]].strip()
                    first = rest.split(" ", 1)[0]
                    if first.islower() and first.isalpha() and not CONJ_START.match(rest) and \
                            not RELATIVE.match(rest):
                        own.append(self.clauses[j])
        governing = None
        a, b = self.clauses[i]
        if i > 0 and COMPLEMENT.search(self.text[a:b].strip()):
            governing = self.clauses[i - 1]
        return own, governing



def _status(sent: _Sentence, cand: _Cand) -> tuple[str | None, str | None, str | None, int | None]:
    cues = sent.cues()
    if not cues:
        return None, None, None, None
    own, governing = sent.scopes(cand.head_start, cand.end)

    def inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
        return any(s <= a < e or s < b <= e or (a <= s and e <= b) for s, e in spans)

    # "Wir möchten, dass in Omsk ein Servicezentrum entsteht": a wish or plan governs what its clause says
    pats = patterns()
    wished = governing is not None and any(f.search(sent.text, governing[0], governing[1]) for f in pats.future)
    ranked = []
    for cue, a, b, status, demoted in cues:
        is_own = inside(own, a, b)
        if wished and is_own and not demoted and (status != "proposed" or cue.status != "proposed"):
            status, demoted = "proposed", True
        is_gov = governing is not None and inside([governing], a, b) and not cand.anaphor
        if cand.anaphor and not is_own:
            continue  # "das Werk" takes only what its own clause says of it
        if cue.scope == "clause" and not (is_own or is_gov):
            continue
        tier = None
        if is_own and not demoted:
            tier = 0
        elif is_gov and not demoted:
            tier = 1
        elif is_own or is_gov:
            tier = 2
        dist = 0 if a < cand.end and cand.start < b else (cand.start - b if b <= cand.start else a - cand.end)
        ranked.append((tier, -STATUS_RANK[status], dist, a, cue, status, b))
    if not ranked:
        return None, None, None, None
    referring = [r for r in ranked if r[0] is not None]
    if referring:
        best = min(referring, key=lambda r: (r[0], r[1], r[2]))
    else:
        best = min(ranked, key=lambda r: (r[2], r[1]))
    tier, _, _, a, cue, status, b = best
    return status, _cue_text(sent.text[a:b]), cue.id, tier


def _cue_text(s: str) -> str:
    """The cue as written; a long one with a gap ('Bau einer Werkstatt ... abgeschlossen') as
    'Bau ... abgeschlossen'."""
    words = s.split()
    if len(words) <= 4:
        return " ".join(words)
    while len(words) > 2 and words[0].lower() in DETS:
        words = words[1:]
    return f"{words[0]} ... {words[-1]}"

