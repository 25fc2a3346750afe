"""The records of adjudication: which version of a disputed passage is final, who
decided, when, and which editors' annotations the decision settled."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from annotations.models import Annotation
from articles.models import Article


class Adjudication(models.Model):
    """A reviewer's or the desk's decision on a passage where editors differ: ``final``
    is the annotation that stands (the CSV marks it ``final``); ``kind`` says whether it
    is one editor's version, adopted as it was, or a merged one the adjudicator wrote
    (then authored by the adjudicator), or "none": nobody should mark the passage, and
    ``final`` is None (the passage counts as settled; the CSV marks none of its
    annotations final). The editors' annotations it settled are
    :class:`Settled` rows; they stay as they were, so the agreement figures keep
    measuring the editors' own work.

    Written only by :mod:`annotations.lifecycle_adjudication`, with the history event of
    the final annotation, in one transaction. The final annotation is approved (by the
    adjudicator) and stays so: deferred triggers check it at commit from both sides.
    Deleting the final annotation deletes the decision (its passage is disputed again);
    so does deleting the article. These are
    PostgreSQL's own ON DELETE CASCADE (migration 0002; DO_NOTHING here so Django
    collects nothing): deleting an annotation or an article costs no extra query.
    """

    class Kind(models.TextChoices):
        ADOPTED = "adopted", "One editor's version adopted"
        MERGED = "merged", "Merged version written by the adjudicator"
        NONE = "none", "Nobody should mark this passage"

    article = models.ForeignKey(Article, on_delete=models.DO_NOTHING, related_name="adjudications")
    # None when the decision is that nobody should mark the passage (kind "none").
    final = models.OneToOneField(
        Annotation, on_delete=models.DO_NOTHING, related_name="adjudication", null=True
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="adjudications"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["article_id", "decided_at", "id"]
        permissions = [
            ("view_agreement", "Can see the agreement between editors"),
            ("adjudicate", "Can adjudicate where editors differ"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["adopted", "merged", "none"]), name="adjudication_kind_valid"
            ),
            # A final annotation exactly when the decision keeps one.
            models.CheckConstraint(
                condition=Q(kind="none", final__isnull=True)
                | (~Q(kind="none") & Q(final__isnull=False)),
                name="adjudication_final_unless_none",
            ),
        ]
        triggers = [
            # At commit, whatever code path wrote it: the final annotation is one of the
            # article's own.
            pgtrigger.Trigger(
                name="adjudication_final_in_article",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.Update,
                timing=pgtrigger.Deferred,
                func="""
                -- Deleted later in the transaction (its annotation went): nothing to hold.
                IF NOT EXISTS (SELECT 1 FROM agreement_adjudication WHERE id = NEW.id) THEN
                    RETURN NULL;
                END IF;
                -- "Nobody should mark this": no final annotation to hold.
                IF NEW.final_id IS NULL THEN
                    RETURN NULL;
                END IF;
                IF NOT EXISTS (
                    SELECT 1 FROM annotations_annotation
                    WHERE id = NEW.final_id AND article_id = NEW.article_id
                ) THEN
                    RAISE EXCEPTION 'adjudication %: its final annotation % is not of article %',
                        NEW.id, NEW.final_id, NEW.article_id USING ERRCODE = 'check_violation';
                END IF;
                -- The decision stands: its final annotation is approved (the annotation's
                -- side, a later rejection, is migration 0005's trigger).
                IF NOT EXISTS (
                    SELECT 1 FROM annotations_annotation
                    WHERE id = NEW.final_id AND review = 'approved'
                ) THEN
                    RAISE EXCEPTION 'adjudication %: its final annotation % is not approved',
                        NEW.id, NEW.final_id USING ERRCODE = 'check_violation';
                END IF;
                RETURN NULL;
                """,
            ),
        ]

    def __str__(self) -> str:
        if self.final_id is None:
            return str(self.get_kind_display())
        return f"{self.get_kind_display()}: annotation {self.final_id}"


class Settled(models.Model):
    """An editor's annotation that an adjudication settled: each annotation is settled
    at most once (a unique constraint), so two adjudicators at once cannot both decide
    the same passage."""

    adjudication = models.ForeignKey(
        Adjudication, on_delete=models.DO_NOTHING, related_name="settled"
    )
    annotation = models.OneToOneField(
        Annotation, on_delete=models.DO_NOTHING, related_name="settled"
    )

    class Meta:
        verbose_name_plural = "settled annotations"
        triggers = [
            # At commit: a decision settles annotations of its own article only.
            pgtrigger.Trigger(
                name="settled_in_article",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.Update,
                timing=pgtrigger.Deferred,
                func="""
                IF NOT EXISTS (SELECT 1 FROM agreement_settled WHERE id = NEW.id) THEN
                    RETURN NULL;
                END IF;
                IF NOT EXISTS (
                    SELECT 1 FROM annotations_annotation an
                    JOIN agreement_adjudication adj ON adj.article_id = an.article_id
                    WHERE an.id = NEW.annotation_id AND adj.id = NEW.adjudication_id
                ) THEN
                    RAISE EXCEPTION 'annotation % is not of the article adjudication % decides',
                        NEW.annotation_id, NEW.adjudication_id USING ERRCODE = 'check_violation';
                END IF;
                RETURN NULL;
                """,
            ),
        ]

    def __str__(self) -> str:
        return f"annotation {self.annotation_id} settled by adjudication {self.adjudication_id}"
