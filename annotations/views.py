from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import history
from annotations.anchoring import context_of
from annotations.forms import AnnotationCreateForm, AnnotationFieldsForm
from annotations.models import Annotation
from annotations.panel import panel_context, with_permissions
from articles.models import Article, Paragraph

UNDO_SALT = "annotations.undo"
UNDO_MAX_AGE = 60  # seconds; the page offers Undo for a few of them
FIELDS = ("tag", "note", "speaker", "verdict")
SPAN_FIELDS = ("id", "paragraph_id", "start", "end", "tag")
MISSING_PARAGRAPH = "That paragraph does not exist (any more?). Reload the page."


def _error(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    return render(request, "annotations/_error.html", {"message": message}, status=status)


def _first_error(form: Any) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return "Invalid request."


def _get_annotation(request: HttpRequest, pk: int, perm: str) -> Annotation:
    """The annotation if ``request.user`` may change/delete it; 404 or PermissionDenied."""
    annotation = get_object_or_404(Annotation.objects.select_related("article", "author"), pk=pk)
    if not annotation.allows(request.user, perm):
        raise PermissionDenied("Only the author or a desk admin may change this annotation.")
    return annotation


def _selection_error(
    request: HttpRequest, paragraph: Paragraph, data: dict[str, Any]
) -> HttpResponse | None:
    """The refusal for a selection that is not the paragraph's text at its offsets."""
    if data["end"] > len(paragraph.text):
        return _error(request, "Bad offsets: the selection runs past the paragraph.")
    if paragraph.text[data["start"] : data["end"]] != data["text"]:
        return _error(
            request,
            "The selected text does not match the article at those offsets. "
            "Reload the page and select again.",
            status=409,
        )
    return None


def _changed(
    request: HttpRequest,
    article: Article,
    paragraph_ids: list[int | None],
    announce: str,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The re-drawn paragraphs, panel and live announcement, all swapped out of band."""
    paragraphs = Paragraph.objects.filter(pk__in=[p for p in paragraph_ids if p]).prefetch_related(
        Prefetch("annotations", queryset=Annotation.objects.only(*SPAN_FIELDS))
    )
    context = {
        "paragraphs": paragraphs,
        "announce": announce,
        **panel_context(request, article),
        **(extra or {}),
    }
    return render(request, "annotations/_changed.html", context, status=status)


@require_POST
def annotation_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User) or not user.has_perm("annotations.add_annotation"):
        return _error(request, "You can read annotations but not add them.", status=403)
    form = AnnotationCreateForm(request.POST)
    if not form.is_valid():
        return _error(request, _first_error(form))
    data = form.cleaned_data
    start, end, text = data["start"], data["end"], data["text"]
    values = {field: data[field] for field in FIELDS}
    with transaction.atomic():
        # The row lock orders concurrent creates on this paragraph (both persist) and
        # makes the double-click check below reliable.
        paragraph = (
            Paragraph.objects.select_for_update(of=("self",))
            .select_related("article")
            .filter(pk=data["paragraph"])
            .first()
        )
        if paragraph is None:
            return _error(request, MISSING_PARAGRAPH, 404)
        if paragraph.article_id != data["article"]:
            return _error(request, "That paragraph belongs to another article.")
        if (refusal := _selection_error(request, paragraph, data)) is not None:
            return refusal
        annotation = (
            Annotation.objects.filter(
                paragraph=paragraph, start=start, end=end, tag=data["tag"], author=user
            )
            .exclude(status=Annotation.Status.ORPHANED)
            .first()
        )
        if annotation is not None:
            # A double click or a retried request: keep the one we have.
            announce = f"{annotation.get_tag_display()} already there"
        else:
            prefix, suffix = context_of(paragraph.text, start, end)
            annotation = Annotation.objects.create(
                article_id=paragraph.article_id,
                paragraph=paragraph,
                start=start,
                end=end,
                text=text,
                prefix=prefix,
                suffix=suffix,
                author=user,
                **values,
            )
            announce = f"{annotation.get_tag_display()} added"
    return _changed(
        request, paragraph.article, [paragraph.pk], announce, {"created": annotation}, status=201
    )


@require_GET
def annotation_panel(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article, slug=slug)
    context = panel_context(request, article)
    response = render(request, "articles/detail.html#panel", context)
    # The filter goes into the reading page's address: shareable, kept on reload, and
    # read back when a later POST re-draws the panel.
    query = urlencode(
        {k: context[f"filter_{k}"] for k in ("tag", "author") if context[f"filter_{k}"]}
    )
    response["HX-Replace-Url"] = article.get_absolute_url() + (f"?{query}" if query else "")
    return response


@require_GET
def annotation_entry(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = get_object_or_404(Annotation.objects.select_related("author", "paragraph"), pk=pk)
    with_permissions([annotation], request.user)
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
    with transaction.atomic():
        current = (
            Annotation.objects.select_for_update()
            .filter(pk=pk)
            .order_by()
            .values("version")
            .first()
        )
        seen = form.cleaned_data.get("version")
        if current is None or (seen is not None and seen != current["version"]):
            return _error(
                request,
                "Someone else changed this annotation (or the article was edited) since you "
                "opened it. Nothing was saved: reload to see the current version.",
                status=409,
            )
        for field in FIELDS:
            setattr(annotation, field, form.cleaned_data[field])
        annotation.version = F("version") + 1  # type: ignore[assignment]
        annotation.save(update_fields=[*FIELDS, "version", "updated"])
    annotation.refresh_from_db()
    return _changed(
        request,
        annotation.article,
        [annotation.paragraph_id],
        f"{annotation.get_tag_display()} saved",
    )


@require_POST
def annotation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = _get_annotation(request, pk, "delete")
    # Undo restores from the history, which keeps the deleted row; the token only says
    # which annotation and who may undo.
    token = signing.dumps({"id": annotation.pk, "by": request.user.pk}, salt=UNDO_SALT)
    paragraph_id = annotation.paragraph_id
    label = annotation.get_tag_display()
    annotation.delete()
    return _changed(
        request, annotation.article, [paragraph_id], f"{label} deleted", {"undo_token": token}
    )


@require_POST
def annotation_restore(request: HttpRequest) -> HttpResponse:
    try:
        data = signing.loads(request.POST.get("token", ""), salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
    except signing.SignatureExpired:
        return _error(request, "Too late to undo here: an admin can restore it from history.", 410)
    except signing.BadSignature:
        return _error(request, "That undo link is not valid.")
    if data.get("by") != request.user.pk:
        return _error(request, "Only the person who deleted it can undo.", status=403)
    try:
        annotation = history.restore(data["id"])
    except history.RestoreError as exc:
        return _error(request, str(exc), status=409)
    return _changed(
        request,
        annotation.article,
        [annotation.paragraph_id],
        f"{annotation.get_tag_display()} restored",
    )
