"""The list page's paste-a-URL form (sources.views.import_from_url) and the status of the
background job it starts (sources.views.import_status): who may, what each answer says,
that the request does not wait on the network, and that a refused page leaves the
database unchanged."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article
from sources.jobs import run_import_job, start_url_import
from sources.models import STALE_JOB, ImportJob
from tests.web_server import WebServer

ClientFor = Callable[[User | None], Client]
IMPORT = reverse("import_from_url")
HTMX = {"HX-Request": "true", "HX-Target": "import-url"}
POLL = {"HX-Request": "true", "HX-Target": "import-status"}


def page_url(server: WebServer, name: str = "harbour-ferry.html") -> str:
    return f"{server.url}/fixtures/web/{name}"


def status_url(job: ImportJob) -> str:
    return reverse("import_status", args=[job.pk])


def paste(client: Client, url: str, capture: Any, **headers: str) -> tuple[Any, ImportJob]:
    """Paste ``url``, then run the job the tasks backend was handed at commit."""
    with capture(execute=True):
        response = client.post(IMPORT, {"url": url}, headers=headers or HTMX)
    return response, ImportJob.objects.latest("pk")


def test_it_answers_at_once_and_the_status_polls_until_the_job_is_done(
    web_server: WebServer,
    editor: User,
    client_for: ClientFor,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(editor)
    # The commit has not happened yet: the job is only queued, and nothing was fetched.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(IMPORT, {"url": page_url(web_server)}, headers=HTMX)
    assert response.status_code == 200 and len(queued) == 1
    job = ImportJob.objects.get()
    assert (job.kind, job.state, job.owner, web_server.requests) == ("url", "queued", editor, [])
    html = re.sub(r">\s+<", "><", response.content.decode())
    assert 'value=""' in html  # the field is empty again for the next address
    assert (
        '<p id="import-status" class="import-url__result" role="status"><span '
        f'id="import-status-text" hx-get="{status_url(job)}" hx-trigger="every 1s" '
        'hx-swap="outerHTML">'
    ) in html
    assert "Importing" in html
    # Nothing new while the job runs: no content, so htmx swaps nothing and asks again.
    polled = client.get(status_url(job), headers=POLL)
    assert polled.status_code == 204 and polled.content == b""

    run_import_job.call(job.pk)
    answer = client.get(status_url(job), headers=POLL)
    done = answer.content.decode()
    article = Article.objects.get()
    assert answer.status_code == 200
    # Only the text, swapped inside the live region that stays; finished: the polling stops.
    assert done.lstrip().startswith('<span id="import-status-text">')
    assert "hx-trigger" not in done and 'role="status"' not in done
    assert (
        f'Imported <a href="{article.get_absolute_url()}" dir="auto">“Harbour ferry returns after six-month repair”</a>.'
        in done
    )
    assert len(web_server.requests) == 1


def test_it_names_the_duplicate_whatever_address_fetched_it(
    web_server: WebServer,
    editor: User,
    client_for: ClientFor,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(editor)
    paste(client, page_url(web_server), django_capture_on_commit_callbacks)
    article = Article.objects.get()
    # The same page behind a redirect: another address, the same canonical URL.
    redirected = f"{web_server.url}/redirect/2?to=/fixtures/web/harbour-ferry.html"
    _, job = paste(client, redirected, django_capture_on_commit_callbacks)
    html = client.get(status_url(job), headers=POLL).content.decode()
    assert (
        f'Already imported: this page is <a href="{article.get_absolute_url()}" dir="auto">“Harbour ferry returns after six-month repair”</a>.'
        in html
    )
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Paste the address of a web page (https://…)."),
        ("not an address", "Not a web address: paste one that starts with https:// or http://."),
    ],
)
def test_it_refuses_what_is_not_an_address_beside_the_field_without_a_job(
    url: str, message: str, editor: User, client_for: ClientFor
) -> None:
    response = client_for(editor).post(IMPORT, {"url": url}, headers=HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<p class="field-error" id="import-url-error" role="alert">{message}</p>' in html
    assert 'aria-invalid="true"' in html
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
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
def test_the_status_shows_a_refusal_in_one_line_and_nothing_is_stored(
    url: str,
    message: str,
    web_server: WebServer,
    editor: User,
    client_for: ClientFor,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(editor)
    _, job = paste(client, url.format(server=web_server.url), django_capture_on_commit_callbacks)
    html = client.get(status_url(job), headers=POLL).content.decode()
    assert f'<span class="field-error" id="import-status-error">{message}</span>' in html
    # The field was emptied for the next address: the status names the one refused.
    assert f'Address: <span dir="auto">{escape(url.format(server=web_server.url))}</span>' in html
    assert "hx-trigger" not in html
    assert not Article.objects.exists()


def test_it_works_without_javascript(
    web_server: WebServer,
    editor: User,
    client_for: ClientFor,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(editor)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(IMPORT, {"url": page_url(web_server, "jisr-qadim.html")})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == status_url(job)
    waiting = client.get(status_url(job))
    assert waiting.status_code == 200
    assert f'<a href="{status_url(job)}">Status</a>' in waiting.content.decode()
    run_import_job.call(job.pk)
    article = Article.objects.get()
    done = client.get(status_url(job))
    assert done.status_code == 302 and done["Location"] == article.get_absolute_url()
    refused = client.post(IMPORT, {"url": "not an address"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Not a web address" in html
    assert article.title in html  # the list page, with its articles


def test_the_list_page_offers_the_form_to_editors_only(
    reader: User, editor: User, client_for: ClientFor
) -> None:
    assert 'id="import-url"' in client_for(editor).get("/").content.decode()
    assert 'id="import-url"' not in client_for(reader).get("/").content.decode()


@pytest.mark.parametrize("who", ["anonymous", "reader", "editor"])
def test_it_starts_a_job_by_who_asks(
    who: str, web_server: WebServer, reader: User, editor: User, client_for: ClientFor
) -> None:
    user = {"anonymous": None, "reader": reader, "editor": editor}[who]
    response = client_for(user).post(IMPORT, {"url": page_url(web_server)}, headers=HTMX)
    expected = {"anonymous": 401, "reader": 403, "editor": 200}[who]
    assert response.status_code == expected
    if who == "anonymous":
        plain = client_for(None).post(IMPORT, {"url": page_url(web_server)})
        assert plain.status_code == 302 and plain["Location"].startswith("/accounts/login/")
    assert ImportJob.objects.count() == (1 if who == "editor" else 0)


def test_it_takes_post_only_and_a_csrf_token(
    web_server: WebServer, editor: User, client_for: ClientFor
) -> None:
    response = client_for(editor).get(IMPORT, {"url": page_url(web_server)})
    assert response.status_code == 405 and response["Allow"] == "POST"
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(IMPORT, {"url": page_url(web_server)}).status_code == 403
    assert not ImportJob.objects.exists() and web_server.requests == []


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("reader", 403),
        ("owner", 200),
        ("other editor", 404),
        ("desk", 404),
        ("superuser", 200),
    ],
)
def test_the_status_answers_by_who_asks(
    who: str,
    expected: int,
    reader: User,
    editor: User,
    other_editor: User,
    desk_chief: User,
    admin: User,
    client_for: ClientFor,
) -> None:
    job = start_url_import(editor, "https://news.example/story")
    users = {
        "anonymous": None,
        "reader": reader,
        "owner": editor,
        "other editor": other_editor,
        "desk": desk_chief,
        "superuser": admin,
    }
    response = client_for(users[who]).get(status_url(job))
    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
        assert client_for(None).get(status_url(job), headers=POLL).status_code == 401
    if expected == 200:
        assert "news.example/story" in response.content.decode()


def test_the_status_takes_get_only_and_knows_no_other_job(
    editor: User, client_for: ClientFor
) -> None:
    client = client_for(editor)
    job = start_url_import(editor, "https://news.example/story")
    for method in (client.post, client.put, client.delete):
        response = method(status_url(job))
        assert response.status_code == 405 and response["Allow"] == "GET"
    assert client.get(reverse("import_status", args=[job.pk + 1000])).status_code == 404
    # The admin's upload jobs are not URL imports: not found here, even for their owner.
    files = ImportJob.objects.create(kind="files", owner=editor, files_total=0)
    assert client.get(status_url(files)).status_code == 404


def test_a_job_that_stopped_moving_is_reported_and_not_polled(
    editor: User, client_for: ClientFor
) -> None:
    job = start_url_import(editor, "https://news.example/story")
    ImportJob.objects.filter(pk=job.pk).update(
        progressed=timezone.now() - STALE_JOB - datetime.timedelta(seconds=1)
    )
    html = client_for(editor).get(status_url(job), headers=POLL).content.decode()
    assert "hx-trigger" not in html
    assert (
        "Not imported: the worker ended before the page was fetched (a restart); paste the "
        "address again."
    ) in html


def test_the_status_costs_a_fixed_number_of_queries(
    editor: User, client_for: ClientFor, django_assert_num_queries: Any
) -> None:
    job = start_url_import(editor, "https://news.example/story")
    client = client_for(editor)
    # Session, user, the user's permissions (editors), the job; done, its row with its article.
    with django_assert_num_queries(4):
        assert client.get(status_url(job), headers=POLL).status_code == 204
    run_import_job.call(job.pk)
    with django_assert_num_queries(5):
        assert client.get(status_url(job), headers=POLL).status_code == 200
