"""An article's desk history: status changes, editors assigned and unassigned (whoever
did it, however: the list page, the admin, the owner), blind mode on and off, newest
first, with who and when, in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from desk import workflow
from desk.history import AssignmentEvent, article_history
from desk.models import Assignment, Status
from tests.test_desk_views import HTMX


def test_assigning_and_unassigning_are_recorded_with_who_and_when(
    client_for: Any, desk_chief: User, editor: User, reviewer: User, article: Article
) -> None:
    client = client_for(desk_chief)
    for action in ("assign", "unassign"):
        response = client.post(
            reverse("bulk_assign"),
            {"article": [article.pk], "editor": "editor", "action": action},
            **HTMX,
        )
        assert response.status_code == 200
    events = list(AssignmentEvent.objects.filter(article=article).order_by("pgh_id"))
    assert [(e.pgh_label, e.editor_id) for e in events] == [
        ("assign", editor.pk),
        ("unassign", editor.pk),
    ]
    assert {e.pgh_context.metadata["user"] for e in events} == {desk_chief.pk}
    entries = article_history(article.pk, 10)
    assert [(e.kind, e.editor, e.by) for e in entries] == [
        ("unassign", "editor", "chief"),
        ("assign", "editor", "chief"),
    ]
    assert entries[0].at >= entries[1].at
    # Shown where the status history is, each line with its time.
    history = client_for(reviewer).get(reverse("status_history", args=[article.slug]))
    html = history.content.decode()
    assert '<span class="assignee">editor</span> unassigned by chief' in html
    assert '<span class="assignee">editor</span> assigned by chief' in html
    assert html.count("<time datetime=") == 2


def test_an_unassignment_outside_the_owner_is_recorded_too(
    desk_chief: User, editor: User, article: Article
) -> None:
    workflow.assign(desk_chief, [article.pk], [editor])
    # Not through the owner (a cascade, the admin, SQL): the trigger records it all the same.
    Assignment.objects.filter(article=article).delete()
    entries = article_history(article.pk, 10)
    assert [(e.kind, e.editor) for e in entries] == [("unassign", "editor"), ("assign", "editor")]


def test_the_history_merges_every_kind_newest_first_in_fixed_queries(
    desk_chief: User, editor: User, other_editor: User, article: Article
) -> None:
    workflow.assign(desk_chief, [article.pk], [editor, other_editor])
    workflow.set_blind(desk_chief, [article.pk], True)
    workflow.move(desk_chief, article.pk, Status.IN_PROGRESS)
    workflow.assign(desk_chief, [article.pk], [other_editor], unassign=True)
    with CaptureQueriesContext(connection) as queries:
        entries = article_history(article.pk, 50)
    assert len(queries) == 4
    # (A test runs in one transaction, whose start time the triggers record for every
    # event: the order between kinds is by time, within a kind by the order of writing.)
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    assert sorted(e.kind for e in entries) == ["assign", "assign", "blind", "status", "unassign"]
    assignments = [(e.kind, e.editor) for e in entries if "assign" in e.kind]
    assert assignments[0] == ("unassign", "other")
    status = next(e for e in entries if e.kind == "status")
    blind = next(e for e in entries if e.kind == "blind")
    assert (status.before, status.after, status.by) == ("New", "In progress", "chief")
    assert (blind.after, blind.by) == ("on", "chief")
    assert len(article_history(article.pk, 2)) == 2
