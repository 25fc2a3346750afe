"""The list page's paste-a-URL form (sources.views.import_from_url): who may, what each
answer says, and that a refused page leaves the database unchanged."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.web_server import WebServer

ClientFor = Callable[[User | None], Client]
IMPORT = reverse("import_from_url")
HTMX = {"HX-Request": "true", "HX-Target": "import-url"}


def page_url(server: WebServer, name: str = "harbour-ferry.html") -> str:
    return f"{server.url}/fixtures/web/{name}"


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 302), ("reader", 403), ("editor", 200)]
)
def test_it_answers_by_who_asks(
    who: str,
    expected: int,
    web_server: WebServer,
    reader: User,
    editor: User,
    client_for: ClientFor,
) -> None:
    user = {"anonymous": None, "reader": reader, "editor": editor}[who]
    response = client_for(user).post(IMPORT, {"url": page_url(web_server)}, headers=HTMX)
    if who == "anonymous":
        # htmx gets a 401 with a log-in link (newsroom.middleware); a plain POST the page.
        assert response.status_code == 401
        plain = client_for(None).post(IMPORT, {"url": page_url(web_server)})
        assert plain.status_code == 302 and plain["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected
    assert Article.objects.count() == (1 if who == "editor" else 0)
    # Only the editor's request reached the web server.
    assert len(web_server.requests) == (1 if who == "editor" else 0)


def test_it_takes_post_only_and_a_csrf_token(
    web_server: WebServer, editor: User, client_for: ClientFor
) -> None:
    response = client_for(editor).get(IMPORT, {"url": page_url(web_server)})
    assert response.status_code == 405 and response["Allow"] == "POST"
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(IMPORT, {"url": page_url(web_server)}).status_code == 403
    assert not Article.objects.exists() and web_server.requests == []


def test_it_links_to_the_new_article_then_names_the_duplicate(
    web_server: WebServer, editor: User, client_for: ClientFor
) -> None:
    client = client_for(editor)
    response = client.post(IMPORT, {"url": page_url(web_server)}, headers=HTMX)
    article = Article.objects.get()
    html = response.content.decode()
    assert (
        f'Imported <a href="{article.get_absolute_url()}" dir="auto">“Harbour ferry returns after six-month repair”</a>: 7 paragraphs (1 heading, 1 caption).'
        in html
    )
    assert 'value=""' in html  # the field is empty again for the next address
    again = client.post(IMPORT, {"url": page_url(web_server)}, headers=HTMX)
    assert again.status_code == 200
    assert (
        f'Already imported: this page is <a href="{article.get_absolute_url()}" dir="auto">“Harbour ferry returns after six-month repair”</a>.'
        in again.content.decode()
    )
    assert Article.objects.count() == 1


def test_it_knows_a_page_by_its_canonical_url_whatever_address_fetched_it(
    web_server: WebServer, editor: User, client_for: ClientFor
) -> None:
    client = client_for(editor)
    client.post(IMPORT, {"url": page_url(web_server)}, headers=HTMX)
    # The same page behind a redirect: another address, the same canonical URL.
    redirected = f"{web_server.url}/redirect/2?to=/fixtures/web/harbour-ferry.html"
    response = client.post(IMPORT, {"url": redirected}, headers=HTMX)
    assert "Already imported" in response.content.decode()
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Paste the address of a web page (https://…)."),
        ("not an address", "Not a web address: paste one that starts with https:// or http://."),
        (
            "ftp://example.org/story.html",
            "Not imported: only http and https addresses are fetched, not &#x27;ftp:&#x27;.",
        ),
        (
            "https://10.0.0.7/story.html",
            "Not imported: 10.0.0.7 is a private, loopback or link-local address, which is not fetched.",
        ),
        (
            "{server}/fixtures/web/section-front.html",
            "Not imported: no article text found on the page.",
        ),
        ("{server}/status/404", "Not imported: the server answered 404 Not Found."),
        (
            "{server}/fixtures/web/harbour-ferry.html?type=application/pdf",
            "Not imported: not a web page or an article file (content type application/pdf).",
        ),
    ],
)
def test_it_shows_a_refusal_beside_the_field_and_stores_nothing(
    url: str, message: str, web_server: WebServer, editor: User, client_for: ClientFor
) -> None:
    url = url.format(server=web_server.url)
    response = client_for(editor).post(IMPORT, {"url": url}, headers=HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<p class="field-error" id="import-url-error" role="alert">{message}</p>' in html
    assert 'aria-invalid="true"' in html
    assert not Article.objects.exists()


def test_it_works_without_javascript(
    web_server: WebServer, editor: User, client_for: ClientFor
) -> None:
    client = client_for(editor)
    response = client.post(IMPORT, {"url": page_url(web_server, "jisr-qadim.html")})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    refused = client.post(IMPORT, {"url": "ftp://example.org/"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "only http and https addresses are fetched" in html
    assert article.title in html  # the list page, with its articles


def test_the_list_page_offers_the_form_to_editors_only(
    reader: User, editor: User, client_for: ClientFor
) -> None:
    assert 'id="import-url"' in client_for(editor).get("/").content.decode()
    assert 'id="import-url"' not in client_for(reader).get("/").content.decode()
