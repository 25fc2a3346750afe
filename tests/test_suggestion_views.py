"""The suggestion endpoints: the permission matrix (anonymous 302, readers see but get
403 on every write, editors act), CSRF, fields named in 400s, answers made of
out-of-band swaps, and query counts that do not grow with the article."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from annotations.models import Annotation
from articles.models import Article
from suggestions import store
from suggestions.models import Decision, Run, Suggestion
from tests.conftest import ArticleFactory

PARAGRAPHS = [
    "The council voted 7–2 on Tuesday to fund the new harbour bridge.",
    "“It will pay for itself within a decade,” said the mayor, Rosa Lind.",
    "According to Tom Berg, the city engineer, the harbour needs dredging.",
]
QUOTE = "It will pay for itself within a decade,"


@pytest.fixture
def suggested(make_article: ArticleFactory) -> Article:
    article = make_article(PARAGRAPHS)
    store.recompute(article.pk)
    return article


def _quote(article: Article) -> Suggestion:
    return Suggestion.objects.get(article=article, tag="quote")


def _endpoints(article: Article) -> dict[str, tuple[str, str, dict[str, str]]]:
    s = _quote(article)
    return {
        "list": ("get", reverse("suggestion_list", args=[article.slug]), {}),
        "entry": ("get", reverse("suggestion_entry", args=[s.pk]), {}),
        "edit form": ("get", reverse("suggestion_edit", args=[s.pk]), {}),
        "accept": ("post", reverse("suggestion_accept", args=[s.pk]), {}),
        "reject": ("post", reverse("suggestion_reject", args=[s.pk]), {}),
        "accept all": ("post", reverse("suggestion_accept_all", args=[article.slug]), {}),
        "undo": ("post", reverse("suggestion_undo"), {"token": "x"}),
        "compute": ("post", reverse("suggestion_compute", args=[article.slug]), {}),
        "progress": ("get", reverse("suggestion_progress", args=[article.slug]), {}),
    }


# Who gets what: anonymous users the login page, readers read, editors act.
MATRIX = {
    "list": (302, 200, 200),
    "entry": (302, 200, 200),
    "edit form": (302, 403, 200),
    "accept": (302, 403, 201),
    "reject": (302, 403, 200),
    "accept all": (302, 403, 200),
    "undo": (302, 403, 400),
    "compute": (302, 403, 200),
    "progress": (302, 200, 200),
}


@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_it_answers_each_endpoint_by_who_asks(
    endpoint: str,
    make_article: ArticleFactory,
    reader: User,
    editor: User,
    client_for: Callable[[User | None], Client],
) -> None:
    for who, expected in zip(("anonymous", "reader", "editor"), MATRIX[endpoint], strict=True):
        article = make_article(PARAGRAPHS)
        store.recompute(article.pk)
        method, url, data = _endpoints(article)[endpoint]
        user = {"anonymous": None, "reader": reader, "editor": editor}[who]
        response = getattr(client_for(user), method)(url, data)
        assert response.status_code == expected, (who, endpoint, response.content[:300])
        if expected == 302:
            assert response["Location"].startswith("/accounts/login/")
        if who != "editor":
            assert Suggestion.objects.filter(article=article).count() == 3
            assert not Annotation.objects.exists() and not Decision.objects.exists()
            assert not Run.objects.exists()


def test_it_refuses_a_post_without_the_csrf_token(suggested: Article, editor: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    for name in ("accept", "reject", "accept all", "undo"):
        _, url, data = _endpoints(suggested)[name]
        assert client.post(url, data).status_code == 403
    assert Suggestion.objects.filter(article=suggested).count() == 3


def test_it_refuses_get_on_writes_and_names_bad_fields(
    suggested: Article, editor: User, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(editor)
    s = _quote(suggested)
    assert client.get(reverse("suggestion_accept", args=[s.pk])).status_code == 405
    url = reverse("suggestion_accept", args=[s.pk])
    response = client.post(url, {"tag": "opinion"}, headers={"HX-Request": "true"})
    assert response.status_code == 400 and b"tag: Unknown tag" in response.content
    response = client.post(url, {"text": "never said"}, headers={"HX-Request": "true"})
    assert response.status_code == 400 and b"text: those words" in response.content
    response = client.post(url, {"start": "2"}, headers={"HX-Request": "true"})
    assert response.status_code == 400 and b"start: give both ends" in response.content
    response = client.post(url, {"start": "9", "end": "2"}, headers={"HX-Request": "true"})
    assert response.status_code == 400 and b"start: give a span inside" in response.content
    response = client.post(url, {"start": "x", "end": "2"}, headers={"HX-Request": "true"})
    assert response.status_code == 400 and b"start" in response.content
    response = client.post(url, {"speaker": "x" * 201}, headers={"HX-Request": "true"})
    assert response.status_code == 400 and b"speaker" in response.content
    list_url = reverse("suggestion_list", args=[suggested.slug])
    assert client.get(list_url, {"after": "x"}).status_code == 400
    assert client.post(reverse("suggestion_reject", args=[987654])).status_code == 404


def test_it_answers_an_accept_with_swaps_of_what_changed(
    suggested: Article, editor: User, client_for: Callable[[User | None], Client]
) -> None:
    s = _quote(suggested)
    response = client_for(editor).post(
        reverse("suggestion_accept", args=[s.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 201
    html = response.content.decode()
    a = Annotation.objects.get()
    assert (a.origin, a.author, a.speaker) == ("suggested", editor, "Rosa Lind")
    assert f'id="paragraph-{s.paragraph_id}"' in html and 'hx-swap-oob="outerHTML"' in html
    assert (
        f'data-annotation-id="{a.pk}"' in html
        and "data-suggestion-id"
        not in html.split("</p>")[0].split(f'id="paragraph-{s.paragraph_id}"')[1]
    )
    assert f'<li id="suggestion-{s.pk}" hx-swap-oob="delete">' in html
    assert re.search(r'id="suggestion-count">2<', html)
    assert "Quote added from a suggestion" in html
    assert "annotation-changed" in response["HX-Trigger-After-Settle"]
    assert "suggestion-decided" in response["HX-Trigger-After-Settle"]


def test_it_answers_a_reject_and_the_words_stay_rejected(
    suggested: Article, editor: User, client_for: Callable[[User | None], Client]
) -> None:
    s = _quote(suggested)
    response = client_for(editor).post(
        reverse("suggestion_reject", args=[s.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<li id="suggestion-{s.pk}" hx-swap-oob="delete">' in html
    assert f'id="paragraph-{s.paragraph_id}"' in html and "data-suggestion-id" not in html
    store.recompute(suggested.pk)
    assert not Suggestion.objects.filter(text=QUOTE).exists()


def test_it_shows_suggestions_to_readers_without_buttons(
    suggested: Article, reader: User, client_for: Callable[[User | None], Client]
) -> None:
    html = client_for(reader).get(suggested.get_absolute_url()).content.decode()
    s = _quote(suggested)
    assert f'<mark class="sg sg--quote sg--start sg--end" data-suggestion-id="{s.pk}"' in html
    assert 'aria-label="Suggested quote (Rosa Lind)">It will pay' in html
    assert f'id="suggestion-{s.pk}"' in html and "Reason" not in html
    assert "direct quotation" in html and "Speaker: <strong><bdi>Rosa Lind" in html
    assert "data-suggestion-accept" not in html and "data-accept-all" not in html


def test_it_accepts_all_and_undoes_with_the_token(
    suggested: Article,
    editor: User,
    other_editor: User,
    client_for: Callable[[User | None], Client],
) -> None:
    client = client_for(editor)
    response = client.post(
        reverse("suggestion_accept_all", args=[suggested.slug]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "1 quote accepted" in html and 'data-undo="open"' in html
    assert '<aside id="annotation-panel"' in html and 'hx-swap-oob="true"' in html
    token = re.search(r'name="token" value="([^"]+)"', html)
    assert token and Annotation.objects.get().origin == "suggested"
    undo = reverse("suggestion_undo")
    assert client_for(other_editor).post(undo, {"token": token[1]}).status_code == 403
    response = client.post(undo, {"token": token[1]}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and b"Undone: 1 quote back" in response.content
    assert not Annotation.objects.exists()
    assert Suggestion.objects.filter(text=QUOTE).exists()


def test_its_pages_and_answers_cost_the_same_whatever_the_article_holds(
    make_article: ArticleFactory, editor: User, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(editor)
    counts: dict[str, list[int]] = {"page": [], "accept": [], "reject": [], "more": []}
    for size in (3, 60):
        quote = "“We are ready,” said Anna Holm, the harbour master."
        article = make_article([f"{quote} Item {n}." for n in range(size)])
        store.recompute(article.pk)
        first, second = Suggestion.objects.filter(article=article).order_by("id")[:2]
        client.get(article.get_absolute_url())  # warm the session and caches alike
        calls = [
            ("page", "get", article.get_absolute_url()),
            ("more", "get", reverse("suggestion_list", args=[article.slug])),
            ("accept", "post", reverse("suggestion_accept", args=[first.pk])),
            ("reject", "post", reverse("suggestion_reject", args=[second.pk])),
        ]
        for name, method, url in calls:
            with CaptureQueriesContext(connection) as queries:
                response = getattr(client, method)(url, headers={"HX-Request": "true"})
                assert response.status_code < 300
            counts[name].append(len(queries))
    for name, (small, large) in counts.items():
        assert small == large, (name, small, large)


def test_it_computes_on_request_and_shows_progress_meanwhile(
    django_capture_on_commit_callbacks: Any,
    make_article: ArticleFactory,
    editor: User,
    reader: User,
    client_for: Callable[[User | None], Client],
) -> None:
    article = make_article(PARAGRAPHS)
    editor_page = client_for(editor).get(article.get_absolute_url()).content.decode()
    assert "data-suggest" in editor_page and "none waiting" in editor_page
    assert "data-suggest" not in client_for(reader).get(article.get_absolute_url()).content.decode()
    # While it waits for its turn, the section says so and asks again.
    Run.objects.create(article=article, state="queued", requested=timezone.now())
    page = client_for(reader).get(article.get_absolute_url()).content.decode()
    assert "<progress" in page and "Waiting to start…" in page
    assert f'hx-get="{reverse("suggestion_progress", args=[article.slug])}"' in page
    # The button: the answer shows the progress; the task runs once the request commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(editor).post(
            reverse("suggestion_compute", args=[article.slug]), headers={"HX-Request": "true"}
        )
    html = response.content.decode()
    assert response.status_code == 200 and '<section id="suggestions"' in html
    assert "<progress" in html
    later = client_for(editor).get(reverse("suggestion_progress", args=[article.slug]))
    assert b"<progress" not in later.content and b'id="suggestion-count">3<' in later.content
    run = Run.objects.get(article=article)
    assert (run.state, run.found, run.requested_by) == ("done", 3, editor)
    assert Suggestion.objects.filter(article=article).count() == 3


def test_a_suggestion_around_highlights_is_one_element() -> None:
    from annotations.article_text import Mark, SuggestionMark
    from annotations.rendering import highlight

    text = "abcdefghij"
    html = highlight(
        text,
        [
            Mark(1, 2, 4, "claim"),
            Mark(2, 5, 9, "quote"),  # crosses the suggestion's end: cut there
            SuggestionMark(7, 0, 6, "quote", "Rosa Lind", "abcdef"),
        ],
    )
    assert html.count('data-suggestion-id="7"') == 1
    assert html.startswith('<mark class="sg sg--quote sg--start sg--end" data-suggestion-id="7"')
    assert html.count('data-annotation-id="2"') == 2
    assert re.sub(r"<[^>]+>", "", html) == text
    # Overlapping suggestions: drawn in pieces, whose ends close the outline.
    html = highlight(text, [SuggestionMark(7, 0, 6, "quote"), SuggestionMark(8, 4, 9, "claim")])
    pieces = re.findall(r'<mark class="(sg[^"]*)" data-suggestion-id="7"', html)
    assert pieces == ["sg sg--quote sg--start", "sg sg--quote sg--end"]
    assert html.count('aria-roledescription="suggestion"') == 2
    assert re.sub(r"<[^>]+>", "", html) == text


def test_it_jumps_to_a_suggestion_and_leaves_the_ones_before_it_a_gap(
    make_article: ArticleFactory, reader: User, client_for: Callable[[User | None], Client]
) -> None:
    """An outline whose entry is not loaded (more than a page of suggestions): the page
    from it, then the gap loaded page by page; together each suggestion once, in order."""
    article = make_article([f"“We are ready, day {i},” said Anna Holm." for i in range(60)])
    store.recompute(article.pk)
    ordered = list(
        Suggestion.objects.filter(article=article, tag="quote")
        .order_by("paragraph__position", "start")
        .values_list("pk", flat=True)
    )
    every = list(
        Suggestion.objects.filter(article=article)
        .order_by("paragraph__position", "start", "-end", "id")
        .values_list("pk", flat=True)
    )
    client = client_for(reader)
    url = reverse("suggestion_list", args=[article.slug])
    target = ordered[50]
    first_page = every[:25]
    jumped = client.get(url, {"after": first_page[-1], "at": target}).content.decode()
    shown = [int(pk) for pk in re.findall(r'<li id="suggestion-(\d+)"', jumped)]
    start = every.index(target)
    assert shown == every[start : start + 25]
    gap = re.search(r'<li id="(suggestions-gap-[^"]+)"[^>]*>\s*<a[^>]*href="([^"]+)"', jumped)
    assert gap is not None and jumped.index(gap.group(1)) < jumped.index(f"suggestion-{target}")
    filled: list[int] = []
    link = gap.group(2).replace("&amp;", "&")
    while True:
        page = client.get(link).content.decode()
        assert 'id="suggestions-more"' not in page
        filled += [int(pk) for pk in re.findall(r'<li id="suggestion-(\d+)"', page)]
        more = re.search(r'<li id="suggestions-gap-[^"]+"[^>]*>\s*<a[^>]*href="([^"]+)"', page)
        if more is None:
            break
        link = more.group(1).replace("&amp;", "&")
    assert filled == every[25:start]
    # Named suggestions must be numbers of this article's.
    assert client.get(url, {"at": "x"}).status_code == 400
    assert client.get(url, {"before": "987654"}).status_code == 404
