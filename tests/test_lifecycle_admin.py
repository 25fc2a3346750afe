"""The admin and concurrent callers go through the owner too: deletes, a refused change
form, two restores of one orphan at the same moment, and old links."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin as admin_site
from django.contrib.auth.models import User
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db import connection, transaction
from django.test import Client, RequestFactory

from annotations import lifecycle
from annotations.admin import AnnotationAdmin
from annotations.history import AnnotationEvent, timeline
from annotations.models import Annotation
from articles.models import Article, Paragraph
from tests.conftest import annotate
from tests.test_concurrency import in_thread

ClientFor = Callable[[User | None], Client]
CHANGELIST = "/admin/annotations/annotation/"


@pytest.fixture
def para(article: Article) -> Paragraph:
    return article.paragraphs.get(position=2)


@pytest.mark.django_db
def test_the_admins_delete_page_and_action_go_through_the_owner(
    client_for: ClientFor, admin: User, editor: User, para: Paragraph
) -> None:
    one = annotate(para, "pay for itself", editor)
    two = annotate(para, "said the mayor", editor)
    three = annotate(para, "Rosa Lind", editor)
    client = client_for(admin)
    assert client.post(f"{CHANGELIST}{one.pk}/delete/", {"post": "yes"}).status_code == 302
    data = {"action": "delete_selected", "_selected_action": [two.pk, three.pk], "post": "yes"}
    assert client.post(CHANGELIST, data).status_code == 302
    assert not Annotation.objects.exists()
    for pk in (one.pk, two.pk, three.pk):
        event = AnnotationEvent.objects.get(pgh_obj_id=pk, pgh_label="delete")
        assert event.pgh_context.metadata["reason"] == "delete"
        assert (timeline(pk)[-1].label, timeline(pk)[-1].who) == ("deleted", "boss")


@pytest.mark.django_db
def test_a_change_form_refused_by_the_owner_is_neither_logged_nor_called_a_success(
    admin: User, editor: User, para: Paragraph
) -> None:
    annotation = annotate(para, "pay for itself", editor, tag="quote")
    seen = annotation.version
    # Someone else saves between the admin form's checks and its save.
    lifecycle.edit(editor, annotation.pk, version=seen, fields=lifecycle.Fields("quote", note="x"))
    model_admin = admin_site.site._registry[Annotation]
    assert isinstance(model_admin, AnnotationAdmin)
    url = f"{CHANGELIST}{annotation.pk}/change/"
    request = RequestFactory().post(url)
    request.user = admin
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    form = model_admin.get_form(request, annotation)(
        {"tag": "quote", "note": "Older", "speaker": "", "verdict": "", "seen_version": seen},
        instance=annotation,
    )
    form.cleaned_data = {
        "tag": "quote",
        "note": "Older",
        "speaker": "",
        "verdict": "",
        "seen_version": seen,
    }
    model_admin.save_model(request, annotation, form, change=True)
    assert model_admin.log_change(request, annotation, "changed") is None
    response = model_admin.response_change(request, annotation)
    assert (response.status_code, response["Location"]) == (302, url)
    assert [str(m) for m in request._messages] == [  # type: ignore[attr-defined]
        f"Not saved: {lifecycle.STALE}"
    ]
    assert Annotation.objects.get().note == "x"


@pytest.mark.django_db
def test_old_status_links_lead_to_the_anchor_filter(client_for: ClientFor, admin: User) -> None:
    response = client_for(admin).get(CHANGELIST, {"status__exact": "review"})
    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}?anchor__exact=moved"


@pytest.mark.django_db
def test_a_paragraph_cannot_be_moved_to_another_article(
    client_for: ClientFor, admin: User, editor: User, para: Paragraph, make_article: Any
) -> None:
    other = make_article(["Elsewhere."])
    annotate(para, "pay for itself", editor)
    data = {"article": other.pk, "position": 9, "kind": "body", "text": para.text}
    client_for(admin).post(f"/admin/articles/paragraph/{para.pk}/change/", data)
    para.refresh_from_db()
    assert para.article_id != other.pk


@pytest.mark.django_db(transaction=True)
def test_two_restores_of_one_orphan_at_once_restore_it_once(editor: User, article: Article) -> None:
    paragraph = article.paragraphs.get(position=2)
    orphan = annotate(paragraph, "pay for itself", editor)
    Annotation.objects.filter(pk=orphan.pk).update(anchor="orphaned", paragraph=None)
    orphan.refresh_from_db()
    lifecycle.delete(editor, orphan.pk, version=orphan.version)

    def restore() -> Any:
        return lifecycle.restore(editor, orphan.pk)

    with transaction.atomic():
        # Hold the article's row, so both restores are inside restore() before either goes on.
        Article.objects.select_for_update().get(pk=article.pk)
        threads = [in_thread(restore), in_thread(restore)]
        deadline = time.monotonic() + 60
        while _waiting_for_locks() < 2 and time.monotonic() < deadline:
            threading.Event().wait(0.05)
    for thread, _ in threads:
        thread.join(60)
    results = [result[0] for _, result in threads]
    assert sorted(type(r).__name__ for r in results) == ["Outcome", "StaleChange"]
    assert Annotation.objects.filter(pk=orphan.pk).count() == 1


def _waiting_for_locks() -> int:
    with connection.cursor() as cursor:
        # Statistics views are read once per transaction unless the snapshot is cleared.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()"
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0
