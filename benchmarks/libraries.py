"""The libraries measured for lemmas and numbers (issue 7), against what coopgraph uses.

    pip install simplemma==2.0.0 text2num==3.1.0   # measured only; not dependencies of coopgraph
    python benchmarks/libraries.py [--skip-eval]

1. **Lexicon** (is a capitalized word an ordinary German word or a name?). coopgraph uses the forms and lemmas of
   spacy-lookups-data's German lemma table (`lexicon.german_words`, `is_german_word` with its compound-tail rule).
   simplemma 2.0's German dictionary is the alternative. Yardstick: every capitalized token of GermEval 2014 dev
   that is not the first of its sentence; it is a name when GermEval tags it PER, ORG, LOC or OTH (not -deriv or
   -part). "Unknown to the lexicon" is the name evidence the extractors use, so we print its precision and recall
   for names, the load time and the lookup rate. Then the dev eval with simplemma's forms swapped in for the
   spacy-lookups table (the same compound rule), unless --skip-eval.
2. **Numbers.** For every gold figure of ../shared/eval/dev with a quote: is the gold value (absolute) among the
   values read from the quote by coopgraph's grammar (`numbers.find_quantities`), and by text2num's German
   `alpha2digit` followed by the least glue a digit reader needs (Babel's `parse_decimal` for "1.234,5", the
   scale words Tausend/Mio./Millionen/Mrd./Milliarden, and alpha2digit's "300 1000000" for "300 Millionen")? Plus Babel's `parse_decimal` against
   `parse_german_number` on every digit string of the dev articles (agreement and rate).
Real texts are read from ../shared and never copied into the repo.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COOPGRAPH_SHARED") or ROOT.parent / "shared")
sys.path.insert(0, str(Path(__file__).parent))
from ingest_bench import peak_rss_mb  # noqa: E402 - a sibling benchmark, importable once its folder is on the path


def capitalized_tokens() -> list[tuple[str, bool]]:
    """(token, is a name) for GermEval dev's capitalized, alphabetic, non-initial tokens."""
    from germeval import DATA, read_sentences

    out: list[tuple[str, bool]] = []
    for toks, labels in read_sentences(DATA / "NER-de-dev.tsv"):
        for i, (tok, lab) in enumerate(zip(toks, labels)):
            if i and len(tok) > 1 and tok[0].isupper() and tok.replace("-", "").isalpha():
                out.append((tok, lab[2:] in ("PER", "ORG", "LOC", "OTH")))
    return out


def score_lexicon(name: str, unknown, rows: list[tuple[str, bool]]) -> None:
    t0 = time.perf_counter()
    flags = [unknown(tok) for tok, _ in rows]
    secs = time.perf_counter() - t0
    tp = sum(1 for f, (_, gold) in zip(flags, rows) if f and gold)
    fp = sum(1 for f, (_, gold) in zip(flags, rows) if f and not gold)
    fn = sum(1 for f, (_, gold) in zip(flags, rows) if not f and gold)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"  {name:<44} name precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}  "
          f"{len(rows) / secs / 1000:8.0f}k lookups/s (first pass, uncached)")


def simplemma_forms() -> frozenset[str]:
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    table = DefaultDictionaryFactory().get_dictionary("de")
    forms: set[str] = set()
    for k, v in table.items():
        forms.add(k.lower())
        forms.add((v.decode("utf-8") if isinstance(v, bytes) else v).lower())
    return frozenset(forms)


def lexicon_part(skip_eval: bool) -> None:
    import simplemma

    from coopgraph.extract import lexicon

    rows = capitalized_tokens()
    print(f"lexicon: {len(rows)} capitalized non-initial GermEval dev tokens, {sum(g for _, g in rows)} in names")
    m0, t0 = peak_rss_mb(), time.perf_counter()
    words = lexicon.german_words()
    print(f"  spacy-lookups-data table: {len(words):,} forms, loaded in {time.perf_counter() - t0:.2f} s, "
          f"peak RSS +{peak_rss_mb() - m0:.0f} MB")
    score_lexicon("spacy-lookups-data, exact form", lambda t: t.lower() not in words, rows)
    score_lexicon("spacy-lookups-data + compound tails (in use)", lambda t: not lexicon.is_german_word(t), rows)
    m0, t0 = peak_rss_mb(), time.perf_counter()
    simplemma.is_known("Haus", "de")
    print(f"  simplemma {simplemma.__version__ if hasattr(simplemma, '__version__') else ''}: dictionary loaded in "
          f"{time.perf_counter() - t0:.2f} s, peak RSS +{peak_rss_mb() - m0:.0f} MB")
    score_lexicon("simplemma.is_known", lambda t: not simplemma.is_known(t, "de"), rows)
    forms = simplemma_forms()
    print(f"  simplemma forms and lemmas: {len(forms):,}")
    lexicon.german_words = lambda: forms  # type: ignore[assignment]
    lexicon.is_german_word.cache_clear()
    lexicon._longest_german_word.cache_clear()
    score_lexicon("simplemma forms + compound tails", lambda t: not lexicon.is_german_word(t), rows)
    if skip_eval:
        return
    from coopgraph.evaluate import format_table, load_jsonl, score
    from coopgraph.extract.orgs import org_alias_key
    from coopgraph.extract.partners import place_alias_key
    from coopgraph.serialize import extract_records
    from coopgraph.settings import Settings

    dev = SHARED / "eval" / "dev"
    pred = extract_records([str(dev / "articles.jsonl")], Settings(quiet=True), provenance=False)
    report = score(load_jsonl(dev / "gold.jsonl"), pred, org_aliases=org_alias_key, place_aliases=place_alias_key)
    print("\n  dev eval with simplemma's forms in place of the spacy-lookups table:")
    print("\n".join("    " + line for line in format_table(report).splitlines()))


