"""The reading page's article text: each paragraph's element with its marks drawn in.

The whole text renders in one pass, with no template per paragraph or per annotation and
no model instances: one query lists the paragraphs with digests PostgreSQL computes of
each one's text and marks, and each paragraph's HTML comes from the ``paragraphs`` cache
when neither the paragraph nor any of its annotations changed; a second query fetches
and draws only the others. The cache key holds everything the HTML is drawn from (the
paragraph's id, position and kind, the article's direction, an MD5 of the text, one of
every mark's id, version, span, tag, author's username and whether an adjudication made
it final, and one of every suggestion's id, span, tag and speaker: suggestions are drawn
as outlines), so the cache is a memo of a pure function: it can miss but never serve a
stale paragraph. A changed paragraph is drawn again; an unchanged one is drawn once per
worker, not once per request.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from annotations.models import Annotation
from annotations.rendering import Span, highlight
from annotations.user_columns import user_columns
from suggestions.visibility import shown_sql

CACHE = "paragraphs"
# Whole article texts under their revision: few entries, each one as big as a page.
TEXT_CACHE = "article_text"


@dataclass(frozen=True, slots=True)
class Mark:
    """What drawing one highlight needs: the annotation's id, span (code points), tag,
    and for its accessible name its author's username, its words and whether it is an
    adjudication's final annotation (agreement.models.Adjudication)."""

    id: int
    start: int
    end: int
    tag: str
    author: str = ""
    text: str = ""
    final: bool = False

    @property
    def accessible_name(self) -> str:
        """What a screen reader says for the highlight: "Quote by demo: It will pay…",
        "Final quote by demo: It will pay…" for an adjudicated final one (as its panel
        entry says)."""
        label = Annotation.Tag(self.tag).label
        if self.final:
            label = f"Final {label.lower()}"
        return f"{label} by {self.author}: {Truncator(self.text).chars(80)}"


@dataclass(frozen=True, slots=True)
class SuggestionMark:
    """A suggestion drawn in the text (an outline): id, span, tag, speaker and words."""

    id: int
    start: int
    end: int
    tag: str
    speaker: str = ""
    text: str = ""
    suggested: bool = True

    @property
    def accessible_name(self) -> str:
        """What it is and who said it ("Suggested quote (Rosa Lind)"), not its words: a
        screen reader reads them as the element's content, and hundreds of suggestions
        would otherwise put their words in the page twice."""
        label = Annotation.Tag(self.tag).label.lower()
        return f"Suggested {label} ({self.speaker})" if self.speaker else f"Suggested {label}"


@dataclass(frozen=True, slots=True)
class ParagraphRow:
    """A paragraph as the page draws it."""

    id: int
    position: int
    kind: str
    text: str


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


# Each paragraph with a digest of its text and one of its marks, computed by PostgreSQL:
# a page whose paragraphs are all cached fetches neither the texts nor the marks. When
# drawing, the same statement also returns them, so what is drawn and the key it is
# stored under come from one snapshot.
_SQL = """
SELECT p.id, p.position, p.kind, md5(p.text), m.digest, sg.digest{draw_columns}
FROM articles_paragraph p
LEFT JOIN LATERAL (
    SELECT md5(string_agg(concat_ws(':', a.id, a.version, a.start, a."end", a.tag, u.{name},
                                    CASE WHEN {final} THEN 'final' END),
                          ',' ORDER BY a.id)) AS digest{draw_marks}
    FROM annotations_annotation a JOIN {users} u ON u.{pk} = a.author_id
    WHERE a.paragraph_id = p.id {only_author}
) m ON true
LEFT JOIN LATERAL (
    SELECT md5(string_agg(concat_ws(':', s.id, s.start, s."end", s.tag, s.speaker),
                          ',' ORDER BY s.id)) AS digest{draw_suggestions}
    FROM suggestions_suggestion s WHERE s.paragraph_id = p.id AND {shown_suggestions}
) sg ON true
WHERE {where} ORDER BY p.position
"""


# Is annotation ``a`` an adjudication's final one? (An index lookup: final_id is unique.)
_FINAL = "EXISTS (SELECT 1 FROM {} j WHERE j.final_id = a.id)"


@functools.cache
def _statement(draw: bool, blind: bool = False) -> str:
    """The statement; ``blind``: only one author's marks and the suggestions shown to
    them (its first three parameters, :mod:`suggestions.visibility`)."""
    from agreement.models import Adjudication  # agreement's models import ours

    adjudications = connection.ops.quote_name(Adjudication._meta.db_table)
    names = {**user_columns(), "final": _FINAL.format(adjudications)}
    only_author = "AND a.author_id = %s" if blind else ""
    shown_suggestions = shown_sql("s", "{who} = %s" if blind else "")
    if not draw:
        return _SQL.format(
            draw_columns="",
            draw_marks="",
            draw_suggestions="",
            where="p.article_id = %s",
            only_author=only_author,
            shown_suggestions=shown_suggestions,
            **names,
        )
    return _SQL.format(
        only_author=only_author,
        shown_suggestions=shown_suggestions,
        draw_columns=", p.text, m.marks, sg.marks",
        draw_suggestions=(
            ', json_agg(json_build_array(s.id, s.start, s."end", s.tag, s.speaker,'
            " left(s.text, 100))) AS marks"
        ),
        draw_marks=(
            ', json_agg(json_build_array(a.id, a.start, a."end", a.tag, u.{name},'
            " left(a.text, 100), {final})) AS marks"
        ).format(**names),
        where="p.id = ANY(%s)",
        **names,
    )


