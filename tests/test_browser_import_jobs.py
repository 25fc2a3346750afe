"""Background imports in Chromium: an admin uploads several files (one of them bad) and
the progress page polls until the end, the refusal shown; an editor pastes an address
and the status polls until the article's link appears. The tasks backend here queues
jobs without running them (DummyBackend), so the test runs each job when it chooses and
the page is seen before and after: what moves it is htmx polling, not a reload."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import FilePayload, Page, expect

from articles.models import Article
from sources.jobs import run_import_job
from sources.models import ImportJob
from tests.accessibility import serious_violations
from tests.web_server import WebServer

pytestmark = pytest.mark.django_db(transaction=True)

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_an_admin_uploads_several_files_and_watches_them_import(
    page: Page, live_server: Any, login_page: Any, admin: User, settings: Any
) -> None:
    settings.TASKS = DUMMY
    login_page(admin)
    page.goto(live_server.url + "/admin/articles/article/import/")
    files: list[FilePayload] = [
        {"name": name, "mimeType": "text/plain", "buffer": data}
        for name, data in (
            ("pier.txt", b"date 2026-03-14\ntitle Pier opens\n\nIntro."),
            ("bad.txt", b"date 2021-13-45\n\nText."),
            ("قنطرة.txt", "date 2026-03-15\ntitle افتتاح القنطرة\n\nنص.".encode()),
        )
    ]
    page.get_by_label("Article files").set_input_files(files)
    page.get_by_role("button", name="Import").click()
    status = page.locator("#import-progress-status")
    expect(status).to_contain_text("Queued: 0 of 3 files done.")
    expect(page.locator("#import-files tbody tr")).to_have_count(3)
    assert not Article.objects.exists()

    run_import_job.call(ImportJob.objects.get().pk)
    expect(status).to_contain_text("Done: 3 of 3 files — 2 imported, 0 duplicates, 1 refused.")
    rows = page.locator("#import-files tbody tr")
    expect(rows.nth(1)).to_contain_text(
        "bad.txt refused: line 1: invalid date '2021-13-45' (YYYY-MM-DD)"
    )
    expect(rows.nth(0).get_by_role("link", name="Pier opens")).to_be_visible()
    expect(rows.nth(2).get_by_role("link", name="افتتاح القنطرة")).to_be_visible()
    # Done: the block no longer asks for itself.
    expect(page.locator("#import-progress")).not_to_have_attribute("hx-trigger", "every 1s")
    assert serious_violations(page) == []
    rows.nth(0).get_by_role("link", name="Pier opens").click()
    expect(page).to_have_url(
        f"{live_server.url}/admin/articles/article/{Article.objects.get(title='Pier opens').pk}/change/"
    )


def test_an_editor_pastes_an_address_and_the_status_polls_until_imported(
    page: Page,
    live_server: Any,
    login_page: Any,
    editor: User,
    web_server: WebServer,
    settings: Any,
) -> None:
    settings.TASKS = DUMMY
    login_page(editor)
    page.goto(live_server.url + "/")
    page.get_by_label("Web page address").fill("ftp://example.org/story.html")
    page.get_by_role("button", name="Import").click()
    status = page.locator("#import-status")
    expect(status).to_contain_text("Importing ftp://example.org/story.html…")
    # The field is empty again: the next address can be pasted at once.
    expect(page.get_by_label("Web page address")).to_have_value("")
    run_import_job.call(ImportJob.objects.get().pk)
    expect(page.locator("#import-status-error")).to_have_text(
        "Not imported: only http and https addresses are fetched, not 'ftp:'."
    )

    page.get_by_label("Web page address").fill(f"{web_server.url}/fixtures/web/jisr-qadim.html")
    page.get_by_role("button", name="Import").click()
    expect(status).to_contain_text("Importing")
    run_import_job.call(ImportJob.objects.latest("pk").pk)
    link = page.get_by_role("link", name="“مجلس المدينة يوافق على ترميم الجسر القديم”")
    expect(link).to_be_visible()
    expect(status).to_contain_text("Imported")
    assert serious_violations(page) == []
    link.click()
    article = Article.objects.get()
    expect(page).to_have_url(live_server.url + article.get_absolute_url())
