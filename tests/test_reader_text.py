"""Paragraph text is stored as the reader sees it: no carriage return on any path, and a
save that changes nothing changes nothing (../shared/cases/admin-newline)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.test import Client

from annotations.history import AnnotationEvent
from annotations.models import Annotation
from articles.importing import import_bytes
from articles.models import Article, Paragraph
from articles.text import normalize_newlines
from tests.conftest import Migrations, make_user
from tests.test_admin_article_edits import change_form

ClientFor = Callable[[User | None], Client]
ParagraphEvent = Paragraph.pgh_event_models["text-change"]  # type: ignore[attr-defined]
FIXTURES = Path(__file__).parent / "fixtures"


def browser(text: str) -> str:
    """What a browser submits for a textarea holding ``text``: CR LF line breaks."""
    return text.replace("\n", "\r\n")


def create(client: Client, paragraph: Paragraph, words: str, tag: str = "quote") -> Any:
    start = paragraph.text.index(words)
    return client.post(
        "/annotations/",
        {
            "article": paragraph.article_id,
            "paragraph": paragraph.pk,
            "start": start,
            "end": start + len(words),
            "text": words,
            "tag": tag,
        },
    )


@pytest.fixture
def pier(db: None) -> Article:
    return import_bytes((FIXTURES / "admin-newline.txt").read_bytes(), "admin-newline.txt").article


def test_it_changes_nothing_on_a_no_op_admin_save_with_browser_line_breaks(
    client_for: ClientFor, admin: User, editor: User, pier: Article
) -> None:
    notice = pier.paragraphs.get(position=2)
    assert "read:\n“Closed" in notice.text
    assert create(client_for(editor), notice, "we will rebuild the pier").status_code == 201
    before = Annotation.objects.values().get()
    events = (AnnotationEvent.objects.count(), ParagraphEvent.objects.count())

    rows = [
        {"id": p.pk, "position": p.position, "kind": p.kind, "text": browser(p.text)}
        for p in pier.paragraphs.order_by("position")
    ]
    response = client_for(admin).post(
        f"/admin/articles/article/{pier.pk}/change/", change_form(pier, rows)
    )
    assert response.status_code == 302

    notice.refresh_from_db()
    assert "\r" not in notice.text and "read:\n“Closed" in notice.text
    assert Annotation.objects.values().get() == before  # same offsets, version, everything
    assert (AnnotationEvent.objects.count(), ParagraphEvent.objects.count()) == events
    # The page's text (LF) still equals the stored text: a selection after the break works.
    assert create(client_for(editor), notice, "Monday", tag="claim").status_code == 201


def test_the_paragraph_page_stores_lf_and_writes_nothing_when_unchanged(
    client_for: ClientFor, admin: User, editor: User, pier: Article
) -> None:
    notice = pier.paragraphs.get(position=2)
    create(client_for(editor), notice, "we will rebuild the pier")
    before = Annotation.objects.values().get()
    events = ParagraphEvent.objects.count()
    data = {
        "article": pier.pk,
        "position": 2,
        "kind": notice.kind,
        "text": browser(notice.text),
        # The read-only annotation inline's management form, as the page posts it.
        "annotations-TOTAL_FORMS": 1,
        "annotations-INITIAL_FORMS": 1,
        "annotations-MIN_NUM_FORMS": 0,
        "annotations-MAX_NUM_FORMS": 1000,
        "annotations-0-id": before["id"],
        "annotations-0-paragraph": notice.pk,
    }
    response = client_for(admin).post(f"/admin/articles/paragraph/{notice.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    notice.refresh_from_db()
    assert "\r" not in notice.text
    assert Annotation.objects.values().get() == before
    assert ParagraphEvent.objects.count() == events


def test_a_new_inline_row_is_stored_with_lf(
    client_for: ClientFor, admin: User, pier: Article
) -> None:
    rows = [
        {"id": p.pk, "position": p.position, "kind": p.kind, "text": p.text}
        for p in pier.paragraphs.order_by("position")
    ]
    rows.append(
        {"id": None, "position": len(rows) + 1, "text": "One line\r\nand another\rand a third."}
    )
    response = client_for(admin).post(
        f"/admin/articles/article/{pier.pk}/change/", change_form(pier, rows)
    )
    assert response.status_code == 302
    assert pier.paragraphs.get(position=len(rows)).text == "One line\nand another\nand a third."


def test_every_save_stores_lf_and_the_database_refuses_cr(pier: Article) -> None:
    paragraph = pier.paragraphs.get(position=1)
    paragraph.text = "First\r\nsecond\rthird"
    paragraph.save()
    assert Paragraph.objects.get(pk=paragraph.pk).text == "First\nsecond\nthird"
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_paragraph SET text = 'a' || chr(13) || 'b' WHERE id = %s",
            [paragraph.pk],
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a\r\nb", "a\nb"), ("a\rb", "a\nb"), ("a\r\r\nb", "a\n\nb"), ("\r\n", "\n"), ("ab", "ab")],
)
def test_it_normalises_line_breaks_as_an_html_parser_does(text: str, expected: str) -> None:
    assert normalize_newlines(text) == expected


# The migration that cleans stored text

BEFORE = [("articles", "0003_paragraph_limits")]
# The annotations' schema the migration works on (it depends on this one).
ANNOTATIONS = ("annotations", "0007_anchor_rules_edited")


@pytest.fixture
def old_apps(migrations: Migrations) -> Iterator[Any]:
    """The apps before the migration under test; the test then calls migrations.forward()."""
    yield migrations.back_to(BEFORE, [*BEFORE, ANNOTATIONS])


def test_the_migration_cleans_stored_text_and_moves_annotations_exactly(
    old_apps: Any, migrations: Migrations
) -> None:
    author = make_user("editor", editor=True)
    OldArticle = old_apps.get_model("articles", "Article")
    OldParagraph = old_apps.get_model("articles", "Paragraph")
    OldAnnotation = old_apps.get_model("annotations", "Annotation")
    article = OldArticle.objects.create(title="Pier", slug="pier", published="2026-05-04")
    text = "The notice read:\r\n“Closed until Monday\r\n— we will rebuild the pier.”"
    paragraph = OldParagraph.objects.create(article=article, position=1, text=text)

    def old(words: str) -> Any:
        start = text.index(words)
        return OldAnnotation.objects.create(
            article=article,
            paragraph=paragraph,
            start=start,
            end=start + len(words),
            text=words,
            tag="claim",
            author_id=author.pk,
        )

    before_break = old("notice")
    across = old("Monday\r\n— we")
    after = old("rebuild the pier")

    migrations.forward()

    stored = Paragraph.objects.get(pk=paragraph.pk).text
    assert stored == normalize_newlines(text)
    got = {a.pk: a for a in Annotation.objects.all()}
    assert (got[before_break.pk].start, got[before_break.pk].text) == (4, "notice")
    assert got[across.pk].text == "Monday\n— we"
    assert got[after.pk].text == "rebuild the pier"
    for a in got.values():
        assert stored[a.start : a.end] == a.text and a.anchor == "placed"
