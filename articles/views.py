from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotations.article_text import article_text
from annotations.forms import VERDICT_CHOICES
from annotations.models import TextRevision
from annotations.panel import panel_context
from articles.models import Article
from sources.forms import ImportUrlForm

PAGE_SIZE = 20


def list_context(request: HttpRequest) -> dict[str, Any]:
    """The list page's page of articles (``?q=`` searches, ``?page=`` pages)."""
    query = request.GET.get("q", "").strip()[:200]
    ids = Article.objects.search(query).order_by("-published", "-id").values_list("pk", flat=True)
    # A search's predicate runs once (its matching ids), not again for the count; the
    # counts of paragraphs and annotations are computed for the page's rows only, never
    # for the rows a deep page skips.
    page = Paginator(list(ids) if query else ids, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = Article.objects.with_counts().filter(pk__in=list(page.object_list))
    # The page's ids become its articles, in the same order.
    page.object_list = cast(Any, list(rows.order_by("-published", "-id")))
    return {"page": page, "query": query}


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    context = list_context(request)
    if request.user.has_perm("annotations.add_annotation"):
        context["import_form"] = ImportUrlForm()
    htmx = getattr(request, "htmx", None)  # set by django-htmx's middleware
    if htmx and htmx.target == "article-results":
        return render(request, "articles/list.html#results", context)
    return render(request, "articles/list.html", context)


@require_GET
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    revision = TextRevision.objects.filter(article_id=OuterRef("pk")).values("revision")
    article = get_object_or_404(
        Article.objects.annotate(text_revision=Subquery(revision[:1])), slug=slug
    )
    context = {
        "article": article,
        "article_text": article_text(
            article.pk, article.direction, getattr(article, "text_revision", None)
        ),
        "verdict_choices": VERDICT_CHOICES,
        "can_annotate": request.user.has_perm("annotations.add_annotation"),
        **panel_context(request, article),
    }
    return render(request, "articles/detail.html", context)
