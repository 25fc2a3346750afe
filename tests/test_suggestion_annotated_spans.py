"""A span already annotated by hand is not suggested (any tag), and annotating a span
removes the pending suggestion at exactly that span: counts and "accept all" follow."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from annotations import lifecycle
from annotations import lifecycle_suggestions as decide
from annotations.models import Annotation
from articles.models import Article
from suggestions import store
from suggestions.models import Suggestion
from suggestions.panel import counts_of
from tests.conftest import ArticleFactory, assert_exact

QUOTE = "It will pay for itself within a decade,"


@pytest.fixture
def suggested(make_article: ArticleFactory) -> Article:
    """Two paragraphs, three quotes with speakers, their suggestions computed."""
    article = make_article(
        [
            f"“{QUOTE}” said the mayor, Rosa Lind.",
            "“We are ready,” said Anna Holm, the harbour master. “The work starts in May.”",
        ],
        title="Annotated spans",
    )
    store.recompute(article.pk)
    return article


def quote(article: Article, text: str = QUOTE) -> Suggestion:
    return Suggestion.objects.get(article=article, tag="quote", text=text)


def annotate(user: User, s: Suggestion, tag: str, shift: tuple[int, int] = (0, 0)) -> None:
    paragraph = s.paragraph
    start, end = s.start + shift[0], s.end + shift[1]
    selection = lifecycle.Selection(paragraph.pk, start, end, paragraph.text[start:end])
    lifecycle.create(user, selection, lifecycle.Fields(tag))


# (tag of the hand-made annotation, how its span differs, whether the suggestion stays)
CASES = [
    ("quote", (0, 0), False),
    ("claim", (0, 0), False),  # any tag
    ("context", (0, 0), False),
    ("quote", (1, 0), True),  # not exactly the span
    ("quote", (0, -1), True),
    ("quote", (-1, 1), True),
]


@pytest.mark.parametrize(("tag", "shift", "stays"), CASES)
def test_it_drops_the_suggestion_when_its_span_is_annotated(
    suggested: Article, editor: User, tag: str, shift: tuple[int, int], stays: bool
) -> None:
    s = quote(suggested)
    annotate(editor, s, tag, shift)
    assert Suggestion.objects.filter(pk=s.pk).exists() is stays
    # The other paragraph's suggestions are untouched.
    assert Suggestion.objects.filter(article=suggested, text="We are ready,").exists()
    assert_exact()


@pytest.mark.parametrize(("tag", "shift", "stays"), CASES)
def test_it_does_not_suggest_a_span_annotated_by_hand(
    suggested: Article, editor: User, tag: str, shift: tuple[int, int], stays: bool
) -> None:
    s = quote(suggested)
    annotate(editor, s, tag, shift)
    store.recompute(suggested.pk)
    assert Suggestion.objects.filter(article=suggested, tag="quote", text=QUOTE).exists() is stays


def test_counts_and_accept_all_leave_out_an_annotated_quote(
    suggested: Article, editor: User, other_editor: User
) -> None:
    before = counts_of(suggested.pk)
    annotate(other_editor, quote(suggested), "quote")
    store.recompute(suggested.pk)
    after = counts_of(suggested.pk)
    assert (after.total, after.quotes_with_speakers) == (
        before.total - 1,
        before.quotes_with_speakers - 1,
    )
    batch = decide.accept_all(editor, suggested.pk)
    assert QUOTE not in [a.text for a in batch.annotations]
    assert Annotation.objects.filter(text=QUOTE).count() == 1


def test_it_drops_suggestions_at_the_spans_of_many_annotations_at_once(
    suggested: Article, editor: User
) -> None:
    first, second = quote(suggested), quote(suggested, "We are ready,")
    third = quote(suggested, "The work starts in May.")
    items = [
        (lifecycle.Selection(s.paragraph_id, s.start, s.end, s.text), lifecycle.Fields("claim"))
        for s in (first, second)
    ]
    lifecycle.create_many(editor, items)
    left = set(Suggestion.objects.filter(article=suggested).values_list("pk", flat=True))
    assert first.pk not in left and second.pk not in left and third.pk in left
