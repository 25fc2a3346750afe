"""When an editor's own work on an article is closed to them.

An editor (a user without ``annotations.change_annotation``: reviewers and the desk hold
it) adds, changes, deletes and decides suggestions on an article only while its work is
open to them:

- **done**: closed; the desk or a reviewer reopens it by moving the article back;
- **ready for review**: closed, except an annotation a reviewer rejected, which goes back
  to its author to fix (their edit puts it back among the unreviewed, closed again);
- **new or in progress**: open, until the editor hands in their work
  (``desk.Assignment.finished``, INCEpTION's "finished" state for one annotator); taking
  the hand-in back, or a reviewer's or the desk's move back, reopens it.

:func:`closed_reason` is the rule, on values the caller loaded with its own rows (no
query); :func:`closed_to` asks the database (one query) where nothing was loaded.
"""

from __future__ import annotations

from typing import Any

HANDED_IN = (
    "You handed in your work on this article, so it is closed to you: take it back from "
    "the status box while the article is not yet in review, or ask the desk to reopen it."
)
IN_REVIEW = (
    "The article is ready for review: its annotations are closed to their authors, "
    "except those a reviewer rejected, which go back to their authors to fix."
)
DONE = "The article is done: its annotations are closed. Ask the desk to reopen it."


def closed_reason(status: str | None, handed_in: bool, *, rejected: bool = False) -> str | None:
    """Why an editor's own work is closed to them, or None when it is open. ``status``:
    the article's workflow status value (None: no workflow row, open); ``handed_in``: the
    editor handed in their work on it; ``rejected``: the work in question is an
    annotation a reviewer rejected (None for a new annotation)."""
    if status == "done":
        return DONE
    if status == "ready_for_review":
        return None if rejected else IN_REVIEW
    if handed_in:
        return HANDED_IN
    return None


def editor_bound(user: Any) -> bool:
    """Do the closure rules bind ``user``? Editors, yes; reviewers and the desk (who hold
    ``annotations.change_annotation``) change any annotation at any time."""
    return not user.has_perm("annotations.change_annotation")


def workflow_for(editor_id: Any, article_id: int) -> Any:
    """The article's ``desk.Workflow`` row (or None) with ``handed_in``: has the editor
    with id ``editor_id`` handed in their work on it? One query."""
    from annotations.models import handed_in  # our models import this module
    from desk.models import Workflow

    found = Workflow.objects.filter(article_id=article_id)
    return found.annotate(handed_in=handed_in(article_id, editor_id)).first()


def check_open(user: Any, status: str | None, handed_in: bool) -> None:
    """Raise :class:`~annotations.change_rules.NotAllowed`, saying why, when ``user``'s
    new work (a new annotation, a suggestion decided, an undo) on an article at
    ``status`` is closed to them (``handed_in``: they handed in their work on it)."""
    from annotations.change_rules import NotAllowed  # which imports our models, and they us

    if not editor_bound(user):
        return
    closed = closed_reason(status, handed_in)
    if closed is not None:
        raise NotAllowed(closed)


def check_open_on(user: Any, workflow: Any) -> None:
    """:func:`check_open` for a row from :func:`workflow_for` (None: no row, open)."""
    if workflow is not None:
        check_open(user, workflow.status, bool(workflow.handed_in))
