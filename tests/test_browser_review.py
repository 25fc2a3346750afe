"""Review with the keyboard in a real browser: u, Shift+A, Shift+X and Enter."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from annotations.models import Annotation
from desk import workflow
from desk.models import Status
from tests.conftest import ArticleFactory, annotate

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reviewer_approves_and_rejects_with_the_keyboard(
    login_page: Any,
    live_server: Any,
    editor: User,
    reviewer: User,
    make_article: ArticleFactory,
) -> None:
    article = make_article(["The council voted 7–2 on Tuesday to fund the new harbour bridge."])
    paragraph = article.paragraphs.get()
    first = annotate(paragraph, "The council voted", editor)
    second = annotate(paragraph, "harbour bridge", editor, tag="quote")
    workflow.move(reviewer, article.pk, Status.READY)
    page: Page = login_page(reviewer)
    page.goto(live_server.url + article.get_absolute_url())
    page.locator("#article-body").focus()
    page.keyboard.press("u")
    expect(page.locator(f"#entry-{first.pk} [data-jump]")).to_be_focused()
    page.keyboard.press("Shift+A")
    expect(page.locator(f"#entry-{first.pk}")).to_have_attribute("data-review", "approved")
    expect(page.locator(f"#entry-{first.pk} [data-jump]")).to_be_focused()
    page.keyboard.press("u")
    expect(page.locator(f"#entry-{second.pk} [data-jump]")).to_be_focused()
    page.keyboard.press("Shift+X")
    comment = page.locator(f"#entry-{second.pk} [data-review-comment]")
    expect(comment).to_be_focused()
    page.keyboard.type("Only the bridge's name, not the quote.")
    page.keyboard.press("Enter")
    entry = page.locator(f"#entry-{second.pk}")
    expect(entry).to_have_attribute("data-review", "rejected")
    expect(entry.locator(".entry__review-comment")).to_have_text(
        "Only the bridge's name, not the quote."
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.review, second.review) == ("approved", "rejected")
    assert second.review_comment == "Only the bridge's name, not the quote."
    # Nothing is left unreviewed: u says so instead of moving.
    page.keyboard.press("u")
    expect(page.locator("#live")).to_have_text("Every annotation shown is reviewed.")
    assert Annotation.objects.filter(review="").count() == 0


def test_the_author_changes_the_words_of_a_rejected_annotation(
    login_page: Any,
    live_server: Any,
    editor: User,
    reviewer: User,
    make_article: ArticleFactory,
) -> None:
    from annotations import lifecycle
    from tests.test_browser_highlighting import drag_select

    text = "The council voted 7–2 on Tuesday to fund the new harbour bridge."
    article = make_article([text])
    paragraph = article.paragraphs.get()
    quote = annotate(paragraph, "fund the new harbour bridge", editor, tag="quote")
    workflow.move(reviewer, article.pk, Status.READY)
    lifecycle.review(
        reviewer, quote.pk, version=quote.version, decision="rejected", comment="Too long."
    )
    page: Page = login_page(editor)
    page.goto(live_server.url + article.get_absolute_url())
    entry = page.locator(f"#entry-{quote.pk}")
    entry.hover()
    entry.get_by_role("button", name="Change its words").click()
    start = text.index("harbour bridge")
    drag_select(page, paragraph, start, start + len("harbour bridge"))
    page.get_by_role("button", name="Attach here").click()
    mark = page.locator(f'mark[data-annotation-id="{quote.pk}"]')
    expect(mark).to_have_text("harbour bridge")
    expect(page.locator(f"#entry-{quote.pk}")).to_have_count(1)
    expect(page.locator(f"#entry-{quote.pk}")).to_have_attribute("data-review", "none")
    quote.refresh_from_db()
    assert (quote.text, quote.review) == ("harbour bridge", "")
    # The review keys say why they do nothing for an editor, rather than staying silent.
    page.locator("#article-body").focus()
    page.keyboard.press("u")
    expect(page.locator("#live")).to_have_text(
        "Review keys work for reviewers and the desk, on an article ready for review."
    )
