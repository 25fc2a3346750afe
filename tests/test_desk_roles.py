"""The desk's roles: the groups the data migration makes and what each may do."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from desk.roles import ROLES


def perms(group: str) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=group).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.django_db
def test_it_makes_the_three_groups_with_their_permissions() -> None:
    assert {"Editors", "Reviewers", "Desk"} <= set(Group.objects.values_list("name", flat=True))
    assert perms("Editors") == {
        "annotations.add_annotation",
        "annotations.view_annotation",
        "articles.view_article",
        "articles.view_paragraph",
    }
    reviewers, desk = perms("Reviewers"), perms("Desk")
    assert perms("Editors") < reviewers < desk
    assert {"desk.review_annotations", "desk.move_any_article", "desk.see_all_annotations"} <= (
        reviewers
    )
    assert "desk.assign_editors" not in reviewers and "desk.assign_editors" in desk
    assert "desk.change_workflow" in desk  # blind mode is the desk's to set
    for name, wanted in ROLES.items():
        assert {f"{a}.{c}" for a, c in wanted} <= perms(name)


def test_the_data_migration_runs_whichever_made_the_groups_first(migrations: Any) -> None:
    """Another app's migration may get_or_create Reviewers and Desk before ours runs."""
    apps = migrations.back_to(
        [("desk", "0002_workflow_row_per_article")],
        [("auth", "0012_alter_user_first_name_max_length")],
    )
    group_model = apps.get_model("auth", "Group")
    group_model.objects.filter(name__in=["Reviewers", "Desk"]).delete()
    group_model.objects.create(name="Desk")  # made first by someone else, no permissions
    migrations.forward()
    assert "desk.assign_editors" in perms("Desk")
    assert "desk.review_annotations" in perms("Reviewers")
    assert Group.objects.filter(name="Desk").count() == 1


def test_superusers_and_roles_hold_what_they_need(
    editor: User, reviewer: User, desk_chief: User, admin: User, reader: User
) -> None:
    can = {
        user.username: {
            p
            for p in (
                "annotations.add_annotation",
                "desk.move_any_article",
                "desk.assign_editors",
                "desk.see_all_annotations",
            )
            if user.has_perm(p)
        }
        for user in (reader, editor, reviewer, desk_chief, admin)
    }
    assert can["reader"] == set()
    assert can["editor"] == {"annotations.add_annotation"}
    assert can["rita"] == {
        "annotations.add_annotation",
        "desk.move_any_article",
        "desk.see_all_annotations",
    }
    assert (
        can["chief"]
        == can["boss"]
        == {
            "annotations.add_annotation",
            "desk.move_any_article",
            "desk.assign_editors",
            "desk.see_all_annotations",
        }
    )
