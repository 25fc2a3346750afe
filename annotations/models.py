from __future__ import annotations

from typing import Any

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from annotations.anchoring import context_of
from annotations.closure import closed_reason, workflow_for
from articles.models import Article, Paragraph

CONTEXT_CHARS = 32
NOTE_MAX_LENGTH = 2000
SPEAKER_MAX_LENGTH = 200


class AnnotationQuerySet(models.QuerySet["Annotation"]):
    def for_article(self, article_id: int) -> AnnotationQuerySet:
        """The placed annotations of an article (orphans have no paragraph to be drawn in)."""
        # The annotation's article is its paragraph's (a trigger holds it), so no join.
        return self.filter(article_id=article_id, paragraph__isnull=False)

    def orphans_of(self, article_id: int) -> AnnotationQuerySet:
        return self.filter(article_id=article_id, anchor=Annotation.Anchor.ORPHANED)

    def in_reading_order(self) -> AnnotationQuerySet:
        return self.order_by("paragraph__position", "start", "-end", "id")

    def with_final(self) -> AnnotationQuerySet:
        """Each annotation with ``is_final``: is it an adjudication's final annotation?
        An EXISTS in the same query, no query per annotation."""
        from agreement.models import Adjudication  # agreement's models import ours

        return self.annotate(is_final=Exists(Adjudication.objects.filter(final_id=OuterRef("pk"))))

    def with_work_state(self) -> AnnotationQuerySet:
        """Each annotation with what :meth:`Annotation.allows` reads to apply
        :mod:`annotations.closure`: ``article_status`` (its article's workflow status) and
        ``author_handed_in`` (has its author handed in their work on it,
        ``desk.Assignment.finished``?). A join and an EXISTS in the same query, no query
        per annotation."""
        return self.annotate(
            article_status=F("article__workflow__status"),
            author_handed_in=handed_in(OuterRef("article_id"), OuterRef("author_id")),
        )


def handed_in(article: Any, editor: Any) -> Exists:
    """An EXISTS: has ``editor`` (an id or an OuterRef) handed in their work on
    ``article`` (likewise)? See :class:`desk.models.Assignment`."""
    from desk.models import Assignment  # desk's workflow builds on our models

    return Exists(
        Assignment.objects.filter(article_id=article, editor_id=editor, finished__isnull=False)
    )


