# ruff: noqa: F401, F811  (the world's fixtures are imported, then asked for by name)
"""Who the agreement's raters are (agreement.data.rater): the assigned editors when the
article has any, else the authors in the Editors group. A reviewer's, the desk's or an
unassigned editor's own annotation is not a third rating; the JSON's ``editors`` and the
disputes follow the rule, and the cached figures follow assignments and group changes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Paragraph
from desk import workflow
from tests.agreement_world import P1, P2, desk, reviewer
from tests.conftest import ArticleFactory, annotate, make_user


@pytest.fixture
def agreed(make_article: ArticleFactory, editor: User, other_editor: User) -> Article:
    """Both editors mark "harbour bridge" a claim: they agree everywhere."""
    article = make_article([P1, P2])
    p1 = Paragraph.objects.get(article=article, position=1)
    annotate(p1, "harbour bridge", editor)
    annotate(p1, "harbour bridge", other_editor)
    return article


def _json(client: Client, article: Article) -> dict[str, object]:
    response = client.get(reverse("agreement_json", args=[article.slug]))
    assert response.status_code == 200
    data: dict[str, object] = response.json()
    return data


def _page(client: Client, article: Article) -> str:
    return str(client.get(reverse("agreement_page", args=[article.slug])).content.decode())


@pytest.mark.parametrize("outsider", ["reviewer", "desk", "admin"])
def test_a_reviewers_or_the_desks_own_annotation_is_no_rating(
    agreed: Article,
    outsider: str,
    request: pytest.FixtureRequest,
    reviewer: User,
    client_for: Callable[[User | None], Client],
) -> None:
    user = request.getfixturevalue(outsider)
    annotate(Paragraph.objects.get(article=agreed, position=1), "new harbour bridge", user)
    client = client_for(reviewer)
    data = _json(client, agreed)
    assert data["editors"] == ["editor", "other"]
    assert data["overall"]["overlap"]["f1"] == 1.0  # type: ignore[index]
    assert "No open disputes" in _page(client, agreed)


def test_with_assigned_editors_only_they_are_raters(
    agreed: Article, desk: User, reviewer: User, client_for: Callable[[User | None], Client]
) -> None:
    editor, other_editor = User.objects.get(username="editor"), User.objects.get(username="other")
    client = client_for(reviewer)
    carl = make_user("carl", editor=True)
    annotate(Paragraph.objects.get(article=agreed, position=1), "the new harbour bridge", carl)
    # Unassigned: every author in Editors is a rater, carl too.
    assert _json(client, agreed)["editors"] == ["carl", "editor", "other"]
    # Assigned ana and ben (here editor and other): carl's work is not a rating; the
    # cached figures follow the assignment (it renews the article's revision).
    workflow.assign(desk, [agreed.pk], [editor, other_editor])
    assert _json(client, agreed)["editors"] == ["editor", "other"]
    assert "No open disputes" in _page(client, agreed)
    # A reviewer assigned as an editor rates like one.
    workflow.assign(desk, [agreed.pk], [reviewer])
    annotate(Paragraph.objects.get(article=agreed, position=2), "Rosa Lind", reviewer)
    assert _json(client, agreed)["editors"] == ["editor", "other", "rita"]


def test_the_cached_figures_follow_a_group_change(
    agreed: Article, reviewer: User, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(reviewer)
    carl = make_user("carl")
    annotate(Paragraph.objects.get(article=agreed, position=1), "new harbour bridge", carl)
    assert _json(client, agreed)["editors"] == ["editor", "other"]
    carl.groups.add(Group.objects.get(name="Editors"))
    assert _json(client, agreed)["editors"] == ["carl", "editor", "other"]
    carl.groups.clear()
    assert _json(client, agreed)["editors"] == ["editor", "other"]


def test_the_reading_page_links_to_agreement_only_with_two_raters(
    make_article: ArticleFactory, request: pytest.FixtureRequest, desk: User, reviewer: User
) -> None:
    editor, other_editor = (request.getfixturevalue(n) for n in ("editor", "other_editor"))
    client_for: Callable[[User | None], Client] = request.getfixturevalue("client_for")
    client = client_for(reviewer)
    link = 'href="/articles/{}/agreement"'
    article = make_article([P1, P2])

    def linked() -> bool:
        html = client.get(article.get_absolute_url()).content.decode()
        return link.format(article.slug) in html

    assert not linked()  # nobody annotated it
    p1 = Paragraph.objects.get(article=article, position=1)
    annotate(p1, "harbour bridge", editor)
    assert not linked()
    annotate(p1, "new harbour bridge", other_editor)
    assert linked()
    # Assigned to the editor alone: the other's work is no rating.
    workflow.assign(desk, [article.pk], [editor])
    assert not linked()
    workflow.assign(desk, [article.pk], [other_editor])
    assert linked()


def test_the_reading_page_counts_raters_by_the_agreement_page_s_rule(
    make_article: ArticleFactory, request: pytest.FixtureRequest, reviewer: User
) -> None:
    """On an unassigned article an author outside Editors (a reviewer here) is no rater:
    an editor and a reviewer bring no link, two editors do; always in the same number
    of queries."""
    editor, other_editor = (request.getfixturevalue(n) for n in ("editor", "other_editor"))
    client = request.getfixturevalue("client_for")(reviewer)
    article = make_article([P1, P2])
    link = f'href="/articles/{article.slug}/agreement"'

    def linked() -> tuple[bool, int]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(article.get_absolute_url()).content.decode()
        return link in html, len(queries.captured_queries)

    p1 = Paragraph.objects.get(article=article, position=1)
    annotate(p1, "harbour bridge", editor)
    annotate(p1, "new harbour bridge", reviewer, tag="quote")
    shown, queries = linked()
    assert not shown
    assert "rita" in client.get(article.get_absolute_url()).context["authors"]
    annotate(p1, "the new harbour bridge", other_editor)
    assert linked() == (True, queries)
    assert _json(client, article)["editors"] == ["editor", "other"]
