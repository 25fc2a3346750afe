"""The annotations panel beside the article: one query, filtered in memory."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

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


def panel_context(request: HttpRequest, article: Article) -> dict[str, Any]:
    filters = panel_filters(request)
    everything = list(
        Annotation.objects.for_article(article.pk)
        .select_related("author", "paragraph")
        .in_reading_order()
    )
    tag = filters.get("tag", "")
    if tag not in Annotation.Tag.values:
        tag = ""
    author = filters.get("author", "")
    authors = sorted({a.author.get_username() for a in everything})
    if author not in authors:
        author = ""
    shown = [
        a
        for a in everything
        if (not tag or a.tag == tag) and (not author or a.author.get_username() == author)
    ]
    orphans = list(
        Annotation.objects.orphans_of(article.pk).select_related("author").order_by("created", "id")
    )
    with_permissions([*shown, *orphans], request.user)
    tag_counts = {value: 0 for value in Annotation.Tag.values}
    for a in everything:
        tag_counts[a.tag] += 1
    return {
        "article": article,
        "annotations": shown,
        "annotation_total": len(everything),
        "orphans": orphans,
        "can_annotate": request.user.has_perm("annotations.add_annotation"),
        "tag_counts": [
            (value, label, tag_counts[value]) for value, label in Annotation.Tag.choices
        ],
        "authors": authors,
        "filter_tag": tag,
        "filter_author": author,
    }
