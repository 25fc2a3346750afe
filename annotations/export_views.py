"""CSV export of annotations (issue 4): the whole collection, or one article; and the
export form's own page, where a refused filter is shown beside its field."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotations.export import csv_response
from annotations.export_filters import (
    ExportFilterForm,
    article_ids,
    chosen_articles,
    title_matches,
)
from articles.models import Article

EXPORT_TEMPLATE = "annotations/export.html"


def wants_html(request: HttpRequest) -> bool:
    """A browser (its Accept header prefers HTML) rather than curl or a script (``*/*``)."""
    return request.get_preferred_type(["text/csv", "text/html"]) == "text/html"


def export_form_context(request: HttpRequest, form: ExportFilterForm | None) -> dict[str, Any]:
    """What the export form draws: the values sent back, the errors, the ticked articles
    and the title search's matches. Two queries whatever the counts."""
    title = request.GET.get("title", "").strip()[:200]
    ids = article_ids(request.GET.getlist("article_id"))
    chosen = list(chosen_articles(ids)) if ids else []
    return {
        "export_form": form,
        "export_values": request.GET,
        "export_tags": request.GET.getlist("tag"),
        "title_query": title,
        "chosen_articles": chosen,
        "title_matches": list(title_matches(title, ids)) if title else [],
    }


def _bad_request(request: HttpRequest, form: ExportFilterForm) -> HttpResponse:
    if wants_html(request):
        context = export_form_context(request, form)
        return render(request, EXPORT_TEMPLATE, context, status=400)
    # Plain text for curl and scripts: a 400 with the reason beats an empty file that
    # looks like "no annotations".
    return HttpResponseBadRequest(
        f"Bad export filter:\n{form.error_text()}\n", content_type="text/plain; charset=utf-8"
    )


def blind_viewer(user: Any) -> int | None:
    """The user whose own annotations only the CSV holds on articles in blind mode before
    review (desk.visibility), or None for one who sees everyone's."""
    return None if user.has_perm("desk.see_all_annotations") else user.pk


@require_GET
@login_required
def annotations_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Every annotation the filters select, as a streamed CSV file."""
    form = ExportFilterForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, form)
    return csv_response(form.export_filter(blind_viewer=blind_viewer(request.user)))


@require_GET
@login_required
def article_annotations_csv(
    request: HttpRequest, slug: str
) -> HttpResponse | StreamingHttpResponse:
    """One article's annotations (further filtered by the query), as a streamed CSV file."""
    article = get_object_or_404(Article.objects.only("pk", "slug"), slug=slug)
    # The article comes from the URL; an ?article= here would only narrow it to nothing.
    data = request.GET.copy()
    data.pop("article", None)
    data.pop("article_id", None)
    form = ExportFilterForm(data)
    if not form.is_valid():
        return _bad_request(request, form)
    return csv_response(
        form.export_filter(article_ids=[article.pk], blind_viewer=blind_viewer(request.user)),
        slug=article.slug,
    )


@require_GET
@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    """The export form on a page of its own: what "Find" shows without JavaScript, and
    (for htmx) the title search's list of articles to tick."""
    context = export_form_context(request, None)
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == "export-articles":
        return render(request, "annotations/_export_articles.html", context)
    return render(request, EXPORT_TEMPLATE, context)
