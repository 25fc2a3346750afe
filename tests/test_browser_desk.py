"""The desk in a real browser: bulk assignment from the list, an editor's start page
"Assigned to me" and a status change, blind mode."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from desk import workflow
from desk.models import Assignment, StatusChange, Workflow
from tests.conftest import PASSWORD, ArticleFactory, annotate

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_desk_assigns_ticked_articles_from_the_list(
    login_page: Any,
    live_server: Any,
    desk_chief: User,
    editor: User,
    make_article: ArticleFactory,
) -> None:
    first, second, third = (make_article(title=f"Ferry story {i}") for i in range(3))
    page: Page = login_page(desk_chief)
    page.goto(live_server.url + "/")
    page.get_by_label(f"Pick {first.title}").check()
    page.get_by_label(f"Pick {third.title}").check()
    page.locator("#assign-editor").select_option("editor")
    page.get_by_role("button", name="Assign to ticked").click()
    expect(page.locator("#assign-message")).to_have_text("editor assigned to 2 articles.")
    expect(page.locator(f"#assignees-{first.pk}")).to_have_text("Assigned: editor")
    expect(page.locator(f"#assignees-{third.pk}")).to_have_text("Assigned: editor")
    expect(page.locator(f"#assignees-{second.pk}")).to_have_text("Not assigned")
    assert sorted(Assignment.objects.values_list("article_id", flat=True)) == [first.pk, third.pk]
    # The filters go into the address and survive a reload.
    page.get_by_label("Assignee").fill("editor")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"/\?.*assignee=editor"))
    page.reload()
    expect(page.locator(".article-card")).to_have_count(2)


def test_the_desk_assigns_from_a_filtered_list_without_javascript(
    browser: Any,
    live_server: Any,
    client_for: Any,
    desk_chief: User,
    editor: User,
    make_article: ArticleFactory,
) -> None:
    """Scripts off: the form posts as a page, and the desk lands back on the same
    filtered list, which says what changed."""
    first, second = (make_article(title=f"Valley ferry {i}", source="Valley Times") for i in (1, 2))
    elsewhere = make_article(title="Harbour ferry", source="Harbour Gazette")
    context = browser.new_context(java_script_enabled=False)
    cookie = client_for(desk_chief).cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    filtered = f"{live_server.url}/?source=Valley"
    page.goto(filtered)
    expect(page.locator(".article-card")).to_have_count(2)
    page.get_by_label(f"Pick {first.title}").check()
    page.get_by_label(f"Pick {second.title}").check()
    page.locator("#assign-editor").select_option("editor")
    page.get_by_role("button", name="Assign to ticked").click()
    expect(page).to_have_url(filtered)
    expect(page.locator(".messages[role=status]")).to_have_text("editor assigned to 2 articles.")
    expect(page.locator(".article-card")).to_have_count(2)
    expect(page.locator(f"#assignees-{first.pk}")).to_have_text("Assigned: editor")
    expect(page.locator(f"#assignees-{second.pk}")).to_have_text("Assigned: editor")
    assert sorted(Assignment.objects.values_list("article_id", flat=True)) == [first.pk, second.pk]
    assert not Assignment.objects.filter(article=elsewhere).exists()
    # Said once: a reload shows no message.
    page.reload()
    expect(page.locator(".messages")).to_have_count(0)
    context.close()


def test_an_editor_lands_on_assigned_to_me_and_moves_the_article_forward(
    page: Page,
    live_server: Any,
    editor: User,
    desk_chief: User,
    make_article: ArticleFactory,
) -> None:
    mine = make_article(title="Bridge vote, mine")
    make_article(title="Tram fares, not mine")
    workflow.assign(desk_chief, [mine.pk], [editor])
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/mine/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Assigned to me")
    expect(page.locator(".article-card")).to_have_count(1)
    page.get_by_role("link", name="Bridge vote, mine").click()
    expect(page.locator("#article-status")).to_have_text("New")
    page.get_by_role("button", name="Move to in progress").click()
    expect(page.locator("#article-status")).to_have_text("In progress")
    expect(page.get_by_role("button", name="Move to new")).to_have_count(0)
    page.get_by_text("Status history").click()
    expect(page.locator("#status-history")).to_contain_text("New → In progress by editor")
    assert StatusChange.objects.get().to_status == "in_progress"


def test_blind_mode_shows_each_editor_only_their_own_highlights(
    login_page: Any,
    live_server: Any,
    editor: User,
    other_editor: User,
    reviewer: User,
    desk_chief: User,
    make_article: ArticleFactory,
) -> None:
    article = make_article(["The council voted 7–2 on Tuesday to fund the new harbour bridge."])
    workflow.assign(desk_chief, [article.pk], [editor, other_editor])
    Workflow.objects.filter(article=article).update(blind=True)
    paragraph = article.paragraphs.get()
    mine = annotate(paragraph, "The council voted", editor)
    theirs = annotate(paragraph, "harbour bridge", other_editor, tag="quote")
    page: Page = login_page(editor)
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator("#blind-hint")).to_be_visible()
    expect(page.locator(f'mark[data-annotation-id="{mine.pk}"]')).to_have_count(1)
    expect(page.locator(f'mark[data-annotation-id="{theirs.pk}"]')).to_have_count(0)
    expect(page.locator("#annotation-count")).to_have_text("1")
    # The reviewer sees both; once the article is ready for review, so does the editor.
    login_page(reviewer)
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator("mark.hl")).to_have_count(2)
    page.get_by_role("button", name="Move to ready for review").click()
    expect(page.locator("#article-status")).to_have_text("Ready for review")
    login_page(editor)
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator("mark.hl")).to_have_count(2)
    expect(page.locator("#blind-hint")).to_have_count(0)


def test_blind_mode_lasts_until_the_last_assigned_editor_hands_in(
    login_page: Any,
    live_server: Any,
    editor: User,
    other_editor: User,
    desk_chief: User,
    make_article: ArticleFactory,
) -> None:
    article = make_article(["The council voted 7–2 on Tuesday to fund the new harbour bridge."])
    workflow.assign(desk_chief, [article.pk], [editor, other_editor])
    Workflow.objects.filter(article=article).update(blind=True)
    paragraph = article.paragraphs.get()
    annotate(paragraph, "The council voted", editor)
    annotate(paragraph, "harbour bridge", other_editor, tag="quote")
    page: Page = login_page(editor)
    url = live_server.url + article.get_absolute_url()
    page.goto(url)
    page.get_by_role("button", name="Hand in my work").click()
    expect(page.locator("#hand-in-hint")).to_contain_text("goes to review when other hands in")
    expect(page.locator("#article-status")).to_have_text("In progress")
    # Still blind for both: the other editor works on, seeing only their own.
    login_page(other_editor)
    page.goto(url)
    expect(page.locator("#blind-hint")).to_be_visible()
    expect(page.locator("mark.hl")).to_have_count(1)
    page.get_by_role("button", name="Hand in my work").click()
    expect(page.locator("#article-status")).to_have_text("Ready for review")
    page.reload()
    expect(page.locator("mark.hl")).to_have_count(2)
    expect(page.locator("#blind-hint")).to_have_count(0)
