"""Keep annotations on their words when paragraphs change: the database side.

Every save of a paragraph whose text changed, and every paragraph deletion, re-anchors
the paragraph's annotations in the same transaction (signal handlers below, so the admin,
the importer and any other code path that saves through the ORM are covered; a raw
``UPDATE`` is refused at commit by the database triggers instead). A form that changes
several paragraphs at once (the admin's inline, ``import_articles --replace``) wraps its
saves in :func:`batch`, so that a sentence moved into a paragraph created later in the same
form is still found. The cascade itself (pure, no database) lives in
:mod:`annotations.anchoring`; every move it decides is written by
:func:`annotations.lifecycle.relocate`, the one owner of annotation changes.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver

from annotations import lifecycle
from annotations.anchoring import Anchor, reanchor_many
from annotations.models import Annotation
from articles.models import Article, Paragraph


@dataclass
class Change:
    article_id: int
    before: str  # the text before the first change in this batch
    deleted: bool = False


@dataclass
class Batch:
    """Paragraph changes of one edit: ``changes`` by paragraph id, and the ids of the
    paragraphs created in it (``inserted``), where moved words may be found silently."""

    actor: str
    changes: dict[int, Change] = field(default_factory=dict)
    inserted: set[int] = field(default_factory=set)

    def record(self, paragraph_id: int, change: Change) -> None:
        first = self.changes.get(paragraph_id)
        if first is not None:
            change.before = first.before
        self.changes[paragraph_id] = change


_batch: contextvars.ContextVar[Batch | None] = contextvars.ContextVar("reanchoring", default=None)


@contextlib.contextmanager
def batch(actor: str = "") -> Iterator[Batch]:
    """Collect paragraph changes and re-anchor once, at the end, in the same transaction."""
    current = Batch(actor)
    token: contextvars.Token[Batch | None] | None = _batch.set(current)
    try:
        with transaction.atomic():
            yield current
            _batch.reset(token)  # type: ignore[arg-type]
            token = None
            _run(current)
    finally:
        if token is not None:
            _batch.reset(token)


def _submit(paragraph_id: int, change: Change) -> None:
    pending = _batch.get()
    if pending is not None:
        pending.record(paragraph_id, change)
    else:
        _run(Batch("", {paragraph_id: change}))


def _run(work: Batch) -> None:
    with lifecycle.reanchoring(work.actor):
        articles = {change.article_id for change in work.changes.values()}
        for article_id in sorted(articles):
            mine = {pid: c for pid, c in work.changes.items() if c.article_id == article_id}
            _reanchor_article(article_id, mine, set(work.changes) | work.inserted)


def _reanchor_article(article_id: int, changes: dict[int, Change], edited: set[int]) -> None:
    """Re-anchor the annotations of the ``changes`` paragraphs of one article; ``edited``
    are the ids of every paragraph changed or created in the same edit."""
    deleted = [pid for pid, change in changes.items() if change.deleted]
    current = dict(
        Paragraph.objects.filter(article_id=article_id)
        .exclude(pk__in=deleted)
        .order_by("position")
        .values_list("pk", "text")
    )
    annotations = list(
        Annotation.objects.select_for_update()
        .filter(paragraph_id__in=list(changes))
        .exclude(anchor=Annotation.Anchor.ORPHANED)
        .order_by("id")
    )
    for pid, change in changes.items():
        mine = [a for a in annotations if a.paragraph_id == pid]
        if not mine:
            continue
        new_text = None if change.deleted else current.get(pid)
        other_ids = [other for other in current if other != pid]
        placements = reanchor_many(
            [Anchor(a.start, a.end, a.text, a.prefix, a.suffix) for a in mine],
            change.before,
            new_text,
            [current[other] for other in other_ids],
            changed_others={n for n, other in enumerate(other_ids) if other in edited},
        )
        for annotation, placement in zip(mine, placements, strict=True):
            if placement.method == "unchanged":
                continue
            if placement.orphaned:
                lifecycle.relocate(annotation, paragraph_id=None, anchor=Annotation.Anchor.ORPHANED)
                continue
            target = pid if placement.paragraph is None else other_ids[placement.paragraph]
            lifecycle.relocate(
                annotation,
                paragraph_id=target,
                paragraph_text=current[target],
                start=placement.start,
                end=placement.end,
                anchor=Annotation.Anchor.MOVED if placement.needs_review else annotation.anchor,
            )


@receiver(pre_save, sender=Paragraph, dispatch_uid="reanchoring.remember_old_text")
def _remember_old_text(sender: type[Paragraph], instance: Paragraph, **kwargs: Any) -> None:
    old = None
    if not kwargs.get("raw") and instance.pk is not None:
        # Locked, so an annotation cannot land on the old text while we move the others.
        old = (
            Paragraph.objects.select_for_update()
            .filter(pk=instance.pk)
            .values_list("text", flat=True)
            .first()
        )
    instance._text_before_save = old  # type: ignore[attr-defined]


@receiver(post_save, sender=Paragraph, dispatch_uid="reanchoring.text_changed")
def _text_changed(sender: type[Paragraph], instance: Paragraph, **kwargs: Any) -> None:
    if kwargs.get("created"):
        pending = _batch.get()
        if pending is not None:
            pending.inserted.add(instance.pk)
        return
    old = getattr(instance, "_text_before_save", None)
    if old is not None and old != instance.text:
        _submit(instance.pk, Change(instance.article_id, old))


@receiver(pre_delete, sender=Paragraph, dispatch_uid="reanchoring.paragraph_deleted")
def _paragraph_deleted(sender: type[Paragraph], instance: Paragraph, **kwargs: Any) -> None:
    origin = kwargs.get("origin")
    # Deleting the whole article takes its annotations too (the admin says so first).
    if isinstance(origin, Article) or getattr(origin, "model", None) is Article:
        return
    _submit(instance.pk, Change(instance.article_id, instance.text, deleted=True))
