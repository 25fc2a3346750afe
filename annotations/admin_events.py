"""The admin's history of annotations: every recorded event, read-only, and restoring a
deleted annotation (a bulk action on events, and a "Restore…" page that the event, the
annotation's old address and its article's change page link to). Every restore goes
through annotations.lifecycle.restore."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.text import Truncator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from annotations import history, lifecycle
from annotations.history import AnnotationEvent
from annotations.models import Annotation
from articles.models import Article
from desk.visibility import hidden_from

# Who is offered restoring at all: those who may delete annotations (their own, or
# anyone's). Whether each one may come back is the owner's check, made at restore time.
RESTORE_PERMISSIONS = ("annotations.add_annotation", "annotations.delete_annotation")
EVENT_NAMES = {"create": "created", "change": "changed", "delete": "deleted"}


def _latest_deletion_id() -> Subquery:
    return Subquery(
        AnnotationEvent.objects.filter(pgh_obj_id=OuterRef("pgh_obj_id"), pgh_label="delete")
        .order_by("-pgh_id")
        .values("pgh_id")[:1]
    )


def unrestored_deletions(**filters: Any) -> QuerySet[Any]:
    """The latest deletion of each annotation that is deleted now (never restored, or
    deleted again since), newest first: what may be restored. One query."""
    return (
        AnnotationEvent.objects.filter(pgh_label="delete", **filters)
        .annotate(latest_deletion_id=_latest_deletion_id())
        .filter(pgh_id=F("latest_deletion_id"))
        .exclude(Exists(Annotation.objects.filter(pk=OuterRef("pgh_obj_id"))))
        .order_by("-pgh_id")
    )


def restore_url(annotation_id: int, back: str = "") -> str:
    """The admin's "Restore…" page for a deleted annotation, coming back to ``back``."""
    url = reverse("admin:annotations_annotationevent_restore", args=[annotation_id])
    return f"{url}?{urlencode({'next': back})}" if back else url


def restore_link(annotation_id: int, back: str = "") -> str:
    """A "Restore…" link to the confirmation page (a GET: safe inside another form)."""
    return format_html(
        '<a class="button restore-link" href="{}">Restore…</a>', restore_url(annotation_id, back)
    )


def may_restore(request: HttpRequest) -> bool:
    """Whether restoring is offered to this user at all (the owner checks each one)."""
    return any(request.user.has_perm(perm) for perm in RESTORE_PERMISSIONS)


def _where(annotation: Annotation) -> str:
    if annotation.orphaned:
        return "could not be placed: it waits with the article's orphans"
    if annotation.paragraph is not None:
        return f"on ¶{annotation.paragraph.position}"
    return ""


def restore_one(request: HttpRequest, annotation_id: int, event_id: int | None = None) -> bool:
    """Restore through the owner and say how it went in a message; True if restored."""
    try:
        outcome = lifecycle.restore(request.user, annotation_id, event_id=event_id)
    except lifecycle.ChangeRefused as exc:
        messages.error(request, f"Annotation {annotation_id}: not restored: {exc.message}")
        return False
    annotation = outcome.annotation
    if not outcome.created:
        messages.warning(
            request,
            f"Annotation {annotation_id}: not restored: the same {annotation.tag} by the "
            f"same author is there again (annotation {annotation.pk}).",
        )
        return False
    messages.success(
        request, f"Annotation {annotation.pk} restored ({annotation.tag}, {_where(annotation)})."
    )
    return True


