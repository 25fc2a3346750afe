"""A compact panel: ten or more entries in view at 1440 × 900, actions on hover and focus
(always on touch), collapsible history, times as people say them, and the verdict and the
fields the same in the toolbar and the Edit form."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from articles.models import Article
from tests.conftest import ArticleFactory, annotate
from tests.test_browser_highlighting import drag_select, para

pytestmark = pytest.mark.django_db(transaction=True)

FULLY_IN_VIEW = """() => {
    const panel = document.getElementById('annotation-panel').getBoundingClientRect();
    return [...document.querySelectorAll('#entries > li.entry')].filter((li) => {
        const r = li.getBoundingClientRect();
        return r.top >= panel.top && r.bottom <= panel.bottom;
    }).length;
}"""


@pytest.fixture
def busy(make_article: ArticleFactory, editor: User) -> Article:
    texts = [
        f"Paragraph {n}: the council voted on the harbour bridge and the mayor spoke."
        for n in range(14)
    ]
    article = make_article(texts)
    for paragraph in article.paragraphs.order_by("position"):
        n = paragraph.position
        extra: dict[str, Any] = {"note": "Check the minutes"} if n % 3 == 0 else {}
        if n % 4 == 0:
            extra["speaker"] = "Rosa Lind"
        annotate(paragraph, "the council voted on the harbour bridge", editor, **extra)
    return article


def open_at(page: Page, live_server: Any, login_page: Any, user: User, article: Article) -> None:
    login_page(user)
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator("#entries > li.entry").first).to_be_visible()


def test_ten_or_more_entries_are_in_view_at_1440_by_900(
    page: Page, live_server: Any, login_page: Any, editor: User, busy: Article
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    open_at(page, live_server, login_page, editor, busy)
    assert page.evaluate(FULLY_IN_VIEW) >= 10


def test_actions_show_on_hover_and_on_focus_and_history_folds(
    page: Page, live_server: Any, login_page: Any, editor: User, busy: Article
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    open_at(page, live_server, login_page, editor, busy)
    first, second = (
        page.locator("#entries > li.entry").nth(0),
        page.locator("#entries > li.entry").nth(1),
    )
    edit = first.get_by_role("link", name="Edit")
    expect(edit).to_be_hidden()
    first.hover()
    expect(edit).to_be_visible()
    # Over the byline at most, never over the annotation's words or its note.
    assert first.evaluate(
        """(li) => {
            const bar = li.querySelector('.entry__actions').getBoundingClientRect();
            return [...li.querySelectorAll('.entry__text, .entry__note')].every((el) => {
                const r = el.getBoundingClientRect();
                return bar.top >= r.bottom || bar.bottom <= r.top
                    || bar.left >= r.right || bar.right <= r.left;
            });
        }"""
    )
    # The keyboard: Tab from the entry's own button into its actions.
    second.locator("[data-jump]").focus()
    expect(second.get_by_role("link", name="Edit")).to_be_visible()
    page.keyboard.press("Tab")
    expect(second.get_by_role("link", name="Edit")).to_be_focused()
    # History opens in place and folds away again.
    second.get_by_role("link", name="History").click()
    summary = second.locator("summary", has_text="History")
    expect(second.locator(".history")).to_be_visible()
    summary.click()
    expect(second.locator(".history")).to_be_hidden()
    expect(first).to_contain_text("just now")
    expect(first).not_to_contain_text("0 minutes ago")


def test_actions_are_always_shown_on_touch_screens(
    browser: Any, live_server: Any, client_for: Any, editor: User, busy: Article
) -> None:
    context = browser.new_context(
        viewport={"width": 800, "height": 1000}, has_touch=True, is_mobile=True
    )
    session = client_for(editor).cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + busy.get_absolute_url())
    first = page.locator("#entries > li.entry").first
    expect(first.get_by_role("link", name="Edit")).to_be_visible()
    context.close()


def test_the_toolbar_and_the_edit_form_offer_the_same_fields_and_verdicts(
    page: Page, live_server: Any, login_page: Any, editor: User, busy: Article
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    open_at(page, live_server, login_page, editor, busy)
    fields = "(form) => [...form.querySelectorAll('textarea, input[type=text], select')].map((f) => f.name)"
    verdicts = "(form) => [...form.querySelectorAll('select[name=verdict] option')].map((o) => o.textContent.trim())"
    drag_select(page, para(busy, 2), 0, 9)
    toolbar_form = page.locator("#toolbar-form")
    page.locator("#entries > li.entry").first.hover()
    page.locator("#entries > li.entry").first.get_by_role("link", name="Edit").click()
    edit_form = page.locator(".entry--editing form")
    expect(edit_form).to_be_visible()
    assert (
        toolbar_form.evaluate(fields)
        == edit_form.evaluate(fields)
        == [
            "note",
            "speaker",
            "verdict",
        ]
    )
    assert toolbar_form.evaluate(verdicts) == edit_form.evaluate(verdicts)
    # One name for one meaning: no "Unverified" beside a "none yet".
    assert toolbar_form.evaluate(verdicts) == [
        "Unverified",
        "True",
        "Mostly true",
        "Misleading",
        "False",
        "Unprovable",
    ]
