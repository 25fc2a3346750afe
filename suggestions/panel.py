"""The panel's suggestions section: counts and one page of suggestions in reading order.

Like the annotations' entries, a page is found by a keyset walk in reading order
(:mod:`articles.reading_order`; ``after`` names the last one shown), so the page costs
the same whatever the article holds: two queries, the counts and the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.http import HttpRequest
from django.urls import reverse

from articles.models import Article
from articles.reading_order import Gap, Place, page_ids
from desk.visibility import only_author_of
from suggestions.models import Run, Suggestion
from suggestions.visibility import shown, shown_sql

PER_PAGE = 25
SPEAKER_LABELS = {"quote": "Speaker", "claim": "Claimant", "context": "Source"}


def place_of(s: Suggestion, *, inclusive: bool = False) -> Place:
    """``s``'s place; ``inclusive``: the place just before it (a page that starts with it)."""
    return Place.of(s).just_before() if inclusive else Place.of(s)


@dataclass(frozen=True)
class Counts:
    """Pending suggestions of an article, and how many "accept all" would take."""

    total: int
    quotes_with_speakers: int


def counts_of(article_id: int, only_author: int | None = None) -> Counts:
    """The counts a viewer limited to ``only_author``'s work sees (blind mode,
    :mod:`suggestions.visibility`; None: everyone's). One query."""
    row = shown(Suggestion.objects.filter(article_id=article_id), only_author).aggregate(
        total=Count("pk"),
        quotes=Count("pk", filter=Q(tag="quote") & ~Q(speaker="")),
    )
    return Counts(row["total"], row["quotes"])


def _ids(
    article: Article,
    after: Place | None,
    before: Place | None,
    limit: int,
    only_author: int | None,
) -> RawSQL:
    restrict = "" if only_author is None else "{who} = %s"
    params = () if only_author is None else (only_author, only_author)
    shown_there = (f"AND {shown_sql('s', restrict)}", params)
    return page_ids(
        Suggestion, article.pk, after=after, before=before, limit=limit, filters=[shown_there]
    )


def _url(article: Article, after: int, before: int | None = None) -> str:
    query = f"?after={after}" + (f"&before={before}" if before else "")
    return reverse("suggestion_list", args=[article.slug]) + query


def page_of(
    article: Article,
    after: Suggestion | None = None,
    *,
    before: Suggestion | None = None,
    at: Suggestion | None = None,
    only_author: int | None = None,
) -> tuple[list[Suggestion], str]:
    """One page of the article's suggestions after ``after`` (or starting with ``at``),
    up to ``before`` if given, and the address of what follows: the next page, or, inside
    a gap, the rest of the gap (its first row's ``data-gap``). ``only_author``: blind
    mode's viewer (:mod:`suggestions.visibility`)."""
    start = place_of(at, inclusive=True) if at else (place_of(after) if after else None)
    end = place_of(before) if before else None
    rows = list(
        Suggestion.objects.filter(pk__in=_ids(article, start, end, PER_PAGE + 1, only_author))
        .select_related("paragraph")
        .order_by("paragraph__position", "start", "-end", "id")
    )
    more = ""
    if len(rows) > PER_PAGE:
        rows = rows[:PER_PAGE]
        more = _url(article, rows[-1].pk, before.pk if before else None)
    for s in rows:
        s.speaker_label = SPEAKER_LABELS.get(s.tag, "Speaker")  # type: ignore[attr-defined]
    return rows, more


def gap_between(
    article: Article, after: Suggestion, before: Suggestion, only_author: int | None = None
) -> Gap | None:
    """The gap of suggestions between two loaded ones, or None when there is none."""
    ids = _ids(article, place_of(after), place_of(before), 1, only_author)
    between = Suggestion.objects.filter(pk__in=ids)
    if not between.exists():
        return None
    return Gap(
        f"suggestions-gap-{after.pk}-{before.pk}", _url(article, after.pk, before.pk), "suggestions"
    )


def section_context(request: HttpRequest, article: Article) -> dict[str, Any]:
    """What the panel's suggestions section draws: counts and the first page, as the
    viewer sees them (blind mode, :mod:`suggestions.visibility`)."""
    only_author = only_author_of(request.user, article)
    counts = counts_of(article.pk, only_author)
    rows, more = page_of(article, only_author=only_author) if counts.total else ([], "")
    # An article with none: perhaps an editor asked for them and they are on their way.
    run = None if counts.total else Run.objects.filter(article_id=article.pk).first()
    return {
        "suggestion_counts": counts,
        "suggestions": rows,
        "suggestions_more_url": more,
        "suggestion_run": run,
    }
