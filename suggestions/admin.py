"""The desk's figures on suggestions, per article, for the article admin: how many were
accepted (became annotations), rejected, and are still pending, and the share accepted
of those decided. Counted by subqueries for the rows of the page only."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from articles.models import Article
from suggestions.models import Decision, Suggestion


def _count(queryset: QuerySet[Decision] | QuerySet[Suggestion]) -> Coalesce:
    counted = (
        queryset.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_acceptance(articles: QuerySet[Article]) -> QuerySet[Article]:
    """``articles`` with ``suggestions_accepted``, ``suggestions_rejected`` and
    ``suggestions_pending``."""
    return articles.annotate(
        suggestions_accepted=_count(Decision.objects.filter(kind=Decision.Kind.ACCEPTED)),
        suggestions_rejected=_count(Decision.objects.filter(kind=Decision.Kind.REJECTED)),
        suggestions_pending=_count(Suggestion.objects.all()),
    )


def figures(article: Article) -> str:
    """ "3 accepted, 1 rejected (75 % accepted), 2 pending"."""
    accepted = int(getattr(article, "suggestions_accepted", 0))
    rejected = int(getattr(article, "suggestions_rejected", 0))
    pending = int(getattr(article, "suggestions_pending", 0))
    decided = accepted + rejected
    rate = f" ({round(100 * accepted / decided)} % accepted)" if decided else ""
    return f"{accepted} accepted, {rejected} rejected{rate}, {pending} pending"


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """Editors' decisions, read-only: what was accepted or rejected, by whom, when."""

    list_display = ("text_excerpt", "tag", "kind", "article", "user", "created")
    list_filter = ("kind", "tag")
    search_fields = ("text", "article__title")
    list_select_related = ("article", "user")

    @admin.display(description="words")
    def text_excerpt(self, obj: Decision) -> str:
        return obj.text[:80]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
