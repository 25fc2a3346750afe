"""The article change page shows its paragraphs a page at a time (articles/admin_paragraphs.py):
an article at the paragraph limit renders and saves like a short one, a page saves only its
own paragraphs, and the limits are form errors, never a 400 or a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from annotations import history
from annotations.history import AnnotationEvent
from articles.admin_paragraphs import MAX_FORMS, PAGE_PARAM, PAGE_SIZE
from articles.limits import MAX_PARAGRAPH_CHARS, MAX_PARAGRAPHS
from articles.models import Article, Paragraph
from tests.conftest import ArticleFactory, annotate, assert_exact

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]
SPLIT = "The council voted on Tuesday. The mayor said it would pay for itself."


def long_article(count: int, *, split_at: int | None = None) -> Article:
    """An article of ``count`` short paragraphs ("Paragraph 7."); the one at ``split_at``
    holds two sentences, ready to be split."""
    article = Article.objects.create(
        title=f"Long article {count}", slug=f"long-article-{count}", published="2026-03-14"
    )
    Paragraph.objects.bulk_create(
        Paragraph(article=article, position=i, text=SPLIT if i == split_at else f"Paragraph {i}.")
        for i in range(1, count + 1)
    )
    return article


def change_url(article: Article, page: int | None = None) -> str:
    url = f"/admin/articles/article/{article.pk}/change/"
    return url if page is None else f"{url}?{PAGE_PARAM}={page}"


def page_post(response: Any) -> dict[str, Any]:
    """What the browser posts for the change page as rendered, before any edit."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data: dict[str, Any] = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = "on" if value is True else value
    return data


def rows(data: dict[str, Any]) -> dict[int, str]:
    """Row index of each posted paragraph, by its text."""
    return {
        int(key.split("-")[1]): value
        for key, value in data.items()
        if key.startswith("paragraphs-") and key.endswith("-text")
    }


def row_of(data: dict[str, Any], text: str) -> str:
    index = next(i for i, value in rows(data).items() if value == text)
    return f"paragraphs-{index}-"


def add_row(data: dict[str, Any], position: int, text: str) -> None:
    index = int(data["paragraphs-TOTAL_FORMS"])
    data[f"paragraphs-{index}-position"] = position
    data[f"paragraphs-{index}-kind"] = "body"
    data[f"paragraphs-{index}-text"] = text
    data["paragraphs-TOTAL_FORMS"] = index + 1


def errors(response: Any) -> str:
    assert response.status_code == 200, response.get("Location")
    formset = response.context["inline_admin_formsets"][0].formset
    return str([formset.non_form_errors(), formset.errors, response.context["adminform"].errors])


def texts(article: Article) -> list[str]:
    return list(article.paragraphs.order_by("position").values_list("text", flat=True))


def test_it_shows_fifty_paragraphs_a_page_with_links_and_the_limits(
    client_for: ClientFor, admin: User
) -> None:
    article = long_article(120)
    client = client_for(admin)
    html = client.get(change_url(article)).content.decode()
    assert 'name="paragraphs-TOTAL_FORMS" value="50"' in html
    assert "Paragraphs 1–50 of 120, 50 per page." in html
    assert "Paragraph 50." in html and "Paragraph 51." not in html
    assert f'href="?{PAGE_PARAM}=3"' in html
    assert html.count('<span class="this-page" aria-current="page">1</span>') == 2
    assert f"An article has at most {MAX_PARAGRAPHS:,} paragraphs" in html
    assert f"{MAX_PARAGRAPH_CHARS:,} characters" in html
    html = client.get(change_url(article, 3)).content.decode()
    assert 'name="paragraphs-TOTAL_FORMS" value="20"' in html
    assert "Paragraphs 101–120 of 120" in html
    assert "Paragraph 101." in html and "Paragraph 100." not in html
    # A bad page number shows the first page, one past the end the last, as list pages do.
    assert (
        "Paragraphs 1–50 of 120"
        in client.get(f"{change_url(article)}?{PAGE_PARAM}=x").content.decode()
    )
    assert "Paragraphs 101–120" in client.get(change_url(article, 99)).content.decode()


