"""Blind mode set by the desk from the reading page (not only the admin), recorded with
who and when; and the desk assigning from the list page without admin access."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import Article
from desk import workflow
from desk.history import BlindModeEvent
from desk.models import Assignment, Workflow
from tests.conftest import ArticleFactory
from tests.test_desk_views import HTMX, NAVIGATE, ROLES, csrf_client, people  # noqa: F401

# Blind mode turned on: the desk and superusers only.
TURN_ON = {
    "anonymous": 302,
    "reader": 403,
    "editor": 403,
    "other_editor": 403,
    "reviewer": 403,
    "desk_chief": 200,
    "admin": 200,
}


@pytest.fixture
def assigned(article: Article, editor: User, desk_chief: User) -> Article:
    workflow.assign(desk_chief, [article.pk], [editor])
    return article


@pytest.mark.parametrize("role", ROLES)
def test_blind_mode_permission_matrix(
    role: str,
    people: dict[str, User | None],  # noqa: F811 - the fixture imported above
    client_for: Any,
    assigned: Article,
) -> None:
    client = client_for(people[role])
    url = reverse("article_blind", args=[assigned.slug])
    headers = HTMX if people[role] else {}
    response = client.post(url, {"blind": "on"}, **headers)
    assert response.status_code == TURN_ON[role]
    turned = Workflow.objects.get(article=assigned).blind
    assert turned == (TURN_ON[role] == 200)
    assert BlindModeEvent.objects.filter(pgh_obj_id=assigned.pk).count() == int(turned)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
        return
    assert client.get(url).status_code == 405
    missing = client.post(reverse("article_blind", args=["nope"]), {"blind": "on"})
    # Who may not is told so before anything is said about which articles exist.
    assert missing.status_code == (404 if TURN_ON[role] == 200 else 403)


def test_the_desk_turns_blind_mode_on_and_off_from_the_reading_page(
    client_for: Any, desk_chief: User, editor: User, assigned: Article
) -> None:
    client = client_for(desk_chief)
    page = client.get(assigned.get_absolute_url()).content.decode()
    assert 'id="blind-form"' in page and 'hx-disabled-elt="find button"' in page
    assert 'name="blind" value="on"' in page
    assert (
        'id="blind-form"'
        not in client_for(editor).get(assigned.get_absolute_url()).content.decode()
    )
    url = reverse("article_blind", args=[assigned.slug])
    on = client.post(url, {"blind": "on"}, **HTMX)
    html = on.content.decode()
    assert 'id="desk-status"' in html and "Blind mode" in html
    assert 'name="blind" value="off"' in html
    # Already on: 400 naming the field, shown beside the buttons; nothing written.
    again = client.post(url, {"blind": "on"}, **HTMX)
    assert again.status_code == 400 and "blind: blind mode is already on" in again.content.decode()
    assert again["HX-Retarget"] == "#status-message"
    bad = client.post(url, {"blind": "maybe"}, **HTMX)
    assert bad.status_code == 400 and "blind: on or off" in bad.content.decode()
    # Posted without scripts: back to the reading page, which says what changed.
    back = "http://testserver" + assigned.get_absolute_url()
    off = client.post(url, {"blind": "off"}, headers={**NAVIGATE, "Referer": back})
    assert (off.status_code, off["Location"]) == (303, back)
    said = '<p class="message message--success">Blind mode off.</p>'
    assert said in client.get(back).content.decode()
    assert not Workflow.objects.get(article=assigned).blind
    history = client.get(reverse("status_history", args=[assigned.slug])).content.decode()
    assert "Blind mode turned on by chief" in history
    assert "Blind mode turned off by chief" in history
    assert history.index("turned off") < history.index("turned on")  # newest first


def test_turning_blind_mode_needs_the_csrf_token(desk_chief: User, assigned: Article) -> None:
    url = reverse("article_blind", args=[assigned.slug])
    assert csrf_client(desk_chief).post(url, {"blind": "on"}).status_code == 403
    assert not Workflow.objects.get(article=assigned).blind


def test_the_owner_refuses_blind_mode_to_reviewers(reviewer: User, assigned: Article) -> None:
    with pytest.raises(workflow.Refused) as refused:
        workflow.set_blind(reviewer, [assigned.pk], True)
    assert refused.value.forbidden
    assert not Workflow.objects.get(article=assigned).blind


def test_the_desk_assigns_from_the_list_page_without_admin_access(
    client_for: Any, desk_chief: User, editor: User, article: Article
) -> None:
    # Desk members are not staff: the admin is closed to them, the list page is not.
    assert not desk_chief.is_staff
    client = client_for(desk_chief)
    admin = client.get(reverse("admin:articles_article_changelist"))
    assert admin.status_code == 302 and reverse("admin:login") in admin["Location"]
    page = client.get(reverse("article_list")).content.decode()
    assert 'id="bulk-assign"' in page and f'name="article" value="{article.pk}"' in page
    response = client.post(
        reverse("bulk_assign"), {"article": [article.pk], "editor": "editor"}, **HTMX
    )
    assert response.status_code == 200
    assert Assignment.objects.filter(article=article, editor=editor).exists()
    response = client.post(
        reverse("bulk_assign"),
        {"article": [article.pk], "editor": "editor", "action": "unassign"},
        **HTMX,
    )
    assert response.status_code == 200
    assert not Assignment.objects.filter(article=article, editor=editor).exists()


@pytest.mark.parametrize("role", ROLES)
def test_blind_mode_from_the_list_permission_matrix(
    role: str,
    people: dict[str, User | None],  # noqa: F811 - the fixture imported above
    client_for: Any,
    article: Article,
) -> None:
    client = client_for(people[role])
    headers = HTMX if people[role] else {}
    response = client.post(
        reverse("bulk_blind"), {"article": [article.pk], "blind": "on"}, **headers
    )
    assert response.status_code == TURN_ON[role]
    assert Workflow.objects.get(article=article).blind == (TURN_ON[role] == 200)
    if role == "anonymous":
        return
    assert client.get(reverse("bulk_blind")).status_code == 405
    missing = client.post(reverse("bulk_blind"), {"article": [article.pk, 10**9], "blind": "on"})
    assert missing.status_code == (400 if TURN_ON[role] == 200 else 403)


def test_the_desk_sets_blind_mode_on_ticked_articles_from_the_list(
    client_for: Any, desk_chief: User, editor: User, make_article: ArticleFactory
) -> None:
    first, second, third = (make_article(title=f"Ferry story {i}") for i in range(3))
    Workflow.objects.filter(article=second).update(blind=True)
    client = client_for(desk_chief)
    page = client.get(reverse("article_list")).content.decode()
    assert 'name="blind" value="on"' in page and f'id="blind-{first.pk}"' in page
    assert (
        'name="blind" value="on"'
        not in client_for(editor).get(reverse("article_list")).content.decode()
    )
    url = reverse("bulk_blind")
    response = client.post(url, {"article": [first.pk, second.pk], "blind": "on"}, **HTMX)
    html = response.content.decode()
    # Only the row that changed is redrawn; the other was blind already.
    assert html.startswith("Blind mode on for 1 article.")
    assert f'id="blind-{first.pk}" hx-swap-oob="outerHTML"' in html
    assert f'id="blind-{second.pk}"' not in html
    assert set(Workflow.objects.filter(blind=True).values_list("article_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    again = client.post(url, {"article": [first.pk], "blind": "on"}, **HTMX)
    assert again.content.decode().startswith("Nothing changed.")
    assert client.post(url, {"article": ["x"], "blind": "on"}, **HTMX).status_code == 400
    assert client.post(url, {"article": [third.pk], "blind": "?"}, **HTMX).status_code == 400
    assert client.post(url, {"blind": "on"}, **HTMX).status_code == 400
    back = "http://testserver" + reverse("article_list") + "?status=new"
    off = client.post(
        url,
        {"article": [first.pk, third.pk], "blind": "off"},
        headers={**NAVIGATE, "Referer": back},
    )
    assert (off.status_code, off["Location"]) == (303, back)
    said = '<p class="message message--success">Blind mode off for 1 article.</p>'
    assert said in client.get(back).content.decode()
    # Without Fetch Metadata (a script): the fragment.
    plain = client.post(url, {"article": [first.pk], "blind": "on"})
    assert plain.content.decode().startswith("Blind mode on for 1 article.")
    client.post(url, {"article": [first.pk], "blind": "off"})
    assert not Workflow.objects.get(article=first).blind
    history = client.get(reverse("status_history", args=[first.slug])).content.decode()
    assert "Blind mode turned off by chief" in history and "turned on by chief" in history
    assert BlindModeEvent.objects.filter(pgh_obj_id=third.pk).count() == 0
    assert (
        csrf_client(desk_chief).post(url, {"article": [third.pk], "blind": "on"}).status_code == 403
    )
