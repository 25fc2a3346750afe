"""RSS and Atom feeds imported offline: a feed with full content read from a file, a feed
of links served (with its pages) by a local HTTP server on loopback; exact paragraphs
and metadata, duplicates on a second run, refusals per entry, not a feed, unsafe XML."""

from __future__ import annotations

import datetime
import json
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from articles.parsing import ArticleImportError
from sources.feeds import MAX_FEED_BYTES, entry_article, parse_feed
from sources.polling import load
from tests.web_server import WebServer

FIXTURES = Path(__file__).parent / "fixtures"
RSS = FIXTURES / "feeds" / "courier-rss.xml"


@pytest.fixture
def fixture_server(web_server: WebServer) -> str:
    """The root URL of tests/fixtures on the tests' loopback server (fetching allowed)."""
    return f"{web_server.url}/fixtures/"


def run(*args: str) -> tuple[str, str]:
    """The command's output, and its CommandError's message ("" when it succeeded)."""
    out = StringIO()
    try:
        call_command("import_feed", *args, stdout=out, stderr=StringIO())
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), ""


def article(title: str) -> dict[str, Any]:
    found = Article.objects.get(title=title)
    return {
        "published": found.published,
        "source": found.source,
        "byline": found.byline,
        "url": found.url,
        "language": found.language,
        "paragraphs": list(found.paragraphs.order_by("position").values_list("kind", "text")),
    }


NIGHT_BUSES = {
    "published": datetime.date(2026, 6, 1),
    "source": "The Calder Courier",
    "byline": "Marta Quill",
    "url": "https://calder-courier.example/news/2026/06/01/night-buses",
    "language": "en",
    "paragraphs": [
        (
            "body",
            "Route\xa07 will run again after midnight from Monday, the transport authority "
            "said – two years after the night service was cut.",
        ),
        ("caption", "A night bus waits at Harbour Row."),
        ("heading", "Fares & times"),
        ("body", "Buses leave every 40\xa0minutes until 3\xa0a.m.\nThe fare is £2."),
    ],
}
MARCHE = {
    "published": datetime.date(2026, 6, 2),
    "source": "The Calder Courier",
    "byline": "Élodie Marchand",
    "url": "https://calder-courier.example/fr/2026/06/02/marche-de-nuit",
    "language": "en",
    "paragraphs": [
        ("body", "Le marché de nuit rouvre samedi, avec trente\u202fstands."),
        ("body", "« C’est une fête pour tout le quartier », dit Noé Girard."),
    ],
}


@pytest.mark.django_db
def test_it_imports_full_content_entries_and_refuses_the_others_one_line_each() -> None:
    out, error = run(str(RSS))
    assert out.splitlines() == [
        "imported  [1/4] “Night buses return to the harbour route”, 4 paragraphs (1 heading, 1 caption)",
        "imported  [2/4] “Le marché de nuit revient sur le port”, 2 paragraphs (0 headings, 0 captions)",
        "refused   [3/4] “A story with no date”: no date (the entry has no published or updated date)",
        "refused   [4/4] “A title and nothing else”: neither content nor a link",
        "Done: 2 imported, 0 replaced, 0 unchanged, 0 duplicates, 2 refused (4 entries).",
    ]
    assert error == "2 entries were refused, see the lines above."
    assert article("Night buses return to the harbour route") == NIGHT_BUSES
    assert article("Le marché de nuit revient sur le port") == MARCHE
    # No script, no image, no teaser (the RSS description) leaked in.
    assert Article.objects.count() == 2

    out, _ = run(str(RSS))
    assert out.splitlines()[:2] == [
        "skipped   [1/4] duplicate of “Night buses return to the harbour route” (night-buses-return-to-the-harbour-route), replace to update it",
        "skipped   [2/4] duplicate of “Le marché de nuit revient sur le port” (le-marché-de-nuit-revient-sur-le-port), replace to update it",
    ]
    assert out.splitlines()[-2:] == [
        "Done: 0 imported, 0 replaced, 0 unchanged, 2 duplicates, 2 refused (4 entries).",
        "Nothing new was imported.",
    ]
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_it_replaces_an_entry_whose_content_changed(tmp_path: Path) -> None:
    run(str(RSS))
    edited = tmp_path / "edited.xml"
    edited.write_bytes(
        RSS.read_bytes().replace(b"The fare is \xc2\xa32.", b"The fare is \xc2\xa32.50.")
    )
    out, _ = run(str(edited), "--replace")
    assert out.splitlines()[0].startswith(
        "replaced  [1/4] “Night buses return to the harbour route”, now 4 paragraphs"
    )
    assert article("Night buses return to the harbour route")["paragraphs"][3] == (
        "body",
        "Buses leave every 40\xa0minutes until 3\xa0a.m.\nThe fare is £2.50.",
    )