def test_it_renders_an_article_at_the_limit_like_a_short_one(
    client_for: ClientFor, admin: User, make_article: ArticleFactory
) -> None:
    short = make_article(["One.", "Two.", "Three."])
    full = long_article(MAX_PARAGRAPHS)
    client = client_for(admin)
    client.get(change_url(short))  # the session and the content types, cached once
    measured = {}
    for article, page in ((short, None), (full, None), (full, MAX_PARAGRAPHS // PAGE_SIZE)):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(change_url(article, page))
        assert response.status_code == 200
        measured[article.pk, page] = (len(captured), len(response.content))
    (short_queries, short_size), *full_pages = measured.values()
    for queries, size in full_pages:
        assert queries == short_queries
        # 50 short rows (under 2 KB of markup each) and the page links: a fixed size,
        # whatever the article's length.
        assert size < short_size + PAGE_SIZE * 2_000
    assert short_queries == 7  # with the list of deleted annotations to restore


def test_it_saves_a_page_of_an_article_at_the_limit(client_for: ClientFor, admin: User) -> None:
    article = long_article(MAX_PARAGRAPHS)
    last_page = MAX_PARAGRAPHS // PAGE_SIZE
    client = client_for(admin)
    data = page_post(client.get(change_url(article, last_page)))
    # Six fields a row and the article's own: far from DATA_UPLOAD_MAX_NUMBER_FIELDS.
    assert len(data) + 2 < 400
    data[row_of(data, f"Paragraph {MAX_PARAGRAPHS}.") + "text"] = "The last one, edited."
    response = client.post(change_url(article, last_page), {**data, "_continue": "1"})
    assert response.status_code == 302, errors(response)
    assert response["Location"].endswith(f"{PAGE_PARAM}={last_page}")
    assert response["Location"].count(PAGE_PARAM) == 1
    assert article.paragraphs.count() == MAX_PARAGRAPHS
    assert article.paragraphs.get(position=MAX_PARAGRAPHS).text == "The last one, edited."
    assert article.paragraphs.get(position=1).text == "Paragraph 1."


def split_on_page_two(client: Client, article: Article, *, make_room: bool) -> Any:
    """Split the paragraph at 60 (page 2) in two, renumbering the rest of page 2 after it."""
    data = page_post(client.get(change_url(article, 2)))
    data[row_of(data, SPLIT) + "text"] = "The council voted on Tuesday."
    for position in range(61, 101):
        data[row_of(data, f"Paragraph {position}.") + "position"] = position + 1
    add_row(data, 61, "The mayor said it would pay for itself.")
    if make_room:
        data["paragraphs-make_room"] = "on"
    return client.post(change_url(article, 2), data)


def test_it_edits_only_the_paragraphs_of_page_two_and_re_anchors_them(
    client_for: ClientFor, admin: User, editor: User
) -> None:
    article = long_article(120, split_at=60)
    first = article.paragraphs.get(position=1)
    on_page_one = annotate(first, "Paragraph 1", editor)
    moves = annotate(article.paragraphs.get(position=60), "pay for itself", editor)
    response = split_on_page_two(client_for(admin), article, make_room=True)
    assert response.status_code == 302, errors(response)
    expected = [f"Paragraph {i}." for i in range(1, 121)]
    expected[59:60] = ["The council voted on Tuesday.", "The mayor said it would pay for itself."]
    assert texts(article) == expected
    assert list(article.paragraphs.values_list("position", flat=True)) == list(range(1, 122))
    new = article.paragraphs.get(position=61)
    moves.refresh_from_db()
    assert (moves.paragraph_id, moves.start, moves.anchor) == (new.pk, 24, "placed")
    on_page_one.refresh_from_db()
    assert (on_page_one.paragraph_id, on_page_one.version) == (first.pk, 1)
    assert_exact()
    # One re-anchoring, by the admin's article edit.
    assert AnnotationEvent.objects.filter(pgh_obj_id=moves.pk).count() == 2
    entry = history.timeline(moves.pk)[-1]
    assert (entry.label, entry.who) == ("re-anchored", "article edit by boss")


def test_it_refuses_a_position_held_by_a_paragraph_on_another_page(
    client_for: ClientFor, admin: User
) -> None:
    article = long_article(120, split_at=60)
    before = texts(article)
    client = client_for(admin)
    # Without making room, the last row of page 2 lands on the first paragraph of page 3.
    response = split_on_page_two(client, article, make_room=False)
    assert "Position 101 is taken by a paragraph on another page" in errors(response)
    data = page_post(client.get(change_url(article, 2)))
    data[row_of(data, "Paragraph 70.") + "position"] = 3
    response = client.post(change_url(article, 2), data)
    assert "Position 3 is taken by a paragraph on another page" in errors(response)
    assert response.context["inline_admin_formsets"][0].formset.page.number == 2
    assert texts(article) == before


def test_it_refuses_more_paragraphs_than_the_limit(client_for: ClientFor, admin: User) -> None:
    article = long_article(MAX_PARAGRAPHS)
    last_page = MAX_PARAGRAPHS // PAGE_SIZE
    client = client_for(admin)
    data = page_post(client.get(change_url(article, last_page)))
    add_row(data, MAX_PARAGRAPHS + 1, "One too many.")
    response = client.post(change_url(article, last_page), data)
    message = errors(response)
    assert (
        f"An article has at most {MAX_PARAGRAPHS:,} paragraphs; saving this page would make 5,001"
        in message
    )
    assert f"positions go from 1 to {MAX_PARAGRAPHS:,}" in message
    # Making room on a full article would push positions past the limit.
    data = page_post(client.get(change_url(article, 2)))
    data[row_of(data, "Paragraph 100.") + "position"] = 101
    data[row_of(data, "Paragraph 99.") + "position"] = 100
    response = client.post(change_url(article, 2), {**data, "paragraphs-make_room": "on"})
    assert "Making room would move the last paragraph to position 5,001" in errors(response)
    assert article.paragraphs.count() == MAX_PARAGRAPHS
    assert not article.paragraphs.filter(text="One too many.").exists()


def test_it_refuses_a_paragraph_over_the_length_limit_in_the_inline(
    client_for: ClientFor, admin: User, make_article: ArticleFactory
) -> None:
    article = make_article(["Short."])
    client = client_for(admin)
    data = page_post(client.get(change_url(article)))
    data[row_of(data, "Short.") + "text"] = "é" * (MAX_PARAGRAPH_CHARS + 1)
    response = client.post(change_url(article), data)
    assert f"at most {MAX_PARAGRAPH_CHARS} characters (it has {MAX_PARAGRAPH_CHARS + 1})" in errors(
        response
    )
    data[row_of(data, "é" * (MAX_PARAGRAPH_CHARS + 1)) + "text"] = "é" * MAX_PARAGRAPH_CHARS
    assert client.post(change_url(article), data).status_code == 302
    assert texts(article) == ["é" * MAX_PARAGRAPH_CHARS]


def test_it_refuses_a_post_with_more_rows_than_a_page_may_have(
    client_for: ClientFor, admin: User, make_article: ArticleFactory
) -> None:
    article = make_article(["Short."])
    client = client_for(admin)
    data = page_post(client.get(change_url(article)))
    for i in range(MAX_FORMS):
        add_row(data, 10 + i, f"Added {i}.")
    response = client.post(change_url(article), data)
    assert f"Please submit at most {MAX_FORMS} forms." in errors(response)
    assert texts(article) == ["Short."]


def paragraph_form(article: Article, position: int, text: str) -> dict[str, Any]:
    return {
        "article": article.pk,
        "position": position,
        "kind": "body",
        "text": text,
        "annotations-TOTAL_FORMS": 0,
        "annotations-INITIAL_FORMS": 0,
        "annotations-MIN_NUM_FORMS": 0,
        "annotations-MAX_NUM_FORMS": 0,
    }


def test_the_paragraph_page_enforces_the_same_limits(
    client_for: ClientFor, admin: User, make_article: ArticleFactory
) -> None:
    article = make_article(["One.", "Two."])
    first = article.paragraphs.get(position=1)
    client = client_for(admin)
    change = f"/admin/articles/paragraph/{first.pk}/change/"

    def field_errors(response: Any) -> dict[str, list[str]]:
        assert response.status_code == 200
        return dict(response.context["adminform"].form.errors)

    response = client.post(change, paragraph_form(article, 2, "One."))
    assert field_errors(response) == {
        "position": ["Position 2 is taken by another paragraph of this article."]
    }
    response = client.post(change, paragraph_form(article, MAX_PARAGRAPHS + 1, "One."))
    assert "positions go from 1 to 5,000" in field_errors(response)["position"][0]
    response = client.post(change, paragraph_form(article, 1, "x" * (MAX_PARAGRAPH_CHARS + 1)))
    assert list(field_errors(response)) == ["text"]
    assert client.post(change, paragraph_form(article, 3, "One, moved.")).status_code == 302
    first.refresh_from_db()
    assert (first.position, first.text) == (3, "One, moved.")

    full = long_article(MAX_PARAGRAPHS)
    response = client.post("/admin/articles/paragraph/add/", paragraph_form(full, 1, "More."))
    assert field_errors(response)["article"] == [
        "This article already has 5,000 paragraphs, the most it can have."
    ]
    assert full.paragraphs.count() == MAX_PARAGRAPHS
