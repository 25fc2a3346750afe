"""Overlapping highlights stay readable: each tag its own line, apart from the others, and
a highlight inside another of the same tag a line of its own (not one thick bar)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page

from articles.models import Article
from tests.conftest import annotate
from tests.test_browser_highlighting import open_article, para

pytestmark = pytest.mark.django_db(transaction=True)

LINES = """(ids) => ids.map((id) => {
    const mark = document.querySelector(`mark[data-annotation-id="${id}"]`);
    const style = getComputedStyle(mark);
    return [style.textDecorationStyle, parseFloat(style.textUnderlineOffset),
            parseFloat(style.textDecorationThickness)];
})"""


def test_each_tag_and_a_same_tag_inner_highlight_draw_lines_that_do_not_touch(
    page: Page, live_server: Any, login_page: Any, editor: User, story: Article
) -> None:
    p = para(story, 3)
    outer_claim = annotate(p, "It will pay for itself", editor, tag="claim")
    inner_claim = annotate(p, "pay for", editor, tag="claim")
    quote = annotate(p, "will pay", editor, tag="quote")
    context = annotate(p, "pay", editor, tag="context")
    open_article(page, live_server, login_page, editor, story)
    lines = page.evaluate(LINES, [a.pk for a in (outer_claim, quote, context, inner_claim)])
    styles = [style for style, _, _ in lines]
    assert styles == ["solid", "dashed", "dotted", "solid"]
    offsets = sorted(offset for _, offset, _ in lines)
    thickness = max(t for _, _, t in lines)
    # Every line clear of the next: a gap of at least a pixel between rows.
    assert all(b - a >= thickness + 1 for a, b in pairwise(offsets)), lines
