"""sources.readers: which reader takes a file or a fetched page, and the refusals."""

from __future__ import annotations

import pytest

from articles.parsing import ArticleImportError
from sources import webpage
from sources.readers import (
    accepted,
    extension,
    pick,
    read,
    read_json,
    read_newsroom_xml,
    read_text,
)
from tests.web_server import FIXTURES

TXT = b"date 2026-03-14\ntitle Pier opens\n\nThe pier opens on Monday, a week early.\n"


@pytest.mark.parametrize(
    ("name", "content_type", "reader"),
    [
        ("story.txt", "", read_text),
        ("STORY.TXT", "", read_text),
        ("page.html", "", webpage.read_html),
        ("page.htm", "", webpage.read_html),
        ("https://news.example/a", "text/html; charset=utf-8", webpage.read_html),
        ("https://news.example/a.txt", "text/html", webpage.read_html),  # the type decides
        ("https://news.example/a", "application/xhtml+xml", webpage.read_html),
        ("https://news.example/a.html", "application/octet-stream", webpage.read_html),
        ("https://news.example/a.html", "", webpage.read_html),
        ("https://news.example/plain", "text/plain", read_text),
        ("wire/item.XML", "", read_newsroom_xml),
        ("https://wire.example/item", "application/vnd.iptc.g2.newsitem+xml", read_newsroom_xml),
        ("https://cms.example/api/story", "application/json; charset=utf-8", read_json),
        ("story.json", "", read_json),
    ],
)
def test_it_picks_the_reader_by_content_type_then_extension(
    name: str, content_type: str, reader: object
) -> None:
    assert pick(name, content_type).read is reader


@pytest.mark.parametrize(
    ("name", "content_type", "reason"),
    [
        (
            "story.docx",
            "",
            "not a file Newsroom reads (.docx; it reads .txt, .html, .htm, .xml, .json)",
        ),
        (
            "README",
            "",
            "not a file Newsroom reads (no extension; it reads .txt, .html, .htm, .xml, .json)",
        ),
        (
            "https://news.example/a.html",
            "image/png",
            "not a web page or an article file (content type image/png)",
        ),
        ("https://news.example/a", "", "not a web page or an article file (content type none)"),
    ],
)
def test_it_refuses_what_no_reader_takes_naming_the_file(
    name: str, content_type: str, reason: str
) -> None:
    with pytest.raises(ArticleImportError) as caught:
        read(b"<html></html>", name, content_type)
    assert (caught.value.name, caught.value.reason) == (name, reason)


def test_it_reads_both_formats_into_the_same_shape() -> None:
    text = read(TXT, "pier.txt")
    page = read((FIXTURES / "web/harbour-ferry.html").read_bytes(), "ferry.html")
    assert (text.title, text.paragraphs[0].text) == (
        "Pier opens",
        "The pier opens on Monday, a week early.",
    )
    assert page.title == "Harbour ferry returns after six-month repair"


def test_it_offers_every_extension_and_type_to_file_inputs() -> None:
    assert accepted() == [
        ".txt",
        ".html",
        ".htm",
        ".xml",
        ".json",
        "text/plain",
        "text/html",
        "application/xhtml+xml",
        "application/xml",
        "text/xml",
        "application/nitf+xml",
        "application/vnd.iptc.g2.newsitem+xml",
        "application/vnd.iptc.g2.newsmessage+xml",
        "application/json",
    ]
    assert extension("https://news.example/a/Story.HTML?x=1.txt") == ".html"
    assert extension("C:\\pages\\story.htm") == ".htm"
