"""Part of the one owner of annotation changes (:mod:`annotations.lifecycle`, which
re-exports :func:`reanchoring` and :func:`relocate`): the moves of a re-anchoring run.

When paragraphs change, :mod:`annotations.reanchoring` decides where each annotation goes
and records it with :func:`relocate`; :func:`reanchoring` writes the moves together on the
way out, under one history context that names the run. Offsets are code points.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.db import connection, transaction
from django.utils import timezone

from annotations.anchoring import context_of
from annotations.history import own_context
from annotations.models import Annotation

# Rows per statement when many annotations are written at once.
BULK_BATCH = 1000


_relocated: contextvars.ContextVar[list[Annotation] | None] = contextvars.ContextVar(
    "relocated", default=None
)


@contextlib.contextmanager
def reanchoring(actor: str) -> Iterator[None]:
    """The transaction and history context of one re-anchoring run: who edited the
    article (``actor``, e.g. "article edit by ada" or "import --replace"). The moves that
    :func:`relocate` records inside it are written together on the way out, in one
    statement per :data:`BULK_BATCH` annotations (triggers still see every row)."""
    metadata = {"reason": "re-anchor"}
    if actor:
        metadata["actor"] = actor
    moved: list[Annotation] = []
    token = _relocated.set(moved)
    try:
        with transaction.atomic(), own_context(**metadata):
            yield
            _write_moves(moved)
    finally:
        _relocated.reset(token)


def relocate(
    annotation: Annotation,
    *,
    paragraph_id: int | None,
    paragraph_text: str = "",
    start: int = 0,
    end: int = 0,
    anchor: str,
) -> None:
    """Move ``annotation`` (locked by the caller, inside :func:`reanchoring`, which writes
    it) after its paragraph changed: to ``paragraph_text[start:end]`` of ``paragraph_id``
    with the anchor state ``moved`` or as it was, or, with ``paragraph_id`` None, to the
    orphans. Not an edit by a person: ``edited`` is left alone. Raises RuntimeError
    outside :func:`reanchoring`."""
    moved = _relocated.get()
    if moved is None:
        raise RuntimeError("relocate() records moves for reanchoring(): call it inside one")
    if paragraph_id is None:
        annotation.paragraph = None
        annotation.anchor = Annotation.Anchor.ORPHANED
    else:
        set_span(annotation, paragraph_id, paragraph_text, start, end)
        annotation.anchor = anchor
    moved.append(annotation)


# One UPDATE per batch from arrays: Django's bulk_update builds a CASE per field and row,
# whose compiling cost grew to seconds for a few hundred moves.
_MOVES_SQL = """
UPDATE annotations_annotation AS a
SET paragraph_id = m.paragraph_id, start = m.start, "end" = m."end", text = m.text,
    prefix = m.prefix, suffix = m.suffix, anchor = m.anchor, updated = %s
FROM unnest(%s::bigint[], %s::bigint[], %s::integer[], %s::integer[], %s::text[],
            %s::text[], %s::text[], %s::text[])
     AS m(id, paragraph_id, start, "end", text, prefix, suffix, anchor)
WHERE a.id = m.id
"""
# The arrays of _MOVES_SQL, in its order, from each moved annotation's attributes.
_MOVED_COLUMNS = ("pk", "paragraph_id", "start", "end", "text", "prefix", "suffix", "anchor")


def _write_moves(moved: list[Annotation]) -> None:
    now = timezone.now()
    with connection.cursor() as cursor:
        for first in range(0, len(moved), BULK_BATCH):
            batch = moved[first : first + BULK_BATCH]
            columns = [[getattr(a, name) for a in batch] for name in _MOVED_COLUMNS]
            cursor.execute(_MOVES_SQL, [now, *columns])
    for annotation in moved:
        annotation.updated = now
        annotation.version += 1  # the database trigger's bump, mirrored


# The fields that say where an annotation is.
SPAN_FIELDS = ["paragraph", "start", "end", "text", "prefix", "suffix"]


def set_span(annotation: Annotation, paragraph_id: int, text: str, start: int, end: int) -> None:
    """Point ``annotation`` at ``text[start:end]`` of paragraph ``paragraph_id`` (code
    points), with its quote context; not saved."""
    annotation.paragraph_id = paragraph_id
    annotation.start, annotation.end, annotation.text = start, end, text[start:end]
    annotation.prefix, annotation.suffix = context_of(text, start, end)
