"""The reading page's article text: each paragraph's element with its marks drawn in.

The whole text renders in one pass, with no template per paragraph or per annotation: one
query for the paragraphs, one for the marks (plain tuples, no model instances), and each
paragraph's HTML comes from the ``paragraphs`` cache when neither the paragraph nor any of
its annotations changed. The cache key is a digest of everything the HTML is drawn from
(the paragraph's id, text, kind and position, the article's direction, every mark's id,
version, span and tag), so the cache is a memo of a pure function: it can miss but never
serve a stale paragraph. A changed paragraph is drawn again; an unchanged one is drawn
once per worker, not once per request.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import caches
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from annotations.rendering import Span, highlight

CACHE = "paragraphs"


@dataclass(frozen=True, slots=True)
class Mark:
    """What drawing one highlight needs: the annotation's id, span (code points), tag."""

    id: int
    start: int
    end: int
    tag: str


@dataclass(frozen=True, slots=True)
class ParagraphRow:
    """A paragraph as the page draws it."""

    id: int
    position: int
    kind: str
    text: str


MarkRow = tuple[int, int, int, int, str]  # id, version, start, end, tag


def paragraph_html(
    paragraph: ParagraphRow, marks: Iterable[Span], direction: str, *, oob: bool = False
) -> SafeString:
    """The paragraph's element (``h2`` for a heading, else ``p``) with ``marks`` drawn in;
    ``direction`` is the article's (``ltr``/``rtl``, empty for auto); ``oob`` makes it an
    htmx out-of-band swap of the element on the page."""
    element = "h2" if paragraph.kind == "heading" else "p"
    swap = ' hx-swap-oob="outerHTML"' if oob else ""
    return mark_safe(  # noqa: S308 - the attributes are escaped, highlight() escapes the text
        f'<{element} id="paragraph-{paragraph.id}" class="para para--{escape(paragraph.kind)}" '
        f'dir="{escape(direction or "auto")}" data-paragraph-id="{paragraph.id}" '
        f'data-position="{paragraph.position}"{swap}>{highlight(paragraph.text, marks)}'
        f"</{element}>"
    )


_PARAGRAPHS_SQL = """
SELECT id, position, kind, text FROM articles_paragraph
WHERE {where} ORDER BY position
"""
_MARKS_SQL = """
SELECT paragraph_id, id, version, start, "end", tag FROM annotations_annotation
WHERE {where} AND paragraph_id IS NOT NULL
"""


def _load(
    paragraphs_where: str, marks_where: str, value: int
) -> tuple[list[ParagraphRow], dict[int, list[MarkRow]]]:
    marks: dict[int, list[MarkRow]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(_PARAGRAPHS_SQL.format(where=paragraphs_where), [value])
        rows = [ParagraphRow(*row) for row in cursor.fetchall()]
        cursor.execute(_MARKS_SQL.format(where=marks_where), [value])
        for paragraph_id, *mark in cursor.fetchall():
            marks[paragraph_id].append(tuple(mark))  # type: ignore[arg-type]
    return rows, marks


def _key(paragraph: ParagraphRow, direction: str, marks: list[MarkRow]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{paragraph.kind}\0{paragraph.position}\0{direction}\0".encode())
    digest.update(paragraph.text.encode("utf-8", "surrogatepass"))
    for annotation_id, version, start, end, tag in sorted(marks):
        digest.update(f"\0{annotation_id}:{version}:{start}:{end}:{tag}".encode())
    return f"p{paragraph.id}:{digest.hexdigest()}"


def _draw(
    paragraphs: list[ParagraphRow],
    marks: dict[int, list[MarkRow]],
    direction: str,
) -> list[str]:
    cache = caches[CACHE]
    keys = [_key(p, direction, marks.get(p.id, [])) for p in paragraphs]
    found = cache.get_many(keys)
    drawn: dict[str, str] = {}
    parts = []
    for paragraph, key in zip(paragraphs, keys, strict=True):
        html = found.get(key)
        if html is None:
            spans = [Mark(i, s, e, t) for i, _, s, e, t in marks.get(paragraph.id, [])]
            html = drawn[key] = str(paragraph_html(paragraph, spans, direction))
        parts.append(html)
    if drawn:
        cache.set_many(drawn)
    return parts


def article_text(article_id: int, direction: str) -> SafeString:
    """Every paragraph of the article, in order, with its marks: two queries whatever the
    number of paragraphs and annotations; unchanged paragraphs come from the cache."""
    paragraphs, marks = _load("article_id = %s", "article_id = %s", article_id)
    return mark_safe("\n".join(_draw(paragraphs, marks, direction)))  # noqa: S308 - drawn escaped


def paragraph_oob(paragraph_id: int, direction: str) -> SafeString:
    """One paragraph's element with its marks, as an out-of-band swap (a write's answer)."""
    paragraphs, marks = _load("id = %s", "paragraph_id = %s", paragraph_id)
    if not paragraphs:
        return mark_safe("")
    spans = [Mark(i, s, e, t) for i, _, s, e, t in marks.get(paragraphs[0].id, [])]
    return paragraph_html(paragraphs[0], spans, direction, oob=True)
