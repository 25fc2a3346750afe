"""A Suggest run stuck "queued" or "running" (its worker killed mid-run) counts as failed
once RUN_TIMEOUT has passed: the section stops polling, says the last try did not finish
and offers the button again."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from suggestions.models import RUN_TIMEOUT, Run
from tests.conftest import ArticleFactory

SECOND = datetime.timedelta(seconds=1)


@pytest.mark.parametrize(
    ("state", "age", "polls", "says"),
    [
        ("queued", datetime.timedelta(0), True, "Waiting to start…"),
        ("running", RUN_TIMEOUT - 10 * SECOND, True, "Finding quotes and claims…"),
        ("queued", RUN_TIMEOUT + SECOND, False, "the last try did not finish"),
        ("running", RUN_TIMEOUT + SECOND, False, "the last try did not finish"),
        ("running", datetime.timedelta(days=3), False, "the last try did not finish"),
        ("failed", datetime.timedelta(0), False, "the last try failed"),
        ("done", datetime.timedelta(0), False, "none found"),
    ],
)
def test_a_run_older_than_the_limit_counts_as_failed(
    make_article: ArticleFactory,
    editor: User,
    client_for: Callable[[User | None], Client],
    state: str,
    age: datetime.timedelta,
    polls: bool,
    says: str,
) -> None:
    article = make_article(["Nothing anyone said."])
    requested = timezone.now() - age
    over = state in ("done", "failed")
    Run.objects.create(
        article=article, state=state, requested=requested, finished=requested if over else None
    )
    run = Run.objects.get(article=article)
    assert run.active is polls
    assert run.stalled is (says == "the last try did not finish")
    progress = reverse("suggestion_progress", args=[article.slug])
    for url in (article.get_absolute_url(), progress):
        html = client_for(editor).get(url).content.decode()
        assert (f'hx-get="{progress}"' in html) is polls
        assert ("<progress" in html) is polls
        assert says in html
        # Not polling: the button is there again.
        assert ("data-suggest" in html) is not polls
