"""No silent mistakes: an abandoned note, an expired session, a stale CSRF token, a
refusal, a server fault or a lost connection is said beside the control that was pressed,
what was typed stays, and pressing again works."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, Route, expect

from annotations import lifecycle
from annotations.models import Annotation
from articles.models import Article
from tests.conftest import PASSWORD, annotate
from tests.test_browser_highlighting import drag_select, open_article, para

pytestmark = pytest.mark.django_db(transaction=True)


def start_quote_with_note(page: Page, story: Article, note: str) -> Any:
    """Select "council", open the note fields and type ``note``; the toolbar."""
    drag_select(page, para(story, 2), 4, 11)
    toolbar = page.get_by_role("dialog", name="Tag the selected passage")
    toolbar.get_by_role("button", name="Note…").click()
    toolbar.get_by_label("Note").fill(note)
    return toolbar


def test_an_abandoned_note_is_cleared_said_and_can_be_restored(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    toolbar = start_quote_with_note(page, story, "Check the vote count")
    # A click in the text drops the selection, and with it the toolbar.
    page.locator(f"#paragraph-{para(story, 1).pk}").click()
    expect(toolbar).to_be_hidden()
    notice = page.locator("#draft-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Your note was not saved: “Check the vote count”")
    # The next selection starts empty: B's claim does not carry A's note.
    drag_select(page, para(story, 2), 0, 3)
    expect(toolbar.get_by_label("Note")).to_be_hidden()
    assert page.locator("#toolbar-form textarea[name=note]").input_value() == ""
    toolbar.get_by_role("button", name="Claim").click()
    expect(page.locator(f"#paragraph-{para(story, 2).pk} mark")).to_have_text("The")
    assert Annotation.objects.get().note == ""
    # Tagging without it lets it go: the notice is about the next tag.
    expect(notice).to_be_hidden()
    # Given up again, the editor brings it back, and it is shown before it is saved.
    drag_select(page, para(story, 3), 1, 8)
    toolbar.get_by_role("button", name="Note…").click()
    toolbar.get_by_label("Note").fill("Check the vote count")
    page.keyboard.press("Escape")
    notice.get_by_role("button", name="Restore note").click()
    expect(notice).to_be_hidden()
    drag_select(page, para(story, 2), 4, 11)
    expect(toolbar.get_by_label("Note")).to_have_value("Check the vote count")
    toolbar.get_by_role("button", name="Context").click()
    expect(page.locator(f"#paragraph-{para(story, 2).pk} mark.hl--context")).to_be_visible()
    assert Annotation.objects.get(tag="context").note == "Check the vote count"
    # Escape with a note typed: cleared and said; Dismiss forgets it.
    drag_select(page, para(story, 3), 10, 20)
    toolbar.get_by_role("button", name="Note…").click()
    toolbar.get_by_label("Note").fill("Never mind")
    page.keyboard.press("Escape")
    expect(notice).to_contain_text("“Never mind”")
    # From the text, Restore note is one Tab away (not after the whole panel).
    expect(page.get_by_role("region", name="Article text")).to_be_focused()
    page.keyboard.press("Tab")
    expect(notice.get_by_role("button", name="Restore note")).to_be_focused()
    notice.get_by_role("button", name="Dismiss").click()
    expect(notice).to_be_hidden()
    drag_select(page, para(story, 1), 4, 11)
    expect(toolbar.get_by_label("Note")).to_be_hidden()
    assert page.locator("#toolbar-form textarea[name=note]").input_value() == ""


def test_an_expired_session_asks_to_log_in_in_a_new_tab_and_keeps_the_note(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    toolbar = start_quote_with_note(page, story, "Ask for the minutes")
    page.context.clear_cookies(name="sessionid")
    toolbar.get_by_role("button", name="Quote").click()
    alert = toolbar.get_by_role("alert")
    expect(alert).to_contain_text("Your session has expired, so this was not saved")
    expect(toolbar.get_by_label("Note")).to_have_value("Ask for the minutes")
    with page.context.expect_page() as opened:
        alert.get_by_role("link", name="Log in again (new tab)").click()
    login = opened.value
    login.get_by_label("Username").fill("editor")
    login.get_by_label("Password").fill(PASSWORD)
    login.get_by_role("button", name="Log in").click()
    expect(login.get_by_role("heading", level=1)).to_be_visible()
    login.close()
    # Back here: the same press now saves, note and all (the new CSRF token included).
    toolbar.get_by_role("button", name="Quote").click()
    expect(page.locator(f"#paragraph-{para(story, 2).pk} mark.hl--quote")).to_have_text("council")
    assert Annotation.objects.get().note == "Ask for the minutes"


def test_a_stale_csrf_token_is_explained_and_pressing_again_works(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    toolbar = start_quote_with_note(page, story, "Kept")
    page.context.clear_cookies(name="csrftoken")
    toolbar.get_by_role("button", name="Quote").click()
    expect(toolbar.get_by_role("alert")).to_contain_text("security token was out of date")
    assert not Annotation.objects.exists()
    toolbar.get_by_role("button", name="Quote").click()
    expect(page.locator(f"#paragraph-{para(story, 2).pk} mark")).to_have_text("council")
    assert Annotation.objects.get().note == "Kept"


def test_a_lost_connection_and_a_gateway_error_are_said_beside_the_toolbar(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    toolbar = start_quote_with_note(page, story, "Still here")

    def gateway(route: Route) -> None:
        route.fulfill(status=502, body="Bad gateway", content_type="text/plain")

    page.route("**/annotations/", lambda route: route.abort("internetdisconnected"))
    toolbar.get_by_role("button", name="Quote").click()
    expect(toolbar.get_by_role("alert")).to_contain_text("Could not reach the server")
    page.unroute("**/annotations/")
    page.route("**/annotations/", gateway)
    toolbar.get_by_role("button", name="Quote").click()
    expect(toolbar.get_by_role("alert")).to_contain_text("error 502")
    expect(toolbar.get_by_label("Note")).to_have_value("Still here")
    page.unroute("**/annotations/")
    toolbar.get_by_role("button", name="Quote").click()
    expect(page.locator(f"#paragraph-{para(story, 2).pk} mark")).to_have_text("council")
    expect(toolbar).to_be_hidden()
    assert Annotation.objects.get().note == "Still here"


def test_a_refused_create_keeps_the_toolbar_and_says_why(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    toolbar = start_quote_with_note(page, story, "Says who")
    toolbar.get_by_label("Speaker").fill("Rosa Lind")
    toolbar.get_by_role("button", name="Context").click()
    expect(toolbar.get_by_role("alert")).to_contain_text("speaker")
    expect(toolbar).to_be_visible()
    expect(toolbar.get_by_label("Note")).to_have_value("Says who")
    assert not Annotation.objects.exists()


@pytest.mark.parametrize("choice", ["Save mine over theirs", "Keep theirs"])
def test_a_stale_edit_shows_both_versions_beside_the_entry_and_a_choice(
    page: Page,
    live_server: Any,
    login_page: Any,
    editor: User,
    admin: User,
    story: Article,
    choice: str,
) -> None:
    claim = annotate(para(story, 2), "The council", editor, note="First")
    open_article(page, live_server, login_page, editor, story)
    entry = page.locator(f"#entry-{claim.pk}")
    entry.hover()  # the actions show on hover and focus
    entry.get_by_role("link", name="Edit").click()
    entry.get_by_label("Note").fill("Mine")
    # Meanwhile a desk admin changes it.
    fields = lifecycle.Fields(tag="claim", note="Theirs", speaker="", verdict="")
    lifecycle.edit(admin, claim.pk, version=claim.version, fields=fields)
    entry.get_by_role("button", name="Save").click()
    alert = entry.get_by_role("alert")
    expect(alert).to_contain_text("Someone else changed this annotation")
    note_row = alert.get_by_role("row", name="Note")
    expect(note_row).to_contain_text("Theirs")
    expect(note_row).to_contain_text("Mine")
    expect(entry.get_by_label("Note")).to_have_value("Mine")
    alert.get_by_role("link" if choice == "Keep theirs" else "button", name=choice).click()
    wanted = "Theirs" if choice == "Keep theirs" else "Mine"
    expect(page.locator(f"#entry-{claim.pk} .entry__note")).to_have_text(wanted)
    assert Annotation.objects.get().note == wanted


def test_tag_buttons_are_disabled_while_a_selection_is_refused(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    a, b = para(story, 2), para(story, 3)
    page.evaluate(
        """([a, b]) => {
            const r = document.createRange();
            r.setStart(document.getElementById(`paragraph-${a}`).firstChild, 5);
            r.setEnd(document.getElementById(`paragraph-${b}`).firstChild, 5);
            const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
        }""",
        [a.pk, b.pk],
    )
    toolbar = page.locator("#toolbar")
    expect(toolbar.get_by_role("alert")).to_contain_text("within one paragraph")
    for name in ("Claim", "Quote", "Context", "Note…"):
        expect(toolbar.get_by_role("button", name=name)).to_be_disabled()
    drag_select(page, a, 4, 11)
    expect(toolbar.locator("#toolbar-error")).to_be_empty()
    expect(toolbar.get_by_role("button", name="Quote")).to_be_enabled()


def test_a_successful_request_leaves_no_empty_message_box(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    claim = annotate(para(story, 2), "The council", editor)
    open_article(page, live_server, login_page, editor, story)
    entry = page.locator(f"#entry-{claim.pk}")
    entry.hover()  # the actions show on hover and focus
    entry.get_by_role("link", name="History").click()
    expect(entry.get_by_role("list", name="History")).to_be_visible()
    page.locator("#panel-head select[name=tag]").select_option("claim")
    expect(page.locator("#entries > li.entry")).to_have_count(1)
    expect(page.locator("#panel-message")).to_be_hidden()
    expect(page.locator(".action-error")).to_have_count(0)
