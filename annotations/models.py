from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from articles.models import Paragraph

CONTEXT_CHARS = 32
NOTE_MAX_LENGTH = 2000
SPEAKER_MAX_LENGTH = 200


class AnnotationQuerySet(models.QuerySet["Annotation"]):
    def for_article(self, article_id: int) -> AnnotationQuerySet:
        return self.filter(paragraph__article_id=article_id)

    def in_reading_order(self) -> AnnotationQuerySet:
        return self.order_by("paragraph__position", "start", "-end", "id")


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

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="annotations")
    start = models.PositiveIntegerField(help_text="Offset of the first character, in code points.")
    end = models.PositiveIntegerField(help_text="Offset just past the last character.")
    text = models.TextField(help_text="Always paragraph.text[start:end].")
    prefix = models.CharField(max_length=CONTEXT_CHARS, blank=True)
    suffix = models.CharField(max_length=CONTEXT_CHARS, blank=True)
    tag = models.CharField(max_length=10, choices=Tag.choices)
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    speaker = models.CharField(max_length=SPEAKER_MAX_LENGTH, blank=True)
    verdict = models.CharField(max_length=12, choices=Verdict.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annotations"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        ordering = ["paragraph", "start", "-end", "id"]
        indexes = [
            models.Index(fields=["paragraph", "start", "end"], name="annotation_paragraph_span"),
        ]
        constraints = [
            # One editor tagging the same span with the same tag twice is a double click.
            models.UniqueConstraint(
                fields=["paragraph", "start", "end", "tag", "author"],
                name="annotation_unique_per_author",
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
        ]

    def __str__(self) -> str:
        return f"{self.get_tag_display()}: {self.text[:60]}"

    @property
    def was_edited(self) -> bool:
        return (self.updated - self.created).total_seconds() > 1

    def allows(self, user: AbstractBaseUser | AnonymousUser, action: str) -> bool:
        """May ``user`` ``action`` ("change" or "delete") this annotation?

        Desk admins hold the model permission and may touch any annotation; editors
        may touch their own.
        """
        if user.has_perm(f"annotations.{action}_annotation"):
            return True
        return self.author_id == user.pk and user.has_perm("annotations.add_annotation")
