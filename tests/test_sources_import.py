"""Web pages through the one importer: import_articles (.html files, --url), the admin
upload, duplicates by canonical URL and by content, --replace re-anchoring annotations,
and all or nothing per article."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from annotations.models import Annotation
from articles.models import Article, Paragraph
from tests.conftest import annotate, assert_exact
from tests.test_admin_articles import import_lines
from tests.web_server import FIXTURES, WebServer

pytestmark = pytest.mark.django_db
FERRY = FIXTURES / "web/harbour-ferry.html"
TITLE = "Harbour ferry returns after six-month repair"


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_articles", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def run_failing(*args: str) -> tuple[str, str]:
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_articles", *args, stdout=out, stderr=StringIO())
    return out.getvalue(), str(caught.value)


def test_it_imports_html_files_and_folders_of_them(tmp_path: Path) -> None:
    for name in ("harbour-ferry.html", "jisr-qadim.html"):
        shutil.copy(FIXTURES / "web" / name, tmp_path / name)
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    out = run(str(tmp_path))
    assert (
        f"imported  {tmp_path / 'harbour-ferry.html'}: “{TITLE}”, 7 paragraphs (1 heading, 1 caption)"
        in out
    )
    assert (
        "Done: 2 imported, 0 replaced, 0 unchanged, 0 skipped as duplicates, 0 refused (2 files)."
        in out
    )
    arabic = Article.objects.get(language="ar")
    assert (arabic.source, arabic.byline, str(arabic.published)) == (
        "صحيفة الميناء",
        "سلمى حداد",
        "2026-02-09",
    )
    assert arabic.direction == "rtl"


def test_it_imports_pages_by_url_and_refuses_the_bad_ones_in_one_line(
    web_server: WebServer,
) -> None:
    good = f"{web_server.url}/fixtures/web/marche-couvert.html"
    empty = f"{web_server.url}/fixtures/web/section-front.html"
    out, error = run_failing("--url", good, "--url", empty, "--url", "ftp://example.org/x")
    assert (
        f"imported  {good}: “Le marché couvert rouvrira en juin”, 7 paragraphs (1 heading, 1 caption)"
        in out
    )
    assert f"refused   {empty}: no article text found on the page" in out
    assert (
        "refused   ftp://example.org/x: only http and https addresses are fetched, not 'ftp:'"
        in out
    )
    assert (
        "Done: 1 imported, 0 replaced, 0 unchanged, 0 skipped as duplicates, 2 refused (0 files, 3 pages)."
        in out
    )
    assert error == "2 files, folders or pages were refused, see the lines above."
    article = Article.objects.get()
    assert (
        article.url
        == "https://gazette-estuaire.example/local/2026/05/03/marche-couvert-reouverture"
    )


def test_it_needs_something_to_import() -> None:
    with pytest.raises(CommandError, match=r"Give files or folders to import, or --url URL\."):
        call_command("import_articles", stdout=StringIO())


def test_it_knows_a_page_again_by_canonical_url_and_by_content(
    tmp_path: Path, web_server: WebServer
) -> None:
    run(str(FERRY))
    out = run("--url", f"{web_server.url}/fixtures/web/harbour-ferry.html")
    assert "skipped" in out and f"duplicate of “{TITLE}”" in out
    # Another address and another title, the same paragraphs on the same day.
    copy = tmp_path / "copy.html"
    html = FERRY.read_text(encoding="utf-8")
    html = html.replace("harbour-ferry-returns", "ferry-back").replace(
        "Harbour ferry returns after six-month repair", "Ferry back in service"
    )
    copy.write_text(html, encoding="utf-8")
    out = run(str(copy))
    assert f"skipped   {copy}: duplicate of “{TITLE}”" in out
    assert Article.objects.count() == 1


def test_replace_aligns_a_changed_page_and_keeps_the_annotations(
    tmp_path: Path, editor: User
) -> None:
    path = tmp_path / "ferry.html"
    shutil.copy(FERRY, path)
    run(str(path))
    article = Article.objects.get()
    fares = article.paragraphs.get(text__startswith="Fares will stay")
    kept = annotate(fares, "£2.40 for a single crossing", editor)
    cost = annotate(article.paragraphs.get(text__startswith="The repair cost"), "£318,000", editor)
    ids = dict(article.paragraphs.values_list("text", "id"))

    html = path.read_text(encoding="utf-8")
    html = html.replace(
        "<h2>A new timetable</h2>",
        "<h2>A new timetable</h2>\n    <p>The timetable was agreed with the unions on Thursday after two weeks of talks.</p>",
    ).replace("The repair cost £318,000", "The repair finally cost £318,000")
    path.write_text(html, encoding="utf-8")
    out = run(str(path), "--replace")
    assert f"replaced  {path}: “{TITLE}”, now 8 paragraphs (1 heading, 1 caption)" in out

    kept.refresh_from_db()
    cost.refresh_from_db()
    # The paragraph under the new one kept its row and its annotation's offsets.
    assert (kept.paragraph_id, kept.anchor, kept.start) == (
        fares.pk,
        "placed",
        fares.text.index("£2.40"),
    )
    assert Paragraph.objects.get(pk=fares.pk).position == 7
    # The edited paragraph got the new text; its annotation followed its words.
    assert cost.paragraph_id is not None
    edited = Paragraph.objects.get(pk=cost.paragraph_id)
    assert edited.text.startswith("The repair finally cost £318,000")
    assert (
        edited.pk
        == ids[
            "The repair cost £318,000, of which the operator’s insurer paid about two thirds; the remainder came from the harbour reserve fund."
        ]
    )
    assert (cost.anchor, edited.text[cost.start : cost.end]) == ("placed", "£318,000")
    assert Annotation.objects.count() == 2
    assert_exact()
    assert "unchanged" in run(str(path), "--replace")


def test_a_page_over_a_limit_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "long.html"
    long = "word " * 4_100  # 20,500 characters in one paragraph
    path.write_text(
        FERRY.read_text(encoding="utf-8").replace(
            "<p>Fares will stay", f"<p>{long.strip()}.</p>\n    <p>Fares will stay"
        ),
        encoding="utf-8",
    )
    out, _ = run_failing(str(path))
    assert f"refused   {path}: paragraph 6 is 20,500 characters long, the limit is 20,000" in out
    assert not Article.objects.exists() and not Paragraph.objects.exists()


def test_the_admin_upload_takes_html_files(
    admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(admin)
    upload = SimpleUploadedFile("ferry.html", FERRY.read_bytes(), content_type="text/html")
    lines = import_lines(client, {"uploads": [upload]}, django_capture_on_commit_callbacks)
    assert lines == [f"ferry.html: imported: “{TITLE}”, 7 paragraphs (1 heading, 1 caption)"]
    assert Article.objects.get().source == "The Calder Courier"
