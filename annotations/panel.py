"""The annotations panel beside the article: its head (counts, filter) from the tally
PostgreSQL keeps, its entries in reading order, its orphans."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, QueryDict
from django.urls import reverse

from annotations.models import Annotation, AnnotationTally
from annotations.user_columns import user_columns
from articles.models import Article
from articles.reading_order import Gap, Place, page_ids
from desk.visibility import can_review, only_author_of
from newsroom.inputs import text_problem
from suggestions.panel import section_context


def panel_filters(request: HttpRequest) -> QueryDict:
    """The panel's tag/author filter: from the query string, or, for an htmx POST made
    from the reading page, from that page's URL (where the filter lives, see
    annotation_panel), so a re-drawn panel keeps the reader's filter.

    Never raises: a write's answer reads this after the write committed, so a malformed
    ``HX-Current-URL`` (not a URL, too many parameters) only drops the filter."""
    htmx = getattr(request, "htmx", None)
    if request.method == "POST" and htmx:
        try:
            url = htmx.current_url
            return QueryDict(urlsplit(url).query) if url else request.GET
        except (ValueError, SuspiciousOperation):
            return QueryDict()
    return request.GET


def with_permissions(annotations: Iterable[Annotation], user: Any) -> None:
    """Mark what ``user`` may do with each annotation, for the Edit/Delete buttons."""
    for a in annotations:
        a.can_edit = a.allows(user, "change")  # type: ignore[attr-defined]
        a.can_delete = a.allows(user, "delete")  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PanelSummary:
    """The panel's head: counts per tag, the authors, the active filter and how many
    entries it shows. From the tally's few rows, whatever the number of annotations."""

    total: int
    tag_counts: list[tuple[str, str, int]]
    authors: list[str]
    filter_tag: str
    filter_author: str
    shown: int
    # Blind mode (desk.visibility): the only author whose annotations the viewer sees.
    only_author: int | None = None

    def shows(self, annotation: Annotation) -> bool:
        """Does the active filter (and blind mode) show ``annotation`` (a placed one)?"""
        return (
            (not self.filter_tag or annotation.tag == self.filter_tag)
            and (not self.filter_author or annotation.author.get_username() == self.filter_author)
            and (self.only_author is None or annotation.author_id == self.only_author)
        )


def panel_summary(request: HttpRequest, article: Article) -> PanelSummary:
    """Counts for the panel of ``article`` under ``request``'s filter (see panel_filters),
    of the viewer's own annotations only in blind mode (the article's ``workflow`` loaded
    with it saves a query)."""
    only_author = only_author_of(request.user, article)
    # From the tally the database keeps: a few rows, whatever the article holds.
    username = f"author__{get_user_model().USERNAME_FIELD}"
    tally = AnnotationTally.objects.filter(article_id=article.pk, placed=True)
    if only_author is not None:
        tally = tally.filter(author_id=only_author)
    rows = list(tally.values_list("tag", username, "n"))
    filters = panel_filters(request)
    tag = filters.get("tag", "")
    if tag not in Annotation.Tag.values:
        tag = ""
    authors = sorted({name for _, name, _ in rows})
    author = filters.get("author", "")[:150]
    if text_problem(author) is not None:
        author = ""  # from a malformed address: dropped, never sent to the database
    elif author and author not in authors:
        # Kept, and offered in the select, when their last annotation went while the
        # panel was filtered by them (a reload then shows the same, empty, list); a name
        # of no user is dropped. One query, only then.
        user_model = get_user_model()
        if user_model._default_manager.filter(**{user_model.USERNAME_FIELD: author}).exists():
            authors = sorted([*authors, author])
        else:
            author = ""
    per_tag = {value: 0 for value in Annotation.Tag.values}
    for row_tag, _, n in rows:
        per_tag[row_tag] += n
    shown = sum(
        n
        for row_tag, name, n in rows
        if (not tag or row_tag == tag) and (not author or name == author)
    )
    return PanelSummary(
        total=sum(per_tag.values()),
        tag_counts=[(value, label, per_tag[value]) for value, label in Annotation.Tag.choices],
        authors=authors,
        filter_tag=tag,
        filter_author=author,
        shown=shown,
        only_author=only_author,
    )


def summary_context(summary: PanelSummary) -> dict[str, Any]:
    """What the panel's head and empty-list templates read."""
    return {
        "annotation_total": summary.total,
        "annotation_shown": summary.shown,
        "tag_counts": summary.tag_counts,
        "authors": summary.authors,
        "filter_tag": summary.filter_tag,
        "filter_author": summary.filter_author,
    }


# Entries drawn at once (more than a tall screen holds); the rest load as the reader
# scrolls to the end of the list, so the page costs the same whatever the article holds.
ENTRIES_PER_PAGE = 25


