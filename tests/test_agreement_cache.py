# ruff: noqa: F401, F811  (the world's fixtures are imported, then asked for by name)
"""The agreement page's figures and disputes are cached under the article's text
revision: a repeat view reads no annotation at all, and every change they are computed
from (annotations by any path, the text, usernames, adjudications) gives new ones,
never stale ones."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreement.data import ArticleAgreement, article_agreement, cached_agreement, with_revision
from agreement.models import Adjudication
from annotations import lifecycle
from annotations.models import Annotation
from articles.models import Article, Paragraph
from desk.models import Status, Workflow
from tests.agreement_world import (
    P2,
    adjudicate_htmx,
    adopt_bridge,
    disputed,
    hand_in,
    ids_of,
    one_of,
    reviewer,
)
from tests.conftest import annotate, make_user


def _cached(article: Article) -> ArticleAgreement:
    return cached_agreement(with_revision(Article.objects.all()).get(pk=article.pk))


def _views(client: Client, article: Article) -> tuple[int, bytes]:
    """Queries of a view of the page, and the JSON."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("agreement_page", args=[article.slug])).status_code == 200
    return len(queries), client.get(reverse("agreement_json", args=[article.slug])).content


def test_a_repeat_view_reads_no_annotation(
    disputed: Article, reviewer: User, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(reviewer)
    cold, _ = _views(client, disputed)
    warm, _ = _views(client, disputed)
    # session, user, permissions, the article with its revision; then (cold only) the
    # annotations, the paragraphs, the settled annotations.
    assert (cold, warm) == (7, 4)


def test_every_change_gives_new_figures_and_disputes(
    disputed: Article,
    editor: User,
    other_editor: User,
    reviewer: User,
    client_for: Callable[[User | None], Client],
) -> None:
    client = client_for(reviewer)
    seen: list[ArticleAgreement] = []

    def fresh() -> ArticleAgreement:
        """What the page shows now is what a computation from scratch gives, and differs
        from what it showed last."""
        _views(client, disputed)  # a view, which fills the cache
        shown = _cached(disputed)
        assert shown == article_agreement(disputed)
        assert not seen or shown != seen[-1]
        seen.append(shown)
        return shown

    fresh()
    third = make_user("cleo", editor=True)
    p1, p2 = Paragraph.objects.filter(article=disputed).order_by("position")
    # A third editor's work, while the article is open again (in review it is closed).
    Workflow.objects.filter(article=disputed).update(status=Status.IN_PROGRESS)
    created = lifecycle.create(
        third, lifecycle.Selection(p1.pk, 4, 11, p1.text[4:11]), lifecycle.Fields("claim")
    ).annotation
    assert fresh().figures.editors == ["cleo", "editor", "other"]
    edited = lifecycle.edit(
        third, created.pk, version=created.version, fields=lifecycle.Fields("quote")
    )
    fresh()
    Annotation.objects.filter(pk=created.pk).update(note="Raw SQL changes it too.")
    assert any(i.note for d in fresh().disputes for i in d.items)
    Paragraph.objects.filter(pk=p2.pk).update(text=P2 + " Longer now.")
    fresh()  # αU is over the article's length
    User.objects.filter(pk=third.pk).update(username="cleo2")
    assert fresh().figures.editors[0] == "cleo2"
    lifecycle.delete(third, created.pk, version=edited.version + 1)
    hand_in(disputed)
    before = fresh()
    adopt_bridge(client, disputed, other_editor)
    decided = fresh()
    assert (before.settled, decided.settled) == (0, 1)
    # A decision gone by raw SQL (no annotation touched): open again.
    Adjudication.objects.all().delete()
    assert fresh() == before
