"""The same words in two paragraphs (two people each saying "No comment,") are two
suggestions with two decisions: accept all and its Undo, a rejection after a recompute,
and the admin's acceptance figures count each paragraph's decision."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from annotations import lifecycle_suggestions as decide
from annotations.models import Annotation
from articles.models import Article
from suggestions import store
from suggestions.models import Decision, Suggestion
from tests.conftest import ArticleFactory, assert_exact

SAME_WORDS = [
    "“No comment,” said Rosa Lind, the mayor.",
    "“No comment,” said Tom Berg, the city engineer.",
    "“We need more buses,” said Anna Holm, a commuter.",
    "“We need more buses,” said Per Dahl, a driver.",
    "“Yes,” said Rosa Lind.",
    "“Yes,” said Tom Berg.",
]


@pytest.fixture
def twice(make_article: ArticleFactory) -> Article:
    article = make_article(SAME_WORDS, title="Same words twice")
    store.recompute(article.pk)
    return article


def quotes(article: Article) -> list[tuple[int, str, str]]:
    return sorted(
        Suggestion.objects.filter(article=article, tag="quote").values_list(
            "paragraph__position", "text", "speaker"
        )
    )


def at(article: Article, position: int, text: str) -> Suggestion:
    return Suggestion.objects.get(
        article=article, tag="quote", paragraph__position=position, text=text
    )


def test_it_suggests_the_same_words_in_each_paragraph(twice: Article) -> None:
    assert [(p, t) for p, t, _ in quotes(twice)] == [
        (1, "No comment,"),
        (2, "No comment,"),
        (3, "We need more buses,"),
        (4, "We need more buses,"),
        (5, "Yes,"),
        (6, "Yes,"),
    ]


def test_it_undoes_accept_all_of_the_same_words_in_two_paragraphs(
    twice: Article, editor: User
) -> None:
    before = quotes(twice)
    batch = decide.accept_all(editor, twice.pk)
    assert len(batch.annotations) == 6
    assert Decision.objects.filter(article=twice, kind="accepted").count() == 6
    undone = decide.undo_accept_all(editor, twice.pk, batch.batch)
    assert len(undone.annotations) == 6 and len(undone.suggestions) == 6
    assert quotes(twice) == before
    assert not Annotation.objects.exists() and not Decision.objects.exists()
    assert_exact()


@pytest.mark.parametrize(
    ("rejected", "kept"),
    [(1, 2), (2, 1)],
    ids=["first-paragraph", "second-paragraph"],
)
def test_it_rejects_the_words_of_one_paragraph_only(
    twice: Article, editor: User, rejected: int, kept: int
) -> None:
    words = "We need more buses,"
    position = {1: 3, 2: 4}
    decide.reject(editor, at(twice, position[rejected], words).pk)
    store.recompute(twice.pk)
    found = [p for p, t, _ in quotes(twice) if t == words]
    assert found == [position[kept]]
    # Rejected again after the recompute: still one decision per paragraph.
    store.recompute(twice.pk)
    assert [p for p, t, _ in quotes(twice) if t == words] == [position[kept]]


def test_it_keeps_an_article_wide_decision_from_before_paragraphs(
    twice: Article, editor: User
) -> None:
    decide.reject(editor, at(twice, 1, "No comment,").pk)
    Decision.objects.update(article_wide=True)
    store.recompute(twice.pk)
    assert "No comment," not in [t for _, t, _ in quotes(twice)]


def test_it_counts_each_paragraphs_decision_in_the_admin(
    twice: Article,
    editor: User,
    admin: User,
    client_for: Callable[[User | None], Client],
) -> None:
    decide.reject(editor, at(twice, 5, "Yes,").pk)
    decide.accept_all(editor, twice.pk)  # the other five, "Yes," of ¶6 among them
    assert Decision.objects.filter(kind="accepted").count() == 5
    assert Decision.objects.filter(kind="rejected").count() == 1
    pending = Suggestion.objects.filter(article=twice).count()
    html = client_for(admin).get("/admin/articles/article/").content.decode()
    assert f"5 accepted, 1 rejected (83 % accepted), {pending} pending" in html


@pytest.mark.parametrize(
    ("words", "position", "article_wide"),
    [
        ("the mayor", 1, False),  # only in ¶1: keyed to it
        ("a driver", 4, False),
        ("No comment,", 1, True),  # in ¶1 and ¶2: which were decided is unknown
        ("Rosa Lind", 5, True),  # in ¶1 and ¶5
        ("the mayor", 2, True),  # no longer in its paragraph
    ],
)
def test_the_migration_keeps_only_unambiguous_old_decisions_to_their_paragraph(
    twice: Article, words: str, position: int, article_wide: bool
) -> None:
    """Migration 0006's data step: a row is keyed to its paragraph only when its words
    are in that one paragraph of the article; else it stays article-wide."""
    from importlib import import_module

    from django.db import connection

    migration = import_module("suggestions.migrations.0006_decision_by_paragraph")
    paragraph = twice.paragraphs.get(position=position)
    start = max(paragraph.text.find(words), 0)
    Decision.objects.create(
        article=twice,
        paragraph_id=paragraph.pk,
        tag="quote",
        text=words,
        kind="rejected",
        start=start,
        end=start + len(words),
        score=0.5,
    )
    with connection.cursor() as cursor:
        cursor.execute(migration.MARK_ARTICLE_WIDE)
    assert Decision.objects.get().article_wide is article_wide
