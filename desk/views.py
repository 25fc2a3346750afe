"""The desk's pages: the start page after login, "Assigned to me", an article's status
change and its record, and bulk assignment from the list page. Writes go through
:mod:`desk.workflow`. A write answers with the part of the page that changed; a form
posted without scripts is sent back to the page it came from, filters kept, with the
sentence saying what changed (:func:`newsroom.fragments.fragment`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from articles.models import Article
from articles.views import article_list
from desk import workflow
from desk.history import article_history
from desk.models import Status, Workflow
from desk.status import joined, status_context
from newsroom.fragments import fragment, notice, refusal
from newsroom.inputs import whole_number

HISTORY_SHOWN = 50


def _refused(request: HttpRequest, exc: workflow.Refused) -> HttpResponse:
    if exc.forbidden:
        return refusal(request, exc.message, 403)
    message = exc.message
    if exc.field and not message.lower().startswith(exc.field):
        message = f"{exc.field}: {message}"
    return refusal(request, message, 400)


@require_GET
def start_page(request: HttpRequest) -> HttpResponseRedirect:
    """Where a login lands: an editor's own assigned articles; the desk, reviewers and
    readers (who are assigned nothing) the whole list."""
    user = request.user
    if user.has_perm("annotations.add_annotation") and not user.has_perm("desk.move_any_article"):
        return redirect("assigned_to_me")
    return redirect("article_list")


@require_GET
def assigned_to_me(request: HttpRequest) -> HttpResponse:
    """The list page showing only the viewer's assigned articles (same filters)."""
    return article_list(request, mine=True)


@fragment()
@require_POST
def article_status(request: HttpRequest, slug: str) -> HttpResponse:
    """Move the article to the POSTed ``status`` (an assigned editor's move to ready for
    review hands in their work), or, with ``hand_in=back``, take the editor's hand-in
    back. Answers with the status box and a sentence saying what happened (the message
    after a form posted without scripts). Under htmx the page then reloads, the sentence
    shown on it: the status decides what the whole page offers the viewer (blind mode,
    the review buttons and keys, whether their work is open to them)."""
    article = get_object_or_404(Article.objects.select_related("workflow"), slug=slug)
    to = request.POST.get("status", "")
    try:
        if "hand_in" in request.POST:
            if request.POST["hand_in"] != "back":
                raise workflow.Refused("hand_in: back, or nothing.", "hand_in")
            workflow.take_back(request.user, article.pk)  # type: ignore[arg-type]
            sentence = "Your hand-in is taken back: the work is open to you again."
        else:
            moved = workflow.move(request.user, article.pk, to)  # type: ignore[arg-type]
            sentence = _moved_sentence(moved, request.user)
    except workflow.Refused as exc:
        # The refusal goes beside the buttons, not over the status box they target.
        return reswap(retarget(_refused(request, exc), "#status-message"), "innerHTML")
    answer = _status_answer(request, article, sentence)
    if getattr(request, "htmx", False):
        messages.success(request, sentence)
        answer["HX-Refresh"] = "true"
    return answer


def _moved_sentence(moved: workflow.Moved, user: Any) -> str:
    """What a move did, in a sentence: a status change, or an editor's hand-in."""
    if moved.waiting_for:
        return (
            "Your work is handed in. The article goes to review when "
            f"{joined(moved.waiting_for)} {'hands' if len(moved.waiting_for) == 1 else 'hand'}"
            " in theirs."
        )
    assert moved.change is not None  # a hand-in leaves the status only while others work
    if moved.change.to_status == Status.READY and not user.has_perm("desk.move_any_article"):
        return "Your work is handed in, the last: the article is ready for review."
    return f"Moved to {Status(moved.change.to_status).label.lower()}."


@fragment()
@require_POST
def article_blind(request: HttpRequest, slug: str) -> HttpResponse:
    """Turn the article's blind mode on (``blind=on``) or off (``blind=off``): the desk
    and superusers only (403 for anyone else, before saying whether the article exists).
    Answers with the status box and the sentence "Blind mode on."; recorded in the
    article's history (who, when)."""
    if not request.user.has_perm("desk.change_workflow"):
        return refusal(request, "Only the desk turns blind mode on or off.", 403)
    article = get_object_or_404(Article.objects.only("pk", "slug"), slug=slug)
    value = request.POST.get("blind", "")
    try:
        if value not in ("on", "off"):
            raise workflow.Refused("blind: on or off.", "blind")
        if not workflow.set_blind(request.user, [article.pk], value == "on"):
            raise workflow.Refused(f"blind: blind mode is already {value}.", "blind")
    except workflow.Refused as exc:
        return reswap(retarget(_refused(request, exc), "#status-message"), "innerHTML")
    return _status_answer(request, article, f"Blind mode {value}.")