_SCALE: dict[str, int] = {"tausend": 10**3, "tsd": 10**3, "mio": 10**6, "million": 10**6, "millionen": 10**6,
          "mrd": 10**9, "milliarde": 10**9, "milliarden": 10**9}
_DIGITS = re.compile(r"(?<![\d,.])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?:\s*(Tausend|Tsd|Mio|Millionen|Million"
                     r"|Mrd|Milliarden|Milliarde|1000000000|1000000|1000)\b)?")


def text2num_values(quote: str) -> set[float]:
    """alpha2digit, then the least glue a digit reader needs: Babel's German decimals and scale words."""
    from babel.numbers import NumberFormatError, parse_decimal
    from text_to_num import alpha2digit

    text = alpha2digit(quote, "de", threshold=0)  # "zwei Zentren" too; "300 Millionen" becomes "300 1000000"
    out: set[float] = set()
    for m in _DIGITS.finditer(text):
        num = m.group(0)[: m.start(1) - m.start(0)].strip() if m.group(1) else m.group(0)
        try:
            value = float(parse_decimal(num, locale="de"))
        except NumberFormatError:  # "1.2.3" is not a German decimal: not a value
            continue
        scale = (m.group(1) or "").lower()
        out.add(value * (int(scale) if scale.isdigit() else _SCALE.get(scale, 1)))
    return out


def numbers_part() -> None:
    from babel.numbers import parse_decimal

    from coopgraph.extract.numbers import find_quantities, parse_german_number

    gold = [json.loads(line) for line in (SHARED / "eval" / "dev" / "gold.jsonl").open(encoding="utf-8")]
    figs = [f for doc in gold for f in doc.get("figures") or [] if f.get("quote") and f.get("value") is not None]

    def hit(values: set[float], want: float) -> bool:
        return any(abs(v - abs(want)) <= 1e-6 * max(1.0, abs(want)) for v in values)

    ours = t2n = 0
    t_ours = t_t2n = 0.0
    misses: list[str] = []
    for f in figs:
        t0 = time.perf_counter()
        a = {abs(q.value) for q in find_quantities(f["quote"])}
        t1 = time.perf_counter()
        b = text2num_values(f["quote"])
        t2 = time.perf_counter()
        t_ours += t1 - t0
        t_t2n += t2 - t1
        ours += hit(a, f["value"])
        t2n += hit(b, f["value"])
        if hit(a, f["value"]) and not hit(b, f["value"]) and len(misses) < 6:
            misses.append(f"{f['value']:g} in {f['quote'][:90]!r}")
    print(f"\nnumbers: {len(figs)} gold figures of dev with a quote; the gold value is read from the quote by")
    print(f"  coopgraph find_quantities                 {ours:4d} ({ours / len(figs):.1%})  {t_ours * 1000:6.1f} ms")
    print(f"  text2num alpha2digit + Babel + scales     {t2n:4d} ({t2n / len(figs):.1%})  {t_t2n * 1000:6.1f} ms")
    for line in misses:
        print(f"    read by coopgraph, not by text2num: {line}")
    from text_to_num import alpha2digit

    probe = "eine halbe Milliarde, zweieinhalb Millionen und dreihundertfünfzig Tonnen, ein Plus von zwölf Prozent"
    print(f"  alpha2digit({probe!r})\n    -> {alpha2digit(probe, 'de')!r}")

    texts = [json.loads(line)["text"] for line in (SHARED / "eval" / "dev" / "articles.jsonl").open(encoding="utf-8")]
    strings = [m.group(0) for t in texts for m in re.finditer(r"(?<![\d,.])\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+", t)]
    t0 = time.perf_counter()
    mine = [parse_german_number(s) for s in strings]
    t1 = time.perf_counter()
    babel = [float(parse_decimal(s, locale="de")) for s in strings]
    t2 = time.perf_counter()
    same = sum(1 for x, y in zip(mine, babel) if x == y or Decimal(str(x)) == Decimal(str(y)))
    print(f"  digit strings of the dev articles: {len(strings)}; Babel parse_decimal agrees on {same} "
          f"({same / len(strings):.1%}); parse_german_number {len(strings) / (t1 - t0) / 1000:.0f}k/s, "
          f"Babel {len(strings) / (t2 - t1) / 1000:.0f}k/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-eval", action="store_true", help="no dev eval with simplemma's forms (about a minute)")
    args = ap.parse_args()
    try:
        import simplemma  # noqa: F401
        import text_to_num  # noqa: F401
    except ImportError as exc:
        sys.exit(f"libraries: {exc.name} is not installed; pip install simplemma==2.0.0 text2num==3.1.0 "
                 "(measured only, not coopgraph dependencies)")
    if not (SHARED / "eval" / "dev" / "gold.jsonl").exists():
        sys.exit(f"libraries: {SHARED / 'eval' / 'dev'} is absent; this benchmark reads the real dev set there")
    numbers_part()
    print()
    lexicon_part(args.skip_eval)


if __name__ == "__main__":
    main()
