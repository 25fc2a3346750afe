"""CSV export of annotations (issue 4): the whole collection, or one article."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from annotations.export import ExportFilterForm, csv_response
from articles.models import Article


def _bad_request(form: ExportFilterForm) -> HttpResponse:
    # Plain text: the usual client is curl or a script, and a 400 with the reason beats
    # an empty file that looks like "no annotations".
    return HttpResponseBadRequest(
        f"Bad export filter:\n{form.error_text()}\n", content_type="text/plain; charset=utf-8"
    )


@require_GET
def annotations_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    form = ExportFilterForm(request.GET)
    if not form.is_valid():
        return _bad_request(form)
    return csv_response(form.export_filter())


@require_GET
def article_annotations_csv(
    request: HttpRequest, slug: str
) -> HttpResponse | StreamingHttpResponse:
    article = get_object_or_404(Article.objects.only("pk", "slug"), slug=slug)
    # The article comes from the URL; an ?article= here would only narrow it to nothing.
    data = request.GET.copy()
    data.pop("article", None)
    form = ExportFilterForm(data)
    if not form.is_valid():
        return _bad_request(form)
    return csv_response(form.export_filter(article_ids=[article.pk]), slug=article.slug)
