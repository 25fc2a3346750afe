"""``import_articles`` prints only its own lines: the background computation of
suggestions its commit starts logs nothing (Django's tasks framework says "Task id=…
state=RUNNING/SUCCESSFUL" at INFO, silenced in settings.LOGGING), whether DEBUG is on
(Django's own console handler) or off (the root's handler)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from suggestions.models import Suggestion

pytestmark = pytest.mark.django_db

ARTICLE = """date 2026-03-02
title Council backs the harbour bridge

“It will pay for itself within a decade,” said the mayor, Rosa Lind.
"""


@pytest.fixture
def printed() -> Iterator[io.StringIO]:
    """What the handlers configured from settings.LOGGING write, wherever they write it."""
    captured = io.StringIO()
    handlers = {
        h
        for name in ("", "django", "django.tasks")
        for h in logging.getLogger(name).handlers
        if isinstance(h, logging.StreamHandler)
    }
    assert handlers, "no console handler configured"
    before = {h: h.setStream(captured) for h in handlers}  # type: ignore[arg-type]
    yield captured
    for h, stream in before.items():
        h.setStream(stream)  # type: ignore[arg-type]


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_it_prints_only_its_own_lines(
    tmp_path: Path, printed: io.StringIO, django_capture_on_commit_callbacks: Any, debug: bool
) -> None:
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with override_settings(DEBUG=debug), django_capture_on_commit_callbacks(execute=True):
        call_command("import_articles", str(path), stdout=out, stderr=err)
    assert Suggestion.objects.filter(tag="quote").exists()  # the task did run
    lines = out.getvalue().splitlines()
    assert [line.split()[0] for line in lines] == ["imported", "Done:"]
    assert err.getvalue() == ""
    assert "Task id=" not in printed.getvalue()
    assert printed.getvalue() == ""


def test_tasks_log_failures_but_not_their_progress() -> None:
    tasks = logging.getLogger("django.tasks")
    assert not tasks.isEnabledFor(logging.INFO)
    assert tasks.isEnabledFor(logging.ERROR)
