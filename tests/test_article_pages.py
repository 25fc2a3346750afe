from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import Annotation
from articles.models import Article, Paragraph
from tests.conftest import ArticleFactory

pytestmark = pytest.mark.django_db


def test_it_redirects_anonymous_users_to_login(client: Client, article: Article) -> None:
    for url in (reverse("article_list"), article.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_it_lists_articles_newest_first_with_counts(
    client_for: Any, reader: Any, editor: Any, make_article: ArticleFactory
) -> None:
    old = make_article(title="Old ferry timetable", published="2025-01-02")
    new = make_article(
        title="New bridge tolls", published="2026-05-06", paragraphs=["A.", "B.", "C."]
    )
    p = new.paragraphs.get(position=1)
    Annotation.objects.create(paragraph=p, start=0, end=1, text="A", tag="claim", author=editor)
    response = client_for(reader).get(reverse("article_list"))
    assert response.status_code == 200
    page = response.context["page"]
    assert [a.pk for a in page.object_list] == [new.pk, old.pk]
    assert page.object_list[0].paragraph_count == 3
    assert page.object_list[0].annotation_count == 1
    assert page.object_list[1].annotation_count == 0
    html = response.content.decode()
    assert "3 paragraphs" in html and "1 annotation" in html


def test_it_searches_titles_and_text(
    client_for: Any, reader: Any, make_article: ArticleFactory
) -> None:
    make_article(title="Harbour bridge vote", paragraphs=["Councillors argued for hours."])
    make_article(title="School budget", paragraphs=["The ferries were delayed by storms."])
    client = client_for(reader)
    by_title = client.get(reverse("article_list"), {"q": "bridge"}).context["page"].object_list
    assert [a.title for a in by_title] == ["Harbour bridge vote"]
    by_text = client.get(reverse("article_list"), {"q": "ferry"}).context["page"].object_list
    assert [a.title for a in by_text] == ["School budget"]  # stemmed: ferry ~ ferries


def test_it_returns_only_the_results_partial_for_htmx(
    client_for: Any, reader: Any, article: Article
) -> None:
    response = client_for(reader).get(
        reverse("article_list"),
        {"q": "council"},
        headers={"HX-Request": "true", "HX-Target": "article-results"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="article-results"')
    assert "<html" not in html
    assert article.title in html


def test_it_paginates(client_for: Any, reader: Any, make_article: ArticleFactory) -> None:
    for i in range(25):
        make_article(title=f"Story {i}")
    client = client_for(reader)
    assert len(client.get(reverse("article_list")).context["page"].object_list) == 20
    second = client.get(reverse("article_list"), {"page": 2}).context["page"]
    assert len(second.object_list) == 5
    assert client.get(reverse("article_list"), {"page": "zzz"}).status_code == 200


def test_it_rejects_post_on_pages(client_for: Any, reader: Any, article: Article) -> None:
    client = client_for(reader)
    assert client.post(reverse("article_list")).status_code == 405
    assert client.post(article.get_absolute_url()).status_code == 405


def test_it_404s_for_an_unknown_article(client_for: Any, reader: Any) -> None:
    response = client_for(reader).get(reverse("article_detail", args=["no-such-story"]))
    assert response.status_code == 404


def test_it_shows_an_article_for_reading(
    client_for: Any, reader: Any, make_article: ArticleFactory
) -> None:
    article = make_article(
        paragraphs=["Bridge plans", "The council met <script>alert(1)</script>.", "Photo: A / B ."],
        kinds=["heading", "body", "caption"],
    )
    response = client_for(reader).get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    first, second, _ = Paragraph.objects.filter(article=article)
    assert f'<h2 id="paragraph-{first.pk}" class="para para--heading"' in html
    assert f'data-paragraph-id="{second.pk}" data-position="2"' in html
    assert 'class="para para--caption"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert article.byline in html and article.source in html


def test_it_shows_the_toolbar_to_editors_only(
    client_for: Any, reader: Any, editor: Any, article: Article
) -> None:
    assert 'id="toolbar"' not in client_for(reader).get(article.get_absolute_url()).content.decode()
    assert 'id="toolbar"' in client_for(editor).get(article.get_absolute_url()).content.decode()


def test_it_runs_a_fixed_number_of_queries_whatever_the_length(
    client_for: Any, editor: Any, make_article: ArticleFactory, django_assert_max_num_queries: Any
) -> None:
    def count(article: Article) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = client_for(editor)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(article.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    small = make_article(paragraphs=["One short paragraph."])
    big = make_article(paragraphs=[f"Paragraph number {i} says something." for i in range(400)])
    for p in big.paragraphs.all()[:50]:
        Annotation.objects.create(
            paragraph=p, start=0, end=9, text="Paragraph", tag="quote", author=editor
        )
    assert count(big) == count(small)
    assert count(big) <= 10


def test_it_sends_a_strict_content_security_policy(
    client_for: Any, reader: Any, article: Article
) -> None:
    response = client_for(reader).get(article.get_absolute_url())
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "<script>" not in response.content.decode()  # no inline scripts


def test_a_search_and_a_deep_page_take_a_fixed_number_of_queries(
    client_for: Any, reader: Any, make_article: ArticleFactory, django_assert_num_queries: Any
) -> None:
    for i in range(45):
        make_article(title=f"Bridge story {i}", paragraphs=[f"Paragraph {i} about the ferry."])
    client = client_for(reader)
    client.get(reverse("article_list"))  # session and user loaded once
    # session, user, the matching ids (the search runs once), the page's rows with counts
    # and status, their assignees, the user's permissions (may they assign?)
    with django_assert_num_queries(6):
        page = client.get(reverse("article_list"), {"q": "ferry", "page": 3}).context["page"]
    assert page.paginator.count == 45 and len(page.object_list) == 5
    # session, user, the count, the page's ids, the page's rows, assignees, permissions
    with django_assert_num_queries(7):
        page = client.get(reverse("article_list"), {"page": 3}).context["page"]
    assert [a.title for a in page.object_list][:1] == ["Bridge story 4"]
    assert all(a.paragraph_count == 1 for a in page.object_list)
