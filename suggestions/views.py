"""The reading page's suggestion endpoints: list them (everyone logged in), accept one
(as it is or edited first), reject one, accept every quote with a speaker and undo that
and ask for an article's suggestions with progress (editors only: readers get 403,
anonymous users the login page). Every change goes
through the owner, :mod:`annotations.lifecycle_suggestions`; each write answers with
out-of-band swaps of what changed only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from annotations import lifecycle
from annotations import lifecycle_suggestions as decide
from annotations.article_text import paragraph_oob, paragraphs_oob
from annotations.changes import changed_response
from annotations.models import SPEAKER_MAX_LENGTH, Annotation
from annotations.panel import panel_context
from annotations.views import UNDO_MAX_AGE, _first_error, read_undo_token, refused
from articles.models import Article
from desk.visibility import only_author_of
from newsroom.fragments import article_entry, fragment, refusal
from newsroom.inputs import whole_number
from suggestions.models import Run, Suggestion
from suggestions.panel import (
    SPEAKER_LABELS,
    Gap,
    counts_of,
    gap_between,
    page_of,
    section_context,
)
from suggestions.tasks import compute_requested
from suggestions.visibility import shown

UNDO_SALT = "suggestions.accept-all.undo"
NOT_EDITOR = "You can read suggestions but not accept or reject them."


class AcceptForm(forms.Form):
    """Edit-then-accept: the tag, speaker and words the editor chose (each optional:
    missing, the suggestion's own)."""

    tag = forms.ChoiceField(
        required=False,
        choices=[("", ""), *Annotation.Tag.choices],
        error_messages={"invalid_choice": "Unknown tag: choose claim, quote or context."},
    )
    speaker = forms.CharField(
        required=False,
        max_length=SPEAKER_MAX_LENGTH,
        strip=False,
        error_messages={
            "max_length": f"The speaker is too long: at most {SPEAKER_MAX_LENGTH} characters."
        },
    )
    text = forms.CharField(
        required=False,
        max_length=20_000,
        strip=False,
        error_messages={"max_length": "Too many words: at most 20,000 characters."},
    )
    # A selection in the text (code points of the suggestion's paragraph): both or none.
    start = forms.IntegerField(required=False, min_value=0, max_value=10**7)
    end = forms.IntegerField(required=False, min_value=0, max_value=10**7)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("start") is None) != (data.get("end") is None):
            raise forms.ValidationError("start: give both ends of the selected words, or neither.")
        return data


def _can_decide(request: HttpRequest) -> bool:
    return request.user.has_perm("annotations.add_annotation")


def _suggestion(request: HttpRequest, pk: int) -> Suggestion:
    """The suggestion, if the viewer sees it (blind mode: not one they decided); else 404."""
    s = get_object_or_404(
        Suggestion.objects.select_related("article", "article__workflow", "paragraph"), pk=pk
    )
    only_author = only_author_of(request.user, s.article)
    if not shown(Suggestion.objects.filter(pk=pk), only_author).exists():
        raise Http404("That suggestion is gone.")
    return s


# The address of a suggestion's entry on its article's page.
suggestion_page = article_entry(Suggestion, "suggestion")


def _named(
    request: HttpRequest, article: Article, name: str, only_author: int | None
) -> Suggestion | HttpResponse | None:
    """The suggestion ``?name=`` gives (of this article), None when not given, or the
    answer to give instead (400 naming it, 404)."""
    if name not in request.GET:
        return None
    pk = whole_number(request.GET[name])
    if pk is None:
        return refusal(request, f"{name}: give the number of a suggestion.")
    found = (
        shown(Suggestion.objects.filter(pk=pk, article=article), only_author)
        .select_related("paragraph")
        .first()
    )
    if found is None:
        return refusal(request, f"{name}: that suggestion is gone. Reload the page.", status=404)
    return found


