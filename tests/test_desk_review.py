"""Review: approve or reject each annotation of an article ready for review, through the
annotation owner (versioned, in history), with its permission matrix, the panel, the CSV
and PostgreSQL's rules."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from annotations import lifecycle
from annotations.history import AnnotationEvent
from annotations.models import Annotation
from articles.models import Article
from desk import workflow
from desk.models import Status
from tests.conftest import annotate

HTMX = {"HTTP_HX_REQUEST": "true"}
ROLES = ["anonymous", "reader", "editor", "other_editor", "reviewer", "desk_chief", "admin"]


@pytest.fixture
def ready(article: Article, editor: User, desk_chief: User) -> Annotation:
    """The editor's claim on an article ready for review."""
    workflow.assign(desk_chief, [article.pk], [editor])
    annotation = annotate(article.paragraphs.get(position=1), "The council voted", editor)
    workflow.move(desk_chief, article.pk, Status.READY)
    return annotation


def url(annotation: Annotation) -> str:
    return reverse("annotation_review", args=[annotation.pk])


@pytest.mark.parametrize("role", ROLES)
def test_review_permission_matrix(
    role: str,
    request: pytest.FixtureRequest,
    client_for: Any,
    ready: Annotation,
) -> None:
    user = None if role == "anonymous" else request.getfixturevalue(role)
    client = client_for(user)
    data = {"version": ready.version, "review": "approved"}
    response = client.post(url(ready), data, **(HTMX if user else {}))
    allowed = role in ("reviewer", "desk_chief", "admin")
    expected = 302 if user is None else 200 if allowed else 403
    assert response.status_code == expected
    ready.refresh_from_db()
    assert (ready.review == "approved") == allowed
    if user is not None:
        assert client.get(url(ready)).status_code == 405
        missing = client.post(reverse("annotation_review", args=[10**9]), data)
        assert missing.status_code == (404 if allowed else 403)


def test_review_needs_the_csrf_token(reviewer: User, ready: Annotation) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post(url(ready), {"version": ready.version, "review": "approved"})
    assert response.status_code == 403
    ready.refresh_from_db()
    assert ready.review == ""


def test_a_review_without_scripts_posts_the_pages_csrf_token(
    reviewer: User, ready: Annotation
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    page = client.get(ready.article.get_absolute_url()).content.decode()
    form = page[page.index('class="entry__review-form"') :]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    data = {"csrfmiddlewaretoken": token, "version": ready.version, "review": "approved"}
    assert client.post(url(ready), data).status_code == 200
    ready.refresh_from_db()
    assert (ready.review, ready.version) == ("approved", 2)
    # The same decision again (Shift+A pressed twice) writes nothing.
    data["version"] = 2
    assert client.post(url(ready), data).status_code == 200
    ready.refresh_from_db()
    assert ready.version == 2
    assert AnnotationEvent.objects.filter(pgh_obj_id=ready.pk, pgh_label="change").count() == 1


def test_only_an_article_ready_for_review_is_reviewed(
    client_for: Any, reviewer: User, article: Article, editor: User
) -> None:
    annotation = annotate(article.paragraphs.get(position=1), "The council voted", editor)
    response = client_for(reviewer).post(
        url(annotation), {"version": annotation.version, "review": "approved"}, **HTMX
    )
    assert response.status_code == 409 and "not ready for review" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"review": "rejected", "comment": "  "}, "comment"),
        ({"review": "maybe"}, "review"),
        ({"review": "rejected", "comment": "x" * 2001}, "comment"),
        ({"review": "approved", "version": "x"}, "version"),
    ],
)
def test_a_bad_review_is_refused_naming_the_field(
    client_for: Any, reviewer: User, ready: Annotation, data: dict[str, str], field: str
) -> None:
    response = client_for(reviewer).post(url(ready), {"version": ready.version, **data}, **HTMX)
    assert response.status_code == 400 and field in response.content.decode()
    ready.refresh_from_db()
    assert (ready.review, ready.version) == ("", 1)


