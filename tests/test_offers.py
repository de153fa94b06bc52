"""Offers and needs, on sentences written for these tests: actors and receivers through word order, pronouns
and possessives; reason clauses and conditions are no offers; one fact per statement; readable objects;
rule ids from data/offer_patterns.jsonl; matching across stories only where the sides do not cooperate yet."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from conftest import offer_case

from coopgraph.clean import clean
from coopgraph.cli import cli
from coopgraph.corpus import judge_pair, match_offers, match_row, product_stems, product_words
from coopgraph.extract import extract
from coopgraph.extract.offers import grammar
from coopgraph.models import Extraction, Offer, RawDoc
from coopgraph.resources import load_jsonl, sample_corpus_path

HEAD = "MINSK, 3. Mai (BelTA) - "


def run(text: str) -> Extraction:
    return extract(clean(RawDoc(id="o.txt", source="o.txt", fmt="text", content=text)))


def offers(text: str) -> list[Offer]:
    return run(text).offers


def test_possessive_in_a_need_points_to_the_other_party() -> None:
    text = (HEAD + "Belarus und Russland wollen im Fahrzeugbau enger zusammenarbeiten. Nach Angaben des Ministers "
            "zeigt KAMAZ Interesse an einer Kooperation mit belarussischen Zulieferern, und das Minsker "
            "Motorenwerk zeigt Interesse an seinen Lastwagen.")
    needs = [o for o in offers(text) if o.type == "need"]
    trucks = [o for o in needs if "Lastwagen" in o.what]
    assert len(trucks) == 1
    assert trucks[0].what == "Lastwagen"  # not "an seinen Lastwagen"
    assert trucks[0].recipient == "KAMAZ" and trucks[0].actor != "KAMAZ"
    assert not any(re.match(r"(an|seinen|ihren)\b", o.what) for o in needs)


def test_a_statement_reported_and_then_quoted_is_one_fact() -> None:
    text = (HEAD + "Belarus ist bereit, dem Gebiet Omsk beim Bau einer Milchfabrik zu helfen. Das erklärte der "
            "Landwirtschaftsminister bei einem Treffen mit dem Gouverneur des Gebiets Omsk.\n"
            "„Belarus ist bereit, beim Bau einer modernen Milchfabrik zu helfen, wenn das Gebiet ein Grundstück "
            "bereitstellt“, sagte der Minister.")
    found = [o for o in offers(text) if o.type == "offer"]
    assert len(found) == 1, [o.what for o in found]
    assert found[0].actor == "Belarus" and found[0].what == "Bau einer Milchfabrik"
    assert found[0].recipient == "Gebiet Omsk"


def test_zu_bieten_haben_and_liefern_koennen_in_main_and_subordinate_clauses() -> None:
    text = (HEAD + "Das Gebiet Omsk und das Gebiet Witebsk wollen den Handel ausbauen. "
            "Der Gouverneur sagte, dass das Gebiet Omsk Getreide und Rapsöl zu bieten habe. "
            "Nach seinen Worten kann das Gebiet Omsk Belarus außerdem Futtermittel liefern. "
            "Der Vorsitzende des Exekutivkomitees betonte, dass Witebsk Flachsgewebe liefern könne.")
    found = {(o.actor, o.what, o.rule) for o in offers(text) if o.type == "offer"}
    assert ("Gebiet Omsk", "Getreide und Rapsöl", "offer:to-offer-final") in found
    assert ("Gebiet Omsk", "Futtermittel", "offer:can-deliver") in found
    assert any(o.what == "Flachsgewebe" and o.rule == "offer:can-deliver-final" for o in offers(text))
    inverted = next(o for o in offers(text) if o.what == "Futtermittel")
    assert inverted.recipient in ("Belarus", "Gebiet Witebsk")  # the dative object, the Belarusian side


def test_interest_shown_in_either_word_order() -> None:
    text = (HEAD + "Belarus und Usbekistan wollen im Maschinenbau enger zusammenarbeiten. "
            "Usbekistan zeigt Interesse an belarussischen Aufzügen. "
            "Der Minister stellte fest, dass Usbekistan auch Interesse an Mähdreschern zeigt. "
            "Außerdem sei Usbekistan an belarussischen Traktoren interessiert.")
    needs = {(o.actor, o.what) for o in offers(text) if o.type == "need"}
    assert {("Usbekistan", "Aufzügen"), ("Usbekistan", "Mähdreschern"), ("Usbekistan", "Traktoren")} <= needs


def test_a_reason_clause_or_a_condition_is_no_offer() -> None:
    text = (HEAD + "Belarus und Armenien wollen den Handel ausbauen. „Wir hoffen, dass unsere Ausfuhren nach "
            "Belarus wachsen, weil auch wir etwas zu bieten haben. Wir haben gute Weine, Obst und Nüsse“, "
            "sagte der Botschafter Armeniens. „Wenn Sie mehr brauchen, liefern wir mehr“, sagte der Minister.")
    assert offers(text) == []


def test_readable_objects_without_time_phrases_or_empty_verbs() -> None:
    text = (HEAD + "Belarus und Usbekistan wollen den Handel ausbauen. Belarus ist bereit, in diesem Jahr bis zu "
            "200 Aufzüge nach Usbekistan zu liefern. Belarussische Werke sind bereit, die Lieferungen schon in "
            "diesem Jahr deutlich zu erhöhen. Der Bedarf an Aufzügen ist hoch, betonte er.")
    found = offers(text)
    whats = [o.what for o in found]
    assert "bis zu 200 Aufzüge nach Usbekistan" in whats
    assert not any("Lieferungen" in w or "Jahr" in w for w in whats)
    assert any(o.type == "need" and o.what == "Aufzügen" for o in found)  # not "Aufzügen ist hoch, betonte er"


def test_rule_ids_come_from_the_data_file() -> None:
    ids = {r["id"] for r in load_jsonl("offer_patterns.jsonl")}
    assert {r.id for r in grammar().rules} <= ids
    text = (HEAD + "Belarus ist bereit, Oman Traktoren und Düngemittel zu liefern. Oman könne Belarus im Gegenzug "
            "Erdölprodukte und Datteln anbieten.")
    found = offers(text)
    assert found and all(o.rule in ids for o in found)
    by_what = {o.what: o for o in found}
    assert by_what["Traktoren und Düngemittel"].actor == "Belarus"
    assert by_what["Traktoren und Düngemittel"].recipient == "Oman"
    assert by_what["Erdölprodukte und Datteln"].actor == "Oman"
    assert by_what["Erdölprodukte und Datteln"].recipient == "Belarus"


# -- matching --------------------------------------------------------------------------------------------
def _o(id_: int, type_: str, aid: int, story: str, side: str, what: str, to: str | None = None) -> dict:
    return {"id": id_, "article_id": aid, "type": type_, "what": what, "sectors": ["elevators"], "side": side,
            "party": side, "story": story, "recipient_party": to}


def test_matches_name_products_as_written_and_count_a_story_once() -> None:
    offer = _o(1, "offer", 1, "s1", "BY", "Aufzüge für Wohnhäuser", "AM")
    need = _o(2, "need", 2, "s2", "UZ", "Aufzügen")
    mirror = _o(3, "need", 3, "s2", "UZ", "Aufzügen")
    found = match_offers([offer, need, mirror], {("UZ", "elevators"): {3}})  # the mirror is no cooperation
    assert len(found) == 1 and found[0]["products"] == ["Aufzüge"]


def test_no_match_where_the_sides_already_cooperate_on_it() -> None:
    offer = _o(1, "offer", 1, "s1", "BY", "Aufzüge für Wohnhäuser", "AM")
    need = _o(2, "need", 2, "s2", "UZ", "Aufzügen")
    assert match_offers([offer, need], {("UZ", "elevators"): {4}}, {4: "s9"}) == []
    earlier = _o(5, "offer", 5, "s5", "BY", "Aufzüge", "UZ")  # Belarus already offers Uzbekistan elevators
    found = match_offers([offer, need, earlier], {})
    assert [(m["offer_id"], m["need_id"]) for m in found] == [(5, 2)]
    same_side = _o(6, "need", 6, "s6", "BY", "Aufzügen")
    assert match_offers([offer, same_side], {}) == []


def _every_pair(offers: list[dict], cooperation: dict, story_of: dict) -> list[dict]:
    """match_offers without its candidate keys: every offer against every need, in id order."""
    story = dict(story_of)
    for o in offers:
        if o["story"]:
            story.setdefault(o["article_id"], o["story"])

    def key(aid: int) -> str:
        return story.get(aid) or f"article:{aid}"

    def cooperating(party: str, sector: str) -> set[str]:
        return {key(a) for a in cooperation.get((party, sector), ())}

    offs = sorted((o for o in offers if o["type"] == "offer"), key=lambda o: o["id"])
    needs = sorted((o for o in offers if o["type"] == "need"), key=lambda o: o["id"])
    out, seen = [], set()
    for o in offs:
        ow = product_words(o["what"])
        for n in needs:
            judged = judge_pair(o, ow, n, product_words(n["what"]), key(o["article_id"]), key(n["article_id"]),
                                cooperating)
            if judged is None or not judged[1] or (key(o["article_id"]), key(n["article_id"])) in seen:
                continue
            mine = {key(o["article_id"]), key(n["article_id"])}
            if any(key(e["article_id"]) not in mine and e["side"] == o["side"]
                   and e["recipient_party"] == n["party"] and product_stems(e["what"]) & judged[1] for e in offs):
                continue
            seen.add((key(o["article_id"]), key(n["article_id"])))
            out.append(match_row(o, n, ow, *judged))
    return out


def test_the_candidate_keys_lose_no_pair_that_matches() -> None:
    """On random inputs of a small vocabulary (many shared products, sectors, stories and cooperation), the
    matches found through the candidate keys are those of comparing every offer with every need."""
    total = 0
    for seed in range(400):
        found = match_offers(*offer_case(seed))
        assert found == _every_pair(*offer_case(seed)), seed
        total += len(found)
    assert total > 300  # the inputs do match


def _ingest(db: Path, *paths: Path) -> sqlite3.Connection:
    result = CliRunner().invoke(cli, ["ingest", *map(str, paths), "--db", str(db), "-q"],
                                env={"COOPGRAPH_CONFIG": "/nonexistent/coopgraph-tests/config.toml"})
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return conn


def test_mirrors_neither_add_matches_nor_block_them(tmp_path: Path) -> None:
    """The sample once, and the sample plus a copy of every article under another id: the same matches."""
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    for f in sample_corpus_path().iterdir():
        data = f.read_bytes()
        if f.suffix == ".jsonl":
            data = data.replace(b'"id": "', b'"id": "mirror-')
        (mirror / f"mirror_{f.name}").write_bytes(data)
    one = _ingest(tmp_path / "one.db", sample_corpus_path())
    two = _ingest(tmp_path / "two.db", sample_corpus_path(), mirror)
    assert two.execute("SELECT count(*) FROM articles").fetchone()[0] == \
        2 * one.execute("SELECT count(*) FROM articles").fetchone()[0]
    q = ("SELECT o.what, n.what FROM matches m JOIN offers o ON o.id = m.offer_id "
         "JOIN offers n ON n.id = m.need_id ORDER BY 1, 2")
    first = one.execute(q).fetchall()
    assert len(first) >= 3
    assert [tuple(r) for r in two.execute(q).fetchall()] == [tuple(r) for r in first]


def test_the_seed_offers_once_each_with_the_right_actor(tmp_path: Path, seeds_dir: Path) -> None:
    conn = _ingest(tmp_path / "s.db", seeds_dir)
    rows = [dict(r) for r in conn.execute(
        "SELECT a.doc_id, o.type, o.actor, o.recipient, o.what, o.rule_id FROM offers o "
        "JOIN articles a ON a.id = o.article_id")]
    charging = [r for r in rows if r["doc_id"].startswith("000_") and "Ladeinfrastruktur" in r["what"]]
    assert len(charging) == 1 and charging[0]["actor"] == "Belarus" and charging[0]["type"] == "offer"
    bzd = [r for r in rows if r["doc_id"].startswith("001_") and r["actor"] == "BZD"]
    assert len(bzd) == 1 and bzd[0]["type"] == "need" and bzd[0]["recipient"] == "Tulazheldormash"
    assert not re.match(r"(an|seinen)\b", bzd[0]["what"])
    assert not [r for r in rows if r["doc_id"].startswith("004_") and r["type"] == "offer"]
    assert all(r["rule_id"] in {x["id"] for x in load_jsonl("offer_patterns.jsonl")} for r in rows)


def test_negations_idioms_and_purpose_clauses() -> None:
    text = (HEAD + "Belarus und Armenien wollen den Handel ausbauen. „Wir brauchen keine neuen Kommissionen“, sagte "
            "der Minister. Belarus ist bereit, Armenien die Türen zu öffnen. Armenien zeigte Interesse an der "
            "Veranstaltung. Die Region braucht Kühlwagen, um Obst nach Belarus zu bringen.")
    found = offers(text)
    assert [o.what for o in found] == ["Kühlwagen"]
    assert found[0].type == "need"


def test_a_dative_pronoun_is_the_receiver_not_the_subject() -> None:
    text = (HEAD + "Belarus und Oman wollen den Handel ausbauen. Der Botschafter sagte, Oman könne uns Datteln "
            "liefern.")
    dates = [o for o in offers(text) if o.what == "Datteln"]
    assert len(dates) == 1 and dates[0].actor == "Oman"


def test_a_subject_pronoun_is_the_subject_of_the_sentence_before() -> None:
    text = (HEAD + "Belarus und Usbekistan wollen im Maschinenbau enger zusammenarbeiten. Das Minsker "
            "Traktorenwerk hat in Usbekistan ein Montagewerk eröffnet. Es ist bereit, dort auch Mähdrescher zu "
            "montieren.")
    combines = [o for o in offers(text) if o.what == "Mähdrescher"]
    assert len(combines) == 1 and combines[0].actor not in ("Usbekistan", None)
    assert combines[0].actor == next(o.name for o in run(text).organizations if "Traktorenwerk" in o.name)


def test_matches_have_belarus_on_one_side() -> None:
    offer = _o(1, "offer", 1, "s1", "RU", "Aufzüge für Wohnhäuser", "BY")
    need = _o(2, "need", 2, "s2", "KZ", "Aufzügen")
    assert match_offers([offer, need], {}) == []  # two partners of Belarus: not Belarus's business
    need_by = _o(3, "need", 3, "s3", "BY", "Aufzügen")
    assert [(m["offer_id"], m["need_id"]) for m in match_offers([offer, need_by], {})] == [(1, 3)]


def test_willingness_to_cooperate_or_talk_is_no_offer() -> None:
    text = (HEAD + "Belarus und Algerien wollen den Handel ausbauen. Belarus ist bereit, mit Algerien im "
            "Maschinenbau enger zusammenzuarbeiten. Algerien ist bereit, neue Projekte im Bergbau zu prüfen. "
            "Belarus ist bereit, Algerien Mähdrescher zu liefern.")
    assert [o.what for o in offers(text)] == ["Mähdrescher"]
