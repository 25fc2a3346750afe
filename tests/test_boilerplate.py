"""sources.boilerplate: one pruning for web pages, feed content and NewsML-G2 XHTML bodies
(hidden text, embedded posts, pull quotes, bylines, date lines, "Read more:" links)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article
from sources.formats import read_xml
from sources.readers import read

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


def test_feed_content_is_pruned_as_a_web_page_is() -> None:
    out = StringIO()
    call_command("import_feed", str(FIXTURES / "boilerplate" / "feed-content.rss"), stdout=out)
    article = Article.objects.get()
    assert list(article.paragraphs.order_by("position").values_list("text", flat=True)) == [
        "The library opened a reading garden behind its east wing on Tuesday.",
        "“A garden is a library you can sit in,” the librarian said at the opening.",
        "Volunteers planted the beds over the spring with roses, lavender and herbs.",
    ]


def test_a_newsml_xhtml_body_leaves_an_embedded_tweet_out() -> None:
    parsed = read_xml((FIXTURES / "boilerplate" / "newsml-xhtml-tweet.xml").read_bytes())
    assert [p.text for p in parsed.paragraphs] == [
        "The community orchard on Mill Lane gave its first harvest of cherries on Wednesday.",
        "Twenty families picked fruit from the trees they planted four years ago.",
    ]


def test_a_web_page_leaves_bylines_date_lines_and_read_more_links_out() -> None:
    name = "boilerplate-de.html"
    parsed = read((FIXTURES / "web-edges" / name).read_bytes(), name)
    assert [p.text for p in parsed.paragraphs] == [
        "Die neue Fähre auf dem Stausee nimmt im Mai den Betrieb auf, teilte die Gemeinde "
        "am Dienstag mit.",
        "Sie fasst vierzig Fahrgäste und zehn Fahrräder und fährt im Sommer jede halbe Stunde.",
        "Der Fährmann freut sich auf die Saison, sagte er, und auf die vielen Gäste vom "
        "Campingplatz.",
    ]


def test_a_heading_that_reads_like_a_byline_is_kept() -> None:
    html = (
        b"<html lang='en'><head><meta charset='utf-8'><title>Walks</title>"
        b"<meta property='article:published_time' content='2026-07-04'></head><body><article>"
        b"<h1>Walks</h1><p>The walking club meets at the mill every Sunday at nine.</p>"
        b"<h2>By The River</h2><p>The river path is the club's favourite walk in summer.</p>"
        b"<p>By Anna Berg</p></article></body></html>"
    )
    parsed = read(html, "walks.html")
    assert [(p.kind, p.text) for p in parsed.paragraphs] == [
        ("body", "The walking club meets at the mill every Sunday at nine."),
        ("heading", "By The River"),
        ("body", "The river path is the club's favourite walk in summer."),
    ]
