"""Newsroom formats read into :class:`~articles.parsing.ParsedArticle`: NewsML-G2 and NITF
XML (the IPTC standards wire services and CMSs export) and a JSON shape for CMS
integrations. Each goes through :func:`articles.importing.import_parsed` like a ``.txt``
file; every refusal is an :class:`~articles.parsing.ArticleImportError` of one line.
"""

from __future__ import annotations

from typing import Any

from articles.parsing import ArticleImportError, ParsedArticle
from sources.formats.json_article import read_json
from sources.formats.newsml import read_newsml, read_newsml_items
from sources.formats.nitf import read_nitf
from sources.formats.xmltext import local, parse, written_name

__all__ = ["read_json", "read_xml", "read_xml_items"]


def read_xml(data: bytes) -> ParsedArticle:
    """The article of a NewsML-G2 (``newsItem``/``newsMessage``) or NITF (``nitf``)
    document. ArticleImportError (one line) for unsafe or malformed XML, any other root
    element ("not NewsML-G2 or NITF"), or what the format's reader refuses."""
    return _read_root(parse(data))


def _read_root(root: Any) -> ParsedArticle:
    name = local(root.tag)
    if name in ("newsitem", "newsmessage"):
        return read_newsml(root)
    if name == "nitf":
        return read_nitf(root)
    if name in ("rss", "feed", "rdf"):
        raise ArticleImportError(
            "a feed (RSS or Atom), not an article: import its entries with import_feed, "
            "or save it in the admin's Sources › Feeds"
        )
    raise ArticleImportError(
        f"not NewsML-G2 or NITF: the root element is <{written_name(root)}> (expected newsItem, "
        "newsMessage or nitf)"
    )


def read_xml_items(data: bytes) -> list[ParsedArticle | ArticleImportError]:
    """Every article of a NewsML-G2 or NITF document: one per text item of a
    ``newsMessage`` (each its article or its one-line refusal), else the one article.
    ArticleImportError for what :func:`read_xml` refuses of the document as a whole."""
    root = parse(data)
    if local(root.tag) == "newsmessage":
        return read_newsml_items(root)
    return [_read_root(root)]
