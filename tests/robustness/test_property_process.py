"""Issue 11: a property-based test of ``pipeline.process`` on mutated articles (all written for this
test). Whatever the mutation, ``process`` returns an Extraction or a Reject and never raises; every
fact's span lies in the text and round-trips to its evidence; every number is finite."""
from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopgraph.models import Extraction, RawDoc, Reject
from coopgraph.pipeline import process

ARTICLES = [
    ("MINSK, 12. März (BelTA) - Belarus und Usbekistan wollen die gemeinsame Montage von Traktoren in Taschkent "
     "ausbauen. Das teilte Industrieminister Iwan Petrow nach einem Treffen der Regierungskommission mit.\n\n"
     "Im vergangenen Jahr stieg der Handel zwischen beiden Ländern um 12,5 Prozent auf 1,2 Milliarden Dollar. "
     "„Wir wollen bis 2026 ein Servicezentrum in Samarkand eröffnen“, sagte Petrow."),
    ("GRODNO, 3. Juni (BelTA) - Das Gebiet Grodno und die Region Kaliningrad wollen mehr Milchprodukte und "
     "Baustoffe austauschen. Der Gouverneur des Gebiets Grodno, Anna Smirnowa, sprach von 300 Millionen Euro "
     "Umsatz im ersten Halbjahr.\n\nGeplant ist ein gemeinsames Logistikzentrum an der Grenze."),
    ("<html><head><title>Busse für Havanna</title></head><body><article><p>HAVANNA, 5. Mai (BelTA) - Belarus "
     "und Kuba wollen die Montage von Bussen in Havanna ausbauen, sagte der Botschafter.</p><p>Der Vertrag "
     "umfasst 150 Busse im Wert von 40 Mio. US-Dollar.</p></article></body></html>"),
]

PAYLOADS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["=", '"', "(", "»", "„", "-", ".", "%", "€", "_", "'", "/", "\u0130", "\ufffd"]).flatmap(
        lambda ch: st.integers(1, 3000).map(lambda n: ch * n)),  # punctuation runs
    st.lists(st.integers(0, 10**6), min_size=1, max_size=300).map(  # number-dense sentences
        lambda ns: "Der Umsatz stieg auf " + ", ".join(f"{n} Mio. Dollar" for n in ns) + "."),
    st.integers(1, 600).map(lambda n: "Der Handel erreichte " + "9" * n + " Milliarden Euro."),
    st.sampled_from(["MINSK, 29. Februar 2023 (BelTA) - ", "12. März 0023\n", "MOSKAU, 31. April (TASS) - ",
                     "\n\n", "\r\n", "\ud800", "<p>", "</article>", "\x00", "\u200b", "İstanbul "]),
)


@st.composite
def mutated(draw: st.DrawFn) -> RawDoc:
    base = draw(st.sampled_from(ARTICLES))
    text = base
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 200)))
        if op == "insert":
            text = text[:i] + draw(PAYLOADS) + text[i:]
        elif op == "delete":
            text = text[:i] + text[j:]
        elif op == "replace":
            text = text[:i] + draw(PAYLOADS) + text[j:]
        else:
            text = text[:j] + text[i:j] * draw(st.integers(1, 20)) + text[j:]
    fmt = "html" if base.startswith("<html") else "text"
    return RawDoc(id="m", source="mutated", fmt=fmt, content=text)


def problems(result: Extraction) -> list[str]:
    text = result.article.text
    out = []
    for kind in ("persons", "organizations", "places", "partners", "figures", "sectors", "quotes", "offers",
                 "projects"):
        for fact in getattr(result, kind):
            if not 0 <= fact.start <= fact.end <= len(text):
                out.append(f"{kind}: span {fact.start}-{fact.end} outside a text of {len(text)}")
            evidence = {"figures": "quote", "quotes": "text", "places": "surface"}.get(kind)
            if evidence and getattr(fact, evidence) != text[fact.start:fact.end]:
                out.append(f"{kind}: {getattr(fact, evidence)!r} != text[{fact.start}:{fact.end}]")
            if kind == "figures" and not math.isfinite(fact.value):
                out.append(f"figure value {fact.value}")
    for person in result.persons:
        out += [f"mention {s}-{e}" for s, e in person.mentions if not 0 <= s <= e <= len(text)]
    if result.meeting is not None and not 0 <= result.meeting.start <= result.meeting.end <= len(text):
        out.append("meeting span")
    return out


@settings(max_examples=50, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_process_never_raises_and_every_fact_round_trips(raw: RawDoc) -> None:
    result = process(raw)
    assert isinstance(result, (Extraction, Reject))
    if isinstance(result, Extraction):
        assert problems(result) == []
    else:
        assert result.reason and result.stage
