"""The panel keeps the reader's place: Save, Delete, Undo and a new annotation leave its
scroll position where it was and the entry acted on in view."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from annotations.models import Annotation
from articles.models import Article
from tests.conftest import ArticleFactory, annotate
from tests.test_browser_highlighting import drag_select

pytestmark = pytest.mark.django_db(transaction=True)

PANEL = "document.getElementById('annotation-panel')"
IN_VIEW = """(id) => {
    const panel = document.getElementById('annotation-panel');
    const entry = document.getElementById(`entry-${id}`);
    if (!entry) return false;
    const p = panel.getBoundingClientRect(), e = entry.getBoundingClientRect();
    return e.top >= p.top - 1 && e.top < p.bottom;
}"""


@pytest.fixture
def long_story(make_article: ArticleFactory, editor: User) -> Article:
    texts = [
        f"Paragraph {n}: the council met again and the mayor spoke at length." for n in range(24)
    ]
    article = make_article(texts)
    for paragraph in article.paragraphs.order_by("position"):
        annotate(paragraph, "the council", editor, note=f"Check item {paragraph.position}")
    return article


def scroll_panel_to(page: Page, annotation: Annotation) -> int:
    page.evaluate(
        f"(id) => {{ const p = {PANEL}; p.scrollTop = document.getElementById(`entry-${{id}}`)"
        ".offsetTop - p.offsetTop - 120; }",
        annotation.pk,
    )
    return int(page.evaluate(f"{PANEL}.scrollTop"))


def test_save_delete_undo_and_create_keep_the_panels_place(
    page: Page, live_server: Any, login_page: Any, editor: User, long_story: Article
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    login_page(editor)
    page.goto(live_server.url + long_story.get_absolute_url())
    target = Annotation.objects.get(paragraph__position=14)
    before = scroll_panel_to(page, target)
    assert before > 600
    entry = page.locator(f"#entry-{target.pk}")
    # Save.
    entry.hover()  # the actions show on hover and focus
    entry.get_by_role("link", name="Edit").click()
    entry.get_by_label("Note").fill("Asked the clerk")
    entry.get_by_role("button", name="Save").click()
    expect(entry).to_contain_text("Asked the clerk")
    assert abs(page.evaluate(f"{PANEL}.scrollTop") - before) < 40
    assert page.evaluate(IN_VIEW, target.pk)
    # Delete, then Undo.
    entry.hover()  # the actions show on hover and focus
    entry.get_by_role("button", name="Delete").click()
    expect(entry).to_have_count(0)
    assert abs(page.evaluate(f"{PANEL}.scrollTop") - before) < 200
    page.locator("#undo").get_by_role("button", name="Undo").click()
    expect(entry).to_be_visible()
    assert page.evaluate(IN_VIEW, target.pk)
    assert page.evaluate(f"{PANEL}.scrollTop") > before - 200
    # A new annotation on a paragraph whose entries are in view.
    para = long_story.paragraphs.get(position=14)
    mark = page.locator(f"#paragraph-{para.pk}")
    mark.scroll_into_view_if_needed()
    box = page.evaluate(
        """(id) => { const p = document.getElementById(`paragraph-${id}`);
        const r = document.createRange(); const t = p.lastChild;
        r.setStart(t, t.data.indexOf('mayor')); r.setEnd(t, t.data.indexOf('mayor') + 5);
        const b = r.getBoundingClientRect(); return {x: b.left + 1, y: b.top + b.height / 2, x2: b.right - 1}; }""",
        para.pk,
    )
    page.mouse.move(box["x"], box["y"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y"], steps=5)
    page.mouse.up()
    page.get_by_role("dialog", name="Tag the selected passage").get_by_role(
        "button", name="Quote"
    ).click()
    expect(page.locator(f"#paragraph-{para.pk} mark.hl--quote")).to_have_text("mayor")
    created = Annotation.objects.get(text="mayor")
    expect(page.locator(f"#entry-{created.pk}")).to_be_attached()
    assert page.evaluate(IN_VIEW, created.pk)
    assert page.evaluate(f"{PANEL}.scrollTop") > before - 200
    # A new annotation whose entry is out of the panel's view: the panel brings it in.
    page.evaluate(f"{PANEL}.scrollTop = 0")
    last = long_story.paragraphs.get(position=24)
    page.locator(f"#paragraph-{last.pk}").scroll_into_view_if_needed()
    drag_select(page, last, last.text.index("mayor"), last.text.index("mayor") + 5)
    page.get_by_role("dialog", name="Tag the selected passage").get_by_role(
        "button", name="Context"
    ).click()
    expect(page.locator(f"#paragraph-{last.pk} mark.hl--context")).to_have_text("mayor")
    late = Annotation.objects.get(text="mayor", tag="context")
    page.wait_for_function(IN_VIEW, arg=late.pk)


@pytest.fixture
def crowded(make_article: ArticleFactory, editor: User) -> Article:
    article = make_article(["One paragraph for the page.", "Another paragraph."])
    first = article.paragraphs.get(position=1)
    for n in range(60):
        annotate(first, "paragraph" if n % 2 else "One", editor, note=f"Note {n}")
    return article


def open_crowded(
    page: Page, live_server: Any, login_page: Any, editor: User, crowded: Article
) -> Any:
    """The crowded article at 1440 x 900, its first 25 entries drawn; the entries."""
    page.set_viewport_size({"width": 1440, "height": 900})
    login_page(editor)
    page.goto(live_server.url + crowded.get_absolute_url())
    entries = page.locator("#entries > li.entry")
    expect(entries).to_have_count(25)
    return entries


def test_scrolling_the_panel_itself_loads_the_next_entries(
    page: Page, live_server: Any, login_page: Any, editor: User, crowded: Article
) -> None:
    entries = open_crowded(page, live_server, login_page, editor, crowded)
    # The page is short: only the panel scrolls.
    page.evaluate(f"{PANEL}.scrollTop = {PANEL}.scrollHeight")
    expect(entries).to_have_count(50)
    page.evaluate(f"{PANEL}.scrollTop = {PANEL}.scrollHeight")
    expect(entries).to_have_count(60)
    assert page.url.endswith(crowded.get_absolute_url())


def test_the_load_more_link_loads_in_place(
    page: Page, live_server: Any, login_page: Any, editor: User, crowded: Article
) -> None:
    entries = open_crowded(page, live_server, login_page, editor, crowded)
    page.locator("#entries-more a").dispatch_event("click")
    expect(entries).to_have_count(50)
    assert page.url.endswith(crowded.get_absolute_url())
