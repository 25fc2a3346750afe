"""The panel's suggestions section: counts and one page of suggestions in reading order.

Like the annotations' entries, a page is found by a keyset walk of the article's
paragraphs in order (``after`` names the last one shown), so the page costs the same
whatever the article holds: two queries, the counts and the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.http import HttpRequest
from django.urls import reverse

from articles.models import Article
from suggestions.models import Run, Suggestion

PER_PAGE = 25
SPEAKER_LABELS = {"quote": "Speaker", "claim": "Claimant", "context": "Source"}

_PAGE_IDS_SQL = """
SELECT x.id FROM articles_paragraph p
CROSS JOIN LATERAL (
    SELECT s.id, s.start, s."end" FROM suggestions_suggestion s WHERE s.paragraph_id = p.id
) x
WHERE p.article_id = %s {after}
ORDER BY p.position, x.start, x."end" DESC, x.id
LIMIT %s
"""
_AFTER_SQL = """AND p.position >= %s AND (p.position > %s OR x.start > %s
    OR (x.start = %s AND (x."end" < %s OR (x."end" = %s AND x.id > %s))))"""


@dataclass(frozen=True)
class Counts:
    """Pending suggestions of an article, and how many "accept all" would take."""

    total: int
    quotes_with_speakers: int


def counts_of(article_id: int) -> Counts:
    row = Suggestion.objects.filter(article_id=article_id).aggregate(
        total=Count("pk"),
        quotes=Count("pk", filter=Q(tag="quote") & ~Q(speaker="")),
    )
    return Counts(row["total"], row["quotes"])


def page_of(article: Article, after: Suggestion | None = None) -> tuple[list[Suggestion], str]:
    """One page of the article's suggestions after ``after``, and the next page's URL."""
    params: list[Any] = [article.pk]
    keyset = ""
    if after is not None:
        position = after.paragraph.position
        keyset = _AFTER_SQL
        params += [position, position, after.start, after.start, after.end, after.end, after.pk]
    ids = RawSQL(_PAGE_IDS_SQL.format(after=keyset), [*params, PER_PAGE + 1])  # noqa: S611
    rows = list(
        Suggestion.objects.filter(pk__in=ids)
        .select_related("paragraph")
        .order_by("paragraph__position", "start", "-end", "id")
    )
    more = ""
    if len(rows) > PER_PAGE:
        rows = rows[:PER_PAGE]
        more = reverse("suggestion_list", args=[article.slug]) + f"?after={rows[-1].pk}"
    for s in rows:
        s.speaker_label = SPEAKER_LABELS.get(s.tag, "Speaker")  # type: ignore[attr-defined]
    return rows, more


def section_context(request: HttpRequest, article: Article) -> dict[str, Any]:
    """What the panel's suggestions section draws: counts and the first page."""
    counts = counts_of(article.pk)
    rows, more = page_of(article) if counts.total else ([], "")
    # An article with none: perhaps an editor asked for them and they are on their way.
    run = None if counts.total else Run.objects.filter(article_id=article.pk).first()
    return {
        "suggestion_counts": counts,
        "suggestions": rows,
        "suggestions_more_url": more,
        "suggestion_run": run,
    }
