from django.http import HttpRequest, HttpResponse


def article_list(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise NotImplementedError
