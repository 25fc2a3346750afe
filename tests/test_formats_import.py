"""NewsML-G2, NITF and JSON files through the one importer: import_articles, the admin
upload, duplicates, and --replace aligning paragraphs and re-anchoring annotations."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from annotations.models import Annotation
from articles.models import Article
from tests.conftest import annotate
from tests.test_admin_articles import ClientFor, import_lines
from tests.test_formats import EXPECTED, FIXTURES

pytestmark = pytest.mark.django_db


def command(*args: str) -> str:
    out = StringIO()
    call_command("import_articles", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def stored(title: str) -> list[tuple[str, str]]:
    article = Article.objects.get(title=title)
    return list(article.paragraphs.order_by("position").values_list("kind", "text"))


def test_it_imports_each_format_exactly_and_skips_them_the_second_time() -> None:
    out = command(str(FIXTURES))
    assert "Done: 3 imported, 0 replaced, 0 unchanged, 0 skipped as duplicates" in out
    for name, expected in EXPECTED.items():
        article = Article.objects.get(title=expected["meta"]["title"])
        for field, value in expected["meta"].items():
            if field != "title_derived":
                assert getattr(article, field) == value, (name, field)
        assert stored(article.title) == expected["paragraphs"]
    out = command(str(FIXTURES))
    assert "Done: 0 imported, 0 replaced, 0 unchanged, 3 skipped as duplicates" in out
    assert Article.objects.count() == 3


def test_it_refuses_an_xml_file_that_is_not_newsml_or_nitf(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel/></rss>')
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(feed), stdout=out, stderr=StringIO())
    assert (
        f"refused   {feed}: a feed (RSS or Atom), not an article: import its entries with "
        "import_feed, or save it in the admin's Sources › Feeds"
    ) in out.getvalue()
    assert not Article.objects.exists()


def test_it_replaces_a_newsml_item_and_re_anchors_its_annotations(
    tmp_path: Path, editor: User
) -> None:
    original = (FIXTURES / "newsml-seawall.xml").read_text()
    command(str(FIXTURES / "newsml-seawall.xml"))
    article = Article.objects.get()
    quote = article.paragraphs.get(position=3)
    annotation = annotate(quote, "We cannot wait for the next surge", editor, tag="quote")
    edited = original.replace(
        "<p>The council voted",
        "<p>Storm damage was the worst in forty years.</p>\n<p>The council voted",
    ).replace("said councillor Amélie Durand", "said Councillor Amélie Durand")
    path = tmp_path / "seawall.xml"
    path.write_text(edited)
    out = command("--replace", str(path))
    assert "replaced  " in out
    texts = [text for _, text in stored(article.title)]
    assert texts[1] == "Storm damage was the worst in forty years."
    assert texts[3].startswith("“We cannot wait for the next surge,” said Councillor Amélie")
    annotation.refresh_from_db()
    assert annotation.paragraph is not None
    assert annotation.paragraph.position == 4
    assert annotation.anchor == Annotation.Anchor.PLACED
    assert annotation.paragraph.text[annotation.start : annotation.end] == annotation.text
    assert annotation.text == "We cannot wait for the next surge"


def test_the_admin_upload_takes_json_and_names_the_field_it_refuses(
    client_for: ClientFor, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    good = SimpleUploadedFile("story.json", (FIXTURES / "article.json").read_bytes())
    bad_document = {"date": "2026-05-11", "paragraphs": [{"kind": "quote", "text": "x"}]}
    bad = SimpleUploadedFile("bad.json", json.dumps(bad_document).encode())
    lines = import_lines(
        client_for(admin), {"uploads": [good, bad]}, django_capture_on_commit_callbacks
    )
    assert lines == [
        "story.json: imported: “مجلس المدينة يوافق على إصلاح الجسر القديم”, 4 paragraphs "
        "(1 heading, 1 caption)",
        "bad.json: refused: paragraphs[0].kind: 'quote' is not one of body, heading, caption",
    ]
    assert (
        stored("مجلس المدينة يوافق على إصلاح الجسر القديم")
        == EXPECTED["article.json"]["paragraphs"]
    )
