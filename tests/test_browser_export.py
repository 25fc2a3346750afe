from __future__ import annotations

import csv
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from annotations.models import Annotation
from tests.conftest import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_downloads_the_articles_csv_from_the_reading_page(
    page: Page, live_server: Any, login_page: Any, editor: User, make_article: ArticleFactory
) -> None:
    article = make_article(paragraphs=["=SUM(A1) 🌉 said “the mayor”, twice."])
    para = article.paragraphs.get()
    Annotation.objects.create(
        paragraph=para,
        start=0,
        end=8,
        text=para.text[0:8],
        tag="claim",
        note="a, b\nc",
        author=editor,
    )
    login_page(editor)
    page.goto(live_server.url + article.get_absolute_url())
    with page.expect_download() as info:
        page.get_by_role("link", name="Export CSV").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 1
    assert rows[0]["article_slug"] == article.slug
    assert rows[0]["text"] == "'=SUM(A1)"  # formula-guarded for spreadsheets
    assert rows[0]["note"] == "a, b\nc"
    assert rows[0]["tag"] == "claim" and rows[0]["author"] == "editor"


def test_the_list_pages_export_form_picks_articles_by_title(
    page: Page, live_server: Any, login_page: Any, editor: User, make_article: ArticleFactory
) -> None:
    wanted = make_article(title="Harbour bridge vote", published="2026-03-01")
    other = make_article(title="School budget", published="2026-03-02")
    for art in (wanted, other):
        para = art.paragraphs.get(position=1)
        for tag, (start, end) in (("claim", (0, 3)), ("quote", (4, 11))):
            Annotation.objects.create(
                paragraph=para,
                start=start,
                end=end,
                text=para.text[start:end],
                tag=tag,
                author=editor,
            )
    login_page(editor)
    page.goto(live_server.url + "/")
    form = page.locator("#export-form")
    # Styled like the rest: no browser-default fieldset frame.
    group = form.locator("fieldset").first
    expect(group).to_have_css("border-top-style", "none")
    form.get_by_label("Title contains").fill("harbour")
    box = form.get_by_role("checkbox", name=re.compile("Harbour bridge vote"))
    expect(box).to_be_visible()
    expect(form.get_by_role("checkbox", name=re.compile("School budget"))).to_have_count(0)
    box.check()
    form.get_by_label("From").fill("2026-01-01")
    form.get_by_label("To (inclusive)").fill("2026-12-31")
    form.get_by_role("checkbox", name="Quote").check()
    with page.expect_download() as info:
        form.get_by_role("button", name="Export CSV").click()
    with open(info.value.path(), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["article_title"], r["tag"]) for r in rows] == [("Harbour bridge vote", "quote")]


def test_a_bad_date_range_shows_the_error_beside_the_field(
    page: Page, live_server: Any, login_page: Any, editor: User, make_article: ArticleFactory
) -> None:
    make_article()
    login_page(editor)
    page.goto(live_server.url + "/")
    form = page.locator("#export-form")
    form.get_by_label("From").fill("2026-05-01")
    form.get_by_label("To (inclusive)").fill("2026-04-01")
    form.get_by_role("button", name="Export CSV").click()
    expect(page.get_by_role("heading", name="Export annotations", level=1)).to_be_visible()
    until = page.get_by_label("To (inclusive)")
    expect(until).to_have_attribute("aria-invalid", "true")
    expect(until).to_have_accessible_description(re.compile("is after the end date"))
    expect(page.get_by_label("From")).to_have_value("2026-05-01")


def test_find_works_without_javascript(
    browser: Any, live_server: Any, client_for: Any, editor: User, make_article: ArticleFactory
) -> None:
    wanted = make_article(title="Harbour bridge vote")
    context = browser.new_context(java_script_enabled=False)
    cookie = client_for(editor).cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Title contains").fill("bridge")
    page.get_by_role("button", name="Find").click()
    expect(page).to_have_url(re.compile(r"/annotations/export/\?.*title=bridge"))
    box = page.get_by_role("checkbox", name=re.compile("Harbour bridge vote"))
    expect(box).to_have_value(str(wanted.pk))
    context.close()
