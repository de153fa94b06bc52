"""Ingest throughput and peak memory on N synthetic articles.

    python benchmarks/ingest_bench.py [-n 2000] [--floor] [--batch-size 200] [--tracemalloc]
                                      [--without-extract] [--keep]

The articles are variations of the bundled sample corpus (src/coopgraph/data/sample): other
datelines and header dates, other place and person names, scaled numbers and a shuffled body,
written to a temporary folder as .txt, .html and .jsonl files like the originals. The full
``coopgraph ingest`` pipeline (read, clean, extract, store) then runs into a temporary SQLite
database. Printed: articles/s and peak memory (ru_maxrss; with --tracemalloc also the peak of the
Python heap, which slows the run down). ``--floor`` adds the lower bound any pipeline pays:
reading the same files and running spaCy's blank German tokenizer over the texts, nothing else, and the
ratio of the two rates, by wall time and by CPU time (the CPU ratio does not move with the machine's load).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from coopgraph.dates import MONTH_RE
from coopgraph.resources import sample_corpus_path
from coopgraph.settings import Settings

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]
PLACES = ["MINSK", "GOMEL", "BREST", "GRODNO", "WITEBSK", "MOGILJOW", "BOBRUISK", "PINSK", "ORSCHA", "BARANOWITSCHI",
          "SOLIGORSK", "NOWOPOLOZK", "LIDA", "SLUZK", "SCHODINO"]
FIRST = ["Andrej", "Sergej", "Natalja", "Olga", "Dmitri", "Pawel", "Irina", "Wladimir", "Jelena", "Alexej",
         "Tatjana", "Michail", "Swetlana", "Igor", "Anna"]
LAST = ["Kowaljow", "Sidorenko", "Grigorjew", "Martschenko", "Lebedew", "Baranowski", "Tkatschenko", "Sokolow",
        "Wolkow", "Schukow", "Zarenko", "Belousow", "Dubrowin", "Kusmin", "Orlowa"]

SYLLABLES = ["ba", "do", "ke", "li", "mo", "ra", "su", "ta", "wi", "no", "gri", "pe", "sa", "tschu", "ko", "le"]
ENDINGS = ["ow", "ew", "in", "enko", "itsch", "ski", "ik", "uk", "jan", "ow"]


def pool_name(r: random.Random, i: int, famous: float = 0.3) -> str:
    """A person in the news by the i-th article: a few (25 names, ``famous`` of the mentions) are in it all the
    time, most come and go; the pool grows with the archive (so a name shared by two articles of one week is
    evidence, as in real news)."""
    if r.random() < famous:
        return f"{FIRST[r.randrange(5)]} {LAST[r.randrange(5)]}"
    pool = 200 + i // 4
    k = r.randrange(pool)
    last = SYLLABLES[k % 16].capitalize() + SYLLABLES[(k // 16) % 16] + ENDINGS[(k // 256) % 10]
    if k >= 2560:
        last += SYLLABLES[(k // 2560) % 16]
    return f"{FIRST[(k * 7) % len(FIRST)]} {last}"


DATELINE_DAY = re.compile(r"(?P<day>\b\d{1,2})(?P<dot>\.?\s+)(?P<month>" + MONTH_RE + r")")
YEAR = re.compile(r"(?<![\d/_])(20[12]\d)(?![\d])")
SMALL_NUMBER = re.compile(r"(?<![\d.,/_\-])(\d{1,3}(?:,\d+)?)(?![\d.,]?\d)(?=\s+(?:Prozent|Millionen|Milliarden|"
                          r"Tonnen|Traktoren|Mähdrescher|Busse|Einheiten|Projekte|Unternehmen|Dollar|US-Dollar|%))")
PERSON = re.compile(r"\b([A-Z][a-zäöü]+) ([A-Z][a-zäöü]+(?:ow|ew|in|enko|itsch|ko|ski|ik|ja|wa|ina))\b")
CAPS_PLACE = re.compile(r"^([A-ZÄÖÜ][A-ZÄÖÜ \-]{2,30}),(?=\s*\d)", re.MULTILINE)
HTML_P = re.compile(r"<p>.*?</p>", re.DOTALL)
START = date(2015, 1, 1)  # the first day of a generated archive (generate's per_day)
FAMOUS = 0.05  # the share of a generated archive's mentions that name one of the 25 people always in the news


@dataclass
class Template:
    name: str  # file name in the sample corpus
    kind: str  # txt | html | jsonl
    text: str  # the file text, or the JSONL record's "text"
    record: dict | None = None


def load_templates(sample: Path) -> list[Template]:
    out: list[Template] = []
    for path in sorted(sample.iterdir()):
        if path.suffix == ".txt":
            out.append(Template(path.name, "txt", path.read_text(encoding="utf-8")))
        elif path.suffix in (".html", ".htm"):
            out.append(Template(path.name, "html", path.read_text(encoding="utf-8")))
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    out.append(Template(path.name, "jsonl", rec["text"], rec))
    return out


def vary(text: str, kind: str, rnd: random.Random, when: date | None = None, index: int | None = None,
         people: People | None = None) -> str:
    """Another article of the same shape: date, names, numbers and paragraph order changed. ``when``: the
    article's day (its dateline says it, with the year; the other years of the text move with it), else a
    random day of a random month and the template's years moved by -3..+1. ``index``: the article's number in
    an archive, whose people come from ``pool_name`` (else from the 225 names of FIRST and LAST)."""
    if when is None:
        day, month = rnd.randint(1, 28), rnd.randint(1, 12)
        shift = rnd.randint(-3, 1)
        text = DATELINE_DAY.sub(lambda m: f"{day}{m.group('dot')}{MONTHS[month - 1]}", text)
        text = YEAR.sub(lambda m: str(min(2025, int(m.group(1)) + shift)), text)
    else:
        first = YEAR.search(text)
        shift = when.year - int(first.group(1)) if first else 0
        text = YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)

        def day(m: re.Match[str]) -> str:  # every day named (dateline, page header) is the article's, with its year
            dated = YEAR.match(m.string, m.end() + 1) is not None
            return f"{when.day}{m.group('dot')}{MONTHS[when.month - 1]}" + ("" if dated else f" {when.year}")

        text = DATELINE_DAY.sub(day, text)
        if kind == "txt" and not CAPS_PLACE.search(text):  # no dateline: give it one (every article dated)
            text = f"{rnd.choice(PLACES)}, {when.day}. {MONTHS[when.month - 1]} {when.year} – {text}"
    place = rnd.choice(PLACES)
    text = CAPS_PLACE.sub(place + ",", text, count=1)
    names: dict[str, str] = {}

    def person(m: re.Match[str]) -> str:
        key = m.group(0)
        if key not in names:
            names[key] = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}" if index is None else pool_name(rnd, index, FAMOUS)
        return names[key]

    text = PERSON.sub(person, text)
    if people is not None:  # the people the extractor finds in the templates, under new names (surname alone too)
        def someone(m: re.Match[str]) -> str:
            full = people.person[m.group(0)]  # a surname alone: the surname of whoever that person became
            if full not in names:
                names[full] = pool_name(rnd, index or 0, FAMOUS)
            return names[full] if m.group(0) == full else names[full].split()[-1]

        text = people.pattern.sub(someone, text)

    def number(m: re.Match[str]) -> str:
        value = float(m.group(1).replace(",", ".")) * rnd.uniform(0.5, 2.0)
        return f"{value:.1f}".replace(".", ",") if "," in m.group(1) else str(max(1, round(value)))

    text = SMALL_NUMBER.sub(number, text)
    return shuffle_body(text, kind, rnd)


def shuffle_body(text: str, kind: str, rnd: random.Random) -> str:
    if kind == "html":
        paras = HTML_P.findall(text)
        if len(paras) > 2:
            body = paras[1:]
            rnd.shuffle(body)
            it = iter([paras[0], *body])
            text = HTML_P.sub(lambda m: next(it), text)
        return text
    sep = "\n\n" if "\n\n" in text.strip() else "\n"
    parts = text.split(sep)
    # Keep everything up to the first long paragraph (page furniture, title, dateline) and the
    # footer (short lines at the end); shuffle the paragraphs in between.
    first = next((i for i, p in enumerate(parts) if len(p) > 120), None)
    last = max((i for i, p in enumerate(parts) if len(p) > 120), default=None)
    if first is None or last is None or last - first < 2:
        return text
    body = parts[first + 1:last + 1]
    rnd.shuffle(body)
    return sep.join(parts[:first + 1] + body + parts[last + 1:])


def _body(parts: list[str]) -> tuple[int, int] | None:
    """The body paragraphs' range (after the first long one: page furniture, title and lead stay; before the
    short lines of a footer), as shuffle_body keeps them."""
    first = next((i for i, p in enumerate(parts) if len(p) > 120), None)
    last = max((i for i, p in enumerate(parts) if len(p) > 120), default=None)
    return None if first is None or last is None or last == first else (first + 1, last + 1)


@dataclass
class People:
    """The people named in the templates, as the extractor finds them, and one pattern for their full names and
    surnames (longest first)."""
    person: dict[str, str]  # a full name -> itself; a surname -> the first full name (sorted) that ends with it
    pattern: re.Pattern[str]


def template_people(templates: list[Template]) -> People:
    from coopgraph.models import RawDoc
    from coopgraph.pipeline import process

    found: set[str] = set()
    for i, t in enumerate(templates):
        fmt = {"txt": "text", "jsonl": "jsonl", "html": "html"}[t.kind]
        out = process(RawDoc(id=f"t{i}", source=t.name, fmt=fmt, content=t.text))
        found.update(p.name for p in getattr(out, "persons", []) if " " in p.name)
    person = {f: f for f in found}
    for f in sorted(found):
        person.setdefault(f.split()[-1], f)
    words = sorted(person, key=lambda w: (-len(w), w))
    return People(person, re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b"))


def paragraph_pool(templates: list[Template]) -> tuple[list[str], list[str]]:
    """The leads (first long paragraph: dateline and first sentences) and the body paragraphs of the plain-text
    templates (what mix_body draws from)."""
    leads, bodies = [], []
    for t in templates:
        if t.kind != "html":
            sep = "\n\n" if "\n\n" in t.text.strip() else "\n"
            parts = t.text.split(sep)
            span = _body(parts)
            if span:
                leads.append(parts[span[0] - 1])
                bodies.extend(p for p in parts[span[0]:span[1]] if len(p) > 120)
    return leads, bodies


def mix_body(text: str, kind: str, pool: tuple[list[str], list[str]], rnd: random.Random) -> str:
    """The template's furniture (page header, title, footer) around a lead and body paragraphs drawn from all
    templates': a day's articles then share a paragraph now and then, as a day's news does, instead of being
    near-copies of each other (which the MinHash and the story decision rightly make one story)."""
    leads, bodies = pool
    if kind == "html":
        first = text.find("<p>")
        return HTML_P.sub(lambda m: f"<p>{rnd.choice(leads if m.start() == first else bodies)}</p>", text)
    sep = "\n\n" if "\n\n" in text.strip() else "\n"
    parts = text.split(sep)
    span = _body(parts)
    if span is None:
        return text
    parts[span[0] - 1] = rnd.choice(leads)
    for i in range(*span):
        if len(parts[i]) > 120:
            parts[i] = rnd.choice(bodies)
    return sep.join(parts)


def _credit(text: str, kind: str, rnd: random.Random) -> str:
    """Another outlet's copy of an article: the same text with its own source line."""
    line = f"Quelle: Agentur {rnd.randrange(1000)}"
    if kind == "html" and "</article>" in text:
        return text.replace("</article>", f"<p>{line}</p></article>", 1)
    return text.rstrip() + "\n\n" + line + "\n"


