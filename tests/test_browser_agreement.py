"""The agreement page in Chromium: reached from the reading page, the figures' table,
disputes side by side, adopting one version and writing a merged one (htmx, answered
with the settled passage in place), with the mouse and with the keymap's keys, deciding
again a passage a new annotation reopened, checked by axe for accessibility."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Page, expect

from agreement.models import Adjudication
from annotations import history
from annotations.models import Annotation
from articles.models import Article, Paragraph
from tests.accessibility import serious_violations
from tests.agreement_world import hand_in
from tests.conftest import ArticleFactory, annotate, make_user
from tests.test_browser_highlighting import open_article

pytestmark = pytest.mark.django_db(transaction=True)

P1 = "The council voted 7–2 on Tuesday to fund the new harbour bridge."
P2 = "“It will pay for itself within a decade,” said the mayor, Rosa Lind."


@pytest.fixture
def disputed(make_article: ArticleFactory, editor: User, other_editor: User) -> Article:
    article = make_article([P1, P2], title="Harbour bridge, two editors")
    p1, p2 = Paragraph.objects.filter(article=article).order_by("position")
    annotate(p1, "council voted 7–2", editor)
    annotate(p1, "voted 7–2", other_editor)
    annotate(p1, "harbour bridge", editor)
    annotate(p1, "new harbour bridge", other_editor, tag="quote")
    annotate(p2, "Rosa Lind", editor, tag="quote")
    annotate(p2, "Rosa Lind", other_editor, tag="quote")
    hand_in(article)
    return article


def open_as(
    page: Page, live_server: Any, login_page: Any, article: Article, name: str, group: str
) -> User:
    """Log in a new user ``name`` of ``group`` and open the article's agreement page."""
    user = make_user(name)
    user.groups.add(Group.objects.get(name=group))
    login_page(user)
    page.goto(live_server.url + f"/articles/{article.slug}/agreement")
    return user


