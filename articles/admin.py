from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib import admin
from django.contrib.admin.options import Action, ActionLocation
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse, reverse_lazy
from django.utils.html import format_html, format_html_join
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from annotations import lifecycle, reanchoring
from annotations.admin import export_articles_annotations_csv
from annotations.admin_events import deleted_annotations_table
from annotations.models import Annotation
from articles.admin_paragraphs import PAGE_PARAM, ParagraphForm, ParagraphInline
from articles.forms import ArticleImportForm
from articles.models import Article, Paragraph
from articles.parsing import (
    MAX_FILE_BYTES,
    MAX_PARAGRAPH_CHARS,
    MAX_PARAGRAPHS,
)
from desk.admin import (
    DESK_ROWS,
    DeskActionForm,
    assign_editor,
    has_assign_permission,
    unassign_editor,
)
from sources.jobs import (
    get_import_job,
    import_job_context,
    recent_import_jobs,
    start_file_import,
)
from sources.readers import extensions
from suggestions.admin import figures as suggestion_figures
from suggestions.admin import with_acceptance


class OutletFilter(admin.AllValuesFieldListFilter):
    """The outlet filter, with articles imported without one under a named link (an empty
    link has no accessible name)."""

    def choices(self, changelist: Any) -> Any:
        for choice in super().choices(changelist):
            if choice["display"] in ("", None):
                choice = {**choice, "display": "(no outlet)"}
            yield choice


