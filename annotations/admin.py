"""Admin for annotations: moderation of tag, verdict, speaker and note, plus CSV export."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.text import Truncator

from annotations.export import ExportFilter, csv_response
from annotations.models import Annotation
from articles.models import Article


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


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "article_title",
        "paragraph_position",
        "tag",
        "verdict",
        "short_text",
        "author",
        "created",
    )
    list_filter = ("tag", "verdict", "author", "paragraph__article")
    search_fields = ("text", "note")
    list_select_related = ("paragraph__article", "author")
    actions = (export_annotations_csv,)
    # The span must stay exactly paragraph.text[start:end] (a trigger enforces it), and
    # the reading page is where spans are chosen; here only the judgement is edited.
    fields = (
        "article_title",
        "paragraph_position",
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
    )
    readonly_fields = (
        "article_title",
        "paragraph_position",
        "start",
        "end",
        "text",
        "prefix",
        "suffix",
        "author",
        "created",
        "updated",
    )
    # Counting a million rows on every changelist page is not worth the exact total.
    show_full_result_count = False

    @admin.display(description="article", ordering="paragraph__article__title")
    def article_title(self, obj: Annotation) -> str:
        return obj.paragraph.article.title

    @admin.display(description="¶", ordering="paragraph__position")
    def paragraph_position(self, obj: Annotation) -> int:
        return obj.paragraph.position

    @admin.display(description="text")
    def short_text(self, obj: Annotation) -> str:
        return Truncator(obj.text).chars(60)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Spans are picked on the reading page; an admin form could not pick them exactly.
        return False
