from __future__ import annotations

import csv
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page

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
