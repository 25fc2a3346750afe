from __future__ import annotations

from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations.forms import AnnotationCreateForm, AnnotationFieldsForm
from annotations.models import CONTEXT_CHARS, Annotation
from annotations.panel import panel_context
from articles.models import Article, Paragraph

UNDO_SALT = "annotations.undo"
UNDO_MAX_AGE = 60  # seconds; the page offers Undo for a few of them
FIELDS = ("tag", "note", "speaker", "verdict")


def _error(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    response = render(request, "annotations/_error.html", {"message": message}, status=status)
    return response


def _first_error(form: Any) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return "Invalid request."


def _get_annotation(request: HttpRequest, pk: int, perm: str) -> Annotation:
    """The annotation if ``request.user`` may change/delete it; 404 or PermissionDenied."""
    annotation = get_object_or_404(
        Annotation.objects.select_related("paragraph__article", "author"), pk=pk
    )
    if not annotation.allows(request.user, perm):
        raise PermissionDenied("Only the author or a desk admin may change this annotation.")
    return annotation


def _changed(
    request: HttpRequest,
    paragraph: Paragraph,
    announce: str,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The re-drawn paragraph, panel and live announcement, all swapped out of band."""
    spans = list(paragraph.annotations.only("id", "paragraph_id", "start", "end", "tag"))
    context = {
        "paragraph": paragraph,
        "spans": spans,
        "announce": announce,
        **panel_context(request, paragraph.article),
        **(extra or {}),
    }
    return render(request, "annotations/_changed.html", context, status=status)


@require_POST
def annotation_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("annotations.add_annotation"):
        return _error(request, "You can read annotations but not add them.", status=403)
    form = AnnotationCreateForm(request.POST)
    if not form.is_valid():
        return _error(request, _first_error(form))
    data = form.cleaned_data
    paragraph = Paragraph.objects.select_related("article").filter(pk=data["paragraph"]).first()
    if paragraph is None:
        return _error(request, "That paragraph does not exist (any more?). Reload the page.", 404)
    if paragraph.article_id != data["article"]:
        return _error(request, "That paragraph belongs to another article.")
    start, end, text = data["start"], data["end"], data["text"]
    if end > len(paragraph.text):
        return _error(request, "Bad offsets: the selection runs past the paragraph.")
    if paragraph.text[start:end] != text:
        return _error(
            request,
            "The selected text does not match the article at those offsets. "
            "Reload the page and select again.",
            status=409,
        )
    values = {field: data[field] for field in FIELDS}
    try:
        with transaction.atomic():
            annotation = Annotation.objects.create(
                paragraph=paragraph,
                start=start,
                end=end,
                text=text,
                prefix=paragraph.text[max(0, start - CONTEXT_CHARS) : start],
                suffix=paragraph.text[end : end + CONTEXT_CHARS],
                author=request.user,
                **values,
            )
        announce = f"{annotation.get_tag_display()} added"
    except IntegrityError:
        # The same editor already tagged this exact span with this tag (a double click,
        # a retried request): keep the one we have.
        annotation = Annotation.objects.get(
            paragraph=paragraph, start=start, end=end, tag=data["tag"], author=request.user
        )
        announce = f"{annotation.get_tag_display()} already there"
    return _changed(request, paragraph, announce, {"created": annotation}, status=201)


@require_GET
def annotation_panel(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article, slug=slug)
    return render(request, "articles/detail.html#panel", panel_context(request, article))


@require_GET
def annotation_entry(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = get_object_or_404(Annotation.objects.select_related("author", "paragraph"), pk=pk)
    annotation.can_edit = annotation.allows(request.user, "change")  # type: ignore[attr-defined]
    annotation.can_delete = annotation.allows(request.user, "delete")  # type: ignore[attr-defined]
    return render(request, "annotations/_entry.html", {"a": annotation})


@require_http_methods(["GET", "POST"])
def annotation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = _get_annotation(request, pk, "change")
    if request.method == "GET":
        form = AnnotationFieldsForm(initial={f: getattr(annotation, f) for f in FIELDS})
        return render(request, "annotations/_edit.html", {"a": annotation, "form": form})
    form = AnnotationFieldsForm(request.POST)
    if not form.is_valid():
        return _error(request, _first_error(form))
    for field in FIELDS:
        setattr(annotation, field, form.cleaned_data[field])
    annotation.save(update_fields=[*FIELDS, "updated"])
    return _changed(
        request,
        annotation.paragraph,
        f"{annotation.get_tag_display()} saved",
        {"focus": annotation.pk},
    )


@require_POST
def annotation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = _get_annotation(request, pk, "delete")
    token = signing.dumps(
        {
            "id": annotation.pk,
            "paragraph": annotation.paragraph_id,
            "start": annotation.start,
            "end": annotation.end,
            "text": annotation.text,
            "prefix": annotation.prefix,
            "suffix": annotation.suffix,
            "author": annotation.author_id,
            "created": annotation.created.isoformat(),
            "by": request.user.pk,
            **{f: getattr(annotation, f) for f in FIELDS},
        },
        salt=UNDO_SALT,
    )
    paragraph = annotation.paragraph
    label = annotation.get_tag_display()
    annotation.delete()
    return _changed(request, paragraph, f"{label} deleted", {"undo_token": token})


@require_POST
def annotation_restore(request: HttpRequest) -> HttpResponse:
    try:
        data = signing.loads(request.POST.get("token", ""), salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
    except signing.SignatureExpired:
        return _error(request, "Too late to undo: restore it from the history.", status=410)
    except signing.BadSignature:
        return _error(request, "That undo link is not valid.")
    if data["by"] != request.user.pk:
        return _error(request, "Only the person who deleted it can undo.", status=403)
    paragraph = Paragraph.objects.select_related("article").filter(pk=data["paragraph"]).first()
    if paragraph is None or paragraph.text[data["start"] : data["end"]] != data["text"]:
        return _error(request, "The paragraph has changed; the annotation cannot be put back.", 409)
    try:
        with transaction.atomic():
            annotation, _ = Annotation.objects.get_or_create(
                pk=data["id"],
                defaults={
                    "paragraph": paragraph,
                    "author_id": data["author"],
                    **{k: data[k] for k in ("start", "end", "text", "prefix", "suffix", *FIELDS)},
                },
            )
            created = parse_datetime(data["created"])
            if created is not None:
                # auto_now_add ignores a given value; keep the original creation time.
                Annotation.objects.filter(pk=annotation.pk).update(created=created)
    except IntegrityError:
        return _error(request, "It was already put back.", status=409)
    return _changed(request, paragraph, f"{annotation.get_tag_display()} restored")
