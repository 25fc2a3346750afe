"""Reading and undoing the annotation history that PostgreSQL triggers record."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pghistory
from django.contrib.auth import get_user_model
from django.db import transaction
from pghistory import runtime as pghistory_runtime

from annotations.anchoring import Anchor, context_of, reanchor
from annotations.models import Annotation
from articles.models import Article, Paragraph

AnnotationEvent = Annotation.pgh_event_models["delete"]  # type: ignore[attr-defined]
SHOWN_FIELDS = ("tag", "note", "speaker", "verdict", "text", "start", "end", "status")
DATA_FIELDS = [f.attname for f in Annotation._meta.concrete_fields]


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


class RestoreError(Exception):
    """Why a deleted annotation cannot come back."""


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
    reason = metadata.get("reason")
    if reason == "re-anchor":
        label = "orphaned" if event.status == Annotation.Status.ORPHANED else "re-anchored"
        return label, f"article edit by {who}" if user else who
    if reason in ("restore", "reattach", "confirm"):
        return {"restore": "restored", "reattach": "re-attached", "confirm": "confirmed"}[
            reason
        ], who
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
    entries: list[Entry] = []
    previous = None
    for event in events:
        label, who = describe(event, users)
        changes: list[tuple[str, Any, Any]] = []
        if previous is not None and event.pgh_label != "delete":
            changes = [
                (name, getattr(previous, name), getattr(event, name))
                for name in SHOWN_FIELDS
                if getattr(previous, name) != getattr(event, name)
            ]
        entries.append(Entry(label, event.pgh_created_at, who, changes))
        previous = event
    return entries


def restore(annotation_id: int) -> Annotation:
    """Bring a deleted annotation back exactly as it was, where its words are now."""
    event = (
        AnnotationEvent.objects.filter(pgh_obj_id=annotation_id, pgh_label="delete")
        .order_by("-pgh_id")
        .first()
    )
    if event is None:
        raise RestoreError("There is no deleted annotation with that number.")
    if Annotation.objects.filter(pk=annotation_id).exists():
        raise RestoreError("That annotation is already back.")
    if not Article.objects.filter(pk=event.article_id).exists():
        raise RestoreError("Its article has been deleted.")
    data = {name: getattr(event, name) for name in DATA_FIELDS}
    with transaction.atomic(), own_context(reason="restore"):
        _place(data)
        annotation = Annotation(**data)
        annotation.save(force_insert=True)
        # auto_now_add/auto_now overwrote these on insert: put the originals back.
        Annotation.objects.filter(pk=annotation.pk).update(
            created=event.created, updated=event.updated
        )
    annotation.refresh_from_db()
    return annotation


def _place(data: dict[str, Any]) -> None:
    """Point ``data`` at where its text is now (the article may have changed since)."""
    if data["status"] == Annotation.Status.ORPHANED:
        return
    paragraphs = dict(
        Paragraph.objects.filter(article_id=data["article_id"])
        .order_by("position")
        .values_list("pk", "text")
    )
    own = paragraphs.get(data["paragraph_id"])
    if own is not None and own[data["start"] : data["end"]] == data["text"]:
        return
    ids = list(paragraphs)
    anchor = Anchor(data["start"], data["end"], data["text"], data["prefix"], data["suffix"])
    placement = reanchor(anchor, data["text"], None, [paragraphs[i] for i in ids])
    if placement.orphaned:
        data.update(paragraph_id=None, status=Annotation.Status.ORPHANED)
        return
    assert placement.paragraph is not None
    target = ids[placement.paragraph]
    prefix, suffix = context_of(paragraphs[target], placement.start, placement.end)
    data.update(
        paragraph_id=target,
        start=placement.start,
        end=placement.end,
        text=placement.text,
        prefix=prefix,
        suffix=suffix,
        status=Annotation.Status.REVIEW if placement.needs_review else data["status"],
    )
