"""What a new keyboard, phone and screen-reader user found at the edges: Escape leaves a
caret, Escape cancels an Edit form, Tab goes from the selection to the toolbar and back,
a failed write keeps focus, the caret stays in the text, Ctrl+Home/End, the keys overlay
gives focus back to a highlight, long notes are refused rather than cut, the bottom sheet
does not cover the selection and every target on a phone is at least 44 px."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from annotations import lifecycle
from annotations.models import Annotation
from articles.models import Article
from tests.conftest import ArticleFactory, annotate
from tests.test_browser_highlighting import drag_select, open_article, para

pytestmark = pytest.mark.django_db(transaction=True)

SELECTED = "() => String(window.getSelection())"
CARET_IN_TEXT = """() => {
    const s = window.getSelection();
    return s.rangeCount > 0 && document.getElementById('article-body').contains(s.focusNode)
        && Boolean(s.focusNode.parentElement.closest('[data-paragraph-id]'));
}"""


def keyboard_select_council(page: Page) -> None:
    """Focus the text, go to the sentence and select "The council" with the keyboard."""
    page.locator("#article-body").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Home")
    page.keyboard.press("Control+Shift+ArrowRight")
    page.keyboard.press("Control+Shift+ArrowRight")


def test_escape_leaves_a_caret_the_arrows_carry_on_from(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    keyboard_select_council(page)
    toolbar = page.locator("#toolbar")
    expect(toolbar).to_be_visible()
    page.keyboard.press("Escape")
    expect(toolbar).to_be_hidden()
    assert page.evaluate(CARET_IN_TEXT)
    for _ in range(3):
        page.keyboard.press("Shift+ArrowRight")
    expect(toolbar).to_be_visible()
    assert page.evaluate(SELECTED) == " vo"


def test_escape_reads_the_selection_itself_before_the_debounced_refresh(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    keyboard_select_council(page)
    toolbar = page.locator("#toolbar")
    expect(toolbar).to_be_visible()
    # One more word and Escape in the same task: the debounced selectionchange cannot have
    # run yet, so a stale passage would put the caret after "council", not after "voted".
    page.evaluate(
        """() => {
            window.getSelection().modify("extend", "forward", "word");
            document.activeElement.dispatchEvent(
                new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
        }"""
    )
    expect(toolbar).to_be_hidden()
    for _ in range(3):
        page.keyboard.press("Shift+ArrowRight")
    expect(toolbar).to_be_visible()
    assert page.evaluate(SELECTED) == " 7–"


def test_tab_goes_from_the_selection_to_the_toolbar_and_shift_tab_back(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    keyboard_select_council(page)
    selected = page.evaluate(SELECTED)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Claim")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("region", name="Article text")).to_be_focused()
    assert page.evaluate(SELECTED) == selected
    page.keyboard.press("2")
    expect(page.locator(f"#paragraph-{para(story, 2).pk} mark.hl--quote")).to_have_text(selected)


def test_tab_from_the_toolbars_last_control_comes_back_to_the_passage(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    keyboard_select_council(page)
    selected = page.evaluate(SELECTED)
    toolbar = page.get_by_role("dialog", name="Tag the selected passage")
    expect(toolbar).to_be_visible()
    page.keyboard.press("n")  # the note, speaker and verdict fields unfold
    verdict = toolbar.get_by_label("Verdict")
    expect(verdict).to_be_visible()
    verdict.focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("region", name="Article text")).to_be_focused()
    assert page.evaluate(SELECTED) == selected
    expect(page.get_by_role("dialog", name="Tag the selected passage")).to_be_visible()


def test_escape_cancels_an_open_edit_form(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    claim = annotate(para(story, 2), "council", editor, note="First")
    open_article(page, live_server, login_page, editor, story)
    entry = page.locator(f"#entry-{claim.pk}")
    entry.locator("[data-jump]").focus()
    page.keyboard.press("Tab")
    expect(entry.get_by_role("link", name="Edit")).to_be_focused()
    page.keyboard.press("Enter")
    note = entry.get_by_label("Note")
    note.fill("Not meant")
    note.press("Escape")
    expect(page.locator(".entry--editing")).to_have_count(0)
    expect(entry.locator("[data-jump]")).to_be_focused()
    assert Annotation.objects.get().note == "First"


def test_a_failed_write_gives_focus_back_to_the_button_pressed(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    drag_select(page, para(story, 2), 4, 11)
    claim = page.get_by_role("button", name="Claim")
    page.context.clear_cookies(name="sessionid")
    claim.click()
    expect(page.locator("#toolbar").get_by_role("alert")).to_contain_text("session")
    expect(claim).to_be_focused()


def test_a_stale_edit_says_what_happened_without_reload_and_shows_it(
    page: Page, live_server: Any, login_page: Any, editor: User, admin: User, story: Article
) -> None:
    page.set_viewport_size({"width": 1440, "height": 700})
    claims = [annotate(para(story, 2), word, editor) for word in ("The", "council", "voted")]
    claims += [annotate(para(story, 3), word, editor) for word in ("pay", "decade", "mayor")]
    last = claims[-1]
    open_article(page, live_server, login_page, editor, story)
    entry = page.locator(f"#entry-{last.pk}")
    entry.hover()
    entry.get_by_role("link", name="Edit").click()
    entry.get_by_label("Note").fill("Mine")
    fields = lifecycle.Fields(tag="claim", note="Theirs", speaker="", verdict="")
    lifecycle.edit(admin, last.pk, version=last.version, fields=fields)
    entry.get_by_role("button", name="Save").click()
    alert = entry.get_by_role("alert")
    expect(alert).to_contain_text("Someone else changed this annotation")
    expect(alert).not_to_contain_text("reload")
    choice = alert.get_by_role("button", name="Save mine over theirs")
    expect(choice).to_be_in_viewport()
    assert page.evaluate("document.activeElement !== document.body")


def test_the_caret_stays_in_the_article_text_and_ctrl_end_goes_to_its_end(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    page.locator("#article-body").focus()
    for _ in range(12):
        page.keyboard.press("ArrowDown")
    assert page.evaluate(CARET_IN_TEXT)
    page.keyboard.press("Shift+ArrowUp")
    expect(page.locator("#toolbar").get_by_role("alert")).to_have_count(0)
    page.keyboard.press("Control+Home")
    page.keyboard.press("Control+Shift+End")
    last = para(story, 4)
    assert page.evaluate(SELECTED).endswith(last.text[-8:])


def test_the_keys_overlay_gives_focus_back_to_the_highlight(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    claim = annotate(para(story, 2), "council", editor)
    open_article(page, live_server, login_page, editor, story)
    page.locator("#article-body").focus()
    page.keyboard.press("]")
    mark = page.locator(f'mark[data-annotation-id="{claim.pk}"]')
    expect(mark).to_be_focused()
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keys")).to_be_visible()
    page.keyboard.press("Escape")
    expect(mark).to_be_focused()


def test_a_note_too_long_is_refused_and_kept_not_cut(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    drag_select(page, para(story, 2), 4, 11)
    toolbar = page.get_by_role("dialog", name="Tag the selected passage")
    toolbar.get_by_role("button", name="Note…").click()
    toolbar.get_by_label("Note").fill("L" * 2500)
    toolbar.get_by_role("button", name="Claim").click()
    expect(toolbar.get_by_role("alert")).to_contain_text("note is too long")
    assert len(toolbar.get_by_label("Note").input_value()) == 2500
    assert not Annotation.objects.exists()


@pytest.fixture
def long_story(make_article: ArticleFactory) -> Article:
    return make_article(
        [f"Line {n}: the council met at the harbour and voted on the bridge." for n in range(30)]
    )


def test_on_a_phone_the_sheet_leaves_the_selection_in_view_and_targets_are_44px(
    playwright: Any,
    browser: Any,
    live_server: Any,
    client_for: Any,
    editor: User,
    long_story: Article,
) -> None:
    context = browser.new_context(**playwright.devices["Pixel 7"])
    session = client_for(editor).cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + long_story.get_absolute_url())
    small = page.evaluate(
        """() => [...document.querySelectorAll('a, button, select, input, textarea, summary')]
            .filter((el) => el.offsetParent !== null && !el.closest('#article-body'))
            .map((el) => [el.textContent.trim().slice(0, 30) || el.name, el.getBoundingClientRect()])
            .filter(([, r]) => r.width > 0 && r.height > 0 && (r.height < 44 || r.width < 44))
            .map(([name, r]) => `${name}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""
    )
    assert small == []
    # Words near the bottom of the screen, selected the way the platform's handles do.
    rect = page.evaluate(
        """() => {
            const paras = [...document.querySelectorAll('[data-paragraph-id]')];
            const p = paras.find((el) => el.getBoundingClientRect().bottom > innerHeight - 40
                                        && el.getBoundingClientRect().top < innerHeight - 20);
            const text = p.firstChild, r = document.createRange();
            r.setStart(text, 8); r.setEnd(text, 19);
            const s = getSelection(); s.removeAllRanges(); s.addRange(r);
            return true;
        }"""
    )
    assert rect
    toolbar = page.locator("#toolbar")
    expect(toolbar).to_be_visible()
    page.wait_for_function(
        """() => {
            const s = getSelection(); if (!s.rangeCount) return false;
            const r = s.getRangeAt(0).getBoundingClientRect();
            return r.bottom <= document.getElementById('toolbar').getBoundingClientRect().top;
        }"""
    )
    context.close()
