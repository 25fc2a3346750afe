"""Re-anchoring as the database sees it: every way a paragraph changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction

from annotations import reanchoring
from annotations.models import Annotation
from articles.models import Article, Paragraph
from tests.conftest import ArticleFactory, annotate, assert_exact

pytestmark = pytest.mark.django_db

FIRST = "The council voted 7–2 on Tuesday to fund the 🌉 harbour bridge."
SECOND = "“It will pay for itself within a decade,” said the mayor, Rosa Lind."


@pytest.fixture
def story(make_article: ArticleFactory) -> Article:
    return make_article(paragraphs=[FIRST, SECOND, "Work starts in May."])


def test_it_shifts_an_annotation_after_a_typo_fix_before_it(story: Article, editor: User) -> None:
    p = story.paragraphs.get(position=1)
    a = annotate(p, "harbour bridge", editor)
    p.text = p.text.replace("The council", "The town council")
    p.save()
    a.refresh_from_db()
    assert (a.start, a.text, a.anchor, a.version) == (
        p.text.index("harbour bridge"),
        "harbour bridge",
        "placed",
        2,
    )
    assert_exact()


def test_it_leaves_an_untouched_annotation_alone(story: Article, editor: User) -> None:
    p = story.paragraphs.get(position=1)
    a = annotate(p, "The council", editor)
    p.text = p.text + " Residents cheered."
    p.save()
    a.refresh_from_db()
    assert (a.start, a.version) == (0, 1)


def test_it_flags_a_fuzzy_move_for_review(story: Article, editor: User) -> None:
    p = story.paragraphs.get(position=2)
    a = annotate(p, "It will pay for itself within a decade", editor, tag="quote")
    p.text = p.text.replace("within a decade", "within a dekade")
    p.save()
    a.refresh_from_db()
    assert a.anchor == "moved"
    assert a.text == "It will pay for itself within a dekade"
    assert_exact()


def test_words_found_only_in_a_paragraph_this_edit_did_not_change_are_flagged(
    story: Article, editor: User
) -> None:
    first, _, third = story.paragraphs.all()
    first.text = first.text + " Work starts in May."
    first.save()  # an earlier edit: the same sentence is now said twice
    a = annotate(third, "Work starts in May", editor)
    third.delete()
    a.refresh_from_db()
    assert (a.paragraph_id, a.text, a.anchor) == (first.pk, "Work starts in May", "moved")
    assert_exact()


def test_deleting_a_paragraph_moves_or_orphans_never_deletes(story: Article, editor: User) -> None:
    first, second, third = story.paragraphs.all()
    kept = annotate(third, "Work starts in May", editor)
    gone = annotate(second, "said the mayor", editor, tag="context")
    # One edit: the words moved into a paragraph changed in it, so they follow silently.
    with reanchoring.batch(actor="test"):
        first.text = first.text + " Work starts in May."
        first.save()
        third.delete()
        second.delete()
    kept.refresh_from_db()
    gone.refresh_from_db()
    assert (kept.paragraph_id, kept.text, kept.anchor) == (first.pk, "Work starts in May", "placed")
    assert (gone.paragraph_id, gone.anchor, gone.text) == (None, "orphaned", "said the mayor")
    assert Annotation.objects.count() == 2
    assert_exact()


def test_a_batch_sees_a_split_as_one_edit(story: Article, editor: User) -> None:
    p = story.paragraphs.get(position=2)
    a = annotate(p, "said the mayor", editor, tag="context")
    with reanchoring.batch(actor="test"):
        p.text = "“It will pay for itself within a decade,”"
        p.save()
        Paragraph.objects.filter(article=story, position=3).update(position=4)
        new = Paragraph.objects.create(article=story, position=3, text="said the mayor, Rosa Lind.")
    a.refresh_from_db()
    assert (a.paragraph_id, a.start, a.anchor) == (new.pk, 0, "placed")
    assert_exact()


def test_without_a_batch_a_split_orphans_then_can_be_reattached(
    story: Article, editor: User
) -> None:
    p = story.paragraphs.get(position=2)
    a = annotate(p, "said the mayor", editor, tag="context")
    p.text = "“It will pay for itself within a decade,”"
    p.save()
    a.refresh_from_db()
    assert a.anchor == "orphaned" and a.paragraph_id is None
    assert a.article_id == story.pk  # orphans stay with their article


def test_a_rewrite_orphans_and_keeps_everything_else(story: Article, editor: User) -> None:
    p = story.paragraphs.get(position=2)
    a = annotate(p, "It will pay for itself", editor, tag="quote")
    Annotation.objects.filter(pk=a.pk).update(note="Check the study", speaker="Rosa Lind")
    p.text = "The mayor declined to comment."
    p.save()
    a.refresh_from_db()
    assert (a.anchor, a.text, a.note, a.speaker, a.tag, a.author) == (
        "orphaned",
        "It will pay for itself",
        "Check the study",
        "Rosa Lind",
        "quote",
        editor,
    )
    assert_exact()


def test_deleting_the_article_takes_its_annotations(story: Article, editor: User) -> None:
    annotate(story.paragraphs.get(position=1), "harbour bridge", editor)
    story.delete()
    assert not Annotation.objects.exists()


def test_the_database_refuses_a_raw_update_that_would_break_offsets(
    story: Article, editor: User
) -> None:
    p = story.paragraphs.get(position=1)
    annotate(p, "harbour bridge", editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        # A queryset update skips the signals; the deferred trigger still catches it.
        Paragraph.objects.filter(pk=p.pk).update(text="Completely different.")
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert Paragraph.objects.get(pk=p.pk).text == FIRST


def test_the_database_refuses_an_annotation_in_another_article(
    story: Article, editor: User, make_article: ArticleFactory
) -> None:
    other = make_article()
    p = story.paragraphs.get(position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.create(
            article=other, paragraph=p, start=0, end=3, text="The", tag="claim", author=editor
        )
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_reordering_paragraphs_keeps_annotations(story: Article, editor: User) -> None:
    first, second, _ = story.paragraphs.all()
    a = annotate(second, "Rosa Lind", editor)
    with transaction.atomic():
        first.position, second.position = 2, 1
        first.save()
        second.save()
    a.refresh_from_db()
    assert (a.paragraph_id, a.text, a.version) == (second.pk, "Rosa Lind", 1)
    assert_exact()


def test_a_typo_fixed_in_the_second_of_two_phrases_keeps_the_second(
    make_article: Any, editor: User
) -> None:
    """../shared/cases/repeated-phrase, through a paragraph save."""
    old = "We were promised the bridge by spring, and then we were promised the bridge by sprng again."
    article = make_article([old])
    paragraph = article.paragraphs.get()
    a = annotate(paragraph, "the bridge by sprng", editor)
    assert (a.start, a.end) == (65, 84)
    paragraph.text = old.replace("sprng", "spring")
    paragraph.save()
    a.refresh_from_db()
    assert (a.start, a.end, a.text, a.anchor) == (65, 85, "the bridge by spring", "moved")
    assert_exact()
