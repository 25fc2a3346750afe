# ruff: noqa: F401, F811  (the world's fixtures are imported, then asked for by name)
"""An annotation adjudicated final says so wherever it is drawn: its highlight's
accessible name in the text (the reading page and a write's re-drawn paragraph), and its
panel entry whichever path draws it (the panel, the entry alone, a write's answer), with
no query more than before."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from agreement.models import Adjudication
from annotations.article_text import Mark
from annotations.models import Annotation
from articles.models import Article
from tests.agreement_world import adopt_bridge, desk, disputed, reviewer

HTMX = {"HX-Request": "true"}


def _label(html: str, annotation: Annotation) -> str:
    """The aria-label on ``annotation``'s (first) highlight piece in ``html``."""
    mark = html[html.index(f'data-annotation-id="{annotation.pk}"') :]
    return mark[mark.index('aria-label="') + len('aria-label="') :].split('"', 1)[0]


def _entry(html: str, annotation: Annotation) -> str:
    # The last: a write's answer removes the old entry before it draws the new one.
    entry = html[html.rindex(f'id="entry-{annotation.pk}"') :]
    return entry[: entry.index("</li>")]


def test_a_final_highlight_says_final() -> None:
    mark = Mark(1, 0, 14, "quote", "ana", "new harbour bridge", final=True)
    assert mark.accessible_name == "Final quote by ana: new harbour bridge"
    assert Mark(1, 0, 14, "claim", "ana", "it").accessible_name == "Claim by ana: it"


@pytest.fixture
def chosen(
    disputed: Article, other_editor: User, reviewer: User, client_for: Callable[..., Client]
) -> Annotation:
    """The other editor's quote "new harbour bridge", adopted as final by the reviewer."""
    return adopt_bridge(client_for(reviewer), disputed, other_editor)[1]


def test_the_reading_page_names_the_final_highlight_and_follows_the_decision(
    chosen: Annotation, editor: User, client_for: Callable[[User | None], Client]
) -> None:
    disputed = chosen.article
    client = client_for(editor)
    html = client.get(disputed.get_absolute_url()).content.decode()
    assert _label(html, chosen) == "Final quote by other: new harbour bridge"
    assert html.count('aria-label="Final ') == 1  # the other versions are not final
    assert "entry__final" in _entry(html, chosen)
    # The decision goes (superseded, or removed by hand): the annotation itself does not
    # change, yet neither its cached paragraph nor the cached text says Final any more.
    Adjudication.objects.filter(final=chosen).delete()
    html = client.get(disputed.get_absolute_url()).content.decode()
    assert _label(html, chosen) == "Quote by other: new harbour bridge"
    assert 'aria-label="Final ' not in html and "entry__final" not in html


def test_a_write_s_answer_draws_the_final_entry_and_highlight(
    chosen: Annotation, desk: User, client_for: Callable[[User | None], Client]
) -> None:
    """Before, an entry redrawn after an edit lost its Final until a reload."""
    response = client_for(desk).post(
        reverse("annotation_edit", args=[chosen.pk]),
        {"version": chosen.version, "tag": "quote", "note": "Checked with the minutes."},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "entry__final" in _entry(html, chosen)
    assert html.count("entry__final") == 1
    assert _label(html, chosen) == "Final quote by other: new harbour bridge"
    # Another annotation's answer: its entry is not final, the paragraph still says who is.
    other = Annotation.objects.get(article=chosen.article, text="harbour bridge")
    response = client_for(desk).post(
        reverse("annotation_edit", args=[other.pk]),
        {"version": other.version, "tag": "claim", "note": "Not final."},
        headers=HTMX,
    )
    html = response.content.decode()
    assert "entry__final" not in _entry(html, other)
    assert _label(html, chosen) == "Final quote by other: new harbour bridge"
    assert _label(html, other).startswith("Claim by editor: ")
