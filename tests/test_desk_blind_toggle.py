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
from tests.test_desk_views import HTMX, ROLES, csrf_client, people  # noqa: F401

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
    off = client.post(url, {"blind": "off"})
    assert off.status_code == 302 and off["Location"] == assigned.get_absolute_url()
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
        workflow.set_blind(reviewer, assigned.pk, True)
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
