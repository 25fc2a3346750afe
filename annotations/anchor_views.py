"""Views for what happens after an article edit: confirm, re-attach, history."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from annotations import history
from annotations.anchoring import context_of
from annotations.forms import ReattachForm
from annotations.models import Annotation
from annotations.views import (
    MISSING_PARAGRAPH,
    _changed,
    _error,
    _first_error,
    _get_annotation,
    _selection_error,
)
from articles.models import Paragraph

STALE = "This annotation changed since the page was loaded. Reload and try again."


@require_POST
def annotation_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor checked a fuzzy re-anchoring: the highlight is right."""
    annotation = _get_annotation(request, pk, "change")
    seen = request.POST.get("version", "")
    with transaction.atomic(), history.own_context(reason="confirm"):
        updated = Annotation.objects.filter(
            pk=pk, version=int(seen) if seen.isdigit() else -1, status=Annotation.Status.REVIEW
        ).update(status=Annotation.Status.PLACED, version=F("version") + 1)
    if not updated:
        return _error(request, STALE, status=409)
    return _changed(request, annotation.article, [annotation.paragraph_id], "Confirmed")


@require_POST
def annotation_reattach(request: HttpRequest) -> HttpResponse:
    """Put an orphaned annotation on newly selected text of its article."""
    form = ReattachForm(request.POST)
    if not form.is_valid():
        return _error(request, _first_error(form))
    data = form.cleaned_data
    annotation = _get_annotation(request, data["annotation"], "change")
    paragraph = Paragraph.objects.filter(pk=data["paragraph"]).first()
    if paragraph is None:
        return _error(request, MISSING_PARAGRAPH, 404)
    if paragraph.article_id != annotation.article_id:
        return _error(request, "Re-attach it within its own article.")
    if (refusal := _selection_error(request, paragraph, data)) is not None:
        return refusal
    start, end = data["start"], data["end"]
    prefix, suffix = context_of(paragraph.text, start, end)
    with transaction.atomic(), history.own_context(reason="reattach"):
        updated = Annotation.objects.filter(pk=annotation.pk, status="orphaned").update(
            paragraph=paragraph,
            start=start,
            end=end,
            text=data["text"],
            prefix=prefix,
            suffix=suffix,
            status=Annotation.Status.PLACED,
            version=F("version") + 1,
        )
    if not updated:
        return _error(request, "It is not orphaned any more. Reload the page.", 409)
    return _changed(
        request,
        annotation.article,
        [paragraph.pk],
        f"{annotation.get_tag_display()} re-attached",
        {"created": annotation},
    )


@require_GET
def annotation_history(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = get_object_or_404(Annotation, pk=pk)
    entries = history.timeline(annotation.pk)
    return render(request, "annotations/_history.html", {"entries": entries})
