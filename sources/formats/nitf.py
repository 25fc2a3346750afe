"""NITF (IPTC's News Industry Text Format, 3.x) → ParsedArticle.

Where each field comes from, first found wins:

- title: ``body.head/hedline/hl1``, else ``head/title``; without either it is derived
  from the first body paragraph, as for ``.txt`` files;
- date: the ``norm`` attribute of ``head/docdata/date.issue``, then
  ``body.head/dateline/story.date``, then ``head/docdata/date.release`` (ISO 8601, basic or
  extended; the day as written);
- source: ``head/pubdata/@name``, then ``body.head/distributor``, then
  ``head/docdata/doc.copyright/@holder``;
- byline: the text of ``body.head/byline`` (several joined with "; ");
- url: ``head/pubdata/@ex-ref`` when it is an http(s) URL;
- language: ``xml:lang`` on ``nitf``, ``body`` or ``body.content``;
- paragraphs: the sub-headlines of ``hedline`` (``hl2``) as headings, then
  ``body.content``: ``p`` as body, ``hl2`` as headings, ``media-caption`` as captions
  (the ``media-producer`` credit left out); ``body.end`` (taglines) is not article text.

NITF is read with or without its namespace, and with a DOCTYPE naming nitf.dtd (which is
never fetched).
"""

from __future__ import annotations

from typing import Any

from articles.parsing import ParsedArticle, ParsedParagraph
from sources.formats.article import Fields, build, is_http_url, iso_date
from sources.formats.xmltext import (
    HEADING,
    attribute,
    blocks,
    child,
    children,
    inline_text,
    text_of,
)

DATE_NAMES = "NITF keeps it in the norm attribute of date.issue, story.date or date.release"


def read_nitf(root: Any) -> ParsedArticle:
    """The article of a parsed ``<nitf>`` element. ArticleImportError (one line) for no
    date, no paragraphs in ``body.content``, or a field the importer refuses."""
    head, body = child(root, "head"), child(root, "body")
    body_head = child(body, "body.head")
    content = child(body, "body.content")
    hedline = child(body_head, "hedline")
    found = Fields(names={"title": "hl1", "source": "pubdata name", "url": "pubdata ex-ref"})
    found.title = text_of(child(hedline, "hl1")) or text_of(child(head, "title"))
    found.published = _date(head, body_head)
    found.source = _source(head, body_head)
    bylines = [inline_text(b) for b in children(body_head, "byline")]
    found.byline = "; ".join(b for b in bylines if b)
    ex_ref = attribute(child(head, "pubdata"), "ex-ref")
    found.url = ex_ref if is_http_url(ex_ref) else ""
    found.lang = next(
        (attribute(e, "lang") for e in (root, body, content) if attribute(e, "lang")), ""
    )
    found.paragraphs = nitf_paragraphs(root)
    return build(found, date_names=DATE_NAMES)


def nitf_paragraphs(root: Any) -> list[ParsedParagraph]:
    """The paragraphs of a ``<nitf>`` element: the sub-headlines of ``hedline`` as
    headings, then those of ``body.content``."""
    body = child(root, "body")
    subheads = [text_of(h) for h in children(child(body, "body.head", "hedline"), "hl2")]
    found = [ParsedParagraph(text=t, kind=HEADING) for t in subheads if t]
    content = child(body, "body.content")
    return found + (blocks(content) if content is not None else [])


def _date(head: Any, body_head: Any) -> Any:
    places = (
        child(head, "docdata", "date.issue"),
        child(body_head, "dateline", "story.date"),
        child(head, "docdata", "date.release"),
    )
    for place in places:
        day = iso_date(attribute(place, "norm"))
        if day is not None:
            return day
    return None


def _source(head: Any, body_head: Any) -> str:
    name = attribute(child(head, "pubdata"), "name")
    if name.strip():
        return name
    distributor = child(body_head, "distributor")
    return text_of(distributor) or attribute(child(head, "docdata", "doc.copyright"), "holder")