# The change page stays the same size however many annotations an article has.
ANNOTATION_TABLE_ROWS = 200


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    inlines = (ParagraphInline,)
    list_display = ("title", "published", "source", "paragraphs", "annotations", "suggestions")
    list_filter = ("published", ("source", OutletFilter))
    date_hierarchy = "published"
    search_fields = ("title", "source", "byline")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = (
        "created",
        "updated",
        "annotation_table",
        "deleted_annotations",
        "suggestions",
    )
    fieldsets = (
        (
            None,
            {"fields": ("title", "slug", "published", "source", "byline", "url", "language")},
        ),
        ("Annotations", {"fields": ("annotation_table", "deleted_annotations")}),
        ("Suggestions", {"fields": ("suggestions",)}),
        ("History", {"fields": ("created", "updated")}),
    )
    actions = (export_articles_annotations_csv, assign_editor, unassign_editor)
    action_form = DeskActionForm

    def has_assign_permission(self, request: HttpRequest) -> bool:
        return has_assign_permission(request)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        # An article's workflow row and status record go with it; nobody deletes them on
        # their own (their admins refuse), which must not stop the article's deletion.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed - DESK_ROWS, protected

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return with_acceptance(Article.objects.with_counts())

    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm[Article],
        formsets: list[BaseInlineFormSet[Any, Any, Any]],
        change: bool,
    ) -> None:
        # The paragraph inline edits, adds, deletes and reorders paragraphs in one go:
        # re-anchor once, after all of it, so that the second half of a split paragraph
        # is found in the paragraph added for it.
        with reanchoring.batch(actor=edit_actor(request)):
            super().save_related(request, form, formsets, change)

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        # "Save and continue editing" comes back to the page of paragraphs just saved.
        response = super().response_change(request, obj)
        page = request.GET.get(PAGE_PARAM)
        if page and "_continue" in request.POST and isinstance(response, HttpResponseRedirect):
            location = urlsplit(response["Location"])
            query = [(k, v) for k, v in parse_qsl(location.query) if k != PAGE_PARAM]
            query.append((PAGE_PARAM, page))
            response["Location"] = urlunsplit(location._replace(query=urlencode(query)))
        return response

    # An article's annotations go with it (the confirmation page counts them): their
    # history names that deletion and the admin who made it, through the owner.
    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        with lifecycle.deleting_articles(request.user):
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        with lifecycle.deleting_articles(request.user):
            super().delete_queryset(request, queryset)

    def render_delete_form(self, request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
        article = context.get("object")
        if isinstance(article, Article):
            context["annotation_count"] = Annotation.objects.filter(article=article).count()
        return super().render_delete_form(request, context)

    def get_actions(
        self, request: HttpRequest, action_location: ActionLocation = ActionLocation.CHANGE_LIST
    ) -> dict[str, Action | None]:
        actions = super().get_actions(request, action_location=action_location)
        delete = actions.get("delete_selected")
        if delete is not None:
            actions["delete_selected"] = dataclasses.replace(
                delete, func=counting_annotations(delete.func)
            )
        return actions

    @admin.display(description="paragraphs", ordering="paragraph_count")
    def paragraphs(self, obj: Article) -> int:
        return int(getattr(obj, "paragraph_count", 0))

    @admin.display(description="annotations", ordering="annotation_count")
    def annotations(self, obj: Article) -> int:
        return int(getattr(obj, "annotation_count", 0))

    @admin.display(description="suggestions", ordering="suggestions_accepted")
    def suggestions(self, obj: Article) -> str:
        return suggestion_figures(obj)

    @admin.display(description="annotations (read-only)")
    def annotation_table(self, obj: Article) -> str:
        if obj.pk is None:
            return "—"
        # Orphans too: they belong to the article even when no paragraph holds their words.
        rows = list(
            Annotation.objects.filter(article_id=obj.pk)
            .select_related("author", "paragraph")
            .in_reading_order()[: ANNOTATION_TABLE_ROWS + 1]
        )
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            '<td><a href="{}">open</a></td></tr>',
            (
                (
                    "—" if a.paragraph is None else f"¶{a.paragraph.position}",
                    a.get_tag_display(),
                    a.text,
                    a.get_anchor_display(),
                    a.author.get_username(),
                    reverse("admin:annotations_annotation_change", args=[a.pk]),
                )
                for a in rows[:ANNOTATION_TABLE_ROWS]
            ),
        )
        if not body:
            return "No annotations yet."
        more = ""
        if len(rows) > ANNOTATION_TABLE_ROWS:
            url = reverse("admin:annotations_annotation_changelist")
            more = format_html(
                '<p>The first {} in reading order. <a href="{}?{}">All of them</a></p>',
                ANNOTATION_TABLE_ROWS,
                url,
                urlencode({"article__id__exact": obj.pk}),
            )
        return format_html(
            "<table><thead><tr><th>paragraph</th><th>tag</th><th>text</th><th>anchor</th>"
            "<th>author</th><th></th></tr></thead><tbody>{}</tbody></table>{}",
            body,
            more,
        )

    @admin.display(description="deleted annotations")
    def deleted_annotations(self, obj: Article) -> str:
        return deleted_annotations_table(obj)

    def get_urls(self) -> list[URLPattern]:
        # Not admin_view(): it sends logged-in non-staff users to the login form, and
        # they should get a plain 403 instead.
        view = login_required(login_url=reverse_lazy("admin:login"))(
            never_cache(csrf_protect(require_http_methods(["GET", "POST"])(self.import_view)))
        )
        job = login_required(login_url=reverse_lazy("admin:login"))(
            never_cache(require_GET(self.import_job_view))
        )
        return [
            path("import/", view, name="articles_article_import"),
            path("import/<int:pk>/", job, name="articles_article_import_job"),
            *super().get_urls(),
        ]

    def check_import_permission(self, request: HttpRequest) -> None:
        """Staff with the permission to add articles import them; PermissionDenied else."""
        user = request.user
        if not (user.is_active and user.is_staff and self.has_add_permission(request)):
            raise PermissionDenied

    def import_view(self, request: HttpRequest) -> HttpResponse:
        self.check_import_permission(request)
        # Bound on every POST: an upload-only POST has an empty (falsy) request.POST.
        posted = request.method == "POST"
        form = ArticleImportForm(request.POST, request.FILES) if posted else ArticleImportForm()
        if posted and form.is_valid():
            # Read and imported in the background; the job's page shows the progress.
            job = start_file_import(
                request.user, form.cleaned_data["uploads"], replace=form.cleaned_data["replace"]
            )
            return HttpResponseRedirect(reverse("admin:articles_article_import_job", args=[job.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import articles from files",
            "extensions": ", ".join(extensions()),
            "form": form,
            "max_megabytes": MAX_FILE_BYTES // 2**20,
            "max_paragraphs": f"{MAX_PARAGRAPHS:,}",
            "max_paragraph_chars": f"{MAX_PARAGRAPH_CHARS:,}",
            "recent_jobs": recent_import_jobs(request.user),
        }
        return TemplateResponse(request, "admin/articles/article/import.html", context)

    def import_job_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The progress of an import job (files n of N, each file's outcome). htmx gets the
        ``poll_answer`` partial (the block, which polls itself until the job is over, and
        the status line's text out of band), or a 204 while no file more is done than the
        ``seen`` it sends. 404 for a job of another user (superusers see every job)."""
        self.check_import_permission(request)
        job = get_import_job(request, pk)
        htmx = getattr(request, "htmx", None)
        if htmx and not job.is_over and request.GET.get("seen") == str(job.files_done):
            return HttpResponse(status=204)  # nothing new: no swap, the polling goes on
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import progress",
            **import_job_context(job),
        }
        template = "admin/articles/article/import_job.html"
        if htmx:
            template += "#poll_answer"
        return TemplateResponse(request, template, context)


def edit_actor(request: HttpRequest) -> str:
    """Who the history names for annotations moved by this admin request."""
    return f"article edit by {request.user.get_username()}"


def counting_annotations(action: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap the delete_selected action so its confirmation page counts the annotations."""

    @functools.wraps(action)
    def delete_selected(
        modeladmin: admin.ModelAdmin[Article], request: HttpRequest, queryset: QuerySet[Article]
    ) -> Any:
        response = action(modeladmin, request, queryset)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            response.context_data["annotation_count"] = Annotation.objects.filter(
                article__in=queryset
            ).count()
        return response

    return delete_selected


class AnnotationInline(admin.TabularInline):
    """Annotations are made in the reading page; here they are only shown."""

    model = Annotation
    fields = ("start", "end", "text", "tag", "author", "created")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    form = ParagraphForm
    inlines = (AnnotationInline,)
    list_display = ("article", "position", "kind", "excerpt")
    list_filter = ("kind",)
    search_fields = ("text",)
    list_select_related = ("article",)
    autocomplete_fields = ("article",)
    ordering = ("article", "position")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A paragraph's annotations belong to its article: moving it to another article
        # would break that (the database refuses it at commit). Copy the text instead.
        return ("article",) if obj is not None else ()

    # Saving or deleting a paragraph re-anchors its annotations through the signals in
    # annotations.reanchoring; the batch names the editor in the history ("article edit by").
    def save_model(self, request: HttpRequest, obj: Paragraph, form: Any, change: bool) -> None:
        with reanchoring.batch(actor=edit_actor(request)):
            super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Paragraph) -> None:
        with reanchoring.batch(actor=edit_actor(request)):
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Paragraph]) -> None:
        # The collector sends pre_delete for each paragraph; the batch re-anchors once, so
        # an annotation is not moved into a paragraph that is deleted a moment later.
        with reanchoring.batch(actor=edit_actor(request)):
            super().delete_queryset(request, queryset)

    @admin.display(description="text")
    def excerpt(self, obj: Paragraph) -> str:
        return obj.text if len(obj.text) <= 100 else obj.text[:99] + "…"
