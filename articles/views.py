from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotations.models import Annotation
from annotations.panel import panel_context
from articles.models import Article, Paragraph

PAGE_SIZE = 20


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    articles = Article.objects.with_counts().search(query).order_by("-published", "-id")
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query}
    htmx = getattr(request, "htmx", None)  # set by django-htmx's middleware
    if htmx and htmx.target == "article-results":
        return render(request, "articles/list.html#results", context)
    return render(request, "articles/list.html", context)


@require_GET
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article, slug=slug)
    paragraphs = Paragraph.objects.filter(article=article).prefetch_related(
        Prefetch(
            "annotations",
            queryset=Annotation.objects.only("id", "paragraph_id", "start", "end", "tag"),
        )
    )
    context = {
        "article": article,
        "paragraphs": paragraphs,
        "can_annotate": request.user.has_perm("annotations.add_annotation"),
        **panel_context(request, article),
    }
    return render(request, "articles/detail.html", context)
