from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from agreement.data import with_rater_count, with_revision
from annotations.article_text import article_text
from annotations.forms import VERDICT_CHOICES
from annotations.panel import panel_context
from articles.models import Article
from desk.listing import (
    FILTER_NAMES,
    ArticleFilterForm,
    assignable_editors,
    filtered,
    with_desk_columns,
)
from desk.status import status_context
from desk.visibility import hidden_from, only_author_of
from sources.forms import ImportUrlForm

PAGE_SIZE = 20


def list_context(request: HttpRequest, *, mine: bool = False) -> tuple[dict[str, Any], int]:
    """The list page's context and status (400 for a refused filter): articles newest
    first, searched (``q``), filtered by the desk's status, assignee, source and date
    range (desk.listing), paged. ``mine``: the "Assigned to me" page, the same list of
    the viewer's assigned articles."""
    query = request.GET.get("q", "").strip()[:200]
    data = request.GET.copy()
    if mine:
        data["assignee"] = "me"
    filters = ArticleFilterForm(data)
    status = 200
    articles: QuerySet[Article] = Article.objects.none()
    if not filters.is_valid():
        status = 400
    else:
        articles = filtered(Article.objects.search(query), filters.cleaned_data, request.user)
    ids = articles.order_by("-published", "-id").values_list("pk", flat=True)
    # A search's predicate runs once (its matching ids), not again for the count; the
    # counts of paragraphs and annotations are computed for the page's rows only, never
    # for the rows a deep page skips.
    page = Paginator(list(ids) if query else ids, PAGE_SIZE).get_page(request.GET.get("page"))
    counted = Article.objects.with_counts(hidden_from(request.user))
    rows = with_desk_columns(counted.filter(pk__in=list(page.object_list)))
    # The page's ids become its articles, in the same order.
    page.object_list = cast(Any, list(rows.order_by("-published", "-id")))
    kept = {name: filters.data.get(name, "") for name in FILTER_NAMES if filters.data.get(name)}
    if mine:
        kept.pop("assignee", None)
    if query:
        kept = {"q": query, **kept}
    can_assign = request.user.has_perm("desk.assign_editors")
    context = {
        "page": page,
        "query": query,
        "filters": filters,
        "filter_error": filters.error_text() if status == 400 else "",
        "kept_query": urlencode(kept),
        "filtered": bool(kept),
        "mine": mine,
        "list_url": reverse("assigned_to_me" if mine else "article_list"),
        "can_assign": can_assign,
        "can_set_blind": can_assign and request.user.has_perm("desk.change_workflow"),
        "editors": assignable_editors() if can_assign else [],
    }
    return context, status


@require_GET
def article_list(request: HttpRequest, *, mine: bool = False) -> HttpResponse:
    """The list of articles (see list_context), with the paste-a-URL form for editors."""
    context, status = list_context(request, mine=mine)
    if request.user.has_perm("annotations.add_annotation"):
        context["import_form"] = ImportUrlForm()
    htmx = getattr(request, "htmx", None)  # set by django-htmx's middleware
    if htmx and htmx.target == "article-results":
        return render(request, "articles/list.html#results", context, status=status)
    return render(request, "articles/list.html", context, status=status)


@require_GET
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The reading page: the text with its highlights (cached under the article's text
    revision), the panel, the desk's status box; the Agreement link when two or more
    raters annotated it (agreement.data.rater, counted in the article's own query)."""
    articles = with_rater_count(with_revision(Article.objects.select_related("workflow")))
    article = get_object_or_404(articles, slug=slug)
    context = {
        "article": article,
        "article_text": article_text(
            article.pk,
            article.direction,
            getattr(article, "text_revision", None),
            only_author_of(request.user, article),
        ),
        "verdict_choices": VERDICT_CHOICES,
        "can_annotate": request.user.has_perm("annotations.add_annotation"),
        **panel_context(request, article),
        **status_context(request, article),
        "agreement_raters": article.rater_count,  # type: ignore[attr-defined]
    }
    return render(request, "articles/detail.html", context)
