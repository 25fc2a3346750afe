"""What the importers say, as a new user met it: JSON's blank lines and repeated keys,
a clipped title's heading, the paste form's duplicate and scheme messages, a fetched
feed too large, and a poll's entry count known before its first entry."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import Article
from articles.parsing import ArticleImportError
from sources.feeds import Outcome
from sources.formats import read_json
from sources.models import ImportJob
from sources.polling import import_feed
from sources.readers import read
from tests.test_admin_articles import ClientFor, messages_of
from tests.test_sources_views import HTMX, IMPORT, POLL, page_url
from tests.web_server import WebServer


def json_refusal(data: bytes) -> str:
    with pytest.raises(ArticleImportError) as caught:
        read_json(data)
    return caught.value.reason


def test_json_refuses_a_blank_line_inside_a_paragraph_and_a_repeated_key() -> None:
    blank = {"date": "2026-05-11", "paragraphs": [{"text": "One.\n\nTwo."}]}
    assert json_refusal(json.dumps(blank).encode()) == (
        "paragraphs[0].text: a blank line inside (give each paragraph its own entry)"
    )
    twice = b'{"date": "2026-05-11", "title": "A", "title": "B", "paragraphs": [{"text": "x"}]}'
    assert json_refusal(twice) == "field 'title' given twice"


def test_a_title_too_long_to_keep_whole_is_not_repeated_as_a_heading() -> None:
    title = "The council " + "and the harbour board " * 20 + "agree"
    html = (
        f"<html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        "<meta property='article:published_time' content='2026-07-04'></head><body><article>"
        f"<h1>{title}</h1><p>The council and the harbour board agreed on the new quay.</p>"
        "<p>Work starts in the spring and should be finished by the autumn.</p>"
        "</article></body></html>"
    )
    parsed = read(html.encode(), "long-title.html")
    assert parsed.title.endswith("…") and len(parsed.title) == 300
    assert [p.kind for p in parsed.paragraphs] == ["body", "body"]


@pytest.mark.django_db
def test_the_paste_form_without_javascript_names_a_duplicate_without_replace(
    web_server: WebServer,
    editor: User,
    client_for: ClientFor,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(editor)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(IMPORT, {"url": page_url(web_server)})
    response = client.get(response["Location"], follow=True)
    title = Article.objects.get().title
    assert messages_of(response)[-1] == f"Already imported: this page is “{title}”."


@pytest.mark.django_db
def test_the_paste_form_says_to_try_http_when_the_site_has_no_https(
    web_server: WebServer,
    editor: User,
    client_for: ClientFor,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """An address pasted without a scheme is taken as https://; a site without TLS then
    fails the handshake, and the status says what to do."""
    client = client_for(editor)
    bare = page_url(web_server).removeprefix("http://")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(IMPORT, {"url": bare}, headers=HTMX).status_code == 200
    job = ImportJob.objects.latest("pk")
    html = client.get(reverse("import_status", args=[job.pk]), headers=POLL).content.decode()
    assert "Not imported: " in html and "TLS" in html
    assert "If the site has no https, paste its address with http://." in html


@pytest.mark.django_db
def test_a_fetched_feed_too_large_is_called_a_feed(web_server: WebServer) -> None:
    with pytest.raises(ArticleImportError) as caught:
        import_feed(f"{web_server.url}/big", files=False)
    assert caught.value.reason.startswith("feed too large (")


@pytest.mark.django_db
def test_a_poll_knows_its_entries_before_the_first_is_imported(web_server: WebServer) -> None:
    events: list[str] = []

    def progress(outcome: Outcome, total: int) -> None:
        events.append(f"entry {outcome.number}/{total}")

    import_feed(
        f"{web_server.url}/fixtures/feeds/courier-rss.xml",
        files=False,
        progress=progress,
        begin=lambda total: events.append(f"begin {total}"),
    )
    assert events[:2] == ["begin 4", "entry 1/4"]
