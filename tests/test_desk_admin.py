"""The desk in the Django admin: the assign action on the article list, blind mode."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission, User
from django.urls import reverse

from desk import workflow
from desk.models import Assignment, StatusChange, Workflow
from tests.conftest import ArticleFactory, make_user


def test_the_admin_assigns_and_unassigns_the_ticked_articles(
    client_for: Any, admin: User, editor: User, make_article: ArticleFactory
) -> None:
    a, b, c = make_article(), make_article(), make_article()
    client = client_for(admin)
    url = reverse("admin:articles_article_changelist")
    assert 'name="editor"' in client.get(url).content.decode()
    data = {"action": "assign_editor", "_selected_action": [a.pk, b.pk], "editor": editor.pk}
    response = client.post(url, data, follow=True)
    assert "assigned to 2 more article(s)" in response.content.decode()
    assert set(Assignment.objects.values_list("article_id", flat=True)) == {a.pk, b.pk}
    missing = client.post(url, {**data, "editor": ""}, follow=True).content.decode()
    assert "editor: choose an editor" in missing
    client.post(url, {**data, "action": "unassign_editor", "_selected_action": [b.pk, c.pk]})
    assert list(Assignment.objects.values_list("article_id", flat=True)) == [a.pk]


def test_staff_without_the_desk_role_are_not_offered_the_action(
    client_for: Any, make_article: ArticleFactory, editor: User
) -> None:
    article = make_article()
    staff = make_user("clerk", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "change_article"])
    )
    client = client_for(staff)
    url = reverse("admin:articles_article_changelist")
    assert "assign_editor" not in client.get(url).content.decode()
    data = {"action": "assign_editor", "_selected_action": [article.pk], "editor": editor.pk}
    client.post(url, data)
    assert not Assignment.objects.exists()


def test_the_desk_sets_blind_mode_in_the_admin(
    client_for: Any, admin: User, make_article: ArticleFactory
) -> None:
    article = make_article()
    client = client_for(admin)
    url = reverse("admin:desk_workflow_change", args=[article.pk])
    response = client.post(url, {"blind": "on"})
    assert response.status_code == 302
    assert Workflow.objects.get(article=article).blind
    assert Workflow.objects.get(article=article).status == "new"  # read-only here


def test_an_article_with_its_desk_rows_is_deleted_in_the_admin(
    client_for: Any, admin: User, editor: User, make_article: ArticleFactory
) -> None:
    article = make_article()
    workflow.assign(admin, [article.pk], [editor])
    workflow.move(admin, article.pk, "done")
    client = client_for(admin)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    page = client.get(url).content.decode()
    assert "your account doesn't have permission" not in page
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Workflow.objects.exists() and not StatusChange.objects.exists()
    assert not Assignment.objects.exists()
