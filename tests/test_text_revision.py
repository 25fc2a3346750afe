"""Each article's text revision, renewed by PostgreSQL on every change the reading page
draws, and the whole-text cache kept under it: never stale, and no look at the
annotations at all for an article that did not change."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations import lifecycle
from annotations.models import Annotation, TextRevision
from articles.models import Article, Paragraph
from tests.conftest import ArticleFactory, annotate

pytestmark = pytest.mark.django_db


def unmasked(html: bytes) -> bytes:
    """The page without its CSRF tokens, which Django masks anew for every response."""
    return re.sub(rb"[A-Za-z0-9]{64}", b"", html)


def revision(article: Article) -> int:
    return TextRevision.objects.get(article_id=article.pk).revision


@pytest.fixture
def two(make_article: ArticleFactory, editor: User) -> tuple[Article, Article]:
    first, second = make_article(), make_article()
    annotate(first.paragraphs.get(position=1), "council", editor, tag="quote")
    annotate(second.paragraphs.get(position=1), "harbour", editor)
    return first, second


def test_it_is_renewed_by_every_change_of_its_own_article_only(
    two: tuple[Article, Article], editor: User
) -> None:
    first, second = two
    seen = {revision(first)}
    untouched = revision(second)
    mark = Annotation.objects.get(article=first)

    def changed() -> bool:
        now = revision(first)
        new = now not in seen
        seen.add(now)
        return new

    lifecycle.edit(editor, mark.pk, version=mark.version, fields=lifecycle.Fields("claim"))
    assert changed()
    Annotation.objects.filter(pk=mark.pk).update(note="raw SQL too")
    assert changed()
    Paragraph.objects.filter(article=first, position=2).update(text="A new second paragraph.")
    assert changed()
    lifecycle.delete(editor, mark.pk, version=mark.version + 2)
    assert changed()
    annotate(first.paragraphs.get(position=1), "voted", editor)
    assert changed()
    User.objects.filter(pk=editor.pk).update(username="editor-renamed")
    assert changed()
    assert revision(second) != untouched  # the rename touches both of the editor's articles
    untouched = revision(second)
    User.objects.filter(pk=editor.pk).update(first_name="Ed")  # not drawn anywhere
    assert revision(first) in seen and revision(second) == untouched


def test_a_new_article_has_one(make_article: ArticleFactory) -> None:
    assert TextRevision.objects.filter(article_id=make_article().pk).exists()


def test_an_unchanged_article_is_served_from_the_cache_and_a_change_is_never_stale(
    two: tuple[Article, Article], editor: User, client_for: Any
) -> None:
    first, _ = two
    client = client_for(editor)
    page = client.get(first.get_absolute_url())
    assert "Quote by editor: council" in page.content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(first.get_absolute_url())
    assert unmasked(again.content) == unmasked(page.content)
    # No digest of the paragraphs' marks: the whole text came from the cache.
    assert not any("md5(" in q["sql"] for q in queries.captured_queries)
    User.objects.filter(pk=editor.pk).update(username="ed")
    editor.refresh_from_db()
    renamed = client_for(editor).get(first.get_absolute_url()).content.decode()
    assert "Quote by ed: council" in renamed
    assert "Quote by editor" not in renamed


def test_it_is_locked_before_the_tally_in_every_annotation_write() -> None:
    """PostgreSQL fires a statement's triggers in name order: the revision row first,
    then tally rows, in every transaction, so that two writers cannot deadlock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'annotations_annotation'::regclass"
            " AND (tgname LIKE '%%revision%%' OR tgname LIKE '%%tally%%') ORDER BY tgname"
        )
        names = [name for (name,) in cursor.fetchall()]
    for op in ("insert", "update", "delete"):
        assert names.index(f"annotation_revision_{op}") < names.index(f"annotation_tally_{op}")
