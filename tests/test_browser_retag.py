"""The same words can be tagged twice (a quote that is also a claim): selecting words that
were just tagged brings the toolbar back."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from annotations.models import Annotation
from articles.models import Article
from tests.test_browser_highlighting import drag_select, open_article, para

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_tags_the_words_it_just_tagged_again_with_another_tag(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    open_article(page, live_server, login_page, editor, story)
    toolbar = page.get_by_role("dialog", name="Tag the selected passage")
    drag_select(page, para(story, 2), 4, 11)
    toolbar.get_by_role("button", name="Context").click()
    expect(page.locator(f"#paragraph-{para(story, 2).pk} mark.hl--context")).to_be_visible()
    drag_select(page, para(story, 2), 4, 11)
    expect(toolbar).to_be_visible()
    toolbar.get_by_role("button", name="Claim").click()
    expect(page.locator(f"#paragraph-{para(story, 2).pk} mark.hl--claim")).to_be_visible()
    assert sorted(Annotation.objects.values_list("tag", flat=True)) == ["claim", "context"]
