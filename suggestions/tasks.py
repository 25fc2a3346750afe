"""The background task that computes suggestions, and the hook that schedules it.

Paragraph changes (imports, admin edits, ``import_articles --replace``) call
:func:`schedule` inside their transaction; the article ids are collected and one task is
enqueued when the transaction commits (``transaction.on_commit``), so a rolled-back change
schedules nothing and suggestions always see committed text.
"""

from __future__ import annotations

from typing import Any

from asgiref.local import Local
from django.db import transaction
from django.dispatch import receiver
from django.tasks import task, task_backends
from django.test.signals import setting_changed

from suggestions import store

_pending: set[int] = set()


@task
def compute_suggestions(article_ids: list[int]) -> int:
    """Recompute the suggestions of ``article_ids``; returns how many were stored."""
    return sum(len(store.recompute(article_id)) for article_id in article_ids)


def schedule(article_id: int) -> None:
    """Compute the suggestions of ``article_id`` once the current transaction commits
    (at once when there is none). Several calls in one transaction enqueue one task."""
    first = not _pending
    _pending.add(article_id)
    if first:
        transaction.on_commit(_enqueue)


def _enqueue() -> None:
    ids = sorted(_pending)
    _pending.clear()
    if ids:
        compute_suggestions.enqueue(ids)


@receiver(setting_changed)
def _reset_backends(*, setting: str, **kwargs: Any) -> None:
    # Django caches task backends and, unlike caches or databases, does not drop them
    # when a test overrides TASKS.
    if setting == "TASKS":
        task_backends.__dict__.pop("settings", None)
        task_backends._settings = None  # type: ignore[attr-defined]
        task_backends._connections = Local(task_backends.thread_critical)  # type: ignore[attr-defined]
