"""The reading page's status box: what it draws for a viewer."""

from __future__ import annotations

from typing import Any

from articles.models import Article
from desk import workflow
from desk.models import Assignment
from desk.visibility import only_author_of


def status_context(request: Any, article: Article) -> dict[str, Any]:
    """What the reading page's status box draws: the status, blind mode, the assigned
    editors, the moves the viewer may make and whether they may turn blind mode on or
    off. One query (the assignments); the article's workflow is loaded with it
    (select_related)."""
    assignments = list(
        Assignment.objects.filter(article=article)
        .select_related("editor")
        .order_by("editor__username")
    )
    assigned = any(a.editor_id == request.user.pk for a in assignments)
    current = article.workflow.status  # type: ignore[attr-defined]
    return {
        "workflow": article.workflow,  # type: ignore[attr-defined]
        "assignments": assignments,
        "moves": workflow.allowed_moves(request.user, current, assigned=assigned),
        "blind_for_me": only_author_of(request.user, article) is not None,
        "can_set_blind": request.user.has_perm("desk.change_workflow"),
    }
