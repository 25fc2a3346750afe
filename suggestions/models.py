"""The stored suggestions: one row per quotation, claim or context the engine found."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.utils import timezone

from articles.models import Article, Paragraph

SPEAKER_MAX_LENGTH = 200
REASON_MAX_LENGTH = 120
ENGINE_VERSION = "rules-1"
# A run still "queued" or "running" this long after it was asked for will not finish (its
# worker was killed, the process restarted): the page counts it as failed and offers the
# Suggest button again. An article's computation takes well under a second per thousand
# paragraphs, so two minutes is generous.
RUN_TIMEOUT = datetime.timedelta(minutes=2)


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


class Decision(models.Model):
    """An editor's decision on a suggestion: accepted (it became annotation
    ``annotation_id``) or rejected. Keyed by the article, the paragraph, the tag and the
    exact words, so a recompute (:func:`suggestions.store.recompute`) never suggests the
    same words of that paragraph again, wherever its text moved (a paragraph row keeps its
    id through edits and ``import_articles --replace``, :mod:`articles.alignment`), while
    the same words in another paragraph (two people each saying "No comment,") are decided
    on their own. Keeps a copy of the suggestion as it was, so an Undo of "accept all" can
    put it back.

    ``article_wide`` rows (only from before decisions were keyed by paragraph, migration
    0006) stand for the words anywhere in the article, as they did then.

    ``blind_for``: a decision made while the article was in blind mode before review
    (:mod:`desk.visibility`) is that editor's alone: the suggestion stays stored and
    everyone else still sees it undecided (:mod:`suggestions.visibility`); such rows are
    part of the key, so each editor of a blind article decides the same words on their own.

    Written only by :mod:`annotations.lifecycle_suggestions`, with the annotation.
    """

    class Kind(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    tag = models.CharField(max_length=10, choices=Suggestion.Tag.choices)
    text = models.TextField(help_text="The suggestion's exact words.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The suggestion as it was (its paragraph may be gone since: no foreign key); also
    # part of the key.
    paragraph_id = models.BigIntegerField()
    article_wide = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Decides the words in every paragraph (decisions made before 2026-11-30).",
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    speaker = models.CharField(max_length=SPEAKER_MAX_LENGTH, blank=True)
    reason = models.CharField(max_length=REASON_MAX_LENGTH, blank=True)
    score = models.FloatField()
    # The annotation it became (accepted); a plain number: the annotation may be deleted.
    annotation_id = models.BigIntegerField(null=True, blank=True)
    # Which "accept all" made it, for its Undo (0: accepted or rejected on its own).
    batch = models.BigIntegerField(default=0, db_default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    blind_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Made in blind mode: decides the suggestion for this editor only.",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "suggestions_decision"
        constraints = [
            # NULLS NOT DISTINCT: one shared decision (blind_for null) per words and
            # paragraph, and one per editor of a blind article.
            models.UniqueConstraint(
                fields=["article", "paragraph_id", "tag", "text", "blind_for"],
                name="decision_unique_paragraph_words_editor",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["accepted", "rejected"]), name="decision_kind_valid"
            ),
            # A blind decision is its decider's own.
            models.CheckConstraint(
                condition=Q(blind_for__isnull=True) | Q(blind_for=F("user")),
                name="decision_blind_for_is_decider",
            ),
            models.CheckConstraint(
                condition=Q(kind="rejected", annotation_id__isnull=True)
                | Q(kind="accepted", annotation_id__isnull=False),
                name="decision_accepted_has_annotation",
            ),
            models.CheckConstraint(
                condition=Q(start__lt=F("end")) & Q(end=F("start") + Length("text")),
                name="decision_text_matches_span",
            ),
        ]
        indexes = [models.Index(fields=["article", "kind"], name="decision_article_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.tag} suggestion: {self.text[:60]}"


class Run(models.Model):
    """An editor's request for an article's suggestions (the reading page's Suggest
    button) and how far it got: the page shows its progress until it is done."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Finding quotes and claims"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices)
    requested = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    found = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "suggestions_run"
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "done", "failed"]),
                name="run_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running"]) | Q(finished__isnull=False),
                name="run_finished_when_over",
            ),
        ]

    def __str__(self) -> str:
        return f"suggestions of article {self.article_id}: {self.state}"

    @property
    def active(self) -> bool:
        """Queued or running, asked for less than :data:`RUN_TIMEOUT` ago: the page shows
        its progress and asks again."""
        return self._unfinished and timezone.now() - self.requested < RUN_TIMEOUT

    @property
    def stalled(self) -> bool:
        """Still queued or running after :data:`RUN_TIMEOUT`: it will not finish (its
        worker was killed); the page counts it as failed ("the last try did not finish")."""
        return self._unfinished and not self.active

    @property
    def _unfinished(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
