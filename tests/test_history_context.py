from __future__ import annotations

import pghistory
import pytest
from django.contrib.auth.models import User

from annotations.models import Annotation
from articles.models import Article

pytestmark = pytest.mark.django_db

AnnotationEvent = Annotation.pgh_event_models["change"]  # type: ignore[attr-defined]


def test_a_reanchoring_inside_a_request_labels_only_its_own_events(
    editor: User, article: Article
) -> None:
    paragraph = article.paragraphs.get(position=2)
    with pghistory.context(user=editor.pk, url="/admin/"):  # as the middleware does
        before = Annotation.objects.create(
            paragraph=paragraph,
            start=1,
            end=8,
            text=paragraph.text[1:8],
            tag="quote",
            author=editor,
        )
        paragraph.text = "Update: " + paragraph.text
        paragraph.save()  # re-anchors `before`
        Annotation.objects.filter(pk=before.pk).update(note="checked")
    create, reanchor, note = AnnotationEvent.objects.filter(pgh_obj_id=before.pk).order_by("pgh_id")
    assert "reason" not in create.pgh_context.metadata
    assert "reason" not in note.pgh_context.metadata
    assert reanchor.pgh_context.metadata["reason"] == "re-anchor"
    assert reanchor.pgh_context.metadata["user"] == editor.pk
    assert reanchor.start == 9
