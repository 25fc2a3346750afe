"""A recompute keeps the rows (and ids) of the suggestions it finds again unchanged: an
edit of one paragraph leaves every other paragraph's suggestions as the page shows them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from annotations import lifecycle_suggestions as decide
from articles.models import Article
from suggestions import store
from suggestions.models import Suggestion
from tests.conftest import ArticleFactory, assert_exact

ELEVEN = [
    "“It will pay for itself within a decade,” said the mayor, Rosa Lind.",
    "According to Tom Berg, the city engineer, the harbour needs dredging.",
    "“We are ready,” said Anna Holm, the harbour master.",
    *[f"Paragraph {n} says nothing anyone would quote." for n in range(4, 11)],
    "“The bridge opens in 2030,” said Per Dahl, the planner.",
]


def ids(article: Article) -> dict[tuple[int, int, int, str], int]:
    return {
        (s.paragraph.position, s.start, s.end, s.tag): s.pk
        for s in Suggestion.objects.filter(article=article).select_related("paragraph")
    }


@pytest.fixture
def eleven(make_article: ArticleFactory) -> Article:
    article = make_article(ELEVEN, title="Eleven paragraphs")
    store.recompute(article.pk)
    return article


@pytest.mark.parametrize(
    ("new_text", "expected_last"),
    [
        ("“The bridge opens in 2031,” said Per Dahl, the planner.", "The bridge opens in 2031,"),
        ("The planners say nothing more.", None),
        ("“It opens in 2030,” said Per Dahl. “Not before,” he added.", "It opens in 2030,"),
    ],
    ids=["quote-changed", "quote-gone", "two-quotes"],
)
def test_it_keeps_the_ids_of_untouched_paragraphs_suggestions(
    eleven: Article,
    new_text: str,
    expected_last: str | None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    before = ids(eleven)
    untouched = {k: v for k, v in before.items() if k[0] != 11}
    assert untouched and any(k[0] == 11 for k in before)
    last = eleven.paragraphs.get(position=11)
    last.text = new_text  # as the admin saves it; its commit recomputes
    with django_capture_on_commit_callbacks(execute=True):
        last.save()
    after = ids(eleven)
    assert {k: v for k, v in after.items() if k[0] != 11} == untouched
    texts = list(
        Suggestion.objects.filter(paragraph=last, tag="quote")
        .order_by("start")
        .values_list("text", flat=True)
    )
    assert (texts[0] if texts else None) == expected_last
    assert_exact()


def test_a_recompute_of_nothing_new_changes_no_row(eleven: Article, editor: User) -> None:
    before = ids(eleven)
    returned = store.recompute(eleven.pk)
    assert sorted(s.pk for s in returned) == sorted(before.values())
    assert ids(eleven) == before
    # A decision still takes its suggestion away for good; the rest keep their ids.
    rejected = Suggestion.objects.get(article=eleven, text="We are ready,")
    decide.reject(editor, rejected.pk)
    store.recompute(eleven.pk)
    assert ids(eleven) == {k: v for k, v in before.items() if v != rejected.pk}


def test_it_replaces_a_suggestion_whose_speaker_changed(eleven: Article) -> None:
    s = Suggestion.objects.get(article=eleven, text="We are ready,")
    Suggestion.objects.filter(pk=s.pk).update(speaker="Someone Else")
    store.recompute(eleven.pk)
    fresh = Suggestion.objects.get(article=eleven, text="We are ready,")
    assert fresh.pk != s.pk and fresh.speaker == "Anna Holm"
