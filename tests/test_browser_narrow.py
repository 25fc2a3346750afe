"""At 375 px: the admin's paragraph editor fits the screen and works; the reading page's
orphan notice comes first, not after the whole article."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, ViewportSize, expect

from annotations.models import Annotation
from tests.conftest import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE: ViewportSize = {"width": 375, "height": 740}


def test_the_paragraph_editor_is_usable_at_375_px(
    page: Page, live_server: Any, login_page: Any, admin: User, make_article: ArticleFactory
) -> None:
    article = make_article(
        ["Harbour bridge", "The council voted on Tuesday."], kinds=["heading", "body"]
    )
    page.set_viewport_size(PHONE)
    login_page(admin)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    text = page.locator("textarea[name='paragraphs-1-text']")
    expect(text).to_be_visible()
    # Nothing wider than the screen: no sideways scrolling to reach the text.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = text.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    expect(page.get_by_text("Paragraph 1 (heading)")).to_be_visible()
    text.fill("The council voted on Wednesday.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert article.paragraphs.get(position=2).text == "The council voted on Wednesday."


def _with_orphan(make_article: ArticleFactory, editor: User) -> Any:
    article = make_article([f"Paragraph number {i} of a long article. " * 6 for i in range(12)])
    para = article.paragraphs.get(position=1)
    orphan = Annotation.objects.create(
        paragraph=para, start=0, end=9, text=para.text[:9], tag="claim", author=editor
    )
    Annotation.objects.filter(pk=orphan.pk).update(anchor="orphaned", paragraph=None)
    return article


def test_the_orphan_notice_comes_first_on_a_narrow_screen(
    page: Page, live_server: Any, login_page: Any, editor: User, make_article: ArticleFactory
) -> None:
    article = _with_orphan(make_article, editor)
    page.set_viewport_size(PHONE)
    login_page(editor)
    page.goto(live_server.url + article.get_absolute_url())
    notice = page.get_by_role("heading", name="1 annotation could not be placed after an edit")
    expect(notice).to_be_in_viewport()
    notice_box = notice.bounding_box()
    article_box = page.locator("#article").bounding_box()
    assert notice_box is not None and article_box is not None
    assert notice_box["y"] < article_box["y"]
    # The rest of the panel still follows the text.
    head = page.locator("#panel-head").bounding_box()
    assert head is not None and head["y"] > article_box["y"] + article_box["height"] - 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_orphan_notice_stays_in_the_panel_on_a_wide_screen(
    page: Page, live_server: Any, login_page: Any, editor: User, make_article: ArticleFactory
) -> None:
    article = _with_orphan(make_article, editor)
    page.set_viewport_size({"width": 1280, "height": 900})
    login_page(editor)
    page.goto(live_server.url + article.get_absolute_url())
    notice = page.locator("#orphans .orphans")
    expect(notice).to_be_visible()
    panel = page.locator("#annotation-panel").bounding_box()
    box = notice.bounding_box()
    assert panel is not None and box is not None
    assert box["x"] >= panel["x"]