def test_it_adjudicates_by_adopting_and_by_merging(
    page: Page, live_server: Any, login_page: Any, disputed: Article, other_editor: User
) -> None:
    reviewer = make_user("rita")
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    open_article(page, live_server, login_page, reviewer, disputed)
    page.get_by_role("link", name="Agreement").click()
    expect(page.get_by_role("heading", name="Agreement between editors")).to_be_visible()
    table = page.locator("#agreement-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator("tbody th")).to_have_text("editor / other")
    disputes = page.locator("li.dispute:not(.dispute--settled)")
    expect(disputes).to_have_count(2)
    assert serious_violations(page) == []

    # Adopt the other editor's quote on the bridge.
    bridge = page.locator("li.dispute", has_text="new harbour bridge")
    version = bridge.locator(".dispute__version", has_text="new harbour bridge")
    version.get_by_role("button", name="Adopt this version").click()
    settled = page.locator("li.dispute--settled", has_text="new harbour bridge")
    expect(settled).to_contain_text("Settled")
    expect(settled).to_contain_text("by other is final")
    expect(page.locator("#live")).to_have_text("Quote by other is final")
    chosen = Annotation.objects.get(article=disputed, text="new harbour bridge")
    assert Adjudication.objects.get(final=chosen).kind == "adopted"

    # Write a merged version of the vote: "council voted 7–2 on Tuesday", a claim.
    vote = page.locator("li.dispute:not(.dispute--settled)", has_text="voted 7–2")
    vote.get_by_text("Write a merged version…").click()
    form = vote.locator("form.dispute__merge-form")
    form.get_by_label("End").fill(str(P1.index(" to fund")))
    form.get_by_label("Note").fill("The day matters.")
    form.get_by_role("button", name="Save merged version").click()
    expect(page.locator("li.dispute--settled")).to_have_count(2)
    merged = Adjudication.objects.select_related("final").get(kind="merged").final
    assert merged is not None
    assert (merged.text, merged.tag, merged.note, merged.author) == (
        "council voted 7–2 on Tuesday",
        "claim",
        "The day matters.",
        reviewer,
    )
    assert history.timeline(merged.pk)[0].who == "rita"
    expect(page.locator("li.dispute:not(.dispute--settled)")).to_have_count(0)

    # Reloaded, the page counts both as settled and offers nothing more to decide.
    page.reload()
    expect(page.get_by_text("Settled already: 2.")).to_be_visible()
    expect(page.locator("#disputes-none")).to_be_visible()


def test_it_says_why_an_adjudication_was_refused(
    page: Page, live_server: Any, login_page: Any, disputed: Article
) -> None:
    open_as(page, live_server, login_page, disputed, "dora", "Desk")
    vote = page.locator("li.dispute", has_text="voted 7–2")
    vote.get_by_text("Write a merged version…").click()
    form = vote.locator("form.dispute__merge-form")
    form.get_by_label("End").fill("999")
    form.get_by_role("button", name="Save merged version").click()
    expect(vote.locator(".action-error")).to_contain_text("end: the merged span runs past")
    assert not Adjudication.objects.exists()


def test_it_adjudicates_with_the_keyboard(
    page: Page, live_server: Any, login_page: Any, disputed: Article, other_editor: User
) -> None:
    """d and v reach a version, Shift+V adopts it (focus goes on to the next dispute), m
    opens the merged-version form (Enter saves); `?` lists these keys."""
    reviewer = open_as(page, live_server, login_page, disputed, "rita", "Reviewers")
    focused = page.locator(":focus")

    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keys")
    expect(help_dialog).to_be_visible()
    for does in ("Focus the next open dispute", "Adopt the focused version as final"):
        expect(help_dialog.get_by_role("row").filter(has_text=does)).to_have_count(1)
    expect(
        help_dialog.get_by_role("row").filter(has_text="Write a merged version")
    ).to_contain_text("m")
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()

    page.keyboard.press("d")
    expect(focused).to_have_accessible_name("Claim by editor: council voted 7–2")
    page.keyboard.press("v")
    expect(focused).to_have_accessible_name("Claim by other: voted 7–2")
    page.keyboard.press("Shift+V")
    expect(page.locator("li.dispute--settled")).to_contain_text("“voted 7–2” by other is final")
    # Focus went on to the next open dispute, the bridge.
    expect(focused).to_have_accessible_name("Claim by editor: harbour bridge")
    chosen = Annotation.objects.get(article=disputed, text="voted 7–2")
    assert Adjudication.objects.get(final=chosen).decided_by == reviewer

    page.keyboard.press("Shift+D")  # the only open one left: still the bridge
    expect(focused).to_have_accessible_name("Claim by editor: harbour bridge")
    page.keyboard.press("m")
    expect(focused).to_have_attribute("name", "start")
    page.keyboard.press("Enter")  # the form's defaults: the whole passage, its usual tag
    expect(page.locator("li.dispute--settled")).to_have_count(2)
    merged = Adjudication.objects.select_related("final").get(kind="merged").final
    assert merged is not None
    assert (merged.text, merged.author, merged.review) == (
        "new harbour bridge",
        reviewer,
        "approved",
    )

    page.keyboard.press("d")
    expect(page.locator("#live")).to_have_text("No open disputes left.")


def test_it_decides_again_a_passage_a_new_annotation_reopened(
    page: Page, live_server: Any, login_page: Any, disputed: Article, editor: User
) -> None:
    open_as(page, live_server, login_page, disputed, "dora", "Desk")
    bridge = page.locator("li.dispute", has_text="new harbour bridge")
    bridge.locator(".dispute__version", has_text="new harbour bridge").get_by_role(
        "button", name="Adopt this version"
    ).click()
    expect(page.locator("li.dispute--settled")).to_have_count(1)
    annotate(Paragraph.objects.get(article=disputed, position=1), "fund the new", editor)
    page.reload()
    reopened = page.locator("li.dispute", has_text="Settled before; a new annotation reopened it")
    expect(reopened.locator(".dispute__final")).to_have_count(1)
    expect(reopened.locator(".dispute__version", has_text="final so far")).to_contain_text(
        "new harbour bridge"
    )
    reopened.locator(".dispute__version", has_text="fund the new").get_by_role(
        "button", name="Adopt this version"
    ).click()
    expect(page.locator("li.dispute--settled")).to_contain_text("“fund the new” by editor is final")
    final = Annotation.objects.get(article=disputed, text="fund the new")
    assert Adjudication.objects.get(article=disputed).final == final
    assert final.review == "approved"


def test_it_decides_nobody_should_mark_a_passage_with_the_keyboard(
    page: Page, live_server: Any, login_page: Any, disputed: Article
) -> None:
    """The "nobody" option is one more version: v reaches it after the editors', Shift+V
    decides it; the passage is settled with no final annotation."""
    open_as(page, live_server, login_page, disputed, "rita", "Reviewers")
    focused = page.locator(":focus")
    page.keyboard.press("d")
    expect(focused).to_have_accessible_name("Claim by editor: council voted 7–2")
    page.keyboard.press("v")
    page.keyboard.press("v")
    expect(focused).to_have_accessible_name("Nobody should mark this passage")
    page.keyboard.press("Shift+V")
    expect(page.locator("li.dispute--settled")).to_contain_text("nobody should mark this passage")
    decision = Adjudication.objects.get()
    assert (decision.kind, decision.final_id) == ("none", None)
