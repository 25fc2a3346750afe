"""Suggestions on the reading page, in Chromium: outlines that hide and show, the panel's
section in reading order, accept, reject (not back after a recompute), edit-then-accept,
accept all with Undo, the keys `.` `,` `a` `x`, and touch."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import Browser, Page, Playwright, expect

from annotations.models import Annotation
from articles.models import Article
from suggestions import store
from suggestions.models import Decision, Suggestion
from tests.conftest import ArticleFactory, annotate
from tests.test_browser_highlighting import drag_select, open_article

pytestmark = pytest.mark.django_db(transaction=True)

PARAGRAPHS = [
    "The council voted 7–2 on Tuesday to fund the new harbour bridge.",
    "“It will pay for itself within a decade,” said the mayor, Rosa Lind.",
    "According to Tom Berg, the city engineer, the harbour needs dredging.",
    "“We are ready,” said Anna Holm, the harbour master. “The work starts in May.”",
]
QUOTE = "It will pay for itself within a decade,"


@pytest.fixture
def suggested(make_article: ArticleFactory) -> Article:
    article = make_article(PARAGRAPHS, title="Harbour bridge suggestions")
    store.recompute(article.pk)
    return article


def suggestions_tab(page: Page) -> None:
    """Open the panel's Suggestions tab (the Annotations tab is shown first)."""
    tab = page.get_by_role("tab", name=re.compile("^Suggestions"))
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")


def sid(article: Article, text: str) -> int:
    return Suggestion.objects.get(article=article, text=text).pk


def outline(page: Page, pk: int) -> Any:
    return page.locator(f'#article-body mark[data-suggestion-id="{pk}"]')


