"""Reading and undoing the annotation history that PostgreSQL triggers record."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pghistory
from django.contrib.auth import get_user_model
from pghistory import runtime as pghistory_runtime

from annotations.models import Annotation
from articles.models import Paragraph

AnnotationEvent = Annotation.pgh_event_models["delete"]  # type: ignore[attr-defined]
SHOWN_FIELDS = (
    "tag",
    "note",
    "speaker",
    "verdict",
    "text",
    "start",
    "end",
    "anchor",
    "origin",
    "review",
    "review_comment",
)
# What annotations.lifecycle names each action in the history context (reason → label),
# for the events of the kind that action writes; other events (a migration, raw SQL) fall
# back to the trigger's own label.
LABELS = {
    ("create", "create"): "created",
    ("accept-suggestion", "create"): "created from a suggestion",
    ("accept-undo", "delete"): "deleted (accepting suggestions undone)",
    ("edit", "change"): "changed",
    ("delete", "delete"): "deleted",
    ("article-delete", "delete"): "deleted with its article",
    ("restore", "create"): "restored",
    ("reattach", "change"): "re-attached",
    ("confirm", "change"): "confirmed",
    ("review", "change"): "reviewed",
}


@contextlib.contextmanager
def own_context(**metadata: Any) -> Iterator[None]:
    """Record the events inside under a history context of their own.

    pghistory merges a nested context's metadata into the request's single context, so a
    "re-anchor" reason would also label everything else that request did. Its public API
    has no way to start a separate one, hence the swap of its (private) tracker.
    """
    outer = getattr(pghistory_runtime._tracker, "value", None)
    if outer is not None:
        inherited = {k: v for k, v in outer.metadata.items() if k in ("user", "url")}
        metadata = {**inherited, **metadata}
        delattr(pghistory_runtime._tracker, "value")
    try:
        with pghistory.context(**metadata):
            yield
    finally:
        if outer is not None:
            pghistory_runtime._tracker.value = outer


@dataclass
class Entry:
    label: str
    when: datetime
    who: str
    changes: list[tuple[str, Any, Any]]


def describe(event: Any, users: dict[int, str]) -> tuple[str, str]:
    """(what happened, who did it) for one event row."""
    metadata = event.pgh_context.metadata if event.pgh_context_id else {}
    user_id = metadata.get("user")
    user = users.get(user_id) if isinstance(user_id, int) else None
    who = user or metadata.get("actor") or "system"
    reason = str(metadata.get("reason", ""))
    if reason == "re-anchor":
        label = "orphaned" if event.anchor == Annotation.Anchor.ORPHANED else "re-anchored"
        return label, f"article edit by {who}" if user else who
    key = (reason, str(event.pgh_label))
    if key in LABELS:
        return LABELS[key], who
    return {"create": "created", "change": "changed", "delete": "deleted"}.get(
        event.pgh_label, event.pgh_label
    ), who


def timeline(annotation_id: int) -> list[Entry]:
    """Every recorded state of an annotation, oldest first, with what changed."""
    events = list(
        AnnotationEvent.objects.filter(pgh_obj_id=annotation_id)
        .select_related("pgh_context")
        .order_by("pgh_id")
    )
    user_ids = {e.pgh_context.metadata.get("user") for e in events if e.pgh_context_id is not None}
    users = dict(
        get_user_model()
        .objects.filter(pk__in=[u for u in user_ids if u])
        .values_list("pk", "username")
    )
    # A move to another paragraph reads as its position ("¶3"), not as a database id.
    positions = dict(
        Paragraph.objects.filter(
            pk__in={e.paragraph_id for e in events if e.paragraph_id}
        ).values_list("pk", "position")
    )

    def paragraph(pk: int | None) -> str:
        if pk is None:
            return ""
        return f"¶{positions[pk]}" if pk in positions else "a deleted paragraph"

    entries: list[Entry] = []
    previous = None
    for event in events:
        label, who = describe(event, users)
        changes: list[tuple[str, Any, Any]] = []
        if previous is not None and event.pgh_label != "delete":
            if previous.paragraph_id != event.paragraph_id:
                changes.append(
                    ("paragraph", paragraph(previous.paragraph_id), paragraph(event.paragraph_id))
                )
            changes += [
                (name, getattr(previous, name), getattr(event, name))
                for name in SHOWN_FIELDS
                if getattr(previous, name) != getattr(event, name)
            ]
        entries.append(Entry(label, event.pgh_created_at, who, changes))
        previous = event
    return entries
