"""A panel fragment reached by a browser's navigation (an Edit link opened in a new tab, a
form posted with scripts off) answers with a page: its place on the article's page after
a success, the site's error page after a refusal. htmx gets the fragment as before."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from annotations.models import Annotation
from articles.models import Article
from suggestions import store
from suggestions.models import Suggestion
from tests.conftest import ArticleFactory, annotate

NAVIGATE = {"Sec-Fetch-Mode": "navigate"}


@pytest.fixture
def suggested(make_article: ArticleFactory) -> Article:
    """The factory's two paragraphs: a claim, and a quote by Rosa Lind."""
    article = make_article()
    store.recompute(article.pk)
    return article


@pytest.fixture
def claim(suggested: Article, editor: User) -> Annotation:
    return annotate(suggested.paragraphs.get(position=1), "voted 7–2", editor)


def test_it_sends_a_navigation_to_an_annotation_s_fragment_to_its_entry(
    client_for: Any, editor: User, claim: Annotation
) -> None:
    client = client_for(editor)
    page = reverse("article_detail", args=[claim.article.slug])
    for name in ("annotation_entry", "annotation_edit", "annotation_history"):
        url = reverse(name, args=[claim.pk])
        response = client.get(url, headers=NAVIGATE)
        assert (response.status_code, response["Location"]) == (302, f"{page}#entry-{claim.pk}")
        # htmx, and a script without Fetch Metadata, still get the fragment.
        assert client.get(url, headers={"HX-Request": "true", **NAVIGATE}).status_code == 200
        assert client.get(url).status_code == 200


def test_it_sends_a_navigation_to_a_suggestion_s_fragment_to_its_entry(
    client_for: Any, editor: User, suggested: Article
) -> None:
    client = client_for(editor)
    s = Suggestion.objects.get(article=suggested, tag="quote")
    page = reverse("article_detail", args=[suggested.slug])
    for name in ("suggestion_entry", "suggestion_edit"):
        response = client.get(reverse(name, args=[s.pk]), headers=NAVIGATE)
        assert (response.status_code, response["Location"]) == (302, f"{page}#suggestion-{s.pk}")


def test_it_sends_a_navigation_to_the_panel_s_filter_to_the_filtered_page(
    client_for: Any, editor: User, claim: Annotation
) -> None:
    url = reverse("annotation_panel", args=[claim.article.slug]) + "?tag=claim"
    response = client_for(editor).get(url, headers=NAVIGATE)
    assert response.status_code == 302
    assert response["Location"] == claim.article.get_absolute_url() + "?tag=claim"


def test_it_answers_a_form_posted_without_scripts_with_the_page_it_came_from(
    client_for: Any, editor: User, claim: Annotation
) -> None:
    client = client_for(editor)
    back = "http://testserver" + claim.article.get_absolute_url()
    url = reverse("annotation_delete", args=[claim.pk])
    response = client.post(url, {"version": claim.version}, headers={**NAVIGATE, "Referer": back})
    assert (response.status_code, response["Location"]) == (303, back)
    assert not Annotation.objects.filter(pk=claim.pk).exists()
    # The page it goes back to says what changed, once.
    said = '<p class="message message--success">Claim deleted.</p>'
    assert said in client.get(back).content.decode()
    assert "Claim deleted." not in client.get(back).content.decode()


def test_the_entry_s_delete_is_a_form_that_works_without_scripts(
    editor: User, claim: Annotation
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    back = "http://testserver" + claim.article.get_absolute_url()
    page = client.get(back).content.decode()
    form = page[page.index(f'action="{reverse("annotation_delete", args=[claim.pk])}"') :]
    form = form[: form.index("</form>")]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    version = form.split('name="version" value="', 1)[1].split('"', 1)[0]
    assert 'type="submit"' in form and version == str(claim.version)
    url = reverse("annotation_delete", args=[claim.pk])
    data = {"csrfmiddlewaretoken": token, "version": version}
    response = client.post(url, data, headers={**NAVIGATE, "Referer": back})
    assert (response.status_code, response["Location"]) == (303, back)
    assert not Annotation.objects.filter(pk=claim.pk).exists()


def test_it_never_sends_the_reader_to_another_site(
    client_for: Any, editor: User, claim: Annotation
) -> None:
    url = reverse("annotation_delete", args=[claim.pk])
    headers = {**NAVIGATE, "Referer": "https://evil.example/phish"}
    response = client_for(editor).post(url, {"version": claim.version}, headers=headers)
    assert (response.status_code, response["Location"]) == (303, "/")


@pytest.mark.parametrize(
    ("data", "status", "title", "message"),
    [
        ({"version": "x"}, 400, "Not saved", "version"),
        ({"version": "99"}, 409, "Changed meanwhile", "changed"),
    ],
)
def test_it_shows_a_refusal_as_the_site_s_error_page(
    client_for: Any,
    editor: User,
    claim: Annotation,
    data: dict[str, str],
    status: int,
    title: str,
    message: str,
) -> None:
    back = "http://testserver" + claim.article.get_absolute_url()
    url = reverse("annotation_delete", args=[claim.pk])
    response = client_for(editor).post(url, data, headers={**NAVIGATE, "Referer": back})
    assert response.status_code == status
    html = response.content.decode()
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert f'<h1 class="page-title">{title}</h1>' in html
    assert message in html.lower()
    assert f'href="{back}"' in html
    assert Annotation.objects.filter(pk=claim.pk, version=claim.version).exists()


def test_it_keeps_a_stranger_s_refusal_a_refusal(
    client_for: Any, other_editor: User, claim: Annotation
) -> None:
    url = reverse("annotation_edit", args=[claim.pk])
    response = client_for(other_editor).get(url, headers=NAVIGATE)
    assert response.status_code == 403
    assert "<!doctype html>" in response.content.decode().lower()


def test_it_opens_an_entry_not_loaded_from_its_address(
    live_server: Any, login_page: Any, make_article: ArticleFactory, editor: User
) -> None:
    """The 40th annotation of an article is past the panel's first page: its address
    (where its Edit link opened in a new tab leads) loads that page and focuses it."""
    sentences = [f"Sentence {n} says the quay cost {n} million euros." for n in range(1, 41)]
    article = make_article(sentences)
    made = [annotate(p, "the quay", editor) for p in article.paragraphs.order_by("position")]
    page = login_page(editor)
    page.goto(live_server.url + reverse("annotation_edit", args=[made[-1].pk]))
    expect(page).to_have_url(f"{live_server.url}{article.get_absolute_url()}#entry-{made[-1].pk}")
    entry = page.locator(f"#entry-{made[-1].pk}")
    expect(entry).to_be_in_viewport()
    expect(entry.locator("[data-jump]")).to_be_focused()
