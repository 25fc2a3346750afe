"""Editing, splitting, reordering and deleting paragraphs and articles through the admin:
annotations are re-anchored, orphaned or counted before they go."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from annotations import history
from annotations.history import AnnotationEvent
from annotations.models import Annotation
from articles.models import Article, Paragraph
from tests.conftest import ArticleFactory, annotate, assert_exact

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]
CHANGELIST = "/admin/articles/article/"


# Re-anchoring through the admin


def change_form(article: Article, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The article change form as posted, with the paragraph inline given by ``rows``
    (each: id or None for a new one, position, kind, text, and optionally DELETE)."""
    data: dict[str, Any] = {
        "title": article.title,
        "slug": article.slug,
        "published": article.published,
        "source": article.source,
        "byline": article.byline,
        "url": article.url,
        "paragraphs-TOTAL_FORMS": len(rows),
        "paragraphs-INITIAL_FORMS": sum(1 for row in rows if row.get("id")),
        "paragraphs-MIN_NUM_FORMS": 0,
        "paragraphs-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        prefix = f"paragraphs-{i}-"
        data[prefix + "id"] = row.get("id") or ""
        data[prefix + "article"] = article.pk
        data[prefix + "position"] = row["position"]
        data[prefix + "kind"] = row.get("kind", "body")
        data[prefix + "text"] = row["text"]
        if row.get("DELETE"):
            data[prefix + "DELETE"] = "on"
    return data


def form_errors(response: Any) -> Any:
    if response.context is None or "adminform" not in response.context:
        return None
    inlines = [f.formset.errors for f in response.context["inline_admin_formsets"]]
    return response.context["adminform"].form.errors, inlines


def last_event(annotation: Annotation) -> Any:
    return AnnotationEvent.objects.filter(pgh_obj_id=annotation.pk).order_by("-pgh_id").first()


def test_an_inline_split_moves_annotations_into_the_new_paragraph(
    client_for: ClientFor, admin: User, editor: User, make_article: ArticleFactory
) -> None:
    article = make_article(
        [
            "The council voted on Tuesday. The mayor said it would pay for itself.",
            "Critics were not convinced.",
        ]
    )
    first, second = article.paragraphs.order_by("position")
    stays = annotate(first, "council voted", editor)
    moves = annotate(first, "pay for itself", editor)
    critics = annotate(second, "not convinced", editor)
    rows: list[dict[str, Any]] = [
        {"id": first.pk, "position": 1, "text": "The council voted on Tuesday."},
        {"id": second.pk, "position": 3, "text": second.text},
        {"id": None, "position": 2, "text": "The mayor said it would pay for itself."},
    ]
    response = client_for(admin).post(
        f"/admin/articles/article/{article.pk}/change/", change_form(article, rows)
    )
    assert response.status_code == 302, form_errors(response)
    new = article.paragraphs.get(position=2)
    assert new.pk not in (first.pk, second.pk)
    for annotation in (stays, moves, critics):
        annotation.refresh_from_db()
    assert (stays.paragraph_id, stays.start, stays.anchor) == (first.pk, 4, "placed")
    assert (moves.paragraph_id, moves.start, moves.anchor) == (new.pk, 24, "placed")
    assert moves.text == new.text[24:38] == "pay for itself"
    assert (critics.paragraph_id, critics.start, critics.version) == (second.pk, 13, 1)
    assert_exact()
    # One re-anchoring, recorded as the admin's article edit.
    event = last_event(moves)
    assert event.pgh_label == "change"
    assert event.pgh_context.metadata["reason"] == "re-anchor"
    assert event.pgh_context.metadata["actor"] == "article edit by boss"
    assert event.pgh_context.metadata["user"] == admin.pk
    assert AnnotationEvent.objects.filter(pgh_obj_id=moves.pk).count() == 2
    entry = history.timeline(moves.pk)[-1]
    assert (entry.label, entry.who) == ("re-anchored", "article edit by boss")
    assert ("start", 54, 24) in entry.changes


def test_an_inline_delete_keeps_the_annotations(
    client_for: ClientFor, admin: User, editor: User, make_article: ArticleFactory
) -> None:
    article = make_article(["Alpha beta gamma.", "Delta epsilon.", "Zeta eta theta."])
    first, second, third = article.paragraphs.order_by("position")
    orphan = annotate(second, "Delta epsilon", editor)
    rows: list[dict[str, Any]] = [
        {"id": first.pk, "position": 1, "text": first.text},
        {"id": second.pk, "position": 2, "text": second.text, "DELETE": True},
        {"id": third.pk, "position": 2, "text": third.text},
    ]
    response = client_for(admin).post(
        f"/admin/articles/article/{article.pk}/change/", change_form(article, rows)
    )
    assert response.status_code == 302
    assert list(article.paragraphs.order_by("position").values_list("pk", "position")) == [
        (first.pk, 1),
        (third.pk, 2),
    ]
    orphan.refresh_from_db()
    assert (orphan.anchor, orphan.paragraph_id, orphan.article_id) == (
        "orphaned",
        None,
        article.pk,
    )
    assert_exact()
    entry = history.timeline(orphan.pk)[-1]
    assert (entry.label, entry.who) == ("orphaned", "article edit by boss")


def test_the_paragraph_page_re_anchors_on_save_and_delete(
    client_for: ClientFor, admin: User, editor: User, make_article: ArticleFactory
) -> None:
    article = make_article(["Teh council voted to fund the bridge.", "Other words."])
    first, second = article.paragraphs.order_by("position")
    annotation = annotate(first, "fund the bridge", editor)
    kept = annotate(second, "Other words", editor)
    client = client_for(admin)
    response = client.post(
        f"/admin/articles/paragraph/{first.pk}/change/",
        {
            "article": article.pk,
            "position": 1,
            "kind": "body",
            "text": "The city council voted to fund the bridge.",
            "annotations-TOTAL_FORMS": 1,
            "annotations-INITIAL_FORMS": 1,
            "annotations-MIN_NUM_FORMS": 0,
            "annotations-MAX_NUM_FORMS": 0,
            "annotations-0-id": annotation.pk,
            "annotations-0-paragraph": first.pk,
        },
    )
    assert response.status_code == 302, form_errors(response)
    annotation.refresh_from_db()
    assert (annotation.start, annotation.text, annotation.version) == (26, "fund the bridge", 2)
    assert_exact()
    entry = history.timeline(annotation.pk)[-1]
    assert (entry.label, entry.who) == ("re-anchored", "article edit by boss")

    response = client.post(f"/admin/articles/paragraph/{first.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    annotation.refresh_from_db()
    assert (annotation.anchor, annotation.paragraph_id) == ("orphaned", None)

    response = client.post(
        "/admin/articles/paragraph/",
        {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Paragraph.objects.filter(article=article).exists()
    kept.refresh_from_db()
    assert (kept.anchor, kept.paragraph_id) == ("orphaned", None)
    assert Annotation.objects.count() == 2
    assert_exact()


# Deleting articles


def test_deleting_an_article_says_how_many_annotations_go_with_it(
    client_for: ClientFor, admin: User, editor: User, make_article: ArticleFactory
) -> None:
    article = make_article(["One two three.", "Four five six."])
    first, second = article.paragraphs.order_by("position")
    annotate(first, "One", editor)
    annotate(first, "two", editor)
    orphan = annotate(second, "five", editor)
    Annotation.objects.filter(pk=orphan.pk).update(anchor="orphaned", paragraph=None)
    other = make_article(["Untouched words."])
    untouched = annotate(other.paragraphs.get(), "Untouched", editor)
    client = client_for(admin)
    url = f"/admin/articles/article/{article.pk}/delete/"
    response = client.get(url)
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert "Deleting this article also deletes its 3 annotations." in html
    assert "<script>" not in html and "style=" not in html
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert list(Annotation.objects.values_list("pk", flat=True)) == [untouched.pk]
    deleted = AnnotationEvent.objects.filter(pgh_label="delete")
    assert deleted.count() == 3
    entries = [history.timeline(e.pgh_obj_id)[-1] for e in deleted]
    assert {(e.label, e.who) for e in entries} == {("deleted with its article", "boss")}


def test_deleting_an_article_without_annotations_says_so(
    client_for: ClientFor, admin: User, make_article: ArticleFactory
) -> None:
    article = make_article(["Nothing annotated."])
    html = client_for(admin).get(f"/admin/articles/article/{article.pk}/delete/").content.decode()
    assert "This article has no annotations." in " ".join(html.split())


def test_deleting_selected_articles_counts_their_annotations(
    client_for: ClientFor, admin: User, editor: User, make_article: ArticleFactory
) -> None:
    one = make_article(["Red green blue."])
    two = make_article(["Cyan magenta."])
    annotate(one.paragraphs.get(), "Red", editor)
    annotate(one.paragraphs.get(), "blue", editor)
    annotate(two.paragraphs.get(), "Cyan", editor)
    client = client_for(admin)
    data = {"action": "delete_selected", "_selected_action": [one.pk, two.pk]}
    response = client.post(CHANGELIST, data)
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert "Deleting these articles also deletes their 3 annotations." in html
    response = client.post(CHANGELIST, {**data, "post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.exists()
    assert not Annotation.objects.exists()
    for event in AnnotationEvent.objects.filter(pgh_label="delete"):
        entry = history.timeline(event.pgh_obj_id)[-1]
        assert (entry.label, entry.who) == ("deleted with its article", "boss")


def test_the_inline_reorders_paragraphs_and_refuses_duplicate_positions(
    client_for: ClientFor, admin: User, editor: User, make_article: ArticleFactory
) -> None:
    article = make_article(["First words.", "Second words."])
    first, second = article.paragraphs.order_by("position")
    annotation = annotate(second, "Second", editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    client = client_for(admin)
    swapped = [
        {"id": first.pk, "position": 2, "text": first.text},
        {"id": second.pk, "position": 1, "text": second.text},
    ]
    response = client.post(url, change_form(article, swapped))
    assert response.status_code == 302, form_errors(response)
    assert list(article.paragraphs.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    annotation.refresh_from_db()
    assert (annotation.paragraph_id, annotation.start, annotation.version) == (second.pk, 0, 1)
    assert_exact()
    clash = [
        {"id": first.pk, "position": 1, "text": first.text},
        {"id": second.pk, "position": 1, "text": second.text},
    ]
    response = client.post(url, change_form(article, clash))
    assert response.status_code == 200
    assert "duplicate" in str(form_errors(response)).lower(), form_errors(response)
    zero = [{"id": first.pk, "position": 0, "text": first.text}]
    response = client.post(url, change_form(article, zero[:1] + swapped[1:]))
    assert response.status_code == 200
    assert "greater than or equal to 1" in response.content.decode()
