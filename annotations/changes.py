"""What a write answers: only what changed, swapped into the reading page out of band.

A create, edit, delete, undo, confirm or re-attach answers with the changed paragraph's
marks, the one panel entry that changed (removed, then inserted again at its place in
reading order when the panel's filter shows it), the panel's counts, and the orphans list
only when an orphan came or went. Its size does not depend on how many annotations the
article has; the page ends up as a reload would draw it.
"""

from __future__ import annotations

from types import EllipsisType
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.http import trigger_client_event

from annotations.article_text import paragraph_drawn
from annotations.models import Annotation
from annotations.panel import (
    PanelSummary,
    next_entry,
    orphans_of,
    panel_summary,
    summary_context,
    with_permissions,
)
from desk.visibility import can_review
from newsroom.fragments import notice


def _was_shown(
    before: Annotation | EllipsisType | None, annotation: Annotation, summary: PanelSummary
) -> bool:
    was = annotation if isinstance(before, EllipsisType) else before
    return was is not None and was.paragraph_id is not None and summary.shows(was)


def changed_response(
    request: HttpRequest,
    annotation: Annotation,
    announce: str,
    *,
    action: str,
    exists: bool = True,
    orphans_changed: bool = False,
    before: Annotation | EllipsisType | None = ...,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The out-of-band answer to a change of ``annotation`` (``exists`` False: deleted).

    ``orphans_changed``: the article's orphans list changed too (an orphan was dismissed,
    re-attached or restored as one), so it is drawn again. ``action`` (created, saved,
    deleted, restored, confirmed, reattached, accepted: made from a suggestion) goes to the
    page as the ``annotation-changed`` event once the swap settled: it decides where focus
    lands. ``before`` is the annotation as it was (by default ``annotation`` itself; None
    for a new one, one restored, re-attached from the orphans or accepted from a
    suggestion): its entry is removed from the panel first only if the panel's filter
    showed it, since htmx reports an out-of-band swap without a target as an error.
    """
    article = annotation.article
    summary = panel_summary(request, article)
    entry, where = None, ""
    placed = exists and annotation.paragraph_id is not None
    if placed and summary.shows(annotation):
        entry = annotation
        with_permissions([entry], request.user)
        following = next_entry(annotation, summary)
        # The end marker is there only when the whole list is loaded: an entry that goes
        # after entries not loaded yet arrives with them, when the reader scrolls there.
        where = f"beforebegin:#entry-{following or 'list-end'}"
    paragraph, finals = "", frozenset[int]()
    if annotation.paragraph_id is not None:
        drawn = paragraph_drawn(annotation.paragraph_id, article.direction, summary.only_author)
        paragraph, finals = drawn.html, drawn.finals
    if entry is not None:
        # Final as the panel draws it (AnnotationQuerySet.with_final), from the paragraph's
        # drawing: no query of its own.
        entry.is_final = entry.pk in finals  # type: ignore[attr-defined]
    context = {
        "article": article,
        "paragraph_oob": paragraph,
        "announce": announce,
        "removed_id": annotation.pk if _was_shown(before, annotation, summary) else None,
        "entry": entry,
        "entry_where": where,
        "orphans_changed": orphans_changed,
        "orphans": orphans_of(request, article, summary.only_author) if orphans_changed else [],
        "can_annotate": request.user.has_perm("annotations.add_annotation"),
        "can_review": can_review(request.user, article),
        **summary_context(summary),
        **(extra or {}),
    }
    # Said again on the page a form posted without scripts goes back to (fragment).
    response = notice(
        render(request, "annotations/_changed.html", context, status=status), f"{announce}."
    )
    detail = {"id": annotation.pk, "action": action}
    return trigger_client_event(response, "annotation-changed", detail, after="settle")
