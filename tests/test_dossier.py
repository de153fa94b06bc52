"""Sound comparisons, roll-up and multilingual lookups of the dossier, on tests/corpus/dossier (short articles we
wrote) and on the seeds (skipped when ../shared/seeds is absent)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coopgraph import comparison, dossier
from coopgraph.pipeline import ingest
from coopgraph.query import open_readonly
from coopgraph.query.facts import infer_date
from coopgraph.settings import Settings
from coopgraph.store import Store

CORPUS = Path(__file__).parent / "corpus" / "dossier"


def _db(path: Path, *folders: Path) -> sqlite3.Connection:
    store = Store.open(path)
    for folder in folders:
        ingest([str(folder)], store, Settings(quiet=True), progress=False)
    store.close()
    return open_readonly(path)


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    return _db(tmp_path_factory.mktemp("dossier") / "d.db", CORPUS)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> sqlite3.Connection:
    return _db(tmp_path_factory.mktemp("seeds") / "s.db", seeds_dir)


def _d(conn: sqlite3.Connection, name: str) -> dossier.Dossier:
    return dossier.dossier(conn, dossier.resolve_partner(conn, name))


def _no_cross_comparison(d: dossier.Dossier) -> None:
    for t in d.targets:
        if t.actual is not None:
            assert t.actual.pair == t.target.pair and t.actual.metric == t.target.metric, t
            assert t.actual.span in ("annual", "months", "month", "count", "none"), t
            assert t.actual.span != "years"
            assert t.basis.startswith(f"same metric ({t.target.metric}), same pair")
    for c in d.contradictions:
        assert c.a.pair == c.b.pair and c.a.period == c.b.period and c.a.story != c.b.story


# -- the corpus we wrote ----------------------------------------------------------------------------------------
def test_two_year_sum_is_not_compared_and_the_later_yearless_article_is_chosen(conn: sqlite3.Connection) -> None:
    d = _d(conn, "Gebiet Tula")
    (t,) = [t for t in d.targets if t.target.metric == "trade_turnover"]
    assert t.actual is not None and t.actual.value == 640e6 and t.actual.period == "2024"
    assert t.actual.date == "2025-02-12"  # no year printed: inferred from the period it reports
    assert "annual vs annual" in t.basis and t.gap == 360e6
    assert [x.value for x in t.not_compared] == [480e6] and t.not_compared[0].span_label == "2 years"


def test_counts_of_different_pairs_are_never_compared(conn: sqlite3.Connection) -> None:
    d = _d(conn, "Belarus")
    _no_cross_comparison(d)
    union = [t for t in d.targets if t.target.metric == "project_count" and "RU" in t.target.pair]
    assert union and union[0].actual is None and "no actual of project_count" in union[0].basis
    kz = [t for t in d.targets if t.target.metric == "project_count" and "KZ" in t.target.pair]
    assert kz and kz[0].actual is not None and kz[0].actual.value == 5


def test_nine_months_are_pro_rata_and_say_so(conn: sqlite3.Connection) -> None:
    (t,) = _d(conn, "Tatarstan").targets
    assert t.actual is not None and t.actual.span_label.startswith("9 months")
    assert t.pro_rata == pytest.approx(600e6) and t.reached == pytest.approx(0.75)
    assert "9 months, pro rata" in t.basis


def test_hedges_are_kept_as_qualifiers(conn: sqlite3.Connection) -> None:
    d = _d(conn, "Russland")
    exports = d.figures["exports"][0]
    assert (exports.hedge, exports.qualifier) == ("über", "more than")
    (count,) = [f for f in d.figures["project_count"] if "RU" in f.pair]
    assert (count.hedge, count.qualifier) == ("etwa", "about")


def test_a_region_figure_is_not_its_country_figure(conn: sqlite3.Connection) -> None:
    d = _d(conn, "Kasachstan")
    pairs = {f.pair for f in d.figures["trade_turnover"]}
    assert ("BY", "KZ") in pairs and ("BY-HR", "KZ") in pairs
    assert not d.contradictions  # 70 million for Grodno and 1.1 billion for Belarus, both 2023: no contradiction
    assert {b["code"] for b in d.breakdown} == {"KZ-39"}


def test_a_country_rolls_up_its_regions(conn: sqlite3.Connection) -> None:
    ru = _d(conn, "Russland")
    assert {b["code"] for b in ru.breakdown} == {"RU-TUL", "RU-TA", "RU-SE"}
    assert ru.articles == 5
    by = _d(conn, "Belarus")
    assert {b["code"] for b in by.breakdown} == {"BY-HR"}


@pytest.mark.parametrize("spelling, code", [
    ("Kazakhstan", "KZ"), ("Казахстан", "KZ"), ("KZ", "KZ"), ("Kasachstan", "KZ"),
    ("Russia", "RU"), ("Россия", "RU"), ("Rossiya", "RU"), ("RU-TUL", "RU-TUL"), ("Tula Oblast", "RU-TUL"),
    ("Тульская область", "RU-TUL"), ("Tulskaya oblast", "RU-TUL"), ("North Ossetia", "RU-SE"),
    ("Северная Осетия", "RU-SE"), ("Weißrussland", "BY"), ("Беларусь", "BY"), ("Republic of Tatarstan", "RU-TA"),
])
def test_partner_spellings(conn: sqlite3.Connection, spelling: str, code: str) -> None:
    assert dossier.resolve_partner(conn, spelling).code == code


def test_canonical_names_everywhere(conn: sqlite3.Connection) -> None:
    d = _d(conn, "North Ossetia")
    assert d.partner.name == "Nordossetien-Alanien"
    assert {n for f in d.figures["trade_turnover"] for n in f.pair_names} == {"Belarus", "Nordossetien-Alanien"}
    rows = dossier.partners(conn)
    assert "Nordossetien" not in {r["partner"] for r in rows} and "Nordossetien-Alanien" in {r["partner"] for r in rows}


def test_time_window(conn: sqlite3.Connection) -> None:
    ref = dossier.resolve_partner(conn, "Gebiet Tula")
    only_2025 = dossier.dossier(conn, ref, dossier.Window(since="2025"))
    assert only_2025.articles == 1  # the year-less article counts through its inferred date
    assert dossier.dossier(conn, ref, dossier.Window(until="2024")).articles == 1
    events = dossier.timeline(conn, ref)
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)


def test_hedge_and_period_rules() -> None:
    assert comparison.hedge("im Wert von mehr als 3 Milliarden Euro")[:2] == ("mehr als", "more than")
    assert comparison.hedge("bis zu 200 Traktoren")[1] == "up to"
    assert comparison.hedge("über die Lieferung von 20 Bussen") is None
    assert comparison.period_span("2023-01..2023-06", "", "USD")[2] == "6 months (2023-01..2023-06)"
    assert comparison.period_span("2021..2023", "", "USD")[0] == "years"
    assert comparison.period_span(None, "in den vergangenen drei Jahren 2 Mrd.", "USD")[2] == "3 years"
    assert infer_date("--02-12", ["2024"]) == "2025-02-12"
    assert infer_date("--11-20", ["2024-01..2024-09"]) == "2024-11-20"
    assert infer_date("--11-20", [None]) is None


# -- the seeds --------------------------------------------------------------------------------------------------
def test_seed_belarus_compares_no_different_pairs(seeds: sqlite3.Connection) -> None:
    d = _d(seeds, "Belarus")
    _no_cross_comparison(d)
    counts = [t for t in d.targets if t.target.metric == "project_count"]
    assert counts and all(t.actual is None for t in counts)  # 15 Union-State projects vs 7 with Kazakhstan: no


def test_seed_tula_two_years_against_an_annual_target_is_not_compared(seeds: sqlite3.Connection) -> None:
    d = _d(seeds, "Gebiet Tula")
    (t,) = [t for t in d.targets if t.target.metric == "trade_turnover"]
    assert t.actual is None and t.reached is None
    assert [x.span_label for x in t.not_compared] == ["2 years"]


def test_seed_russia_covers_its_regions(seeds: sqlite3.Connection) -> None:
    d = _d(seeds, "Russia")
    assert {"RU-TUL", "RU-TA", "RU-SE"} <= {b["code"] for b in d.breakdown}
    assert d.articles >= 3


def test_seed_with_a_later_yearless_article(tmp_path: Path, seeds_dir: Path) -> None:
    """The seeds plus our year-less Tula article: the 2024 figure is chosen over the older two-year sum."""
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "tula.txt").write_text((CORPUS / "d02_tula_ohne_jahr.txt").read_text(encoding="utf-8"), encoding="utf-8")
    c = _db(tmp_path / "x.db", seeds_dir, extra)
    d = _d(c, "Region Tula")
    (t,) = [t for t in d.targets if t.target.metric == "trade_turnover" and t.target.value == 1e9]
    assert t.actual is not None and t.actual.value == 640e6 and "annual vs annual" in t.basis


def test_seed_kazakhstan_and_grodno(seeds: sqlite3.Connection) -> None:
    d = _d(seeds, "Казахстан")
    assert d.partner.code == "KZ"
    _no_cross_comparison(d)
    by = _d(seeds, "Belarus")
    assert "BY-HR" in {b["code"] for b in by.breakdown}


def test_seed_entity_lookups(seeds: sqlite3.Connection) -> None:
    maz = dossier.entity(seeds, "MAZ")
    assert maz and maz[0]["id"] == "org:by:maz"
    assert dossier.entity(seeds, "Lukashenko")[0]["name"] == "Alexander Lukaschenko"
    assert dossier.entity(seeds, "Лукашенко")[0]["name"] == "Alexander Lukaschenko"
    assert dossier.entity(seeds, "KZ")[0]["id"] == "country:KZ"


def test_seed_full_names_in_other_transliterations(seeds: sqlite3.Connection) -> None:
    for spelling in ("Александр Лукашенко", "Aleksandr Lukashenko", "Alexander Lukashenko"):
        assert [e["name"] for e in dossier.entity(seeds, spelling)] == ["Alexander Lukaschenko"], spelling
    assert dossier.entity(seeds, "Alexei Lukashenko") == []  # another given name is another person
    assert dossier.entity(seeds, "Виктор Каранкевич")[0]["name"] == "Wiktor Karankewitsch"


def test_a_place_that_is_never_a_partner_gets_the_articles_that_mention_it(seeds: sqlite3.Connection) -> None:
    d = _d(seeds, "Kostanay Region")
    assert d.partner.code == "KZ-39" and d.articles == 1 and d.scope.startswith("no article names it")


def test_a_duration_in_the_sentence_outranks_an_inherited_year() -> None:
    span = comparison.period_span
    assert span("2024", "", "USD", "In den letzten zwei Jahren erreichte der Umsatz 500 Mio.")[2] == "2 years"
    assert span("2024", "", "USD", "Seit fünf Jahren wächst der Handel, 2024 erreichte er 1 Mrd.")[0] == "annual"
    assert span("2024", "", "USD", "In den vergangenen fünf Jahren verdoppelt, 2024 dann 1 Mrd.")[0] == "annual"
    assert span("2024", "", "USD", "In den ersten neun Monaten stieg er auf 400 Mio.")[:2] == ("months", 9)
