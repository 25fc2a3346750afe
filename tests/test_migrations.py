"""Project-wide guards: no missing migrations, and no page reachable without logging in."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse


@pytest.mark.django_db
def test_no_missing_migrations() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # --check exits 1 when a model change has no migration
        pytest.fail(f"models changed without a migration (exit {exc.code}):\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()


# Sample values for the URL parameters used in the project. A new parameter name makes
# the guard fail loudly below: add a sample here.
SAMPLE_KWARGS: dict[str, Any] = {
    "slug": "x",
    "pk": 1,
    "id": "1",
    "object_id": "1",
    "content_type_id": "1",
    "annotation_id": 1,
    "app_label": "articles",
}
# Pages that anonymous users may (and must) reach: the status they get.
PUBLIC = {"login": 200, "admin:login": 200}


def _named_patterns(
    patterns: list[URLPattern | URLResolver], namespace: str | None = None
) -> Iterator[tuple[str, list[str]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _named_patterns(pattern.url_patterns, ns)
        elif pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, list(pattern.pattern.regex.groupindex)


NAMED_URLS = sorted(dict(_named_patterns(get_resolver().url_patterns)).items())


def test_the_walk_found_the_project_pages() -> None:
    names = {name for name, _ in NAMED_URLS}
    assert {"article_list", "article_detail", "login", "admin:index"} <= names


@pytest.mark.parametrize(("name", "params"), NAMED_URLS, ids=[n for n, _ in NAMED_URLS])
def test_anonymous_users_are_sent_to_login(name: str, params: list[str]) -> None:
    missing = [p for p in params if p not in SAMPLE_KWARGS]
    assert not missing, f"add a sample value for {missing} to SAMPLE_KWARGS"
    url = reverse(name, kwargs={p: SAMPLE_KWARGS[p] for p in params})

    response = Client().get(url)

    if name in PUBLIC:
        assert response.status_code == PUBLIC[name]
        return
    assert response.status_code == 302, f"{url} answered {response.status_code} to anonymous"
    # The admin's own pages send people to the admin's login form, the rest to ours.
    location = urlsplit(response["Location"])
    assert location.path in {reverse("login"), reverse("admin:login")}
    assert "next=" in location.query
