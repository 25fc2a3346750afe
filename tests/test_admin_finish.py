"""The admin's finishing points: upload results show file names as uploaded, the upload
help says what --replace does to annotations, paragraph rows are labelled by position
and kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from articles.models import Article
from tests.conftest import ArticleFactory
from tests.test_admin_articles import IMPORT, import_lines, upload

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]


def test_upload_results_show_file_names_as_uploaded(
    client_for: ClientFor, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    good = upload("good.txt", b"date 2026-03-14\ntitle Pier opens\n\nIntro.")
    bad = upload("bad.txt", b"date 2021-13-45\n\nText.")
    client = client_for(admin)
    lines = import_lines(client, {"uploads": [good, bad]}, django_capture_on_commit_callbacks)
    assert [line.split(": ")[:2] for line in lines] == [
        ["good.txt", "imported"],
        ["bad.txt", "refused"],
    ]


def test_the_upload_help_says_annotations_are_re_anchored(
    client_for: ClientFor, admin: User
) -> None:
    page = " ".join(client_for(admin).get(IMPORT).content.decode().split())
    assert "re-anchored onto the new text, not lost" in page
    assert "are lost" not in page


def test_paragraph_rows_are_labelled_by_position_and_kind(
    client_for: ClientFor, admin: User, make_article: ArticleFactory
) -> None:
    article: Article = make_article(["Harbour bridge", "Text."], kinds=["heading", "body"])
    html = client_for(admin).get(f"/admin/articles/article/{article.pk}/change/")
    page = html.content.decode()
    assert "Paragraph 1 (heading)" in page
    assert "Paragraph 2 (body)" in page
    assert f"{article.pk} ¶1" not in page
