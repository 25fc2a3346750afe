"""Which stored article a new one is (README, "Duplicates"): the same canonical URL, else
the same day and title or paragraphs when neither URL nor outlet disagrees. Another
outlet's article of the same day and headline is a new article, never a replacement."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from annotations.models import Annotation
from articles.models import Article
from tests.conftest import annotate

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "identity"


def command(*args: str) -> str:
    out = StringIO()
    call_command("import_articles", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_never_replaces_another_outlets_article_of_the_same_day_and_title(
    editor: User,
) -> None:
    command(str(FIXTURES / "valley-bridge.json"))
    valley = Article.objects.get()
    first = valley.paragraphs.get(position=1)
    annotation = annotate(first, "repair the old stone bridge", editor, tag="claim")
    out = command("--replace", str(FIXTURES / "other-outlet-bridge.json"))
    assert "imported  " in out and "replaced" not in out.split("Done:")[0]
    assert Article.objects.count() == 2
    valley.refresh_from_db()
    assert (valley.source, valley.url) == (
        "The Valley Paper",
        "https://valley-paper.example/2026/05/11/bridge-repair",
    )
    assert valley.paragraphs.count() == 2
    annotation.refresh_from_db()
    assert annotation.anchor == Annotation.Anchor.PLACED
    assert annotation.paragraph_id == first.pk
    other = Article.objects.get(source="Another Outlet")
    assert other.url == "https://another-outlet.example/2026/05/11/bridge"
    assert other.slug != valley.slug
    # The same file again is a duplicate of its own article, not of the Valley Paper's.
    out = command(str(FIXTURES / "other-outlet-bridge.json"))
    assert f"({other.slug})" in out


def test_without_urls_the_outlet_tells_two_same_titled_articles_apart() -> None:
    out = command(str(FIXTURES / "letters-north.json"), str(FIXTURES / "letters-south.json"))
    assert "Done: 2 imported" in out
    assert set(Article.objects.values_list("source", flat=True)) == {
        "North Gazette",
        "South Herald",
    }
    # The same outlet (its name in other case) and day and title: the same article.
    out = command("--replace", str(FIXTURES / "letters-north-edited.json"))
    assert "Done: 0 imported, 1 replaced" in out
    north = Article.objects.get(source__iexact="north gazette")
    assert north.paragraphs.get().text.endswith("and its fares.")
    south = Article.objects.get(source="South Herald")
    assert south.paragraphs.get().text.endswith("library hours.")
