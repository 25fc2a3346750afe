"""Stored suggestions: computed after an import or an edit commits, exact in PostgreSQL,
dropped with a changed paragraph and recomputed; the command and the background task."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.tasks import task

from articles.importing import import_bytes
from articles.models import Article, Paragraph
from suggestions import store
from suggestions.backends import ThreadBackend
from suggestions.models import Suggestion
from tests.conftest import ArticleFactory

TEXT = """date 2026-03-02
title Council backs the harbour bridge
lang en

Harbour bridge

The council voted 7–2 on Tuesday to fund the bridge, the largest project since 1990.

“It will pay for itself within a decade,” said the mayor, Rosa Lind.
"""
CHANGED = TEXT.replace("7–2 on Tuesday", "8–1 on Wednesday")
EXPECTED = [
    (
        2,
        "claim",
        "The council voted 7–2 on Tuesday to fund the bridge, the largest project since 1990.",
        "",
    ),
    (3, "quote", "It will pay for itself within a decade,", "Rosa Lind"),
]


def rows(article: Article) -> list[tuple[int, str, str, str]]:
    return [
        (s.paragraph.position, s.tag, s.text, s.speaker)
        for s in Suggestion.objects.filter(article=article)
        .select_related("paragraph")
        .order_by("paragraph__position", "start")
    ]


def check_exact() -> None:
    """What the deferred trigger checks at COMMIT, which a test never reaches."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for s in Suggestion.objects.select_related("paragraph"):
        assert s.paragraph.text[s.start : s.end] == s.text
        assert s.article_id == s.paragraph.article_id


def test_it_computes_suggestions_once_an_import_commits(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article = import_bytes(TEXT.encode(), "bridge.txt").article
    assert Suggestion.objects.count() == 0  # nothing before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert rows(article) == EXPECTED
    check_exact()


def test_it_recomputes_after_import_replace(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        article = import_bytes(TEXT.encode(), "bridge.txt").article
    with django_capture_on_commit_callbacks(execute=True):
        import_bytes(CHANGED.encode(), "bridge.txt", replace=True)
    assert rows(article)[0][2].startswith("The council voted 8–1 on Wednesday")
    check_exact()


def test_it_recomputes_after_a_paragraph_is_saved(
    make_article: ArticleFactory, django_capture_on_commit_callbacks: Any
) -> None:
    article = make_article()
    store.recompute(article.pk)
    paragraph = article.paragraphs.get(position=2)
    paragraph.text = "“We will not pay twice,” Rosa Lind said."
    with django_capture_on_commit_callbacks(execute=True):
        paragraph.save()
    assert (2, "quote", "We will not pay twice,", "Rosa Lind") in rows(article)
    check_exact()


def test_it_drops_the_suggestions_of_a_changed_paragraph_in_the_database(
    make_article: ArticleFactory,
) -> None:
    article = make_article()
    store.recompute(article.pk)
    first, second = article.paragraphs.order_by("position")
    assert Suggestion.objects.filter(paragraph=second).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_paragraph SET text = 'Something else.' WHERE id = %s", [second.pk]
        )
    assert not Suggestion.objects.filter(paragraph=second).exists()
    assert Suggestion.objects.filter(paragraph=first).exists()
    check_exact()


def test_it_deletes_suggestions_with_their_paragraph(make_article: ArticleFactory) -> None:
    article = make_article()
    store.recompute(article.pk)
    paragraph = article.paragraphs.get(position=2)
    paragraph.delete()
    assert not Suggestion.objects.filter(paragraph_id=paragraph.pk).exists()


@pytest.mark.parametrize(
    ("start", "text"), [(0, "Wrong"), (5, "council voted"), (60, "past the end")]
)
def test_it_refuses_a_suggestion_that_is_not_its_paragraphs_text(
    make_article: ArticleFactory, start: int, text: str
) -> None:
    article = make_article()
    paragraph = article.paragraphs.get(position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.objects.create(
            article=article,
            paragraph=paragraph,
            start=start,
            end=start + len(text),
            text=text,
            tag="claim",
            score=0.5,
        )
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_it_refuses_a_suggestion_in_another_article(make_article: ArticleFactory) -> None:
    article, other = make_article(), make_article()
    paragraph = article.paragraphs.get(position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.objects.create(
            article=other, paragraph=paragraph, start=0, end=3, text="The", tag="claim", score=1
        )
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_it_writes_jsonl_from_the_command(
    db: None, django_capture_on_commit_callbacks: Any, tmp_path: Path
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        article = import_bytes(TEXT.encode(), "bridge.txt").article
    out, err = io.StringIO(), io.StringIO()
    path = tmp_path / "s.jsonl"
    call_command("suggest_annotations", article.slug, jsonl=str(path), stdout=out, stderr=err)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(r["paragraph"], r["tag"], r["text"], r["speaker"]) for r in records] == EXPECTED
    texts = dict(Paragraph.objects.filter(article=article).values_list("position", "text"))
    for r in records:
        assert set(r) == {
            "article",
            "paragraph",
            "start",
            "end",
            "text",
            "tag",
            "speaker",
            "reason",
            "score",
        }
        assert r["article"] == article.slug
        assert texts[r["paragraph"]][r["start"] : r["end"]] == r["text"]
        assert r["reason"] and 0 <= r["score"] <= 1
    assert out.getvalue() == "1 article: 1 quote, 1 claim, 0 context suggestions.\n"
    assert "[##############################] 1/1 done" in err.getvalue()


def test_it_recomputes_every_article_with_all(make_article: ArticleFactory) -> None:
    make_article(), make_article()
    out = io.StringIO()
    call_command("suggest_annotations", all=True, stdout=out, stderr=io.StringIO())
    assert out.getvalue().startswith("2 articles: 2 quotes")
    assert Suggestion.objects.filter(tag="quote", speaker="Rosa Lind").count() == 2


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        ([], {}, "Name articles by slug, or pass --all"),
        (["no-such-article"], {}, "No article with slug: no-such-article"),
        (["x"], {"all": True}, "Name articles by slug, or pass --all"),
    ],
)
def test_it_refuses_a_command_without_articles(
    db: None, args: list[str], options: dict[str, Any], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("suggest_annotations", *args, **options, stdout=io.StringIO())


seen: list[tuple[int, str]] = []


@task
def remember(value: int) -> None:
    seen.append((value, threading.current_thread().name))


def test_it_runs_tasks_in_a_background_thread_in_order() -> None:
    backend = ThreadBackend("background", {})
    seen.clear()
    for value in range(3):
        backend.enqueue(remember, [value], {})
    backend.drain()
    assert seen == [(0, "tasks-background"), (1, "tasks-background"), (2, "tasks-background")]


def test_it_schedules_again_after_a_rolled_back_transaction(
    make_article: ArticleFactory, django_capture_on_commit_callbacks: Any
) -> None:
    article = make_article()
    paragraph = article.paragraphs.get(position=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        paragraph.text = "Rolled back."
        paragraph.save()
        raise RuntimeError
    paragraph.refresh_from_db()
    paragraph.text = "The council voted 9–0 on Friday, the first unanimous vote since 2001."
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        paragraph.save()
        article.paragraphs.get(position=2).save()
    assert len(callbacks) == 1  # one task for the transaction's two saves
    assert rows(article)[0][2] == paragraph.text
