"""Blind mode: whose annotations a viewer may see on an article.

On an article in blind mode that is not yet ready for review (new or in progress), a
viewer without ``desk.see_all_annotations`` (reviewers, the desk and superusers hold it)
sees only their own annotations, on every read path: the text's highlights, the panel's
entries and counts, orphans, an entry or its history, the CSV. An assigned editor thus
annotates without seeing the others' work, so the editors' agreement can be measured
honestly. Anyone else without the permission (a reader, an editor not assigned) sees only
their own too: blind mode fails closed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from desk.models import BLIND_STATUSES, Status, Workflow


def is_blind(workflow: Workflow | None) -> bool:
    """Is the article with ``workflow`` (its workflow row) in blind mode and not yet ready
    for review? Then each editor's work, suggestion decisions included, is their own."""
    return workflow is not None and workflow.blind and workflow.status in BLIND_STATUSES


def blind_now(article_id: int) -> bool:
    """:func:`is_blind` for an article by id: one query."""
    return Workflow.objects.filter(
        article_id=article_id, blind=True, status__in=BLIND_STATUSES
    ).exists()


def only_author(user: Any, workflow: Workflow | None) -> int | None:
    """The id of the only author whose annotations ``user`` may see on the article with
    ``workflow`` (its workflow row), or None when they may see everyone's."""
    if not is_blind(workflow):
        return None
    if user.has_perm("desk.see_all_annotations"):
        return None
    # An anonymous viewer (never reaching a page: login is required) sees nobody's.
    return user.pk if user.is_authenticated else 0


def only_author_of(user: Any, article: Any) -> int | None:
    """:func:`only_author` for an article whose ``workflow`` is loaded (select_related)
    or fetched here (one query)."""
    try:
        workflow = article.workflow
    except Workflow.DoesNotExist:
        workflow = None
    return only_author(user, workflow)


def hidden_from(user: Any) -> Q:
    """A filter on annotations leaving out those ``user`` may not see, across articles
    (for the CSV of the whole collection): others' annotations on blind articles before
    review. Nothing is left out for a user who sees everything."""
    if user.has_perm("desk.see_all_annotations"):
        return Q()
    blind = Workflow.objects.filter(blind=True, status__in=BLIND_STATUSES).values("article_id")
    return ~Q(article_id__in=blind) | Q(author_id=user.pk)


def can_review(user: Any, article: Any) -> bool:
    """May ``user`` approve or reject the annotations of ``article`` now? Reviewers and
    the desk, on an article ready for review (its ``workflow`` loaded, or one query)."""
    if not user.has_perm("desk.review_annotations"):
        return False
    try:
        return bool(article.workflow.status == Status.READY)
    except Workflow.DoesNotExist:
        return False
