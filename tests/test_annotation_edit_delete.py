from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.urls import reverse

from annotations.models import Annotation
from annotations.views import UNDO_SALT
from articles.models import Article
from tests.conftest import annotate

pytestmark = pytest.mark.django_db


@pytest.fixture
def annotation(article: Article, editor: User) -> Annotation:
    para = article.paragraphs.get(position=2)
    return Annotation.objects.create(
        paragraph=para,
        start=1,
        end=39,
        text=para.text[1:39],
        tag="quote",
        speaker="Rosa Lind",
        author=editor,
    )


def edit(client: Any, annotation: Annotation, **data: Any) -> Any:
    """POST the Edit form as the page sends it: against the version it was opened at."""
    data = {"version": Annotation.objects.get(pk=annotation.pk).version, **data}
    return client.post(reverse("annotation_edit", args=[annotation.pk]), data)


def delete(client: Any, annotation: Annotation, **extra: Any) -> Any:
    """POST the Delete button as the page sends it, with the entry's version."""
    row = Annotation.objects.filter(pk=annotation.pk).first()
    data = {"version": row.version if row else 1}
    return client.post(reverse("annotation_delete", args=[annotation.pk]), data, **extra)


def test_it_shows_the_edit_form_to_the_author(
    client_for: Any, editor: User, annotation: Annotation
) -> None:
    client = client_for(editor)
    url = reverse("annotation_edit", args=[annotation.pk])
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'name="tag" value="quote" checked' in response.content.decode()
    # Opened as a page (a new tab): the entry on its article's page, not a bare fragment.
    for page_url in (url, reverse("annotation_entry", args=[annotation.pk])):
        page = client.get(page_url, headers={"Sec-Fetch-Mode": "navigate"})
        assert page.status_code == 302
        assert page["Location"] == (
            reverse("article_detail", args=[annotation.article.slug]) + f"#entry-{annotation.pk}"
        )


def test_it_edits_tag_note_and_verdict(
    client_for: Any, editor: User, annotation: Annotation
) -> None:
    response = edit(client_for(editor), annotation, tag="claim", note="Source?", verdict="false")
    assert response.status_code == 200
    annotation.refresh_from_db()
    assert (annotation.tag, annotation.note, annotation.verdict, annotation.speaker) == (
        "claim",
        "Source?",
        "false",
        "",
    )
    assert annotation.paragraph is not None
    assert annotation.text == annotation.paragraph.text[annotation.start : annotation.end]
    assert 'class="hl hl--claim"' in response.content.decode()
    assert "Claim saved" in response.content.decode()


def test_it_ignores_offsets_in_an_edit(
    client_for: Any, editor: User, annotation: Annotation
) -> None:
    edit(client_for(editor), annotation, tag="quote", start=0, end=2, text="xx")
    annotation.refresh_from_db()
    assert (annotation.start, annotation.end) == (1, 39)


def test_it_refuses_a_bad_edit(client_for: Any, editor: User, annotation: Annotation) -> None:
    response = edit(client_for(editor), annotation, tag="gossip")
    assert response.status_code == 400
    assert "Unknown tag" in response.content.decode()
    response = edit(client_for(editor), annotation, tag="quote", note="x" * 5000)
    assert response.status_code == 400
    annotation.refresh_from_db()
    assert (annotation.tag, annotation.note) == ("quote", "")


@pytest.mark.parametrize(
    ("who", "can_change"),
    [("reader", False), ("other_editor", False), ("editor", True), ("admin", True)],
)
def test_the_permission_matrix_for_edit_and_delete(
    request: pytest.FixtureRequest,
    client_for: Any,
    annotation: Annotation,
    who: str,
    can_change: bool,
) -> None:
    client = client_for(request.getfixturevalue(who))
    response = edit(client, annotation, tag="context")
    assert response.status_code == (200 if can_change else 403)
    deleted = delete(client, annotation)
    assert deleted.status_code == (200 if can_change else 403)
    assert Annotation.objects.filter(pk=annotation.pk).exists() is not can_change


def test_a_staff_member_with_change_permission_edits_any(
    client_for: Any, annotation: Annotation
) -> None:
    from django.contrib.auth.models import Permission

    from tests.conftest import make_user

    chief = make_user("chief", editor=True)
    chief.user_permissions.add(Permission.objects.get(codename="change_annotation"))
    assert edit(client_for(chief), annotation, tag="claim").status_code == 200
    assert delete(client_for(chief), annotation).status_code == 403


def test_it_404s_for_unknown_annotations(client_for: Any, editor: User) -> None:
    client = client_for(editor)
    assert client.get(reverse("annotation_edit", args=[999999])).status_code == 404
    assert client.post(reverse("annotation_delete", args=[999999])).status_code == 404
    assert client.get(reverse("annotation_entry", args=[999999])).status_code == 404


