"""Each article's place in the desk's workflow, its assigned editors and the record of its
status changes. Rules on who may change what live in :mod:`desk.workflow`, the one owner
of these writes; PostgreSQL holds the value rules (constraints) and makes every article's
workflow row (a trigger, see migration 0001)."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from articles.models import Article


class Status(models.TextChoices):
    """Where an article stands, in the order the work goes."""

    NEW = "new", "New"
    IN_PROGRESS = "in_progress", "In progress"
    READY = "ready_for_review", "Ready for review"
    DONE = "done", "Done"

    @property
    def rank(self) -> int:
        """0 for new … 3 for done: an editor moves an article to a higher rank only."""
        return list(Status).index(self)


STATUS_VALUES = [value for value, _ in Status.choices]
# Before review, blind mode hides other editors' annotations (desk.visibility).
BLIND_STATUSES = (Status.NEW, Status.IN_PROGRESS)


class WorkflowQuerySet(models.QuerySet["Workflow"]):
    def assigned_to(self, user_id: int) -> WorkflowQuerySet:
        return self.filter(article__assignments__editor_id=user_id)


# Blind mode turned on or off, and (below) an editor assigned or unassigned: recorded by
# PostgreSQL triggers in the same transaction, whatever the code path (the reading page,
# the list page, the admin, SQL). Who did it is the history context's "user"
# (desk.workflow sets it; a request's middleware too). Status changes have their own
# record (StatusChange), written by desk.workflow.move.
@pghistory.track(
    pghistory.UpdateEvent("blind", condition=pghistory.AnyChange("blind")),
    fields=["blind"],
    model_name="BlindModeEvent",
)
class Workflow(models.Model):
    """An article's status and blind mode: one row per article, made by a PostgreSQL
    trigger when the article is inserted (whatever the code path: import, admin, SQL)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="workflow"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NEW, db_default=Status.NEW
    )
    blind = models.BooleanField(
        "blind mode",
        default=False,
        db_default=False,
        help_text="Until the article is ready for review, each editor sees only their own "
        "annotations (reviewers and the desk see all).",
    )
    changed = models.DateTimeField(default=timezone.now, db_default=models.functions.Now())

    objects = WorkflowQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["status"], name="workflow_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=STATUS_VALUES), name="workflow_status_valid"
            ),
        ]
        permissions = [
            ("assign_editors", "Can assign editors to articles"),
            ("move_any_article", "Can move any article to any status"),
            ("review_annotations", "Can approve or reject annotations"),
            ("see_all_annotations", "Can see every editor's annotations in blind mode"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.get_status_display()}"

    @property
    def blind_over(self) -> bool:
        """Was the article in blind mode, now over (it is in review or done)?"""
        return self.blind and self.status not in BLIND_STATUSES


@pghistory.track(
    pghistory.InsertEvent("assign"),
    pghistory.DeleteEvent("unassign"),
    # Handed in or reopened: "finished" set or cleared.
    pghistory.UpdateEvent("finish", condition=pghistory.AnyChange("finished")),
    model_name="AssignmentEvent",
)
class Assignment(models.Model):
    """An editor given an article to annotate, by whom and when, and when they handed
    in their work (``finished``, None while they work on it).

    Handing in is INCEpTION's "finished" annotation state of a document for one
    annotator: the editor's annotations on the article are then closed to them (those a
    reviewer rejected excepted, :meth:`annotations.models.Annotation.allows`), and the
    article moves to ready for review, ending blind mode, only once every assigned editor
    has handed in (or a reviewer or the desk moves it, :mod:`desk.workflow`). PostgreSQL
    holds that an article ready for review or done has every assignment finished (a
    deferred constraint trigger, migration 0006)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="assignments")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(
        "handed in",
        null=True,
        blank=True,
        help_text="When the editor handed in their work on the article; empty while they "
        "work on it.",
    )

    class Meta:
        ordering = ["article", "editor__username"]
        constraints = [
            models.UniqueConstraint(fields=["article", "editor"], name="assignment_unique_editor"),
        ]
        indexes = [models.Index(fields=["editor", "article"], name="assignment_editor")]

    def __str__(self) -> str:
        return f"{self.editor} on article {self.article_id}"


class StatusChange(models.Model):
    """One status change of an article: who, when, from which status to which."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="status_changes")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)

    class Meta:
        ordering = ["article", "at", "id"]
        indexes = [models.Index(fields=["article", "at"], name="status_change_article")]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=STATUS_VALUES) & Q(to_status__in=STATUS_VALUES),
                name="status_change_values_valid",
            ),
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")), name="status_change_changes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.from_status} → {self.to_status}"