def test_postgresql_holds_the_review_rules(ready: Annotation) -> None:
    for sql in (
        "UPDATE annotations_annotation SET review = 'maybe'",
        "UPDATE annotations_annotation SET review = 'approved'",  # no reviewer, no time
        "UPDATE annotations_annotation SET review = 'rejected', reviewer_id = author_id,"
        " reviewed = now(), review_comment = ''",
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as c:
            c.execute(sql)


def test_a_rejection_goes_back_to_its_author_with_the_comment(
    client_for: Any, reviewer: User, editor: User, ready: Annotation
) -> None:
    response = client_for(reviewer).post(
        url(ready),
        {"version": ready.version, "review": "rejected", "comment": "Too long: end at voted."},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and f'id="entry-{ready.pk}"' in html
    assert "Rejected</strong> by rita" in html and "Too long: end at voted." in html
    ready.refresh_from_db()
    assert (ready.review, ready.reviewer, ready.version) == ("rejected", reviewer, 2)
    assert ready.reviewed is not None
    page = client_for(editor).get(ready.article.get_absolute_url()).content.decode()
    assert "Too long: end at voted." in page and 'data-review="rejected"' in page
    assert "Approve</button>" not in page  # the author is no reviewer
    # The author's change puts it back among the unreviewed.
    changed = lifecycle.edit(
        editor, ready.pk, version=ready.version, fields=lifecycle.Fields(tag="quote")
    )
    assert (changed.review, changed.reviewer_id) == ("", None)
    history = client_for(editor).get(reverse("annotation_history", args=[ready.pk]))
    text = history.content.decode()
    assert "Reviewed</strong> · rita" in text and "review: <del>—</del> → <ins>Rejected" in text


def test_an_approved_annotation_is_closed_to_its_author_not_to_reviewers(
    client_for: Any, reviewer: User, desk_chief: User, editor: User, ready: Annotation
) -> None:
    done = lifecycle.review(reviewer, ready.pk, version=ready.version, decision="approved")
    with pytest.raises(lifecycle.NotAllowed):
        lifecycle.edit(editor, ready.pk, version=done.version, fields=lifecycle.Fields("quote"))
    with pytest.raises(lifecycle.NotAllowed):
        lifecycle.delete(editor, ready.pk, version=done.version)
    page = client_for(editor).get(ready.article.get_absolute_url()).content.decode()
    assert f'hx-get="/annotations/{ready.pk}/edit/"' not in page
    assert "Approved</strong> by rita" in page
    edited = lifecycle.edit(
        desk_chief, ready.pk, version=done.version, fields=lifecycle.Fields("quote")
    )
    assert (edited.tag, edited.review) == ("quote", "approved")  # not the author's change


def test_the_csv_has_the_review_columns(client_for: Any, reviewer: User, ready: Annotation) -> None:
    lifecycle.review(reviewer, ready.pk, version=ready.version, decision="approved")
    response = client_for(reviewer).get(
        reverse("article_annotations_csv", args=[ready.article.slug])
    )
    body = b"".join(response.streaming_content).decode()
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert (row["review"], row["reviewer"]) == ("approved", "rita")
    assert row["reviewed_at"].endswith("Z")


def test_a_review_takes_a_fixed_number_of_queries(
    client_for: Any, reviewer: User, ready: Annotation, django_assert_num_queries: Any
) -> None:
    client = client_for(reviewer)
    client.get(ready.article.get_absolute_url())
    # session, user, permissions (with the history context), the lock (with the
    # article's workflow row, for blind mode and reused by the panel), the article's
    # status, the update (its own history context), the context back, the panel's
    # counts, the entry's paragraph, the next entry (two statements), the re-drawn
    # paragraph
    with django_assert_num_queries(12):
        response = client.post(url(ready), {"version": 1, "review": "approved"}, **HTMX)
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["reviewer", "desk_chief", "admin"])
def test_nobody_reviews_their_own_annotation(
    role: str, request: pytest.FixtureRequest, client_for: Any, ready: Annotation
) -> None:
    """A second person checks the work: a reviewer, the desk and a superuser alike get a
    403 on their own annotation, and nothing changes; the panel offers them no buttons
    there, while it does on the editor's annotation beside it."""
    user = request.getfixturevalue(role)
    own = annotate(ready.article.paragraphs.get(position=1), "voted", user)
    before = (own.version, own.review, own.reviewer_id)
    client = client_for(user)
    for decision in ("approved", "rejected"):
        data = {"version": own.version, "review": decision, "comment": "mine"}
        response = client.post(url(own), data, **HTMX)
        assert response.status_code == 403
        assert "cannot review your own annotation" in response.content.decode()
        own.refresh_from_db()
        assert (own.version, own.review, own.reviewer_id) == before
    panel = client.get(reverse("annotation_panel", args=[ready.article.slug])).content.decode()
    own_entry = panel[panel.index(f'id="entry-{own.pk}"') :]
    own_entry = own_entry[: own_entry.index("</li>")]
    theirs = panel[panel.index(f'id="entry-{ready.pk}"') :]
    theirs = theirs[: theirs.index("</li>")]
    assert "data-review-approve" not in own_entry and "data-review-approve" in theirs
    # The editor's annotation is still theirs to review.
    data = {"version": ready.version, "review": "approved"}
    assert client.post(url(ready), data, **HTMX).status_code == 200
