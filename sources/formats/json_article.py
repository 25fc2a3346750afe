"""The JSON shape for CMS integrations → ParsedArticle (documented in docs/json-import.md).

One article per document, an object with these fields (no others)::

    {"date": "2026-03-02",                      required: YYYY-MM-DD, or an ISO 8601
                                                 date-time (its day as written)
     "title": "…", "source": "…", "byline": "…",  optional strings
     "url": "https://…",                        optional, http(s)
     "language": "en",                          optional, a BCP 47 tag
     "paragraphs": [{"kind": "heading", "text": "…"}, …]}   required, at least one

``kind`` is ``body`` (the default when left out), ``heading`` or ``caption``; ``text`` is
kept exactly, but for ``\\r\\n`` stored as ``\\n`` and the white space at its ends. Every
refusal is one line naming the field (``paragraphs[3].kind``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from articles.models import Paragraph
from articles.parsing import ArticleImportError, ParsedArticle, ParsedParagraph, decode
from sources.formats.article import Fields, build, check_text, iso_date

HEADER_FIELDS = ("title", "source", "byline", "url", "language")
FIELDS = ("date", *HEADER_FIELDS, "paragraphs")
KINDS = tuple(Paragraph.Kind.values)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def read_json(data: bytes) -> ParsedArticle:
    """The article of a JSON document (UTF-8 bytes). ArticleImportError (one line naming
    the field) for anything outside the shape above or over the importer's limits."""
    text = decode(data)
    try:
        document = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise ArticleImportError(
            f"not JSON ({exc.msg}, line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise ArticleImportError("not a JSON article (nested too deeply)") from None
    if not isinstance(document, dict):
        raise ArticleImportError(f"expected a JSON object, found {_type(document)}")
    unknown = [name for name in document if name not in FIELDS]
    if unknown:
        raise ArticleImportError(
            f"unknown field '{str(unknown[0])[:40]}' (the fields are {', '.join(FIELDS)})"
        )
    found = Fields(names={"lang": "language"})
    date = _field(document, "date", required=True)
    found.published = iso_date(date)
    if found.published is None:
        raise ArticleImportError(f"date: invalid date '{date[:40]}' (YYYY-MM-DD)")
    found.title = _field(document, "title")
    found.source = _field(document, "source")
    found.byline = _field(document, "byline")
    found.url = _field(document, "url")
    found.lang = _field(document, "language")
    found.paragraphs = _paragraphs(document)
    return build(found, date_names="date")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are all different: JSON parsers disagree on which of two
    equal keys wins, so neither is taken."""
    document: dict[str, Any] = {}
    for name, value in pairs:
        if name in document:
            raise ArticleImportError(f"field '{name[:40]}' given twice")
        document[name] = value
    return document


def _type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true or false"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


def _field(document: dict[str, Any], name: str, *, required: bool = False) -> str:
    if name not in document:
        if required:
            raise ArticleImportError(f"{name}: missing (required)")
        return ""
    value = document[name]
    if not isinstance(value, str):
        raise ArticleImportError(f"{name}: expected a string, found {_type(value)}")
    return check_text(value, name)


def _paragraphs(document: dict[str, Any]) -> list[ParsedParagraph]:
    if "paragraphs" not in document:
        raise ArticleImportError("paragraphs: missing (required)")
    items = document["paragraphs"]
    if not isinstance(items, list):
        raise ArticleImportError(f"paragraphs: expected an array, found {_type(items)}")
    if not items:
        raise ArticleImportError("paragraphs: empty (at least one is required)")
    paragraphs = []
    for number, item in enumerate(items):
        where = f"paragraphs[{number}]"
        if not isinstance(item, dict):
            raise ArticleImportError(
                f'{where}: expected an object {{"kind", "text"}}, found {_type(item)}'
            )
        extra = [name for name in item if name not in ("kind", "text")]
        if extra:
            raise ArticleImportError(f"{where}: unknown field '{str(extra[0])[:40]}'")
        kind = item.get("kind", Paragraph.Kind.BODY)
        if kind not in KINDS:
            shown = kind[:40] if isinstance(kind, str) else _type(kind)
            raise ArticleImportError(f"{where}.kind: '{shown}' is not one of {', '.join(KINDS)}")
        if "text" not in item:
            raise ArticleImportError(f"{where}.text: missing (required)")
        if not isinstance(item["text"], str):
            raise ArticleImportError(
                f"{where}.text: expected a string, found {_type(item['text'])}"
            )
        text = check_text(item["text"], f"{where}.text")
        if not text:
            raise ArticleImportError(f"{where}.text: empty")
        if _BLANK_LINE.search(text):
            # No other reader stores a blank line inside a paragraph: it is where one ends.
            raise ArticleImportError(
                f"{where}.text: a blank line inside (give each paragraph its own entry)"
            )
        paragraphs.append(ParsedParagraph(text=text, kind=kind))
    return paragraphs
