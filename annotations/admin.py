"""Admin for annotations: moderation of tag, verdict, speaker and note, CSV export, the
orphan filter, each annotation's history, and restoring deleted annotations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import BigIntegerField, OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from annotations import history, lifecycle
from annotations.export import ExportFilter, csv_response
from annotations.forms import FIELDS
from annotations.history import AnnotationEvent
from annotations.models import Annotation
from articles.models import Article

# Who sees the restore action at all: those who may delete annotations (their own, or
# anyone's). Whether each one may come back is the owner's check, made at restore time.
# The request attribute by which save_model tells response_change that the owner refused.
REFUSED = "_annotation_change_refused"
RESTORE_PERMISSIONS = ("annotations.add_annotation", "annotations.delete_annotation")


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

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
        "created",
    )
    # The anchor filter is the orphan filter: "Could not be placed" lists the orphans,
    # "Re-anchored, please check" the fuzzy matches waiting for an editor.
    list_filter = (
        "anchor",
        "tag",
        "verdict",
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
        '<table class="annotation-history"><thead><tr><th>when</th><th>what</th><th>who</th>'
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


@admin.action(description="Restore selected deleted annotations", permissions=["restore"])
def restore_annotations(
    modeladmin: AnnotationEventAdmin, request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    if not modeladmin.has_restore_permission(request):
        raise PermissionDenied
    events = list(queryset.order_by("pgh_id"))
    seen: set[int] = set()
    for event in events:
        if event.pgh_label != "delete":
            messages.warning(
                request,
                f"Annotation {event.pgh_obj_id}: event {event.pgh_id} is a "
                f"“{event.pgh_label}”, not a deletion; pick its delete event to restore it.",
            )
            continue
        if event.pgh_obj_id in seen:
            continue
        seen.add(event.pgh_obj_id)
        try:
            outcome = lifecycle.restore(request.user, event.pgh_obj_id)
        except lifecycle.ChangeRefused as exc:
            messages.error(request, f"Annotation {event.pgh_obj_id}: not restored: {exc.message}")
            continue
        annotation = outcome.annotation
        if not outcome.created:
            messages.warning(
                request,
                f"Annotation {event.pgh_obj_id}: not restored: the same {annotation.tag} by the "
                f"same author is there again (annotation {annotation.pk}).",
            )
            continue
        where = (
            "could not be placed: it waits with the article's orphans"
            if annotation.orphaned
            else f"on ¶{annotation.paragraph.position}"
            if annotation.paragraph is not None
            else ""
        )
        messages.success(
            request, f"Annotation {annotation.pk} restored ({annotation.tag}, {where})."
        )


@admin.register(AnnotationEvent)
class AnnotationEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Every recorded state of every annotation, written by database triggers: read-only."""

    list_display = (
        "pgh_created_at",
        "pgh_label",
        "what",
        "annotation_id",
        "tag",
        "excerpt",
        "article_title",
        "who",
    )
    list_filter = ("pgh_label",)
    search_fields = ("text",)
    ordering = ("-pgh_id",)
    actions = (restore_annotations,)
    list_select_related = ("pgh_context",)
    show_full_result_count = False

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
            .annotate(article_title=Subquery(title), context_user_id=user_id)
            .annotate(context_username=Subquery(username))
        )

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
        return any(request.user.has_perm(perm) for perm in RESTORE_PERMISSIONS)
