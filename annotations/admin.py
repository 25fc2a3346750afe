"""Admin for annotations: moderation of tag, verdict, speaker and note, CSV export, the
orphan filter, each annotation's history, and restoring deleted annotations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from annotations import history, lifecycle
from annotations.export import ExportFilter, csv_response
from annotations.forms import FIELDS
from annotations.models import Annotation
from articles.models import Article
from desk.visibility import hidden_from
from newsroom.inputs import whole_number, whole_number_field

# The request attribute by which save_model tells response_change that the owner refused.
REFUSED = "_annotation_change_refused"


@admin.action(description="Export selected articles' annotations as CSV")
def export_articles_annotations_csv(
    modeladmin: admin.ModelAdmin[Article], request: HttpRequest, queryset: QuerySet[Article]
) -> StreamingHttpResponse:
    # One selected article gets its slug in the file name, as on the reading page.
    slugs = list(queryset.values_list("slug", flat=True)[:2])
    return csv_response(ExportFilter(articles=queryset), slug=slugs[0] if len(slugs) == 1 else None)


@admin.action(description="Export selected annotations as CSV")
def export_annotations_csv(
    modeladmin: admin.ModelAdmin[Annotation],
    request: HttpRequest,
    queryset: QuerySet[Annotation],
) -> StreamingHttpResponse:
    return csv_response(ExportFilter(annotations=queryset))


class AnnotationAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """The admin's change form checks what the owner checks: version and rules, each
    error on its field."""

    seen_version = whole_number_field(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Annotation
        fields = FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            lifecycle.check_version(self.instance, data.get("seen_version"))
            cleaned = lifecycle.clean_fields(
                lifecycle.Fields(**{f: data.get(f) or "" for f in FIELDS})
            )
        except lifecycle.ChangeRefused as exc:
            raise forms.ValidationError(
                {exc.field: exc.message} if exc.field in FIELDS else exc.message
            ) from exc
        data.update(cleaned.as_dict())
        return data


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "article_title",
        "paragraph_position",
        "tag",
        "verdict",
        "anchor",
        "short_text",
        "author",
        "origin",
        "created",
    )
    # The anchor filter is the orphan filter: "Could not be placed" lists the orphans,
    # "Re-anchored, please check" the fuzzy matches waiting for an editor.
    list_filter = (
        "anchor",
        "tag",
        "verdict",
        "origin",
        "author",
        ("article", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("text", "note")
    list_select_related = ("article", "paragraph", "author")
    actions = (export_annotations_csv,)
    # The span must stay exactly paragraph.text[start:end] (a trigger enforces it), and
    # the reading page is where spans are chosen; here only the judgement is edited.
    fields = (
        "article_title",
        "paragraph_position",
        "anchor",
        "start",
        "end",
        "text",
        "prefix",
        "suffix",
        "tag",
        "verdict",
        "speaker",
        "note",
        "author",
        "origin",
        "created",
        "updated",
        "edited",
        "version",
        "seen_version",
        "history_table",
    )
    readonly_fields = tuple(f for f in fields if f not in (*FIELDS, "seen_version"))
    form = AnnotationAdminForm
    # Counting a million rows on every changelist page is not worth the exact total.
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # Blind mode holds here too: a staff editor sees only their own annotations on a
        # blind article before review (the list, a change page, the CSV action).
        return super().get_queryset(request).filter(hidden_from(request.user))

    @admin.display(description="article", ordering="article__title")
    def article_title(self, obj: Annotation) -> str:
        return obj.article.title

    @admin.display(description="¶", ordering="paragraph__position")
    def paragraph_position(self, obj: Annotation) -> int | str:
        # Orphans have no paragraph: they are kept with their article until re-attached.
        return "—" if obj.paragraph is None else obj.paragraph.position

    @admin.display(description="text")
    def short_text(self, obj: Annotation) -> str:
        return Truncator(obj.text).chars(60)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        """Django's History button: our history (every event, by the database's triggers)
        is on the change page, where Django's own log would say there is none."""
        url = reverse("admin:annotations_annotation_change", args=[object_id])
        return HttpResponseRedirect(url + "#history")

    @admin.display(description="history")
    def history_table(self, obj: Annotation) -> str:
        if obj.pk is None:
            return "—"
        return render_timeline(history.timeline(obj.pk))

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Spans are picked on the reading page; an admin form could not pick them exactly.
        return False

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        # Links made when the filter went through the paragraph keep working (they
        # leave out orphans, which have no paragraph; the article filter includes them).
        if lookup == "paragraph__article__id__exact":
            return True
        return super().lookup_allowed(lookup, value, request)

    def save_model(self, request: HttpRequest, obj: Annotation, form: Any, change: bool) -> None:
        # Through the owner like every other change: permission, version, rules, history.
        # The form ran the same checks already; a change that lands between the two
        # (another editor's save) is refused here, and response_change says so.
        try:
            saved = lifecycle.edit(
                request.user,
                obj.pk,
                version=form.cleaned_data["seen_version"],
                fields=lifecycle.Fields(**{f: form.cleaned_data[f] for f in FIELDS}),
            )
        except lifecycle.ChangeRefused as exc:
            setattr(request, REFUSED, exc.message)  # read by log_change and response_change
            return
        obj.version = saved.version

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        # Nothing was changed when the owner refused: no "changed" entry in the admin log.
        if getattr(request, REFUSED, None) is None:
            return super().log_change(request, obj, message)
        return None

    def response_change(self, request: HttpRequest, obj: Annotation) -> HttpResponse:
        refused = getattr(request, REFUSED, None)
        if refused is not None:
            self.message_user(request, f"Not saved: {refused}", messages.ERROR)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def delete_model(self, request: HttpRequest, obj: Annotation) -> None:
        # The confirmation page loaded this version in this same request.
        _delete(request, [obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Annotation]) -> None:
        _delete(request, list(queryset.select_related(None).only("pk", "version")))

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # Links from before the anchoring state was renamed (status=review) keep working.
        if "status__exact" in request.GET:
            query = request.GET.copy()
            value = query.pop("status__exact")[-1]
            query["anchor__exact"] = {"review": "moved"}.get(value, value)
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        return super().changelist_view(request, extra_context)

    def _get_obj_does_not_exist_redirect(
        self, request: HttpRequest, opts: Any, object_id: str
    ) -> HttpResponseRedirect:
        # The address of a deleted annotation leads to restoring it (when it may be).
        from annotations.admin_events import may_restore, restore_url

        pk = whole_number(object_id)
        if pk is not None and may_restore(request) and unrestored_deletions(pgh_obj_id=pk).exists():
            self.message_user(request, f"Annotation {pk} was deleted.", messages.WARNING)
            return HttpResponseRedirect(restore_url(pk))
        return super()._get_obj_does_not_exist_redirect(request, opts, object_id)  # type: ignore[misc]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Nothing related is edited here, and the owner has saved the annotation.
        return


