from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST


@require_POST
def annotation_create(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError
