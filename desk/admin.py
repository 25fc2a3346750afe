"""The desk in the Django admin: assign editors to the ticked articles (an action on the
article list, with the editor chosen beside it), blind mode per article, and the
read-only record of status changes. Writes go through :mod:`desk.workflow`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest

from articles.models import Article
from desk import workflow
from desk.models import StatusChange, Workflow
from desk.roles import DESK, EDITORS, REVIEWERS

# The names the admin's delete page gives the rows that go with a deleted article.
DESK_ROWS = frozenset({str(Workflow._meta.verbose_name), str(StatusChange._meta.verbose_name)})


class DeskActionForm(ActionForm):
    """The article list's action bar, with the editor that "Assign" and "Unassign" take."""

    editor = forms.ModelChoiceField(
        queryset=get_user_model()
        ._default_manager.filter(groups__name__in=[EDITORS, REVIEWERS, DESK], is_active=True)
        .distinct(),
        required=False,
        label="Editor",
    )


def _assign(
    modeladmin: admin.ModelAdmin[Any],
    request: HttpRequest,
    queryset: QuerySet[Article],
    *,
    unassign: bool,
) -> None:
    verb = "unassign" if unassign else "assign"
    try:
        editor = DeskActionForm(request.POST).fields["editor"].clean(request.POST.get("editor"))
        if editor is None:
            raise workflow.Refused(f"editor: choose an editor to {verb}.", "editor")
        done = workflow.assign(
            request.user, queryset.values_list("pk", flat=True), [editor], unassign=unassign
        )
    except (workflow.Refused, forms.ValidationError) as exc:
        modeladmin.message_user(request, getattr(exc, "message", str(exc)), messages.ERROR)
        return
    if unassign:
        told = f"{editor} unassigned from {len(done.removed)} article(s)."
    else:
        told = f"{editor} assigned to {len(done.added)} more article(s)."
    modeladmin.message_user(request, told, messages.SUCCESS)


@admin.action(description="Assign the chosen editor", permissions=["assign"])
def assign_editor(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Article]
) -> None:
    _assign(modeladmin, request, queryset, unassign=False)


@admin.action(description="Unassign the chosen editor", permissions=["assign"])
def unassign_editor(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Article]
) -> None:
    _assign(modeladmin, request, queryset, unassign=True)


def has_assign_permission(request: HttpRequest) -> bool:
    """For the actions' ``permissions=["assign"]``: only the desk assigns."""
    return request.user.has_perm("desk.assign_editors")


@admin.register(Workflow)
class WorkflowAdmin(admin.ModelAdmin):
    """Blind mode is set here as well as on the reading and list pages (each change is
    recorded by a trigger, with the admin user from the request's history context); the
    status moves through the reading page (recorded)."""

    list_display = ("article", "status", "blind", "changed")
    list_filter = ("status", "blind")
    list_editable = ("blind",)
    readonly_fields = ("article", "status", "changed")
    search_fields = ("article__title",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a database trigger makes each article's row

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """Every status change, read-only."""

    list_display = ("article", "from_status", "to_status", "by", "at")
    list_filter = ("to_status",)
    list_select_related = ("article", "by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
