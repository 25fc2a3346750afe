"""Touch: phones and tablets (Playwright's device profiles, touch events through CDP).
A swipe that the browser turns into a scroll (pointercancel, no pointerup) must not stop
the toolbar from following the selection; targets are 44 px, the tags sit in one row (a
bottom sheet on narrow screens) and keyboard hints are hidden."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import Browser, Page, Playwright, expect

from annotations.models import Annotation
from articles.models import Article
from tests.test_browser_highlighting import para

pytestmark = pytest.mark.django_db(transaction=True)

DEVICES = {
    "Pixel 7": ("Pixel 7", None),
    "375 px phone": ("Pixel 7", {"width": 375, "height": 740}),
    "Galaxy Tab S4": ("Galaxy Tab S4", None),
}


@pytest.fixture(params=list(DEVICES))
def touch_page(
    request: pytest.FixtureRequest,
    playwright: Playwright,
    browser: Browser,
    live_server: Any,
    client_for: Callable[[User | None], Client],
    editor: User,
) -> Iterator[Page]:
    name, viewport = DEVICES[request.param]
    profile = {k: v for k, v in playwright.devices[name].items() if k != "default_browser_type"}
    if viewport:
        profile["viewport"] = viewport
    context = browser.new_context(**profile)
    cookie = client_for(editor).cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    yield page
    context.close()


def swipe_up(page: Page, x: float, y: float) -> None:
    """A finger dragged upwards: the browser scrolls, so the pointer is cancelled."""
    cdp = page.context.new_cdp_session(page)
    touch = "Input.dispatchTouchEvent"
    cdp.send(touch, {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 9):
        cdp.send(touch, {"type": "touchMove", "touchPoints": [{"x": x, "y": y - 25 * step}]})
    cdp.send(touch, {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def select_words(page: Page, paragraph_id: int, start: int, end: int) -> None:
    """Select as the handles of a long press do: selectionchange, and no pointerup."""
    page.evaluate(
        """([id, start, end]) => {
            const text = document.getElementById(`paragraph-${id}`).firstChild;
            const range = document.createRange();
            range.setStart(text, start); range.setEnd(text, end);
            const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        }""",
        [paragraph_id, start, end],
    )


def test_after_a_swipe_a_touch_selection_gets_the_toolbar_and_a_tap_tags_it(
    touch_page: Page, live_server: Any, story: Article
) -> None:
    page = touch_page
    page.goto(live_server.url + story.get_absolute_url())
    target = para(story, 2)
    paragraph = page.locator(f"#paragraph-{target.pk}")
    expect(paragraph).to_be_visible()
    page.evaluate(
        """() => { window.cancelled = 0;
            document.addEventListener("pointercancel", () => { window.cancelled += 1; }, true); }"""
    )
    box = paragraph.bounding_box()
    assert box is not None
    swipe_up(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("window.cancelled > 0")
    paragraph.scroll_into_view_if_needed()
    select_words(page, target.pk, 4, 11)  # "council"
    toolbar = page.get_by_role("dialog", name="Tag the selected passage")
    expect(toolbar).to_be_visible()

    viewport = page.viewport_size
    assert viewport is not None
    buttons = [
        toolbar.get_by_role("button", name=n) for n in ("Claim", "Quote", "Context", "Note…")
    ]
    boxes = [b.bounding_box() for b in buttons]
    for button_box in boxes:
        assert button_box is not None
        assert button_box["width"] >= 44 and button_box["height"] >= 44
        assert button_box["x"] >= 0 and button_box["x"] + button_box["width"] <= viewport["width"]
    assert len({round(b["y"]) for b in boxes if b}) == 1, "the tags sit in one row"
    sheet = toolbar.bounding_box()
    assert sheet is not None
    if viewport["width"] <= 600:
        # A bottom sheet: full width, at the bottom, clear of the selection's own menu.
        assert round(sheet["y"] + sheet["height"]) == viewport["height"]
        assert round(sheet["width"]) == viewport["width"]
    # Keyboard hints mean nothing to a finger.
    expect(page.locator("#keys-hint")).to_be_hidden()
    expect(toolbar.locator("kbd").first).to_be_hidden()
    expect(page.get_by_role("button", name="Keys")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    toolbar.get_by_role("button", name="Quote").tap()
    expect(page.locator(f"#paragraph-{target.pk} mark.hl--quote")).to_have_text("council")
    assert Annotation.objects.get().text == "council"
    expect(toolbar).to_be_hidden()


SMALL_TARGETS = """() => {
    const seen = [];
    const targets = document.querySelectorAll(
        "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=tab]");
    for (const el of targets) {
        // What a finger hits: a check box's or radio's label when it wraps it.
        const hit = el.matches("input[type=checkbox], input[type=radio]") && el.closest("label") || el;
        const box = hit.getBoundingClientRect();
        const style = getComputedStyle(hit);
        if (!box.width || !box.height || style.visibility === "hidden") continue;
        if (el.closest("[hidden], .visually-hidden, .skip-link, .article__body")) continue;
        if (box.height < 43.5) seen.push(`${el.outerHTML.slice(0, 90)} ${box.height.toFixed(1)}px`);
    }
    return seen;
}"""


def test_every_target_on_the_reading_and_list_pages_is_44px_on_touch(
    touch_page: Page, live_server: Any, story: Article, editor: User, make_article: Any
) -> None:
    """Each link, button and field a finger may need, on the pages an editor uses: the
    reading page with its panel (an entry, the Edit form, the suggestions tab) and the
    list page with its export form. (Links inside the article text are its words.)"""
    from annotations.models import Annotation as A
    from suggestions import store

    page = touch_page
    article = make_article(
        ["“It will pay for itself,” said Rosa Lind, the mayor."], title="Touch targets"
    )
    article.url = "https://example.org/touch"
    article.save()
    store.recompute(article.pk)
    paragraph = article.paragraphs.get()
    A.objects.create(
        article=article,
        paragraph=paragraph,
        start=0,
        end=5,
        text=paragraph.text[:5],
        tag="claim",
        author=editor,
    )
    page.goto(live_server.url + article.get_absolute_url())
    assert page.evaluate(SMALL_TARGETS) == []
    page.locator("#entries li.entry").first.get_by_role("link", name="Edit").tap()
    expect(page.locator("#entries .edit-form")).to_be_visible()
    assert page.evaluate(SMALL_TARGETS) == []
    page.get_by_role("tab", name=re.compile("^Suggestions")).tap()
    page.locator("#suggestion-list").get_by_role("link", name="Edit…").tap()
    expect(page.locator("#suggestion-list .edit-form")).to_be_visible()
    assert page.evaluate(SMALL_TARGETS) == []
    page.goto(live_server.url + "/")
    assert page.evaluate(SMALL_TARGETS) == []


def test_every_target_on_the_agreement_page_is_44px_on_touch(
    touch_page: Page, live_server: Any, make_article: Any, editor: User, other_editor: User
) -> None:
    """The agreement page as a reviewer (here the editor, a reviewer too) on an article
    ready for review: its links, the adopt and "nobody" buttons, the merged-version
    summary and, once opened, its form."""
    from django.contrib.auth.models import Group

    from tests.agreement_world import P1, hand_in
    from tests.conftest import annotate

    editor.groups.add(Group.objects.get(name="Reviewers"))
    article = make_article([P1], title="Touch agreement")
    paragraph = article.paragraphs.get()
    annotate(paragraph, "harbour bridge", editor)
    annotate(paragraph, "new harbour bridge", other_editor, tag="quote")
    hand_in(article)
    page = touch_page
    page.goto(live_server.url + f"/articles/{article.slug}/agreement")
    expect(page.get_by_role("button", name="Adopt this version").first).to_be_visible()
    assert page.evaluate(SMALL_TARGETS) == []
    page.get_by_text("Write a merged version…").tap()
    expect(page.locator(".dispute__merge-form")).to_be_visible()
    assert page.evaluate(SMALL_TARGETS) == []
