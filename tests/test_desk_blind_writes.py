# ruff: noqa: F401, F811  (the blind fixture is imported, then asked for by name)
"""Blind mode on the write paths: an editor asking to edit, delete, confirm, review or
re-attach another's hidden annotation is told 404, as for one that does not exist, and
nothing changes; and the refusals that remain say why (the owner's messages)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from annotations.models import Annotation
from articles.models import Article
from desk import workflow
from desk.models import Workflow
from tests.conftest import annotate
from tests.test_desk_blind import HTMX, blind

MISSING = 10**9


def _writes(pk: int, version: int, paragraph: int) -> list[tuple[str, str, dict[str, Any]]]:
    """Every write on annotation ``pk``: (method, address, data)."""
    data = {"version": version}
    return [
        ("get", reverse("annotation_edit", args=[pk]), {}),
        ("post", reverse("annotation_edit", args=[pk]), {**data, "tag": "claim"}),
        ("post", reverse("annotation_delete", args=[pk]), data),
        ("post", reverse("annotation_confirm", args=[pk]), data),
        (
            "post",
            "/annotations/reattach/",
            {**data, "annotation": pk, "paragraph": paragraph, "start": 0, "end": 3, "text": "The"},
        ),
    ]


def _rows(article: Article) -> list[tuple[Any, ...]]:
    return list(
        Annotation.objects.filter(article=article)
        .order_by("pk")
        .values_list("pk", "version", "tag", "start", "end", "anchor", "paragraph_id", "review")
    )


def test_a_hidden_annotation_answers_404_on_every_write(
    blind: dict[str, Any], other_editor: User, client_for: Any
) -> None:
    article = blind["article"]
    client = client_for(other_editor)
    first = article.paragraphs.get(position=1).pk
    before = _rows(article)
    for hidden in (blind["mine"], blind["my_orphan"]):
        for (method, url, data), (_, missing_url, missing_data) in zip(
            _writes(hidden.pk, hidden.version, first),
            _writes(MISSING, 1, first),
            strict=True,
        ):
            found = getattr(client, method)(url, data, **HTMX)
            absent = getattr(client, method)(missing_url, missing_data, **HTMX)
            assert (found.status_code, absent.status_code) == (404, 404), (url, found.content)
    # Review: an editor is no reviewer, whatever the annotation (hidden or not there).
    for pk in (blind["mine"].pk, MISSING):
        url = reverse("annotation_review", args=[pk])
        assert client.post(url, {"version": 1, "review": "approved"}, **HTMX).status_code == 403
    assert _rows(article) == before


def test_the_edit_form_refuses_an_approved_annotation_as_the_owner_does(
    article: Article, editor: User, reviewer: User, client_for: Any
) -> None:
    mine = annotate(article.paragraphs.get(position=1), "The council voted", editor)
    Annotation.objects.filter(pk=mine.pk).update(
        review="approved", reviewer=reviewer, reviewed=timezone.now()
    )
    mine.refresh_from_db()
    client = client_for(editor)
    message = "A reviewer approved this annotation"
    edit = client.get(reverse("annotation_edit", args=[mine.pk]), **HTMX)
    data = {"version": mine.version}
    delete = client.post(reverse("annotation_delete", args=[mine.pk]), data, **HTMX)
    assert (edit.status_code, delete.status_code) == (403, 403)
    assert message in edit.content.decode() and message in delete.content.decode()


def test_an_assigned_editor_is_told_done_is_for_reviewers_and_the_desk(
    article: Article, editor: User, desk_chief: User, client_for: Any
) -> None:
    workflow.assign(desk_chief, [article.pk], [editor])
    url = reverse("article_status", args=[article.slug])
    response = client_for(editor).post(url, {"status": "done"}, **HTMX)
    assert response.status_code == 403
    assert "Done is for reviewers and the desk" in response.content.decode()
    assert Workflow.objects.get(article=article).status == "new"


def test_the_panels_page_at_a_hidden_annotation_answers_as_for_a_missing_one(
    blind: dict[str, Any], other_editor: User, client_for: Any
) -> None:
    article = blind["article"]
    client = client_for(other_editor)
    url = reverse("annotation_panel_more", args=[article.slug])

    def at(pk: int) -> tuple[int, bytes]:
        response = client.get(url, {"after": "0.0.0.1", "at": pk}, **HTMX)
        return response.status_code, response.content

    hidden, missing = at(blind["mine"].pk), at(MISSING)
    assert hidden[0] == 404 and hidden == missing
    assert at(blind["theirs"].pk)[0] == 200
