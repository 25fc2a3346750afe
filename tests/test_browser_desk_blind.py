"""Blind mode in a real browser: the desk turns it on from the reading page, and an
editor's decision on a suggestion leaves it in place for the other editor."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from articles.models import Article
from desk import workflow
from desk.models import Workflow
from suggestions import store
from suggestions.models import Decision
from tests.conftest import ArticleFactory
from tests.test_browser_highlighting import open_article
from tests.test_browser_suggestions import PARAGRAPHS, QUOTE, outline, sid, suggestions_tab

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shared(
    make_article: ArticleFactory, editor: User, other_editor: User, desk_chief: User
) -> Article:
    article = make_article(PARAGRAPHS, title="Harbour bridge, two editors")
    store.recompute(article.pk)
    workflow.assign(desk_chief, [article.pk], [editor, other_editor])
    return article


def test_the_desk_turns_blind_mode_on_from_the_reading_page(
    page: Page, live_server: Any, login_page: Any, desk_chief: User, shared: Article
) -> None:
    open_article(page, live_server, login_page, desk_chief, shared)
    page.get_by_role("button", name="Turn blind mode on").click()
    expect(page.get_by_role("button", name="Turn blind mode off")).to_be_visible()
    expect(page.locator("#desk-status")).to_contain_text("Blind mode")
    assert Workflow.objects.get(article=shared).blind
    page.get_by_text("Status history").click()
    expect(page.locator("#status-history")).to_contain_text("Blind mode turned on by chief")
    expect(page.locator("#status-history")).to_contain_text("editor assigned by chief")


def test_an_editors_rejection_in_blind_mode_leaves_the_suggestion_to_the_other(
    page: Page,
    live_server: Any,
    login_page: Any,
    editor: User,
    other_editor: User,
    desk_chief: User,
    shared: Article,
) -> None:
    workflow.set_blind(desk_chief, [shared.pk], True)
    quote = sid(shared, QUOTE)
    open_article(page, live_server, login_page, editor, shared)
    suggestions_tab(page)
    page.locator(f"#suggestion-{quote}").get_by_role("button", name="Reject").click()
    expect(outline(page, quote)).to_have_count(0)
    expect(page.locator("#suggestion-count")).to_have_text("4")
    assert Decision.objects.get(text=QUOTE).blind_for == editor
    open_article(page, live_server, login_page, other_editor, shared)
    suggestions_tab(page)
    expect(outline(page, quote)).to_have_count(1)
    expect(page.locator(f"#suggestion-{quote}")).to_be_visible()
    expect(page.locator("#suggestion-count")).to_have_text("5")


def test_the_desk_turns_blind_mode_on_for_ticked_articles_on_the_list(
    login_page: Any, live_server: Any, desk_chief: User, make_article: ArticleFactory
) -> None:
    first, second = (make_article(title=f"Tram story {i}") for i in range(2))
    page: Page = login_page(desk_chief)
    page.goto(live_server.url + "/")
    page.get_by_label(f"Pick {second.title}").check()
    page.get_by_role("button", name="Blind mode on for ticked").click()
    expect(page.locator("#assign-message")).to_have_text("Blind mode on for 1 article.")
    expect(page.locator(f"#blind-{second.pk}")).to_have_text("· Blind")
    expect(page.locator(f"#blind-{first.pk}")).to_have_text("")
    assert list(Workflow.objects.filter(blind=True).values_list("article_id", flat=True)) == [
        second.pk
    ]
