"""The faults found by trying the product, through the pages and the admin: every change
carries its version, the rules hold for the admin too, one Undo is one event, and an undo
never doubles an annotation or outlives a later deletion."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core import signing
from django.test import Client
from django.urls import reverse

from annotations import lifecycle
from annotations.history import AnnotationEvent, timeline
from annotations.models import Annotation
from annotations.views import UNDO_SALT
from articles.models import Article, Paragraph
from tests.conftest import annotate, make_user

ClientFor = Callable[[User | None], Client]
CREATE = "/annotations/"
RESTORE = "/annotations/restore/"
ADMIN_CHANGE = "/admin/annotations/annotation/{}/change/"


@pytest.fixture
def para(article: Article) -> Paragraph:
    return article.paragraphs.get(position=2)


def create_payload(para: Paragraph, words: str, tag: str = "claim", **extra: Any) -> dict[str, Any]:
    start = para.text.index(words)
    return {
        "article": para.article_id,
        "paragraph": para.pk,
        "start": start,
        "end": start + len(words),
        "text": words,
        "tag": tag,
        **extra,
    }


def row(pk: int) -> Any:
    """The stored row as a dict (None when there is none), to compare before and after."""
    return Annotation.objects.filter(pk=pk).values().first()


# Every change request carries its version


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("annotation_edit", {"tag": "claim", "note": "Newer"}),
        ("annotation_delete", {}),
        ("annotation_confirm", {}),
    ],
)
def test_it_refuses_a_change_without_a_version(
    client_for: ClientFor, editor: User, para: Paragraph, name: str, data: dict[str, Any]
) -> None:
    annotation = annotate(para, "pay for itself", editor, tag="quote")
    if name == "annotation_confirm":
        Annotation.objects.filter(pk=annotation.pk).update(anchor="moved")
    before = row(annotation.pk)
    response = client_for(editor).post(reverse(name, args=[annotation.pk]), data)
    assert response.status_code == 400
    assert "version" in response.content.decode()
    assert row(annotation.pk) == before


def test_an_edit_without_a_version_is_not_saved_over_a_newer_change(
    client_for: ClientFor, editor: User, admin: User, para: Paragraph
) -> None:
    annotation = annotate(para, "pay for itself", editor, tag="quote")
    opened = annotation.version
    url = reverse("annotation_edit", args=[annotation.pk])
    newer = client_for(admin).post(
        url, {"version": opened, "tag": "quote", "note": "Desk: sourced"}
    )
    assert newer.status_code == 200
    assert client_for(editor).post(url, {"tag": "quote", "note": "Mine"}).status_code == 400
    stale = client_for(editor).post(url, {"version": opened, "tag": "quote", "note": "Mine"})
    assert stale.status_code == 409
    assert Annotation.objects.get().note == "Desk: sourced"


def test_a_reattach_without_a_version_is_refused(
    client_for: ClientFor, editor: User, para: Paragraph
) -> None:
    annotation = annotate(para, "pay for itself", editor)
    Annotation.objects.filter(pk=annotation.pk).update(anchor="orphaned", paragraph=None)
    data = create_payload(para, "said the mayor")
    response = client_for(editor).post(
        reverse("annotation_reattach"), {**data, "annotation": annotation.pk}
    )
    assert response.status_code == 400
    assert Annotation.objects.get().anchor == "orphaned"


# The rules, for the page and for the admin


def test_the_page_keeps_a_claims_claimant_and_refuses_a_speaker_on_context(
    client_for: ClientFor, editor: User, para: Paragraph
) -> None:
    client = client_for(editor)
    claim = client.post(CREATE, create_payload(para, "pay for itself", speaker="Rosa Lind"))
    assert claim.status_code == 201
    assert Annotation.objects.get().speaker == "Rosa Lind"
    context = client.post(
        CREATE, create_payload(para, "said the mayor", tag="context", speaker="Rosa Lind")
    )
    assert context.status_code == 400
    assert "speaker" in context.content.decode().lower()
    verdict = client.post(
        CREATE, create_payload(para, "said the mayor", tag="quote", verdict="false")
    )
    assert verdict.status_code == 400
    assert "verdict" in verdict.content.decode().lower()
    assert Annotation.objects.count() == 1


def test_the_edit_form_offers_the_speaker_for_quotes_and_claims(
    client_for: ClientFor, editor: User, para: Paragraph
) -> None:
    annotation = annotate(para, "pay for itself", editor, speaker="Rosa Lind")
    url = reverse("annotation_edit", args=[annotation.pk])
    html = client_for(editor).get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Speaker (quotes)" not in html
    assert "claims: who claims it" in html
    assert 'value="Rosa Lind"' in html


def test_switching_a_claim_to_a_quote_drops_the_unjudged_verdict(
    client_for: ClientFor, editor: User, para: Paragraph
) -> None:
    annotation = annotate(para, "pay for itself", editor, verdict="unverified")
    url = reverse("annotation_edit", args=[annotation.pk])
    ok = client_for(editor).post(
        url, {"version": annotation.version, "tag": "quote", "verdict": "unverified"}
    )
    assert ok.status_code == 200
    assert (Annotation.objects.get().tag, Annotation.objects.get().verdict) == ("quote", "")


def test_the_admin_refuses_a_verdict_on_a_quote(
    client_for: ClientFor, admin: User, editor: User, para: Paragraph
) -> None:
    annotation = annotate(para, "pay for itself", editor, tag="quote")
    before = row(annotation.pk)
    response = client_for(admin).post(
        ADMIN_CHANGE.format(annotation.pk),
        {
            "tag": "quote",
            "verdict": "false",
            "speaker": "",
            "note": "",
            "seen_version": annotation.version,
        },
    )
    assert response.status_code == 200  # the form again, with the error on its field
    assert "verdict" in response.context["adminform"].form.errors
    assert row(annotation.pk) == before


def test_the_admin_checks_the_version(
    client_for: ClientFor, admin: User, editor: User, para: Paragraph
) -> None:
    annotation = annotate(para, "pay for itself", editor, tag="quote")
    url = ADMIN_CHANGE.format(annotation.pk)
    form = client_for(admin).get(url).content.decode()
    assert f'name="seen_version" value="{annotation.version}"' in form
    lifecycle.edit(
        editor,
        annotation.pk,
        version=annotation.version,
        fields=lifecycle.Fields("quote", note="Newer"),
    )
    data = {"tag": "quote", "verdict": "", "speaker": "", "note": "Older"}
    for seen in (annotation.version, ""):
        response = client_for(admin).post(url, {**data, "seen_version": seen})
        assert response.status_code == 200
        assert response.context["adminform"].form.non_field_errors()
    assert Annotation.objects.get().note == "Newer"


# History: one event per action, with its actor


def test_one_undo_writes_one_restored_event(
    client_for: ClientFor, editor: User, para: Paragraph
) -> None:
    client = client_for(editor)
    annotation = annotate(para, "pay for itself", editor)
    deleted = client.post(
        reverse("annotation_delete", args=[annotation.pk]), {"version": annotation.version}
    )
    events = AnnotationEvent.objects.count()
    restored = client.post(RESTORE, {"token": deleted.context["undo_token"]})
    assert restored.status_code == 200
    assert "Claim restored" in restored.content.decode()
    assert AnnotationEvent.objects.count() == events + 1
    assert [(e.label, e.who) for e in timeline(annotation.pk)][-2:] == [
        ("deleted", "editor"),
        ("restored", "editor"),
    ]


# Undo and restore (../shared/cases/undo-duplicate)


def test_undo_does_not_restore_a_duplicate_of_one_made_again(
    client_for: ClientFor, editor: User, para: Paragraph
) -> None:
    tab1, tab2 = client_for(editor), client_for(editor)
    made = tab1.post(CREATE, create_payload(para, "pay for itself"))
    assert made.status_code == 201
    first = Annotation.objects.get()
    deleted = tab1.post(reverse("annotation_delete", args=[first.pk]), {"version": first.version})
    token = deleted.context["undo_token"]
    again = tab2.post(CREATE, create_payload(para, "pay for itself"))
    assert again.status_code == 201 and "Claim added" in again.content.decode()
    undo = tab1.post(RESTORE, {"token": token})
    assert undo.status_code == 200
    assert "Claim already there" in undo.content.decode()
    assert Annotation.objects.count() == 1
    assert Annotation.objects.get().pk != first.pk


def test_a_readers_forged_undo_token_restores_nothing(
    client_for: ClientFor, editor: User, reader: User, para: Paragraph
) -> None:
    annotation = annotate(para, "pay for itself", editor)
    client_for(editor).post(
        reverse("annotation_delete", args=[annotation.pk]), {"version": annotation.version}
    )
    event = AnnotationEvent.objects.get(pgh_label="delete")
    # Anyone who knows the (development) key can sign a token: the server checks anyway.
    forged = signing.dumps(
        {"id": annotation.pk, "event": event.pk, "by": reader.pk}, salt=UNDO_SALT
    )
    response = client_for(reader).post(RESTORE, {"token": forged})
    assert response.status_code == 403
    assert not Annotation.objects.exists()


def test_an_old_undo_cannot_undo_a_later_delete_by_someone_else(
    client_for: ClientFor, editor: User, para: Paragraph
) -> None:
    desk = make_user("desk", is_staff=True)
    desk.user_permissions.add(*Permission.objects.filter(codename="delete_annotation"))
    desk = User.objects.get(pk=desk.pk)
    annotation = annotate(para, "pay for itself", editor)
    mine = client_for(editor).post(
        reverse("annotation_delete", args=[annotation.pk]), {"version": annotation.version}
    )
    back = lifecycle.restore(desk, annotation.pk).annotation  # the desk restores it...
    lifecycle.delete(desk, back.pk, version=back.version)  # ...and deletes it for good
    response = client_for(editor).post(RESTORE, {"token": mine.context["undo_token"]})
    assert response.status_code == 409
    assert not Annotation.objects.exists()


def test_the_restore_endpoints_permission_matrix(
    client_for: ClientFor, editor: User, other_editor: User, para: Paragraph
) -> None:
    annotation = annotate(para, "pay for itself", editor)
    deleted = client_for(editor).post(
        reverse("annotation_delete", args=[annotation.pk]), {"version": annotation.version}
    )
    token = deleted.context["undo_token"]
    anonymous = client_for(None).post(RESTORE, {"token": token})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert client_for(editor).get(RESTORE).status_code == 405
    assert client_for(other_editor).post(RESTORE, {"token": token}).status_code == 403
    assert client_for(editor).post(RESTORE, {"token": "nonsense"}).status_code == 400
    assert not Annotation.objects.exists()
    assert client_for(editor).post(RESTORE, {"token": token}).status_code == 200
    assert client_for(editor).post(RESTORE, {"token": token}).status_code == 409


@pytest.mark.parametrize(
    "payload",
    [[1, 2], "text", {"event": 1}, {"id": "abc", "event": 1}, {"id": 3.5, "event": 1}, {"id": 1}],
)
def test_a_malformed_undo_token_is_a_400_not_a_500(
    client_for: ClientFor, editor: User, para: Paragraph, payload: Any
) -> None:
    annotation = annotate(para, "pay for itself", editor)
    client_for(editor).post(
        reverse("annotation_delete", args=[annotation.pk]), {"version": annotation.version}
    )
    if isinstance(payload, dict):
        payload = {"by": editor.pk, **payload}
    token = signing.dumps(payload, salt=UNDO_SALT)
    response = client_for(editor).post(RESTORE, {"token": token})
    assert response.status_code == 400
    assert "token" in response.content.decode()
    assert not Annotation.objects.exists()