# History rows are written by PostgreSQL triggers in the same transaction as the change,
# so no code path (admin, import, re-anchoring, raw SQL) can skip them.
@pghistory.track(
    pghistory.InsertEvent("create"),
    pghistory.UpdateEvent("change"),
    pghistory.DeleteEvent("delete"),
    # Written by annotations.lifecycle_adjudication when an editor's version is adopted
    # as final: nothing in the row changes, yet its history says so.
    pghistory.ManualEvent("adjudicate"),
    model_name="AnnotationEvent",
)
class Annotation(models.Model):
    class Tag(models.TextChoices):
        CLAIM = "claim", "Claim"
        QUOTE = "quote", "Quote"
        CONTEXT = "context", "Context"

    class Verdict(models.TextChoices):
        UNVERIFIED = "unverified", "Unverified"
        TRUE = "true", "True"
        MOSTLY_TRUE = "mostly-true", "Mostly true"
        MISLEADING = "misleading", "Misleading"
        FALSE = "false", "False"
        UNPROVABLE = "unprovable", "Unprovable"

    class Anchor(models.TextChoices):
        """Where the annotation stands after the article's edits (not the desk's review)."""

        PLACED = "placed", "Placed"
        MOVED = "moved", "Re-anchored, please check"
        ORPHANED = "orphaned", "Could not be placed"

    class Origin(models.TextChoices):
        """Who found the passage: a person, or the suggestion engine (accepted by a person,
        who is its author)."""

        MANUAL = "manual", "Manual"
        SUGGESTED = "suggested", "Accepted suggestion"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="annotations")
    # Deleting a paragraph first re-anchors or orphans its annotations (a pre_delete
    # handler). Nothing cascades: should any code path skip that, the (deferred) foreign
    # key refuses the commit rather than losing annotations.
    paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="annotations",
    )
    anchor = models.CharField(
        max_length=10, choices=Anchor.choices, default=Anchor.PLACED, db_default=Anchor.PLACED
    )
    version = models.PositiveIntegerField(
        default=1,
        db_default=1,
        help_text="Bumped by a database trigger on every change, so a stale edit is refused.",
    )
    start = models.PositiveIntegerField(help_text="Offset of the first character, in code points.")
    end = models.PositiveIntegerField(help_text="Offset just past the last character.")
    text = models.TextField(help_text="Always paragraph.text[start:end].")
    prefix = models.CharField(max_length=CONTEXT_CHARS, blank=True)
    suffix = models.CharField(max_length=CONTEXT_CHARS, blank=True)
    tag = models.CharField(max_length=10, choices=Tag.choices)
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    speaker = models.CharField(max_length=SPEAKER_MAX_LENGTH, blank=True)
    verdict = models.CharField(max_length=12, choices=Verdict.choices, blank=True)
    origin = models.CharField(
        max_length=10,
        choices=Origin.choices,
        default=Origin.MANUAL,
        db_default=Origin.MANUAL,
        help_text="manual: selected by its author; suggested: an accepted suggestion.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annotations"
    )

    class Review(models.TextChoices):
        """A reviewer's decision on an article ready for review (desk.workflow); empty
        while nobody reviewed it, or again after its author changed a rejected one."""

        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    # Written by annotations.lifecycle_review only: versioned and in history as any change.
    review = models.CharField(
        max_length=10, choices=Review.choices, blank=True, default="", db_default=""
    )
    review_comment = models.TextField(
        max_length=NOTE_MAX_LENGTH, blank=True, default="", db_default=""
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_annotations",
    )
    reviewed = models.DateTimeField(null=True, blank=True)
    # Set by annotations.lifecycle, not auto_now: a restore puts the original times back
    # in the one insert that its single history event records.
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now, help_text="Last change of any kind.")
    edited = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Last change by a person to its tag, note, speaker, verdict or span "
        "(re-anchoring does not count).",
    )

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        ordering = ["paragraph_id", "start", "-end", "id"]
        indexes = [
            models.Index(fields=["paragraph", "start", "end"], name="annotation_paragraph_span"),
            models.Index(fields=["article", "anchor"], name="annotation_article_anchor"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(anchor="orphaned") | Q(paragraph__isnull=False),
                name="annotation_placed_has_paragraph",
            ),
            models.CheckConstraint(
                condition=Q(anchor__in=["placed", "moved", "orphaned"]),
                name="annotation_anchor_valid",
            ),
            models.CheckConstraint(condition=Q(start__gte=0), name="annotation_start_gte_0"),
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="annotation_start_lt_end"),
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("text")), name="annotation_text_matches_span"
            ),
            models.CheckConstraint(
                condition=Q(tag__in=["claim", "quote", "context"]), name="annotation_tag_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    verdict__in=[
                        "",
                        "unverified",
                        "true",
                        "mostly-true",
                        "misleading",
                        "false",
                        "unprovable",
                    ]
                ),
                name="annotation_verdict_valid",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), NOTE_MAX_LENGTH),
                name="annotation_note_length",
            ),
            # The rules of annotations.lifecycle.clean_fields, for every code path.
            models.CheckConstraint(
                condition=Q(speaker="") | Q(tag__in=["quote", "claim"]),
                name="annotation_speaker_quote_or_claim",
            ),
            models.CheckConstraint(
                condition=Q(verdict="") | Q(tag="claim"), name="annotation_verdict_claim_only"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=["manual", "suggested"]), name="annotation_origin_valid"
            ),
            models.CheckConstraint(
                condition=Q(review__in=["", "approved", "rejected"]),
                name="annotation_review_valid",
            ),
            # A decision names its reviewer and time; a rejection says why.
            models.CheckConstraint(
                condition=Q(review="") | (Q(reviewer__isnull=False) & Q(reviewed__isnull=False)),
                name="annotation_review_by_whom",
            ),
            models.CheckConstraint(
                condition=~Q(review="rejected") | ~Q(review_comment=""),
                name="annotation_rejection_has_comment",
            ),
        ]
        triggers = [
            # One place bumps the version, whatever code path (or raw SQL) changes the row.
            pgtrigger.Trigger(
                name="annotation_bump_version",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange(exclude=["version", "updated"]),
                func="NEW.version := OLD.version + 1; RETURN NEW;",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tag_display()}: {self.text[:60]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The article is implied by the paragraph; orphans keep it when they lose that.
        if self.article_id is None and self.paragraph is not None:
            self.article_id = self.paragraph.article_id
        # Context for re-anchoring later, unless the caller computed it already.
        if self._state.adding and self.paragraph is not None and not (self.prefix or self.suffix):
            self.prefix, self.suffix = context_of(self.paragraph.text, self.start, self.end)
        super().save(*args, **kwargs)

    @property
    def was_edited(self) -> bool:
        """Did a person change it after creating it? Re-anchoring does not count."""
        return self.edited is not None

    @property
    def orphaned(self) -> bool:
        return self.anchor == self.Anchor.ORPHANED

    # Loaded by AnnotationQuerySet.with_work_state(), else by closed_reason().
    article_status: str | None
    author_handed_in: bool

    def allows(self, user: User | AnonymousUser, action: str) -> bool:
        """May ``user`` ``action`` ("change" or "delete") this annotation?

        Desk admins and reviewers hold the model permission and may touch any annotation;
        editors may touch their own, unless a reviewer approved it or their work on the
        article is closed (:mod:`annotations.closure`: handed in, in review except a
        rejected one, done). Reads ``article_status`` and ``author_handed_in`` when the
        query loaded them (:meth:`AnnotationQuerySet.with_work_state`), else asks (one
        query).
        """
        if user.has_perm(f"annotations.{action}_annotation"):
            return True
        return (
            self.author_id == user.pk
            and user.has_perm("annotations.add_annotation")
            and self.review != self.Review.APPROVED
            and self.closed_reason() is None
        )

    def closed_reason(self) -> str | None:
        """Why this annotation is closed to its author, or None (:mod:`annotations.closure`).
        From ``article_status`` and ``author_handed_in`` when loaded with it, else one
        query (remembered)."""
        if not hasattr(self, "article_status") or not hasattr(self, "author_handed_in"):
            row = workflow_for(self.author_id, self.article_id)
            self.article_status = row.status if row else None
            self.author_handed_in = bool(row and row.handed_in)
        return closed_reason(
            self.article_status,
            bool(self.author_handed_in),
            rejected=self.review == self.Review.REJECTED,
        )


class AnnotationTally(models.Model):
    """How many annotations an article has, per tag, author and whether they are placed
    (drawn in a paragraph) or orphaned: one row per group, ``n`` >= 1.

    Kept by PostgreSQL statement-level triggers on the annotation table
    (``annotations.tally_sql``), so every code path, raw SQL included, keeps it exact,
    and the panel's and the list page's counts read a handful of rows whatever the
    article holds. Read-only for Python.
    """

    # No foreign-key constraints: the rows follow the annotations' own inserts and
    # deletes, and an article deleted by Django's collector takes them away that way.
    article = models.ForeignKey(
        Article, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    tag = models.CharField(max_length=10, choices=Annotation.Tag.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    placed = models.BooleanField()
    # Positive: its CHECK constraint catches a tally that would drift below zero.
    n = models.PositiveIntegerField()

    class Meta:
        db_table = "annotations_tally"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "tag", "author", "placed"], name="annotation_tally_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.n} {self.tag} of article {self.article_id} by user {self.author_id}"


class TextRevision(models.Model):
    """The revision of an article's drawn text: a number from a sequence that PostgreSQL
    triggers (``annotations.revision_sql``) renew whenever the article's paragraphs, its
    annotations or their authors' usernames change. The reading page caches the drawn
    text under it (``annotations.article_text``). Read-only for Python."""

    article = models.OneToOneField(
        Article, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    revision = models.BigIntegerField()

    def __str__(self) -> str:
        return f"article {self.article_id} at text revision {self.revision}"
