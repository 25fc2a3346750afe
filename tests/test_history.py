"""History: every kind of change writes one event with the right actor; restore is exact."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from annotations import history, lifecycle
from annotations.history import AnnotationEvent
from annotations.models import Annotation
from articles.models import Article, Paragraph
from tests.conftest import ArticleFactory, annotate, assert_exact

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]
ParagraphEvent = Paragraph.pgh_event_models["text-change"]  # type: ignore[attr-defined]
DATA_FIELDS = [f.attname for f in Annotation._meta.concrete_fields]
EVENTS = "/admin/annotations/annotationevent/"


def events(annotation_id: int) -> list[Any]:
    return list(AnnotationEvent.objects.filter(pgh_obj_id=annotation_id).order_by("pgh_id"))


def snapshot(annotation: Annotation) -> dict[str, Any]:
    annotation.refresh_from_db()
    return {name: getattr(annotation, name) for name in DATA_FIELDS}


@pytest.fixture
def para(article: Article) -> Paragraph:
    # “It will pay for itself within a decade,” said the mayor, Rosa Lind.
    return article.paragraphs.get(position=2)


# One event per change, with who did it


def test_creating_through_the_page_writes_one_create_event(
    client_for: ClientFor, editor: User, para: Paragraph
) -> None:
    response = client_for(editor).post(
        "/annotations/",
        {
            "article": para.article_id,
            "paragraph": para.pk,
            "start": 1,
            "end": 39,
            "text": para.text[1:39],
            "tag": "quote",
            "speaker": "Rosa Lind",
        },
    )
    assert response.status_code == 201
    annotation = Annotation.objects.get()
    [event] = events(annotation.pk)
    assert event.pgh_label == "create"
    assert event.pgh_context.metadata["user"] == editor.pk
    assert (event.text, event.tag, event.speaker) == (annotation.text, "quote", "Rosa Lind")
    [entry] = history.timeline(annotation.pk)
    assert (entry.label, entry.who, entry.changes) == ("created", "editor", [])


def test_editing_through_the_page_writes_one_change_event_with_before_and_after(
    client_for: ClientFor, editor: User, para: Paragraph
) -> None:
    annotation = annotate(para, "It will pay for itself", editor, tag="quote")
    response = client_for(editor).post(
        reverse("annotation_edit", args=[annotation.pk]),
        {"tag": "claim", "note": "Source?", "verdict": "false", "version": 1},
    )
    assert response.status_code == 200
    assert [e.pgh_label for e in events(annotation.pk)] == ["create", "change"]
    change = events(annotation.pk)[-1]
    assert change.pgh_context.metadata["user"] == editor.pk
    assert (change.tag, change.note, change.version) == ("claim", "Source?", 2)
    entry = history.timeline(annotation.pk)[-1]
    assert (entry.label, entry.who) == ("changed", "editor")
    assert ("tag", "Quote", "Claim") in entry.changes
    assert ("note", "", "Source?") in entry.changes
    assert ("verdict", "", "False") in entry.changes  # labels, as the entry shows them
    assert not any(name in ("start", "end", "text") for name, _, _ in entry.changes)


def test_deleting_through_the_page_writes_one_delete_event(
    client_for: ClientFor, editor: User, para: Paragraph
) -> None:
    annotation = annotate(para, "pay for itself", editor)
    response = client_for(editor).post(
        reverse("annotation_delete", args=[annotation.pk]), {"version": annotation.version}
    )
    assert response.status_code == 200
    assert not Annotation.objects.exists()
    assert [e.pgh_label for e in events(annotation.pk)] == ["create", "delete"]
    assert events(annotation.pk)[-1].pgh_context.metadata["user"] == editor.pk
    entry = history.timeline(annotation.pk)[-1]
    assert (entry.label, entry.who) == ("deleted", "editor")


def test_a_typo_fix_before_the_span_writes_one_re_anchor_event(
    editor: User, make_article: ArticleFactory
) -> None:
    article = make_article(["Voters cheered. Th counsil voted to fund the bridge."])
    paragraph = article.paragraphs.get()
    annotation = annotate(paragraph, "fund the bridge", editor)
    before_typo = annotate(paragraph, "Voters cheered", editor)
    paragraph.text = "Voters cheered. The council voted to fund the bridge."
    paragraph.save()
    assert_exact()
    [create, change] = events(annotation.pk)
    assert (create.pgh_label, change.pgh_label) == ("create", "change")
    assert change.pgh_context.metadata["reason"] == "re-anchor"
    assert (change.start, change.text, change.anchor) == (37, "fund the bridge", "placed")
    assert change.version == 2
    entry = history.timeline(annotation.pk)[-1]
    assert (entry.label, entry.who) == ("re-anchored", "system")
    assert ("start", 36, 37) in entry.changes and ("end", 51, 52) in entry.changes
    # Same offsets, same text: nothing saved, nothing recorded.
    assert [e.pgh_label for e in events(before_typo.pk)] == ["create"]


def test_an_admin_edit_is_recorded_as_an_article_edit_by_the_admin(
    client_for: ClientFor, admin: User, editor: User, make_article: ArticleFactory
) -> None:
    article = make_article(["The counsil voted to fund the bridge."])
    paragraph = article.paragraphs.get()
    annotation = annotate(paragraph, "fund the bridge", editor)
    response = client_for(admin).post(
        f"/admin/articles/paragraph/{paragraph.pk}/change/",
        {
            "article": article.pk,
            "position": 1,
            "kind": "body",
            "text": "The city council voted to fund the bridge.",
            "annotations-TOTAL_FORMS": 0,
            "annotations-INITIAL_FORMS": 0,
            "annotations-MIN_NUM_FORMS": 0,
            "annotations-MAX_NUM_FORMS": 0,
        },
    )
    assert response.status_code == 302
    assert_exact()
    [_, change] = events(annotation.pk)
    metadata = change.pgh_context.metadata
    assert (metadata["reason"], metadata["user"]) == ("re-anchor", admin.pk)
    assert metadata["actor"] == "article edit by boss"
    entry = history.timeline(annotation.pk)[-1]
    assert (entry.label, entry.who) == ("re-anchored", "article edit by boss")
    [paragraph_event] = ParagraphEvent.objects.filter(pgh_obj_id=paragraph.pk)
    assert paragraph_event.pgh_label == "text-change"
    assert paragraph_event.text == "The city council voted to fund the bridge."
    assert paragraph_event.pgh_context.metadata["user"] == admin.pk


def test_a_rewrite_writes_one_orphaning_event(editor: User, make_article: ArticleFactory) -> None:
    article = make_article(["The council voted to fund the bridge."])
    paragraph = article.paragraphs.get()
    annotation = annotate(paragraph, "fund the bridge", editor, note="Check the budget")
    paragraph.text = "Nothing of the sort happened at all; a ferry was chosen instead."
    paragraph.save()
    assert_exact()
    [_, change] = events(annotation.pk)
    assert (change.pgh_label, change.anchor, change.paragraph_id) == ("change", "orphaned", None)
    assert (change.text, change.note) == ("fund the bridge", "Check the budget")
    entry = history.timeline(annotation.pk)[-1]
    assert (entry.label, entry.who) == ("orphaned", "system")
    assert ("anchor", "Placed", "Could not be placed") in entry.changes
    annotation.refresh_from_db()
    assert (annotation.anchor, annotation.article_id) == ("orphaned", article.pk)


def test_a_paragraph_text_change_writes_one_paragraph_event(
    make_article: ArticleFactory,
) -> None:
    article = make_article(["Old words here."])
    paragraph = article.paragraphs.get()
    paragraph.kind = Paragraph.Kind.CAPTION
    paragraph.save()
    assert not ParagraphEvent.objects.filter(pgh_obj_id=paragraph.pk).exists()
    paragraph.text = "New words here."
    paragraph.save()
    [event] = ParagraphEvent.objects.filter(pgh_obj_id=paragraph.pk)
    assert (event.pgh_label, event.text) == ("text-change", "New words here.")


# Restore


def test_restore_brings_back_the_exact_annotation(editor: User, para: Paragraph) -> None:
    annotation = annotate(para, "pay for itself", editor, note="Check", verdict="misleading")
    Annotation.objects.filter(pk=annotation.pk).update(anchor="moved")  # any state at all
    before = snapshot(annotation)
    annotation.delete()
    restored = lifecycle.restore(editor, before["id"]).annotation
    assert snapshot(restored) == before
    assert_exact()
    entries = history.timeline(before["id"])
    assert [(e.label, e.who) for e in entries[-2:]] == [
        ("deleted", "system"),
        ("restored", "editor"),
    ]
    with pytest.raises(lifecycle.StaleChange, match="already back"):
        lifecycle.restore(editor, before["id"])
    with pytest.raises(lifecycle.NotFound, match="no deleted annotation"):
        lifecycle.restore(editor, before["id"] + 1000)
    assert Annotation.objects.count() == 1


def test_restore_finds_words_that_moved_and_orphans_words_that_are_gone(
    editor: User, make_article: ArticleFactory
) -> None:
    article = make_article(["The council voted to fund the bridge.", "The mayor was pleased."])
    first, second = article.paragraphs.order_by("position")
    moved = annotate(first, "fund the bridge", editor)
    gone = annotate(second, "pleased", editor)
    moved_id, gone_id = moved.pk, gone.pk
    moved.delete()
    gone.delete()
    first.text = "On Tuesday, after a long debate, the council voted to fund the bridge."
    first.save()
    second.text = "The mayor said nothing."
    second.save()
    back = lifecycle.restore(editor, moved_id).annotation
    assert (back.paragraph_id, back.anchor, back.text) == (first.pk, "placed", "fund the bridge")
    assert first.text[back.start : back.end] == "fund the bridge"
    orphan = lifecycle.restore(editor, gone_id).annotation
    assert (orphan.anchor, orphan.paragraph_id, orphan.text) == ("orphaned", None, "pleased")
    assert orphan.article_id == article.pk
    assert_exact()


def test_restore_refuses_when_the_article_is_gone(editor: User, para: Paragraph) -> None:
    annotation = annotate(para, "pay for itself", editor)
    annotation_id = annotation.pk
    para.article.delete()
    with pytest.raises(lifecycle.StaleChange, match="article has been deleted"):
        lifecycle.restore(editor, annotation_id)


def test_the_admin_action_restores_the_exact_annotation_once(
    client_for: ClientFor, admin: User, editor: User, para: Paragraph
) -> None:
    annotation = annotate(para, "pay for itself", editor, note="Check")
    before = snapshot(annotation)
    client_for(editor).post(
        reverse("annotation_delete", args=[annotation.pk]), {"version": annotation.version}
    )
    delete_event = AnnotationEvent.objects.get(pgh_obj_id=before["id"], pgh_label="delete")
    client = client_for(admin)
    data = {"action": "restore_annotations", "_selected_action": [delete_event.pk]}
    response = client.post(EVENTS, data, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [f"Annotation {before['id']} restored (claim, on ¶2)."]
    assert snapshot(Annotation.objects.get()) == before
    entry = history.timeline(before["id"])[-1]
    assert (entry.label, entry.who) == ("restored", "boss")
    response = client.post(EVENTS, data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        f"Annotation {before['id']}: not restored: That annotation is already back."
    ]
    assert Annotation.objects.count() == 1
