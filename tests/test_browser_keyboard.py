"""Keyboard users: skip link to the text, highlights reached and named, focus after each
write on what changed, and arrows that move visually in right-to-left articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from annotations.models import Annotation
from articles.importing import import_bytes
from articles.models import Article
from tests.conftest import annotate
from tests.test_browser_highlighting import drag_select, open_article, para

pytestmark = pytest.mark.django_db(transaction=True)

RTL = (Path(__file__).parent / "fixtures" / "rtl-article.txt").read_text()


def test_a_skip_link_takes_the_keyboard_to_the_article_text(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the article text")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("region", name="Article text")).to_be_focused()
    # From there the caret selects and a key tags, without the mouse.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Home")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("1")
    expect(page.locator(f"#paragraph-{para(story, 2).pk} mark.hl--claim")).to_have_text("The")


def test_highlights_are_named_and_reached_with_brackets_and_enter_opens_the_entry(
    page: Page,
    live_server: Any,
    login_page: Any,
    editor: User,
    other_editor: User,
    reader: User,
    story: Article,
) -> None:
    claim = annotate(para(story, 2), "The council", other_editor, tag="claim")
    quote = annotate(para(story, 3), "It will pay for itself", editor, tag="quote")
    open_article(page, live_server, login_page, reader, story)
    page.get_by_role("region", name="Article text").focus()
    first = page.locator(f'mark[data-annotation-id="{claim.pk}"]')
    second = page.locator(f'mark[data-annotation-id="{quote.pk}"]')
    expect(first).to_have_accessible_name("Claim by other: The council")
    expect(second).to_have_accessible_name("Quote by editor: It will pay for itself")
    page.keyboard.press("]")
    expect(first).to_be_focused()
    page.keyboard.press("]")
    expect(second).to_be_focused()
    page.keyboard.press("[")
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#entry-{claim.pk} [data-jump]")).to_be_focused()
    # ...and from the entry back to its highlight.
    page.keyboard.press("Enter")
    expect(first).to_be_focused()


def test_focus_lands_on_what_each_write_made_or_changed(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    target = para(story, 2)
    drag_select(page, target, 4, 11)  # "council"
    page.get_by_role("dialog", name="Tag the selected passage").get_by_role(
        "button", name="Quote"
    ).click()
    expect(page.locator(f"#paragraph-{target.pk} mark")).to_have_text("council")
    annotation = Annotation.objects.get()
    mark = page.locator(f'mark[data-annotation-id="{annotation.pk}"]')
    expect(mark).to_be_focused()
    expect(mark).to_have_accessible_name("Quote by editor: council")

    entry = page.locator(f"#entry-{annotation.pk}")
    entry.hover()  # the actions show on hover and focus
    entry.get_by_role("link", name="Edit").click()
    expect(entry.get_by_role("radio", name="Quote")).to_be_focused()
    page.keyboard.press("ArrowRight")  # radio buttons: the next tag, Context
    entry.get_by_role("button", name="Save").click()
    expect(page.locator(f"#paragraph-{target.pk} mark.hl--context")).to_have_text("council")
    expect(entry.locator("[data-jump]")).to_be_focused()

    entry.hover()  # the actions show on hover and focus
    entry.get_by_role("button", name="Delete").click()
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    page.keyboard.press("Enter")
    expect(mark).to_be_focused()
    expect(mark).to_have_accessible_name("Context by editor: council")


def test_arrows_move_visually_in_a_right_to_left_article(
    page: Page, live_server: Any, login_page: Any, editor: User
) -> None:
    header, _, rest = RTL.partition("\n\n")
    article = import_bytes(f"{header}\nlang ar\n\n{rest}".encode(), "rtl.txt").article
    first = article.paragraphs.order_by("position").first()
    assert first is not None
    open_article(page, live_server, login_page, editor, article)
    direction = page.locator(f"#paragraph-{first.pk}").evaluate(
        "p => getComputedStyle(p).direction"
    )
    assert direction == "rtl"
    page.get_by_role("region", name="Article text").focus()
    # The caret starts at the paragraph's start, its right edge: leftwards is onwards.
    for _ in range(4):
        page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("1")
    mark = page.locator(f"#paragraph-{first.pk} mark")
    expect(mark).to_have_count(1)
    # Focus and the caret move once the swap has settled, not when the mark appears.
    expect(mark).to_be_focused()
    annotation = Annotation.objects.get()
    assert (annotation.start, annotation.end) == (0, 4)
    assert annotation.text == first.text[:4]
    # Rightwards goes back: Shift+ArrowRight from the start selects nothing more in it.
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("2")
    expect(page.locator(f"#paragraph-{first.pk} mark.hl--quote")).to_have_count(1)
    second = Annotation.objects.get(tag="quote")
    assert second.start == 3


def test_question_mark_shows_every_key_from_the_keymap_and_escape_returns(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    expect(page.locator("#keys-hint")).to_contain_text("for every key")  # not hidden here
    text = page.get_by_role("region", name="Article text")
    text.focus()
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keys")
    expect(help_dialog).to_be_visible()
    rows = page.evaluate(
        "async () => (await import('/static/js/keymap.js')).KEYMAP.map((r) => r.does)"
    )
    expect(help_dialog.locator("tbody tr")).to_have_count(len(rows))
    expect(help_dialog.get_by_role("row", name="a suggestion")).to_contain_text(
        "Accept the suggestion"
    )
    expect(help_dialog.get_by_role("row", name="Shift+A review")).to_contain_text(
        "Approve the focused annotation"
    )
    expect(help_dialog.get_by_role("row", name="] text")).to_contain_text("next highlight")
    # Keys do not act behind the overlay, and Escape gives focus back.
    page.keyboard.press("]")
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()
    expect(text).to_be_focused()
    page.get_by_role("button", name="Keys").click()
    expect(help_dialog).to_be_visible()
    help_dialog.get_by_role("button", name="Close").click()
    expect(help_dialog).to_be_hidden()


def test_undoing_a_dismissed_orphan_leaves_focus_on_the_text_not_the_page(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    paragraph = para(story, 2)
    orphan = annotate(paragraph, "council voted 7–2", editor)
    paragraph.text = "Rain fell all week; nobody spoke."
    paragraph.save()
    orphan.refresh_from_db()
    assert orphan.anchor == "orphaned"
    open_article(page, live_server, login_page, editor, story)
    page.locator(f"#orphan-{orphan.pk}").get_by_role("button", name="Dismiss").click()
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#orphan-{orphan.pk}")).to_be_visible()
    # Restored as an orphan: no highlight or entry to land on, so the article text.
    expect(page.get_by_role("region", name="Article text")).to_be_focused()


def test_enter_on_a_highlight_whose_entry_is_not_loaded_loads_and_opens_it(
    page: Page, live_server: Any, login_page: Any, editor: User, make_article: Any
) -> None:
    """More annotations than the panel draws at once (25): the entry of a late highlight
    is loaded with its page, the ones before it left as a gap that loads when pressed."""
    words = " ".join(f"w{i:02d}" for i in range(60))
    article = make_article([words], title="Sixty highlights")
    paragraph = article.paragraphs.get()
    made = [annotate(paragraph, f"w{i:02d}", editor, tag="claim") for i in range(60)]
    open_article(page, live_server, login_page, editor, article)
    expect(page.locator("#entries > li.entry")).to_have_count(25)
    late = page.locator(f'mark[data-annotation-id="{made[50].pk}"]')
    page.get_by_role("region", name="Article text").focus()
    for _ in range(51):
        page.keyboard.press("]")
    expect(late).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#entry-{made[50].pk} [data-jump]")).to_be_focused()
    # The entries between the first page and the jump are a gap: pressed, they load in order.
    page.get_by_role("link", name="Show the annotations in between").click()
    expect(page.locator("#entries > li.entry")).to_have_count(60)
    shown = page.locator("#entries > li.entry").evaluate_all("es => es.map(e => e.id)")
    assert shown == [f"entry-{a.pk}" for a in made]
    # A click on a highlight does the same.
    page.reload()
    page.locator(f'mark[data-annotation-id="{made[40].pk}"]').click()
    expect(page.locator(f"#entry-{made[40].pk}")).to_be_in_viewport()
