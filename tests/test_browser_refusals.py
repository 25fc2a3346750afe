"""A change the owner refuses leaves the page in place and says why, also under DEBUG
(`make run`), where django-htmx's debug script used to replace the page with the answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from annotations.models import Annotation
from articles.models import Article
from tests.conftest import annotate
from tests.test_browser_highlighting import open_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("debug", [True, False])
def test_a_refused_edit_keeps_the_page_and_names_the_field(
    page: Page,
    live_server: Any,
    login_page: Any,
    editor: User,
    article: Article,
    settings: Any,
    debug: bool,
) -> None:
    settings.DEBUG = debug
    paragraph = article.paragraphs.get(position=2)
    claim = annotate(paragraph, "pay for itself", editor, speaker="Rosa Lind")
    before = Annotation.objects.values().get()
    open_article(page, live_server, login_page, editor, article)
    entry = page.locator(f"#entry-{claim.pk}")
    entry.hover()  # the actions show on hover and focus
    entry.get_by_role("link", name="Edit").click()
    form = page.locator(f"#entry-{claim.pk} form.edit-form")
    form.get_by_label("Context").check()
    form.get_by_role("button", name="Save").click()
    # Said beside the entry, whose form keeps what was typed.
    expect(entry.get_by_role("alert")).to_contain_text("speaker belongs to quotes and claims")
    expect(form.get_by_role("radio", name="Context")).to_be_checked()
    expect(page.locator(f"#paragraph-{paragraph.pk}")).to_be_visible()
    expect(page.locator("#annotation-panel")).to_be_visible()
    assert Annotation.objects.values().get() == before


def test_the_page_loads_no_debug_script(
    client_for: Any, editor: User, article: Article, settings: Any
) -> None:
    settings.DEBUG = True
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    assert "django-htmx.js" not in html
    assert "htmx-2.min.js" in html