def generate(n: int, folder: Path, seed: int = 20240613, jsonl_per_file: int = 50,
             per_day: int | None = None) -> tuple[int, int]:
    """Write n unique articles into folder; return (articles, files).

    ``per_day``: an archive as it grows, for the benchmarks of the story graph at scale. The articles are dated
    that many a day from 1 January 2015 on (so a week holds as many articles at 100,000 as at 5,000), every one
    with its date in the text; each takes a template's head and lead and a mix of the templates' body paragraphs
    (``mix_body``), and one in ten is another outlet's copy of an article of the last two days (so stories of
    two or three form). Without it: variations of the templates with a random day in the template's years, so
    that the density per week grows with n and a template's variations are near-copies (one story per template
    and week, as the stored benchmarks of ingest speed were measured on)."""
    templates = load_templates(sample_corpus_path())
    if not templates:
        sys.exit("no sample corpus found")
    rnd = random.Random(seed)
    pool = paragraph_pool(templates) if per_day else None
    people = template_people(templates) if per_day else None
    recent: list[tuple[Template, str, date]] = []  # per_day: the articles of the last two days
    seen: set[str] = set()
    files = 0
    jsonl_lines: list[str] = []
    for i in range(n):
        t = templates[i % len(templates)]
        when = START + timedelta(days=i // per_day) if per_day else None
        copy = per_day is not None and recent and rnd.random() < 0.1
        for _ in range(20):
            if copy:
                t, text, when = rnd.choice(recent)
                text = _credit(text, t.kind, rnd)
            else:
                text = (vary(mix_body(t.text, t.kind, pool, rnd), t.kind, rnd, when, i, people) if pool
                        else vary(t.text, t.kind, rnd, when))
            h = hashlib.sha1(text.encode()).hexdigest()
            if h not in seen:
                break
        seen.add(h)
        if per_day and when is not None:
            recent.append((t, text, when))
            del recent[:-2 * per_day]
        stem = f"bench_{i:05d}_{Path(t.name).stem}"
        if t.kind == "jsonl":
            rec = dict(t.record or {}) | {"id": f"{stem}", "text": text}
            rec.pop("date", None)  # the varied text has another date than the original record
            if when is not None:
                rec["date"] = when.isoformat()
            rec.pop("url", None)
            jsonl_lines.append(json.dumps(rec, ensure_ascii=False))
            if len(jsonl_lines) == jsonl_per_file:
                (folder / f"bench_{i:05d}.jsonl").write_text("\n".join(jsonl_lines) + "\n", encoding="utf-8")
                jsonl_lines.clear()
                files += 1
        else:
            (folder / f"{stem}.{t.kind}").write_text(text, encoding="utf-8")
            files += 1
    if jsonl_lines:
        (folder / "bench_rest.jsonl").write_text("\n".join(jsonl_lines) + "\n", encoding="utf-8")
        files += 1
    return n, files


def peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def run_ingest(folder: Path, db: Path, batch_size: int, trace: bool, extract: bool = True) -> tuple[float, float]:
    from coopgraph import pipeline
    from coopgraph.clean import clean
    from coopgraph.models import Extraction, RawDoc
    from coopgraph.pipeline import ingest, process
    from coopgraph.store import Store

    if not extract:  # the foundation alone: read, clean, store (no fact extraction)
        pipeline.extract = lambda article: Extraction(article=article)  # type: ignore[assignment]

    # Load the lazy parts (HTML extraction, language model, spaCy pipeline) once, outside the timing.
    t0 = time.perf_counter()
    if extract:
        from coopgraph.extract import warm_up

        warm_up()
    warm = next(folder.glob("*.txt"), None) or next(folder.iterdir())
    process(RawDoc(id="warmup", source="warmup", fmt="text", content=warm.read_text(encoding="utf-8")))
    html = next(folder.glob("*.html"), None)
    if html is not None:
        clean(RawDoc(id="warmup", source="warmup", fmt="html", content=html.read_text(encoding="utf-8")))
    load = time.perf_counter() - t0

    settings = Settings(db=str(db), batch_size=batch_size, quiet=True)
    store = Store.open(db)
    if trace:
        tracemalloc.start()
    t0, c0 = time.perf_counter(), time.process_time()
    report = ingest([str(folder)], store, settings, progress=False)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    heap = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    if trace:
        tracemalloc.stop()
    store.close()
    rate = report.read / elapsed if elapsed else float("inf")
    cpu_rate = report.read / cpu if cpu else float("inf")
    print(f"ingest: read {report.read}, new {report.new}, unchanged {report.unchanged}, rejected {report.rejected} "
          f"in {elapsed:.2f} s = {rate:.1f} articles/s (batch {batch_size}; model/parser load {load:.2f} s, untimed"
          + ("" if extract else "; WITHOUT fact extraction") + ")")
    per = report.read / (elapsed - report.graph_seconds) if elapsed > report.graph_seconds else float("inf")
    print(f"  of which the corpus graph update (stories, entities, projects, matches): {report.graph_seconds:.2f} s; "
          f"read+clean+extract+store alone: {per:.1f} articles/s")
    if report.read:  # CPU time is steadier than wall time on a shared machine
        print(f"  CPU time of the whole ingest: {cpu / report.read * 1000:.1f} ms per article")
    print(f"peak memory: {peak_rss_mb():.0f} MB resident (ru_maxrss, whole process)"
          + (f", {heap:.0f} MB Python heap (tracemalloc, during ingest)" if heap is not None else ""))
    print(f"database: {db.stat().st_size / 2**20:.1f} MB")
    return rate, per, cpu_rate


def run_floor(folder: Path) -> tuple[float, float]:
    """Reading the files and tokenizing the texts with spacy.blank('de'): the cost of doing nothing else."""
    import spacy

    nlp = spacy.blank("de")
    t0, c0 = time.perf_counter(), time.process_time()
    texts: list[str] = []
    for path in sorted(folder.iterdir()):
        data = path.read_bytes().decode("utf-8")
        if path.suffix == ".jsonl":
            texts += [json.loads(line)["text"] for line in data.splitlines() if line.strip()]
        else:
            texts.append(data)
    tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=256))
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"floor (read files + spacy.blank('de') tokenizer): {len(texts)} articles, {tokens} tokens "
          f"in {elapsed:.2f} s = {len(texts) / elapsed:.0f} articles/s")
    return len(texts) / elapsed, len(texts) / cpu if cpu else float("inf")


