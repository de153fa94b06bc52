"""Scoring rules of coopgraph.evaluate (the logic behind `coopgraph eval`).

Fixtures in tests/fixtures_eval/ are hand-made: gold.jsonl (three documents), pred_variants.jsonl (the same
facts in other surface forms: must score perfectly) and pred_degraded.jsonl (known mistakes, exact counts).
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from coopgraph.errors import MalformedRecord, UnreadableInput
from coopgraph.evaluate import (
    FieldScore,
    Report,
    check_floors,
    format_table,
    load_jsonl,
    name_key,
    quote_match,
    role_match,
    same_person,
    score,
    value_match,
)

FIX = Path(__file__).parent / "fixtures_eval"
SEED_GOLD = Path("/work/shared/eval/seeds/gold.jsonl")
ALIASES = {"maz": "Minsker Automobilwerk", "mtz": "Minsker Traktorenwerk"}


def aliases(name: str) -> str:
    return ALIASES.get(name.strip().casefold(), name)


@pytest.fixture()
def gold() -> list[dict[str, Any]]:
    return load_jsonl(FIX / "gold.jsonl")


def by_id(records: list[dict[str, Any]], ident: str) -> dict[str, Any]:
    return next(r for r in records if r["id"] == ident)


def doc(ident: str = "d1", **over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": ident, "url": None, "relevant": True, "dateline_place": None, "date": None, "date_partial": None,
        "year_evidence": "", "agency": None, "persons": [], "partners": [], "organizations": [], "figures": [],
        "sectors": [], "meeting": None, "quotes": [], "duplicate_of": None,
    }
    base.update(over)
    return base


def fig(metric: str = "exports", value: float = 100.0, unit: str = "USD", period: str | None = "2024",
        kind: str = "actual", parties: list[str] | None = None) -> dict[str, Any]:
    return {"metric": metric, "value": value, "unit": unit, "period": period, "kind": kind,
            "parties": parties or [], "quote": "egal"}


def f(report: Report, name: str) -> FieldScore:
    return report.fields[name]


def assert_perfect(report: Report) -> None:
    for row in report.rows():
        value = row["f1"] if row["metric"] == "f1" else row["accuracy"]
        assert value in (None, 1.0), row
        if row["metric"] == "f1" and value is not None:
            assert row["precision"] == row["recall"] == 1.0, row


# ----------------------------------------------------------------------------------------- whole files

def test_seed_gold_against_itself_is_perfect() -> None:
    if not SEED_GOLD.exists():
        pytest.skip(f"{SEED_GOLD} is not on this machine (shared eval data lives outside the repo)")
    gold = load_jsonl(SEED_GOLD)
    report = score(gold, copy.deepcopy(gold))
    assert_perfect(report)
    assert report.documents == len(gold) and not report.missing_ids
    assert f(report, "persons").f1 == 1.0 and f(report, "figures.full").f1 == 1.0 and f(report, "quotes").f1 == 1.0


def test_fixture_gold_against_itself_is_perfect(gold: list[dict[str, Any]]) -> None:
    report = score(gold, copy.deepcopy(gold))
    assert_perfect(report)
    assert f(report, "figures.value").tp == 5 and f(report, "quotes").tp == 5


def test_surface_variants_score_perfectly(gold: list[dict[str, Any]]) -> None:
    pred = load_jsonl(FIX / "pred_variants.jsonl")
    report = score(gold, pred, org_aliases=aliases)
    assert_perfect(report)
    assert report.ignored_ids == ["fx_not_in_gold.txt"]   # a prediction for an id not in gold is not scored
    assert f(report, "persons").tp == 5 and f(report, "partners").tp == 5 and f(report, "figures.full").tp == 5


def test_without_alias_function_short_org_name_does_not_match(gold: list[dict[str, Any]]) -> None:
    report = score(gold, load_jsonl(FIX / "pred_variants.jsonl"))
    orgs = f(report, "organizations")
    assert (orgs.tp, orgs.fp, orgs.fn) == (5, 1, 1)   # "MAZ" vs "Minsker Automobilwerk"


def test_degraded_predictions_exact_counts(gold: list[dict[str, Any]]) -> None:
    report = score(gold, load_jsonl(FIX / "pred_degraded.jsonl"))
    assert report.missing_ids == ["fx_minsk_harare.txt"]
    counts = {name: (fs.tp, fs.fp, fs.fn) if fs.metric == "f1" else (fs.correct, fs.total)
              for name, fs in report.fields.items()}
    assert counts == {
        "relevant": (2, 3), "date": (1, 3), "date_partial": (2, 3), "dateline_place": (2, 3), "agency": (2, 3),
        "persons": (3, 1, 2), "persons.role": (2, 3), "persons.country": (3, 3), "persons.region": (3, 3),
        "partners": (2, 0, 3), "organizations": (3, 0, 3),
        "figures.value": (1, 1, 4), "figures.full": (0, 2, 5),
        "figures.period": (0, 1), "figures.kind": (0, 1), "figures.parties": (0, 1),
        "sectors": (3, 1, 2), "meeting.participants": (2, 0, 2), "meeting.place": (1, 2),
        "quotes": (3, 0, 2), "quotes.speaker": (1, 3), "duplicates": (0, 0, 0),
    }
    assert f(report, "persons").precision == pytest.approx(0.75)
    assert f(report, "persons").recall == pytest.approx(0.6)
    assert f(report, "figures.value").f1 == pytest.approx(2 * 0.5 * 0.2 / 0.7)


def test_duplicates_are_unordered_pairs_of_mapped_ids() -> None:
    gold = [{"id": "a"}, {"id": "b", "duplicate_of": "a"}, {"id": "c"}, {"id": "d", "duplicate_of": "c"}, {"id": "e"}]
    pred = [{"id": "x/a", "duplicate_of": "x/b"}, {"id": "x/b"},     # the mirror pair, named the other way round
            {"id": "x/c"}, {"id": "x/d"},                             # a missed pair
            {"id": "x/e", "duplicate_of": "x/zzz"}]                   # a pair with a document not in gold
    fs = score(gold, pred).fields["duplicates"]
    assert (fs.tp, fs.fp, fs.fn) == (1, 1, 1)


def test_core_mean_is_the_mean_of_the_main_metrics(gold: list[dict[str, Any]]) -> None:
    report = score(gold, load_jsonl(FIX / "pred_degraded.jsonl"))
    main = [report.fields[n].f1 if report.fields[n].metric == "f1" else report.fields[n].accuracy
            for n in ("relevant", "date", "persons", "partners", "organizations", "figures.full", "sectors",
                      "meeting.participants", "quotes")]
    assert report.core_mean == pytest.approx(sum(main) / len(main))
    assert check_floors(report, {"core_mean": 0.99}) == [f"core mean {report.core_mean:.2f} < floor 0.99"]
    assert check_floors(report, {"core_mean": 0.1}) == []
    assert "core mean" in format_table(report)


# ----------------------------------------------------------------------------------------- names

@pytest.mark.parametrize("a, b", [
    ("Rustam Minnichanow", "Rustam Minnikhanov"),
    ("Alexander Lukaschenko", "Alexander Lukashenko"),
    ("Juri Karajew", "Yuri Karayev"),
    ("Dmitri Miljajew", "Dmitry Milyaev"),
    ("Dmitrij Miljajew", "Dmitri Miljajew"),
    ("Wiktor Karankewitsch", "Viktor Karankevich"),
    ("Roman Golowtschenko", "Roman Golovchenko"),
    ("Sergej Menjailo", "Sergei Menyaylo"),
    ("Iwan Krupko", "IWAN  KRUPKO"),
    ("Yván Gil", "Yvan Gil"),
    ("Aleksandr Lukashenko", "Alexander Lukaschenko"),   # different first-name spelling, same initial + surname
    ("W. Karankewitsch", "Wiktor Karankewitsch"),
])
def test_person_names_equal_under_transliteration(a: str, b: str) -> None:
    assert same_person(a, b) and same_person(b, a)


@pytest.mark.parametrize("a, b", [
    ("Alexander Lukaschenko", "Lukaschenko"),            # a first name is needed on both sides
    ("Alexander Lukaschenko", "Wiktor Lukaschenko"),     # first initials differ
    ("Roman Golowtschenko", "Roman Golowin"),            # surnames differ
    ("Iwan Krupko", None),
])
def test_person_names_not_equal(a: str, b: str | None) -> None:
    assert not same_person(a, b)


def test_person_null_equals_null() -> None:
    assert same_person(None, None) and same_person("", None)


@pytest.mark.parametrize("a, b", [
    ("Nordossetien-Alanien", "Nordossetien Alanien"),
    ("Weißrussland", "Weissrussland"),
    ("Gebiet Grodno", "das Gebiet  Grodno"),
    ("Kasachstan", "Kasachstans"),
    ("Gebiet", "Gebietes"),
    ("Simbabwe", "Simbabwes"),
    ("Tulazheldormash", "Tulascheldormasch"),
    ("Minsker Automobilwerk", "MINSKER AUTOMOBILWERK"),
    ("„Gomselmasch“", "Gomselmasch"),
])
def test_name_key_folds_surface_forms(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_name_key_keeps_words_that_only_look_genitive() -> None:
    assert name_key("Belarus") == "belarus" and name_key("GUS") == "gus"
    assert name_key("Russland") != name_key("Weißrussland")


# ----------------------------------------------------------------------------------------- roles

@pytest.mark.parametrize("gold_role, pred_role, ok", [
    ("Präsident", "belarussischer Präsident", True),                       # demonym dropped
    ("Präsident", "Präsident", True),
    ("Gouverneur", "Gouverneur des Gebiets Tula", True),                   # qualifier omitted by one side
    ("Präsident der Republik Belarus", "Präsident von Belarus", True),     # qualifier is a subsequence
    ("kasachischer Premierminister", "Premierminister Kasachstans", True),
    ("stellvertretender Premierminister", "Stellvertretende Premierminister", True),   # adjective ending
    ("stellvertretender Premierminister Armeniens", "stellvertretenden Premierminister", True),
    ("Außerordentlicher und Bevollmächtigter Botschafter Kasachstans in Belarus", "Botschafter Kasachstans", True),
    ("Vizepräsident Simbabwes", "stellvertretender Präsident", True),
    ("Vize-Premierminister", "Vizepremierminister", True),
    ("Premierminister", "stellvertretender Premierminister", False),      # modifier changes the office
    ("stellvertretender Premierminister", "Premierminister", False),
    ("Erster stellvertretender Industrieminister", "stellvertretender Industrieminister", False),
    ("Präsident", "Staatschef", False),                                    # different head noun
    ("Gouverneur des Gebiets Omsk", "Gouverneur des Gebiets Tula", False),  # conflicting qualifiers
    ("Botschafter von Belarus in Armenien", "Botschafter Armeniens in Belarus", False),
    (None, None, True),
    (None, "Präsident", False),
    ("Präsident", None, False),
])
def test_role_rule(gold_role: str | None, pred_role: str | None, ok: bool) -> None:
    assert role_match(gold_role, pred_role) is ok


def test_role_accuracy_counts_only_matched_persons() -> None:
    g = doc(persons=[{"name": "Roman Golowtschenko", "role": "Premierminister", "country": "BY", "region": None},
                     {"name": "Alichan Smailow", "role": "Premierminister", "country": "KZ", "region": None}])
    p = doc(persons=[{"name": "Roman Golovchenko", "role": "stellvertretender Premierminister", "country": "BY",
                      "region": None},
                     {"name": "Alikhan Smailov", "role": "kasachischer Premierminister", "country": "BY",
                      "region": "Astana"}])
    report = score([g], [p])
    assert f(report, "persons").f1 == 1.0
    assert (f(report, "persons.role").correct, f(report, "persons.role").total) == (1, 2)
    assert f(report, "persons.country").accuracy == 0.5          # codes are strict
    assert f(report, "persons.region").accuracy == 0.5           # null vs a region is wrong


# ----------------------------------------------------------------------------------------- partners, orgs

def partner(name: str, kind: str, country: str | None, iso: str | None = None) -> dict[str, Any]:
    return {"name": name, "kind": kind, "country": country, "iso3166_2": iso}


@pytest.mark.parametrize("g, p, ok", [
    (partner("Region Tula", "region", "RU", "RU-TUL"), partner("Gebiet Tula", "region", "RU", "RU-TUL"), True),
    (partner("Tatarstan", "region", "RU", "RU-TA"), partner("Tatarstan", "region", "RU", "RU-BA"), False),
    (partner("Weißrussland", "country", "BY"), partner("Belarus", "country", "BY"), True),
    (partner("Kasachstan", "country", "KZ"), partner("Kasachstan", "country", "KG"), False),
    (partner("Afrika", "region", None), partner("AFRIKA", "region", None), True),
    (partner("Kasan", "city", "RU"), partner("Kasan", "city", "RU", "RU-TA"), True),   # only one side has iso
    (partner("Kasan", "city", "RU"), partner("Kazan", "city", "RU"), False),            # s/z is not folded
    (partner("Russland", "country", "RU"), partner("Tatarstan", "region", "RU", "RU-TA"), False),
])
def test_partner_matching(g: dict[str, Any], p: dict[str, Any], ok: bool) -> None:
    report = score([doc(partners=[g])], [doc(partners=[p])])
    assert f(report, "partners").tp == int(ok)


def test_partner_matching_is_one_to_one() -> None:
    g = doc(partners=[partner("Belarus", "country", "BY")])
    p = doc(partners=[partner("Belarus", "country", "BY"), partner("Weißrussland", "country", "BY")])
    fs = f(score([g], [p]), "partners")
    assert (fs.tp, fs.fp, fs.fn) == (1, 1, 0)


def test_organizations_use_alias_function() -> None:
    g = doc(organizations=["Minsker Automobilwerk", "Belarussische Eisenbahn"])
    p = doc(organizations=["MAZ", "belarussische  Eisenbahn", "Gomselmasch"])
    assert f(score([g], [p]), "organizations").tp == 1
    fs = f(score([g], [p], org_aliases=aliases), "organizations")
    assert (fs.tp, fs.fp, fs.fn) == (2, 1, 0)


# ----------------------------------------------------------------------------------------- figures

def test_value_tolerance_is_half_a_percent_and_sign_counts() -> None:
    g = fig(value=1_000_000)
    assert value_match(g, fig(value=1_004_900))
    assert value_match(g, fig(value=995_000))
    assert not value_match(g, fig(value=1_006_000))
    assert not value_match(fig(metric="growth", value=-2.5, unit="percent"),
                           fig(metric="growth", value=2.5, unit="percent"))
    assert value_match(fig(value=0, unit="percent"), fig(value=0.0, unit="percent"))
    assert not value_match(fig(value=0, unit="percent"), fig(value=0.001, unit="percent"))
    assert not value_match(g, fig(value="viel"))


def test_dropping_a_figure_lowers_recall(gold: list[dict[str, Any]]) -> None:
    pred = copy.deepcopy(gold)
    by_id(pred, "fx_gomel_nowgorod.txt")["figures"].pop(1)
    fs = f(score(gold, pred), "figures.value")
    assert (fs.tp, fs.fp, fs.fn) == (4, 0, 1)
    assert fs.recall == pytest.approx(0.8) and fs.precision == 1.0
    assert f(score(gold, pred), "figures.full").recall == pytest.approx(0.8)


def test_wrong_unit_means_no_match(gold: list[dict[str, Any]]) -> None:
    pred = copy.deepcopy(gold)
    by_id(pred, "fx_gomel_nowgorod.txt")["figures"][0]["unit"] = "RUB"
    report = score(gold, pred)
    fs = f(report, "figures.value")
    assert (fs.tp, fs.fp, fs.fn) == (4, 1, 1)
    assert f(report, "figures.full").tp == 4


def test_full_match_needs_metric_and_kind() -> None:
    g = doc(figures=[fig(metric="exports", kind="target")])
    report = score([g], [doc(figures=[fig(metric="imports", kind="target")])])
    assert f(report, "figures.value").tp == 1 and f(report, "figures.full").tp == 0
    report = score([g], [doc(figures=[fig(metric="exports", kind="actual")])])
    assert f(report, "figures.value").tp == 1 and f(report, "figures.full").tp == 0
    assert f(report, "figures.kind").accuracy == 0.0


def test_figure_matching_prefers_pairs_that_agree_on_metric_and_kind() -> None:
    # two gold figures with the same value; the prediction lists them in the other order
    g = doc(figures=[fig(metric="exports", value=50, unit="percent", period="2023"),
                     fig(metric="growth", value=50, unit="percent", period="2024")])
    p = doc(figures=[fig(metric="growth", value=50.1, unit="percent", period="2024"),
                     fig(metric="exports", value=50, unit="percent", period="2023")])
    report = score([g], [p])
    assert f(report, "figures.full").tp == 2
    assert f(report, "figures.period").accuracy == 1.0


def test_figure_period_and_parties_accuracy() -> None:
    partners = [partner("Belarus", "country", "BY"), partner("Region Tula", "region", "RU", "RU-TUL")]
    g = doc(partners=partners, figures=[fig(period="2024-01..2024-09", parties=["Belarus", "Region Tula"]),
                                        fig(value=7, unit="units", period=None, parties=["Belarus", "Region Tula"])])
    p_partners = [partner("Weißrussland", "country", "BY"), partner("Gebiet Tula", "region", "RU", "RU-TUL")]
    p = doc(partners=p_partners,
            figures=[fig(period="2024", parties=["Gebiet Tula", "Weißrussland"]),        # parties via partners
                     fig(value=7, unit="units", period=None, parties=["Belarus"])])      # a party missing
    report = score([g], [p])
    assert (f(report, "figures.period").correct, f(report, "figures.period").total) == (1, 2)
    assert (f(report, "figures.parties").correct, f(report, "figures.parties").total) == (1, 2)


# ----------------------------------------------------------------------------------------- sectors, meeting

def test_sectors_are_exact_sets() -> None:
    fs = f(score([doc(sectors=["agriculture", "food"])], [doc(sectors=["Agriculture", "food", "food"])]), "sectors")
    assert (fs.tp, fs.fp, fs.fn) == (1, 1, 1)


def test_meeting_participants_and_place() -> None:
    meeting = {"participants": ["Juri Karajew", "Timur Schaksylykow"], "place": "Grodno"}
    pred_meeting = {"participants": ["Yuri Karayev", "Timur Shaksylykov"], "place": "GRODNO"}
    report = score([doc(meeting=meeting)], [doc(meeting=pred_meeting)])
    assert f(report, "meeting.participants").f1 == 1.0 and f(report, "meeting.place").accuracy == 1.0
    report = score([doc(meeting=meeting)], [doc(meeting={"participants": ["Juri Karajew"], "place": None})])
    assert f(report, "meeting.participants").recall == 0.5 and f(report, "meeting.place").accuracy == 0.0


def test_null_meeting_has_no_participants_and_place_counts_when_either_side_has_one() -> None:
    report = score([doc(meeting=None)], [doc(meeting=None)])
    assert f(report, "meeting.place").total == 0 and f(report, "meeting.participants").f1 is None
    report = score([doc(meeting=None)], [doc(meeting={"participants": ["Iwan Krupko"], "place": "Gomel"})])
    fs = f(report, "meeting.participants")
    assert (fs.tp, fs.fp, fs.fn) == (0, 1, 0)
    assert (f(report, "meeting.place").correct, f(report, "meeting.place").total) == (0, 1)


# ----------------------------------------------------------------------------------------- quotes

@pytest.mark.parametrize("a, b, ok", [
    ("Wir sind offen für neue", "„wir sind offen für neue Ideen", True),
    ("Die belarussischen Betriebe sind bereit,", "Die belarussischen Betriebe sind", True),
    ("37 % zugelegt haben – eine", "37% zugelegt haben, eine", True),          # punctuation-only tokens drop
    ("Wir sollten schneller", "Wir sollten schneller handeln, damit", True),   # shorter side (3) is a prefix
    ("Wir sollten", "Wir sollten schneller handeln", False),                  # 2 tokens are not enough
    ("Wir sind offen für Kasachstan", "Wir sind offen gegenüber Kasachstan", False),
    ("Unsere Region ist an", "Unsere Region ist in", False),
])
def test_quote_rule(a: str, b: str, ok: bool) -> None:
    assert quote_match(a, b) is ok


def test_wrong_speaker_lowers_speaker_accuracy(gold: list[dict[str, Any]]) -> None:
    pred = copy.deepcopy(gold)
    by_id(pred, "fx_gomel_nowgorod.txt")["quotes"][1]["speaker"] = "Iwan Krupko"
    report = score(gold, pred)
    assert f(report, "quotes").f1 == 1.0
    assert (f(report, "quotes.speaker").correct, f(report, "quotes.speaker").total) == (4, 5)


def test_speaker_transliteration_and_null() -> None:
    g = doc(quotes=[{"speaker": "Rustam Minnichanow", "starts_with": "Wir setzen auf gemeinsame Projekte"},
                    {"speaker": None, "starts_with": "Das ist ein guter Anfang für"}])
    p = doc(quotes=[{"speaker": None, "starts_with": "Das ist ein guter"},
                    {"speaker": "Rustam Minnikhanov", "starts_with": "Wir setzen auf gemeinsame"}])
    report = score([g], [p])
    assert f(report, "quotes").f1 == 1.0 and f(report, "quotes.speaker").accuracy == 1.0
    p["quotes"][0]["speaker"] = "Rustam Minnikhanov"   # null gold vs a named speaker
    assert f(score([g], [p]), "quotes.speaker").accuracy == 0.5


def test_repeated_predicted_quote_is_a_false_positive() -> None:
    q = {"speaker": "Iwan Krupko", "starts_with": "Wir wollen die Lieferungen von Landtechnik"}
    fs = f(score([doc(quotes=[q])], [doc(quotes=[q, dict(q)])]), "quotes")
    assert (fs.tp, fs.fp, fs.fn) == (1, 1, 0)


# ----------------------------------------------------------------------------------------- document accuracies

def test_document_accuracies_normalize_and_null_equals_null() -> None:
    g = doc(dateline_place="Nischni Nowgorod", agency="BelTA", date=None, date_partial="--03-02", relevant=True)
    p = doc(dateline_place="NISCHNI NOWGOROD", agency="belta", date=None, date_partial="--03-02", relevant=True)
    report = score([g], [p])
    for name in ("relevant", "date", "date_partial", "dateline_place", "agency"):
        assert f(report, name).accuracy == 1.0, name
    p.update(agency="Reuters", date="2024-03-02", relevant="true", date_partial=None)
    report = score([g], [p])
    for name in ("relevant", "date", "date_partial", "agency"):
        assert f(report, name).accuracy == 0.0, name


def test_missing_prediction_is_wrong_everywhere(gold: list[dict[str, Any]]) -> None:
    pred = [r for r in copy.deepcopy(gold) if r["id"] != "fx_brest_museum.txt"]
    report = score(gold, pred)
    assert report.missing_ids == ["fx_brest_museum.txt"]
    # its gold agency and date_partial are null, yet a missing prediction is not "null == null"
    assert f(report, "agency").accuracy == pytest.approx(2 / 3)
    assert f(report, "date_partial").accuracy == pytest.approx(2 / 3)
    assert f(report, "persons").fn == 1 and f(report, "quotes").fn == 1 and f(report, "organizations").fn == 1


def test_predictions_are_joined_on_base_name_when_ids_are_paths(gold: list[dict[str, Any]]) -> None:
    pred = copy.deepcopy(gold)
    for r in pred:
        r["id"] = "corpus/eval/" + r["id"]
    report = score(gold, pred)
    assert not report.missing_ids and not report.ignored_ids
    assert_perfect(report)


# ----------------------------------------------------------------------------------------- report, table, floors

def test_rows_and_as_dict(gold: list[dict[str, Any]]) -> None:
    report = score(gold, load_jsonl(FIX / "pred_degraded.jsonl"))
    rows = report.rows()
    assert [r["field"] for r in rows][:3] == ["relevant", "date", "date_partial"]
    for r in rows:
        assert set(r) == {"field", "metric", "precision", "recall", "f1", "accuracy", "support"}
        if r["metric"] == "f1":
            assert r["accuracy"] is None
            assert (r["f1"] is None) == (r["field"] == "duplicates")   # the fixtures have no mirror pairs
        else:
            assert r["precision"] is None and r["recall"] is None and r["f1"] is None
    persons = next(r for r in rows if r["field"] == "persons")
    assert persons["support"] == 5
    d = report.as_dict()
    json.dumps(d)   # serialisable
    assert d["missing_ids"] == ["fx_minsk_harare.txt"] and d["fields"]["persons"]["tp"] == 3
    assert d["fields"]["date"]["correct"] == 1 and d["fields"]["date"]["total"] == 3


def test_vacuous_metrics_are_none() -> None:
    report = score([doc()], [doc()])
    assert f(report, "figures.value").f1 is None and f(report, "persons.role").accuracy is None
    assert f(report, "relevant").accuracy == 1.0


def test_format_table_is_aligned(gold: list[dict[str, Any]]) -> None:
    report = score(gold, load_jsonl(FIX / "pred_degraded.jsonl"))
    table = format_table(report)
    lines = table.splitlines()
    assert lines[0].split() == ["field", "metric", "precision", "recall", "f1/acc", "support"]
    body = lines[2:2 + len(report.fields)]
    assert len({len(line) for line in body}) == 1                     # right-aligned numbers: equal widths
    assert any(line.split()[:2] == ["figures.full", "f1"] for line in body)
    assert "0.750" in next(line for line in body if line.startswith("persons "))
    assert "fx_minsk_harare.txt" in lines[-2] and lines[-1].startswith("core mean (relevant, date, persons")


def test_check_floors(gold: list[dict[str, Any]]) -> None:
    report = score(gold, load_jsonl(FIX / "pred_degraded.jsonl"))
    failures = check_floors(report, {
        "persons.f1": 0.9, "persons.role.accuracy": 0.5, "date.accuracy": 0.9, "figures.full.f1": 0.9,
        "persons.country.accuracy": 1.0, "sectors": 0.5, "quotes.precision": 1.0,
    })
    assert failures == [
        "persons f1 0.67 < floor 0.90",
        "date accuracy 0.33 < floor 0.90",
        "figures.full f1 0.00 < floor 0.90",
    ]
    assert check_floors(report, {"nosuch.f1": 0.1})[0].startswith("nosuch.f1: unknown metric")
    assert "has no accuracy" in check_floors(report, {"persons.accuracy": 0.1})[0]
    assert check_floors(score([doc()], [doc()]), {"figures.full.f1": 0.9}) == []   # nothing to score passes


# ----------------------------------------------------------------------------------------- input

def test_load_jsonl_skips_blank_lines_and_reports_bad_lines(tmp_path: Path) -> None:
    good = tmp_path / "ok.jsonl"
    good.write_text('{"id": "a"}\n\n{"id": "b"}\n', encoding="utf-8")
    assert [r["id"] for r in load_jsonl(good)] == ["a", "b"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a"}\n{"id": \n', encoding="utf-8")
    with pytest.raises(MalformedRecord, match=r"bad.jsonl:2"):
        load_jsonl(bad)
    (tmp_path / "list.jsonl").write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(MalformedRecord, match="expected a JSON object"):
        load_jsonl(tmp_path / "list.jsonl")
    with pytest.raises(UnreadableInput):
        load_jsonl(tmp_path / "absent.jsonl")
