# ruff: noqa: F401, F811  (the blind fixture is imported, then asked for by name)
"""Each assigned editor hands in their own work: blind mode ends only when the last one
has (or a reviewer or the desk moves the article), and a handed-in editor's annotations
are closed to them, those a reviewer sent back excepted. PostgreSQL holds that an article
in review has every assignment handed in."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from annotations import lifecycle
from annotations.models import Annotation
from desk import workflow
from desk.history import article_history
from desk.models import Assignment, Status, StatusChange, Workflow
from tests.conftest import make_user
from tests.test_desk_blind import HTMX, blind, ids_in
from tests.test_desk_views import ROLES, people


def _status(article: Any) -> str:
    return str(Workflow.objects.get(article=article).status)


def _finished(article: Any) -> dict[str, bool]:
    rows = Assignment.objects.filter(article=article).select_related("editor")
    return {a.editor.username: a.finished is not None for a in rows}


def _hand_in(client: Any, article: Any) -> Any:
    url = reverse("article_status", args=[article.slug])
    return client.post(url, {"status": Status.READY}, **HTMX)


def _create(client: Any, article: Any, words: str) -> Any:
    paragraph = article.paragraphs.get(position=1)
    start = paragraph.text.index(words)
    data = {
        "article": article.pk,
        "paragraph": paragraph.pk,
        "start": start,
        "end": start + len(words),
        "text": words,
        "tag": "context",
    }
    return client.post("/annotations/", data, **HTMX)


def test_it_keeps_blind_mode_until_the_last_editor_hands_in(
    blind: dict[str, Any], editor: User, other_editor: User, desk_chief: User, client_for: Any
) -> None:
    article = blind["article"]
    mine, theirs = client_for(editor), client_for(other_editor)
    first = _hand_in(mine, article)
    assert first.status_code == 200
    html = first.content.decode()
    # New before: the first hand-in starts the work, and says whom the review waits for.
    assert _status(article) == Status.IN_PROGRESS
    assert _finished(article) == {"editor": True, "other": False}
    assert 'id="hand-in-hint"' in html and "goes to review when other hands in" in html
    assert "Take back my hand-in" in html and "Hand in my work" not in html
    assert '<span class="assignee">editor</span> <span class="handed-in"' in html
    assert '<span class="assignee">other</span></p>' in html
    # The list page marks who handed in, for the desk.
    listing = client_for(desk_chief).get(reverse("article_list")).content.decode()
    assert listing.count("handed in</span>") == 1
    # The other editor still sees only their own work, and may still change it.
    page = theirs.get(article.get_absolute_url()).content.decode()
    assert ids_in(page, [blind["mine"], blind["theirs"]]) == {blind["theirs"].pk}
    assert _create(theirs, article, "harbour bridge").status_code == 201
    # Handing in twice says so, and changes nothing.
    again = _hand_in(mine, article)
    assert again.status_code == 400 and "handed in your work already" in again.content.decode()
    assert StatusChange.objects.filter(article=article).count() == 1
    # The last hand-in moves it to review, by that editor: now everyone sees everyone's.
    # The page reloads (what it offers depends on the status), saying what happened.
    assert first["HX-Refresh"] == "true"
    reloaded = mine.get(article.get_absolute_url()).content.decode()
    assert reloaded.count("Your work is handed in.") == 1
    assert first.notice == (  # the message after a form posted without scripts
        "Your work is handed in. The article goes to review when other hands in theirs."
    )
    last = _hand_in(theirs, article)
    assert last.status_code == 200 and _status(article) == Status.READY
    # Blind mode ended: the page reloads, to show the others' work.
    assert last["HX-Refresh"] == "true"
    said = "Your work is handed in, the last: the article is ready for review."
    assert said in theirs.get(article.get_absolute_url()).content.decode()
    change = StatusChange.objects.filter(article=article).latest("at", "id")
    assert (change.from_status, change.to_status, change.by) == (
        Status.IN_PROGRESS,
        Status.READY,
        other_editor,
    )
    page = mine.get(article.get_absolute_url()).content.decode()
    assert ids_in(page, [blind["mine"], blind["theirs"]]) == {blind["mine"].pk, blind["theirs"].pk}


def test_a_handed_in_editor_can_no_longer_change_their_work(
    blind: dict[str, Any], editor: User, other_editor: User, reviewer: User, client_for: Any
) -> None:
    article, own = blind["article"], blind["mine"]
    client = client_for(editor)
    assert _hand_in(client, article).status_code == 200
    before = list(Annotation.objects.order_by("pk").values_list("pk", "version", "tag"))
    edit = client.post(
        reverse("annotation_edit", args=[own.pk]),
        {"version": own.version, "tag": "quote"},
        **HTMX,
    )
    delete = client.post(
        reverse("annotation_delete", args=[own.pk]), {"version": own.version}, **HTMX
    )
    create = _create(client, article, "harbour bridge")
    for refused in (edit, delete, create):
        assert refused.status_code == 403
        assert "handed in your work on this article" in refused.content.decode()
    assert list(Annotation.objects.order_by("pk").values_list("pk", "version", "tag")) == before
    # The panel offers no Edit or Delete on it either.
    entry = client.get(reverse("annotation_entry", args=[own.pk]), **HTMX).content.decode()
    assert reverse("annotation_edit", args=[own.pk]) not in entry
    # In review, a reviewer sends it back: that one is open to its author again.
    _hand_in(client_for(other_editor), article)
    rejected = lifecycle.review(
        reviewer, own.pk, version=own.version, decision="rejected", comment="Too short."
    )
    fixed = client.post(
        reverse("annotation_edit", args=[own.pk]),
        {"version": rejected.version, "tag": "quote"},
        **HTMX,
    )
    assert fixed.status_code == 200
    own.refresh_from_db()
    assert (own.tag, own.review) == ("quote", "")
    # Back among the unreviewed, it is closed to its author again.
    again = client.post(
        reverse("annotation_edit", args=[own.pk]), {"version": own.version, "tag": "claim"}, **HTMX
    )
    assert again.status_code == 403


def test_an_editor_takes_back_their_hand_in_before_review_only(
    blind: dict[str, Any], editor: User, other_editor: User, client_for: Any
) -> None:
    article = blind["article"]
    client = client_for(editor)
    url = reverse("article_status", args=[article.slug])
    not_yet = client.post(url, {"hand_in": "back"}, **HTMX)
    assert not_yet.status_code == 400 and "have not handed in" in not_yet.content.decode()
    _hand_in(client, article)
    back = client.post(url, {"hand_in": "back"}, **HTMX)
    assert back.status_code == 200 and "Hand in my work" in back.content.decode()
    assert _finished(article) == {"editor": False, "other": False}
    assert _create(client, article, "harbour bridge").status_code == 201
    bad = client.post(url, {"hand_in": "yes"}, **HTMX)
    assert bad.status_code == 400 and "hand_in" in bad.content.decode()
    _hand_in(client, article)
    _hand_in(client_for(other_editor), article)
    late = client.post(url, {"hand_in": "back"}, **HTMX)
    assert late.status_code == 400 and "moves it back to in progress" in late.content.decode()
    assert _finished(article) == {"editor": True, "other": True}
    kinds = [(e.kind, e.editor, e.after) for e in article_history(article.pk, 20)]
    assert ("finish", "editor", "reopened") in kinds
    assert kinds.count(("finish", "editor", "handed in")) == 2
    # The status box's history link, followed without scripts, is a page of its own.
    page = client.get(reverse("status_history", args=[article.slug])).content.decode()
    assert '<h1 class="page-title">Status history</h1>' in page
    assert 'Work of <span class="assignee">editor</span> reopened' in page
    listed = client.get(reverse("status_history", args=[article.slug]), **HTMX).content.decode()
    assert listed.startswith('<ol class="status-history"') and "Work of" in listed


# Taking back a hand-in: only an assigned editor who handed in (here "editor").
TAKE_BACK = {
    "anonymous": 302,
    "reader": 403,
    "editor": 200,
    "other_editor": 403,
    "reviewer": 403,
    "desk_chief": 403,
    "admin": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_take_back_permission_matrix(
    role: str,
    blind: dict[str, Any],
    editor: User,
    other_editor: User,
    people: dict[str, User | None],
    client_for: Any,
) -> None:
    article = blind["article"]
    workflow.move(editor, article.pk, Status.READY)
    Assignment.objects.filter(article=article, editor=other_editor).delete()
    Assignment.objects.create(article=article, editor=other_editor)  # assigned, not handed in
    client = client_for(people[role])
    url = reverse("article_status", args=[article.slug])
    headers = HTMX if people[role] else {}
    response = client.post(url, {"hand_in": "back"}, **headers)
    if role == "other_editor":
        # Assigned, but with nothing handed in: told so, as a bad request.
        assert response.status_code == 400
    else:
        assert response.status_code == TAKE_BACK[role]
    assert _finished(article)["editor"] == (TAKE_BACK[role] != 200)
    if people[role] is not None:
        assert client.get(url).status_code == 405
        missing = reverse("article_status", args=["nope"])
        assert client.post(missing, {"hand_in": "back"}, **HTMX).status_code == 404


def test_the_desk_moving_it_hands_in_and_reopens_everyones_work(
    blind: dict[str, Any], desk_chief: User, editor: User
) -> None:
    article = blind["article"]
    workflow.move(desk_chief, article.pk, Status.READY)
    assert _finished(article) == {"editor": True, "other": True}
    workflow.move(desk_chief, article.pk, Status.DONE)
    assert _finished(article) == {"editor": True, "other": True}
    workflow.move(desk_chief, article.pk, Status.IN_PROGRESS)
    assert _finished(article) == {"editor": False, "other": False}
    # Reopened: the editor annotates again.
    paragraph = article.paragraphs.get(position=1)
    selection = lifecycle.Selection(paragraph.pk, 0, 3, "The")
    assert lifecycle.create(editor, selection, lifecycle.Fields(tag="claim")).created


def test_an_editor_assigned_to_an_article_in_review_joins_handed_in(
    blind: dict[str, Any], desk_chief: User, reviewer: User
) -> None:
    article = blind["article"]
    workflow.move(desk_chief, article.pk, Status.READY)
    workflow.assign(desk_chief, [article.pk], [reviewer])
    assert _finished(article) == {"editor": True, "other": True, "rita": True}


@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_review_before_every_editor_has_handed_in(
    make_article: Any, editor: User, other_editor: User, desk_chief: User
) -> None:
    article = make_article()
    workflow.assign(desk_chief, [article.pk], [editor, other_editor])
    workflow.move(editor, article.pk, Status.READY)
    with pytest.raises(IntegrityError, match="not handed in"), transaction.atomic():
        Workflow.objects.filter(article=article).update(status=Status.READY)
    assert _status(article) == Status.IN_PROGRESS
    workflow.move(other_editor, article.pk, Status.READY)
    with pytest.raises(IntegrityError, match="not handed in"), transaction.atomic():
        Assignment.objects.filter(article=article, editor=editor).update(finished=None)
    with (
        pytest.raises(IntegrityError, match="not handed in"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO desk_assignment (article_id, editor_id, assigned, finished)"
            " SELECT %s, %s, now(), NULL",
            [article.pk, desk_chief.pk],
        )
        # The insert trigger handed it in; clearing it breaks the rule.
        cursor.execute(
            "UPDATE desk_assignment SET finished = NULL WHERE editor_id = %s", [desk_chief.pk]
        )
    assert _finished(article) == {"editor": True, "other": True}


def test_a_handed_in_editor_neither_undoes_nor_decides_suggestions(
    make_article: Any, editor: User, other_editor: User, desk_chief: User
) -> None:
    from annotations import lifecycle_suggestions as decide
    from suggestions import store
    from suggestions.models import Suggestion
    from tests.test_suggestion_decisions import PARAGRAPHS

    article = make_article(PARAGRAPHS)
    store.recompute(article.pk)
    workflow.assign(desk_chief, [article.pk], [editor, other_editor])
    batch = decide.accept_all(editor, article.pk)
    workflow.move(editor, article.pk, Status.READY)
    made = Annotation.objects.filter(author=editor).count()
    assert made == 3
    with pytest.raises(lifecycle.NotAllowed, match="handed in your work"):
        decide.undo_accept_all(editor, article.pk, batch.batch)
    pending = Suggestion.objects.filter(article=article).first()
    assert pending is not None
    with pytest.raises(lifecycle.NotAllowed, match="handed in your work"):
        decide.reject(editor, pending.pk)
    with pytest.raises(lifecycle.NotAllowed, match="handed in your work"):
        decide.accept(editor, pending.pk)
    # In review, the same: the work is closed.
    workflow.move(other_editor, article.pk, Status.READY)
    with pytest.raises(lifecycle.NotAllowed, match="ready for review"):
        decide.undo_accept_all(editor, article.pk, batch.batch)
    assert Annotation.objects.filter(author=editor).count() == made
    assert Suggestion.objects.filter(pk=pending.pk).exists()


def test_in_review_and_done_the_work_is_closed_to_every_editor(
    blind: dict[str, Any],
    editor: User,
    other_editor: User,
    reviewer: User,
    desk_chief: User,
) -> None:
    article = blind["article"]
    outsider = make_user("outsider", editor=True)  # an editor never assigned
    paragraph = article.paragraphs.get(position=1)
    selection = lifecycle.Selection(paragraph.pk, 0, 3, "The")
    workflow.move(desk_chief, article.pk, Status.READY)
    for person in (outsider, editor):
        with pytest.raises(lifecycle.NotAllowed, match="ready for review"):
            lifecycle.create(person, selection, lifecycle.Fields(tag="claim"))
    # An editor assigned in review joins with their work handed in, and is told why.
    workflow.assign(desk_chief, [article.pk], [outsider])
    with pytest.raises(lifecycle.NotAllowed, match="ready for review"):
        lifecycle.create(outsider, selection, lifecycle.Fields(tag="claim"))
    own = blind["mine"]
    rejected = lifecycle.review(
        reviewer, own.pk, version=own.version, decision="rejected", comment="Shorter."
    )
    workflow.move(desk_chief, article.pk, Status.DONE)
    # Done: even a rejected annotation is closed to its author.
    with pytest.raises(lifecycle.NotAllowed, match="The article is done"):
        lifecycle.edit(
            editor, own.pk, version=rejected.version, fields=lifecycle.Fields(tag="quote")
        )
    with pytest.raises(lifecycle.NotAllowed, match="The article is done"):
        lifecycle.create(editor, selection, lifecycle.Fields(tag="claim"))
    # The desk still may.
    assert lifecycle.create(desk_chief, selection, lifecycle.Fields(tag="claim")).created


def test_any_move_back_by_the_desk_reopens_the_work(
    blind: dict[str, Any], editor: User, desk_chief: User
) -> None:
    article = blind["article"]
    workflow.move(editor, article.pk, Status.READY)
    assert _status(article) == Status.IN_PROGRESS and _finished(article)["editor"]
    workflow.move(desk_chief, article.pk, Status.NEW)
    assert _finished(article) == {"editor": False, "other": False}


def test_unassigning_the_last_editor_at_work_sends_the_article_to_review(
    blind: dict[str, Any], editor: User, other_editor: User, desk_chief: User, client_for: Any
) -> None:
    article = blind["article"]
    workflow.move(editor, article.pk, Status.READY)
    workflow.assign(desk_chief, [article.pk], [other_editor], unassign=True)
    assert _status(article) == Status.READY
    change = StatusChange.objects.filter(article=article).latest("at", "id")
    assert (change.to_status, change.by) == (Status.READY, desk_chief)
    # From the list page: the row's status is redrawn, and the sentence says why.
    workflow.move(desk_chief, article.pk, Status.IN_PROGRESS)
    workflow.assign(desk_chief, [article.pk], [other_editor])
    workflow.move(editor, article.pk, Status.READY)
    answer = client_for(desk_chief).post(
        reverse("bulk_assign"),
        {"article": article.pk, "editor": "other", "action": "unassign"},
        **HTMX,
    )
    html = answer.content.decode()
    assert "1 article went to review: every editor left had handed in." in html
    assert f'id="list-status-{article.pk}" hx-swap-oob="outerHTML">Ready for review<' in html
    # The list says blind mode is over once the article is in review.
    listing = client_for(desk_chief).get(reverse("article_list")).content.decode()
    assert "Blind over</span>" in listing
    # Unassigning every editor of an article moves nothing: nobody handed anything in.
    workflow.move(desk_chief, article.pk, Status.IN_PROGRESS)
    workflow.assign(desk_chief, [article.pk], [editor], unassign=True)
    assert _status(article) == Status.IN_PROGRESS


def test_the_hint_says_so_when_nobody_is_left_to_hand_in(
    blind: dict[str, Any], editor: User, other_editor: User, desk_chief: User, client_for: Any
) -> None:
    article = blind["article"]
    workflow.move(editor, article.pk, Status.READY)
    # Left so by SQL (no desk move): every editor handed in, the article not in review.
    Assignment.objects.filter(editor=other_editor).delete()
    page = client_for(editor).get(article.get_absolute_url()).content.decode()
    assert "Every assigned editor has handed in: a reviewer or the desk moves it" in page
    assert "goes to review when  hand" not in page


def test_an_editor_moving_back_or_naming_a_label_is_told_what_to_do(
    blind: dict[str, Any], editor: User, desk_chief: User
) -> None:
    article = blind["article"]
    workflow.move(editor, article.pk, Status.IN_PROGRESS)
    with pytest.raises(workflow.Refused, match="forward only: ask a reviewer or the desk"):
        workflow.move(editor, article.pk, Status.NEW)
    with pytest.raises(workflow.Refused, match="ready_for_review"):
        workflow.move(editor, article.pk, "ready")


@pytest.mark.django_db(transaction=True)
def test_an_assignment_waits_for_a_move_to_review_and_joins_it_handed_in(
    make_article: Any, editor: User, other_editor: User, desk_chief: User
) -> None:
    import threading
    import time

    from django.db import connections

    article = make_article()
    workflow.assign(desk_chief, [article.pk], [editor])
    failures: list[BaseException] = []
    started = threading.Event()

    def assign_meanwhile() -> None:
        try:
            started.set()
            workflow.assign(desk_chief, [article.pk], [other_editor])
        except BaseException as exc:  # reported to the test below
            failures.append(exc)
        finally:
            connections.close_all()

    with transaction.atomic():
        workflow.move(desk_chief, article.pk, Status.READY)  # holds the workflow's lock
        thread = threading.Thread(target=assign_meanwhile)
        thread.start()
        started.wait()
        # Wait (no fixed sleep: a long deadline, polled) until the assignment is blocked
        # on our lock, so the two really overlap.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with connection.cursor() as cursor:
                # Inside a transaction the statistics are a snapshot: take a fresh one.
                cursor.execute("SELECT pg_stat_clear_snapshot()")
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND datname = current_database() AND pid <> pg_backend_pid()"
                )
                if cursor.fetchone()[0]:
                    break
            time.sleep(0.05)
        else:
            pytest.fail(f"the assignment never waited for the move's lock: {failures}")
    thread.join()
    assert failures == []
    assert _status(article) == Status.READY
    assert _finished(article) == {"editor": True, "other": True}


def test_the_author_of_a_rejected_annotation_changes_its_words_in_review(
    blind: dict[str, Any], editor: User, other_editor: User, reviewer: User, client_for: Any
) -> None:
    article, own = blind["article"], blind["mine"]  # "The council voted", paragraph 1
    workflow.move(reviewer, article.pk, Status.READY)
    rejected = lifecycle.review(
        reviewer, own.pk, version=own.version, decision="rejected", comment="Too long."
    )
    client = client_for(editor)
    entry = client.get(reverse("annotation_entry", args=[own.pk]), **HTMX).content.decode()
    assert "Change its words</button>" in entry
    paragraph = article.paragraphs.get(position=1)
    start = paragraph.text.index("council")
    data = {
        "annotation": own.pk,
        "version": rejected.version,
        "paragraph": paragraph.pk,
        "start": start,
        "end": start + len("council"),
        "text": "council",
    }
    # Not elsewhere than its paragraph.
    other = article.paragraphs.get(position=2)
    away = {**data, "paragraph": other.pk, "start": 0, "end": 6, "text": other.text[:6]}
    refused = client.post("/annotations/reattach/", away, **HTMX)
    assert refused.status_code == 400 and "its own paragraph" in refused.content.decode()
    answer = client.post("/annotations/reattach/", data, **HTMX)
    assert answer.status_code == 200
    html = answer.content.decode()
    # Its old entry goes, the new one comes, the paragraph is drawn again; no orphans list.
    assert f'id="entry-{own.pk}"' in html and 'id="orphans"' not in html
    own.refresh_from_db()
    assert (own.text, own.review, own.paragraph_id) == ("council", "", paragraph.pk)
    # Back among the unreviewed, closed to its author again.
    again = {**data, "version": own.version, "end": start + 3, "text": "cou"}
    closed = client.post("/annotations/reattach/", again, **HTMX)
    assert closed.status_code == 403 and "ready for review" in closed.content.decode()
    # A second tab still at the rejected version is told its page is out of date.
    stale = client.post("/annotations/reattach/", {**again, "version": rejected.version}, **HTMX)
    assert stale.status_code == 409 and "since you opened it" in stale.content.decode()
    # Another editor's rejected annotation offers them nothing of the kind.
    lifecycle.review(reviewer, own.pk, version=own.version, decision="rejected", comment="No.")
    entry = client_for(other_editor).get(reverse("annotation_entry", args=[own.pk]), **HTMX)
    assert entry.status_code == 200 and "Change its words" not in entry.content.decode()


@pytest.mark.parametrize(
    ("names", "said"),
    [([], ""), (["ana"], "ana"), (["ana", "bo"], "ana and bo"), (["a", "b", "c"], "a, b and c")],
)
def test_it_names_the_editors_as_a_sentence_does(names: list[str], said: str) -> None:
    from desk.status import joined

    assert joined(names) == said