WEB_PAGES = json.loads((FIXTURES / "web" / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_it_fetches_and_extracts_the_pages_of_a_feed_of_links(fixture_server: str) -> None:
    feed = f"{fixture_server}feeds/courier-atom.xml"
    out, error = run(feed)
    lines = out.splitlines()
    for number, page in enumerate(WEB_PAGES.values(), start=1):
        assert lines[number - 1].startswith(f"imported  [{number}/6] “{page['title']}”")
    assert lines[4:] == [
        f"refused   [5/6] “A page that was taken down”: {fixture_server}feeds/pages/missing.html: "
        "the server answered 404 Not Found",
        f"refused   [6/6] “The front page”: {fixture_server}feeds/pages/front-page.html: "
        "no article text found on the page",
        "Done: 4 imported, 0 replaced, 0 unchanged, 0 duplicates, 2 refused (6 entries).",
    ]
    assert error == "2 entries were refused, see the lines above."
    for name, page in WEB_PAGES.items():
        stored = article(page["title"])
        assert stored["published"] == datetime.date.fromisoformat(page["published"]), name
        for field in ("source", "byline", "url", "language"):
            assert stored[field] == page[field], (name, field)
        assert stored["paragraphs"] == [tuple(p) for p in page["paragraphs"]], name
        texts = "\n".join(text for _, text in stored["paragraphs"])
        for boilerplate in page["boilerplate"]:
            assert boilerplate not in texts, (name, boilerplate)
        assert texts.count(page["said_once"]) == 1, name

    out, _ = run(feed)
    assert out.splitlines()[-2:] == [
        "Done: 0 imported, 0 replaced, 0 unchanged, 4 duplicates, 2 refused (6 entries).",
        "Nothing new was imported.",
    ]
    assert Article.objects.count() == 4


@pytest.mark.django_db
def test_it_skips_an_entry_whose_link_was_imported_without_fetching_it(
    fixture_server: str, web_server: WebServer
) -> None:
    feed = f"{fixture_server}feeds/courier-atom.xml"
    run(feed)
    ferry = Article.objects.get(title="Harbour ferry returns after six-month repair")
    ferry.url = f"{fixture_server}web/harbour-ferry.html"
    ferry.save()
    web_server.requests.clear()
    out, _ = run(feed)
    assert out.splitlines()[0] == (
        "skipped   [1/6] duplicate of “Harbour ferry returns after six-month repair” "
        "(harbour-ferry-returns-after-six-month-repair), already imported from this link"
    )
    served = [path for path, _ in web_server.requests]
    assert "/fixtures/web/harbour-ferry.html" not in served
    assert "/fixtures/web/marche-couvert.html" in served


NOT_FEEDS = [
    (
        "web/harbour-ferry.html",
        "not a feed: no RSS or Atom found (line 17, column 2: mismatched tag)",
    ),
    (
        "formats/article.json",
        "not a feed: no RSS or Atom found (line 2, column 0: not well-formed (invalid token))",
    ),
    ("formats/nitf-brueckenbau.xml", "not a feed: no RSS or Atom found"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "reason"), NOT_FEEDS)
def test_it_refuses_what_is_not_a_feed_in_one_line(name: str, reason: str) -> None:
    path = FIXTURES / name
    _, error = run(str(path))
    assert error == f"refused   {path}: {reason}"
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_feed_it_cannot_fetch_in_one_line(fixture_server: str, settings: Any) -> None:
    _, error = run(f"{fixture_server}feeds/gone.xml")
    assert error == f"refused   {fixture_server}feeds/gone.xml: the server answered 404 Not Found"
    _, error = run("ftp://feeds.example/news.xml")
    assert (
        error
        == "refused   ftp://feeds.example/news.xml: only http and https addresses are fetched, not 'ftp:'"
    )
    settings.NEWSROOM_FETCH_ALLOW_NETWORKS = []
    _, error = run(f"{fixture_server}feeds/courier-atom.xml")
    assert error == (
        f"refused   {fixture_server}feeds/courier-atom.xml: 127.0.0.1 is a private, loopback or "
        "link-local address, which is not fetched"
    )
    _, error = run("/nonexistent/feed.xml")
    assert error == "refused   /nonexistent/feed.xml: No such file or directory"


def test_it_refuses_a_feed_that_declares_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{laughs}'
        f'<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
        '<rss version="2.0"><channel><title>&l9;</title><item><title>A &l9; &s;</title>'
        "<description>x</description></item></channel></rss>"
    ).encode()
    started = time.monotonic()
    with pytest.raises(ArticleImportError) as caught:
        parse_feed(data)
    # Generous: expanding &l9; would be 10^9 × "lol", minutes and gigabytes.
    assert time.monotonic() - started < 60
    assert caught.value.reason == (
        "not a feed Newsroom reads: it declares entities (<!ENTITY>), refused as unsafe"
    )


def test_it_refuses_a_feed_whose_structure_is_broken() -> None:
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>x</item></channel></rss>"
    )
    with pytest.raises(ArticleImportError) as caught:
        parse_feed(data)
    assert caught.value.reason == (
        "not a feed: not well-formed XML (line 1, column 98: mismatched tag)"
    )


