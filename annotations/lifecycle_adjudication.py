"""The owner's part for adjudication: a reviewer or the desk settles a passage where
editors differ, by adopting one editor's version or by writing a merged one.

Part of the one owner of annotation changes (:mod:`annotations.lifecycle`), as
:mod:`annotations.lifecycle_suggestions` is for suggestions. In one transaction it:

- checks the permission ``agreement.adjudicate`` (Reviewers, Desk, superusers);
- locks the editors' annotations being settled (they must all be placed annotations of
  the article, and none settled already, else :class:`StaleChange`: someone else decided
  meanwhile);
- makes the final annotation: the adopted one stays as it is and gets a history event
  "adjudicate" (no field changes, so its version does not move); a merged one is a new
  annotation of the adjudicator on the same paragraph (created through the owner's own
  helpers, recorded as "adjudicate" in its history);
- records :class:`agreement.models.Adjudication` and a :class:`agreement.models.Settled`
  row per settled annotation (a unique constraint: an annotation is settled once).

The editors' annotations are never changed: the agreement figures keep measuring their
own work, and the CSV marks the final annotation ``final``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pghistory
from django.db import IntegrityError, transaction
from django.utils import timezone

from agreement.models import Adjudication, Settled
from annotations import lifecycle
from annotations.change_rules import (
    Fields,
    NotAllowed,
    NotFound,
    RuleBroken,
    Selection,
    StaleChange,
    clean_fields,
)
from annotations.models import Annotation

User = lifecycle.User
REASON = "adjudicate"
DECIDED = "Someone else adjudicated this passage meanwhile. Reload the page."


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
) -> Adjudication:
    """Settle annotations ``settles`` of article ``article_id``: adopt annotation ``adopt``
    (one of them) as final, or write ``merged`` as the final one. Exactly one of the two.

    Raises NotAllowed (no ``agreement.adjudicate``), RuleBroken naming the field
    (``settles``, ``adopt``, ``start``, ``end``, ``tag``…), NotFound (an annotation is
    gone), StaleChange (one is settled already, orphaned, or of another article).
    """
    if not user.has_perm("agreement.adjudicate"):
        raise NotAllowed("Only reviewers and the desk adjudicate.")
    ids = sorted(set(settles))
    if not ids:
        raise RuleBroken("settles: name the annotations this decision settles.", "settles")
    if (adopt is None) == (merged is None):
        raise RuleBroken("adopt: adopt one version or write a merged one (not both).", "adopt")
    if adopt is not None and adopt not in ids:
        raise RuleBroken("adopt: the adopted version must be one of those settled.", "adopt")
    fields = clean_fields(merged.fields) if merged is not None else None
    with transaction.atomic(), lifecycle._action(user, REASON):
        found = list(
            Annotation.objects.select_for_update(of=("self",))
            .select_related("article", "author")
            .filter(pk__in=ids)
            .order_by("pk")
        )
        if len(found) != len(ids):
            raise NotFound("One of those annotations does not exist any more. Reload the page.")
        paragraphs = {a.paragraph_id for a in found}
        if any(a.article_id != article_id or a.paragraph_id is None for a in found):
            raise StaleChange("Those annotations are not all placed in this article any more.")
        if Settled.objects.filter(annotation_id__in=ids).exists():
            raise StaleChange(DECIDED)
        if merged is not None and fields is not None:
            if len(paragraphs) != 1:
                raise RuleBroken("settles: a merged version stays within one paragraph.", "settles")
            (paragraph_id,) = paragraphs
            assert paragraph_id is not None  # placed, checked above
            final = _merged(user, article_id, paragraph_id, merged, fields)
            kind = Adjudication.Kind.MERGED
        else:
            final = next(a for a in found if a.pk == adopt)
            pghistory.create_event(final, label=REASON)
            kind = Adjudication.Kind.ADOPTED
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
                    [Settled(adjudication=decision, annotation_id=pk) for pk in ids]
                )
        except IntegrityError as exc:  # a concurrent decision won the unique constraint
            raise StaleChange(DECIDED) from exc
    return decision


def _merged(
    user: User, article_id: int, paragraph_id: int, merged: Merged, fields: Fields
) -> Annotation:
    paragraph = lifecycle._locked_paragraph(paragraph_id)
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
    if annotation.article_id != article_id:
        raise StaleChange("That paragraph is not in this article any more.")
    annotation.save(force_insert=True)
    return annotation
