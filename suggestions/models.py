"""The stored suggestions: one row per quotation, claim or context the engine found."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length

from articles.models import Article, Paragraph

SPEAKER_MAX_LENGTH = 200
REASON_MAX_LENGTH = 120
ENGINE_VERSION = "rules-1"


class Suggestion(models.Model):
    """A passage the engine suggests annotating, W3C Web Annotation style: a
    TextPositionSelector (``start``/``end``, code points, end exclusive) and a
    TextQuoteSelector's exact text (``text``) on one paragraph.

    Invariants, held by PostgreSQL as well: ``text == paragraph.text[start:end]`` and
    ``article == paragraph.article`` (a deferred trigger, :mod:`suggestions.db_triggers`);
    a paragraph whose text changes loses its suggestions in the same statement (another
    trigger), and they are recomputed after the commit (:mod:`suggestions.signals`).
    """

    class Tag(models.TextChoices):
        QUOTE = "quote", "Quote"
        CLAIM = "claim", "Claim"
        CONTEXT = "context", "Context"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="suggestions")
    start = models.PositiveIntegerField(help_text="Offset of the first character, in code points.")
    end = models.PositiveIntegerField(help_text="Offset just past the last character.")
    text = models.TextField(help_text="Always paragraph.text[start:end].")
    tag = models.CharField(max_length=10, choices=Tag.choices)
    speaker = models.CharField(
        max_length=SPEAKER_MAX_LENGTH,
        blank=True,
        help_text="Full name of the speaker (quote), claimant (claim) or source (context).",
    )
    reason = models.CharField(max_length=REASON_MAX_LENGTH, blank=True)
    score = models.FloatField(help_text="Confidence in [0, 1].")
    engine = models.CharField(max_length=20, default=ENGINE_VERSION)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paragraph_id", "start", "-end", "id"]
        indexes = [models.Index(fields=["article", "tag"], name="suggestion_article_tag")]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "start", "end", "tag"], name="suggestion_unique_span"
            ),
            models.CheckConstraint(condition=Q(start__gte=0), name="suggestion_start_gte_0"),
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="suggestion_start_lt_end"),
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("text")), name="suggestion_text_matches_span"
            ),
            models.CheckConstraint(
                condition=Q(tag__in=["quote", "claim", "context"]), name="suggestion_tag_valid"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="suggestion_score_0_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tag_display()} suggestion: {self.text[:60]}"
