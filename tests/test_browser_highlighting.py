"""The real thing: Chromium against the live server, selecting and tagging text."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from annotations.models import Annotation
from articles.models import Article, Paragraph
from tests.conftest import QUOTE

pytestmark = pytest.mark.django_db(transaction=True)


def para(article: Article, position: int) -> Paragraph:
    return article.paragraphs.get(position=position)


def open_article(
    page: Page, live_server: Any, login_page: Any, user: User, article: Article
) -> Page:
    login_page(user)
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator("#article-body")).to_be_visible()
    return page


def drag_select(page: Page, paragraph: Paragraph, start: int, end: int) -> None:
    """Press the mouse at character ``start`` and release it at ``end`` (code points)."""
    # The mouse reaches only what is in the viewport: bring the paragraph there first.
    page.locator(f"#paragraph-{paragraph.pk}").scroll_into_view_if_needed()
    box = page.evaluate(
        """([id, start, end]) => {
            const p = document.getElementById(`paragraph-${id}`);
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            const points = [];
            let seen = 0, node;
            const want = [start, end];
            while ((node = walker.nextNode())) {
                const chars = Array.from(node.data);
                let unit = 0;
                for (let i = 0; i <= chars.length; i++) {
                    for (const w of want) if (seen + i === w && points.length < 2 && !points.some(q => q.w === w)) points.push({w, node, unit});
                    if (i < chars.length) unit += chars[i].length;
                }
                seen += chars.length;
            }
            const rectAt = ({node, unit}, side) => {
                const r = document.createRange();
                if (side === "start") { r.setStart(node, unit); r.setEnd(node, Math.min(unit + 1, node.length)); }
                else { r.setStart(node, Math.max(unit - 1, 0)); r.setEnd(node, unit); }
                const rect = r.getBoundingClientRect();
                return side === "start" ? {x: rect.left + 1, y: rect.top + rect.height / 2}
                                        : {x: rect.right - 1, y: rect.top + rect.height / 2};
            };
            const a = points.find(q => q.w === start), b = points.find(q => q.w === end);
            return {from: rectAt(a, "start"), to: rectAt(b, "end")};
        }""",
        [paragraph.pk, start, end],
    )
    page.mouse.move(box["from"]["x"], box["from"]["y"])
    page.mouse.down()
    page.mouse.move(box["to"]["x"], box["to"]["y"], steps=8)
    page.mouse.up()


def test_it_tags_a_mouse_selection_with_the_button_and_adds_a_note(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    target = para(story, 3)
    start = QUOTE.index("It will")
    end = QUOTE.index(",”")
    drag_select(page, target, start, end)
    toolbar = page.get_by_role("dialog", name="Tag the selected passage")
    expect(toolbar).to_be_visible()
    page.get_by_role("button", name="Note…").click()
    page.get_by_label("Note").fill("Ask for the business case")
    page.get_by_label("Speaker").fill("Rosa Lind")
    toolbar.get_by_role("button", name="Quote").click()
    mark = page.locator(f"#paragraph-{target.pk} mark.hl--quote")
    expect(mark).to_have_text("It will pay for itself within a decade")
    expect(page.locator("#live")).to_have_text("Quote added")
    expect(toolbar).to_be_hidden()
    annotation = Annotation.objects.get()
    assert (annotation.text, annotation.note, annotation.speaker, annotation.author) == (
        "It will pay for itself within a decade",
        "Ask for the business case",
        "Rosa Lind",
        editor,
    )
    expect(page.locator(f"#entry-{annotation.pk}")).to_contain_text("Ask for the business case")


def test_it_selects_with_the_keyboard_and_tags_with_a_key(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    page.locator("#article-body").focus()
    page.keyboard.press("ArrowDown")  # from the heading to the first body paragraph
    page.keyboard.press("Home")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("1")
    mark = page.locator(f"#paragraph-{para(story, 2).pk} mark.hl--claim")
    expect(mark).to_have_text("The")
    expect(mark).to_be_focused()  # once the swap settled: the caret has moved too
    assert Annotation.objects.get().tag == "claim"
    # The caret carries on after the new highlight; Escape dismisses without saving.
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    expect(page.locator("#toolbar")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#toolbar")).to_be_hidden()
    assert Annotation.objects.count() == 1


def test_it_edits_deletes_undoes_and_survives_a_reload(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    target = para(story, 2)
    drag_select(page, target, 4, 11)  # "council"
    page.keyboard.press("2")
    expect(page.locator(f"#paragraph-{target.pk} mark")).to_have_text("council")
    annotation = Annotation.objects.get()
    entry = page.locator(f"#entry-{annotation.pk}")
    entry.hover()  # the actions show on hover and focus
    entry.get_by_role("link", name="Edit").click()
    entry.get_by_label("Context").check()
    entry.get_by_role("button", name="Save").click()
    expect(page.locator(f"#paragraph-{target.pk} mark.hl--context")).to_have_text("council")
    annotation.refresh_from_db()
    assert annotation.tag == "context"

    page.locator(f"#entry-{annotation.pk}").hover()  # the actions show on hover and focus
    page.locator(f"#entry-{annotation.pk}").get_by_role("button", name="Delete").click()
    expect(page.locator(f"#paragraph-{target.pk} mark")).to_have_count(0)
    assert not Annotation.objects.exists()
    page.get_by_role("button", name="Undo").click()
    expect(page.locator(f"#paragraph-{target.pk} mark.hl--context")).to_have_text("council")
    assert Annotation.objects.get().pk == annotation.pk

    page.reload()
    expect(page.locator(f"#paragraph-{target.pk} mark.hl--context")).to_have_text("council")
    expect(page.locator(f"#entry-{annotation.pk}")).to_contain_text("Context")


def test_it_highlights_the_right_characters_after_emoji(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    target = para(story, 4)
    start = target.text.index("bridge vote")
    drag_select(page, target, start, start + len("bridge vote"))
    page.keyboard.press("3")
    expect(page.locator(f"#paragraph-{target.pk} mark")).to_have_text("bridge vote")
    annotation = Annotation.objects.get()
    assert (annotation.start, annotation.text) == (start, "bridge vote")


def test_it_refuses_a_selection_across_paragraphs(
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
    expect(page.locator("#toolbar").get_by_role("alert")).to_contain_text("within one paragraph")
    page.keyboard.press("1")
    assert not Annotation.objects.exists()


def test_a_reader_sees_highlights_but_no_toolbar(
    page: Page, live_server: Any, login_page: Any, editor: User, reader: User, story: Article
) -> None:
    target = para(story, 3)
    annotation = Annotation.objects.create(
        paragraph=target, start=1, end=7, text=target.text[1:7], tag="quote", author=editor
    )
    open_article(page, live_server, login_page, reader, story)
    expect(page.locator(f'mark[data-annotation-id="{annotation.pk}"]')).to_have_text("It wil")
    drag_select(page, target, 10, 20)
    page.wait_for_timeout(300)
    expect(page.locator("#toolbar")).to_have_count(0)
    # clicking the highlight focuses its entry in the panel
    page.locator(f'mark[data-annotation-id="{annotation.pk}"]').click()
    expect(page.locator(f"#entry-{annotation.pk} [data-jump]")).to_be_focused()


def test_the_panel_filter_is_kept_in_the_address_and_after_tagging(
    page: Page,
    live_server: Any,
    login_page: Any,
    editor: User,
    other_editor: User,
    story: Article,
) -> None:
    target = para(story, 2)
    Annotation.objects.create(
        paragraph=target, start=0, end=3, text="The", tag="claim", author=other_editor
    )
    open_article(page, live_server, login_page, editor, story)
    page.get_by_label("Author").select_option("other")
    expect(page).to_have_url(f"{live_server.url}{story.get_absolute_url()}?author=other")
    drag_select(page, target, 4, 11)
    page.keyboard.press("2")
    expect(page.locator(f"#paragraph-{target.pk} mark.hl--quote")).to_have_text("council")
    # the new quote is drawn, but the panel still shows only the other editor's entry
    expect(page.locator("#entries > li.entry")).to_have_count(1)
    expect(page.locator("#entries")).to_contain_text("other")
    page.reload()
    expect(page.locator("#entries > li.entry")).to_have_count(1)
