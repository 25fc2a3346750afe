"""Confirm a fuzzy re-anchoring, re-attach an orphan, read an annotation's history."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from annotations.models import Annotation
from articles.models import Article, Paragraph
from tests.conftest import ArticleFactory, annotate

pytestmark = pytest.mark.django_db
REATTACH = "/annotations/reattach/"


@pytest.fixture
def para(article: Article) -> Paragraph:
    return article.paragraphs.get(position=2)


@pytest.fixture
def review(para: Paragraph, editor: User) -> Annotation:
    annotation = annotate(para, "It will pay for itself within a decade", editor, tag="quote")
    para.text = para.text.replace("decade", "dekade")
    para.save()
    annotation.refresh_from_db()
    assert annotation.anchor == "moved"
    return annotation


@pytest.fixture
def orphan(para: Paragraph, editor: User) -> Annotation:
    annotation = annotate(para, "said the mayor", editor, tag="context", note="Who else?")
    para.text = "The mayor has not commented."
    para.save()
    annotation.refresh_from_db()
    assert annotation.anchor == "orphaned"
    return annotation


def reattach(client: Any, orphan: Annotation, target: Paragraph, words: str, **extra: Any) -> Any:
    start = target.text.index(words)
    data = {
        "annotation": orphan.pk,
        "paragraph": target.pk,
        "start": start,
        "end": start + len(words),
        "text": words,
        "version": Annotation.objects.get(pk=orphan.pk).version,
        **extra,
    }
    return client.post(REATTACH, data)


def test_it_confirms_a_reanchored_annotation(
    client_for: Any, editor: User, review: Annotation
) -> None:
    url = reverse("annotation_confirm", args=[review.pk])
    response = client_for(editor).post(url, {"version": review.version})
    assert response.status_code == 200
    assert "Re-anchored, please check" not in response.content.decode()
    review.refresh_from_db()
    assert (review.anchor, review.version) == ("placed", 3)


def test_it_refuses_a_stale_or_foreign_confirmation(
    client_for: Any, editor: User, other_editor: User, review: Annotation
) -> None:
    url = reverse("annotation_confirm", args=[review.pk])
    assert client_for(editor).post(url, {"version": 1}).status_code == 409
    assert client_for(other_editor).post(url, {"version": review.version}).status_code == 403
    assert client_for(editor).get(url).status_code == 405
    assert client_for(editor).post(reverse("annotation_confirm", args=[99999])).status_code == 404
    review.refresh_from_db()
    assert review.anchor == "moved"


def test_it_reattaches_an_orphan_to_new_text(
    client_for: Any, editor: User, para: Paragraph, orphan: Annotation
) -> None:
    response = reattach(client_for(editor), orphan, para, "The mayor")
    assert response.status_code == 200
    orphan.refresh_from_db()
    assert (orphan.anchor, orphan.paragraph_id, orphan.text, orphan.note) == (
        "placed",
        para.pk,
        "The mayor",
        "Who else?",
    )
    assert f'data-annotation-id="{orphan.pk}"' in response.content.decode()
    # once placed it is not an orphan any more
    assert reattach(client_for(editor), orphan, para, "has not").status_code == 409


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"text": "something else"}, 409, "does not match"),
        ({"start": 5, "end": 2}, 400, "Bad offsets"),
        ({"end": 999}, 400, "Bad offsets"),
        ({"paragraph": 999999}, 404, "does not exist"),
        ({"annotation": "x"}, 400, "whole number"),
    ],
)
def test_it_refuses_a_bad_reattachment(
    client_for: Any,
    editor: User,
    para: Paragraph,
    orphan: Annotation,
    change: dict[str, Any],
    status: int,
    message: str,
) -> None:
    response = reattach(client_for(editor), orphan, para, "The mayor", **change)
    assert response.status_code == status
    assert message in response.content.decode()
    orphan.refresh_from_db()
    assert orphan.anchor == "orphaned"


def test_it_keeps_an_orphan_in_its_own_article(
    client_for: Any, editor: User, orphan: Annotation, make_article: ArticleFactory
) -> None:
    elsewhere = make_article().paragraphs.get(position=1)
    response = reattach(client_for(editor), orphan, elsewhere, "The council")
    assert response.status_code == 400
    assert "own article" in response.content.decode()


def test_only_the_author_or_an_admin_reattaches(
    client_for: Any,
    reader: User,
    other_editor: User,
    admin: User,
    para: Paragraph,
    orphan: Annotation,
) -> None:
    assert reattach(client_for(reader), orphan, para, "The mayor").status_code == 403
    assert reattach(client_for(other_editor), orphan, para, "The mayor").status_code == 403
    assert client_for(None).post(REATTACH).status_code == 302
    assert client_for(admin).get(REATTACH).status_code == 405
    assert reattach(client_for(admin), orphan, para, "The mayor").status_code == 200


def test_the_reading_page_lists_orphans(
    client_for: Any, editor: User, reader: User, para: Paragraph, orphan: Annotation
) -> None:
    html = client_for(editor).get(para.article.get_absolute_url()).content.decode()
    assert "1 annotation could not be placed after an edit" in html
    assert f'data-reattach="{orphan.pk}"' in html
    reader_html = client_for(reader).get(para.article.get_absolute_url()).content.decode()
    assert "could not be placed" in reader_html
    assert "data-reattach" not in reader_html  # readers see it but cannot act


def test_anyone_logged_in_reads_the_history(
    client_for: Any, reader: User, review: Annotation
) -> None:
    url = reverse("annotation_history", args=[review.pk])
    response = client_for(reader).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Created" in html and "Re-anchored" in html
    assert "dekade" in html  # the text change, before → after
    assert client_for(reader).post(url).status_code == 405
    assert client_for(reader).get(reverse("annotation_history", args=[99999])).status_code == 404
    assert client_for(None).get(url).status_code == 302
