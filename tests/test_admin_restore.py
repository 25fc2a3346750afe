"""Restoring a deleted annotation from the admin: a "Restore…" link on its deletion in the
history, at its old address and on its article's change page; through lifecycle.restore;
not offered again once restored. And no history-library jargon where admins read."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from annotations.history import AnnotationEvent
from annotations.models import Annotation
from articles.models import Article
from tests.conftest import ArticleFactory, annotate
from tests.test_admin_annotations import staff

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]
EVENTS = "/admin/annotations/annotationevent/"


def restore_url(pk: int) -> str:
    return f"{EVENTS}restore/{pk}/"


def text_of(response: Any) -> str:
    """What a person reads: the page without its tags, scripts and styles."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def article(make_article: ArticleFactory) -> Article:
    return make_article(["The council voted to fund the bridge.", "The mayor was pleased."])


@pytest.fixture
def deleted(article: Article, editor: User) -> int:
    annotation = annotate(article.paragraphs.get(position=1), "fund the bridge", editor)
    pk = annotation.pk
    annotation.delete()
    return pk


@pytest.mark.parametrize(
    ("who", "method", "status"),
    [
        ("anonymous", "get", 302),
        ("anonymous", "post", 302),
        ("reader", "get", 403),
        ("editor", "post", 403),  # may delete their own, but is not staff
        ("viewer", "get", 403),  # staff who may only look
        ("viewer", "post", 403),
        ("admin", "get", 200),
        ("admin", "post", 302),
        ("admin", "put", 405),
        ("admin", "delete", 405),
    ],
)
def test_the_restore_page_permission_matrix(
    request: pytest.FixtureRequest,
    client_for: ClientFor,
    deleted: int,
    who: str,
    method: str,
    status: int,
) -> None:
    if who == "anonymous":
        user = None
    elif who == "viewer":
        user = staff("viewer", "view_annotation")
    else:
        user = request.getfixturevalue(who)
    response = getattr(client_for(user), method)(restore_url(deleted))
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith("/admin/login/")
    assert Annotation.objects.filter(pk=deleted).exists() == (who == "admin" and method == "post")


def test_the_restore_page_refuses_what_is_not_deleted(
    client_for: ClientFor, admin: User, article: Article, editor: User, deleted: int
) -> None:
    present = annotate(article.paragraphs.get(position=2), "pleased", editor)
    client = client_for(admin)
    # There: to the annotation, saying there is nothing to restore.
    response = client.get(restore_url(present.pk), follow=True)
    assert response.redirect_chain == [(f"/admin/annotations/annotation/{present.pk}/change/", 302)]
    assert "nothing to restore" in text_of(response)
    assert client.get(restore_url(999999)).status_code == 404


def test_restoring_goes_through_the_owner_and_is_not_offered_again(
    client_for: ClientFor, admin: User, article: Article, deleted: int
) -> None:
    client = client_for(admin)
    page = client.get(restore_url(deleted))
    assert "fund the bridge" in text_of(page)
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    back = f"/admin/articles/article/{article.pk}/change/"
    response = client.post(restore_url(deleted), {"next": back}, follow=True)
    assert response.redirect_chain[0] == (back, 302)
    assert [str(m) for m in response.context["messages"]] == [
        f"Annotation {deleted} restored (claim, on ¶1)."
    ]
    event = AnnotationEvent.objects.filter(pgh_obj_id=deleted).latest("pgh_id")
    assert event.pgh_context.metadata["reason"] == "restore"  # written by lifecycle.restore
    # Restored: no longer offered anywhere; its old page (a second tab) says so, once.
    again = client.post(restore_url(deleted), follow=True)
    assert again.redirect_chain == [(f"/admin/annotations/annotation/{deleted}/change/", 302)]
    assert "nothing to restore" in text_of(again)
    assert (
        AnnotationEvent.objects.filter(
            pgh_obj_id=deleted, pgh_context__metadata__reason="restore"
        ).count()
        == 1
    )
    assert "Restore…" not in text_of(client.get(EVENTS))
    assert "Restore…" not in text_of(client.get(back))


def test_a_foreign_next_is_not_followed(
    client_for: ClientFor, admin: User, article: Article, deleted: int
) -> None:
    response = client_for(admin).post(restore_url(deleted), {"next": "https://evil.example/"})
    assert response["Location"] == f"/admin/articles/article/{article.pk}/change/"


