"""Whatever one input trips on is that input's refusal in one line: a lone surrogate, JSON
nested too deeply, a feed entry a library fails on. The other files, entries and feeds go
on; never a traceback, never a 500."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import Article
from sources.models import Feed
from tests.test_admin_articles import ClientFor, import_lines
from tests.test_sources_views import POLL, paste
from tests.web_server import WebServer

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "robustness"
SURROGATE = "paragraphs[0].text: lone surrogate U+D800 (not a Unicode character)"


def imports(*paths: Path) -> str:
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", *map(str, paths), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_command_refuses_each_bad_file_in_one_line_and_imports_the_others(
    tmp_path: Path,
) -> None:
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 100_000 + "]" * 100_000)
    out = imports(
        FIXTURES / "good-quay.json",
        FIXTURES / "surrogate-paragraph.json",
        FIXTURES / "surrogate-title.json",
        nested,
        FIXTURES / "good-market.json",
    )
    assert f"{FIXTURES / 'surrogate-paragraph.json'}: {SURROGATE}" in out
    assert (
        f"{FIXTURES / 'surrogate-title.json'}: title: lone surrogate U+D800 "
        "(not a Unicode character)"
    ) in out
    assert f"{nested}: not a JSON article (nested too deeply)" in out
    assert "Done: 2 imported" in out
    assert set(Article.objects.values_list("title", flat=True)) == {
        "The quay reopens after the storm",
        "The night market moves to the square",
    }


def test_the_admin_upload_refuses_the_bad_file_and_imports_the_next(
    client_for: ClientFor, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    uploads = [
        SimpleUploadedFile(name, (FIXTURES / name).read_bytes())
        for name in ("good-quay.json", "surrogate-paragraph.json", "good-market.json")
    ]
    lines = import_lines(
        client_for(admin), {"uploads": uploads}, django_capture_on_commit_callbacks
    )
    assert f"surrogate-paragraph.json: refused: {SURROGATE}" in lines
    assert Article.objects.count() == 2


def test_a_pasted_url_serving_a_lone_surrogate_is_refused_not_a_500(
    web_server: WebServer,
    editor: User,
    client_for: ClientFor,
    django_capture_on_commit_callbacks: Any,
) -> None:
    url = f"{web_server.url}/fixtures/robustness/surrogate-paragraph.json"
    client = client_for(editor)
    _, job = paste(client, url, django_capture_on_commit_callbacks)
    html = client.get(reverse("import_status", args=[job.pk]), headers=POLL).content.decode()
    assert f"Not imported: {SURROGATE}." in html
    assert not Article.objects.exists()


def refused_feed(name: str) -> str:
    """import_feed's output for a feed of FIXTURES with at least one refused entry."""
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_feed", str(FIXTURES / name), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_feed_entry_with_a_lone_surrogate_is_refused_and_the_next_imported() -> None:
    text = refused_feed("surrogate-entry.rss")
    assert "title: a character reference to a lone surrogate (U+D800–U+DFFF)" in text
    assert "1 imported" in text and "1 refused" in text
    assert Article.objects.get().title == "The ferry timetable changes in June"


def test_poll_feeds_polls_the_feeds_after_one_with_a_bad_entry(web_server: WebServer) -> None:
    bad = Feed.objects.create(url=f"{web_server.url}/fixtures/robustness/surrogate-entry.rss")
    good = Feed.objects.create(url=f"{web_server.url}/fixtures/feeds/courier-rss.xml")
    out = StringIO()
    call_command("poll_feeds", stdout=out)
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.state == Feed.State.DONE and bad.refused == 1 and bad.imported == 1
    assert good.state == Feed.State.DONE and good.entries_done > 0
    assert "Done: 2 feeds polled." in out.getvalue()


def test_feed_content_with_a_control_character_is_refused_as_json_and_pages_are() -> None:
    text = refused_feed("control-entries.rss")
    assert "“The bell rings at the quarry”: paragraph 2: control character U+0007" in text
    assert "“The ferry timetable changes in June”: paragraph 1: control character U+000B" in text
    assert not Article.objects.exists()


def test_a_refusal_quoting_a_lone_surrogate_is_printable(tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    path.write_text('{"date": "2026-06-02", "\\ud800": 1, "paragraphs": [{"text": "x"}]}')
    out = imports(path)
    assert f"{path}: unknown field '\\ud800' (the fields are" in out
