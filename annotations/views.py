from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import lifecycle
from annotations.changes import changed_response
from annotations.forms import (
    FIELDS,
    VERDICT_CHOICES,
    AnnotationCreateForm,
    AnnotationFieldsForm,
    VersionForm,
)
from annotations.models import Annotation
from annotations.panel import (
    entries_from,
    entries_page,
    panel_context,
    panel_summary,
    with_permissions,
)
from articles.models import Article
from articles.reading_order import Place
from desk.visibility import can_review, only_author_of
from newsroom.fragments import article_entry, fragment, refusal
from newsroom.inputs import whole_number

UNDO_SALT = "annotations.undo"
UNDO_MAX_AGE = 60  # seconds; the page offers Undo for a few of them


def _first_error(form: Any) -> str:
    for name, errors in form.errors.items():
        message = str(errors[0])
        # Name the field, unless the message does already or belongs to no one field.
        if name == "__all__" or message.lower().startswith(name):
            return message
        return f"{name}: {message}"
    return "Invalid request."


def refused(request: HttpRequest, exc: lifecycle.ChangeRefused) -> HttpResponse:
    """The page's answer to a change the owner refused: 404, 403, 409 or 400."""
    status = 400
    if isinstance(exc, lifecycle.NotFound):
        status = 404
    elif isinstance(exc, lifecycle.NotAllowed):
        status = 403
    elif isinstance(exc, lifecycle.StaleChange):
        status = 409
    message = exc.message
    # A broken rule names its field, as a form's error does (see _first_error).
    if status == 400 and exc.field and not message.lower().startswith(exc.field):
        message = f"{exc.field}: {message}"
    return refusal(request, message, status=status)


def visible_annotation(
    request: HttpRequest, annotations: QuerySet[Annotation], pk: int
) -> Annotation:
    """The annotation ``pk`` of ``annotations`` if the viewer may see it; 404 when there
    is none or blind mode hides it (desk.visibility: as if it were not there)."""
    annotation = get_object_or_404(annotations.select_related("article__workflow"), pk=pk)
    only_author = only_author_of(request.user, annotation.article)
    if only_author is not None and annotation.author_id != only_author:
        raise Http404("No such annotation.")
    return annotation


def _get_annotation(request: HttpRequest, pk: int, perm: str) -> Annotation:
    """The annotation if ``request.user`` may ``perm`` it; 404 (none, or blind mode hides
    it) or PermissionDenied with the owner's own message."""
    annotation = visible_annotation(request, Annotation.objects.select_related("author"), pk)
    refused_because = lifecycle.refusal(request.user, annotation, perm)
    if refused_because is not None:
        raise PermissionDenied(refused_because)
    return annotation


def _fields(data: dict[str, Any]) -> lifecycle.Fields:
    return lifecycle.Fields(
        tag=data["tag"], note=data["note"], speaker=data["speaker"], verdict=data["verdict"]
    )


def _selection(data: dict[str, Any]) -> lifecycle.Selection:
    return lifecycle.Selection(data["paragraph"], data["start"], data["end"], data["text"])


@fragment()
@require_POST
def annotation_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("annotations.add_annotation"):
        return refusal(request, "You can read annotations but not add them.", status=403)
    form = AnnotationCreateForm(request.POST)
    if not form.is_valid():
        return refusal(request, _first_error(form))
    data = form.cleaned_data
    try:
        outcome = lifecycle.create(
            request.user, _selection(data), _fields(data), article_id=data["article"]
        )
    except lifecycle.ChangeRefused as exc:
        return refused(request, exc)
    annotation = outcome.annotation
    # A double click, a retried request or another tab: the one we have is kept.
    verb = "added" if outcome.created else "already there"
    return changed_response(
        request,
        annotation,
        f"{annotation.get_tag_display()} {verb}",
        action="created",
        before=None if outcome.created else annotation,
        status=201,
    )


@fragment()
@require_GET
def annotation_panel(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("workflow"), slug=slug)
    context = panel_context(request, article)
    response = render(request, "articles/detail.html#panel", context)
    # The filter goes into the reading page's address: shareable, kept on reload, and
    # read back when a later POST re-draws the panel.
    query = urlencode(
        {k: context[f"filter_{k}"] for k in ("tag", "author") if context[f"filter_{k}"]}
    )
    response["HX-Replace-Url"] = article.get_absolute_url() + (f"?{query}" if query else "")
    return response


