"""Pasting a web page's address on the list page: editors import the article it holds in
the background (:func:`import_from_url` starts an import job, :func:`import_status`
answers how it went). Readers get 403, anonymous users the login page (302; 401 for
htmx), a wrong method 405; another user's job is a 404 (superusers see every job)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from articles.views import list_context
from sources.forms import ImportUrlForm
from sources.jobs import get_import_job, start_url_import
from sources.models import ImportJob, ImportJobFile

NOT_EDITOR = "Only editors import articles from the web."


def can_import(request: HttpRequest) -> bool:
    """Editors (those who annotate) import from the web; readers do not."""
    return request.user.has_perm("annotations.add_annotation")


def _not_editor() -> HttpResponse:
    return HttpResponse(NOT_EDITOR, status=403, content_type="text/plain; charset=utf-8")


@login_required
@require_POST
def import_from_url(request: HttpRequest) -> HttpResponse:
    """Start a background job fetching the page at ``url`` and importing its article
    (:func:`sources.jobs.start_url_import`); the web worker does not wait on the network.

    htmx: the form again, empty (``articles/list.html#import_url``), with the job's status
    (``#import_status``), which polls :func:`import_status` until the job is done. A bad
    address is refused at once beside the field (400). Without htmx: a redirect to the
    status page, or the list page with the form's error (400).
    """
    if not can_import(request):
        return _not_editor()
    form = ImportUrlForm(request.POST)
    job: ImportJob | None = None
    if form.is_valid():
        job = start_url_import(request.user, form.cleaned_data["url"])
    if job is not None and not getattr(request, "htmx", None):
        return HttpResponseRedirect(reverse("import_status", args=[job.pk]))
    context = {"import_form": ImportUrlForm() if job else form, **status_context(job)}
    status = 200 if job is not None else 400
    if getattr(request, "htmx", None):
        return render(request, "articles/list.html#import_url", context, status=status)
    page, _ = list_context(request)
    return render(request, "articles/list.html", {**page, **context}, status=status)


@login_required
@require_GET
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """How the editor's URL import ``pk`` is going: importing, imported or already
    imported (a link to the article), or refused (the reason in one line). htmx gets a
    204 while the job runs (nothing to swap: the poll goes on), then
    ``articles/list.html#import_status_text`` (without the trigger: the poll stops); a
    browser without it the status page, or a redirect to the article once imported."""
    if not can_import(request):
        return _not_editor()
    job = get_import_job(request, pk)
    if job.kind != ImportJob.Kind.URL:
        raise Http404("No such import.")
    if getattr(request, "htmx", None):
        if not job.is_over:
            return HttpResponse(status=204)  # nothing new: no swap, the polling goes on
        return render(request, "articles/list.html#import_status_text", status_context(job))
    row = job_row(job)
    if job.is_done and row is not None and row.article is not None:
        level = messages.SUCCESS if row.state == ImportJobFile.State.IMPORTED else messages.INFO
        said = f"{row.state}: {row.message}"
        if row.state == ImportJobFile.State.SKIPPED:
            # "replace to update it" is for the command line and the admin: not here.
            said = f"Already imported: this page is “{row.article.title}”."
        messages.add_message(request, level, said)
        return HttpResponseRedirect(row.article.get_absolute_url())
    return render(request, "articles/import_status.html", {"import_job": job, "import_row": row})


def job_row(job: ImportJob) -> ImportJobFile | None:
    """A URL job's one row (the page's outcome), its article loaded: one query."""
    return job.files.select_related("article").order_by("position", "part").first()


def status_context(job: ImportJob | None) -> dict[str, object]:
    """What ``#import_status`` shows: the job and its row."""
    return {"import_job": job, "import_row": job_row(job) if job is not None else None}
