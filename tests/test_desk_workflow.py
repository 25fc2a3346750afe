"""The desk's model rules and PostgreSQL constraints: status, assignment, status changes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction

from articles.models import Article
from desk import workflow
from desk.models import Assignment, Status, StatusChange, Workflow
from tests.conftest import ArticleFactory


def test_every_article_gets_its_workflow_row_from_the_database(
    make_article: ArticleFactory,
) -> None:
    article = make_article()
    assert Workflow.objects.get(article=article).status == Status.NEW
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_article (title, slug, published, source, byline, url,"
            " language, content_hash, created, updated)"
            " VALUES ('Raw', 'raw', '2026-01-01', '', '', '', '', '', now(), now()) RETURNING id"
        )
        raw_id = cursor.fetchone()[0]
    workflow_row = Workflow.objects.get(article_id=raw_id)
    assert (workflow_row.status, workflow_row.blind) == ("new", False)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE desk_workflow SET status = 'archived'",
        "INSERT INTO desk_statuschange (article_id, at, from_status, to_status)"
        " SELECT article_id, now(), 'new', 'new' FROM desk_workflow",
        "INSERT INTO desk_statuschange (article_id, at, from_status, to_status)"
        " SELECT article_id, now(), 'new', 'published' FROM desk_workflow",
    ],
)
def test_postgresql_refuses_bad_status_values(article: Article, sql: str) -> None:
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert Workflow.objects.get(article=article).status == "new"


def test_one_assignment_per_article_and_editor(article: Article, editor: User) -> None:
    Assignment.objects.create(article=article, editor=editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(article=article, editor=editor)
    assert Assignment.objects.count() == 1


def test_an_assigned_editor_moves_forward_only_and_not_to_done(
    article: Article, editor: User, desk_chief: User
) -> None:
    workflow.assign(desk_chief, [article.pk], [editor])
    workflow.move(editor, article.pk, Status.IN_PROGRESS)
    workflow.move(editor, article.pk, Status.READY)
    for to in (Status.NEW, Status.IN_PROGRESS, Status.DONE):
        with pytest.raises(workflow.Refused) as refused:
            workflow.move(editor, article.pk, to)
        assert refused.value.forbidden
    assert Workflow.objects.get(article=article).status == Status.READY
    changes = list(
        StatusChange.objects.filter(article=article).values_list(
            "by__username", "from_status", "to_status"
        )
    )
    assert changes == [
        ("editor", "new", "in_progress"),
        ("editor", "in_progress", "ready_for_review"),
    ]


def test_an_editor_not_assigned_and_a_reader_move_nothing(
    article: Article, editor: User, reader: User
) -> None:
    for user in (editor, reader):
        with pytest.raises(workflow.Refused):
            workflow.move(user, article.pk, Status.IN_PROGRESS)
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("who", ["reviewer", "desk_chief", "admin"])
def test_reviewers_and_the_desk_move_anywhere(
    article: Article, who: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(who)
    for to in (Status.DONE, Status.NEW, Status.READY, Status.IN_PROGRESS):
        workflow.move(user, article.pk, to)
    assert StatusChange.objects.filter(article=article, by=user).count() == 4
    assert Workflow.objects.get(article=article).status == Status.IN_PROGRESS


def test_a_move_to_the_same_or_an_unknown_status_is_refused_naming_the_field(
    article: Article, admin: User
) -> None:
    for to in ("new", "published"):
        with pytest.raises(workflow.Refused) as refused:
            workflow.move(admin, article.pk, to)
        assert refused.value.field == "status" and not refused.value.forbidden
    with pytest.raises(workflow.Refused) as missing:
        workflow.move(admin, 10**9, "done")
    assert missing.value.field == "article"


def test_only_the_desk_assigns_and_only_editors_are_assigned(
    make_article: ArticleFactory, editor: User, reviewer: User, desk_chief: User, reader: User
) -> None:
    a, b = make_article(), make_article()
    for user in (editor, reviewer, reader):
        with pytest.raises(workflow.Refused) as refused:
            workflow.assign(user, [a.pk], [editor])
        assert refused.value.forbidden
    with pytest.raises(workflow.Refused) as not_editor:
        workflow.assign(desk_chief, [a.pk], [reader])
    assert not_editor.value.field == "editor"
    done = workflow.assign(desk_chief, [a.pk, b.pk], [editor])
    assert done.added == [(a.pk, editor.pk), (b.pk, editor.pk)]
    again = workflow.assign(desk_chief, [a.pk, b.pk], [editor, reviewer])
    assert again.added == [(a.pk, reviewer.pk), (b.pk, reviewer.pk)]
    gone = workflow.assign(desk_chief, [a.pk], [editor], unassign=True)
    assert gone.removed == [(a.pk, editor.pk)]
    assert sorted(Assignment.objects.values_list("article_id", "editor__username")) == sorted(
        [(a.pk, "rita"), (b.pk, "editor"), (b.pk, "rita")]
    )
    assert Assignment.objects.get(article=b, editor=editor).assigned_by == desk_chief
