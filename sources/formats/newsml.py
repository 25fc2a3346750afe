"""NewsML-G2 (IPTC, namespace ``http://iptc.org/std/nar/2006-10-01/``) → ParsedArticle.

A file holds one text ``newsItem``, or a ``newsMessage`` of text items (a wire's batch):
:func:`read_newsml` reads a file of one article, :func:`read_newsml_items` each text item
of a message as its own article (the importer stores each in its own transaction; an item
refused does not stop the others). Items of other classes (pictures) are left out. Where
each field comes from, first found wins:

- title: ``contentMeta/headline`` (without a headline, derived from the first body
  paragraph, as for ``.txt`` files);
- date: ``contentMeta/contentCreated``, then ``itemMeta/firstCreated``, then
  ``itemMeta/versionCreated`` (the day as written, in the file's own offset);
- source: ``itemMeta/provider`` (its ``name`` child, else its ``literal``), then
  ``contentMeta/creditline``, then ``rightsInfo/copyrightHolder/name``;
- byline: ``contentMeta/by``, else the names of ``contentMeta/creator`` joined by ", ";
- url: an ``itemMeta/link`` whose ``rel`` is canonical (``irel:canonical``), else the
  item's ``guid`` when it is an http(s) URL;
- language: ``contentMeta/language/@tag``, else ``xml:lang`` on the item;
- paragraphs: the first ``contentSet/inlineXML`` holding NITF (read as
  :mod:`sources.formats.nitf` reads ``body.content``) or XHTML (its ``body``), else an
  ``inlineData`` of plain text (paragraphs between blank lines, kinds guessed as for
  ``.txt``).

Refused in one line: an item of another class than text (``ninat:picture``…), a message
with no text items (or, for :func:`read_newsml`, several), content that is only remote
(``remoteContent``).
"""

from __future__ import annotations

from typing import Any

from articles.parsing import ArticleImportError, ParsedArticle, ParsedParagraph, guess_kind
from articles.parsing import split_paragraphs as split_blank_lines
from sources.formats.article import Fields, build, check_text, is_http_url, iso_date
from sources.formats.nitf import nitf_paragraphs
from sources.formats.xmltext import (
    attribute,
    blocks,
    child,
    children,
    local,
    text_of,
    written_name,
)

NAMESPACE = "http://iptc.org/std/nar/2006-10-01/"
DATE_NAMES = "NewsML-G2 keeps it in contentCreated, firstCreated or versionCreated"


def namespace(element: Any) -> str:
    """The namespace of an element's name, "" for none."""
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def read_newsml(root: Any) -> ParsedArticle:
    """The one article of a parsed ``newsItem``, or of a ``newsMessage`` holding one text
    item. ArticleImportError (one line) for a root outside the NewsML-G2 namespace, a
    message with no or several text items, or what :func:`read_item` refuses."""
    items = _items(root)
    if len(items) != 1:
        raise ArticleImportError(
            f"a NewsML-G2 newsMessage with {len(items)} text news items, one article is read "
            "here (import the file to get each item as an article)"
        )
    return read_item(items[0])


def read_newsml_items(root: Any) -> list[ParsedArticle | ArticleImportError]:
    """Each text item of a parsed ``newsMessage`` (or the one ``newsItem``) read by
    :func:`read_item`, in document order: its article, or its one-line refusal. Raises
    ArticleImportError only for the document as a whole: outside the NewsML-G2 namespace,
    or a message without text items."""
    found: list[ParsedArticle | ArticleImportError] = []
    for item in _items(root):
        try:
            found.append(read_item(item))
        except ArticleImportError as exc:
            found.append(exc)
    return found


def _items(root: Any) -> list[Any]:
    if namespace(root) != NAMESPACE:
        raise ArticleImportError(
            f"not NewsML-G2: <{written_name(root)}> outside the namespace {NAMESPACE}"
        )
    if local(root.tag) == "newsitem":
        return [root]
    items = [
        item
        for holder in children(root, "itemSet")
        for item in children(holder, "newsItem")
        if attribute(child(item, "itemMeta", "itemClass"), "qcode").endswith("text")
    ]
    if not items:
        raise ArticleImportError("a NewsML-G2 newsMessage with no text news items")
    return items


def read_item(item: Any) -> ParsedArticle:
    """The article of one ``newsItem`` element. ArticleImportError (one line) for an item
    that is not text, no inline content, no date, no paragraphs, or a field the importer
    refuses."""
    item_class = attribute(child(item, "itemMeta", "itemClass"), "qcode")
    if item_class and item_class.rsplit(":", 1)[-1] != "text":
        raise ArticleImportError(f"a NewsML-G2 item of class {item_class}, not a text item")
    meta, content_meta = child(item, "itemMeta"), child(item, "contentMeta")
    found = Fields(names={"title": "headline", "source": "provider", "url": "link"})
    found.title = text_of(child(content_meta, "headline"))
    for path in (("contentMeta", "contentCreated"), ("itemMeta", "firstCreated")):
        found.published = found.published or iso_date(text_of(child(item, *path)))
    found.published = found.published or iso_date(text_of(child(meta, "versionCreated")))
    found.source = _source(item)
    creators = [text_of(child(c, "name")) or attribute(c, "literal") for c in _creators(item)]
    found.byline = text_of(child(content_meta, "by")) or ", ".join(c for c in creators if c)
    found.url = _url(item)
    found.lang = attribute(child(content_meta, "language"), "tag") or attribute(item, "lang")
    found.paragraphs = _paragraphs(item)
    return build(found, date_names=DATE_NAMES)


def _creators(item: Any) -> list[Any]:
    return children(child(item, "contentMeta"), "creator")


def _source(item: Any) -> str:
    provider = child(item, "itemMeta", "provider")
    return (
        text_of(child(provider, "name"))
        or attribute(provider, "literal")
        or text_of(child(item, "contentMeta", "creditline"))
        or text_of(child(item, "rightsInfo", "copyrightHolder", "name"))
    )


def _url(item: Any) -> str:
    for link in children(child(item, "itemMeta"), "link"):
        href = attribute(link, "href")
        if attribute(link, "rel").rsplit(":", 1)[-1] == "canonical" and is_http_url(href):
            return href
    guid = attribute(item, "guid")
    return guid if is_http_url(guid) else ""


def _paragraphs(item: Any) -> list[ParsedParagraph]:
    content_set = child(item, "contentSet")
    for inline in children(content_set, "inlineXML"):
        for document in inline:
            name = local(document.tag)
            if name == "nitf":
                return nitf_paragraphs(document)
            if name == "html":
                body = child(document, "body")
                return blocks(body if body is not None else document)
    for inline in children(content_set, "inlineData"):
        text = check_text(inline.text or "", "inlineData")
        return [ParsedParagraph(t, guess_kind(t)) for t in split_blank_lines(text.split("\n"))]
    if children(content_set, "remoteContent"):
        raise ArticleImportError("the item's content is remote (remoteContent), not inline")
    raise ArticleImportError("no inline content (contentSet/inlineXML or inlineData)")
