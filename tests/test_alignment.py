"""Paragraph alignment by content (articles/alignment.py) and what it means for
``import --replace`` (../shared/cases/paragraph-inserted-above)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from hypothesis import given
from hypothesis import strategies as st

from annotations import lifecycle
from annotations.history import AnnotationEvent
from annotations.models import Annotation
from articles.alignment import Alignment, align
from articles.importing import import_bytes

FIXTURES = Path(__file__).parent / "fixtures"
A, B, C, D = (
    "The council met on Tuesday.",
    "It voted to fund the bridge.",
    "The mayor was pleased with the vote.",
    "Work starts in May.",
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ([A, B], [A, B], Alignment(kept={0: 0, 1: 1})),
        ([A, B], [C, A, B], Alignment(kept={1: 0, 2: 1}, inserted=[0])),  # inserted above
        ([A, B, C], [A, C], Alignment(kept={0: 0, 1: 2}, deleted=[1])),
        ([A, B, C], [B, C, A], Alignment(kept={0: 1, 1: 2, 2: 0})),  # moved
        (
            [A, B],
            [A, B.replace("fund", "pay for")],
            Alignment(kept={0: 0}, edited={1: 1}),
        ),
        ([A, B], [A, D], Alignment(kept={0: 0}, inserted=[1], deleted=[1])),  # a new one
        # Split: the first half is an edit of the old paragraph, the second is new.
        ([A, B + " " + C], [A, B, C], Alignment(kept={0: 0}, edited={1: 1}, inserted=[2])),
        # Two paragraphs with the same sentence, only the second edited.
        ([A, C, C], [A, C, C + " Twice."], Alignment(kept={0: 0, 1: 1}, edited={2: 2})),
    ],
)
def test_it_aligns_paragraphs_by_content(
    old: list[str], new: list[str], expected: Alignment
) -> None:
    assert align(old, new) == expected


@given(
    st.lists(st.sampled_from([A, B, C, D, "", "x"]), max_size=8),
    st.lists(st.sampled_from([A, B, C, D, B + " More.", "x"]), max_size=8),
)
def test_every_paragraph_is_accounted_for_once(old: list[str], new: list[str]) -> None:
    plan = align(old, new)
    assert sorted([*plan.kept, *plan.edited, *plan.inserted]) == list(range(len(new)))
    assert sorted([*plan.kept.values(), *plan.edited.values(), *plan.deleted]) == list(
        range(len(old))
    )
    assert all(old[i] == new[j] for j, i in plan.kept.items())


WORDS = [
    (2, "Harbour Lights,"),
    (3, "We made it for the people of this town,"),
    (4, "quiet, stubborn courage"),
    (5, "rose by a fifth, to 14,000"),
    (6, "ten days instead of seven"),
]


def snapshot() -> dict[int, tuple[Any, ...]]:
    """Each annotation's paragraph position, offsets, text, anchor state and version."""
    return {
        a.pk: (
            a.paragraph.position if a.paragraph else None,
            a.start,
            a.end,
            a.text,
            a.anchor,
            a.version,
        )
        for a in Annotation.objects.select_related("paragraph")
    }


@pytest.mark.django_db
def test_a_paragraph_inserted_above_moves_nothing_but_positions(editor: User) -> None:
    v1 = (FIXTURES / "paragraph-inserted-above-v1.txt").read_bytes()
    v2 = (FIXTURES / "paragraph-inserted-above-v2.txt").read_bytes()
    article = import_bytes(v1, "v1.txt").article
    for position, words in WORDS:
        paragraph = article.paragraphs.get(position=position)
        start = paragraph.text.index(words)
        selection = lifecycle.Selection(paragraph.pk, start, start + len(words), words)
        lifecycle.create(editor, selection, lifecycle.Fields("quote"))
    before = snapshot()
    events = AnnotationEvent.objects.count()

    result = import_bytes(v2, "v2.txt", replace=True)

    assert result.status == "replaced"
    after = snapshot()
    assert after == {
        pk: (position + 1, start, end, text, anchor, version)
        for pk, (position, start, end, text, anchor, version) in before.items()
    }
    assert AnnotationEvent.objects.count() == events
    texts = list(article.paragraphs.order_by("position").values_list("text", flat=True))
    for a in Annotation.objects.select_related("paragraph"):
        assert a.paragraph is not None and a.paragraph.text[a.start : a.end] == a.text
        assert texts[a.paragraph.position - 1] == a.paragraph.text
