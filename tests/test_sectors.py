"""Sector evidence: exact offsets under case folding, blocked phrases, schema conventions."""
from __future__ import annotations

from coopgraph.extract.sectors import find_sectors, fold_case


def sectors(text: str) -> dict[str, str]:
    return {h.sector: text[h.start:h.end] for h in find_sectors(text)}


def test_fold_case_keeps_offsets_when_lower_case_grows() -> None:
    text = "İzmir und İstanbul: Maschinenbau"
    assert len("İ".lower()) == 2  # the reason for fold_case
    folded = fold_case(text)
    assert len(folded) == len(text)
    assert folded.endswith("maschinenbau") and folded.startswith("izmir")


def test_spans_after_dotted_capital_i_point_at_the_word() -> None:
    text = "Die Firma İnci aus İzmir und das Werk in İstanbul bauen die Zusammenarbeit im Maschinenbau aus."
    got = sectors(text)
    assert got["machine_building"] == "Maschinenbau"


def test_spans_without_special_characters() -> None:
    text = "Die Partner sprachen über Landtechnik und den Handel mit Milchprodukten."
    got = sectors(text)
    assert got["trade"] == "Handel"
    assert got["agricultural_machinery"] == "Landtechnik"


def test_blocked_phrases_name_something_else() -> None:
    assert "education" not in sectors("Beschlossen wurde die Bildung einer gemeinsamen Arbeitsgruppe.")
    assert "education" in sectors("Die Seiten wollen in der Bildung und Wissenschaft kooperieren.")
    got = sectors("Der Leiter der Industrie- und Handelskammer eröffnete die Sitzung.")
    assert "industry" not in got and "trade" not in got
    assert "industry" not in sectors("Er lobte den militärisch-industriellen Komplex des Landes.")


def test_generic_industry_beside_engineering_branches_only_for_concrete_objects() -> None:
    assert "industry" not in sectors("Die industrielle Zusammenarbeit im Maschinenbau soll wachsen.")
    assert {"industry", "metallurgy"} <= set(sectors("Die industrielle Zusammenarbeit in der Metallurgie wächst."))
    got = sectors("Im Industriepark sollen Traktoren montiert werden.")
    assert {"industry", "agricultural_machinery"} <= set(got)


def test_trade_volume_words() -> None:
    assert "trade" in sectors("Das bilaterale Handelsvolumen stieg um 12 Prozent.")
    assert "trade" not in sectors("Das Werk produziert Traktoren für den Export.")
