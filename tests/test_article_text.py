"""The reading page's text is drawn once per change: unchanged paragraphs come from the
paragraphs cache, a changed one is drawn again, and the cache never serves a stale one."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches

from annotations import lifecycle
from annotations.article_text import CACHE, article_text
from articles.models import Article
from tests.conftest import ArticleFactory, annotate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    caches[CACHE].clear()


def keys() -> set[str]:
    return set(caches[CACHE]._cache.keys())  # type: ignore[attr-defined]


@pytest.fixture
def story(make_article: ArticleFactory, editor: User) -> Article:
    article = make_article(
        ["The council voted on Tuesday.", "The mayor said it will pay.", "Work starts in May."]
    )
    for position, words in ((1, "council voted"), (2, "mayor"), (3, "Work starts")):
        annotate(article.paragraphs.get(position=position), words, editor)
    return article


def test_it_draws_each_paragraph_once_and_reuses_it(story: Article) -> None:
    first = article_text(story.pk, story.direction)
    drawn = keys()
    assert len(drawn) == 3
    assert article_text(story.pk, story.direction) == first
    assert keys() == drawn


def test_a_change_draws_only_its_paragraph_again_and_is_never_stale(
    story: Article, editor: User
) -> None:
    article_text(story.pk, story.direction)
    before = keys()
    mark = story.annotations.get(text="mayor")
    lifecycle.edit(editor, mark.pk, version=mark.version, fields=lifecycle.Fields("claim"))
    html = article_text(story.pk, story.direction)
    assert len(keys() - before) == 1
    assert re.search(rf'<mark class="hl hl--claim" data-annotation-id="{mark.pk}"', html)
    lifecycle.delete(editor, mark.pk, version=mark.version + 1)
    assert f'data-annotation-id="{mark.pk}"' not in article_text(story.pk, story.direction)


def test_the_page_and_a_write_draw_the_same_paragraph(
    client_for: Any, editor: User, story: Article
) -> None:
    client = client_for(editor)
    paragraph = story.paragraphs.get(position=2)
    response = client.post(
        "/annotations/",
        {
            "article": story.pk,
            "paragraph": paragraph.pk,
            "start": 4,
            "end": 9,
            "text": "mayor",
            "tag": "context",
        },
    )
    assert response.status_code == 201
    element = re.compile(rf'<p id="paragraph-{paragraph.pk}".*?</p>', re.S)
    written = element.search(response.content.decode())
    page = element.search(client.get(story.get_absolute_url()).content.decode())
    assert written and page
    assert written.group(0).replace(' hx-swap-oob="outerHTML"', "") == page.group(0)
