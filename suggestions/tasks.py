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
from django.utils import timezone

from suggestions import store
from suggestions.models import Run


@task
def compute_suggestions(article_ids: list[int]) -> int:
    """Recompute the suggestions of ``article_ids``; returns how many were stored."""
    return sum(len(store.recompute(article_id)) for article_id in article_ids)


@task
def compute_requested(article_id: int) -> int:
    """An editor's request (the reading page's Suggest button): recompute the article's
    suggestions, saying how far it got in its :class:`~suggestions.models.Run`."""
    runs = Run.objects.filter(article_id=article_id)
    runs.update(state=Run.State.RUNNING)
    try:
        found = len(store.recompute(article_id))
    except Exception:
        runs.update(state=Run.State.FAILED, finished=timezone.now())
        raise
    runs.update(state=Run.State.DONE, finished=timezone.now(), found=found)
    return found


class _Pending:
    """The articles of one transaction waiting for its commit."""

    def __init__(self) -> None:
        self.ids: set[int] = set()
        self.done = False

    def flush(self) -> None:
        self.done = True
        if self.ids:
            compute_suggestions.enqueue(sorted(self.ids))


def schedule(article_id: int) -> None:
    """Compute the suggestions of ``article_id`` once the current transaction commits
    (at once when there is none). Several calls in one transaction enqueue one task; a
    rolled-back transaction enqueues none (its callback is discarded with it, and the
    next call starts afresh). The state is kept on the connection, which is per thread."""
    connection = transaction.get_connection()
    pending: _Pending | None = getattr(connection, "_suggestions_pending", None)
    if (
        pending is None
        or pending.done
        or not any(entry[1] == pending.flush for entry in connection.run_on_commit)
    ):
        pending = _Pending()
        connection._suggestions_pending = pending  # type: ignore[attr-defined]
        pending.ids.add(article_id)
        transaction.on_commit(pending.flush)
    else:
        pending.ids.add(article_id)


@receiver(setting_changed)
def _reset_backends(*, setting: str, **kwargs: Any) -> None:
    # Django caches task backends and, unlike caches or databases, does not drop them
    # when a test overrides TASKS.
    if setting == "TASKS":
        task_backends.__dict__.pop("settings", None)
        task_backends._settings = None  # type: ignore[attr-defined]
        task_backends._connections = Local(task_backends.thread_critical)  # type: ignore[attr-defined]