def _page_ids(
    article: Article,
    summary: PanelSummary,
    after: Place | None,
    limit: int,
    before: Place | None = None,
) -> RawSQL:
    filters: list[tuple[str, list[Any]]] = []
    if summary.only_author is not None:
        filters.append(("AND s.author_id = %s", [summary.only_author]))
    if summary.filter_tag:
        filters.append(("AND s.tag = %s", [summary.filter_tag]))
    if summary.filter_author:
        # Quoted identifiers from the user model; the value is a parameter.
        users = "AND s.author_id IN (SELECT {pk} FROM {users} WHERE {name} = %s)"
        filters.append((users.format(**user_columns()), [summary.filter_author]))
    return page_ids(
        Annotation, article.pk, after=after, before=before, limit=limit, filters=filters
    )


def shown_entries(
    article: Article,
    summary: PanelSummary,
    after: Place | None = None,
    limit: int = ENTRIES_PER_PAGE,
    before: Place | None = None,
) -> QuerySet[Annotation]:
    """At most ``limit`` entries the panel's filter shows, in reading order, after
    ``after`` and before ``before`` if given (keyset paging: a new annotation never
    shifts a page the reader has not loaded). One query whatever the article holds."""
    page = Annotation.objects.filter(pk__in=_page_ids(article, summary, after, limit, before))
    return (
        page.select_related("author", "paragraph", "reviewer")
        .with_final()
        .with_work_state()
        .in_reading_order()
    )


def next_entry(annotation: Annotation, summary: PanelSummary) -> int | None:
    """The id of the first entry the panel shows after ``annotation`` (a placed one), or
    None: a page of one entry after it, by the same keyset walk as the panel's pages."""
    page = _page_ids(annotation.article, summary, after=Place.of(annotation), limit=1)
    return Annotation.objects.filter(pk__in=page).values_list("pk", flat=True).first()


def _more_url(article: Article, summary: PanelSummary, after: Place, before: Place | None) -> str:
    query = {
        "after": str(after),
        "before": str(before) if before else "",
        "tag": summary.filter_tag,
        "author": summary.filter_author,
    }
    return (
        reverse("annotation_panel_more", args=[article.slug])
        + "?"
        + urlencode({key: value for key, value in query.items() if value})
    )


def _gap(article: Article, summary: PanelSummary, after: Place, before: Place) -> Gap:
    name = f"entries-gap-{after}-{before}".replace(".", "-")
    return Gap(name, _more_url(article, summary, after, before), "annotations")


def entries_page(
    request: HttpRequest,
    article: Article,
    summary: PanelSummary,
    after: Place | None = None,
    before: Place | None = None,
) -> dict[str, Any]:
    """One page of entries after ``after`` and, when more follow, the address of the next
    page (``more_url``, the list's tail) or, inside a gap (``before`` given), the rest of
    the gap (``tail_gap``)."""
    rows = list(shown_entries(article, summary, after, ENTRIES_PER_PAGE + 1, before))
    more_url = ""
    tail_gap = None
    if len(rows) > ENTRIES_PER_PAGE:
        rows = rows[:ENTRIES_PER_PAGE]
        last = Place.of(rows[-1])
        if before is None:
            more_url = _more_url(article, summary, last, None)
        else:
            tail_gap = _gap(article, summary, last, before)
    with_permissions(rows, request.user)
    return {
        "annotations": rows,
        "more_url": more_url,
        "tail_gap": tail_gap,
        "in_gap": before is not None,
        "can_review": can_review(request.user, article),
    }


def entries_from(
    request: HttpRequest,
    article: Article,
    summary: PanelSummary,
    at: Annotation,
    after: Place,
    before: Place | None,
) -> dict[str, Any]:
    """The page of entries that starts with ``at`` (an entry a reader asked for from the
    text, not loaded yet), for the list's loader that holds it: the one after ``after``
    (and before ``before``, for a gap). Entries between ``after`` and ``at`` stay a gap
    the reader can load (``lead_gap``). Three queries whatever the article holds."""
    place = Place.of(at)
    page = entries_page(request, article, summary, place.just_before(), before)
    between = shown_entries(article, summary, after, 1, place)
    lead_gap = _gap(article, summary, after, place) if between.exists() else None
    return {**page, "lead_gap": lead_gap}


def panel_context(request: HttpRequest, article: Article) -> dict[str, Any]:
    """The whole panel, for the reading page and a change of filter."""
    summary = panel_summary(request, article)
    return {
        "article": article,
        "orphans": orphans_of(request, article, summary.only_author),
        "can_annotate": request.user.has_perm("annotations.add_annotation"),
        **entries_page(request, article, summary),
        **summary_context(summary),
        **section_context(request, article),
    }


def orphans_of(
    request: HttpRequest, article: Article, only_author: int | None = None
) -> list[Annotation]:
    """The article's orphans, oldest first (only ``only_author``'s in blind mode), marked
    with what the user may do."""
    found = Annotation.objects.orphans_of(article.pk)
    if only_author is not None:
        found = found.filter(author_id=only_author)
    orphans = list(
        found.select_related("author", "reviewer")
        .with_final()
        .with_work_state()
        .order_by("created", "id")
    )
    with_permissions(orphans, request.user)
    return orphans