def run_stages(folder: Path) -> None:
    """CPU milliseconds per article for each stage, and for each extraction component, on the same files
    (process CPU time: on a shared machine it varies far less than wall time)."""
    import collections

    from coopgraph.clean import clean
    from coopgraph.extract import nlp, warm_up
    from coopgraph.ingest import iter_documents
    from coopgraph.store import Store

    warm_up()
    clock = time.process_time
    settings = Settings()
    t0 = clock()
    raws = [r for r in iter_documents([str(folder)], settings) if hasattr(r, "content")]
    times = {"read+decode": clock() - t0}
    t0 = clock()
    articles = [clean(r) for r in raws]
    times["clean"] = clock() - t0
    pipe = nlp()
    comp: collections.Counter[str] = collections.Counter()
    from coopgraph.extract import extract

    t0 = clock()
    exts = [extract(a) for a in articles]
    times["extract"] = clock() - t0
    for a in articles[:300]:
        t = clock()
        doc = pipe.make_doc(a.text)
        comp["tokenizer"] += clock() - t
        doc.user_data["article"] = a
        for name, proc in pipe.pipeline:
            t = clock()
            doc = proc(doc)
            comp[name] += clock() - t
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "stages.db")
        t0 = clock()
        for i in range(0, len(exts), 200):
            store.save_batch(exts[i:i + 200])
        times["store"] = clock() - t0
        store.close()
    n = len(raws)
    print("stages (CPU ms per article): " + ", ".join(f"{k} {v / n * 1000:.2f}" for k, v in times.items()))
    m = min(300, len(articles))
    print("extraction components (CPU ms per article): "
          + ", ".join(f"{k} {v / m * 1000:.2f}" for k, v in comp.most_common()))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--articles", type=int, default=2000, help="synthetic articles to generate (default 2000)")
    ap.add_argument("--batch-size", type=int, default=Settings().batch_size, help="articles per transaction")
    ap.add_argument("--floor", action="store_true", help="also time reading + spacy.blank('de') tokenizer alone")
    ap.add_argument("--tracemalloc", action="store_true", help="also report the Python heap peak (slower)")
    ap.add_argument("--without-extract", action="store_true",
                    help="time the foundation alone: read, clean and store, no fact extraction")
    ap.add_argument("--stages", action="store_true", help="also time each stage and extraction component")
    ap.add_argument("--seed", type=int, default=20240613)
    ap.add_argument("--keep", action="store_true", help="keep the generated files and database")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="coopgraph-bench-"))
    folder = tmp / "articles"
    folder.mkdir()
    t0 = time.perf_counter()
    n, files = generate(args.articles, folder, args.seed)
    print(f"generated {n} articles in {files} files from the sample corpus in {time.perf_counter() - t0:.2f} s"
          f" -> {folder}")
    rate, per, cpu_rate = run_ingest(folder, tmp / "bench.db", args.batch_size, args.tracemalloc,
                           extract=not args.without_extract)
    if args.floor:
        floor, cpu_floor = run_floor(folder)
        # the figure the extraction issue tracks (machine noise cancels out of a ratio measured in one run)
        print(f"ratio pipeline/floor: {rate / floor:.3f} (whole ingest with the graph update), "
              f"{per / floor:.3f} (read+clean+extract+store)")
        # the same ratio by CPU time: what another process takes from the wall clock does not enter it
        print(f"ratio pipeline/floor by CPU time: {cpu_rate / cpu_floor:.3f} (whole ingest with the graph update)")
    if args.stages:
        run_stages(folder)
    if args.keep:
        print(f"kept {tmp}")
    else:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
