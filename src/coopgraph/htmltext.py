"""HTML -> main text plus page metadata (title, canonical URL, published date).

Main text by trafilatura (precision mode, no comments, no tables); a plain lxml block walk is the
fallback for fragments such as feed entry bodies that trafilatura finds too short.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

from .errors import NoArticle
from .ingest.readers import iso_date

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}
_DATE_META = [
    ("//meta[@property='article:published_time']", "content", "HTML meta article:published_time"),
    ("//meta[@name='pubdate']", "content", "HTML meta pubdate"),
    ("//meta[@name='date']", "content", "HTML meta date"),
    ("//meta[@itemprop='datePublished']", "content", "HTML meta datePublished"),
    ("//article//time[@datetime]", "datetime", "HTML <time datetime>"),
]


@dataclass
class HtmlText:
    text: str
    title: str | None
    url: str | None
    date: str | None
    date_source: str | None


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return bool(re.search(r"<(p|div|br|html|body|article|span|a)\b[^>]*>", head))


def _meta(tree: lxml.html.HtmlElement) -> tuple[str | None, str | None, str | None, str | None]:
    title = url = when = source = None
    for sel, attr in (("//meta[@property='og:title']", "content"), ("//title", None), ("//h1", None)):
        found = tree.xpath(sel)
        if found:
            value = found[0].get(attr) if attr else found[0].text_content()
            if value and value.strip():
                title = " ".join(value.split())
                break
    for sel, attr in (("//link[@rel='canonical']", "href"), ("//meta[@property='og:url']", "content")):
        found = tree.xpath(sel)
        if found and found[0].get(attr):
            url = found[0].get(attr).strip()
            break
    for sel, attr, what in _DATE_META:
        found = tree.xpath(sel)
        if found and iso_date(found[0].get(attr)):
            when, source = iso_date(found[0].get(attr)), what
            break
    return title, url, when, source


def _block_text(tree: lxml.html.HtmlElement) -> str:
    for bad in tree.xpath("//script|//style|//nav|//footer|//header|//aside|//form|//noscript"):
        bad.drop_tree()
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        joined = " ".join("".join(buf).split())
        if joined:
            lines.append(joined)
        buf.clear()

    for event, el in lxml.etree.iterwalk(tree, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS:
                flush()
            if el.text:
                buf.append(el.text)
        else:
            if tag in _BLOCKS:
                flush()
            if el.tail:
                buf.append(el.tail)
    flush()
    return "\n".join(lines)


def html_to_text(html: str, min_chars: int = 40) -> HtmlText:
    import trafilatura

    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise NoArticle(f"unparseable HTML ({exc})", "check that the file is a complete HTML page") from exc
    title, url, when, source = _meta(tree)
    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                      favor_precision=True, with_metadata=False, deduplicate=False)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if len(text.strip()) < min_chars:
        text = _block_text(lxml.html.fromstring(html))
    if len(text.strip()) < min_chars:
        raise NoArticle("HTML page has no article text", "it may be an index or error page; skip it")
    return HtmlText(text=text, title=title, url=url, date=when, date_source=source)
