"""sources.webpage: our own pages imitating news sites (tests/fixtures/web/), their exact
paragraphs and metadata (tests/fixtures/web/expected.json), and no boilerplate."""

from __future__ import annotations

import json
from typing import Any

import pytest

from articles.parsing import ArticleImportError, ParsedArticle
from sources.fetching import fetch
from sources.readers import read
from sources.webpage import read_html, rendered_text
from tests.web_server import FIXTURES, WebServer

EXPECTED: dict[str, dict[str, Any]] = json.loads(
    (FIXTURES / "web/expected.json").read_text(encoding="utf-8")
)
PAGES = sorted(EXPECTED)


def page(name: str) -> bytes:
    return (FIXTURES / "web" / name).read_bytes()


def assert_as_expected(parsed: ParsedArticle, name: str) -> None:
    expected = EXPECTED[name]
    assert [[p.kind, p.text] for p in parsed.paragraphs] == expected["paragraphs"]
    assert {
        "title": parsed.title,
        "byline": parsed.byline,
        "published": parsed.published.isoformat(),
        "source": parsed.source,
        "url": parsed.url,
        "language": parsed.language,
    } == {k: expected[k] for k in ("title", "byline", "published", "source", "url", "language")}
    assert not parsed.title_derived
    text = "\n\n".join(p.text for p in parsed.paragraphs)
    leaked = [words for words in expected["boilerplate"] if words in text]
    assert leaked == []
    # The pull quote repeats a sentence of the article: it is there once, not twice.
    assert text.count(expected["said_once"]) == 1


@pytest.mark.parametrize("name", PAGES)
def test_it_extracts_the_article_of_a_saved_page_exactly(name: str) -> None:
    assert_as_expected(read(page(name), name), name)


@pytest.mark.parametrize("name", PAGES)
def test_it_extracts_the_same_article_from_the_page_served_on_the_web(
    web_server: WebServer, name: str
) -> None:
    fetched = fetch(f"{web_server.url}/fixtures/web/{name}")
    assert_as_expected(read(fetched.data, fetched.url, fetched.content_type_header()), name)


def test_it_keeps_unicode_exactly() -> None:
    parsed = read(page("marche-couvert.html"), "marche-couvert.html")
    quote = parsed.paragraphs[3].text
    # Narrow no-break spaces inside the guillemets, from &#8239; entities, not spaces.
    assert quote.startswith("«\u202fNous avons") and "\u202f»" in quote
    german = read(page("radweg-bruecke.html"), "radweg-bruecke.html")
    # The soft hyphen (&shy;) the page put in a long word stays; <br> is a line break.
    assert "Brücken\u00adschule" in german.paragraphs[0].text
    assert german.paragraphs[-1].text.count("\n") == 2


def test_it_keeps_format_characters_and_decomposed_letters_that_trafilatura_drops() -> None:
    # A zero-width non-joiner (Persian spelling), a right-to-left mark and an e with a
    # combining accent (NFD): the page's characters, not a normalised copy.
    text = "می\u200cخواهیم \u200fدر شهر. Cafe\u0301 au lait, and a long enough sentence here."
    html = (
        "<html lang='fa'><head><meta charset='utf-8'><title>T</title>"
        "<meta property='article:published_time' content='2026-01-02'></head><body><article>"
        f"<h1>T</h1><p>{text}</p><p>{text} Once more, to make it an article.</p>"
        "</article></body></html>"
    )
    parsed = read_html(html.encode())
    assert parsed.paragraphs[0].text == text
    assert parsed.language == "fa"


def test_it_decodes_by_the_charset_the_server_sends() -> None:
    body = (
        "<html><head><title>Caf\xe9 owners</title><meta name='date' content='2026-01-02'>"
        "</head><body><article><p>The caf\xe9 on the quay reopens \u2013 with the same "
        "owners \u2013 after a winter of repairs to its roof and its terrace.</p>"
        "<p>Its owners say the menu will not change much, except for the prices.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    parsed = read(body, "https://example.org/cafe", "text/html; charset=windows-1252")
    assert parsed.paragraphs[0].text.startswith("The café on the quay reopens – with")
    assert parsed.url == "https://example.org/cafe"


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (page("section-front.html"), "no article text found on the page"),
        (page("undated-notice.html"), "no publication date found on the page"),
        (b"   \n", "empty file"),
        (b"<html><body></body></html>", "no article text found on the page"),
    ],
)
def test_it_refuses_a_page_without_an_article_in_one_line(html: bytes, reason: str) -> None:
    with pytest.raises(ArticleImportError) as caught:
        read(html, "page.html")
    assert str(caught.value) == f"page.html: {reason}"


def test_it_refuses_what_is_not_a_web_page(web_server: WebServer) -> None:
    fetched = fetch(f"{web_server.url}/fixtures/web/harbour-ferry.html?type=image/png")
    with pytest.raises(ArticleImportError) as caught:
        read(fetched.data, fetched.url, fetched.content_type_header())
    assert caught.value.reason == "not a web page or an article file (content type image/png)"


def test_it_renders_white_space_as_a_browser_does() -> None:
    from lxml.html import fragment_fromstring

    element = fragment_fromstring(
        "<p>  One\n   two&nbsp;&nbsp;three <b>four</b>\t<i> five</i><br>\n six <!-- no --> "
        "seven<script>x()</script></p>"
    )
    assert rendered_text(element) == "One two\xa0\xa0three four five\nsix seven"
