"""An admin edits the article in the Django admin; the editor's highlights follow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from articles.models import Article
from tests.conftest import ArticleFactory, annotate
from tests.test_browser_highlighting import drag_select

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Harbour Row flooded twice this winter, and 23 homes were damaged by the storms."


@pytest.fixture
def open_as(
    browser: Browser, live_server: Any, client_for: Callable[[User | None], Client]
) -> Callable[[User, str], Page]:
    def _open(user: User, path: str) -> Page:
        context = browser.new_context()
        cookie = client_for(user).cookies["sessionid"]
        context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
        page = context.new_page()
        page.goto(live_server.url + path)
        return page

    return _open


@pytest.fixture
def story(make_article: ArticleFactory) -> Article:
    return make_article(paragraphs=["Flood repairs", TEXT], kinds=["heading", "body"])


def edit_in_admin(page: Page, live_server: Any, paragraph_id: int, text: str) -> None:
    page.goto(f"{live_server.url}/admin/articles/paragraph/{paragraph_id}/change/")
    page.locator("textarea[name=text]").fill(text)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


def test_an_admin_edit_moves_the_highlight_with_its_words(
    open_as: Callable[[User, str], Page],
    live_server: Any,
    admin: User,
    editor: User,
    story: Article,
) -> None:
    paragraph = story.paragraphs.get(position=2)
    annotation = annotate(paragraph, "23 homes", editor)
    admin_page = open_as(admin, "/admin/")
    edited = "Residents of Harbour Row said the street flooded twice this winter, and 23 homes were damaged by the storms."
    edit_in_admin(admin_page, live_server, paragraph.pk, edited)

    page = open_as(editor, story.get_absolute_url())
    mark = page.locator(f'mark[data-annotation-id="{annotation.pk}"]')
    expect(mark).to_have_text("23 homes")
    annotation.refresh_from_db()
    assert annotation.start == edited.index("23 homes")
    # The history names the edit and who made it.
    page.locator(f"#entry-{annotation.pk}").hover()  # the actions show on hover and focus
    page.locator(f"#entry-{annotation.pk}").get_by_role("link", name="History").click()
    expect(page.locator(f"#history-{annotation.pk}")).to_contain_text(
        "Re-anchored · article edit by boss"
    )


def test_a_rewrite_orphans_and_the_editor_reattaches_it(
    open_as: Callable[[User, str], Page],
    live_server: Any,
    admin: User,
    editor: User,
    story: Article,
) -> None:
    paragraph = story.paragraphs.get(position=2)
    annotation = annotate(paragraph, "flooded twice", editor, note="Check council records")
    rewritten = "Storm damage on Harbour Row was worse than in any year since 1987, residents said."
    edit_in_admin(open_as(admin, "/admin/"), live_server, paragraph.pk, rewritten)

    page = open_as(editor, story.get_absolute_url())
    expect(page.locator(".orphans")).to_contain_text(
        "1 annotation could not be placed after an edit"
    )
    expect(page.locator(f'mark[data-annotation-id="{annotation.pk}"]')).to_have_count(0)
    page.get_by_role("button", name="Re-attach").click()
    new_start = rewritten.index("worse than in any year since 1987")
    drag_select(page, paragraph, new_start, new_start + len("worse than in any year since 1987"))
    page.get_by_role("button", name="Attach here").click()
    expect(page.locator(f'mark[data-annotation-id="{annotation.pk}"]')).to_have_text(
        "worse than in any year since 1987"
    )
    expect(page.locator(".orphans")).to_have_count(0)
    annotation.refresh_from_db()
    assert (annotation.anchor, annotation.note, annotation.paragraph_id) == (
        "placed",
        "Check council records",
        paragraph.pk,
    )
