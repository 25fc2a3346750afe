"""Logged-in pages say `Cache-Control: private, no-store`: no shared cache or disk keeps them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from articles.models import Article

pytestmark = pytest.mark.django_db


def _directives(header: str) -> set[str]:
    return {part.strip() for part in header.split(",")}


def test_logged_in_pages_are_private_and_not_stored(
    client_for: Callable[[User | None], Client], editor: User, admin: User, article: Article
) -> None:
    client = client_for(editor)
    para = article.paragraphs.get(position=1)
    answers = {
        "list": client.get("/"),
        "reading page": client.get(f"/articles/{article.slug}/"),
        "panel fragment": client.get(
            f"/articles/{article.slug}/annotations/", headers={"HX-Request": "true"}
        ),
        "a write": client.post(
            "/annotations/",
            {
                "article": article.pk,
                "paragraph": para.pk,
                "start": 4,
                "end": 11,
                "text": para.text[4:11],
                "tag": "claim",
            },
            headers={"HX-Request": "true"},
        ),
        "a refusal": client.get("/articles/no-such-article/"),
        "export form": client.get("/annotations/export/"),
        "admin": client_for(admin).get("/admin/"),
    }
    for name, response in answers.items():
        assert response.status_code in (200, 201, 404), name
        assert {"private", "no-store"} <= _directives(response["Cache-Control"]), name
        assert "public" not in response["Cache-Control"], name


def test_the_export_keeps_its_own_directive(
    client_for: Callable[[User | None], Client], reader: User, article: Article
) -> None:
    response = client_for(reader).get("/annotations.csv")
    assert response.status_code == 200
    assert _directives(response["Cache-Control"]) == {"no-store", "private"}
