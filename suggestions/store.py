"""Write an article's suggestions: compute them from its paragraphs and replace the old,
leaving out the words an editor already accepted or rejected in that paragraph
(:class:`Decision`) and the spans already annotated exactly (any tag; an annotation made
later removes the suggestion at its span itself, :func:`annotations.lifecycle.create`).

One transaction per article, with the paragraphs locked (``FOR UPDATE``) while they are
read and the suggestions written, so an edit cannot slip in between (it waits, and its
own commit schedules the next computation).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from annotations.models import Annotation
from articles.models import Article, Paragraph
from suggestions.engine import Found, ParagraphIn, suggest
from suggestions.models import (
    ENGINE_VERSION,
    REASON_MAX_LENGTH,
    SPEAKER_MAX_LENGTH,
    Decision,
    Suggestion,
)


def recompute(article_id: int) -> list[Suggestion]:
    """Replace the suggestions of article ``article_id`` with fresh ones; returns them
    (with ids). An article that no longer exists has none: returns []."""
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
        Suggestion.objects.filter(article_id=article_id).delete()
        # Words an editor accepted or rejected are never suggested again in their paragraph
        # (an article-wide decision, from before decisions had paragraphs: in any).
        decided = set()
        wide = set()
        for paragraph_id, tag, text, article_wide in Decision.objects.filter(
            article_id=article_id
        ).values_list("paragraph_id", "tag", "text", "article_wide"):
            decided.add((paragraph_id, tag, text))
            if article_wide:
                wide.add((tag, text))
        # Nor are words already annotated exactly there (any tag, by anyone).
        annotated = set(
            Annotation.objects.filter(article_id=article_id)
            .exclude(anchor=Annotation.Anchor.ORPHANED)
            .values_list("paragraph_id", "start", "end")
        )
        rows = [
            Suggestion(
                article_id=article_id,
                paragraph_id=paragraphs[f.paragraph].pk,
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
            if (paragraphs[f.paragraph].pk, f.tag, f.text) not in decided
            and (f.tag, f.text) not in wide
            and (paragraphs[f.paragraph].pk, f.start, f.end) not in annotated
        ]
        return Suggestion.objects.bulk_create(rows)


def _distinct(found: Iterable[Found]) -> list[Found]:
    seen: set[tuple[int, int, int, str]] = set()
    result = []
    for f in found:
        key = (f.paragraph, f.start, f.end, f.tag)
        if key not in seen:
            seen.add(key)
            result.append(f)
    return result