@admin.action(description="Restore selected deleted annotations", permissions=["restore"])
def restore_annotations(
    modeladmin: AnnotationEventAdmin, request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    """Restore the annotations whose deletions are selected, each through the owner."""
    if not modeladmin.has_restore_permission(request):
        raise PermissionDenied
    events = list(queryset.order_by("pgh_id"))
    seen: set[int] = set()
    for event in events:
        if event.pgh_label != "delete":
            messages.warning(
                request,
                f"Annotation {event.pgh_obj_id}: event {event.pgh_id} is a "
                f"“{EVENT_NAMES.get(event.pgh_label, event.pgh_label)}” event, not a deletion; "
                "pick its deletion to restore it.",
            )
            continue
        if event.pgh_obj_id in seen:
            continue
        seen.add(event.pgh_obj_id)
        restore_one(request, event.pgh_obj_id)


class EventFilter(admin.SimpleListFilter):
    """Filter by what happened (keeps the ``pgh_label`` parameter of older links)."""

    title = "what happened"
    parameter_name = "pgh_label"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return list(EVENT_NAMES.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(pgh_label=value) if value else queryset


@admin.register(AnnotationEvent)
class AnnotationEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Every recorded state of every annotation, written by database triggers: read-only."""

    list_display = (
        "when",
        "what",
        "annotation_id",
        "tag",
        "excerpt",
        "article_title",
        "who",
        "restore",
    )
    list_filter = (EventFilter,)
    search_fields = ("text",)
    ordering = ("-pgh_id",)
    actions = (restore_annotations,)
    list_select_related = ("pgh_context",)
    show_full_result_count = False
    fields = (
        "when",
        "what",
        "who",
        "annotation_id",
        "article_title",
        "tag",
        "text",
        "note",
        "speaker",
        "verdict",
        "anchor",
        "restore",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # Not select_related("article"): events outlive their article, and that join
        # (an inner one: the column is not nullable) would hide them.
        title = Article.objects.filter(pk=OuterRef("article_id")).values("title")[:1]
        user_id = Cast(KeyTextTransform("user", "pgh_context__metadata"), BigIntegerField())
        username = (
            get_user_model()
            .objects.filter(pk=OuterRef("context_user_id"))
            .values(get_user_model().USERNAME_FIELD)[:1]
        )
        return (
            super()
            .get_queryset(request)
            # Blind mode: the events of others' annotations on a blind article stay hidden.
            .filter(hidden_from(request.user))
            .annotate(article_title=Subquery(title), context_user_id=user_id)
            .annotate(
                context_username=Subquery(username),
                latest_deletion_id=_latest_deletion_id(),
                present=Exists(Annotation.objects.filter(pk=OuterRef("pgh_obj_id"))),
            )
        )

    @admin.display(description="when", ordering="pgh_id")
    def when(self, obj: Any) -> str:
        return timezone.localtime(obj.pgh_created_at).strftime("%Y-%m-%d %H:%M:%S")

    @admin.display(description="annotation", ordering="pgh_obj_id")
    def annotation_id(self, obj: Any) -> int:
        return int(obj.pgh_obj_id)

    @admin.display(description="text")
    def excerpt(self, obj: Any) -> str:
        return Truncator(obj.text).chars(60)

    @admin.display(description="article")
    def article_title(self, obj: Any) -> str:
        return obj.article_title or f"#{obj.article_id} (deleted)"

    def _described(self, obj: Any) -> tuple[str, str]:
        users = {obj.context_user_id: obj.context_username} if obj.context_username else {}
        return history.describe(obj, users)

    @admin.display(description="what")
    def what(self, obj: Any) -> str:
        return self._described(obj)[0]

    @admin.display(description="who")
    def who(self, obj: Any) -> str:
        return self._described(obj)[1]

    @admin.display(description="restore")
    def restore(self, obj: Any) -> str:
        # Only on the annotation's latest deletion, and only while it is deleted: a
        # deletion already undone is not offered again.
        restorable = (
            obj.pgh_label == "delete"
            and obj.pgh_id == getattr(obj, "latest_deletion_id", None)
            and not getattr(obj, "present", True)
        )
        return restore_link(obj.pgh_obj_id) if restorable else ""

    # The restore column and field only for those who may restore.
    def get_list_display(self, request: HttpRequest) -> Any:
        shown = super().get_list_display(request)
        return shown if may_restore(request) else [f for f in shown if f != "restore"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        shown = super().get_fields(request, obj)
        return shown if may_restore(request) else [f for f in shown if f != "restore"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Whoever may see annotations in the admin may see what happened to them.
        return super().has_view_permission(request, obj) or request.user.has_perm(
            "annotations.view_annotation"
        )

    def has_restore_permission(self, request: HttpRequest) -> bool:
        return may_restore(request)

    def get_urls(self) -> list[URLPattern]:
        # Not admin_view(): it sends logged-in non-staff users to the login form, and
        # they should get a plain 403 instead (as the article import does).
        view = login_required(login_url=reverse_lazy("admin:login"))(
            never_cache(csrf_protect(require_http_methods(["GET", "POST"])(self.restore_view)))
        )
        return [
            path(
                "restore/<int:annotation_id>/",
                view,
                name="annotations_annotationevent_restore",
            ),
            *super().get_urls(),
        ]

    def restore_view(self, request: HttpRequest, annotation_id: int) -> HttpResponse:
        """GET: what would come back, and a Restore button; POST: restore it through the
        owner. Already restored: to the annotation, saying so; 404 when it was never
        recorded."""
        user = request.user
        if not (user.is_active and user.is_staff and may_restore(request)):
            raise PermissionDenied
        event = unrestored_deletions(pgh_obj_id=annotation_id).first()
        if event is None:
            # Restored meanwhile (another tab, another admin): say so where it now is.
            if Annotation.objects.filter(pk=annotation_id).exists():
                messages.info(
                    request,
                    f"Annotation {annotation_id} is not deleted (any more): nothing to restore.",
                )
                return HttpResponseRedirect(
                    reverse("admin:annotations_annotation_change", args=[annotation_id])
                )
            raise Http404("No deleted annotation with that number waits to be restored.")
        back = request.POST.get("next") or request.GET.get("next") or ""
        safe = url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        article = Article.objects.filter(pk=event.article_id).only("pk", "title").first()
        if not safe or not back:
            back = (
                reverse("admin:articles_article_change", args=[article.pk])
                if article is not None
                else reverse("admin:annotations_annotationevent_changelist")
            )
        if request.method == "POST":
            restore_one(request, annotation_id, event_id=event.pgh_id)
            return HttpResponseRedirect(back)
        deleted = history.timeline(annotation_id)[-1]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Restore annotation {annotation_id}?",
            "event": event,
            "deleted": deleted,
            "article": article,
            "back": back,
        }
        return TemplateResponse(request, "admin/annotations/restore.html", context)


# The article's change page lists so many of its deleted annotations, newest first.
DELETED_TABLE_ROWS = 50


def deleted_annotations_table(article: Article) -> str:
    """The article's deleted annotations not restored since, each with "Restore…" (coming
    back to the article's page). Two queries whatever the count."""
    if article.pk is None:
        return "—"
    events = list(
        unrestored_deletions(article_id=article.pk)
        .select_related("pgh_context")
        .annotate(
            context_user_id=Cast(
                KeyTextTransform("user", "pgh_context__metadata"), BigIntegerField()
            )
        )[: DELETED_TABLE_ROWS + 1]
    )
    if not events:
        return "None: nothing deleted waits to be restored."
    users = dict(
        get_user_model()
        .objects.filter(pk__in={e.context_user_id for e in events if e.context_user_id})
        .values_list("pk", get_user_model().USERNAME_FIELD)
    )
    back = reverse("admin:articles_article_change", args=[article.pk])
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                timezone.localtime(e.pgh_created_at).strftime("%Y-%m-%d %H:%M"),
                e.get_tag_display(),
                Truncator(e.text).chars(80),
                history.describe(e, users)[1],
                restore_link(e.pgh_obj_id, back),
            )
            for e in events[:DELETED_TABLE_ROWS]
        ),
    )
    more = ""
    if len(events) > DELETED_TABLE_ROWS:
        more = format_html(
            '<p>The latest {}. <a href="{}?{}">All deletions</a></p>',
            DELETED_TABLE_ROWS,
            reverse("admin:annotations_annotationevent_changelist"),
            urlencode({"pgh_label": "delete", "q": ""}),
        )
    return format_html(
        '<table class="deleted-annotations"><thead><tr><th>deleted</th><th>tag</th>'
        "<th>text</th><th>by</th><th></th></tr></thead><tbody>{}</tbody></table>{}",
        rows,
        more,
    )


# The history library's own tables are not for admins: their permissions ("Pghistory |
# context | Can add context") are left out of the user and group forms' choices.
class WithoutLibraryPermissions:
    """For Django's user and group admins: offer only permissions an admin can act on."""

    def formfield_for_manytomany(self, db_field: Any, request: Any = None, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and field.queryset.model is Permission:
            field.queryset = field.queryset.exclude(content_type__app_label="pghistory")
        return field


class GroupAdminWithoutLibraryPermissions(WithoutLibraryPermissions, GroupAdmin):
    """Django's group admin, without the history library's permissions."""


class UserAdminWithoutLibraryPermissions(WithoutLibraryPermissions, UserAdmin):  # type: ignore[type-arg]
    """Django's user admin, without the history library's permissions."""


for _model, _admin in (
    (Group, GroupAdminWithoutLibraryPermissions),
    (User, UserAdminWithoutLibraryPermissions),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin)