def test_the_csrf_token_is_required(admin: User, deleted: int) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    assert client.post(restore_url(deleted)).status_code == 403
    assert not Annotation.objects.filter(pk=deleted).exists()


def test_the_history_offers_restore_on_the_latest_deletion_only(
    client_for: ClientFor, admin: User, article: Article, editor: User, deleted: int
) -> None:
    client = client_for(admin)
    html = client.get(EVENTS).content.decode()
    assert html.count(f'href="{restore_url(deleted)}"') == 1
    # The deletion's own page offers it too.
    event = AnnotationEvent.objects.get(pgh_obj_id=deleted, pgh_label="delete")
    assert (
        f'href="{restore_url(deleted)}"'
        in client.get(f"{EVENTS}{event.pk}/change/").content.decode()
    )
    # Restored and deleted again: only the second deletion is offered.
    client.post(restore_url(deleted))
    Annotation.objects.get(pk=deleted).delete()
    response = client.get(EVENTS, {"pgh_label": "delete"})
    html = response.content.decode()
    assert html.count(f'href="{restore_url(deleted)}"') == 1
    rows = response.context["cl"].result_list
    latest = max(rows, key=lambda e: e.pgh_id)
    assert rows[0] == latest  # newest first: the link sits on the first row
    # Those who may not restore are not offered it.
    viewer = client_for(staff("viewer", "view_annotation"))
    assert "Restore…" not in text_of(viewer.get(EVENTS))


def test_the_articles_page_lists_its_deleted_annotations(
    client_for: ClientFor,
    admin: User,
    article: Article,
    editor: User,
    deleted: int,
    django_assert_max_num_queries: Any,
) -> None:
    other = annotate(article.paragraphs.get(position=2), "pleased", editor, tag="quote")
    other_pk = other.pk
    other.delete()
    client = client_for(admin)
    page = text_of(client.get(f"/admin/articles/article/{article.pk}/change/"))
    assert "deleted annotations" in page.lower()
    assert "fund the bridge" in page and "pleased" in page
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    back = f"?next=%2Fadmin%2Farticles%2Farticle%2F{article.pk}%2Fchange%2F"
    for pk in (deleted, other_pk):
        assert f'href="{restore_url(pk)}{back}"' in html


def test_the_deleted_list_costs_the_same_for_one_or_many(
    client_for: ClientFor, admin: User, article: Article, editor: User
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(admin)
    url = f"/admin/articles/article/{article.pk}/change/"
    counts = []
    for n in (1, 6):
        for _ in range(n):
            a = annotate(article.paragraphs.get(position=1), "fund the bridge", editor)
            a.delete()
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_deleted_annotations_address_leads_to_restoring_it(
    client_for: ClientFor, admin: User, deleted: int
) -> None:
    response = client_for(admin).get(f"/admin/annotations/annotation/{deleted}/change/")
    assert response.status_code == 302
    assert response["Location"] == restore_url(deleted)


def test_no_history_library_jargon_where_admins_read(
    client_for: ClientFor, admin: User, article: Article, deleted: int
) -> None:
    client = client_for(admin)
    event = AnnotationEvent.objects.get(pgh_obj_id=deleted, pgh_label="delete")
    for url in (
        "/admin/",
        EVENTS,
        f"{EVENTS}?pgh_label=delete",
        f"{EVENTS}{event.pk}/change/",
        restore_url(deleted),
        f"/admin/articles/article/{article.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = text_of(response).lower()
        assert "pgh" not in text, url
        assert "pghistory" not in text, url
    # The library's own "Events" admin is not installed.
    assert client.get("/admin/pghistory/events/").status_code == 404
    # An event's page is named for what happened, not by the generated model.
    page = text_of(client.get(f"{EVENTS}{event.pk}/change/"))
    assert f"Annotation {deleted} deleted" in page and "object (" not in page
    # The user and group forms offer no permission on the library's own tables.
    for url in ("/admin/auth/group/add/", f"/admin/auth/user/{admin.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "pghistory" not in text_of(response).lower(), url
    # Django's History button leads to our history, on the annotation's page.
    response = client.get(f"/admin/annotations/annotation/{deleted}/history/")
    assert response.status_code == 302 and response["Location"].endswith(
        f"/admin/annotations/annotation/{deleted}/change/#history"
    )
