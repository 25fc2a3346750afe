"""The annotation tally (annotations_tally) that PostgreSQL keeps beside the annotations:
after every kind of write, from any code path, it equals a GROUP BY of the table."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from annotations import lifecycle
from annotations.change_rules import Fields, Selection
from annotations.models import Annotation, AnnotationTally
from articles.models import Article
from tests.conftest import ArticleFactory, annotate

GROUPED = """
SELECT article_id, tag, author_id, paragraph_id IS NOT NULL, count(*)
FROM annotations_annotation GROUP BY 1, 2, 3, 4
"""


def grouped() -> set[tuple[int, str, int, bool, int]]:
    with connection.cursor() as cursor:
        cursor.execute(GROUPED)
        return set(cursor.fetchall())


def tally() -> set[tuple[int, str, int, bool, int]]:
    return set(AnnotationTally.objects.values_list("article_id", "tag", "author_id", "placed", "n"))


def select(article: Article, position: int, words: str) -> Selection:
    paragraph = article.paragraphs.get(position=position)
    start = paragraph.text.index(words)
    return Selection(paragraph.pk, start, start + len(words), words)


def test_it_follows_the_lifecycle_owner(article: Article, editor: User, other_editor: User) -> None:
    made = lifecycle.create(editor, select(article, 1, "council"), Fields("claim")).annotation
    lifecycle.create(other_editor, select(article, 1, "harbour"), Fields("quote"))
    lifecycle.create_many(
        editor,
        [
            (select(article, 2, "mayor"), Fields("context")),
            (select(article, 2, "Rosa Lind"), Fields("quote")),
            (select(article, 1, "Tuesday"), Fields("context")),
        ],
    )
    assert tally() == grouped()
    assert (article.pk, "context", editor.pk, True, 2) in tally()
    changed = lifecycle.edit(editor, made.pk, version=made.version, fields=Fields("quote"))
    assert tally() == grouped()
    deleted = lifecycle.delete(editor, made.pk, version=changed.version)
    assert tally() == grouped()
    assert not any(row[1:3] == ("claim", editor.pk) for row in tally())
    lifecycle.restore(editor, made.pk, event_id=deleted.event_id)
    assert tally() == grouped()
    assert (article.pk, "quote", editor.pk, True, 2) in tally()


def test_it_follows_raw_sql_orphans_and_bulk_statements(
    make_article: ArticleFactory, editor: User
) -> None:
    first, second = make_article(), make_article()
    for article in (first, second):
        for words in ("council", "harbour", "bridge"):
            annotate(article.paragraphs.get(position=1), words, editor, tag="context")
    # One statement moving rows between groups: placed -> orphaned, tag changed.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE annotations_annotation SET paragraph_id = NULL, anchor = 'orphaned' "
            "WHERE article_id = %s AND text = 'bridge'",
            [first.pk],
        )
        cursor.execute("UPDATE annotations_annotation SET tag = 'claim' WHERE text = 'harbour'")
    assert tally() == grouped()
    assert (first.pk, "context", editor.pk, False, 1) in tally()
    assert (second.pk, "claim", editor.pk, True, 1) in tally()
    # An UPDATE that moves nothing between groups leaves the tally alone.
    before = tally()
    Annotation.objects.update(note="checked")
    assert tally() == before
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM annotations_annotation WHERE article_id = %s", [second.pk])
    assert tally() == grouped()
    assert not AnnotationTally.objects.filter(article_id=second.pk).exists()


def test_it_empties_with_a_deleted_article(article: Article, editor: User, admin: User) -> None:
    annotate(article.paragraphs.get(position=1), "council", editor)
    with lifecycle.deleting_articles(admin):
        article.delete()
    assert tally() == grouped() == set()


def test_it_refuses_a_tally_that_would_go_below_zero(article: Article, editor: User) -> None:
    made = annotate(article.paragraphs.get(position=1), "council", editor)
    AnnotationTally.objects.all().delete()
    AnnotationTally.objects.create(
        article_id=article.pk, tag="claim", author_id=editor.pk, placed=True, n=0
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.filter(pk=made.pk).delete()
    assert Annotation.objects.filter(pk=made.pk).exists()


def test_it_costs_one_group_per_statement_for_a_bulk_insert(article: Article, editor: User) -> None:
    paragraph = article.paragraphs.get(position=1)
    items = [
        (Selection(paragraph.pk, start, start + 3, paragraph.text[start : start + 3]), Fields(tag))
        for start in range(0, 40)
        for tag in ("claim", "context")
    ]
    with CaptureQueriesContext(connection) as queries:
        lifecycle.create_many(editor, items)
    assert tally() == grouped()
    assert {row[1]: row[4] for row in tally()} == {"claim": 40, "context": 40}
    # The triggers run inside the INSERT: no statement of ours per row.
    assert len(queries.captured_queries) < 10
