"""Blind mode: until the article is ready for review, each editor sees only their own
annotations on every read path; reviewers, the desk and superusers see everyone's."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.urls import reverse

from annotations.models import Annotation
from articles.models import Article
from desk import workflow
from desk.models import Status, Workflow
from tests.conftest import ArticleFactory, annotate

HTMX = {"HTTP_HX_REQUEST": "true"}
MINE_WORDS = "The council voted"
THEIRS_WORDS = "fund the new harbour bridge"


@pytest.fixture
def blind(
    make_article: ArticleFactory, editor: User, other_editor: User, desk_chief: User
) -> dict[str, Any]:
    """An article in blind mode, assigned to two editors, each with one annotation and
    one orphan."""
    article = make_article(
        [
            "The council voted 7–2 on Tuesday to fund the new harbour bridge.",
            "The mayor spoke first. Then the treasurer spoke.",
        ]
    )
    workflow.assign(desk_chief, [article.pk], [editor, other_editor])
    Workflow.objects.filter(article=article).update(blind=True)
    first, second = article.paragraphs.order_by("position")
    mine = annotate(first, MINE_WORDS, editor)
    theirs = annotate(first, THEIRS_WORDS, other_editor, tag="quote")
    my_orphan = annotate(second, "The mayor spoke first.", editor, tag="context")
    their_orphan = annotate(second, "Then the treasurer spoke.", other_editor, tag="context")
    second.text = "Nobody spoke."
    second.save()
    for orphan in (my_orphan, their_orphan):
        orphan.refresh_from_db()
        assert orphan.anchor == "orphaned"
    return {
        "article": article,
        "mine": mine,
        "theirs": theirs,
        "my_orphan": my_orphan,
        "their_orphan": their_orphan,
    }


def ids_in(html: str, annotations: list[Annotation]) -> set[int]:
    return {a.pk for a in annotations if f'data-annotation-id="{a.pk}"' in html}


def everything(blind: dict[str, Any]) -> list[Annotation]:
    return [blind["mine"], blind["theirs"], blind["my_orphan"], blind["their_orphan"]]


def test_the_reading_page_draws_and_lists_only_the_editors_own(
    client_for: Any, editor: User, other_editor: User, reviewer: User, blind: dict[str, Any]
) -> None:
    caches["article_text"].clear()
    url = blind["article"].get_absolute_url()
    # Each viewer in turn, twice: the second time from the whole-text cache, whose key
    # names the viewer in blind mode.
    for _ in range(2):
        mine = client_for(editor).get(url).content.decode()
        assert ids_in(mine, everything(blind)) == {blind["mine"].pk, blind["my_orphan"].pk}
        assert 'id="annotation-count">1<' in mine and "Blind mode: you see only" in mine
        theirs = client_for(other_editor).get(url).content.decode()
        assert ids_in(theirs, everything(blind)) == {
            blind["theirs"].pk,
            blind["their_orphan"].pk,
        }
        assert "editor" not in {name for name in ("editor",) if f'data-author="{name}"' in theirs}
        seen = client_for(reviewer).get(url).content.decode()
        assert ids_in(seen, everything(blind)) == {a.pk for a in everything(blind)}
        assert 'id="annotation-count">2<' in seen and "Blind mode: you see only" not in seen


def test_a_reader_sees_nobodys_and_everyone_sees_all_once_ready_for_review(
    client_for: Any, reader: User, editor: User, reviewer: User, blind: dict[str, Any]
) -> None:
    url = blind["article"].get_absolute_url()
    assert ids_in(client_for(reader).get(url).content.decode(), everything(blind)) == set()
    workflow.move(reviewer, blind["article"].pk, Status.READY)
    after = client_for(editor).get(url).content.decode()
    assert ids_in(after, everything(blind)) == {a.pk for a in everything(blind)}


def test_the_panel_its_pages_and_its_author_filter_hold_only_the_editors_own(
    client_for: Any, editor: User, blind: dict[str, Any]
) -> None:
    client = client_for(editor)
    slug = blind["article"].slug
    panel = client.get(reverse("annotation_panel", args=[slug]), **HTMX).content.decode()
    assert ids_in(panel, everything(blind)) == {blind["mine"].pk, blind["my_orphan"].pk}
    assert '<option value="other"' not in panel
    filtered = client.get(
        reverse("annotation_panel", args=[slug]), {"author": "other"}, **HTMX
    ).content.decode()
    assert ids_in(filtered, everything(blind)) == {blind["my_orphan"].pk}
    more = client.get(reverse("annotation_panel_more", args=[slug]), {"after": "0.0.0.1"})
    assert ids_in(more.content.decode(), everything(blind)) == {blind["mine"].pk}


def test_an_entry_and_its_history_of_another_editor_are_not_found(
    client_for: Any, editor: User, desk_chief: User, blind: dict[str, Any]
) -> None:
    client = client_for(editor)
    theirs = blind["theirs"].pk
    htmx = {"HX-Request": "true"}  # the panel's requests (a page gets its article instead)
    for name in ("annotation_entry", "annotation_history"):
        assert client.get(reverse(name, args=[blind["mine"].pk]), headers=htmx).status_code == 200
        assert client.get(reverse(name, args=[theirs]), headers=htmx).status_code == 404
        assert client.get(reverse(name, args=[theirs])).status_code == 404
        desk = client_for(desk_chief)
        assert desk.get(reverse(name, args=[theirs]), headers=htmx).status_code == 200


def rows(response: Any) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_the_csv_holds_only_the_editors_own_on_blind_articles(
    client_for: Any,
    editor: User,
    other_editor: User,
    desk_chief: User,
    blind: dict[str, Any],
    article: Article,
) -> None:
    open_one = annotate(article.paragraphs.get(position=1), "council", other_editor)
    article_csv = reverse("article_annotations_csv", args=[blind["article"].slug])
    mine = {int(r["annotation_id"]) for r in rows(client_for(editor).get(article_csv))}
    assert mine == {blind["mine"].pk, blind["my_orphan"].pk}
    whole = {int(r["annotation_id"]) for r in rows(client_for(editor).get("/annotations.csv"))}
    # Another article, not blind: everyone's, as before.
    assert whole == {blind["mine"].pk, blind["my_orphan"].pk, open_one.pk}
    desk = {int(r["annotation_id"]) for r in rows(client_for(desk_chief).get(article_csv))}
    assert desk == {a.pk for a in everything(blind)}


def test_the_list_counts_only_the_editors_own_on_blind_articles(
    client_for: Any, editor: User, reviewer: User, blind: dict[str, Any]
) -> None:
    def count(user: User) -> int:
        page = client_for(user).get(reverse("article_list")).context["page"]
        return next(a.annotation_count for a in page.object_list if a.pk == blind["article"].pk)

    assert count(editor) == 2  # one placed, one orphan
    assert count(reviewer) == 4


def test_a_write_answers_with_the_paragraph_drawn_blind(
    client_for: Any, editor: User, blind: dict[str, Any]
) -> None:
    paragraph = blind["article"].paragraphs.get(position=1)
    start = paragraph.text.index("Tuesday")
    response = client_for(editor).post(
        "/annotations/",
        {
            "article": paragraph.article_id,
            "paragraph": paragraph.pk,
            "start": start,
            "end": start + 7,
            "text": "Tuesday",
            "tag": "context",
        },
        **HTMX,
    )
    assert response.status_code == 201
    html = response.content.decode()
    assert f'data-annotation-id="{blind["mine"].pk}"' in html
    assert f'data-annotation-id="{blind["theirs"].pk}"' not in html
    # The panel's count: the editor's two placed annotations, not the other's too.
    assert 'id="annotation-count">2<' in html


def test_the_admin_keeps_blind_mode_for_a_staff_editor(
    client_for: Any, blind: dict[str, Any], editor: User
) -> None:
    editor.is_staff = True
    editor.save()
    client = client_for(editor)
    listing = client.get(reverse("admin:annotations_annotation_changelist"))
    assert listing.status_code == 200
    html = listing.content.decode()
    own = [blind["mine"], blind["my_orphan"]]
    others = [blind["theirs"], blind["their_orphan"]]
    shown = {a.pk for a in own + others if f"/{a.pk}/change/" in html}
    assert shown == {a.pk for a in own}
    for hidden in others:
        change = reverse("admin:annotations_annotation_change", args=[hidden.pk])
        # Django's admin answers a row outside its queryset with a redirect and a message.
        assert client.get(change).status_code in (302, 404)
    events = client.get(reverse("admin:annotations_annotationevent_changelist")).content.decode()
    assert blind["theirs"].text not in events and blind["mine"].text in events
