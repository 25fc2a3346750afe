"""What the importers say, as a new user met it: JSON's blank lines and repeated keys,
a clipped title's heading, the paste form's duplicate and scheme messages, a fetched
feed too large, and a poll's entry count known before its first entry."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User

from articles.models import Article
from articles.parsing import ArticleImportError
from sources.feeds import Outcome
from sources.formats import read_json
from sources.polling import import_feed
from sources.readers import read
from tests.test_admin_articles import ClientFor, messages_of
from tests.test_sources_views import HTMX, IMPORT, page_url
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
    web_server: WebServer, editor: User, client_for: ClientFor
) -> None:
    client = client_for(editor)
    client.post(IMPORT, {"url": page_url(web_server)})
    response = client.post(IMPORT, {"url": page_url(web_server)}, follow=True)
    title = Article.objects.get().title
    assert messages_of(response)[-1] == f"Already imported: this page is “{title}”."


@pytest.mark.django_db
def test_the_paste_form_says_it_assumed_https_for_an_address_without_scheme(
    web_server: WebServer, editor: User, client_for: ClientFor
) -> None:
    bare = page_url(web_server).removeprefix("http://")
    response = client_for(editor).post(IMPORT, {"url": bare}, headers=HTMX)
    assert response.status_code == 400
    assert (
        "(the address had no scheme: https:// was assumed; paste it with http:// if the site "
        "has no https)"
    ) in response.content.decode()


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
