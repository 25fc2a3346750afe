"""Imports that run in the background (Django's tasks framework, the backend of
``settings.TASKS``): many files uploaded in the admin at once, and a web page pasted on
the list page. The request that starts one answers at once with a page (or an htmx
fragment) that polls the job's progress until it is done; a worker, not the web request,
waits on the files and on the network.

Each file still goes through the one importer, each article in its own transaction
(:func:`sources.importing.import_items`): a job that stops half-way has imported whole
articles only, and what it did is on its rows (:class:`sources.models.ImportJobFile`).
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpRequest
from django.tasks import task
from django.utils import timezone

from articles.parsing import MAX_FILE_BYTES, ArticleImportError, too_large
from sources.importing import ItemOutcome, import_items, import_url
from sources.models import ImportJob, ImportJobFile

logger = logging.getLogger(__name__)

# A user's jobs older than this are deleted when they start another: the pages link to
# the last few, and a stalled job's file bytes do not stay for ever.
KEEP_JOBS = datetime.timedelta(days=30)
UNEXPECTED = "an unexpected error stopped this import (it is logged for the developers)"
UNNAMED = "(unnamed file)"


def start_file_import(
    owner: Any, uploads: Sequence[UploadedFile], *, replace: bool = False
) -> ImportJob:
    """A job importing ``uploads`` (each file's bytes kept on its row until read), queued
    to run once the current transaction commits. A file over the size limit is refused
    at once, unread, with the words the command uses."""
    with transaction.atomic():
        forget_old_jobs(owner)
        job = ImportJob.objects.create(
            kind=ImportJob.Kind.FILES, owner=owner, replace=replace, files_total=len(uploads)
        )
        refused = 0
        # A row saved as each file is read: one file's bytes in memory at a time, not all.
        for position, upload in enumerate(uploads):
            name = (upload.name or UNNAMED)[:2100]
            row = ImportJobFile(job=job, position=position, name=name)
            if upload.size is not None and upload.size > MAX_FILE_BYTES:
                row.state, row.message = ImportJobFile.State.REFUSED, too_large(upload.size)
                refused += 1
            else:
                row.data = upload.read()
            row.save()
            row.data = None
        if refused:
            ImportJob.objects.filter(pk=job.pk).update(files_done=refused)
            job.files_done = refused
        transaction.on_commit(functools.partial(run_import_job.enqueue, job.pk))
    return job


def forget_old_jobs(owner: Any) -> None:
    """Delete ``owner``'s jobs started more than :data:`KEEP_JOBS` ago (their rows with
    them; the articles they imported stay)."""
    ImportJob.objects.filter(owner=owner, created__lt=timezone.now() - KEEP_JOBS).delete()


def start_url_import(owner: Any, url: str, *, replace: bool = False) -> ImportJob:
    """A job fetching the page at ``url`` and importing its article, queued to run once
    the current transaction commits."""
    with transaction.atomic():
        forget_old_jobs(owner)
        job = ImportJob.objects.create(
            kind=ImportJob.Kind.URL, owner=owner, replace=replace, files_total=1
        )
        ImportJobFile.objects.create(job=job, position=0, name=url)
        transaction.on_commit(functools.partial(run_import_job.enqueue, job.pk))
    return job


@task
def run_import_job(job_id: int) -> str:
    """Import the waiting files of one queued job, in order, recording each file's
    outcome on its row and counting it in ``files_done``. Returns the job's state. A job
    not queued (already run, or running elsewhere) is left alone; the job is marked done
    however its files end."""
    if not ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING, progressed=timezone.now()
    ):
        return "not queued"
    job = ImportJob.objects.get(pk=job_id)
    try:
        # One row's bytes in memory at a time.
        waiting = job.files.filter(state=ImportJobFile.State.WAITING, part=0)
        for pk in list(waiting.order_by("position").values_list("pk", flat=True)):
            run_file(job, ImportJobFile.objects.get(pk=pk))
            ImportJob.objects.filter(pk=job.pk).update(
                files_done=F("files_done") + 1, progressed=timezone.now()
            )
    finally:
        now = timezone.now()
        ImportJob.objects.filter(pk=job.pk).update(
            state=ImportJob.State.DONE, finished=now, progressed=now
        )
    return ImportJob.State.DONE


def run_file(job: ImportJob, row: ImportJobFile) -> None:
    """Import one row's file (or fetch its page) and record what became of each article:
    the first on the row itself, any further one (an item of a NewsML-G2 newsMessage) on
    a new row of the same position. Never raises for the file's own faults."""
    parts = 0

    def record(outcome: ItemOutcome, total: int) -> None:
        nonlocal parts
        target = row if parts == 0 else ImportJobFile(job=job, position=row.position, part=parts)
        parts += 1
        target.name = outcome.name[:2100]
        target.data = None
        if outcome.result is not None:
            result = outcome.result
            target.state, target.article = result.status, result.article
            target.message = result.detail()[:1000]  # the command's words
        else:
            target.state = ImportJobFile.State.REFUSED
            target.message = (outcome.error.reason if outcome.error else UNEXPECTED)[:1000]
        target.save()

    try:
        if job.kind == ImportJob.Kind.URL:
            record(ItemOutcome(row.name, import_url(row.name, replace=job.replace)), 1)
        else:
            data = bytes(row.data or b"")
            import_items(data, row.name, replace=job.replace, progress=record)
    except ArticleImportError as exc:
        record(ItemOutcome(row.name, error=ArticleImportError(exc.reason, row.name)), 1)
    except Exception:
        logger.exception("Import job %s: %s", job.pk, row.name)
        if parts == 0:
            record(ItemOutcome(row.name), 1)


def get_import_job(request: HttpRequest, pk: int) -> ImportJob:
    """The job ``pk`` if the request's user may see it (its owner, or a superuser);
    Http404 otherwise, so another user's jobs are not even known to exist."""
    job = ImportJob.objects.filter(pk=pk).first()
    if job is None or not job.visible_to(request.user):
        raise Http404("No such import.")
    return job


def import_job_context(job: ImportJob) -> dict[str, Any]:
    """What the progress templates show: the job, its rows in order (each with its
    article), the counts by outcome, and whether there are more rows than files (a
    NewsML-G2 newsMessage gives a row per item). One query."""
    rows = list(job.files.select_related("article").order_by("position", "part"))
    counts = dict.fromkeys(ImportJobFile.State.values, 0)
    for row in rows:
        counts[row.state] += 1
    return {"job": job, "rows": rows, "counts": counts, "items": len(rows) != job.files_total}


RECENT_JOBS = 10


def recent_import_jobs(user: Any) -> list[ImportJob]:
    """The user's last :data:`RECENT_JOBS` file imports, newest first (the import page
    links to their progress): one query."""
    jobs = ImportJob.objects.filter(owner=user, kind=ImportJob.Kind.FILES)
    return list(jobs.order_by("-created", "-pk")[:RECENT_JOBS])
