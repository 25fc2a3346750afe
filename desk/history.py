"""An article's desk history, newest first, as its reading page shows it: status changes
(:class:`~desk.models.StatusChange`), editors assigned and unassigned and blind mode
turned on or off (the pghistory events :mod:`desk.models` records), each with who and
when. A fixed number of queries whatever the history holds: one per kind, one for the
names of those who did them."""

from __future__ import annotations

import datetime
import heapq
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from desk.models import Assignment, StatusChange, Workflow

AssignmentEvent: Any = Assignment.pgh_event_models["assign"]  # type: ignore[attr-defined]
BlindModeEvent: Any = Workflow.pgh_event_models["blind"]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Entry:
    """One line of the history. ``kind``: "status" (``before`` → ``after``, status
    labels), "assign" or "unassign" (``editor``), "finish" (``editor``'s work; ``after``:
    "handed in" or "reopened"), "blind" (``after``: "on" or "off").
    ``by``: the username of who did it, "" when not known (SQL, a migration)."""

    at: datetime.datetime
    kind: str
    by: str
    editor: str = ""
    before: str = ""
    after: str = ""
    before_value: str = ""
    after_value: str = ""


def article_history(article_id: int, limit: int) -> list[Entry]:
    """The article's ``limit`` latest desk events, newest first. Four queries."""
    changes = list(
        StatusChange.objects.filter(article_id=article_id)
        .select_related("by")
        .order_by("-at", "-id")[:limit]
    )
    assignments = list(
        AssignmentEvent.objects.filter(article_id=article_id)
        .select_related("editor", "pgh_context")
        .order_by("-pgh_created_at", "-pgh_id")[:limit]
    )
    blinds = list(
        BlindModeEvent.objects.filter(pgh_obj_id=article_id)
        .select_related("pgh_context")
        .order_by("-pgh_created_at", "-pgh_id")[:limit]
    )
    names = _names([*assignments, *blinds])
    entries = [
        [
            Entry(
                c.at,
                "status",
                c.by.get_username() if c.by else "",
                before=c.get_from_status_display(),
                after=c.get_to_status_display(),
                before_value=c.from_status,
                after_value=c.to_status,
            )
            for c in changes
        ],
        [
            Entry(
                e.pgh_created_at,
                e.pgh_label,
                names.get(_by(e) or (e.assigned_by_id if e.pgh_label == "assign" else None), ""),
                editor=e.editor.get_username() if e.editor_id and e.editor else "",
                after=_finish(e),
            )
            for e in assignments
        ],
        [
            Entry(
                e.pgh_created_at, "blind", names.get(_by(e), ""), after="on" if e.blind else "off"
            )
            for e in blinds
        ],
    ]
    newest_first = heapq.merge(*entries, key=lambda entry: entry.at, reverse=True)
    return list(newest_first)[:limit]


def _finish(event: Any) -> str:
    if event.pgh_label != "finish":
        return ""
    return "handed in" if event.finished is not None else "reopened"


def _by(event: Any) -> int | None:
    """The user the event's history context names (desk.workflow or a request set it)."""
    if event.pgh_context_id is None:
        return None
    user = event.pgh_context.metadata.get("user")
    return int(user) if isinstance(user, int | str) and str(user).isdigit() else None


def _names(events: list[Any]) -> dict[int | None, str]:
    found = {_by(e) for e in events} | {getattr(e, "assigned_by_id", None) for e in events}
    ids = [i for i in found if i is not None]
    if not ids:
        return {}
    users = get_user_model()._default_manager.filter(pk__in=ids)
    return {user.pk: user.get_username() for user in users}
