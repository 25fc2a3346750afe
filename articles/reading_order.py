"""Keyset paging in reading order, for every list of spans drawn beside an article.

The panel lists annotations and suggestions in the order a reader meets them: paragraph
by paragraph, and within a paragraph by start, longer spans first, then by id. A page is
found by walking the article's paragraphs in order and each paragraph's spans through
their paragraph's index (nested index scans and an incremental sort
that stops at the page's end), after one place and before another, rather than by
sorting every span of the article or counting an offset. So a page costs the same
whatever the article holds, and a new span never shifts a page the reader has not loaded
("keyset pagination", Markus Winand, *Use The Index, Luke*, "Paging Through Results").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Model
from django.db.models.expressions import RawSQL

from newsroom.inputs import whole_number


class Span(Protocol):
    """What has a place: an annotation or a suggestion with its paragraph loaded."""

    pk: Any
    start: int
    end: int

    @property
    def paragraph(self) -> Any: ...


@dataclass(frozen=True)
class Place:
    """Where a span stands in reading order: its paragraph's position, its start and end
    (code points) and its id. A page starts after a place, not after a row, so it still
    loads when that row was deleted or moved meanwhile."""

    position: int
    start: int
    end: int
    id: int

    @classmethod
    def of(cls, span: Span) -> Place:
        """The place of ``span`` (a placed one: its paragraph loaded, not None)."""
        assert span.paragraph is not None
        return cls(span.paragraph.position, span.start, span.end, span.pk)

    @classmethod
    def parse(cls, value: str) -> Place | None:
        """``"position.start.end.id"`` (whole numbers, digits 0-9), or None if malformed."""
        parts = [whole_number(part) for part in value.split(".")]
        if len(parts) != 4 or any(part is None for part in parts):
            return None
        position, start, end, pk = (int(part or 0) for part in parts)
        return cls(position, start, end, pk)

    def __str__(self) -> str:
        return f"{self.position}.{self.start}.{self.end}.{self.id}"

    def just_before(self) -> Place:
        """The place whose next spans start with this one's (ids are the last key)."""
        return Place(self.position, self.start, self.end, self.id - 1)


@dataclass(frozen=True)
class Gap:
    """Rows not loaded between two loaded ones: its list item's id, the address that
    loads its first page, and what it holds (``"annotations"``, ``"suggestions"``) for its
    button's label. Drawn by ``templates/_gap.html``."""

    id: str
    url: str
    holds: str


_PAGE_IDS_SQL = """
SELECT x.id FROM articles_paragraph p
CROSS JOIN LATERAL (
    SELECT s.id, s.start, s."end" FROM {table} s WHERE s.paragraph_id = p.id {filters}
) x
WHERE p.article_id = %s {bounds}
ORDER BY p.position, x.start, x."end" DESC, x.id
LIMIT %s
"""
_AFTER_SQL = """AND p.position >= %s AND (p.position > %s OR x.start > %s
    OR (x.start = %s AND (x."end" < %s OR (x."end" = %s AND x.id > %s))))"""
# The mirror image: strictly before a place (a gap's end).
_BEFORE_SQL = """AND p.position <= %s AND (p.position < %s OR x.start < %s
    OR (x.start = %s AND (x."end" > %s OR (x."end" = %s AND x.id < %s))))"""


def page_ids(
    model: type[Model],
    article_id: int,
    *,
    after: Place | None = None,
    before: Place | None = None,
    limit: int,
    filters: Sequence[tuple[str, Sequence[Any]]] = (),
) -> RawSQL:
    """The ids of at most ``limit`` rows of ``model`` (a table with ``paragraph_id``,
    ``start`` and ``end``) in article ``article_id``, in reading order, strictly after
    ``after`` and before ``before`` when given: a subquery for ``pk__in``. ``filters`` are
    extra conditions on the row, aliased ``s``, each with its parameters, e.g.
    ``("AND s.tag = %s", ["claim"])``; their SQL must be fixed text, never user input."""
    params: list[Any] = [value for _, values in filters for value in values]
    params.append(article_id)
    bounds = []
    for sql, p in ((_AFTER_SQL, after), (_BEFORE_SQL, before)):
        if p is not None:
            bounds.append(sql)
            params += [p.position, p.position, p.start, p.start, p.end, p.end, p.id]
    sql = _PAGE_IDS_SQL.format(
        table=model._meta.db_table,
        filters=" ".join(clause for clause, _ in filters),
        bounds=" ".join(bounds),
    )
    return RawSQL(sql, [*params, limit])  # noqa: S611 - fixed SQL, values as parameters
