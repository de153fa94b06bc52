"""Shared fixtures, named for what they give.

Test articles are small German texts written for these tests (tests/fixtures/articles, expected
values in tests/fixtures/expected.jsonl). RSS, Atom, WARC, legacy encodings and every kind of bad
input are built here, in a temporary folder. The real seeds and their gold live in ../shared
(a sibling of the repository, or $COOPGRAPH_SHARED); tests that need them skip when it is absent.
"""
from __future__ import annotations

import io
import json
import os
import random
import shutil
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from coopgraph.resources import sample_corpus_path
from coopgraph.settings import Settings

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
SHARED = Path(os.environ.get("COOPGRAPH_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")
SAMPLE_GOLD = TESTS / "gold" / "sample.jsonl"

# Limit used wherever a test needs one file to be "too large" while real articles are not.
SMALL_MAX_FILE_BYTES = 20_000


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# -- isolation ----------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _no_user_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither the machine's COOPGRAPH_* variables nor a user config file leak into a test."""
    for f in fields(Settings):
        monkeypatch.delenv(f"COOPGRAPH_{f.name.upper()}", raising=False)
    monkeypatch.setenv("COOPGRAPH_CONFIG", "/nonexistent/coopgraph-tests/config.toml")


# -- databases and the CLI ----------------------------------------------------------------------
@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database file that does not exist yet."""
    return tmp_path / "coopgraph.db"


@pytest.fixture
def settings(db_path: Path) -> Settings:
    return Settings(db=str(db_path), quiet=True)


@pytest.fixture
def runner() -> CliRunner:
    """click's CliRunner; ``result.stdout`` and ``result.stderr`` are kept apart."""
    return CliRunner()


# -- corpora ------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    seeds = shared_dir / "seeds"
    if not seeds.is_dir() or not any(seeds.glob("*.txt")):
        pytest.skip("../shared/seeds not present")
    return seeds


@pytest.fixture(scope="session")
def seeds_gold(shared_dir: Path, seeds_dir: Path) -> dict[str, dict[str, Any]]:
    path = shared_dir / "eval" / "seeds" / "gold.jsonl"
    if not path.is_file():
        pytest.skip("../shared/eval/seeds/gold.jsonl not present")
    return {row["id"]: row for row in read_jsonl(path)}


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    """The sample corpus bundled with the package."""
    path = sample_corpus_path()
    if not path.is_dir() or not any(path.iterdir()):
        pytest.skip("bundled sample corpus not present")
    return path


@pytest.fixture(scope="session")
def sample_gold(sample_dir: Path) -> dict[str, dict[str, Any]]:
    if not SAMPLE_GOLD.is_file():
        pytest.skip("tests/gold/sample.jsonl not present")
    return {row["id"]: row for row in read_jsonl(SAMPLE_GOLD)}


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/articles (seven files, nine articles)."""
    dest = tmp_path / "articles"
    shutil.copytree(FIXTURES / "articles", dest)
    return dest


@pytest.fixture(scope="session")
def expected() -> dict[str, dict[str, Any]]:
    """Expected id/url/dateline_place/date/date_partial/agency of every fixture article."""
    return {row["id"]: row for row in read_jsonl(FIXTURES / "expected.jsonl")}


# -- formats built in code ----------------------------------------------------------------------
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>BelTA - Wirtschaft</title><link>https://deu.belta.by/economics/</link><description>Nachrichten</description>
<item>
  <title>Belarus liefert Traktoren nach Usbekistan</title>
  <link>https://deu.belta.by/economics/view/belarus-liefert-traktoren-nach-usbekistan-2024-1101/</link>
  <guid isPermaLink="false">belta-rss-1101</guid>
  <pubDate>Tue, 05 Mar 2024 10:00:00 +0300</pubDate>
  <description><![CDATA[<p>TASCHKENT, 5. März (BelTA) - Belarus will die Lieferungen von Traktoren nach Usbekistan im laufenden Jahr deutlich erhöhen. Das sagte der Industrieminister bei einem Besuch im Traktorenwerk in Taschkent.</p><p>Geplant ist auch ein zweites Montagewerk im Ferghanatal.</p>]]></description>
</item>
<item>
  <title>Gebiet Brest und Provinz Henan planen Logistikzentrum</title>
  <link>https://deu.belta.by/regions/view/gebiet-brest-und-provinz-henan-planen-logistikzentrum-2024-1102/</link>
  <guid isPermaLink="false">belta-rss-1102</guid>
  <pubDate>Wed, 06 Mar 2024 15:30:00 +0300</pubDate>
  <description><![CDATA[<p>BREST, 6. März (BelTA) - Das Gebiet Brest und die chinesische Provinz Henan wollen an der Grenze ein gemeinsames Logistikzentrum bauen. Über das Vorhaben sprachen Vertreter beider Seiten in Brest.</p>]]></description>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>BelTA</title><id>urn:belta:de</id><updated>2024-06-01T09:00:00Z</updated>
<entry>
  <title>Minsker Aufzugswerk liefert nach Armenien</title>
  <id>urn:belta:atom:2201</id>
  <link href="https://deu.belta.by/economics/view/minsker-aufzugswerk-liefert-nach-armenien-2024-2201/"/>
  <published>2024-06-01T09:00:00Z</published><updated>2024-06-01T09:00:00Z</updated>
  <content type="html">&lt;p&gt;JEREWAN, 1. Juni (BelTA) - Das Minsker Aufzugswerk wird im Sommer weitere Aufzüge nach Armenien liefern. Ein Vertrag darüber wurde in Jerewan mit der Stadtverwaltung unterzeichnet.&lt;/p&gt;</content>
</entry>
</feed>
"""

WARC_PAGES = [
    ("https://deu.belta.by/economics/view/belarus-und-vietnam-wollen-lastwagen-montieren-2024-3301/",
     ("<html><head><title>Belarus und Vietnam wollen Lastwagen montieren</title></head><body><article>"
      "<h1>Belarus und Vietnam wollen Lastwagen montieren</h1>"
      "<p>HANOI, 7. Mai (BelTA) - Belarus und Vietnam wollen die Montage von Lastwagen in Hanoi ausbauen. "
      "Das wurde bei einer Sitzung der Regierungskommission beider Länder besprochen.</p>"
      "<p>Bis Jahresende sollen in dem Werk auch Kipper für den Bergbau entstehen, hieß es.</p>"
      "</article></body></html>")),
    ("https://deu.belta.by/regions/view/gomel-und-brjansk-bauen-handel-aus-2024-3302/",
     ("<html><head><title>Gomel und Brjansk bauen Handel aus</title></head><body><article>"
      "<h1>Gomel und Brjansk bauen Handel aus</h1>"
      "<p>GOMEL, 8. Mai (BelTA) - Das Gebiet Gomel und das Gebiet Brjansk wollen mehr Lebensmittel und "
      "Baustoffe austauschen. Ein Fahrplan dafür wurde in Gomel unterzeichnet.</p>"
      "</article></body></html>")),
]

RUSSIAN_CP1251 = (
    "Белорусская делегация обсудила в Казани поставки тракторов и комбайнов. "
    "Товарооборот между Беларусью и Татарстаном в прошлом году заметно вырос, сообщили в министерстве.\n\n"
    "Стороны договорились открыть новый сервисный центр для сельхозтехники."
)
GERMAN_LATIN1 = (
    "MOZYR, 9. Oktober (BelTA) - Die Raffinerie in Mozyr will ihre Exporte von Dieselkraftstoff nach "
    "Westen über neue Häfen abwickeln. Größere Mengen sollen über Ust-Luga gehen, hieß es aus dem Werk.\n\n"
    "Außerdem prüft das Unternehmen Lieferungen von Bitumen für den Straßenbau in Russland."
)


def write_rss(path: Path) -> Path:
    path.write_text(RSS, encoding="utf-8")
    return path


def write_atom(path: Path) -> Path:
    path.write_text(ATOM, encoding="utf-8")
    return path


def write_warc(path: Path, pages: list[tuple[str, str]] = WARC_PAGES, gzip: bool = True,
               content_type: str = "text/html; charset=utf-8") -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for uri, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(html.encode("utf-8")),
                                                          http_headers=headers))
    return path