@fragment()
@require_GET
def annotation_panel_more(request: HttpRequest, slug: str) -> HttpResponse:
    """The next page of the panel's entries, after the place ``?after=`` gives (the last
    entry shown: ``position.start.end.id``, see :class:`~articles.reading_order.Place`), which
    holds even when that entry was deleted or moved since; with ``?before=``, inside a gap
    of entries not loaded (up to that place). With ``?at=ID`` (a highlight whose entry is
    not loaded), the page starting at annotation ID, the entries before it left as a gap:
    404 when the filter (or blind mode) does not show it."""
    article = get_object_or_404(Article.objects.select_related("workflow"), slug=slug)
    after = Place.parse(request.GET.get("after", ""))
    if after is None:
        return refusal(
            request,
            "after: give the place of the last entry shown "
            "(paragraph position, start, end and id, digits 0-9 joined by dots).",
        )
    before = None
    if "before" in request.GET:
        before = Place.parse(request.GET["before"])
        if before is None:
            return refusal(request, "before: give the place of the entry after the gap.")
    summary = panel_summary(request, article)
    context: dict[str, Any] = {"article": article}
    if "at" in request.GET:
        pk = whole_number(request.GET["at"])
        if pk is None:
            return refusal(request, "at: give the number of an annotation.")
        # One hidden by blind mode is missing, as one that does not exist: its 404 must not
        # tell the editor that another's annotation is there.
        hidden = {} if summary.only_author is None else {"author_id": summary.only_author}
        at = get_object_or_404(
            Annotation.objects.select_related("author", "paragraph"),
            pk=pk,
            article=article,
            paragraph__isnull=False,
            **hidden,
        )
        if not summary.shows(at):
            return refusal(
                request, "Its entry is not in the panel's list: change the filter.", status=404
            )
        context.update(entries_from(request, article, summary, at, after, before))
    else:
        context.update(entries_page(request, article, summary, after, before))
    return render(request, "articles/detail.html#entries_page", context)


# The address of an annotation's entry on its article's page.
entry_page = article_entry(Annotation, "entry")


