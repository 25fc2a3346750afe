"""Annotation admin (moderation, read-only spans) and the CSV export admin actions."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from annotations.models import Annotation
from articles.models import Article
from tests.test_export_csv import annotate

CHANGELIST = "/admin/annotations/annotation/"


def rows_of(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.streaming is True
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body, newline="")))


@pytest.fixture
def articles(
    editor: User, other_editor: User, make_article: Callable[..., Article]
) -> list[Article]:
    made = [make_article(title=f"Story {n}", published=f"2026-0{n}-01") for n in (1, 2, 3)]
    for art in made:
        p1, p2 = art.paragraphs.order_by("position")
        annotate(p1, 4, 11, editor, note="=1+1 is a formula")
        annotate(p2, 0, 8, other_editor, tag="quote", speaker="Rosa Lind")
    return made


def test_it_lists_annotations_with_article_and_paragraph(
    client_for: Callable[[User | None], Client], admin: User, articles: list[Article]
) -> None:
    response = client_for(admin).get(CHANGELIST)
    page = response.content.decode()
    assert response.status_code == 200
    for art in articles:
        assert art.title in page
    assert "council" in page  # the short text column
    for filter_param in ("tag__exact", "verdict__exact", "author__id__exact"):
        assert filter_param in page
    assert "article__id__exact" in page


def test_it_filters_and_searches(
    client_for: Callable[[User | None], Client], admin: User, articles: list[Article]
) -> None:
    client = client_for(admin)
    by_tag = client.get(CHANGELIST, {"tag__exact": "quote"})
    assert by_tag.context["cl"].result_count == 3
    by_article = client.get(CHANGELIST, {"paragraph__article__id__exact": articles[0].pk})
    assert by_article.context["cl"].result_count == 2
    by_note = client.get(CHANGELIST, {"q": "formula"})
    assert by_note.context["cl"].result_count == 3


def test_it_edits_the_judgement_but_not_the_span(
    client_for: Callable[[User | None], Client], admin: User, articles: list[Article]
) -> None:
    a = Annotation.objects.filter(tag="claim").first()
    assert a is not None
    url = f"{CHANGELIST}{a.pk}/change/"
    client = client_for(admin)
    form = client.get(url).content.decode()
    assert 'name="start"' not in form
    assert 'name="text"' not in form
    assert 'name="note"' in form

    response = client.post(
        url,
        {
            "tag": "claim",
            "verdict": "misleading",
            "speaker": "Rosa Lind",
            "note": "Checked.",
            "seen_version": str(a.version),
            # Ignored: these fields are read-only in the admin.
            "start": "0",
            "end": "3",
            "text": "The",
        },
    )

    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.tag, a.verdict, a.speaker, a.note) == (
        "claim",
        "misleading",
        "Rosa Lind",
        "Checked.",
    )
    assert (a.start, a.end, a.text) == (4, 11, "council")


def test_it_offers_no_add_form(client_for: Callable[[User | None], Client], admin: User) -> None:
    assert client_for(admin).get(f"{CHANGELIST}add/").status_code == 403


def test_it_exports_selected_annotations(
    client_for: Callable[[User | None], Client], admin: User, articles: list[Article]
) -> None:
    chosen = list(Annotation.objects.filter(tag="quote").order_by("pk")[:2])
    response = client_for(admin).post(
        CHANGELIST,
        {"action": "export_annotations_csv", "_selected_action": [a.pk for a in chosen]},
    )
    rows = rows_of(response)
    assert response["Content-Disposition"].startswith('attachment; filename="newsroom-annotations-')
    assert [(r["article_title"], r["tag"], r["text"]) for r in rows] == [
        ("Story 1", "quote", "“It will"),
        ("Story 2", "quote", "“It will"),
    ]


def test_it_exports_everything_the_changelist_filters_with_select_across(
    client_for: Callable[[User | None], Client], admin: User, articles: list[Article]
) -> None:
    one = Annotation.objects.filter(tag="claim").first()
    assert one is not None
    response = client_for(admin).post(
        f"{CHANGELIST}?tag__exact=claim",
        {"action": "export_annotations_csv", "_selected_action": [one.pk], "select_across": "1"},
    )
    rows = rows_of(response)
    assert [r["article_title"] for r in rows] == ["Story 1", "Story 2", "Story 3"]
    assert {r["note"] for r in rows} == {"'=1+1 is a formula"}


def test_it_exports_selected_articles_annotations(
    client_for: Callable[[User | None], Client], admin: User, articles: list[Article]
) -> None:
    chosen = [articles[2], articles[0]]
    response = client_for(admin).post(
        "/admin/articles/article/",
        {"action": "export_articles_annotations_csv", "_selected_action": [a.pk for a in chosen]},
    )
    rows = rows_of(response)
    assert [(r["article_title"], r["tag"]) for r in rows] == [
        ("Story 1", "claim"),
        ("Story 1", "quote"),
        ("Story 3", "claim"),
        ("Story 3", "quote"),
    ]


def test_it_names_a_single_articles_export_after_it(
    client_for: Callable[[User | None], Client], admin: User, articles: list[Article]
) -> None:
    response = client_for(admin).post(
        "/admin/articles/article/",
        {"action": "export_articles_annotations_csv", "_selected_action": [articles[1].pk]},
    )
    assert f"newsroom-annotations-{articles[1].slug}-" in response["Content-Disposition"]
    assert len(rows_of(response)) == 2