@pytest.fixture
def formats_dir(tmp_path: Path) -> Path:
    """One folder with every readable format: txt, html, htm, jsonl, RSS, Atom, WARC, cp1251, latin-1."""
    d = tmp_path / "formats"
    d.mkdir()
    src = FIXTURES / "articles"
    shutil.copy(src / "grodno_no_year.txt", d / "grodno_no_year.txt")
    shutil.copy(src / "witebsk_wologda.html", d / "witebsk_wologda.html")
    shutil.copy(src / "witebsk_wologda.html", d / "witebsk_wologda_copy.htm")  # same text: unchanged
    shutil.copy(src / "fixtures_feed.jsonl", d / "fixtures_feed.jsonl")
    write_rss(d / "wirtschaft.rss")
    write_atom(d / "aufzuege.atom")
    write_warc(d / "crawl.warc.gz")
    (d / "kasan_cp1251.txt").write_bytes(RUSSIAN_CP1251.encode("cp1251"))
    (d / "mozyr_latin1.txt").write_bytes(GERMAN_LATIN1.encode("latin-1"))
    return d


# -- bad input ----------------------------------------------------------------------------------
def write_bad_inputs(d: Path) -> dict[str, tuple[str, str]]:
    """Every kind of bad input in folder ``d``. Returns {source suffix: (stage, part of the reason)}.
    Use with max_file_bytes=SMALL_MAX_FILE_BYTES. broken.jsonl line 1 is a good record."""
    d.mkdir(parents=True, exist_ok=True)
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.jsonl").write_bytes(b"\n  \n\n")
    (d / "nul_bytes.dat").write_bytes(b"\x00\x01\x02\x03coopgraph\x00\xff" * 20)
    (d / "scan.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    rnd = random.Random(20240613)
    (d / "garbage.txt").write_bytes(bytes(rnd.choice(range(1, 256)) for _ in range(1500)))
    good = {"id": "broken-good-1", "text": "MINSK, 2. Juli (BelTA) - Belarus und Kuba wollen die gemeinsame "
            "Produktion von Arzneimitteln in Havanna ausbauen, teilte das Gesundheitsministerium mit."}
    (d / "broken.jsonl").write_text(
        json.dumps(good, ensure_ascii=False) + "\n"
        '{"id": "broken-2", "text": "unterbrochene Zeile\n'
        '{"id": "broken-3", "title": "Nur ein Titel"}\n'
        '[1, 2, 3]\n', encoding="utf-8")
    (d / "navigation_only.html").write_text(
        "<html><head><title>Startseite</title></head><body><nav><ul><li><a href='/'>Startseite</a></li>"
        "<li><a href='/economics/'>Wirtschaft</a></li></ul></nav></body></html>", encoding="utf-8")
    (d / "furniture_only.txt").write_text("Projekte\nStaatsorgane\nAlle Nachrichten\nWirtschaft\n"
                                          "Abonnieren Sie uns auf\nTelegram\n", encoding="utf-8")
    para = ("MINSK, 4. April (BelTA) - Ein sehr langer Text über Kalidünger, Traktoren und Milchpulver, "
            "der nur dazu dient, die Grenze für die Dateigröße zu überschreiten.\n\n")
    (d / "too_big.txt").write_text(para * (SMALL_MAX_FILE_BYTES // len(para) + 20), encoding="utf-8")
    (d / "dangling.txt").symlink_to(d / "does-not-exist" / "target.txt")
    (d / "truncated.rss").write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>BelTA",
                                     encoding="utf-8")
    write_warc(d / "images_only.warc", [("https://deu.belta.by/logo.png", "\x89PNG")], gzip=False,
               content_type="image/png")
    return {
        "empty.txt": ("ingest", "empty file"),
        "blank.jsonl": ("ingest", "empty file"),
        "nul_bytes.dat": ("ingest", "binary file"),
        "scan.pdf": ("ingest", "PDF"),
        "garbage.txt": ("decode", "not valid UTF-8"),
        "broken.jsonl:2": ("ingest", "malformed JSON on line 2"),
        "broken.jsonl:3": ("ingest", "no non-empty 'text' field"),
        "broken.jsonl:4": ("ingest", "expected a JSON object"),
        "navigation_only.html": ("clean", "no article text"),
        "furniture_only.txt": ("clean", "no article text"),
        "too_big.txt": ("ingest", "exceeds max_file_bytes"),
        "dangling.txt": ("ingest", "cannot read"),
        "truncated.rss": ("ingest", "feed"),
        "images_only.warc": ("ingest", "no HTML or text"),
    }


@pytest.fixture
def bad_dir(tmp_path: Path) -> tuple[Path, dict[str, tuple[str, str]]]:
    """(folder, {source suffix: (stage, reason part)}) with every kind of bad input."""
    d = tmp_path / "bad"
    return d, write_bad_inputs(d)


def reject_for(rejects: list[Any], suffix: str) -> Any:
    """The one reject (object or row) whose source ends with ``/suffix``."""
    found = [r for r in rejects if str(r["source"] if isinstance(r, dict) else r.source).endswith("/" + suffix)]
    assert len(found) == 1, f"expected one reject for {suffix}, got {found}"
    return found[0]


@pytest.fixture(scope="session")
def find_reject():  # type: ignore[no-untyped-def]
    """``find_reject(rejects, "broken.jsonl:2")`` -> the one matching Reject or rejects row."""
    return reject_for


GRAPH_CORPUS = Path(__file__).parent / "corpus" / "graph"


def ingest_graph_corpus_in_batches(store: Any, tmp: Path) -> Any:
    """Ingest the graph corpus into ``store`` in three batches (files by name: g01-g15, g16-g30, g31-g44), one
    graph update each; yields (batch number, its files, the ingest report) after each."""
    from coopgraph.pipeline import ingest

    files = sorted(GRAPH_CORPUS.iterdir())
    for b, part in enumerate((files[:15], files[15:30], files[30:])):
        folder = tmp / f"batch{b}"
        folder.mkdir()
        for f in part:
            shutil.copy(f, folder / f.name)
        yield b, part, ingest([str(folder)], store, Settings(quiet=True), progress=False)



_PRODUCTS = ["Aufzüge", "Aufzügen", "Traktoren", "Milchpulver", "Butter", "Milchprodukte", "Düngemittel", "Busse",
             "Lastwagen", "Technologien", "Maschinen", "Holz"]
_SECTORS = ["agriculture", "machinery", "energy", "elevators", "it"]
_PARTIES = ["BY", "BY-HM", "RU", "RU-MOW", "UZ", "KZ", None]


def offer_case(seed: int, n: int = 0) -> tuple[list[dict[str, Any]], dict[tuple[str, str], set[int]], dict[int, str]]:
    """A random input of ``corpus.match_offers`` on a small vocabulary, so that pairs share products, sectors,
    stories and cooperation often: (offers and needs, cooperation, story of each article); ``n`` offers and
    needs, by default from 2 to 40."""
    rng = random.Random(seed)
    n = n or rng.randint(2, 40)
    items = []
    for i in range(n):
        party = rng.choice(_PARTIES)
        items.append({"id": i + 1, "article_id": rng.randint(1, n), "type": rng.choice(["offer", "need"]),
                      "what": " und ".join(rng.sample(_PRODUCTS, rng.randint(1, 3))),
                      "sectors": rng.sample(_SECTORS, rng.choice([0, 0, 1, 1, 2])),
                      "side": party.split("-")[0] if party else None, "party": party,
                      "story": rng.choice([None, f"s{rng.randint(1, n)}"]), "recipient_party": rng.choice(_PARTIES)})
    coop: dict[tuple[str, str], set[int]] = {}
    for _ in range(min(n // 2, 12)):  # more would close every party and sector of a large case
        coop.setdefault((rng.choice(_PARTIES[2:-1]), rng.choice(_SECTORS)), set()).add(rng.randint(1, n))
    story_of = {a: f"s{rng.randint(1, n // 2 + 1)}" for a in range(1, n + 1) if rng.random() < 0.5}
    return items, coop, story_of
