"""The export form (on the article list and on its own page): articles picked by title
(htmx search, or a plain GET "Find" without JavaScript), a date range, tag checkboxes; a
refused filter answers 400 with the page and the error beside its field."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import Client

from annotations.models import Annotation
from articles.models import Article
from tests.conftest import ArticleFactory

PAGE = "/annotations/export/"
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
HTMX = {"HX-Request": "true", "HX-Target": "export-articles"}


def test_it_renders_a_get_form_to_the_export(db: None) -> None:
    html = render_to_string("annotations/_export_form.html")
    assert re.search(
        r'<form id="export-form" class="export-form" method="get" action="/annotations.csv">', html
    )
    for name in ("title", "tag", "author", "since", "until", "raw"):
        assert f'name="{name}"' in html
    # No slug field: articles are picked by title.
    assert 'name="article"' not in html
    assert "slug" not in html.lower()
    # Every input has a label pointing at it.
    for input_id in re.findall(r'<input id="([^"]+)"', html):
        assert f'for="{input_id}"' in html
    assert set(re.findall(r'name="tag" type="checkbox" value="(\w+)"', html)) == set(
        Annotation.Tag.values
    )
    # Without JavaScript "Find" is a plain GET to the export page.
    assert 'formaction="/annotations/export/"' in html
    # Strict CSP: nothing inline.
    assert "<script" not in html
    assert "style=" not in html


def test_it_exports_what_an_empty_form_submits(
    client_for: Callable[[User | None], Client], reader: User
) -> None:
    # An untouched form sends every text field empty and no checkboxes.
    params = {"title": "", "author": "", "since": "", "until": ""}
    response = client_for(reader).get("/annotations.csv", params)
    assert response.status_code == 200
    assert response.streaming is True


@pytest.mark.parametrize(
    ("who", "method", "headers", "status"),
    [
        ("anonymous", "get", {}, 302),
        ("anonymous", "get", HTMX, 401),
        ("reader", "get", {}, 200),
        ("editor", "get", {}, 200),
        ("admin", "get", {}, 200),
        ("reader", "get", HTMX, 200),
        ("reader", "post", {}, 405),
        ("admin", "post", {}, 405),
        ("editor", "put", {}, 405),
        ("admin", "delete", {}, 405),
    ],
)
def test_the_export_page_permission_matrix(
    request: pytest.FixtureRequest,
    client_for: Callable[[User | None], Client],
    who: str,
    method: str,
    headers: dict[str, str],
    status: int,
) -> None:
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = getattr(client_for(user), method)(PAGE, headers=headers)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/")


def test_it_does_not_exist_at_a_near_address(
    client_for: Callable[[User | None], Client], reader: User
) -> None:
    assert client_for(reader).get("/annotations/export/nothing/").status_code == 404


def test_the_title_search_offers_matching_articles_escaped(
    client_for: Callable[[User | None], Client], reader: User, make_article: ArticleFactory
) -> None:
    bridge = make_article(title="Bridge <b>vote</b> & more", published="2026-02-01")
    make_article(title="School budget")
    response = client_for(reader).get(PAGE, {"title": "bridge"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="export-articles"')  # only the partial
    assert f'name="article_id" type="checkbox" value="{bridge.pk}">' in html
    assert "Bridge &lt;b&gt;vote&lt;/b&gt; &amp; more" in html
    assert "School budget" not in html


def test_ticked_articles_stay_ticked_across_searches(
    client_for: Callable[[User | None], Client], reader: User, make_article: ArticleFactory
) -> None:
    bridge = make_article(title="Bridge vote")
    school = make_article(title="School budget")
    response = client_for(reader).get(PAGE, {"title": "school", "article_id": str(bridge.pk)})
    html = response.content.decode()
    assert f'value="{bridge.pk}" checked>' in html
    assert f'value="{school.pk}">' in html
    assert html.index("Bridge vote") < html.index("School budget")  # ticked ones first


def test_without_javascript_find_shows_the_page_with_the_form_filled(
    client_for: Callable[[User | None], Client], reader: User, make_article: ArticleFactory
) -> None:
    bridge = make_article(title="Bridge vote")
    params: dict[str, Any] = {
        "title": "bridge",
        "since": "2026-01-01",
        "until": "2026-12-31",
        "tag": "quote",
    }
    response = client_for(reader).get(PAGE, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="page-title">Export annotations</h1>' in html
    assert f'value="{bridge.pk}">' in html
    assert 'name="since" type="date" value="2026-01-01"' in html
    assert 'value="quote" checked>' in html


@pytest.mark.parametrize("matches", [1, 12])
def test_the_export_page_makes_a_fixed_number_of_queries(
    client_for: Callable[[User | None], Client],
    reader: User,
    make_article: ArticleFactory,
    django_assert_num_queries: Any,
    matches: int,
) -> None:
    made = [make_article(title=f"Bridge {i}") for i in range(matches)]
    client = client_for(reader)
    params: dict[str, Any] = {
        "title": "bridge",
        "article_id": [a.pk for a in made[: matches // 2 + 1]],
    }
    client.get(PAGE, params)  # warm the session
    # session, user, ticked articles, title matches
    with django_assert_num_queries(4):
        assert client.get(PAGE, params).status_code == 200


def test_articles_ticked_by_id_are_exported(
    client_for: Callable[[User | None], Client],
    reader: User,
    editor: User,
    make_article: ArticleFactory,
) -> None:
    from tests.test_export_csv import annotate, export

    one, two, three = (make_article() for _ in range(3))
    for art in (one, two, three):
        annotate(art.paragraphs.get(position=1), 0, 3, editor)
    rows = export(client_for(reader), article_id=[str(one.pk), str(three.pk)])
    assert sorted(r["article_id"] for r in rows) == sorted([str(one.pk), str(three.pk)])
    # With a slug as well, they add up.
    rows = export(client_for(reader), article_id=str(one.pk), article=two.slug)
    assert sorted(r["article_id"] for r in rows) == sorted([str(one.pk), str(two.pk)])


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"since": "2026-03-01", "until": "2026-02-01"},
            "until",
            "The start date (2026-03-01) is after",
        ),
        ({"since": "01/02/2026"}, "since", "Enter a date as YYYY-MM-DD."),
        ({"author": "nobody"}, "author", "No user named &#x27;nobody&#x27;"),
        ({"tag": "rumour"}, "tag", "Unknown tag &#x27;rumour&#x27;"),
        ({"article_id": "999999"}, "article", "No article with number 999999"),
        ({"article_id": "<x>"}, "article", "Not an article number: &#x27;&lt;x&gt;&#x27;"),
    ],
)
def test_a_browser_gets_the_page_with_the_error_beside_the_field(
    client_for: Callable[[User | None], Client],
    reader: User,
    article: Article,
    params: dict[str, str],
    field: str,
    message: str,
) -> None:
    response = client_for(reader).get("/annotations.csv", params, headers=HTML)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    error = re.search(rf'<p class="field-error" id="export-{field}-error">([^<]*)</p>', html)
    assert error is not None, html
    assert message in error.group(1)
    assert "Nothing was exported" in html
    if field in ("since", "until", "author"):
        assert f'aria-describedby="export-{field}-error"' in html
    # The values come back as sent, escaped.
    for name, value in params.items():
        if name in ("since", "until", "author"):
            assert f'value="{value}"' in html


def test_scripts_still_get_plain_text(
    client_for: Callable[[User | None], Client], reader: User
) -> None:
    for headers in ({}, {"Accept": "*/*"}, {"Accept": "text/csv"}):
        response = client_for(reader).get("/annotations.csv", {"tag": "rumour"}, headers=headers)
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
