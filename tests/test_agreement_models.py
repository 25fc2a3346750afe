# ruff: noqa: F401, F811  (the world's fixtures are imported, then asked for by name)
"""Adjudication's records in PostgreSQL: an annotation settled once, kinds checked, the
final and settled annotations of the decision's own article (deferred triggers),
cascades from annotations; the data migration in either order with the desk's roles;
an adjudication's fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreement.models import Adjudication, Settled
from annotations import lifecycle
from annotations.models import Annotation
from articles.models import Article, Paragraph
from tests.agreement_world import (
    P1,
    P2,
    adjudicate_htmx,
    adopt_bridge,
    approve,
    disputed,
    hand_in,
    ids_of,
    one_of,
    reviewer,
)
from tests.conftest import ArticleFactory, Migrations, annotate


def _commit_checks() -> None:
    """What the deferred triggers check at COMMIT, which a test never reaches."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_it_settles_an_annotation_once_in_postgresql(disputed: Article, reviewer: User) -> None:
    a, b = ids_of(disputed, "harbour bridge")
    approve(a, reviewer)
    approve(b, reviewer)
    first = Adjudication.objects.create(
        article=disputed, final_id=a, kind="adopted", decided_by=reviewer
    )
    Settled.objects.create(adjudication=first, annotation_id=a)
    with pytest.raises(IntegrityError), transaction.atomic():
        second = Adjudication.objects.create(
            article=disputed, final_id=b, kind="adopted", decided_by=reviewer
        )
        Settled.objects.create(adjudication=second, annotation_id=a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Adjudication.objects.create(article=disputed, final_id=b, kind="other", decided_by=reviewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        # One decision per final annotation.
        Adjudication.objects.create(
            article=disputed, final_id=a, kind="merged", decided_by=reviewer
        )


def test_it_keeps_a_decision_within_its_article_in_postgresql(
    disputed: Article, make_article: ArticleFactory, editor: User, reviewer: User, admin: User
) -> None:
    elsewhere = make_article([P1])
    stranger = annotate(Paragraph.objects.get(article=elsewhere), "harbour bridge", editor)
    a, _ = ids_of(disputed, "harbour bridge")
    approve(a, reviewer)
    approve(stranger.pk, reviewer)
    with pytest.raises(DatabaseError, match="is not of article"), transaction.atomic():
        Adjudication.objects.create(
            article=disputed, final_id=stranger.pk, kind="adopted", decided_by=reviewer
        )
        _commit_checks()
    with pytest.raises(DatabaseError, match="is not of the article"), transaction.atomic():
        decision = Adjudication.objects.create(
            article=disputed, final_id=a, kind="adopted", decided_by=reviewer
        )
        Settled.objects.create(adjudication=decision, annotation_id=stranger.pk)
        _commit_checks()
    # Made right, and its annotation deleted in the same transaction: nothing to refuse.
    decision = Adjudication.objects.create(
        article=disputed, final_id=a, kind="adopted", decided_by=reviewer
    )
    Settled.objects.create(adjudication=decision, annotation_id=a)
    # Its author may not delete a final annotation any more; the desk (here: an admin) may.
    version = Annotation.objects.get(pk=a).version
    with pytest.raises(lifecycle.NotAllowed):
        lifecycle.delete(editor, a, version=version)
    lifecycle.delete(admin, a, version=version)
    _commit_checks()
    assert not Adjudication.objects.exists() and not Settled.objects.exists()


def test_it_forgets_a_decision_whose_final_annotation_is_deleted(
    disputed: Article,
    reviewer: User,
    other_editor: User,
    admin: User,
    client_for: Callable[[User | None], Client],
) -> None:
    _, chosen = adopt_bridge(client_for(reviewer), disputed, other_editor)
    lifecycle.delete(admin, chosen.pk, version=chosen.version)  # not its author: see above
    # PostgreSQL's cascade, not Django's collector: the passage is disputed again.
    assert not Adjudication.objects.exists() and not Settled.objects.exists()
    page = client_for(reviewer).get(reverse("agreement_page", args=[disputed.slug]))
    assert page.content.decode().count('class="dispute"') == 3


def test_an_adjudication_costs_the_same_queries_whatever_it_settles(
    make_article: ArticleFactory,
    editor: User,
    other_editor: User,
    reviewer: User,
    client_for: Callable[[User | None], Client],
) -> None:
    counts = []
    for size in (2, 12):
        article = make_article([P1, P2])
        p1 = Paragraph.objects.get(article=article, position=1)
        ids = [
            annotate(p1, P1[n : n + 20], editor if n % 2 else other_editor).pk for n in range(size)
        ]
        hand_in(article)
        client = client_for(reviewer)
        with CaptureQueriesContext(connection) as queries:
            response = adjudicate_htmx(client, article, settles=ids, adopt=ids[0])
        assert response.status_code == 200
        assert Adjudication.objects.get(article=article).settled.count() == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


GROUPS = ("Reviewers", "Desk")


@pytest.fixture
def before_grant(migrations: Migrations) -> Iterator[Any]:
    """The schema just before the grant (agreement 0002), its apps."""
    yield migrations.back_to([("agreement", "0002_cascades")], [("agreement", "0002_cascades")])


def test_the_grant_keeps_groups_the_desk_made_first(
    before_grant: Any, migrations: Migrations
) -> None:
    # The desk's roles migration ran first: the groups exist, with permissions of theirs.
    Group.objects.filter(name__in=GROUPS).delete()
    theirs = Permission.objects.get(codename="change_annotation")
    for name in GROUPS:
        Group.objects.create(name=name).permissions.add(theirs)
    migrations.forward()
    for name in GROUPS:
        group = Group.objects.get(name=name)
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert codenames == {"change_annotation", "view_agreement", "adjudicate"}
    assert Group.objects.filter(name__in=GROUPS).count() == 2


def test_the_grant_makes_the_groups_when_it_runs_first(
    before_grant: Any, migrations: Migrations
) -> None:
    Group.objects.filter(name__in=GROUPS).delete()
    migrations.forward()
    for name in GROUPS:
        group = Group.objects.get(name=name)
        assert set(group.permissions.values_list("codename", flat=True)) == {
            "view_agreement",
            "adjudicate",
        }
    user = User.objects.create_user("rita")
    user.groups.add(Group.objects.get(name="Reviewers"))
    user = User.objects.get(pk=user.pk)
    assert user.has_perm("agreement.view_agreement") and user.has_perm("agreement.adjudicate")
    assert not user.has_perm("annotations.add_annotation")


def test_the_admin_lists_decisions_read_only(
    disputed: Article,
    reviewer: User,
    other_editor: User,
    admin: User,
    client_for: Callable[[User | None], Client],
) -> None:
    adopt_bridge(client_for(reviewer), disputed, other_editor)
    client = client_for(admin)
    page = client.get(reverse("admin:agreement_adjudication_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Quote: new harbour bridge" in html and "rita" in html
    assert 'class="field-settled_count">2<' in html
    decision = Adjudication.objects.get()
    change = client.get(reverse("admin:agreement_adjudication_change", args=[decision.pk]))
    assert change.status_code == 200 and b'type="submit" value="Save"' not in change.content
    assert client.get(reverse("admin:agreement_adjudication_add")).status_code == 403
    delete = reverse("admin:agreement_adjudication_delete", args=[decision.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Adjudication.objects.exists()
