"""axe-core finds no serious or critical violation on the pages editors and admins use:
login, list, the reading page (highlights, the toolbar with its fields open, the Edit
form, the keys overlay, orphans), the admin's changelists and its upload page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from articles.models import Article
from tests.accessibility import serious_violations
from tests.conftest import annotate
from tests.test_browser_highlighting import drag_select, open_article, para

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_login_and_list_pages_have_no_serious_violation(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    page.goto(live_server.url + "/accounts/login/")
    expect(page.get_by_label("Username")).to_be_visible()
    assert serious_violations(page) == []
    login_page(editor)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name=story.title)).to_be_visible()
    assert serious_violations(page) == []
    page.goto(live_server.url + "/?q=council")
    assert serious_violations(page) == []


def test_the_reading_page_has_no_serious_violation_in_any_state(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    for words in ("council", "voted", "council voted"):
        annotate(para(story, 2), words, editor, note="Check the minutes")
    open_article(page, live_server, login_page, editor, story)
    assert serious_violations(page) == []
    # The toolbar, with the note, speaker and verdict fields open.
    drag_select(page, para(story, 2), 0, 3)
    page.get_by_role("button", name="Note…").click()
    expect(page.get_by_label("Note")).to_be_visible()
    assert serious_violations(page) == []
    page.keyboard.press("Escape")
    # The Edit form in the panel.
    page.locator(".entry").first.hover()  # the actions show on hover and focus
    page.locator(".entry").first.get_by_role("link", name="Edit").click()
    expect(page.locator(".entry form").first).to_be_visible()
    assert serious_violations(page) == []
    # The keys overlay.
    page.locator("#article-body").focus()
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keys")).to_be_visible()
    assert serious_violations(page) == []


def test_the_orphans_notice_has_no_serious_violation(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    paragraph = para(story, 2)
    annotate(paragraph, "council", editor)
    paragraph.text = "Storm damage on Harbour Row was worse than in any year, residents said."
    paragraph.save()
    open_article(page, live_server, login_page, editor, story)
    expect(page.locator(".orphans")).to_contain_text("could not be placed")
    assert serious_violations(page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/articles/article/",
        "/admin/annotations/annotation/",
        "/admin/articles/article/upload/",
    ],
)
def test_the_admin_pages_have_no_serious_violation(
    page: Page, live_server: Any, login_page: Any, admin: User, story: Article, path: str
) -> None:
    annotate(para(story, 2), "council", admin)
    login_page(admin)
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200
    assert serious_violations(page) == []


def test_the_article_admin_with_an_outlet_less_article_and_its_change_form_are_clean(
    page: Page, live_server: Any, login_page: Any, admin: User, story: Article
) -> None:
    Article.objects.filter(pk=story.pk).update(source="")  # imported without a source line
    login_page(admin)
    page.goto(live_server.url + "/admin/articles/article/")
    expect(page.get_by_role("link", name="(no outlet)")).to_be_visible()
    assert serious_violations(page) == []
    page.goto(live_server.url + f"/admin/articles/article/{story.pk}/change/")
    expect(page.get_by_label("Text of paragraph 2")).to_be_visible()
    assert serious_violations(page) == []
