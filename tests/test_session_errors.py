"""Expired sessions and CSRF failures answer htmx requests with something the page can
show (401 / 403 fragments); other requests get the usual redirect or page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from articles.models import Article

HTMX = {"HX-Request": "true"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/annotations/"), ("post", "/annotations/1/edit/"), ("get", "/annotations/1/")],
)
def test_an_htmx_request_without_a_session_gets_a_401_with_a_login_link(
    method: str, path: str
) -> None:
    response = getattr(Client(), method)(path, headers=HTMX)
    assert response.status_code == 401
    body = response.content.decode()
    assert "Your session has expired" in body
    assert 'target="_blank"' in body and "/accounts/login/?next=/" in body
    assert "session-expired" in response["HX-Trigger"]


@pytest.mark.django_db
def test_a_plain_request_without_a_session_is_sent_to_the_login_page(article: Article) -> None:
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db
def test_a_csrf_failure_answers_htmx_with_a_fragment_and_a_fresh_token(editor: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/annotations/", {}, headers=HTMX)
    assert response.status_code == 403
    assert "security token was out of date" in response.content.decode()
    assert "data-action-error" in response.content.decode()
    token = response.cookies["csrftoken"].value
    again = client.post("/annotations/", {}, headers={**HTMX, "X-CSRFToken": token})
    assert again.status_code == 400  # past the CSRF check, refused for its empty form


@pytest.mark.django_db
def test_a_plain_csrf_failure_gets_the_error_page(editor: User, settings: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/annotations/", {})
    assert response.status_code == 403
    body = response.content.decode()
    assert "<html" in body and "reload the page" in body
