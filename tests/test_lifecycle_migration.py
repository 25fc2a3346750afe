"""Migration 0007 converts what was stored before it: the anchoring state's new name and
values (rows and history), values the new rules refuse (moved into the note), and
``edited`` for what people changed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection

from annotations import lifecycle
from annotations.history import AnnotationEvent
from annotations.models import Annotation
from tests.conftest import Migrations, make_user

BEFORE = [("annotations", "0006_ordering_db_defaults")]
TEXT = "“It will pay for itself within a decade,” said the mayor, Rosa Lind."


@pytest.fixture
def old_apps(migrations: Migrations) -> Iterator[Any]:
    """The apps before the migration under test; the test then calls migrations.forward()."""
    yield migrations.back_to(BEFORE, BEFORE)


def test_it_converts_rows_history_and_stray_values(old_apps: Any, migrations: Migrations) -> None:
    author = make_user("editor", editor=True)
    Article = old_apps.get_model("articles", "Article")
    Paragraph = old_apps.get_model("articles", "Paragraph")
    OldAnnotation = old_apps.get_model("annotations", "Annotation")
    article = Article.objects.create(title="T", slug="t", published="2026-03-14")
    para = Paragraph.objects.create(article=article, position=1, text=TEXT)

    def old(words: str, **fields: Any) -> Any:
        start = TEXT.index(words)
        return OldAnnotation.objects.create(
            article=article,
            paragraph=para,
            start=start,
            end=start + len(words),
            text=words,
            author_id=author.pk,
            **fields,
        )

    review = old("pay for itself", tag="claim", status="review")
    quote_verdict = old("It will", tag="quote", verdict="false", note="Sourced.")
    context_speaker = old("said the mayor", tag="context", speaker="Rosa Lind")
    reanchored = old("Rosa Lind", tag="quote")
    edited = old("within a decade", tag="claim")
    edited.note = "Changed by a person"
    edited.save()  # an edit from before: a "change" event without a reason
    deleted = old("a decade", tag="claim", status="review")
    deleted_id = deleted.pk
    deleted.delete()

    migrations.forward()

    got = {a.pk: a for a in Annotation.objects.all()}
    assert got[review.pk].anchor == "moved"
    assert (got[quote_verdict.pk].verdict, got[quote_verdict.pk].note) == (
        "",
        'Sourced.\n\nVerdict "false" was recorded on this quote before verdicts were '
        "limited to claims.",
    )
    assert (got[context_speaker.pk].speaker, got[context_speaker.pk].note) == (
        "",
        'Speaker "Rosa Lind" was recorded on this context before speakers were limited to '
        "quotes and claims.",
    )
    assert got[edited.pk].was_edited
    assert not got[reanchored.pk].was_edited and not got[review.pk].was_edited
    assert not AnnotationEvent.objects.filter(anchor="review").exists()
    assert AnnotationEvent.objects.filter(pgh_obj_id=deleted_id, anchor="moved").count() == 2

    # A restore from an event recorded before the rename still works.
    restored = lifecycle.restore(User.objects.get(pk=author.pk), deleted_id).annotation
    assert (restored.anchor, restored.text) == ("moved", "a decade")


@pytest.mark.django_db
def test_no_database_name_still_says_status() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid IN "
            "('annotations_annotation'::regclass, 'annotations_annotationevent'::regclass) "
            "UNION ALL SELECT indexname FROM pg_indexes WHERE tablename LIKE 'annotations_%%'"
        )
        names = [row[0] for row in cursor.fetchall()]
    assert names and not [name for name in names if "status" in name]
