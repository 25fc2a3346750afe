"""The annotations panel beside the article: its head (counts, filter) from one aggregate
query, its entries in reading order, its orphans."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.http import HttpRequest, QueryDict

from annotations.models import Annotation
from articles.models import Article


def panel_filters(request: HttpRequest) -> QueryDict:
    """The panel's tag/author filter: from the query string, or, for an htmx POST made
    from the reading page, from that page's URL (where the filter lives, see
    annotation_panel), so a re-drawn panel keeps the reader's filter."""
    htmx = getattr(request, "htmx", None)
    if request.method == "POST" and htmx and htmx.current_url:
        return QueryDict(urlsplit(htmx.current_url).query)
    return request.GET


def with_permissions(annotations: Iterable[Annotation], user: Any) -> None:
    """Mark what ``user`` may do with each annotation, for the Edit/Delete buttons."""
    for a in annotations:
        a.can_edit = a.allows(user, "change")  # type: ignore[attr-defined]
        a.can_delete = a.allows(user, "delete")  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PanelSummary:
    """The panel's head: counts per tag, the authors, the active filter and how many
    entries it shows. From one aggregate query, whatever the number of annotations."""

    total: int
    tag_counts: list[tuple[str, str, int]]
    authors: list[str]
    filter_tag: str
    filter_author: str
    shown: int

    def shows(self, annotation: Annotation) -> bool:
        """Does the active filter show ``annotation`` (a placed one) in the list?"""
        return (not self.filter_tag or annotation.tag == self.filter_tag) and (
            not self.filter_author or annotation.author.get_username() == self.filter_author
        )


def panel_summary(request: HttpRequest, article: Article) -> PanelSummary:
    """Counts for the panel of ``article`` under ``request``'s filter (see panel_filters)."""
    username = f"author__{get_user_model().USERNAME_FIELD}"
    rows = list(
        Annotation.objects.for_article(article.pk)
        .order_by()
        .values_list("tag", username)
        .annotate(n=Count("id"))
    )
    filters = panel_filters(request)
    tag = filters.get("tag", "")
    if tag not in Annotation.Tag.values:
        tag = ""
    authors = sorted({name for _, name, _ in rows})
    author = filters.get("author", "")
    if author not in authors:
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


def panel_context(request: HttpRequest, article: Article) -> dict[str, Any]:
    """The whole panel, for the reading page and a change of filter."""
    summary = panel_summary(request, article)
    shown = [
        a
        for a in Annotation.objects.for_article(article.pk)
        .select_related("author", "paragraph")
        .in_reading_order()
        if summary.shows(a)
    ]
    orphans = orphans_of(request, article)
    with_permissions(shown, request.user)
    return {
        "article": article,
        "annotations": shown,
        "orphans": orphans,
        "can_annotate": request.user.has_perm("annotations.add_annotation"),
        **summary_context(summary),
    }


def orphans_of(request: HttpRequest, article: Article) -> list[Annotation]:
    """The article's orphans, oldest first, marked with what the user may do."""
    orphans = list(
        Annotation.objects.orphans_of(article.pk).select_related("author").order_by("created", "id")
    )
    with_permissions(orphans, request.user)
    return orphans