@login_required
@fragment()
@require_GET
def suggestion_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The next page of the article's suggestions, after the one ``?after=`` names; with
    ``?before=``, inside a gap of suggestions not loaded, up to that one; with ``?at=``
    (an outline whose entry is not loaded), the page that starts with it, the ones between
    ``after`` and it left as a gap to load when pressed."""
    article = get_object_or_404(Article.objects.select_related("workflow"), slug=slug)
    only_author = only_author_of(request.user, article)
    found: dict[str, Suggestion | None] = {}
    for name in ("after", "before", "at"):
        value = _named(request, article, name, only_author)
        if isinstance(value, HttpResponse):
            return value
        found[name] = value
    after, before, at = found["after"], found["before"], found["at"]
    rows, more = page_of(article, after, before=before, at=at, only_author=only_author)
    lead_gap = gap_between(article, after, at, only_author) if after and at else None
    tail_gap = (
        Gap(f"suggestions-gap-{rows[-1].pk}-{before.pk}", more, "suggestions")
        if before and more
        else None
    )
    context = {
        "article": article,
        "suggestions": rows,
        "suggestions_more_url": "" if before else more,
        "suggestions_in_gap": before is not None,
        "lead_gap": lead_gap,
        "tail_gap": tail_gap,
        "can_annotate": _can_decide(request),
    }
    return render(request, "suggestions/_section.html#suggestion_page", context)


@login_required
@fragment(suggestion_page)
@require_GET
def suggestion_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """One suggestion's entry (an edit's Cancel)."""
    s = _suggestion(request, pk)
    s.speaker_label = SPEAKER_LABELS[s.tag]  # type: ignore[attr-defined]
    context = {"s": s, "article": s.article, "can_annotate": _can_decide(request)}
    return render(request, "suggestions/_entry.html", context)


@login_required
@fragment(suggestion_page)
@require_GET
def suggestion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The edit-then-accept form: tag, speaker and words."""
    if not _can_decide(request):
        return refusal(request, NOT_EDITOR, status=403)
    s = _suggestion(request, pk)
    context = {"s": s, "tags": Annotation.Tag.choices}
    return render(request, "suggestions/_edit.html", context)


@login_required
@fragment()
@require_POST
def suggestion_accept(request: HttpRequest, pk: int) -> HttpResponse:
    if not _can_decide(request):
        return refusal(request, NOT_EDITOR, status=403)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return refusal(request, _first_error(form))
    data = form.cleaned_data
    try:
        accepted = decide.accept(
            request.user,
            pk,
            tag=data["tag"],
            speaker=data["speaker"] if "speaker" in request.POST else None,
            words=data["text"] if "text" in request.POST else None,
            span=None if data["start"] is None else (data["start"], data["end"]),
        )
    except lifecycle.ChangeRefused as exc:
        return refused(request, exc)
    annotation = accepted.annotation
    verb = "added from a suggestion" if accepted.created else "already there"
    response = changed_response(
        request,
        annotation,
        f"{annotation.get_tag_display()} {verb}",
        action="accepted",
        before=None if accepted.created else annotation,
        status=201,
        extra={
            "suggestion_gone": accepted.suggestion.pk,
            "suggestion_counts": counts_of(
                annotation.article_id, only_author_of(request.user, annotation.article)
            ),
        },
    )
    detail = {"id": accepted.suggestion.pk, "annotation": annotation.pk, "action": "accepted"}
    return trigger_client_event(response, "suggestion-decided", detail, after="settle")


@login_required
@fragment()
@require_POST
def suggestion_reject(request: HttpRequest, pk: int) -> HttpResponse:
    if not _can_decide(request):
        return refusal(request, NOT_EDITOR, status=403)
    try:
        s = decide.reject(request.user, pk)
    except lifecycle.ChangeRefused as exc:
        return refused(request, exc)
    article = get_object_or_404(Article.objects.select_related("workflow"), pk=s.article_id)
    only_author = only_author_of(request.user, article)
    context = {
        "article": article,
        "paragraph_oob": paragraph_oob(s.paragraph_id, article.direction, only_author),
        "suggestion_gone": s.pk,
        "suggestion_counts": counts_of(article.pk, only_author),
        "can_annotate": True,
        "announce": "Suggestion rejected: it will not be suggested again",
    }
    response = render(request, "suggestions/_decided.html", context)
    detail = {"id": s.pk, "annotation": None, "action": "rejected"}
    return trigger_client_event(response, "suggestion-decided", detail, after="settle")