def _status_answer(request: HttpRequest, article: Article, sentence: str) -> HttpResponse:
    """After a change: the status box drawn again, ``sentence`` saying what changed."""
    article = Article.objects.select_related("workflow").get(pk=article.pk)
    context = {"article": article, "sentence": sentence, **status_context(request, article)}
    return notice(render(request, "desk/_status.html", context), sentence)


@require_GET
def status_history(request: HttpRequest, slug: str) -> HttpResponse:
    """The article's desk history, newest first (at most HISTORY_SHOWN): status changes,
    editors assigned and unassigned, work handed in and reopened, blind mode on and off,
    each with who and when. htmx gets the list; a browser without scripts, following the
    status box's link, a page of its own."""
    article = get_object_or_404(Article.objects.only("pk", "slug", "title"), slug=slug)
    entries = article_history(article.pk, HISTORY_SHOWN)
    context = {"entries": entries, "article": article}
    if getattr(request, "htmx", False):
        return render(request, "desk/_status_history.html", context)
    return render(request, "desk/history_page.html", context)


@fragment()
@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    """Assign (``action=assign``) or unassign the chosen ``editor`` (a username) on the
    ticked ``article`` ids. Answers with the changed rows' assignee lines (out of band)
    and a sentence saying what changed (also the message after a form posted without
    scripts)."""
    article_ids = _ticked(request, "desk.assign_editors", "Only the desk assigns editors.")
    if isinstance(article_ids, HttpResponse):
        return article_ids
    username = request.POST.get("editor", "")
    action = request.POST.get("action", "assign")
    if action not in ("assign", "unassign"):
        return refusal(request, "action: assign or unassign.", 400)
    users = get_user_model()._default_manager
    editor = users.filter(**{get_user_model().USERNAME_FIELD: username}).first()
    if editor is None:
        return refusal(request, "editor: choose an editor.", 400)
    if len(set(article_ids)) != Article.objects.filter(pk__in=article_ids).count():
        return refusal(request, "article: no such article.", 400)
    try:
        done = workflow.assign(request.user, article_ids, [editor], unassign=action == "unassign")
    except workflow.Refused as exc:
        return _refused(request, exc)
    changed = sorted({a for a, _ in done.added + done.removed})
    rows = Article.objects.filter(pk__in=changed).prefetch_related("assignments__editor")
    n = len(changed)
    verb = "assigned to" if action == "assign" else "unassigned from"
    message = (
        f"{editor.get_username()} {verb} {n} article{'s' if n != 1 else ''}."
        if n
        else "Nothing changed."
    )
    to_review = list(Workflow.objects.filter(article_id__in=done.to_review).order_by("pk"))
    if to_review:
        k = len(to_review)
        message += (
            f" {k} article{'s' if k != 1 else ''} went to review: every editor left had handed in."
        )
    context = {"rows": rows, "message": message, "to_review": to_review}
    return notice(render(request, "desk/_assigned.html", context), message)


def _ticked(request: HttpRequest, perm: str, denied: str) -> list[int] | HttpResponse:
    """The ticked ``article`` ids of the list page's form, or the answer to give instead:
    403 with ``denied`` without ``perm``, 400 for ids that are not numbers."""
    if not request.user.has_perm(perm):
        return refusal(request, denied, 403)
    ids = [whole_number(value) for value in request.POST.getlist("article")]
    if any(i is None for i in ids):
        return refusal(request, "article: give article ids (digits 0-9).", 400)
    return [int(i) for i in ids if i is not None]


@fragment()
@require_POST
def bulk_blind(request: HttpRequest) -> HttpResponse:
    """Turn blind mode on (``blind=on``) or off for the ticked ``article`` ids, from the
    list page: the desk and superusers only. Answers with the changed rows' blind marks
    (out of band) and a sentence saying what changed (also the message after a form
    posted without scripts). Each change is in the article's history (who, when)."""
    article_ids = _ticked(
        request, "desk.change_workflow", "Only the desk turns blind mode on or off."
    )
    if isinstance(article_ids, HttpResponse):
        return article_ids
    value = request.POST.get("blind", "")
    if value not in ("on", "off"):
        return refusal(request, "blind: on or off.", 400)
    try:
        changed = workflow.set_blind(request.user, article_ids, value == "on")
    except workflow.Refused as exc:
        return _refused(request, exc)
    n = len(changed)
    message = f"Blind mode {value} for {n} article{'s' if n != 1 else ''}." if n else ""
    message = message or "Nothing changed."
    marks = Workflow.objects.filter(article_id__in=changed).order_by("pk")
    context = {"changed": marks, "message": message}
    return notice(render(request, "desk/_blind_marks.html", context), message)
