"""The desk's pages: permission matrix, status changes, bulk assignment, the list's
filters and "Assigned to me", with their query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from articles.models import Article
from desk import workflow
from desk.models import Assignment, Status, StatusChange, Workflow
from tests.conftest import ArticleFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
NAVIGATE = {"Sec-Fetch-Mode": "navigate"}
ROLES = ["anonymous", "reader", "editor", "other_editor", "reviewer", "desk_chief", "admin"]


@pytest.fixture
def people(
    reader: User, editor: User, other_editor: User, reviewer: User, desk_chief: User, admin: User
) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "reader": reader,
        "editor": editor,
        "other_editor": other_editor,
        "reviewer": reviewer,
        "desk_chief": desk_chief,
        "admin": admin,
    }


@pytest.fixture
def assigned(article: Article, editor: User, desk_chief: User) -> Article:
    workflow.assign(desk_chief, [article.pk], [editor])
    return article


def csrf_client(user: User | None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


# Status moved from new to in progress: the assigned editor may, the other editor not.
MOVE = {
    "anonymous": 302,
    "reader": 403,
    "editor": 200,
    "other_editor": 403,
    "reviewer": 200,
    "desk_chief": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_status_change_permission_matrix(
    role: str, people: dict[str, User | None], client_for: Any, assigned: Article
) -> None:
    client = client_for(people[role])
    url = reverse("article_status", args=[assigned.slug])
    # An htmx request without a session is told 401 (the page then reloads to log in).
    headers = HTMX if people[role] else {}
    response = client.post(url, {"status": "in_progress"}, **headers)
    assert response.status_code == MOVE[role]
    moved = Workflow.objects.get(article=assigned).status == "in_progress"
    assert moved == (MOVE[role] == 200)
    assert StatusChange.objects.count() == (1 if moved else 0)
    if role != "anonymous":
        assert client.get(url).status_code == 405
        assert (
            client.post(reverse("article_status", args=["nope"]), {"status": "done"}).status_code
            == 404
        )
    else:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_bulk_assign_permission_matrix(
    role: str, people: dict[str, User | None], client_for: Any, article: Article, editor: User
) -> None:
    client = client_for(people[role])
    headers = HTMX if people[role] else {}
    response = client.post(
        reverse("bulk_assign"), {"article": [article.pk], "editor": "editor"}, **headers
    )
    allowed = role in ("desk_chief", "admin")
    assert response.status_code == (302 if role == "anonymous" else 200 if allowed else 403)
    assert Assignment.objects.filter(article=article, editor=editor).exists() == allowed
    if role != "anonymous":
        assert client.get(reverse("bulk_assign")).status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_pages_permission_matrix(
    role: str, people: dict[str, User | None], client_for: Any, assigned: Article
) -> None:
    client = client_for(people[role])
    urls = [
        reverse("assigned_to_me"),
        reverse("status_history", args=[assigned.slug]),
        reverse("start"),
    ]
    for url in urls:
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
        else:
            assert response.status_code == (302 if url == reverse("start") else 200)
            assert client.post(url).status_code == 405
    if role != "anonymous":
        missing = client.get(reverse("status_history", args=["nope"]))
        assert missing.status_code == 404


def test_posts_need_the_csrf_token(editor: User, desk_chief: User, assigned: Article) -> None:
    refused = csrf_client(editor).post(
        reverse("article_status", args=[assigned.slug]), {"status": "in_progress"}
    )
    assert refused.status_code == 403
    also = csrf_client(desk_chief).post(
        reverse("bulk_assign"), {"article": [assigned.pk], "editor": "editor"}
    )
    assert also.status_code == 403
    assert Workflow.objects.get(article=assigned).status == "new"


def test_a_login_lands_editors_on_their_articles_and_the_others_on_the_list(
    client_for: Any, editor: User, reviewer: User, desk_chief: User, reader: User
) -> None:
    assert client_for(editor).get(reverse("start"))["Location"] == reverse("assigned_to_me")
    for user in (reviewer, desk_chief, reader):
        assert client_for(user).get(reverse("start"))["Location"] == reverse("article_list")
    login = Client().post(
        reverse("login"), {"username": "editor", "password": "correct-horse-battery"}
    )
    assert login["Location"] == reverse("start")


def test_a_status_change_answers_with_the_status_box_and_is_in_the_history(
    client_for: Any, editor: User, assigned: Article
) -> None:
    client = client_for(editor)
    response = client.post(
        reverse("article_status", args=[assigned.slug]), {"status": "in_progress"}, **HTMX
    )
    html = response.content.decode()
    assert 'id="desk-status"' in html and "In progress" in html
    assert "Hand in my work" in html and "Move to new" not in html
    history = client.get(reverse("status_history", args=[assigned.slug])).content.decode()
    assert 'New</span> → <span class="status status--in_progress">In progress' in history
    assert "by editor" in history
    bad = client.post(reverse("article_status", args=[assigned.slug]), {"status": "x"}, **HTMX)
    assert bad.status_code == 400 and "status" in bad.content.decode()
    assert bad["HX-Retarget"] == "#status-message"
    # A script without htmx or Fetch Metadata gets the status box too, with its sentence.
    plain = client.post(
        reverse("article_status", args=[assigned.slug]), {"status": "ready_for_review"}
    )
    assert plain.status_code == 200 and 'id="desk-status"' in plain.content.decode()
    assert plain.notice == "Your work is handed in, the last: the article is ready for review."


def test_a_status_change_posted_without_scripts_goes_back_with_its_sentence(
    client_for: Any, editor: User, assigned: Article
) -> None:
    """The form posted with scripts off: back to the page it came from (its address
    kept, ``?tag=claim`` here), which says what changed."""
    client = client_for(editor)
    back = f"http://testserver{assigned.get_absolute_url()}?tag=claim"
    response = client.post(
        reverse("article_status", args=[assigned.slug]),
        {"status": "in_progress"},
        headers={**NAVIGATE, "Referer": back},
    )
    assert (response.status_code, response["Location"]) == (303, back)
    assert Workflow.objects.get(article=assigned).status == "in_progress"
    page = client.get(back).content.decode()
    assert '<div class="messages" role="status">' in page
    assert '<p class="message message--success">Moved to in progress.</p>' in page
    # Said once: the next page has no message left.
    assert "Moved to in progress." not in client.get(back).content.decode()


def test_the_reading_page_shows_status_assignees_and_the_allowed_moves(
    client_for: Any, editor: User, other_editor: User, assigned: Article
) -> None:
    mine = client_for(editor).get(assigned.get_absolute_url()).content.decode()
    assert 'id="article-status">New<' in mine and '<span class="assignee">editor</span>' in mine
    assert 'value="in_progress"' in mine
    theirs = client_for(other_editor).get(assigned.get_absolute_url()).content.decode()
    assert 'value="in_progress"' not in theirs


def test_bulk_assign_answers_with_the_changed_rows_only(
    client_for: Any, desk_chief: User, editor: User, make_article: ArticleFactory
) -> None:
    a, b, c = make_article(), make_article(), make_article()
    client = client_for(desk_chief)
    workflow.assign(desk_chief, [a.pk], [editor])
    response = client.post(
        reverse("bulk_assign"), {"article": [a.pk, b.pk], "editor": "editor"}, **HTMX
    )
    html = response.content.decode()
    assert html.startswith("editor assigned to 1 article.")
    assert f'id="assignees-{b.pk}" hx-swap-oob="true"' in html
    assert f'id="assignees-{a.pk}"' not in html and f'id="assignees-{c.pk}"' not in html
    gone = client.post(
        reverse("bulk_assign"),
        {"article": [a.pk, b.pk, c.pk], "editor": "editor", "action": "unassign"},
        **HTMX,
    ).content.decode()
    assert gone.startswith("editor unassigned from 2 articles.") and "Not assigned" in gone
    for data, field in (
        ({"article": ["x"], "editor": "editor"}, "article"),
        ({"article": [10**9], "editor": "editor"}, "article"),
        ({"article": [a.pk], "editor": "nobody"}, "editor"),
        ({"article": [a.pk], "editor": "editor", "action": "fire"}, "action"),
        ({"editor": "editor"}, "article"),
    ):
        bad = client.post(reverse("bulk_assign"), data, **HTMX)
        assert bad.status_code == 400 and field in bad.content.decode()
    assert not Assignment.objects.exists()


def test_bulk_assign_posted_without_scripts_goes_back_to_the_filtered_list(
    client_for: Any, desk_chief: User, editor: User, make_article: ArticleFactory
) -> None:
    a, b = make_article(), make_article()
    client = client_for(desk_chief)
    back = "http://testserver" + reverse("article_list") + "?status=new&source=Gazette"
    response = client.post(
        reverse("bulk_assign"),
        {"article": [a.pk, b.pk], "editor": "editor"},
        headers={**NAVIGATE, "Referer": back},
    )
    assert (response.status_code, response["Location"]) == (303, back)
    assert Assignment.objects.filter(editor=editor).count() == 2
    page = client.get(back).content.decode()
    assert '<p class="message message--success">editor assigned to 2 articles.</p>' in page
    # A script without htmx or Fetch Metadata gets the fragment, not a redirect.
    plain = client.post(
        reverse("bulk_assign"), {"article": [a.pk], "editor": "editor", "action": "unassign"}
    )
    assert plain.status_code == 200
    assert plain.content.decode().startswith("editor unassigned from 1 article.")
    # A refusal is the error page, and says nothing on the list.
    refused = client.post(
        reverse("bulk_assign"),
        {"article": [a.pk], "editor": "nobody"},
        headers={**NAVIGATE, "Referer": back},
    )
    assert refused.status_code == 400 and "editor: choose an editor." in refused.content.decode()
    assert 'class="messages"' not in client.get(back).content.decode()


def test_the_list_filters_by_status_assignee_source_and_dates_in_the_url(
    client_for: Any,
    desk_chief: User,
    editor: User,
    make_article: ArticleFactory,
    django_assert_num_queries: Any,
) -> None:
    old = make_article(title="Old ferry", published="2026-01-05", source="Harbour Gazette")
    new = make_article(title="New ferry", published="2026-03-20", source="Valley Times")
    done = make_article(title="Done ferry", published="2026-03-21", source="Valley Times")
    workflow.assign(desk_chief, [old.pk, new.pk], [editor])
    workflow.move(desk_chief, done.pk, Status.DONE)
    client = client_for(desk_chief)
    url = reverse("article_list")

    def titles(**params: str) -> list[str]:
        return [a.title for a in client.get(url, params).context["page"].object_list]

    assert titles(status="done") == ["Done ferry"]
    assert titles(status="new") == ["New ferry", "Old ferry"]
    assert titles(assignee="editor") == ["New ferry", "Old ferry"]
    assert titles(source="valley") == ["Done ferry", "New ferry"]
    assert titles(since="2026-03-01", until="2026-03-20") == ["New ferry"]
    assert titles(q="ferry", status="new", source="valley") == ["New ferry"]
    page = client.get(url, {"status": "new", "source": "Gazette"}).content.decode()
    assert 'value="new" selected' in page and "Old ferry" in page
    bad = client.get(url, {"since": "yesterday"})
    assert bad.status_code == 400 and "since:" in bad.content.decode()
    backwards = client.get(url, {"since": "2026-03-02", "until": "2026-03-01"})
    assert backwards.status_code == 400 and "until:" in backwards.content.decode()
    client.get(url)
    # session, user, count, ids, rows, assignees, permissions, the editors to assign
    with django_assert_num_queries(8):
        client.get(
            url, {"status": "new", "assignee": "editor", "source": "a", "since": "2026-01-01"}
        )


def test_assigned_to_me_lists_only_the_viewers_articles(
    client_for: Any,
    desk_chief: User,
    editor: User,
    other_editor: User,
    make_article: ArticleFactory,
    django_assert_num_queries: Any,
) -> None:
    mine = [make_article(title=f"Mine {i}") for i in range(3)]
    make_article(title="Theirs")
    workflow.assign(desk_chief, [a.pk for a in mine], [editor])
    client = client_for(editor)
    client.get(reverse("assigned_to_me"))
    # session, user, count, ids, rows, assignees, permissions
    with django_assert_num_queries(7):
        response = client.get(reverse("assigned_to_me"))
    assert sorted(a.title for a in response.context["page"].object_list) == [
        "Mine 0",
        "Mine 1",
        "Mine 2",
    ]
    assert "Assigned to me" in response.content.decode()
    assert (
        client_for(other_editor).get(reverse("assigned_to_me")).context["page"].paginator.count == 0
    )
    me = client.get(reverse("article_list"), {"assignee": "me"}).context["page"]
    assert me.paginator.count == 3