@login_required
@fragment()
@require_POST
def suggestion_accept_all(request: HttpRequest, slug: str) -> HttpResponse:
    """Accept every quote with a speaker of the article; answers with their paragraphs,
    the panel's first page and an Undo."""
    if not _can_decide(request):
        return refusal(request, NOT_EDITOR, status=403)
    article = get_object_or_404(Article, slug=slug)
    try:
        batch = decide.accept_all(request.user, article.pk)
    except lifecycle.ChangeRefused as exc:
        return refused(request, exc)
    n = len(batch.annotations)
    token = signing.dumps(
        {"article": article.pk, "batch": batch.batch, "by": request.user.pk}, salt=UNDO_SALT
    )
    paragraphs = {s.paragraph_id for s in batch.suggestions}
    announce = f"{n} quote{'' if n == 1 else 's'} accepted"
    return _batch_response(request, article, paragraphs, announce, token if n else "")


@login_required
@fragment()
@require_POST
def suggestion_undo(request: HttpRequest) -> HttpResponse:
    """Undo an "accept all" (the token its answer gave), within a minute."""
    if not _can_decide(request):
        return refusal(request, NOT_EDITOR, status=403)
    data = read_undo_token(
        request,
        UNDO_SALT,
        ("article", "batch"),
        too_late="Too late to undo: delete the annotations one by one.",
        not_yours="Only the person who accepted them can undo.",
    )
    if isinstance(data, HttpResponse):
        return data
    article = get_object_or_404(Article, pk=data["article"])
    try:
        undone = decide.undo_accept_all(request.user, article.pk, data["batch"])
    except lifecycle.ChangeRefused as exc:
        return refused(request, exc)
    paragraphs = {a.paragraph_id for a in undone.annotations if a.paragraph_id is not None}
    n = len(undone.annotations)
    announce = f"Undone: {n} quote{'' if n == 1 else 's'} back as suggestions"
    return _batch_response(request, article, paragraphs, announce, "")


@login_required
@fragment()
@require_POST
def suggestion_compute(request: HttpRequest, slug: str) -> HttpResponse:
    """The Suggest button: compute the article's suggestions in the background; answers
    with the section showing the progress (it asks again until they are there)."""
    if not _can_decide(request):
        return refusal(request, "You can read suggestions but not ask for them.", status=403)
    article = get_object_or_404(Article, slug=slug)
    with transaction.atomic():
        Run.objects.update_or_create(
            article=article,
            defaults={
                "state": Run.State.QUEUED,
                "requested": timezone.now(),
                "finished": None,
                "found": None,
                "requested_by_id": request.user.pk,
            },
        )
        transaction.on_commit(lambda: compute_requested.enqueue(article.pk))
    return _section(request, article)


@login_required
@fragment()
@require_GET
def suggestion_progress(request: HttpRequest, slug: str) -> HttpResponse:
    """The suggestions section as it is now: still the progress, or the suggestions."""
    return _section(request, get_object_or_404(Article, slug=slug))


def _section(request: HttpRequest, article: Article) -> HttpResponse:
    """The section; once the suggestions are there, with the paragraphs that have some
    (out of band), so the text outlines them without a reload."""
    context = {
        "article": article,
        "can_annotate": _can_decide(request),
        **section_context(request, article),
    }
    run = context["suggestion_run"]
    if not (run and run.active):
        only_author = only_author_of(request.user, article)
        there = shown(Suggestion.objects.filter(article=article), only_author)
        ids = sorted(set(there.values_list("paragraph_id", flat=True)))
        context["paragraphs_oob"] = paragraphs_oob(ids, article.direction, only_author)
    return render(request, "suggestions/_section_answer.html", context)


def _batch_response(
    request: HttpRequest, article: Article, paragraph_ids: set[int], announce: str, token: str
) -> HttpResponse:
    context = {
        **panel_context(request, article),
        "paragraphs_oob": paragraphs_oob(
            sorted(paragraph_ids), article.direction, only_author_of(request.user, article)
        ),
        "announce": announce,
        "batch_undo_token": token,
        # Offered for as long as the server takes it, less a request's margin.
        "undo_seconds": UNDO_MAX_AGE - 5,
    }
    return render(request, "suggestions/_batch.html", context)
