"""Part of the one owner of annotation changes (:mod:`annotations.lifecycle`, which
re-exports :func:`review`): a reviewer's decision on an annotation.

On an article ready for review (desk.workflow), a reviewer or the desk
(``desk.review_annotations``) approves or rejects each annotation, with a comment when
rejecting. The decision is a change like any other: locked, checked against its version,
bumped, and one history event under the reason "review". An approved annotation is then
closed to its author (:meth:`Annotation.allows`); a rejected one goes back to its author,
whose next edit puts it back among the unreviewed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from annotations.change_rules import NotAllowed, RuleBroken, StaleChange
from annotations.models import NOTE_MAX_LENGTH, Annotation
from desk.models import Status, Workflow

# Any, as in annotations.lifecycle: request.user is typed without has_perm.
User = Any
REVIEW_FIELDS = ["review", "review_comment", "reviewer", "reviewed"]
OWN_WORK = (
    "You cannot review your own annotation: a second person checks the work. "
    "Ask another reviewer or the desk."
)


def review(
    user: User, annotation_id: int, *, version: int | None, decision: str, comment: str = ""
) -> Annotation:
    """Approve (``decision`` "approved") or reject ("rejected", ``comment`` required, at
        most NOTE_MAX_LENGTH characters) the annotation. Deciding again replaces the decision;
    the same decision with the same comment writes nothing (no version, no history).

        An annotation adjudicated final stays approved (agreement migration 0005 holds it in
        PostgreSQL): rejecting it is refused; adjudicating its passage again replaces it.

        Nobody reviews their own annotation, not the desk, not a superuser: a second person
        checks the work (NotAllowed, OWN_WORK).

        Raises NotFound, NotAllowed (not a reviewer; the reviewer's own annotation),
        VersionMissing, StaleChange (the article
        is not ready for review, or the annotation changed), RuleBroken naming "review" or
        "comment".
    """
    from annotations.lifecycle import (
        _action,
        _adjudicated_final,
        _locked,
        _visible,
        _write,
        check_version,
    )

    if not user.has_perm("desk.review_annotations"):
        raise NotAllowed("Only reviewers and the desk approve or reject annotations.")
    if decision not in Annotation.Review.values:
        raise RuleBroken("Choose approved or rejected.", "review")
    comment = comment.strip()
    if decision == Annotation.Review.REJECTED and not comment:
        raise RuleBroken("Say why it is rejected: its author reads the comment.", "comment")
    if len(comment) > NOTE_MAX_LENGTH:
        raise RuleBroken(
            f"The comment is too long: at most {NOTE_MAX_LENGTH} characters.", "comment"
        )
    with transaction.atomic(), _action(user, "review"):
        annotation = _locked(annotation_id)
        _visible(user, annotation)
        if annotation.author_id == user.pk:
            raise NotAllowed(OWN_WORK)
        status = Workflow.objects.filter(article_id=annotation.article_id).values_list(
            "status", flat=True
        )
        if status.first() != Status.READY:
            raise StaleChange("The article is not ready for review. Reload the page.")
        check_version(annotation, version)
        if decision == Annotation.Review.REJECTED and _adjudicated_final(annotation):
            raise RuleBroken(
                "review: it was adjudicated final, so it stays approved; "
                "adjudicate its passage again to change the decision.",
                "review",
            )
        if (annotation.review, annotation.review_comment) == (decision, comment):
            return annotation  # the same decision again (a key pressed twice): nothing new
        annotation.review, annotation.review_comment = decision, comment
        annotation.reviewer, annotation.reviewed = user, timezone.now()
        _write(annotation, REVIEW_FIELDS)
    return annotation


def reopened_by_author(user: User, annotation: Annotation) -> list[str]:
    """When the author changes their rejected annotation, it goes back among the
    unreviewed (the comment stays, for the history); the fields to write, or none."""
    if annotation.review != Annotation.Review.REJECTED or annotation.author_id != user.pk:
        return []
    annotation.review, annotation.reviewer, annotation.reviewed = "", None, None
    return ["review", "reviewer", "reviewed"]
