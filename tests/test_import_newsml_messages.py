"""A NewsML-G2 newsMessage of several text items: each item an article, in its own
transaction, an item refused on its own, duplicates recognised; a line for each item on
the command line (the admin's job progress: tests/test_import_jobs.py)."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from articles.parsing import ArticleImportError, ParsedArticle
from sources.formats import read_xml, read_xml_items
from sources.importing import import_items

MESSAGES = Path(__file__).resolve().parent / "fixtures" / "formats" / "messages"
BATCH = MESSAGES / "wire-batch.xml"
NAR = "http://iptc.org/std/nar/2006-10-01/"
TRAM = "Night trams run again on the harbour line"
LIBRARY = "La bibliothèque du port ouvre le dimanche"
NO_DATE = "no date (NewsML-G2 keeps it in contentCreated, firstCreated or versionCreated)"


def test_it_reads_each_text_item_and_leaves_the_picture_out() -> None:
    items = read_xml_items(BATCH.read_bytes())
    assert len(items) == 4
    tram, library, undated, again = items
    assert isinstance(tram, ParsedArticle) and isinstance(library, ParsedArticle)
    assert isinstance(again, ParsedArticle)
    assert [(p.kind, p.text) for p in tram.paragraphs] == [
        ("body", "Trams will run every 20\u00a0minutes after midnight from Friday."),
        (
            "body",
            "“Shift workers asked for this for years,” said Noor Haddad of the riders’ union.",
        ),
    ]
    assert (tram.title, tram.published, tram.source, tram.byline, tram.language) == (
        TRAM,
        datetime.date(2026, 3, 4),
        "Calder Wire",
        "Lía Ferreira",
        "en",
    )
    assert tram.url == "https://wire.calder-courier.example/2026/03/04/tram-night-service"
    assert [p.text for p in library.paragraphs] == [
        "La bibliothèque ouvrira de 10 h à 16 h chaque dimanche.",
        "Le conseil a voté 9 voix contre 2 pour financer deux postes.",
    ]
    assert (library.language, library.published) == ("fr", datetime.date(2026, 3, 4))
    assert isinstance(undated, ArticleImportError) and undated.reason == NO_DATE


def test_a_single_article_reader_still_refuses_a_message_of_several() -> None:
    with pytest.raises(ArticleImportError) as refused:
        read_xml(BATCH.read_bytes())
    assert refused.value.reason == (
        "a NewsML-G2 newsMessage with 4 text news items, one article is read here "
        "(import the file to get each item as an article)"
    )


def test_a_message_without_text_items_is_refused_as_a_whole() -> None:
    picture = '<newsItem><itemMeta><itemClass qcode="ninat:picture"/></itemMeta></newsItem>'
    data = f'<newsMessage xmlns="{NAR}"><itemSet>{picture}</itemSet></newsMessage>'.encode()
    with pytest.raises(ArticleImportError) as refused:
        read_xml_items(data)
    assert refused.value.reason == "a NewsML-G2 newsMessage with no text news items"


@pytest.mark.django_db
def test_it_imports_each_item_on_its_own_and_reports_each() -> None:
    seen: list[tuple[str, str, int]] = []
    outcomes = import_items(
        BATCH.read_bytes(),
        "wire-batch.xml",
        progress=lambda outcome, total: seen.append((outcome.name, outcome.status, total)),
    )
    assert seen == [
        ("wire-batch.xml, item 1 of 4", "imported", 4),
        ("wire-batch.xml, item 2 of 4", "imported", 4),
        ("wire-batch.xml, item 3 of 4", "refused", 4),
        ("wire-batch.xml, item 4 of 4", "skipped", 4),
    ]
    assert str(outcomes[2].error) == f"wire-batch.xml, item 3 of 4: {NO_DATE}"
    tram = Article.objects.get(title=TRAM)
    # The duplicate is recognised by its canonical URL, and the first item stays as it was.
    assert outcomes[3].result is not None and outcomes[3].result.article == tram
    assert tram.paragraphs.count() == 2
    assert sorted(Article.objects.values_list("title", flat=True)) == sorted([TRAM, LIBRARY])


@pytest.mark.django_db
def test_the_command_prints_a_line_per_item_and_counts_items() -> None:
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_articles", str(BATCH), stdout=out, stderr=StringIO())
    assert str(error.value) == (
        "1 file, folder or newsMessage item was refused, see the lines above."
    )
    lines = out.getvalue().splitlines()
    tram = Article.objects.get(title=TRAM)
    assert lines == [
        f"imported  {BATCH}, item 1 of 4: “{TRAM}”, 2 paragraphs (0 headings, 0 captions)",
        f"imported  {BATCH}, item 2 of 4: “{LIBRARY}”, 2 paragraphs (0 headings, 0 captions)",
        f"refused   {BATCH}, item 3 of 4: {NO_DATE}",
        f"skipped   {BATCH}, item 4 of 4: duplicate of “{TRAM}” ({tram.slug}), replace to update it",
        "Done: 2 imported, 0 replaced, 0 unchanged, 1 skipped as duplicates, 1 refused (1 files).",
    ]
    again = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(BATCH), stdout=again, stderr=StringIO())
    assert "Done: 0 imported, 0 replaced, 0 unchanged, 3 skipped as duplicates, 1 refused" in (
        again.getvalue()
    )
    assert Article.objects.count() == 2
