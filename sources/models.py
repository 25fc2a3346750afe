"""Feeds saved in the admin, polled by ``manage.py poll_feeds`` (a cron job or systemd
timer, see docs/feeds.md) and by the admin's "Poll now" action."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

# An import job that has not moved for this long died with its process (the tasks
# backend of settings.TASKS keeps its queue in memory): its pages stop polling and say so.
# A file takes at most NEWSROOM_FETCH_TIMEOUT to fetch and seconds to import.
STALE_JOB = datetime.timedelta(minutes=15)
# A poll that has said "polling" for longer than this died with its process (a poll is
# bounded by the fetch limits: at most MAX_ENTRIES pages of NEWSROOM_FETCH_TIMEOUT each).
STALE_POLL = datetime.timedelta(hours=3)


def feed_files_dir() -> Path | None:
    """The one folder whose feed files a saved feed may name as ``file:`` URLs
    (``settings.NEWSROOM_FEED_FILES_DIR``: the demo's feed), None when there is none."""
    folder = getattr(settings, "NEWSROOM_FEED_FILES_DIR", None)
    return Path(folder).resolve() if folder else None


def local_feed_path(url: str) -> Path | None:
    """The file a ``file:`` URL names, when it lies inside :func:`feed_files_dir`; None
    for any other URL. ValidationError for a ``file:`` URL outside it."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    folder = feed_files_dir()
    path = Path(unquote(parts.path)).resolve()
    if folder is None or not path.is_relative_to(folder):
        where = f"inside {folder}" if folder else "(none is allowed: NEWSROOM_FEED_FILES_DIR)"
        raise ValidationError(f"A file: URL must name a feed file {where}.")
    return path


def validate_feed_url(value: str) -> None:
    """An http(s) URL, or a ``file:`` URL of the demo feed folder; ValidationError else."""
    if local_feed_path(value) is None:
        URLValidator(schemes=["http", "https"], message="Enter an http or https URL.")(value)


class Feed(models.Model):
    """An RSS or Atom feed whose entries are imported as articles at each poll."""

    class State(models.TextChoices):
        IDLE = "idle", "not polled yet"
        QUEUED = "queued", "queued"
        POLLING = "polling", "polling"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    url = models.CharField(
        "URL",
        max_length=500,
        unique=True,
        validators=[validate_feed_url],
        help_text="The feed's address (RSS or Atom), http or https.",
    )
    title = models.CharField(
        max_length=300, blank=True, help_text="Taken from the feed at each poll."
    )
    active = models.BooleanField(default=True, help_text="Polled by poll_feeds.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.IDLE)
    started = models.DateTimeField(null=True, blank=True, editable=False)
    last_polled = models.DateTimeField(null=True, blank=True, editable=False)
    last_result = models.CharField(max_length=500, blank=True, editable=False)
    # The last poll's figures (while polling: so far); entries_done of entries_total is
    # the progress the admin shows.
    imported = models.PositiveIntegerField(default=0, editable=False)
    duplicates = models.PositiveIntegerField(default=0, editable=False)
    refused = models.PositiveIntegerField(default=0, editable=False)
    entries_done = models.PositiveIntegerField(default=0, editable=False)
    entries_total = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["title", "url"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entries_done__lte=models.F("entries_total")),
                name="sources_feed_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    def claim(self) -> bool:
        """Mark the feed as polling unless another poll holds it (one not stale); True
        when this caller may poll it. One UPDATE, so two pollers cannot both win."""
        now = timezone.now()
        busy = models.Q(state=Feed.State.POLLING, started__gt=now - STALE_POLL)
        won = (
            Feed.objects.filter(pk=self.pk)
            .exclude(busy)
            .update(
                state=Feed.State.POLLING,
                started=now,
                entries_done=0,
                entries_total=0,
                imported=0,
                duplicates=0,
                refused=0,
            )
        )
        return won == 1


class ImportJob(models.Model):
    """Articles imported in the background (:func:`sources.jobs.run_import_job`): the files
    an admin uploaded at once, or the web page an editor pasted. Its rows
    (:class:`ImportJobFile`) say what became of each file; ``files_done`` of ``files_total``
    is the progress the pages show. A job is its owner's: only they (and superusers) see
    it."""

    class Kind(models.TextChoices):
        FILES = "files", "uploaded files"
        URL = "url", "web page"

    class State(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "importing"
        DONE = "done", "done"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    replace = models.BooleanField(default=False)
    files_total = models.PositiveIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)
    # When the job last moved (queued, started, a file done): see STALE_JOB.
    progressed = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(files_done__lte=models.F("files_total")),
                name="sources_importjob_progress_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(state="done", finished__isnull=False)
                | (~models.Q(state="done") & models.Q(finished__isnull=True)),
                name="sources_importjob_finished_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"import of {self.files_total} {self.get_kind_display()} by {self.owner}"

    @property
    def is_done(self) -> bool:
        return self.state == ImportJob.State.DONE

    @property
    def is_stalled(self) -> bool:
        """Not done, and not moved for :data:`STALE_JOB`: its worker is gone (a restart
        loses the in-memory queue). Its files still waiting were not imported."""
        return not self.is_done and self.progressed < timezone.now() - STALE_JOB

    @property
    def is_over(self) -> bool:
        """Done or stalled: nothing more will happen, so its pages stop polling."""
        return self.is_done or self.is_stalled

    def visible_to(self, user: Any) -> bool:
        """True for the job's owner and for superusers."""
        return bool(user.is_superuser or user.pk == self.owner_id)


class ImportJobFile(models.Model):
    """One file (or page) of an :class:`ImportJob`, or one article of it when the file
    holds several (a NewsML-G2 newsMessage: ``part`` numbers its items from 0). ``data``
    holds an uploaded file's bytes until the job reads it, then is emptied."""

    class State(models.TextChoices):
        WAITING = "waiting", "waiting"
        IMPORTED = "imported", "imported"
        REPLACED = "replaced", "replaced"
        UNCHANGED = "unchanged", "unchanged"
        SKIPPED = "skipped", "duplicate"
        REFUSED = "refused", "refused"

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField()
    part = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=2100)
    data = models.BinaryField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    message = models.CharField(max_length=1000, blank=True)
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["job", "position", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "position", "part"], name="sources_importjobfile_unique_place"
            ),
        ]

    def __str__(self) -> str:
        return self.name