@fragment(entry_page)
@require_GET
def annotation_entry(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = visible_annotation(
        request,
        Annotation.objects.select_related("author", "paragraph", "reviewer")
        .with_final()
        .with_work_state(),
        pk,
    )
    with_permissions([annotation], request.user)
    context = {"a": annotation, "can_review": can_review(request.user, annotation.article)}
    return render(request, "annotations/_entry.html", context)


@fragment(entry_page)
@require_http_methods(["GET", "POST"])
def annotation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = _get_annotation(request, pk, "change")
    if request.method == "GET":
        form = AnnotationFieldsForm(initial={f: getattr(annotation, f) for f in FIELDS})
        context = {"a": annotation, "form": form, "verdict_choices": VERDICT_CHOICES}
        return render(request, "annotations/_edit.html", context)
    form = AnnotationFieldsForm(request.POST)
    if not form.is_valid():
        return refusal(request, _first_error(form))
    before = annotation
    try:
        annotation = lifecycle.edit(
            request.user,
            pk,
            version=form.cleaned_data["version"],
            fields=_fields(form.cleaned_data),
        )
    except lifecycle.StaleChange as exc:
        return _conflict(request, pk, exc, form.cleaned_data)
    except lifecycle.ChangeRefused as exc:
        return refused(request, exc)
    return changed_response(
        request,
        annotation,
        f"{annotation.get_tag_display()} saved",
        action="saved",
        before=before,
    )


def _conflict(
    request: HttpRequest, pk: int, exc: lifecycle.StaleChange, yours: dict[str, Any]
) -> HttpResponse:
    """A 409 for a stale edit, showing both versions: keep theirs, or save yours over it."""
    theirs = Annotation.objects.filter(pk=pk).first()
    if theirs is None:
        return refused(request, exc)
    rows = [
        (
            label,
            display(getattr(theirs, name)),
            display(yours.get(name) or ""),
            (getattr(theirs, name) or "") != (yours.get(name) or ""),
        )
        for name, label, display in (
            ("tag", "Tag", lambda v: Annotation.Tag(v).label if v else "—"),
            ("speaker", "Speaker", lambda v: v or "—"),
            ("verdict", "Verdict", lambda v: Annotation.Verdict(v).label if v else "—"),
            ("note", "Note", lambda v: v or "—"),
        )
    ]
    context = {"message": exc.message, "conflict": True, "theirs": theirs, "yours": yours}
    return render(request, "annotations/_error.html", {**context, "rows": rows}, status=409)


@fragment()
@require_POST
def annotation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    form = VersionForm(request.POST)
    if not form.is_valid():
        return refusal(request, _first_error(form))
    try:
        deleted = lifecycle.delete(request.user, pk, version=form.cleaned_data["version"])
    except lifecycle.ChangeRefused as exc:
        return refused(request, exc)
    annotation = deleted.annotation
    # Undo restores from the history, which keeps the deleted row. The token names the
    # deletion it undoes; whether the user may restore is checked again at restore time.
    token = signing.dumps(
        {"id": annotation.pk, "event": deleted.event_id, "by": request.user.pk}, salt=UNDO_SALT
    )
    return changed_response(
        request,
        annotation,
        f"{annotation.get_tag_display()} deleted",
        action="deleted",
        exists=False,
        orphans_changed=annotation.orphaned,
        extra={"undo_token": token},
    )


def read_undo_token(
    request: HttpRequest, salt: str, keys: tuple[str, ...], *, too_late: str, not_yours: str
) -> dict[str, int] | HttpResponse:
    """The fields of the POSTed ``token`` an Undo button sends (signed with ``salt``,
    at most UNDO_MAX_AGE seconds old, each of ``keys`` and ``by`` an int, ``by`` the
    requesting user), or the answer to give instead: 410 ``too_late``, 400 naming
    ``token``, or 403 ``not_yours``."""
    try:
        data = signing.loads(request.POST.get("token", ""), salt=salt, max_age=UNDO_MAX_AGE)
    except signing.SignatureExpired:
        return refusal(request, too_late, 410)
    except signing.BadSignature:
        return refusal(request, "token: that undo link is not valid.")
    # Signed by us, but checked all the same: a token signed with a leaked key must get a
    # 400, not a 500, and must name what it undoes.
    if not (isinstance(data, dict) and all(type(data.get(k)) is int for k in (*keys, "by"))):
        return refusal(request, "token: that undo link is not valid.")
    if data["by"] != request.user.pk:
        return refusal(request, not_yours, status=403)
    return data


@fragment()
@require_POST
def annotation_restore(request: HttpRequest) -> HttpResponse:
    data = read_undo_token(
        request,
        UNDO_SALT,
        ("id", "event"),
        too_late="Too late to undo here: an admin can restore it from history.",
        not_yours="Only the person who deleted it can undo.",
    )
    if isinstance(data, HttpResponse):
        return data
    try:
        outcome = lifecycle.restore(request.user, data["id"], event_id=data["event"])
    except lifecycle.ChangeRefused as exc:
        return refused(request, exc)
    annotation = outcome.annotation
    verb = "restored" if outcome.created else "already there: nothing was restored"
    return changed_response(
        request,
        annotation,
        f"{annotation.get_tag_display()} {verb}",
        action="restored",
        orphans_changed=annotation.orphaned,
        before=None if outcome.created else annotation,
    )


@fragment()
@require_POST
def annotation_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve (``review=approved``) or reject (``review=rejected`` with a ``comment``)
    the annotation, made against ``version``; answers with what changed (out of band)."""
    form = VersionForm(request.POST)
    if not form.is_valid():
        return refusal(request, _first_error(form))
    decision = request.POST.get("review", "")
    try:
        annotation = lifecycle.review(
            request.user,
            pk,
            version=form.cleaned_data["version"],
            decision=decision,
            comment=request.POST.get("comment", ""),
        )
    except lifecycle.ChangeRefused as exc:
        return refused(request, exc)
    return changed_response(request, annotation, annotation.get_review_display(), action="reviewed")
