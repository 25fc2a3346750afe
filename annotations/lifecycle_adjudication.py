"""The owner's part for adjudication: a reviewer or the desk settles a passage where
editors differ, by adopting one version or by writing a merged one.

Part of the one owner of annotation changes (:mod:`annotations.lifecycle`), as
:mod:`annotations.lifecycle_suggestions` is for suggestions. In one transaction it:

- checks the permission ``agreement.adjudicate`` (Reviewers, Desk, superusers), and that
  the article is ready for review or done, as review does: while its editors still work
  (new, in progress) nobody settles their passages (StaleChange, NOT_READY);
- locks the passage's paragraph (the lock every create and move takes, so the passage
  cannot grow meanwhile) and its annotations, then recomputes the dispute there
  (:mod:`agreement.disputes`): the request must name the whole dispute, every editor's
  annotation of it and nothing else (else RuleBroken naming ``settles``);
- supersedes earlier decisions. A passage settled before can be pulled into a larger
  dispute by a new overlapping annotation; the new decision then replaces every earlier
  decision that settled any of its annotations (their records go; annotations those
  decisions settled outside this dispute are open again). An earlier final counts as one
  version: it may be adopted again; an earlier *merged* final that is not adopted again
  is deleted (history: "superseded"), since a merged version is a decision, not an
  editor's work;
- makes the final annotation: the adopted one keeps its words and fields; a merged one is
  a new annotation of the adjudicator on the same paragraph. Either way the final one is
  **approved by the adjudicator** (review fields, versioned, in history under the reason
  "adjudicate"): a final annotation is never rejected or unreviewed, which a deferred
  trigger holds in PostgreSQL (agreement migration 0005);
- records :class:`agreement.models.Adjudication` and a :class:`agreement.models.Settled`
  row per settled annotation (a unique constraint: an annotation is settled once).

The editors' annotations keep their words and tags: the agreement figures keep measuring
their own work, and the CSV marks the final annotation ``final``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from agreement.data import rater
from agreement.disputes import Item, Passage, passages
from agreement.models import Adjudication, Settled
from annotations import lifecycle
from annotations.change_rules import (
    Fields,
    NotAllowed,
    RuleBroken,
    Selection,
    StaleChange,
    clean_fields,
)
from annotations.lifecycle_review import REVIEW_FIELDS
from annotations.models import Annotation
from articles.models import Paragraph
from desk.models import Status, Workflow

User = lifecycle.User
REASON = "adjudicate"
DECIDED = "Someone else adjudicated this passage meanwhile. Reload the page."
# Statuses in which passages may be settled: the editors' work is handed in.
ADJUDICABLE = (Status.READY, Status.DONE)
NOT_READY = (
    "The article is not ready for review: its editors are still at work, so their "
    "passages cannot be adjudicated yet. Reload the page."
)


def adjudicable(article_id: int) -> bool:
    """Is article ``article_id`` ready for review or done (one query)?"""
    return Workflow.objects.filter(article_id=article_id, status__in=ADJUDICABLE).exists()


@dataclass(frozen=True)
class Merged:
    """The adjudicator's own version: a span of the settled annotations' paragraph
    (``start``/``end`` in code points, end exclusive) and its fields."""

    start: int
    end: int
    fields: Fields


def adjudicate(
    user: User,
    article_id: int,
    settles: Sequence[int],
    *,
    adopt: int | None = None,
    merged: Merged | None = None,
    nobody: bool = False,
) -> Adjudication:
    """Settle the dispute made of annotations ``settles`` of article ``article_id``: adopt
    annotation ``adopt`` (one of them, or the final of an earlier decision on them) as
    final, or write ``merged`` as the final one, or decide (``nobody``) that nobody should
    mark the passage: then the decision has no final annotation (kind "none"), the passage
    counts as settled and the CSV marks none of its annotations final; the editors'
    annotations stay as they were. Exactly one of the three.

    Raises NotAllowed (no ``agreement.adjudicate``); RuleBroken naming the field
    (``settles``: none, not all of this article, or not exactly one whole dispute;
    ``adopt``; ``start``/``end`` out of order, past the paragraph or not overlapping the
    passage; ``tag``…); StaleChange (the article is not ready for
    review or done; the dispute was decided or agreed meanwhile; an annotation was
    orphaned).
    """
    if not user.has_perm("agreement.adjudicate"):
        raise NotAllowed("Only reviewers and the desk adjudicate.")
    ids = sorted(set(settles))
    if not ids:
        raise RuleBroken("settles: name the annotations this decision settles.", "settles")
    if (adopt is not None) + (merged is not None) + nobody != 1:
        raise RuleBroken(
            "adopt: adopt one version, write a merged one or decide nobody should mark "
            "this (one of them).",
            "adopt",
        )
    fields = clean_fields(merged.fields) if merged is not None else None
    with transaction.atomic(), lifecycle._action(user, REASON):
        if not adjudicable(article_id):
            raise StaleChange(NOT_READY)
        paragraph_id = _paragraph_of(article_id, ids)
        paragraph = lifecycle._locked_paragraph(paragraph_id)
        dispute, earlier = _dispute(article_id, paragraph_id, ids)
        finals = {final: kind for _, final, kind in earlier}
        if adopt is not None and adopt not in ids and adopt not in finals:
            raise RuleBroken(
                "adopt: the adopted version must be one of this dispute's (or its final so far).",
                "adopt",
            )
        # Every lock before the first write (whose triggers lock the article's revision
        # row): an editor's change of one of these then waits, and cannot deadlock.
        adopted = lifecycle._locked(adopt) if adopt is not None else None
        dropped = list(
            Annotation.objects.select_for_update(of=("self",)).filter(
                pk__in=[f for f, kind in finals.items() if kind == "merged" and f != adopt]
            )
        )
        # The earlier decisions go first (their settled rows with them, a cascade), then
        # the merged finals nobody adopts again: a final annotation is one decision's.
        Adjudication.objects.filter(pk__in={pk for pk, _, _ in earlier}).delete()
        for annotation in dropped:
            annotation.delete()
        final: Annotation | None
        if nobody:
            final, kind = None, Adjudication.Kind.NONE
        elif merged is not None and fields is not None:
            _within_passage(merged, dispute)
            final = _merged(user, paragraph, merged, fields)
            kind = Adjudication.Kind.MERGED
        else:
            assert adopted is not None  # one of the two, checked above
            final = adopted
            _approve(user, final)
            # An earlier merged final adopted again stays a merged version (no editor's).
            kind = Adjudication.Kind(finals.get(final.pk, Adjudication.Kind.ADOPTED))
        try:
            with transaction.atomic():
                decision = Adjudication.objects.create(
                    article_id=article_id,
                    final=final,
                    kind=kind,
                    decided_by=user,
                    decided_at=timezone.now(),
                )
                Settled.objects.bulk_create(
                    [Settled(adjudication=decision, annotation_id=pk) for pk in dispute.ids]
                )
        except IntegrityError as exc:  # a concurrent decision won the unique constraint
            raise StaleChange(DECIDED) from exc
    return decision


def _paragraph_of(article_id: int, ids: list[int]) -> int:
    """The one paragraph of annotations ``ids``, all of article ``article_id``."""
    rows = dict(
        Annotation.objects.filter(pk__in=ids, article_id=article_id).values_list(
            "pk", "paragraph_id"
        )
    )
    foreign = [pk for pk in ids if pk not in rows]
    if foreign:
        listed = ", ".join(str(pk) for pk in foreign[:5])
        raise RuleBroken(f"settles: annotation {listed} is not one of this article's.", "settles")
    paragraphs = set(rows.values())
    if None in paragraphs:
        raise StaleChange("Those annotations are not all placed in this article any more.")
    if len(paragraphs) != 1:
        raise RuleBroken(
            "settles: a dispute lies within one paragraph: name the annotations of one.",
            "settles",
        )
    (paragraph_id,) = paragraphs
    assert paragraph_id is not None
    return int(paragraph_id)


def _dispute(
    article_id: int, paragraph_id: int, ids: list[int]
) -> tuple[Passage, list[tuple[int, int, str]]]:
    """The open dispute that is exactly ``ids`` (its annotations locked), and the earlier
    decisions on any of them as (adjudication id, final annotation id, kind)."""
    merged_finals = Adjudication.objects.filter(article_id=article_id, kind="merged").values(
        "final_id"
    )
    raters = rater(article_id)
    rows = (
        Annotation.objects.select_for_update(of=("self",))
        .filter(raters, paragraph_id=paragraph_id)
        .exclude(pk__in=merged_finals)
        .order_by("start", "end", "pk")
        .values_list("pk", "author__username", "paragraph_id", "start", "end", "tag", "text")
    )
    items = [Item(*row) for row in rows]
    passage = next((p for p in passages(items) if ids[0] in p.ids), None)
    if passage is None or passage.ids != ids:
        whole = ", ".join(str(pk) for pk in passage.ids) if passage else "none"
        raise RuleBroken(
            "settles: name one whole dispute, every annotation of it "
            f"(this one holds {whole} now). Reload the page.",
            "settles",
        )
    editors = sorted(
        set(
            Annotation.objects.for_article(article_id)
            .filter(raters)
            .exclude(pk__in=merged_finals)
            .values_list("author__username", flat=True)
            .distinct()
        )
    )
    if passage.agreed(editors):
        raise StaleChange("The editors agree on this passage now. Reload the page.")
    earlier = list(
        Settled.objects.filter(annotation_id__in=ids).values_list(
            "adjudication_id", "adjudication__final_id", "adjudication__kind"
        )
    )
    if len(earlier) == len(ids):
        raise StaleChange(DECIDED)
    return passage, sorted(set(earlier))


def _within_passage(merged: Merged, passage: Passage) -> None:
    """A merged version settles its passage, so it shares at least one code point with it
    (RuleBroken naming ``start``, or ``end`` when the order is wrong)."""
    if merged.end <= merged.start:
        raise RuleBroken("end: the end must come after the start.", "end")
    if merged.end <= passage.start or merged.start >= passage.end:
        raise RuleBroken(
            f"start, end: a merged version must overlap the passage it settles "
            f"(characters {passage.start}–{passage.end}).",
            "start",
        )


def _approve(user: User, annotation: Annotation) -> None:
    """The final annotation is approved by its adjudicator (versioned, in history)."""
    annotation.review, annotation.review_comment = Annotation.Review.APPROVED, ""
    annotation.reviewer, annotation.reviewed = user, timezone.now()
    lifecycle._write(annotation, REVIEW_FIELDS)


def _merged(user: User, paragraph: Paragraph, merged: Merged, fields: Fields) -> Annotation:
    if not 0 <= merged.start < merged.end:
        raise RuleBroken("end: the end must come after the start.", "end")
    if merged.end > len(paragraph.text):
        raise RuleBroken("end: the merged span runs past the paragraph.", "end")
    text = paragraph.text[merged.start : merged.end]
    selection = Selection(paragraph.pk, merged.start, merged.end, text)
    twin = lifecycle._twin(paragraph.pk, merged.start, merged.end, fields.tag, user.pk)
    if twin is not None:
        raise RuleBroken("tag: you have this very annotation already: adopt it instead.", "tag")
    annotation = lifecycle._new(user, paragraph, selection, fields, timezone.now())
    annotation.review, annotation.reviewer, annotation.reviewed = (
        Annotation.Review.APPROVED,
        user,
        annotation.created,
    )
    annotation.save(force_insert=True)
    return annotation
