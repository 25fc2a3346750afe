"""CSV export views (issue 4). Stubs until the export lands."""

from django.http import HttpRequest, HttpResponse


def annotations_csv(request: HttpRequest) -> HttpResponse:
    return HttpResponse("not yet", status=501)


def article_annotations_csv(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse("not yet", status=501)
