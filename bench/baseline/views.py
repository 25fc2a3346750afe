"""The bare baseline view: the create request's fields into one ORM INSERT, nothing else."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_POST

from baseline.models import BareAnnotation


@login_required
@require_POST
def bare_insert(request: HttpRequest) -> HttpResponse:
    """POST the create form's fields; 201 with an empty body."""
    data = request.POST
    BareAnnotation.objects.create(
        article_id=int(data["article"]),
        paragraph_id=int(data["paragraph"]),
        start=int(data["start"]),
        end=int(data["end"]),
        text=data["text"],
        tag=data["tag"],
        note=data.get("note", ""),
        author_id=request.user.pk,
    )
    return HttpResponse(status=201)


@require_GET
def ping(request: HttpRequest) -> HttpResponse:
    """204: the bench waits on it until a server's backlog of earlier requests is served."""
    return HttpResponse(status=204)