def _delete(request: HttpRequest, annotations: list[Annotation]) -> None:
    """Delete through the owner (history names the admin); all or nothing."""
    try:
        with transaction.atomic():
            for annotation in annotations:
                lifecycle.delete(request.user, annotation.pk, version=annotation.version)
    except lifecycle.NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc


def render_timeline(entries: list[history.Entry]) -> str:
    """The annotation's history as a table: when, what, who, and what changed."""
    if not entries:
        return "No history recorded."
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                timezone.localtime(entry.when).strftime("%Y-%m-%d %H:%M:%S"),
                entry.label,
                entry.who,
                render_changes(entry.changes),
            )
            for entry in entries
        ),
    )
    return format_html(
        '<table class="annotation-history" id="history"><thead><tr>'
        "<th>when</th><th>what</th><th>who</th>"
        "<th>changed (before → after)</th></tr></thead><tbody>{}</tbody></table>",
        rows,
    )


def render_changes(changes: list[tuple[str, Any, Any]]) -> SafeString | str:
    if not changes:
        return ""
    return format_html_join(
        "",
        "<div>{}: {} → {}</div>",
        ((name, _shown(before), _shown(after)) for name, before, after in changes),
    )


def _shown(value: Any) -> str:
    return "(empty)" if value in ("", None) else Truncator(str(value)).chars(80)


# The history of annotations and restoring them live in their own module; importing it
# registers its admin (the admin imports only this module).
from annotations.admin_events import (  # noqa: E402
    AnnotationEventAdmin,
    restore_annotations,
    restore_link,
    unrestored_deletions,
)

__all__ = [
    "AnnotationAdmin",
    "AnnotationEventAdmin",
    "export_annotations_csv",
    "export_articles_annotations_csv",
    "restore_annotations",
    "restore_link",
    "unrestored_deletions",
]
