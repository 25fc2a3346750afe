"""The annotations panel beside the article: one query, filtered in memory."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from annotations.models import Annotation
from articles.models import Article


def panel_context(request: HttpRequest, article: Article) -> dict[str, Any]:
    everything = list(
        Annotation.objects.for_article(article.pk)
        .select_related("author", "paragraph")
        .in_reading_order()
    )
    tag = request.GET.get("tag", "")
    if tag not in Annotation.Tag.values:
        tag = ""
    author = request.GET.get("author", "")
    authors = sorted({a.author.get_username() for a in everything})
    if author not in authors:
        author = ""
    shown = [
        a
        for a in everything
        if (not tag or a.tag == tag) and (not author or a.author.get_username() == author)
    ]
    for a in shown:
        a.can_edit = a.allows(request.user, "change")  # type: ignore[attr-defined]
        a.can_delete = a.allows(request.user, "delete")  # type: ignore[attr-defined]
    orphans = list(
        Annotation.objects.orphans_of(article.pk).select_related("author").order_by("created", "id")
    )
    for a in orphans:
        a.can_edit = a.allows(request.user, "change")  # type: ignore[attr-defined]
        a.can_delete = a.allows(request.user, "delete")  # type: ignore[attr-defined]
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
