from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from articles.models import Article
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_logs_in_through_the_form_and_opens_an_article(
    page: Page, live_server: Any, reader: User, article: Article
) -> None:
    page.goto(live_server.url + "/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("didn't match")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name=article.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(page.locator("[data-paragraph-id]")).to_have_count(2)
    # Readers can read but not tag.
    expect(page.locator("#toolbar")).to_have_count(0)