@pytest.mark.django_db
def test_an_atom_entry_without_a_link_or_content_is_refused_for_that(tmp_path: Path) -> None:
    path = tmp_path / "ids.atom"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Tern Valley News</title><id>urn:a2</id><updated>2026-06-15T09:00:00Z</updated>"
        "<entry><title>No link here</title><id>urn:a2:3</id>"
        "<updated>2026-06-15T09:00:00Z</updated><summary>Short.</summary></entry></feed>"
    )
    out, error = run(str(path))
    assert "“No link here”: neither content nor a link" in out
    assert error


def test_it_refuses_an_empty_or_too_large_feed() -> None:
    with pytest.raises(ArticleImportError, match=r"^empty file$"):
        parse_feed(b" \n")
    with pytest.raises(
        ArticleImportError, match=r"^feed too large \(20\.0 MB, the limit is 20 MB\)$"
    ):
        parse_feed(b"<rss>" + b" " * (20 * 1024 * 1024))


ATOM_CONTENT = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title>Ahlenfelder Bote</title>
  <entry>
    <title type="html">Br&amp;uuml;cke &lt;em&gt;fertig&lt;/em&gt;</title>
    <link href="https://ahlenfelder-bote.example/a"/>
    <updated>2026-04-20T23:30:00-02:00</updated>
    <author><name>Greta Süßmilch</name></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Lose Zeile<br/>zwei
      <p>Die Brücke ist <em>fertig</em>.</p><ul><li>84 m</li></ul></div></content>
  </entry>
  <entry>
    <title>Nur Text</title>
    <link href="https://ahlenfelder-bote.example/b"/>
    <published>Tue, 21 Apr 2026 08:00:00 +0200</published>
    <content type="text">Erster Absatz.

Zweiter   Absatz.</content>
  </entry>
</feed>"""


def test_it_reads_atom_xhtml_and_text_content_and_html_titles() -> None:
    feed = parse_feed(ATOM_CONTENT.encode())
    first, second = feed.entries
    assert (first.title, first.published, first.author, first.language) == (
        "Brücke fertig",
        datetime.date(2026, 4, 20),
        "Greta Süßmilch",
        "de",
    )
    assert second.published == datetime.date(2026, 4, 21)
    articles = [entry_article(entry, feed, read_page=_no_fetch) for entry in feed.entries]
    assert [(p.kind, p.text) for p in articles[0].paragraphs] == [
        ("body", "Lose Zeile\nzwei"),
        ("body", "Die Brücke ist fertig."),
        ("body", "84 m"),
    ]
    assert [(p.kind, p.text) for p in articles[1].paragraphs] == [
        ("body", "Erster Absatz."),
        # Plain text is kept as written: its runs of spaces too.
        ("body", "Zweiter   Absatz."),
    ]
    assert (articles[0].source, articles[0].url) == (
        "Ahlenfelder Bote",
        "https://ahlenfelder-bote.example/a",
    )


def _no_fetch(url: str) -> Any:
    raise AssertionError(f"an entry with content fetched {url}")


@pytest.mark.django_db
def test_saved_feeds_read_no_file_outside_the_feed_folder(settings: Any, tmp_path: Path) -> None:
    settings.NEWSROOM_FEED_FILES_DIR = tmp_path / "feeds"
    with pytest.raises(ArticleImportError) as caught:
        load(RSS.as_uri(), files=False)
    assert str(caught.value) == (
        f"{RSS.as_uri()}: A file: URL must name a feed file inside {tmp_path / 'feeds'}."
    )
    with pytest.raises(ArticleImportError) as caught:
        load(str(RSS), files=False)
    assert str(caught.value) == f"{RSS}: only http and https feeds are polled"
    # The command line reads any file its user can, file: URLs too.
    assert load(RSS.as_uri(), files=True) == (RSS.read_bytes(), "")
    big = tmp_path / "big.xml"
    big.write_bytes(b" " * (MAX_FEED_BYTES + 1))
    with pytest.raises(ArticleImportError) as caught:
        load(str(big), files=True)
    assert str(caught.value) == f"{big}: feed too large (20.0 MB, the limit is 20 MB)"
