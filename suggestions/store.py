"""Write an article's suggestions: compute them from its paragraphs and bring the stored
ones up to date (unchanged ones keep their rows and ids), leaving out the words an editor
already accepted or rejected in that paragraph (:class:`Decision`) and the spans already
annotated exactly (any tag; an annotation made later removes the suggestion at its span
itself, :func:`annotations.lifecycle.create`).

One transaction per article, with the paragraphs locked (``FOR UPDATE``) while they are
read and the suggestions written, so an edit cannot slip in between (it waits, and its
own commit schedules the next computation).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from annotations.models import Annotation
from articles.models import Article, Paragraph
from desk.visibility import blind_now
from suggestions.engine import Found, ParagraphIn, suggest
from suggestions.models import (
    ENGINE_VERSION,
    REASON_MAX_LENGTH,
    SPEAKER_MAX_LENGTH,
    Decision,
    Suggestion,
)


def recompute(article_id: int) -> list[Suggestion]:
    """Bring the suggestions of article ``article_id`` up to date; returns them all, in
    the engine's order (with ids). An article that no longer exists has none: returns [].

    A suggestion found again unchanged (same :data:`SAME`: paragraph, span, tag, words,
    speaker, reason, engine) keeps its row and id, so a page that shows it can still
    accept or reject it after a recompute of another paragraph; only those no longer found
    are deleted and only new ones inserted. A kept row whose score moved gets the new one.
    """
    with transaction.atomic():
        article = Article.objects.filter(pk=article_id).only("pk", "language").first()
        if article is None:
            return []
        paragraphs = list(
            Paragraph.objects.filter(article_id=article_id)
            .order_by("position")
            .select_for_update(of=("self",))
            .only("pk", "position", "kind", "text")
        )
        found = suggest([ParagraphIn(p.text, p.kind) for p in paragraphs], article.language)
        # Locked after the paragraphs, in the order accepting one takes them (no deadlock).
        stored = {
            _same(s): s
            for s in Suggestion.objects.filter(article_id=article_id).select_for_update()
        }
        wanted = _wanted(article_id, [p.pk for p in paragraphs], found)
        result = [stored.pop(_same(s), s) for s in wanted]
        gone = [s.pk for s in stored.values()]
        if gone:
            Suggestion.objects.filter(pk__in=gone).delete()
        Suggestion.objects.bulk_create([s for s in result if s.pk is None])
        rescored = []
        for s, w in zip(result, wanted, strict=True):
            if s.score != w.score:
                s.score = w.score
                rescored.append(s)
        if rescored:
            Suggestion.objects.bulk_update(rescored, ["score"])
        return result


# What makes a stored suggestion the same as a fresh one (its row and id are kept).
SAME = ("paragraph_id", "start", "end", "tag", "text", "speaker", "reason", "engine")


def _same(s: Suggestion) -> tuple[object, ...]:
    return tuple(getattr(s, name) for name in SAME)


def _wanted(article_id: int, paragraph_ids: list[int], found: Iterable[Found]) -> list[Suggestion]:
    """The suggestions ``found`` (unsaved), without the words an editor decided in their
    paragraph and the spans already annotated exactly."""
    # Words an editor accepted or rejected are never suggested again in their paragraph
    # (an article-wide decision, from before decisions had paragraphs: in any). In blind
    # mode before review, an editor's own decisions and annotations hide a suggestion
    # from them only (suggestions.visibility): it stays stored for the others.
    blind = blind_now(article_id)
    decisions = Decision.objects.filter(article_id=article_id)
    if blind:
        decisions = decisions.filter(blind_for__isnull=True)
    decided = set()
    wide = set()
    for paragraph_id, tag, text, article_wide in decisions.values_list(
        "paragraph_id", "tag", "text", "article_wide"
    ):
        decided.add((paragraph_id, tag, text))
        if article_wide:
            wide.add((tag, text))
    # Nor are words already annotated exactly there (any tag, by anyone).
    annotated = (
        set()
        if blind
        else set(
            Annotation.objects.filter(article_id=article_id)
            .exclude(anchor=Annotation.Anchor.ORPHANED)
            .values_list("paragraph_id", "start", "end")
        )
    )
    return [
        Suggestion(
            article_id=article_id,
            paragraph_id=paragraph_ids[f.paragraph],
            start=f.start,
            end=f.end,
            text=f.text,
            tag=f.tag,
            speaker=f.speaker[:SPEAKER_MAX_LENGTH],
            reason=f.reason[:REASON_MAX_LENGTH],
            score=f.score,
            engine=ENGINE_VERSION,
        )
        for f in _distinct(found)
        if (paragraph_ids[f.paragraph], f.tag, f.text) not in decided
        and (f.tag, f.text) not in wide
        and (paragraph_ids[f.paragraph], f.start, f.end) not in annotated
    ]


def _distinct(found: Iterable[Found]) -> list[Found]:
    seen: set[tuple[int, int, int, str]] = set()
    result = []
    for f in found:
        key = (f.paragraph, f.start, f.end, f.tag)
        if key not in seen:
            seen.add(key)
            result.append(f)
    return result
