"""The admin's acceptance figures per article: accepted, rejected, pending, the share
accepted; the read-only list of decisions."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from annotations import lifecycle_suggestions as decide
from suggestions import store
from suggestions.models import Suggestion
from tests.conftest import ArticleFactory

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "The council voted 7–2 on Tuesday to fund the new harbour bridge.",
    "“It will pay for itself within a decade,” said the mayor, Rosa Lind.",
    "According to Tom Berg, the city engineer, the harbour needs dredging.",
    "“We are ready,” said Anna Holm, the harbour master. “The work starts in May.”",
]


def test_it_shows_the_acceptance_figures_per_article(
    client_for: Callable[[User | None], Client],
    admin: User,
    editor: User,
    make_article: ArticleFactory,
) -> None:
    article = make_article(PARAGRAPHS, title="Figures article")
    make_article(["Nothing to see."], title="Quiet article")
    store.recompute(article.pk)
    decide.accept_all(editor, article.pk)  # 3 quotes
    context = Suggestion.objects.get(article=article, tag="context")
    decide.reject(editor, context.pk)
    client = client_for(admin)
    html = client.get("/admin/articles/article/").content.decode()
    figures = '<td class="field-suggestions">3 accepted, 1 rejected (75 % accepted), 1 pending</td>'
    assert figures in html
    assert '<td class="field-suggestions">0 accepted, 0 rejected, 0 pending</td>' in html
    change = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "3 accepted, 1 rejected (75 % accepted), 1 pending" in change
    sorted_page = client.get("/admin/articles/article/", {"o": "6"})
    assert sorted_page.status_code == 200
    decisions = client.get("/admin/suggestions/decision/").content.decode()
    assert "It will pay for itself" in decisions and "Rejected" in decisions
    assert client.get("/admin/suggestions/decision/add/").status_code == 403
