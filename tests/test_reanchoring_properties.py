"""Property: whatever edits a paragraph goes through, no annotation is lost or misplaced."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.models import Annotation
from articles.models import Article, Paragraph

pytestmark = pytest.mark.django_db

ALPHABET = st.sampled_from([*"abc de fgh.,;", "é", "e\u0301", "🌉", "东", "ب", "—"])
TEXT = st.lists(ALPHABET, min_size=8, max_size=60).map("".join)
EDIT = st.tuples(
    st.sampled_from(["insert", "delete", "replace"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.lists(ALPHABET, max_size=8).map("".join),
)


def apply(text: str, edit: tuple[str, float, float, str]) -> str:
    kind, a, b, new = edit
    i, j = sorted((int(a * len(text)), int(b * len(text))))
    if kind == "insert":
        return text[:i] + new + text[i:]
    if kind == "delete":
        return text[:i] + text[j:]
    return text[:i] + new + text[j:]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=TEXT,
    other=TEXT,
    spans=st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=1, max_size=5),
    edits=st.lists(EDIT, min_size=1, max_size=4),
    delete_it=st.booleans(),
)
def test_random_edits_never_lose_or_misplace_an_annotation(
    editor: User,
    text: str,
    other: str,
    spans: list[tuple[float, float]],
    edits: list[tuple[str, float, float, str]],
    delete_it: bool,
) -> None:
    article = Article.objects.create(
        title="Property", slug=f"property-{Article.objects.count()}", published="2026-01-01"
    )
    paragraph = Paragraph.objects.create(article=article, position=1, text=text)
    Paragraph.objects.create(article=article, position=2, text=other)
    made = []
    for a, b in spans:
        start, end = sorted((int(a * len(text)), int(b * len(text))))
        if start == end:
            # Both ends at the text's end (a = b = 1.0): the one character before it.
            start, end = (start, start + 1) if start < len(text) else (start - 1, start)
        made.append(
            Annotation.objects.create(
                paragraph=paragraph,
                start=start,
                end=end,
                text=text[start:end],
                tag="claim",
                author=editor,
            ).pk
        )
    for edit in edits:
        new = apply(paragraph.text, edit)
        if new.strip():
            paragraph.text = new
            paragraph.save()
    if delete_it:
        paragraph.delete()
    # What the deferred triggers would check at commit, checked now (and deferred again
    # for the next example, which runs in the same test transaction).
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    rows = list(Annotation.objects.filter(pk__in=made).select_related("paragraph"))
    assert len(rows) == len(made)
    for row in rows:
        if row.anchor == "orphaned":
            assert row.paragraph_id is None
        else:
            assert row.paragraph is not None
            assert row.paragraph.text[row.start : row.end] == row.text
            assert row.paragraph.article_id == article.pk
