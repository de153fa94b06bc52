"""Direct quotations („…“, "…", «…», »…«, “…”, quotes across paragraphs, a closing mark whose opening
was lost) and their speakers: the attribution after the quote ("sagte X", "so X", "betonte der
Minister", "zitiert sein Pressedienst den Staatschef"), before it ("X sagte: „…“"), or the context."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..models import Quote
from .persons import SPEECH_VERBS, OrgHit, PersonDraft
from .text import Spans

OPENERS = {"„": "“”\"", "«": "»", "»": "«", "“": "”“", '"': '"“”', "‚": "‘’"}
CLOSERS = set("“”»«\"")
MARKS = re.compile(r"[„“”«»\"]")
MIN_WORDS = 4
_VERBS = "|".join(sorted(SPEECH_VERBS | {"hinzu", "fest", "mit", "hervor", "hin", "zusammen", "zitierte", "heißt",
                                          "hieß", "laut"}, key=len, reverse=True))
AFTER = re.compile(r"^[\s,.;:!?–—-]{0,4}(?:" + _VERBS + r")\b", re.IGNORECASE)
BEFORE = re.compile(r"(?:" + _VERBS + r")(?:\s+\w+){0,8}\s*:\s*$", re.IGNORECASE)


@dataclass
class RawQuote:
    start: int  # first character inside the marks
    end: int  # position of the closing mark (exclusive end of content)
    open_mark: int | None  # position of the opening mark, None when it was lost
    cut: bool = False  # the text ends inside the quotation: nothing after it names the speaker


def find_quote_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[RawQuote]:
    quotes: list[RawQuote] = []
    carry: RawQuote | None = None  # a quote still open at the end of the previous paragraph
    for ps, pe in paragraphs:
        marks = [(m.start(), m.group(0)) for m in MARKS.finditer(text, ps, pe)]
        last_at = {c: i for i, (_, c) in enumerate(marks)}  # last index of each mark: O(1) "closed later?"
        open_pos: int | None = None
        open_char = ""
        seen_quote_in_para = False
        idx = 0
        if carry is not None:
            # continuation: the paragraph may reopen with a mark; the quote ends at the next closer
            if marks and marks[0][0] == ps and marks[0][1] in OPENERS:
                idx = 1
            close = next(((p, c) for p, c in marks[idx:] if c in CLOSERS and c != "„"), None)
            if close is None:
                continue  # the whole paragraph is inside the quote
            quotes.append(RawQuote(carry.start, close[0], carry.open_mark))
            carry = None
            idx = marks.index(close) + 1
            seen_quote_in_para = True
        while idx < len(marks):
            pos, ch = marks[idx]
            if open_pos is None:
                later_close = any(last_at.get(c, -1) > idx for c in OPENERS.get(ch, ""))
                if ch in ("„", "«") or (ch in ("»", "“", '"') and later_close and _opens(text, pos)):
                    open_pos, open_char = pos, ch
                elif ch in ("“", "”", "»", '"') and not seen_quote_in_para and pos > ps and not _opens(text, pos):
                    # a closing mark whose opening mark is missing: the quote starts with the paragraph
                    quotes.append(RawQuote(ps, pos, None))
                    seen_quote_in_para = True
                elif ch in ('"', "„", "«", "»", "“"):
                    open_pos, open_char = pos, ch  # opened, not closed in this paragraph
            else:
                if ch in OPENERS.get(open_char, "") or (open_char == "„" and ch in "“”\""):
                    quotes.append(RawQuote(open_pos + 1, pos, open_pos))
                    open_pos = None
                    seen_quote_in_para = True
            idx += 1
        if open_pos is not None:
            carry = RawQuote(open_pos + 1, pe, open_pos)
    if carry is not None:
        quotes.append(RawQuote(carry.start, carry.end, carry.open_mark, cut=True))  # a cut excerpt: still a quote
    out = []
    for q in quotes:
        content = text[q.start:q.end]
        if len(content.split()) >= MIN_WORDS and not _is_title(text, q):
            out.append(q)
    return out


_SPEECH_AFTER = re.compile(r"\s*(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")\b")


def _is_title(text: str, q: RawQuote) -> bool:
    """A name in quotation marks, not a quotation: 'das Forum „Belarus-Usbekistan: Zusammenarbeit als Faktor
    der Entwicklung“ stattfinden', 'unter dem Namen „Festival des Films“': no closing punctuation inside,
    and the sentence goes on in lower case after it, or a noun stands right before it."""
    if q.open_mark is None:
        return False
    content = text[q.start:q.end].rstrip()
    if not content or content[-1] in ".!?…" or len(content.split()) > 30:
        return False
    after = text[q.end + 1:q.end + 30]
    if (re.match(r" [a-zäöüß]", after) and not _SPEECH_AFTER.match(after)) or \
            re.match(r", (?:das|der|die|dem|den|welche[rs]?) ", after):
        return True
    if len(content.split()) > 12:
        return False
    before = text[max(0, q.open_mark - 40):q.open_mark]
    if "\n" in before[len(before.rstrip()):] or not before.strip():
        return False  # the quotation opens a paragraph
    before = before.rstrip()
    last = before.split()[-1]
    return last[:1].isupper() and last.isalpha() and not re.search(r"[:,]\s*$", before)


def _opens(text: str, pos: int) -> bool:
    """Typography of an ambiguous mark (“, ", »): an opening mark stands before a word, after a space or
    the start of the text; a closing one after a word or punctuation."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return (before.isspace() or before in "([–—-:") and not after.isspace()


_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n\n")


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos)
    return m.end() if m else len(text)


DOCUMENT = re.compile(r"^[\s,.;:!?–—-]{0,4}(?:heißt|hieß)\s+es\b", re.IGNORECASE)


Mention = tuple[int, int, str, PersonDraft]


class _Mentions:
    """The person mentions outside quotations, sorted by start, with range look-ups by bisection (a text
    with thousands of quotes and names stays linear)."""

    def __init__(self, mentions: list[Mention], quotes: list[RawQuote]) -> None:
        inside = Spans((q.start, q.end) for q in quotes)
        self.items = [m for m in mentions if not inside.covers(m[0])]
        self.starts = [m[0] for m in self.items]
        # run[i]: the first index of the run of mentions of one person that ends at i
        self.run: list[int] = []
        for i, m in enumerate(self.items):
            same = i > 0 and self.items[i - 1][3] is m[3]
            self.run.append(self.run[i - 1] if same else i)

    def between(self, s: int, e: int) -> list[Mention]:
        return self.items[bisect_left(self.starts, s):bisect_left(self.starts, e)]

    def last_before(self, pos: int) -> Mention | None:
        i = bisect_left(self.starts, pos)
        return self.items[i - 1] if i > 0 else None

    def one_person(self, s: int, e: int) -> Mention | None:
        """The last mention in [s, e) when all of them name one person, else None."""
        i, j = bisect_left(self.starts, s), bisect_left(self.starts, e)
        return self.items[j - 1] if j > i and self.run[j - 1] <= i else None


def _protagonist(free: _Mentions, pos: int) -> PersonDraft | None:
    """The person the story opens with (named first before ``pos``): the lead names the author of a letter
    or statement quoted later ("Lukaschenko hat ... sein Beileid ausgesprochen")."""
    return free.items[0][3] if free.items and free.items[0][0] < pos else None


def _paragraph_speaker(text: str, open_mark: int, free: _Mentions) -> Mention | None:
    par_start = text.rfind("\n", 0, open_mark) + 1
    return free.one_person(par_start, open_mark)


def _mentions(persons: list[PersonDraft]) -> list[tuple[int, int, str, PersonDraft]]:
    out = [(s, e, k, p) for p in persons for s, e, k in p.mentions]
    out.sort(key=lambda x: x[0])
    return out


def attribute(text: str, quotes: list[RawQuote], persons: list[PersonDraft], orgs: list[OrgHit]
              ) -> list[Quote]:
    free = _Mentions(_mentions(persons), quotes)
    org_order = sorted(range(len(orgs)), key=lambda i: orgs[i].start)
    org_starts = [orgs[i].start for i in org_order]
    results: list[Quote] = []
    seen: set[str] = set()
    prev_speaker: str | None = None
    prev_end = -10_000
    for q in quotes:
        content = text[q.start:q.end]
        key = " ".join(content.split()).lower()
        speaker, rule = None, None
        tail_start = q.end + 1
        tail_end = _sentence_end(text, tail_start) if tail_start < len(text) else len(text)
        tail = text[tail_start:tail_end]
        if AFTER.match(tail):
            cand = free.between(tail_start, tail_end)
            document = DOCUMENT.match(tail)
            if document:
                # "…“, heißt es im Schreiben an den türkischen Präsidenten": the addressee did not write it;
                # the author is the person the story opens with
                cand = [m for m in cand if not re.search(r"\ban\s+(?:\w+\s+){0,3}$", text[tail_start:m[0]])]
                if not cand:
                    author = _protagonist(free, q.open_mark or q.start)
                    if author is not None:
                        speaker, rule = author.name, "speaker:document-author"
            if cand:
                speaker, rule = cand[0][3].name, f"speaker:after:{cand[0][2]}"
            else:
                # the first organization (in list order) that starts in the tail
                at = org_order[bisect_left(org_starts, tail_start):bisect_left(org_starts, tail_end)]
                org = orgs[min(at)] if at else None
                if org:
                    speaker, rule = org.name, "speaker:after:org"
        if speaker is None and q.open_mark is not None:
            head_start = max(0, q.open_mark - 200)
            head = text[head_start:q.open_mark]
            if BEFORE.search(head) or re.search(r"(?:Wie|wie|Laut|laut|Nach Angaben von)\b[^.]*$", head):
                sent_start = head_start + max(head.rfind(". "), head.rfind("\n"), -1) + 1
                cand = free.between(sent_start, q.open_mark)
                if cand:
                    speaker, rule = cand[-1][3].name, f"speaker:before:{cand[-1][2]}"
        if speaker is None and q.cut and q.open_mark is not None:
            # a quotation cut off by the end of the text: its attribution is lost, unless the sentence right
            # before it is about a person ("Kolesnik nannte Beispiele. „...")
            par_start = text.rfind("\n", 0, q.open_mark) + 1
            prev_start = max(text.rfind(". ", par_start, q.open_mark - 2) + 1, par_start)
            cand = free.between(prev_start, q.open_mark)
            if cand:
                speaker, rule = cand[0][3].name, f"speaker:before-cut:{cand[0][2]}"
        elif speaker is None:
            # "Eldar Kunajew will beitragen. „…“": the one person the paragraph names before the quote
            own = _paragraph_speaker(text, q.open_mark, free) if q.open_mark is not None else None
            if own is not None:
                speaker, rule = own[3].name, f"speaker:paragraph:{own[2]}"
            elif prev_speaker is not None and q.start - prev_end < 400:
                speaker, rule = prev_speaker, "speaker:continuation"
        if speaker is None and not q.cut:
            last = free.last_before(q.open_mark or q.start)
            if last is not None:
                speaker, rule = last[3].name, f"speaker:context:{last[2]}"
        prev_speaker, prev_end = speaker, q.end
        if key in seen:
            continue
        seen.add(key)
        # the evidence span is the quotation itself (without its marks), trimmed
        s, e = q.start, q.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        results.append(Quote(start=s, end=e, extractor="quotes", rule="quote:marks" if q.open_mark is not None
                             else "quote:lost-opening", text=text[s:e], speaker=speaker, speaker_rule=rule))
    return results
