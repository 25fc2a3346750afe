"""The agreement tests' world: a reviewer, the desk, and an article two editors
annotated differently (pytest fixtures, imported by the tests that use them)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annotations.models import Annotation
from articles.models import Article, Paragraph
from desk.models import Assignment, Status, Workflow
from tests.conftest import ArticleFactory, annotate, make_user

P1 = "The council voted 7–2 on Tuesday to fund the new harbour bridge."
P2 = "“It will pay for itself within a decade,” said the mayor, Rosa Lind."


@pytest.fixture
def reviewer(db: None) -> User:
    user = make_user("rita")
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user


@pytest.fixture
def desk(db: None) -> User:
    user = make_user("dora")
    user.groups.add(Group.objects.get(name="Desk"))
    return user


@pytest.fixture
def disputed(make_article: ArticleFactory, editor: User, other_editor: User) -> Article:
    """Editor: claim "council voted 7–2", claim "harbour bridge", quote "Rosa Lind".
    Other: claim "voted 7–2", quote "new harbour bridge", quote "Rosa Lind", claim
    "It will pay for itself"."""
    article = make_article([P1, P2])
    p1, p2 = Paragraph.objects.filter(article=article).order_by("position")
    annotate(p1, "council voted 7–2", editor)
    annotate(p1, "harbour bridge", editor)
    annotate(p2, "Rosa Lind", editor, tag="quote")
    annotate(p1, "voted 7–2", other_editor)
    annotate(p1, "new harbour bridge", other_editor, tag="quote")
    annotate(p2, "Rosa Lind", other_editor, tag="quote")
    annotate(p2, "It will pay for itself", other_editor)
    hand_in(article)
    return article


def hand_in(article: Article) -> None:
    """The article ready for review: passages are adjudicated then (or once done). Its
    assigned editors' work is handed in, as PostgreSQL holds for an article in review."""
    Assignment.objects.filter(article=article).update(finished=timezone.now())
    Workflow.objects.filter(article=article).update(status=Status.READY)


def ids_of(article: Article, words: str) -> list[int]:
    found = Annotation.objects.filter(article=article, text__contains=words)
    return sorted(found.values_list("pk", flat=True))


def one_of(article: Article, words: str, author: User) -> Annotation:
    return Annotation.objects.get(article=article, text=words, author=author)


def approve(pk: int, reviewer: User) -> None:
    """Approve annotation ``pk`` as an adjudication does for its final one (which
    PostgreSQL checks at commit): for tests that write decisions by hand."""
    Annotation.objects.filter(pk=pk).update(
        review="approved", reviewer=reviewer, reviewed=timezone.now()
    )


def adjudicate_htmx(client: Client, article: Article, **data: object) -> Any:
    return client.post(
        reverse("agreement_adjudicate", args=[article.slug]), data, headers={"HX-Request": "true"}
    )


def adopt_bridge(client: Client, article: Article, author: User) -> tuple[list[int], Annotation]:
    """Settle the bridge passage through the page as ``client``, adopting ``author``'s
    quote "new harbour bridge": the passage's annotation ids, and the adopted annotation
    as the decision left it (approved, a version on)."""
    bridge = ids_of(article, "harbour bridge")
    chosen = one_of(article, "new harbour bridge", author)
    response = adjudicate_htmx(client, article, settles=bridge, adopt=chosen.pk)
    assert response.status_code == 200
    chosen.refresh_from_db()
    return bridge, chosen
