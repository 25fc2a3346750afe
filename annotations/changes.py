"""What a write answers: only what changed, swapped into the reading page out of band.

A create, edit, delete, undo, confirm or re-attach answers with the changed paragraph's
marks, the one panel entry that changed (removed, then inserted again at its place in
reading order when the panel's filter shows it), the panel's counts, and the orphans list
only when an orphan came or went. Its size does not depend on how many annotations the
article has; the page ends up as a reload would draw it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from annotations.models import Annotation
from annotations.panel import (
    PanelSummary,
    orphans_of,
    panel_summary,
    summary_context,
    with_permissions,
)
from articles.models import Paragraph

SPAN_FIELDS = ("id", "paragraph_id", "start", "end", "tag")


def changed_response(
    request: HttpRequest,
    annotation: Annotation,
    announce: str,
    *,
    exists: bool = True,
    orphans_changed: bool = False,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The out-of-band answer to a change of ``annotation`` (``exists`` False: deleted).

    ``orphans_changed``: the article's orphans list changed too (an orphan was dismissed,
    re-attached or restored as one), so it is drawn again.
    """
    article = annotation.article
    summary = panel_summary(request, article)
    entry, where = None, ""
    placed = exists and annotation.paragraph_id is not None
    if placed and summary.shows(annotation):
        entry = annotation
        with_permissions([entry], request.user)
        following = _next_entry(annotation, summary)
        where = f"beforebegin:#entry-{following}" if following else "beforeend:#entries"
    paragraphs: Any = []
    if annotation.paragraph_id is not None:
        paragraphs = Paragraph.objects.filter(pk=annotation.paragraph_id).prefetch_related(
            Prefetch("annotations", queryset=Annotation.objects.only(*SPAN_FIELDS))
        )
    context = {
        "article": article,
        "paragraphs": paragraphs,
        "announce": announce,
        "removed_id": annotation.pk,
        "entry": entry,
        "entry_where": where,
        "orphans_changed": orphans_changed,
        "orphans": orphans_of(request, article) if orphans_changed else [],
        "can_annotate": request.user.has_perm("annotations.add_annotation"),
        **summary_context(summary),
        **(extra or {}),
    }
    return render(request, "annotations/_changed.html", context, status=status)


def _next_entry(annotation: Annotation, summary: PanelSummary) -> int | None:
    """The id of the first entry the panel shows after ``annotation`` in reading order
    (paragraph position, start, longer first, id), or None when it is the last."""
    assert annotation.paragraph is not None
    position, start, end = annotation.paragraph.position, annotation.start, annotation.end
    after = (
        Q(paragraph__position__gt=position)
        | Q(paragraph__position=position, start__gt=start)
        | Q(paragraph__position=position, start=start, end__lt=end)
        | Q(paragraph__position=position, start=start, end=end, id__gt=annotation.pk)
    )
    rows = Annotation.objects.for_article(annotation.article_id).filter(after)
    if summary.filter_tag:
        rows = rows.filter(tag=summary.filter_tag)
    if summary.filter_author:
        username = get_user_model().USERNAME_FIELD
        rows = rows.filter(**{f"author__{username}": summary.filter_author})
    return rows.in_reading_order().values_list("id", flat=True).first()
