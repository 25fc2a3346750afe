"""The list page's desk filters: status, assignee, source and published date range, all
kept in the URL; and each row's status and assigned editors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from articles.models import Article
from desk.models import Assignment, Status
from desk.roles import DESK, EDITORS, REVIEWERS

FILTER_NAMES = ("status", "assignee", "source", "since", "until")


class ArticleFilterForm(forms.Form):
    """The list's filters; each optional. ``assignee`` is a username (``me`` is the
    viewer's own); ``since``/``until`` bound the published date, both included."""

    status = forms.ChoiceField(choices=[("", "Any status"), *Status.choices], required=False)
    assignee = forms.CharField(max_length=150, required=False)
    source = forms.CharField(max_length=200, required=False)
    since = forms.DateField(required=False, label="Published from")
    until = forms.DateField(required=False, label="Published until")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "until: the end of the range comes before its start.")
        return data

    def error_text(self) -> str:
        """The first error, naming its field ("since: Enter a valid date.")."""
        for name, errors in self.errors.items():
            message = str(errors[0])
            return message if message.startswith(f"{name}:") else f"{name}: {message}"
        return ""


def filtered(articles: QuerySet[Article], data: dict[str, Any], user: Any) -> QuerySet[Article]:
    """``articles`` narrowed by the cleaned filters ``data``. No query of its own: each
    filter is a condition of the ids query."""
    if data.get("status"):
        articles = articles.filter(workflow__status=data["status"])
    assignee = (data.get("assignee") or "").strip()
    if assignee == "me":
        articles = articles.filter(assignments__editor_id=user.pk)
    elif assignee:
        field = get_user_model().USERNAME_FIELD
        articles = articles.filter(**{f"assignments__editor__{field}": assignee})
    if data.get("source"):
        articles = articles.filter(source__icontains=data["source"].strip())
    if data.get("since"):
        articles = articles.filter(published__gte=data["since"])
    if data.get("until"):
        articles = articles.filter(published__lte=data["until"])
    return articles


def with_desk_columns(articles: QuerySet[Article]) -> QuerySet[Article]:
    """Each row with its workflow (a join) and its assigned editors (one more query for
    the whole page)."""
    assignments = Assignment.objects.select_related("editor").order_by("editor__username")
    return articles.select_related("workflow").prefetch_related(
        Prefetch("assignments", queryset=assignments)
    )


def assignable_editors() -> list[Any]:
    """The people the desk may assign: members of Editors, Reviewers or Desk. One query."""
    users = get_user_model()._default_manager
    return list(
        users.filter(groups__name__in=[EDITORS, REVIEWERS, DESK], is_active=True)
        .distinct()
        .order_by(get_user_model().USERNAME_FIELD)
    )
