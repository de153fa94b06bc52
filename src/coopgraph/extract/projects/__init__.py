"""Joint projects: a noun phrase that names a concrete undertaking ("ein Werk für Traktorkabinen in
Kostanai", "das Joint Venture in Samarkand", "ein Projekt in der Region Tula zur Einführung eines
Elektrobusses") with its product and location, and the status the sentence gives it.

Mentions. A head noun from the table below (Werk, Montagewerk, Werkstatt, Fabrik, Joint Venture,
Handelshaus, Drehscheibe, Logistik-/Servicezentrum, Industriepark, Ladestation, Terminal, Projekt, ...)
plus a location (a place in an "in/im/bei" phrase right after it, or inside its name: "MTZ-Tatarstan")
and/or a product ("für Mähdrescher", "zur Herstellung von Kabinen", "Kabinenwerk", a line "mit
Elektrobussen"). Without a place of its own the head takes the nearest place of the sentence, its own clause
first: a locative phrase ("In Nowosibirsk soll ein Montagewerk ... entstehen"), else a region or city
before it with no preposition of its own, as subject, object or genitive ("Das Gebiet Omsk will ein
Servicezentrum aufbauen"), never a place of origin ("Firmen aus Shandong") and never a Belarusian place
when the sentence names a foreign one. A bare head counts only as an anaphor ("das Werk" after "ein Werk
für ... in Kostanai") or with such a place and a status cue about it; plural infrastructure only as a
network or with a setup verb ("ein Netz von Servicezentren", "20 Ladestationen werden errichtet").
Generic talk ("Kooperationsprojekte", "neue Projekte umzusetzen", "15 Projekte", "30 Joint Ventures" but
not "eines gemeinsamen Joint Ventures") has no singular head or no concrete object; named enterprises ("Minsker
Traktorenwerk") are left out. A mention is kept when it has a status, an inherently joint head (joint
venture, trading house, assembly plant) or a joint marker ("gemeinsam", "belarussisch-usbekisch") nearby.

Status. Cue rows in ``project_patterns.jsonl`` (kind "cue": id, status, pattern, optional scope, unless,
present_future, requires/otherwise) fire in the sentence; a cue with ``requires`` gives its status only when
the sentence states that as a fact outside a plan, else ``otherwise`` ("Schritt für Schritt entsteht in Omsk
ein Werk" without Bau, Bauarbeiten, Grundstein, errichtet or gebaut only proposes). A cue in a micro-clause
with a modal, plan or future marker (kind "future": "soll", "wollen", "geplant", "im nächsten Jahr", "wird
... werden") only proposes: "soll ... in Betrieb genommen werden" is proposed, never operating; event
verbs in the present passive ("wird im Herbst eröffnet") are announcements too. Cues in the project's own
clause (with its relative clause) win over cues in the clause that governs it ("Die Seiten vereinbarten, ...
zu errichten"); among those the most advanced status wins; a cue that refers to neither only counts when it
is the nearest. Several mentions of one project in an article give one ProjectMention with the most
advanced status stated; its evidence (start, end) is the sentence that states it.

The package's modules: ``words`` (the word lists and patterns, read from ``data/project_words.jsonl``),
``model`` (tokens, places, candidates), ``status`` (cue rows and the sentence they fire in), ``phrases``
(head nouns, product, place and name phrases), ``candidates`` (the mentions of one sentence and the place a
mention takes from its sentence) and ``grouping`` (one ProjectMention per project)."""
from __future__ import annotations

from ...models import ProjectMention
from .grouping import find_projects
from .status import patterns
from .words import STATUS_RANK

__all__ = ["STATUS_RANK", "ProjectMention", "find_projects", "patterns"]
