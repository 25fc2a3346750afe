"""An editor pastes a web page's address on the list page, in Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from articles.models import Article
from tests.accessibility import serious_violations
from tests.web_server import WebServer

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_pastes_an_address_and_opens_the_new_article(
    page: Page, live_server: Any, login_page: Any, editor: User, web_server: WebServer
) -> None:
    login_page(editor)
    page.goto(live_server.url + "/")
    field = page.get_by_label("Web page address")
    field.fill("ftp://example.org/story.html")
    page.get_by_role("button", name="Import").click()
    # The tests' tasks backend runs the job as the request commits: the answer is final.
    error = page.locator("#import-status-error")
    expect(error).to_have_text(
        "Not imported: only http and https addresses are fetched, not 'ftp:'."
    )
    expect(page.get_by_label("Web page address")).to_have_value("")
    assert serious_violations(page) == []

    page.get_by_label("Web page address").fill(f"{web_server.url}/fixtures/web/jisr-qadim.html")
    page.get_by_role("button", name="Import").click()
    link = page.get_by_role("link", name="“مجلس المدينة يوافق على ترميم الجسر القديم”")
    expect(link).to_be_visible()
    expect(page.locator("#import-status-error")).to_have_count(0)
    expect(page.locator("#import-status")).to_contain_text("Imported")
    link.click()
    article = Article.objects.get()
    expect(page).to_have_url(live_server.url + article.get_absolute_url())
    text = page.locator("#article")
    expect(text).to_have_attribute("dir", "rtl")
    expect(text).to_have_attribute("lang", "ar")
    expect(text).to_contain_text("وافق مجلس المدينة مساء الأحد")
    expect(text).to_contain_text("الجسر الحجري القديم عند الغروب. تصوير: ليلى منصور")