def _key(row: tuple[Any, ...], direction: str) -> str:
    paragraph_id, position, kind, text_digest, marks_digest, suggested_digest = row[:6]
    return (
        f"p{paragraph_id}:{position}:{kind}:{direction}:{text_digest}:{marks_digest}"
        f":{suggested_digest}"
    )


def _params(only_author: int | None, *params: Any) -> list[Any]:
    # Once for the annotations, twice for the suggestions (decisions, annotated spans).
    return [*([] if only_author is None else [only_author] * 3), *params]


@dataclass(frozen=True, slots=True)
class Drawn:
    """A paragraph drawn: its cache key, its HTML and the ids of its marks that are
    adjudications' final annotations."""

    key: str
    html: SafeString
    finals: frozenset[int]


def _drawn(
    paragraph_ids: list[int],
    direction: str,
    *,
    oob: bool = False,
    only_author: int | None = None,
) -> dict[int, Drawn]:
    """Draw the paragraphs (with only ``only_author``'s marks when given: blind mode),
    by paragraph id."""
    with connection.cursor() as cursor:
        blind = only_author is not None
        cursor.execute(_statement(draw=True, blind=blind), _params(only_author, paragraph_ids))
        rows = cursor.fetchall()
    drawn = {}
    for row in rows:
        paragraph = ParagraphRow(row[0], row[1], row[2], row[6])
        marks = [Mark(*mark) for mark in row[7] or []]
        spans: list[Span] = [*marks, *(SuggestionMark(*mark) for mark in row[8] or [])]
        html = paragraph_html(paragraph, spans, direction, oob=oob)
        finals = frozenset(mark.id for mark in marks if mark.final)
        drawn[paragraph.id] = Drawn(_key(row, direction), html, finals)
    return drawn


def article_text(
    article_id: int,
    direction: str,
    revision: int | None = None,
    only_author: int | None = None,
) -> SafeString:
    """Every paragraph of the article, in order, with its marks.

    ``revision`` is the article's text revision (:class:`~annotations.models.TextRevision`,
    read with the article): the whole text is cached under it, so an unchanged article
    costs no query here. Otherwise one query when all paragraphs are cached, two when
    some must be drawn, whatever the number of annotations. ``only_author``: draw only
    that user's marks (blind mode, desk.visibility); the whole text's key then names the
    viewer, or blind editors would be served each other's highlights. (A paragraph's key
    needs no viewer: its digest is of the marks drawn.)
    """
    viewer = "" if only_author is None else f":u{only_author}"
    whole = f"a{article_id}:{revision}:{direction}{viewer}"
    if revision is not None:
        found_whole = caches[TEXT_CACHE].get(whole)
        if found_whole is not None:
            return mark_safe(found_whole)  # noqa: S308 - drawn escaped by paragraph_html
    text = _paragraphs_text(article_id, direction, only_author)
    if revision is not None:
        # Drawn after the revision was read: at worst newer than its key, never older.
        caches[TEXT_CACHE].set(whole, str(text))
    return text


def _paragraphs_text(article_id: int, direction: str, only_author: int | None) -> SafeString:
    with connection.cursor() as cursor:
        blind = only_author is not None
        cursor.execute(_statement(draw=False, blind=blind), _params(only_author, article_id))
        rows = cursor.fetchall()
    cache = caches[CACHE]
    keys = [_key(row, direction) for row in rows]
    found = cache.get_many(keys)
    missing = [row[0] for row, key in zip(rows, keys, strict=True) if key not in found]
    drawn = _drawn(missing, direction, only_author=only_author) if missing else {}
    if drawn:
        cache.set_many({d.key: str(d.html) for d in drawn.values()})
    parts = [
        found[key] if key in found else drawn[row[0]].html
        for row, key in zip(rows, keys, strict=True)
        if key in found or row[0] in drawn
    ]
    return mark_safe("\n".join(parts))  # noqa: S308 - drawn escaped by paragraph_html


def paragraph_oob(paragraph_id: int, direction: str, only_author: int | None = None) -> SafeString:
    """One paragraph's element with its marks (only ``only_author``'s when given), as an
    out-of-band swap (a write's answer)."""
    return paragraph_drawn(paragraph_id, direction, only_author).html


def paragraph_drawn(paragraph_id: int, direction: str, only_author: int | None = None) -> Drawn:
    """:func:`paragraph_oob` with what the drawing read on the way: which of its marks are
    final, so that a write's answer draws its entry as the panel does (one query in
    all). An empty drawing when the paragraph is gone."""
    drawn = _drawn([paragraph_id], direction, oob=True, only_author=only_author)
    return drawn.get(paragraph_id) or Drawn("", mark_safe(""), frozenset())


def paragraphs_oob(
    paragraph_ids: list[int], direction: str, only_author: int | None = None
) -> SafeString:
    """Several paragraphs' elements as out-of-band swaps, drawn in one query (the answer to
    accepting many suggestions at once); ``only_author`` as for :func:`paragraph_oob`."""
    if not paragraph_ids:
        return mark_safe("")
    drawn = _drawn(paragraph_ids, direction, oob=True, only_author=only_author)
    return mark_safe("\n".join(d.html for d in drawn.values()))  # noqa: S308 - escaped
