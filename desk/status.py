"""The reading page's status box: what it draws for a viewer."""

from __future__ import annotations

from typing import Any

from articles.models import Article
from desk import workflow
from desk.models import Assignment, Status
from desk.visibility import only_author_of


def joined(names: list[str]) -> str:
    """Names as a sentence says them: "ana", "ana and bo", "ana, bo and cy"."""
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def status_context(request: Any, article: Article) -> dict[str, Any]:
    """What the reading page's status box draws: the status, blind mode, the assigned
    editors and who of them handed in their work, the moves the viewer may make (each
    ``(value, label, hands_in)``: an assigned editor's move to review hands in their work),
    whether they may take their hand-in back and whether they may turn blind mode on or
    off. One query (the assignments); the article's workflow is loaded with it
    (select_related)."""
    assignments = list(
        Assignment.objects.filter(article=article)
        .select_related("editor")
        .order_by("editor__username")
    )
    mine = next((a for a in assignments if a.editor_id == request.user.pk), None)
    current = article.workflow.status  # type: ignore[attr-defined]
    handed_in = mine is not None and mine.finished is not None
    moves = workflow.allowed_moves(
        request.user, current, assigned=mine is not None, handed_in=handed_in
    )
    # An assigned editor's move to review hands in their own work (desk.workflow.move).
    hands_in = mine is not None and not request.user.has_perm("desk.move_any_article")
    return {
        "workflow": article.workflow,  # type: ignore[attr-defined]
        "assignments": assignments,
        "moves": [(value, label, hands_in and value == Status.READY) for value, label in moves],
        "handed_in": handed_in,
        "before_review": current not in workflow.REVIEW_STATUSES,
        "may_take_back": handed_in and current not in workflow.REVIEW_STATUSES,
        "waiting_for": joined([a.editor.get_username() for a in assignments if a.finished is None]),
        "waiting_count": sum(1 for a in assignments if a.finished is None),
        "blind_for_me": only_author_of(request.user, article) is not None,
        "can_set_blind": request.user.has_perm("desk.change_workflow"),
    }
