"""Two people at once, on real separate database connections (one per thread)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from annotations.models import Annotation
from articles.models import Article, Paragraph

pytestmark = pytest.mark.django_db(transaction=True)


def in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    result: list[Any] = []

    def run() -> None:
        try:
            result.append(work())
        except Exception as exc:  # reported by the test's assertions
            result.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def payload(paragraph: Paragraph, start: int, end: int, tag: str) -> dict[str, Any]:
    return {
        "article": paragraph.article_id,
        "paragraph": paragraph.pk,
        "start": start,
        "end": end,
        "text": paragraph.text[start:end],
        "tag": tag,
    }


def test_two_editors_creating_at_the_same_moment_both_persist(
    client_for: Callable[[User | None], Client],
    editor: User,
    other_editor: User,
    article: Article,
) -> None:
    paragraph = article.paragraphs.get(position=2)
    barrier = threading.Barrier(2)
    clients = [client_for(editor), client_for(other_editor)]

    def create(client: Client, start: int, tag: str) -> int:
        barrier.wait()
        return client.post("/annotations/", payload(paragraph, start, start + 6, tag)).status_code

    threads = [
        in_thread(lambda: create(clients[0], 1, "quote")),
        in_thread(lambda: create(clients[1], 1, "quote")),
    ]
    for thread, _ in threads:
        thread.join(20)
    assert [result for _, result in threads] == [[201], [201]]
    assert Annotation.objects.filter(paragraph=paragraph).count() == 2
    assert {a.author_id for a in Annotation.objects.all()} == {editor.pk, other_editor.pk}


def test_a_stale_edit_during_a_reanchoring_gets_409_and_changes_nothing(
    client_for: Callable[[User | None], Client], editor: User, article: Article
) -> None:
    paragraph = article.paragraphs.get(position=2)
    start = paragraph.text.index("said the mayor")
    annotation = Annotation.objects.create(
        paragraph=paragraph,
        start=start,
        end=start + 14,
        text="said the mayor",
        tag="context",
        author=editor,
    )
    saved = threading.Event()
    release = threading.Event()

    def admin_edits_the_paragraph() -> str:
        with transaction.atomic():
            p = Paragraph.objects.get(pk=paragraph.pk)
            p.text = "Reporting from the harbour: " + p.text
            p.save()  # re-anchors, holding the annotation's row lock until commit
            saved.set()
            release.wait(10)
        return "committed"

    admin_thread, admin_result = in_thread(admin_edits_the_paragraph)
    assert saved.wait(10)
    client = client_for(editor)

    def editor_edits_the_note() -> int:
        return client.post(
            reverse("annotation_edit", args=[annotation.pk]),
            {"tag": "context", "note": "stale note", "version": 1},
        ).status_code

    editor_thread, editor_result = in_thread(editor_edits_the_note)
    time.sleep(0.5)  # the editor's request is now waiting for the row lock
    assert editor_thread.is_alive()
    release.set()
    admin_thread.join(20)
    editor_thread.join(20)
    assert admin_result == ["committed"]
    assert editor_result == [409]
    annotation.refresh_from_db()
    paragraph.refresh_from_db()
    assert annotation.note == ""  # not silently overwritten
    assert annotation.version == 2
    assert paragraph.text[annotation.start : annotation.end] == "said the mayor"


def test_an_edit_made_before_the_reanchoring_is_kept(
    client_for: Callable[[User | None], Client], editor: User, article: Article
) -> None:
    paragraph = article.paragraphs.get(position=2)
    annotation = Annotation.objects.create(
        paragraph=paragraph, start=1, end=8, text=paragraph.text[1:8], tag="quote", author=editor
    )
    response = client_for(editor).post(
        reverse("annotation_edit", args=[annotation.pk]),
        {"tag": "quote", "note": "fresh note", "version": 1},
    )
    assert response.status_code == 200
    paragraph.text = "Update: " + paragraph.text
    paragraph.save()
    annotation.refresh_from_db()
    assert (annotation.note, annotation.version, annotation.text) == ("fresh note", 3, "It will")
    assert paragraph.text[annotation.start : annotation.end] == "It will"