def test_it_outlines_suggestions_lists_them_in_reading_order_and_hides_them(
    page: Page, live_server: Any, login_page: Any, editor: User, suggested: Article
) -> None:
    open_article(page, live_server, login_page, editor, suggested)
    suggestions_tab(page)
    quote = outline(page, sid(suggested, QUOTE))
    expect(quote).to_have_accessible_name("Suggested quote (Rosa Lind)")
    style = quote.evaluate(
        "m => [getComputedStyle(m).borderTopStyle, getComputedStyle(m).backgroundColor]"
    )
    assert style == ["dashed", "rgba(0, 0, 0, 0)"]  # an outline, not a fill
    entries = page.locator("#suggestion-list li[data-suggestion-id]")
    expected = list(
        Suggestion.objects.filter(article=suggested)
        .order_by("paragraph__position", "start")
        .values_list("pk", flat=True)
    )
    assert [int(x) for x in entries.evaluate_all("es => es.map(e => e.dataset.suggestionId)")] == (
        expected
    )
    entry = page.locator(f"#suggestion-{sid(suggested, QUOTE)}")
    expect(entry).to_contain_text("Speaker: Rosa Lind")
    expect(entry).to_contain_text("direct quotation")
    expect(page.locator("#suggestion-count")).to_have_text("5")
    toggle = page.get_by_role("button", name="Hide suggestions")
    toggle.click()
    expect(page.get_by_role("button", name="Show suggestions")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert quote.evaluate("m => getComputedStyle(m).borderTopColor") == "rgba(0, 0, 0, 0)"
    expect(page.locator("#suggestion-list")).to_be_hidden()
    page.reload()  # the choice is kept
    expect(page.get_by_role("button", name="Show suggestions")).to_be_visible()
    page.get_by_role("button", name="Show suggestions").click()
    expect(page.locator("#suggestion-list")).to_be_visible()
    assert quote.evaluate("m => getComputedStyle(m).borderTopColor") != "rgba(0, 0, 0, 0)"


def test_it_accepts_and_rejects_with_the_buttons_and_a_rejection_stays(
    page: Page, live_server: Any, login_page: Any, editor: User, suggested: Article
) -> None:
    open_article(page, live_server, login_page, editor, suggested)
    suggestions_tab(page)
    quote = sid(suggested, QUOTE)
    page.locator(f"#suggestion-{quote}").get_by_role("button", name="Accept").click()
    annotation = page.locator("#article-body mark.hl--quote")
    expect(annotation).to_have_text(QUOTE)
    expect(outline(page, quote)).to_have_count(0)
    expect(page.locator(f"#suggestion-{quote}")).to_have_count(0)
    expect(page.locator("#suggestion-count")).to_have_text("4")
    expect(page.locator("#annotation-count")).to_have_text("1")
    made = Annotation.objects.get()
    assert (made.origin, made.author, made.speaker) == ("suggested", editor, "Rosa Lind")
    expect(page.locator(f"#entry-{made.pk}")).to_contain_text("Rosa Lind")

    ready = sid(suggested, "We are ready,")
    page.locator(f"#suggestion-{ready}").get_by_role("button", name="Reject").click()
    expect(outline(page, ready)).to_have_count(0)
    expect(page.locator("#suggestion-count")).to_have_text("3")
    assert Decision.objects.get(text="We are ready,").kind == "rejected"
    store.recompute(suggested.pk)  # e.g. after an edit elsewhere in the article
    page.reload()
    expect(page.locator("#suggestion-count")).to_have_text("3")
    expect(page.locator("#article-body mark[data-suggestion-id]")).to_have_count(3)
    assert not Suggestion.objects.filter(text="We are ready,").exists()


def test_it_accepts_after_editing_the_words_tag_and_speaker(
    page: Page, live_server: Any, login_page: Any, editor: User, suggested: Article
) -> None:
    open_article(page, live_server, login_page, editor, suggested)
    suggestions_tab(page)
    quote = sid(suggested, QUOTE)
    entry = page.locator(f"#suggestion-{quote}")
    entry.get_by_role("link", name="Edit…").click()
    words = entry.get_by_label("Words")
    expect(words).to_have_value(QUOTE)
    words.fill("pay for itself within a decade")
    entry.get_by_label("Speaker").fill("Rosa Maria Lind")
    entry.get_by_role("radio", name="Claim").check()
    entry.get_by_label("Words").press("Tab")  # the form keeps its fields as typed
    entry.get_by_role("button", name="Accept").click()
    expect(page.locator("#article-body mark.hl--claim")).to_have_text(
        "pay for itself within a decade"
    )
    made = Annotation.objects.get()
    assert (made.tag, made.speaker, made.origin) == ("claim", "Rosa Maria Lind", "suggested")
    # Words not in the paragraph: refused beside the form, which keeps them.
    other = sid(suggested, "We are ready,")
    entry = page.locator(f"#suggestion-{other}")
    entry.get_by_role("link", name="Edit…").click()
    entry.get_by_label("Words").fill("We were never ready")
    entry.get_by_role("button", name="Accept").click()
    expect(entry.get_by_role("alert")).to_contain_text("text: those words are not")
    expect(entry.get_by_label("Words")).to_have_value("We were never ready")
    entry.get_by_role("link", name="Cancel").click()
    expect(
        page.locator(f"#suggestion-{other}").get_by_role("button", name="Accept")
    ).to_be_visible()


def test_a_selection_in_the_text_sets_the_words_of_the_suggestion_being_edited(
    page: Page, live_server: Any, login_page: Any, editor: User, suggested: Article
) -> None:
    open_article(page, live_server, login_page, editor, suggested)
    suggestions_tab(page)
    s = Suggestion.objects.get(pk=sid(suggested, QUOTE))
    text = s.paragraph.text
    entry = page.locator(f"#suggestion-{s.pk}")
    entry.get_by_role("link", name="Edit…").click()
    expect(entry.get_by_label("Words")).to_have_value(QUOTE)
    # The quote with its closing mark and attribution: more than the engine's span.
    start, end = text.index("It will"), text.index(", Rosa")
    drag_select(page, s.paragraph, start, end)
    expect(entry.get_by_label("Words")).to_have_value(text[start:end])
    expect(page.locator("#toolbar")).to_be_hidden()  # the selection went to the form
    entry.get_by_role("button", name="Accept").click()
    expect(page.locator("#article-body mark.hl--quote")).to_have_text(text[start:end])
    made = Annotation.objects.get()
    assert (made.start, made.end, made.speaker) == (start, end, "Rosa Lind")
    # A selection elsewhere is an ordinary one: the toolbar offers to tag it.
    other = Suggestion.objects.get(pk=sid(suggested, "We are ready,"))
    page.locator(f"#suggestion-{other.pk}").get_by_role("link", name="Edit…").click()
    first = suggested.paragraphs.order_by("position")[0]
    drag_select(page, first, 0, 11)
    expect(page.locator("#toolbar")).to_be_visible()
    expect(page.locator(f"#suggestion-{other.pk}").get_by_label("Words")).to_have_value(
        "We are ready,"
    )


def test_it_accepts_all_quotes_with_speakers_and_undoes(
    page: Page, live_server: Any, login_page: Any, editor: User, suggested: Article
) -> None:
    open_article(page, live_server, login_page, editor, suggested)
    suggestions_tab(page)
    page.get_by_role("button", name="Accept all quotes with speakers (3)").click()
    expect(page.locator("#article-body mark.hl--quote")).to_have_count(3)
    expect(page.locator("#suggestion-count")).to_have_text("2")
    expect(page.locator("#annotation-count")).to_have_text("3")
    expect(page.get_by_role("tab", name="Suggestions 2")).to_be_visible()
    assert set(Annotation.objects.values_list("origin", flat=True)) == {"suggested"}
    # Focus goes to Undo, offered for as long as the server takes it (not a delete's 8 s).
    undo = page.locator("#undo").get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    expect(page.locator("#undo")).to_have_attribute("data-undo-seconds", "55")
    page.keyboard.press("Enter")
    expect(page.locator("#article-body mark.hl--quote")).to_have_count(0)
    expect(page.get_by_role("tab", name=re.compile("^Suggestions"))).to_be_focused()
    expect(page.locator("#suggestion-count")).to_have_text("5")
    expect(page.locator("#article-body mark.sg--quote")).to_have_count(3)
    assert not Annotation.objects.exists()


def test_it_takes_the_keys_dot_comma_a_and_x(
    page: Page, live_server: Any, login_page: Any, editor: User, suggested: Article
) -> None:
    open_article(page, live_server, login_page, editor, suggested)
    ids = list(
        Suggestion.objects.filter(article=suggested)
        .order_by("paragraph__position", "start")
        .values_list("pk", flat=True)
    )
    page.get_by_role("region", name="Article text").focus()
    page.keyboard.press(".")
    expect(outline(page, ids[0])).to_be_focused()
    page.keyboard.press(".")
    expect(outline(page, ids[1])).to_be_focused()
    page.keyboard.press(",")
    expect(outline(page, ids[0])).to_be_focused()
    page.keyboard.press(".")
    page.keyboard.press("a")  # the quote: accepted, focus on to the next suggestion
    expect(page.locator("#article-body mark.hl--quote")).to_have_text(QUOTE)
    expect(outline(page, ids[2])).to_be_focused()
    page.keyboard.press("x")  # the context: rejected
    expect(outline(page, ids[2])).to_have_count(0)
    expect(outline(page, ids[3])).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#suggestion-{ids[3]} [data-jump-suggestion]")).to_be_focused()
    page.keyboard.press("a")  # from its entry in the panel too
    expect(outline(page, ids[3])).to_have_count(0)
    expect(outline(page, ids[4])).to_be_focused()
    assert Annotation.objects.filter(origin="suggested").count() == 2
    assert Decision.objects.filter(kind="rejected").count() == 1


def test_e_edits_the_focused_suggestion_before_accepting_it(
    page: Page, live_server: Any, login_page: Any, editor: User, suggested: Article
) -> None:
    open_article(page, live_server, login_page, editor, suggested)
    first = (
        Suggestion.objects.filter(article=suggested)
        .order_by("paragraph__position", "start")
        .values_list("pk", flat=True)
        .first()
    )
    assert first is not None
    page.get_by_role("region", name="Article text").focus()
    page.keyboard.press(".")
    expect(outline(page, first)).to_be_focused()
    page.keyboard.press("e")
    words = page.locator(f"#suggestion-{first} textarea[name=text]")
    expect(words).to_be_focused()
    page.locator(f"#suggestion-{first} input[name=speaker]").fill("Someone Else")
    page.locator(f"#suggestion-{first}").get_by_role("button", name="Accept").click()
    expect(outline(page, first)).to_have_count(0)
    made = Annotation.objects.get(origin="suggested")
    assert made.speaker == "Someone Else"


def test_readers_see_suggestions_but_keys_do_nothing(
    page: Page, live_server: Any, login_page: Any, reader: User, suggested: Article
) -> None:
    open_article(page, live_server, login_page, reader, suggested)
    first = sid(suggested, "The council voted 7–2 on Tuesday to fund the new harbour bridge.")
    expect(outline(page, first)).to_be_visible()
    expect(page.locator("[data-suggestion-accept]")).to_have_count(0)
    page.get_by_role("region", name="Article text").focus()
    page.keyboard.press(".")
    expect(outline(page, first)).to_be_focused()
    page.keyboard.press("a")
    expect(page.locator("#live")).to_have_text(
        "You can read suggestions but not accept or reject them."
    )
    assert Suggestion.objects.filter(article=suggested).count() == 5


def test_touch_accepts_and_rejects_with_44px_buttons(
    playwright: Playwright,
    browser: Browser,
    live_server: Any,
    client_for: Callable[[User | None], Client],
    editor: User,
    suggested: Article,
) -> None:
    profile = {
        k: v for k, v in playwright.devices["Pixel 7"].items() if k != "default_browser_type"
    }
    context = browser.new_context(**profile)
    cookie = client_for(editor).cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(live_server.url + suggested.get_absolute_url())
        tab = page.get_by_role("tab", name=re.compile("^Suggestions"))
        tab_box = tab.bounding_box()
        assert tab_box and tab_box["height"] >= 44
        tab.tap()
        quote = sid(suggested, QUOTE)
        accept = page.locator(f"#suggestion-{quote}").get_by_role("button", name="Accept")
        box = accept.bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 44
        accept.tap()
        expect(page.locator("#article-body mark.hl--quote")).to_have_text(QUOTE)
        ready = sid(suggested, "We are ready,")
        page.locator(f"#suggestion-{ready}").get_by_role("button", name="Reject").tap()
        expect(outline(page, ready)).to_have_count(0)
        # Tapping an outline shows its entry.
        may = sid(suggested, "The work starts in May.")
        outline(page, may).tap()
        expect(page.locator(f"#suggestion-{may} [data-jump-suggestion]")).to_be_focused()
    finally:
        context.close()
    assert Annotation.objects.get().origin == "suggested"


def test_an_editor_asks_for_suggestions_on_an_article_with_none(
    page: Page, live_server: Any, login_page: Any, editor: User, make_article: ArticleFactory
) -> None:
    article = make_article(PARAGRAPHS, title="No suggestions yet")
    open_article(page, live_server, login_page, editor, article)
    suggestions_tab(page)
    expect(page.locator("#suggestions-empty")).to_have_text("none waiting")
    page.get_by_role("button", name="Suggest").click()
    # The progress shows until they are there (here quickly: the tests' tasks run on
    # commit); then the section lists them and the text outlines them.
    expect(page.locator("#suggestion-count")).to_have_text("5")
    expect(page.locator("#article-body mark[data-suggestion-id]")).to_have_count(5)
    expect(page.locator("#suggestions progress")).to_have_count(0)
    assert Suggestion.objects.filter(article=article).count() == 5


def test_keys_act_only_on_a_chosen_drawn_suggestion(
    page: Page,
    live_server: Any,
    login_page: Any,
    editor: User,
    make_article: ArticleFactory,
) -> None:
    """A highlight inside a suggestion is the annotation's: x there rejects nothing. Hidden
    suggestions are never decided by a key: going to one shows them again."""
    text = "“We will rebuild the pier by June,” said Mara Quist, the harbour master."
    article = make_article([text], title="Pier")
    store.recompute(article.pk)
    quote = Suggestion.objects.get(article=article, tag="quote")
    paragraph = article.paragraphs.get()
    inner = annotate(paragraph, "the pier", editor, tag="claim")
    open_article(page, live_server, login_page, editor, article)
    page.get_by_role("region", name="Article text").focus()
    page.keyboard.press("]")
    expect(page.locator(f'mark[data-annotation-id="{inner.pk}"]')).to_be_focused()
    page.keyboard.press("x")
    page.keyboard.press("a")
    expect(outline(page, quote.pk)).to_have_count(1)
    assert Suggestion.objects.filter(pk=quote.pk).exists() and not Decision.objects.exists()
    # Hidden: the outline is not drawn; "." shows them again and goes to it.
    suggestions_tab(page)
    page.get_by_role("button", name="Hide suggestions").click()
    page.get_by_role("region", name="Article text").focus()
    page.keyboard.press(".")
    expect(page.get_by_role("button", name="Show suggestions")).to_have_count(0)
    expect(outline(page, quote.pk)).to_be_focused()
    # The buttons step too, for the mouse and touch.
    page.get_by_role("button", name="Next ›").click()
    expect(page.locator(f"#suggestion-{quote.pk}")).to_be_visible()


def test_the_panel_tabs_follow_the_arrow_keys_and_what_the_reader_goes_to(
    page: Page, live_server: Any, login_page: Any, editor: User, suggested: Article
) -> None:
    open_article(page, live_server, login_page, editor, suggested)
    annotations = page.get_by_role("tab", name=re.compile("^Annotations"))
    suggestions = page.get_by_role("tab", name=re.compile("^Suggestions"))
    expect(annotations).to_have_attribute("aria-selected", "true")
    expect(page.locator("#suggestions-tabpanel")).to_be_hidden()
    annotations.focus()
    page.keyboard.press("ArrowRight")
    expect(suggestions).to_be_focused()
    expect(suggestions).to_have_attribute("aria-selected", "true")
    expect(page.locator("#annotations-tabpanel")).to_be_hidden()
    page.keyboard.press("Home")
    expect(annotations).to_be_focused()
    # Going to a suggestion from the text opens its tab; the choice survives a reload.
    page.get_by_role("region", name="Article text").focus()
    page.keyboard.press(".")
    expect(suggestions).to_have_attribute("aria-selected", "true")
    page.reload()
    expect(page.get_by_role("tab", name=re.compile("^Suggestions"))).to_have_attribute(
        "aria-selected", "true"
    )
