"""Views for annotations after an article edit: confirm a re-anchored (``moved``)
highlight, re-attach an orphan, and each annotation's history. Changes go through the
owner, annotations.lifecycle."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from annotations import history, lifecycle
from annotations.changes import changed_response
from annotations.forms import ReattachForm, VersionForm
from annotations.models import Annotation
from annotations.views import (
    _first_error,
    _selection,
    entry_page,
    refused,
    visible_annotation,
)
from newsroom.fragments import fragment, refusal


@fragment()
@require_POST
def annotation_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor checked a fuzzy re-anchoring: the highlight is right."""
    form = VersionForm(request.POST)
    if not form.is_valid():
        return refusal(request, _first_error(form))
    try:
        annotation = lifecycle.confirm(request.user, pk, version=form.cleaned_data["version"])
    except lifecycle.ChangeRefused as exc:
        return refused(request, exc)
    return changed_response(request, annotation, "Confirmed", action="confirmed")


@fragment()
@require_POST
def annotation_reattach(request: HttpRequest) -> HttpResponse:
    """Put an orphaned annotation on newly selected text of its article, or a rejected
    one its author fixes on other words of its paragraph (lifecycle.reattach)."""
    form = ReattachForm(request.POST)
    if not form.is_valid():
        return refusal(request, _first_error(form))
    data = form.cleaned_data
    # An orphan's entry is in the orphans' list; a placed one's in the panel, replaced.
    was_placed = Annotation.objects.filter(pk=data["annotation"], paragraph__isnull=False)
    placed = was_placed.exists()
    try:
        annotation = lifecycle.reattach(
            request.user, data["annotation"], version=data["version"], selection=_selection(data)
        )
    except lifecycle.ChangeRefused as exc:
        return refused(request, exc)
    return changed_response(
        request,
        annotation,
        f"{annotation.get_tag_display()} re-attached",
        action="reattached",
        orphans_changed=not placed,
        before=... if placed else None,
    )


@fragment(entry_page)
@require_GET
def annotation_history(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = visible_annotation(request, Annotation.objects.all(), pk)
    entries = history.timeline(annotation.pk)
    return render(request, "annotations/_history.html", {"entries": entries})
