"""The annotation admin: orphan filter, history on the change page, the event admin and
restoring deleted annotations from it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.admin import site as admin_site
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory

from annotations.admin import AnnotationEventAdmin, restore_annotations
from annotations.history import AnnotationEvent
from annotations.models import Annotation
from articles.models import Article
from tests.conftest import ArticleFactory, annotate, make_user

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]
CHANGELIST = "/admin/annotations/annotation/"
EVENTS = "/admin/annotations/annotationevent/"


def staff(name: str, *codenames: str) -> User:
    user = make_user(name, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="annotations", codename__in=codenames)
    )
    return user


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def flat(response: Any) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def article(make_article: ArticleFactory) -> Article:
    return make_article(
        ["The council voted to fund the bridge.", "The mayor was pleased."],
        title="Bridge vote",
    )


@pytest.fixture
def placed(article: Article, editor: User) -> Annotation:
    return annotate(article.paragraphs.get(position=1), "fund the bridge", editor)


@pytest.fixture
def orphan(article: Article, editor: User) -> Annotation:
    paragraph = article.paragraphs.get(position=2)
    annotation = annotate(paragraph, "pleased", editor, note="Was he?")
    paragraph.text = "Nothing of the sort was said by anyone at the meeting."
    paragraph.save()
    annotation.refresh_from_db()
    assert annotation.anchor == "orphaned"
    return annotation


def test_the_changelist_shows_status_and_filters_orphans(
    client_for: ClientFor, admin: User, placed: Annotation, orphan: Annotation
) -> None:
    client = client_for(admin)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    html = flat(response)
    assert "fund the bridge" in html and "pleased" in html
    assert '<td class="field-anchor">Could not be placed</td>' in html
    assert '<td class="field-anchor">Placed</td>' in html
    for label in ("Placed", "Re-anchored, please check", "Could not be placed"):
        assert f"{label}</a>" in html  # the filter's choices
    response = client.get(CHANGELIST, {"anchor__exact": "orphaned"})
    assert response.status_code == 200
    assert [a.pk for a in response.context["cl"].result_list] == [orphan.pk]
    response = client.get(CHANGELIST, {"anchor__exact": "placed"})
    assert [a.pk for a in response.context["cl"].result_list] == [placed.pk]


def test_the_changelist_filters_by_article(
    client_for: ClientFor,
    admin: User,
    editor: User,
    placed: Annotation,
    make_article: ArticleFactory,
) -> None:
    other = make_article(["Ferries run late."], title="Ferry news")
    elsewhere = annotate(other.paragraphs.get(), "run late", editor)
    client = client_for(admin)
    html = flat(client.get(CHANGELIST))
    assert "Bridge vote</a>" in html and "Ferry news</a>" in html  # the article filter
    response = client.get(CHANGELIST, {"article__id__exact": other.pk})
    assert response.status_code == 200
    assert [a.pk for a in response.context["cl"].result_list] == [elsewhere.pk]


def test_the_change_page_shows_the_history(
    client_for: ClientFor, admin: User, orphan: Annotation
) -> None:
    response = client_for(admin).get(f"{CHANGELIST}{orphan.pk}/change/")
    assert response.status_code == 200
    html = flat(response)
    assert '<table class="annotation-history" id="history">' in html
    assert "<td>created</td><td>system</td>" in html  # made outside a request
    assert "<td>orphaned</td><td>system</td>" in html
    assert "<div>anchor: Placed → Could not be placed</div>" in html
    assert "<script>" not in html.split('<table class="annotation-history" id="history">')[1]


def test_an_admin_edit_bumps_the_version_and_is_recorded(
    client_for: ClientFor, admin: User, placed: Annotation
) -> None:
    response = client_for(admin).post(
        f"{CHANGELIST}{placed.pk}/change/",
        {
            "tag": "claim",
            "verdict": "false",
            "speaker": "",
            "note": "Checked: wrong.",
            "seen_version": placed.version,
        },
    )
    assert response.status_code == 302
    placed.refresh_from_db()
    assert (placed.verdict, placed.note, placed.version) == ("false", "Checked: wrong.", 2)
    html = flat(client_for(admin).get(f"{CHANGELIST}{placed.pk}/change/"))
    assert "<td>changed</td><td>boss</td>" in html
    assert "<div>note: (empty) → Checked: wrong.</div>" in html


def test_the_event_admin_lists_filters_and_searches_events(
    client_for: ClientFor, admin: User, placed: Annotation, orphan: Annotation
) -> None:
    placed_id = placed.pk
    placed.delete()
    client = client_for(admin)
    response = client.get(EVENTS)
    assert response.status_code == 200
    rows = response.context["cl"].result_list
    assert [(e.pgh_label, e.pgh_obj_id) for e in rows] == [
        ("delete", placed_id),
        ("change", orphan.pk),
        ("create", orphan.pk),
        ("create", placed_id),
    ]
    html = flat(response)
    assert '<td class="field-what">orphaned</td>' in html
    assert '<td class="field-article_title">Bridge vote</td>' in html
    response = client.get(EVENTS, {"pgh_label": "delete"})
    assert [e.pgh_obj_id for e in response.context["cl"].result_list] == [placed_id]
    response = client.get(EVENTS, {"q": "pleased"})
    assert {e.pgh_obj_id for e in response.context["cl"].result_list} == {orphan.pk}


def test_the_event_admin_is_read_only(
    client_for: ClientFor, admin: User, placed: Annotation
) -> None:
    client = client_for(admin)
    event = AnnotationEvent.objects.get(pgh_obj_id=placed.pk)
    assert client.get(f"{EVENTS}add/").status_code == 403
    response = client.get(f"{EVENTS}{event.pk}/change/")
    assert response.status_code == 200
    assert 'name="text"' not in response.content.decode()  # shown, not editable
    assert client.post(f"{EVENTS}{event.pk}/change/", {"text": "forged"}).status_code == 403
    assert client.get(f"{EVENTS}{event.pk}/delete/").status_code == 403
    event.refresh_from_db()
    assert event.text == "fund the bridge"


def test_the_event_admin_shows_events_of_deleted_articles(
    client_for: ClientFor, admin: User, article: Article, placed: Annotation
) -> None:
    article_id = article.pk
    article.delete()
    response = client_for(admin).get(EVENTS, {"pgh_label": "delete"})
    assert [e.pgh_obj_id for e in response.context["cl"].result_list] == [placed.pk]
    assert f"#{article_id} (deleted)" in flat(response)


def test_restoring_needs_add_and_change_permissions(
    client_for: ClientFor, placed: Annotation
) -> None:
    placed_id = placed.pk
    placed.delete()
    event = AnnotationEvent.objects.get(pgh_obj_id=placed_id, pgh_label="delete")
    data = {"action": "restore_annotations", "_selected_action": [event.pk]}

    # Without the permissions the action is not offered, and posting it does nothing.
    viewer = client_for(staff("viewer", "view_annotation"))
    response = viewer.get(EVENTS)
    assert response.status_code == 200
    assert "restore_annotations" not in response.content.decode()
    response = viewer.post(EVENTS, data, follow=True)
    assert response.status_code == 200
    assert messages_of(response) == []
    assert not Annotation.objects.exists()
    half = staff("half", "view_annotation", "change_annotation")
    response = client_for(half).post(EVENTS, data, follow=True)
    assert messages_of(response) == []
    assert not Annotation.objects.exists()
    # Called directly all the same, the action refuses.
    request = RequestFactory().post(EVENTS, data)
    request.user = half
    with pytest.raises(PermissionDenied):
        event_admin = admin_site._registry[AnnotationEvent]
        assert isinstance(event_admin, AnnotationEventAdmin)
        restore_annotations(event_admin, request, AnnotationEvent.objects.all())
    assert not Annotation.objects.exists()

    # Restoring needs what deleting needs: this one may add and change, not delete others'.
    adder = client_for(staff("adder", "view_annotation", "add_annotation", "change_annotation"))
    response = adder.post(EVENTS, data, follow=True)
    assert messages_of(response) == [
        f"Annotation {placed_id}: not restored: Only its author, a reviewer or the desk may change "
        "this annotation."
    ]
    assert not Annotation.objects.exists()

    desk = client_for(staff("desk", "view_annotation", "delete_annotation"))
    response = desk.post(EVENTS, data, follow=True)
    assert messages_of(response) == [f"Annotation {placed_id} restored (claim, on ¶1)."]
    assert Annotation.objects.get().pk == placed_id


def test_restore_reports_each_selected_event(
    client_for: ClientFor, admin: User, article: Article, placed: Annotation, editor: User
) -> None:
    second = annotate(article.paragraphs.get(position=2), "mayor", editor)
    ids: tuple[int, int] = (placed.pk, second.pk)
    placed.delete()
    second.delete()
    article.paragraphs.filter(position=2).delete()  # its words are gone
    selected = AnnotationEvent.objects.filter(pgh_obj_id__in=ids).order_by("pgh_id")
    create = selected.filter(pgh_label="create").first()
    assert create is not None
    response = client_for(admin).post(
        EVENTS,
        {"action": "restore_annotations", "_selected_action": [e.pk for e in selected]},
        follow=True,
    )
    assert messages_of(response) == [
        f"Annotation {ids[0]}: event {create.pk} is a “created” event, not a deletion; pick "
        "its deletion to restore it.",
        f"Annotation {ids[1]}: event {create.pk + 1} is a “created” event, not a deletion; "
        "pick its deletion to restore it.",
        f"Annotation {ids[0]} restored (claim, on ¶1).",
        f"Annotation {ids[1]} restored (claim, could not be placed: it waits with the "
        "article's orphans).",
    ]
    assert Annotation.objects.get(pk=ids[1]).anchor == "orphaned"


def test_anonymous_users_are_sent_to_the_login_page(client_for: ClientFor) -> None:
    for url in (CHANGELIST, EVENTS, f"{CHANGELIST}?anchor__exact=orphaned"):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    response = client_for(None).post(EVENTS, {"action": "restore_annotations"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_editors_without_staff_status_cannot_open_the_admin(
    client_for: ClientFor, editor: User
) -> None:
    response = client_for(editor).get(EVENTS)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_links_filtering_through_the_paragraph_still_work(
    client_for: ClientFor, admin: User, article: Article, placed: Annotation
) -> None:
    response = client_for(admin).get(CHANGELIST, {"paragraph__article__id__exact": article.pk})
    assert response.status_code == 200
    assert [a.pk for a in response.context["cl"].result_list] == [placed.pk]