def test_it_gives_htmx_a_fragment_for_403(
    client_for: Any, other_editor: User, annotation: Annotation
) -> None:
    response = client_for(other_editor).post(
        reverse("annotation_delete", args=[annotation.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 403
    assert "<html" not in response.content.decode()
    assert "Only its author" in response.content.decode()


def test_it_only_accepts_the_right_methods(
    client_for: Any, editor: User, annotation: Annotation
) -> None:
    client = client_for(editor)
    assert client.get(reverse("annotation_delete", args=[annotation.pk])).status_code == 405
    assert client.get(reverse("annotation_restore")).status_code == 405
    assert client.post(reverse("annotation_entry", args=[annotation.pk])).status_code == 405
    assert client.delete(reverse("annotation_edit", args=[annotation.pk])).status_code == 405


def test_delete_then_undo_brings_back_the_same_annotation(
    client_for: Any, editor: User, annotation: Annotation
) -> None:
    client = client_for(editor)
    before = Annotation.objects.values().get(pk=annotation.pk)
    response = delete(client, annotation)
    assert response.status_code == 200
    assert not Annotation.objects.exists()
    html = response.content.decode()
    assert "Undo" in html and "Quote deleted" in html
    token = response.context["undo_token"]
    restored = client.post(reverse("annotation_restore"), {"token": token})
    assert restored.status_code == 200
    after = Annotation.objects.values().get(pk=annotation.pk)
    assert {k: v for k, v in after.items() if k != "updated"} == {
        k: v for k, v in before.items() if k != "updated"
    }
    assert client.post(reverse("annotation_restore"), {"token": token}).status_code in (200, 409)
    assert Annotation.objects.count() == 1


def test_undo_refuses_forged_or_foreign_tokens(
    client_for: Any, editor: User, other_editor: User, annotation: Annotation
) -> None:
    response = delete(client_for(editor), annotation)
    token = response.context["undo_token"]
    assert (
        client_for(other_editor).post(reverse("annotation_restore"), {"token": token}).status_code
        == 403
    )
    assert (
        client_for(editor).post(reverse("annotation_restore"), {"token": token + "x"}).status_code
        == 400
    )
    forged = signing.dumps({"id": 1}, salt="something-else")
    assert (
        client_for(editor).post(reverse("annotation_restore"), {"token": forged}).status_code == 400
    )
    assert not Annotation.objects.exists()


def test_undo_expires(client_for: Any, editor: User, annotation: Annotation, settings: Any) -> None:
    import time

    token = delete(client_for(editor), annotation).context["undo_token"]
    # Re-sign with an old timestamp rather than sleeping.
    data = signing.loads(token, salt=UNDO_SALT)
    old = signing.TimestampSigner(salt=UNDO_SALT)
    old.timestamp = lambda: signing.b62_encode(int(time.time()) - 3600)  # type: ignore[method-assign]
    stale = old.sign_object(data)
    response = client_for(editor).post(reverse("annotation_restore"), {"token": stale})
    assert response.status_code == 410
    assert not Annotation.objects.exists()


def test_the_panel_filters_by_tag_and_author(
    client_for: Any, editor: User, other_editor: User, reader: User, annotation: Annotation
) -> None:
    para = annotation.paragraph
    assert para is not None
    Annotation.objects.create(
        paragraph=para, start=0, end=1, text=para.text[0], tag="claim", author=other_editor
    )
    url = reverse("annotation_panel", args=[para.article.slug])
    client = client_for(reader)
    by_tag = client.get(url, {"tag": "claim"}).context["annotations"]
    assert [a.tag for a in by_tag] == ["claim"]
    by_author = client.get(url, {"author": "editor"}).context["annotations"]
    assert [a.pk for a in by_author] == [annotation.pk]
    everything = client.get(url, {"tag": "bogus", "author": "nobody"}).context["annotations"]
    assert len(everything) == 2
    # reading order: paragraph position, then start
    assert [a.start for a in everything] == [0, 1]
    assert client.get(reverse("annotation_panel", args=["missing"])).status_code == 404


def test_the_panel_filter_lives_in_the_page_address_and_survives_a_change(
    client_for: Any, editor: User, other_editor: User, annotation: Annotation
) -> None:
    para = annotation.paragraph
    assert para is not None
    annotate(para, "the mayor", other_editor, tag="context")
    client = client_for(editor)
    url = reverse("annotation_panel", args=[para.article.slug])
    response = client.get(url, {"author": "editor"}, headers={"HX-Request": "true"})
    page = f"{para.article.get_absolute_url()}?author=editor"
    assert response["HX-Replace-Url"] == page
    # A later edit re-draws the panel with the page's filter still applied.
    changed = client.post(
        reverse("annotation_edit", args=[annotation.pk]),
        {"tag": "claim", "version": annotation.version},
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{page}"},
    )
    assert changed.context["filter_author"] == "editor"
    assert changed.context["entry"] == annotation  # drawn again, at its place
    # Someone else's entry is not drawn into a panel filtered to "editor".
    theirs = Annotation.objects.get(author=other_editor)
    other = client_for(other_editor).post(
        reverse("annotation_edit", args=[theirs.pk]),
        {"tag": "quote", "version": theirs.version},
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{page}"},
    )
    assert other.status_code == 200 and other.context["entry"] is None
    # ... and so does a reload of the page itself.
    reloaded = client.get(page)
    assert [a.pk for a in reloaded.context["annotations"]] == [annotation.pk]
    assert client.get(url, headers={"HX-Request": "true"})["HX-Replace-Url"] == (
        para.article.get_absolute_url()
    )
