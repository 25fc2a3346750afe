"""Writes answer with what changed, and the page stays exactly what a reload draws:
20 mixed writes through htmx in Chromium, then the DOM compared with a fresh load."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import ConsoleMessage, Page, expect

from annotations.models import Annotation
from articles.models import Article
from tests.conftest import ArticleFactory, annotate

pytestmark = pytest.mark.django_db(transaction=True)

PARAGRAPHS = [
    "The council voted 7–2 on Tuesday to fund the new harbour bridge.",
    "“It will pay for itself within a decade,” said the mayor, Rosa Lind.",
    "Work starts in May and should take eighteen months, the engineer said.",
]

# What the page shows, without what only animations, focus or htmx's own bookkeeping add.
SNAPSHOT = """() => {
    const norm = (s) => s.replace(/\\s+/g, " ").trim();
    const classes = (el) => [...el.classList].filter(
        (c) => !c.startsWith("htmx-") && !c.endsWith("--flash")).sort().join(" ");
    const body = document.getElementById("article-body").cloneNode(true);
    body.querySelectorAll("*").forEach((el) => {
        // The focused highlight is focusable while it has focus (highlights.js) only.
        if (el.matches("mark")) el.removeAttribute("tabindex");
        const kept = classes(el);
        if (kept) el.setAttribute("class", kept); else el.removeAttribute("class");
    });
    const empty = document.getElementById("panel-empty");
    return {
        body: body.innerHTML,
        head: norm(document.getElementById("panel-head").innerText),
        options: [...document.querySelectorAll("#panel-head option")].map(
            (o) => [o.value, norm(o.textContent), o.selected]),
        entries: [...document.querySelectorAll("#entries > li")].map(
            (li) => [li.id, classes(li), norm(li.innerText)]),
        empty: [empty.hidden, norm(empty.textContent)],
        orphans: norm(document.getElementById("orphans").innerText),
    };
}"""


def post(page: Page, path: str, values: dict[str, Any]) -> None:
    """POST through htmx from the page, as its own forms do, and wait for the swap."""
    page.evaluate(
        """([path, values]) => new Promise((resolve) => {
            document.body.addEventListener("htmx:afterSettle", () => resolve(), {once: true});
            htmx.ajax("POST", path, {source: "#article", values, swap: "none"});
        })""",
        [path, {k: str(v) for k, v in values.items()}],
    )


def create(page: Page, article: Article, position: int, words: str, tag: str) -> None:
    paragraph = article.paragraphs.get(position=position)
    start = paragraph.text.index(words)
    values = {
        "article": article.pk,
        "paragraph": paragraph.pk,
        "start": start,
        "end": start + len(words),
        "text": words,
        "tag": tag,
    }
    post(page, "/annotations/", values)


def current(pk: int) -> Annotation:
    return Annotation.objects.get(pk=pk)


@pytest.mark.parametrize("query", ["", "?tag=claim", "?author=editor"])
def test_twenty_mixed_writes_leave_the_page_as_a_reload_draws_it(
    page: Page,
    live_server: Any,
    login_page: Any,
    editor: User,
    other_editor: User,
    make_article: ArticleFactory,
    query: str,
) -> None:
    article = make_article(PARAGRAPHS)
    second = article.paragraphs.get(position=2)
    moved = annotate(second, "said the mayor", editor, tag="context")
    Annotation.objects.filter(pk=moved.pk).update(anchor="moved")
    orphan = annotate(second, "Rosa Lind", editor, tag="quote")
    Annotation.objects.filter(pk=orphan.pk).update(anchor="orphaned", paragraph=None)
    theirs = annotate(article.paragraphs.get(position=1), "harbour bridge", other_editor)
    # htmx reports an out-of-band swap without a target (a removal of an entry that is
    # not on the page) as a console error: a write's answer names only what is there.
    errors: list[str] = []

    def keep_errors(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", keep_errors)
    login_page(editor)
    page.goto(live_server.url + article.get_absolute_url() + query)
    expect(page.locator("#article-body")).to_be_visible()

    create(page, article, 3, "eighteen months", "claim")  # 1
    create(page, article, 1, "The council", "quote")  # 2: before everything
    create(page, article, 2, "pay for itself", "claim")  # 3: in the middle
    create(page, article, 2, "It will pay for itself", "context")  # 4: overlapping
    create(page, article, 2, "pay for itself", "claim")  # 5: already there
    create(page, article, 3, "Work starts", "quote")  # 6
    mine = list(Annotation.objects.filter(author=editor, anchor="placed").order_by("pk"))
    first, council, pay, will, work = mine
    post(page, f"/annotations/{first.pk}/edit/", {"version": first.version, "tag": "quote"})  # 7
    post(
        page,
        f"/annotations/{council.pk}/edit/",
        {"version": council.version, "tag": "claim", "note": "Check the vote"},
    )  # 8
    post(page, f"/annotations/{pay.pk}/delete/", {"version": current(pay.pk).version})  # 9
    token = page.locator("#undo input[name=token]").input_value()
    post(page, "/annotations/restore/", {"token": token})  # 10: undo
    post(page, f"/annotations/{moved.pk}/confirm/", {"version": current(moved.pk).version})  # 11
    post(page, f"/annotations/{will.pk}/delete/", {"version": current(will.pk).version})  # 12
    start = PARAGRAPHS[2].index("the engineer")
    reattach = {
        "annotation": orphan.pk,
        "version": current(orphan.pk).version,
        "paragraph": article.paragraphs.get(position=3).pk,
        "start": start,
        "end": start + len("the engineer"),
        "text": "the engineer",
    }
    post(page, "/annotations/reattach/", reattach)  # 13
    create(page, article, 1, "on Tuesday", "context")  # 14
    post(
        page,
        f"/annotations/{work.pk}/edit/",
        {"version": current(work.pk).version, "tag": "claim", "verdict": "true"},
    )  # 15
    create(page, article, 3, "should take", "claim")  # 16
    post(page, f"/annotations/{first.pk}/delete/", {"version": current(first.pk).version})  # 17
    post(page, f"/annotations/{council.pk}/delete/", {"version": current(council.pk).version})  # 18
    token = page.locator("#undo input[name=token]").input_value()
    post(page, "/annotations/restore/", {"token": token})  # 19: undo
    post(
        page,
        f"/annotations/{work.pk}/edit/",
        {"version": current(work.pk).version, "tag": "quote", "speaker": "the engineer"},
    )  # 20

    # An entry's actions show while the mouse is over it or focus is in it: neither.
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement.blur()")
    after_writes = page.evaluate(SNAPSHOT)
    page.reload()
    expect(page.locator("#article-body")).to_be_visible()
    page.mouse.move(0, 0)
    assert page.evaluate(SNAPSHOT) == after_writes
    assert len(after_writes["entries"]) >= 2
    assert Annotation.objects.filter(pk=theirs.pk).exists()
    assert errors == []
