"""Permissions read in one query, with Django's own rules."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.apps import EDITORS
from tests.conftest import make_user


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no permission cache yet


def test_it_reads_own_and_group_permissions_in_one_query(editor: User) -> None:
    editor.user_permissions.add(Permission.objects.get(codename="view_article"))
    user = fresh(editor)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("annotations.add_annotation")  # from the Editors group
        assert user.has_perm("articles.view_article")  # their own
        assert not user.has_perm("annotations.delete_annotation")
    assert len(queries.captured_queries) == 1
    assert Group.objects.get(name=EDITORS).user_set.filter(pk=user.pk).exists()


def test_it_gives_a_superuser_everything_and_an_inactive_user_nothing(db: None) -> None:
    boss = User.objects.create_superuser("boss", password="x")
    assert fresh(boss).get_all_permissions() == {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.select_related("content_type")
    }
    gone = make_user("gone", editor=True, is_active=False)
    assert not fresh(gone).has_perm("annotations.add_annotation")
    assert fresh(gone).get_all_permissions() == set()


def test_it_has_no_object_permissions(editor: User) -> None:
    assert fresh(editor).get_all_permissions(obj=editor) == set()
