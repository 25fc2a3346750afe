"""A Django tasks backend that runs tasks in a background thread of the same process.

Django 6 ships the tasks framework with two backends: ``ImmediateBackend`` (runs the task
inside ``enqueue``) and ``DummyBackend`` (never runs it). Suggestions must not slow an
import down, and this project runs no separate worker, so :class:`ThreadBackend` hands
each task to one daemon thread, in order, and returns at once. At interpreter exit it
waits for the queue to empty, so a management command's work is finished before it ends.
Results are not kept (``supports_get_result`` is False); a failed task is logged with
its traceback. Tests use ``ImmediateBackend`` (``tests/conftest.py``).
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
from typing import Any

from django.db import connections
from django.tasks.backends.base import BaseTaskBackend
from django.tasks.backends.immediate import ImmediateBackend
from django.tasks.base import Task, TaskResult, TaskResultStatus
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)


class ThreadBackend(BaseTaskBackend):
    """Run tasks one at a time, in enqueue order, in a daemon thread."""

    supports_async_task = False
    supports_priority = False

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self._runner = ImmediateBackend(alias, params)
        self._queue: queue.Queue[TaskResult] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        """Queue ``task`` and return its (READY) result at once."""
        self.validate_task(task)
        result: Any = TaskResult(
            task=task,
            id=get_random_string(32),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._work, name=f"tasks-{self.alias}", daemon=True
                )
                self._thread.start()
                atexit.register(self.drain)
        self._queue.put(result)
        return result

    def _work(self) -> None:
        while True:
            result = self._queue.get()
            try:
                self._runner._execute_task(result)  # type: ignore[attr-defined]
                if result.status == TaskResultStatus.FAILED:
                    logger.error(
                        "Task %s failed:\n%s", result.task.name, result.errors[-1].traceback
                    )
            finally:
                connections.close_all()
                self._queue.task_done()

    def drain(self) -> None:
        """Wait until every task queued so far has run."""
        self._queue.join()
