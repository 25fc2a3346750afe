"""Adjudications in the admin, read only: decisions are made on the agreement page,
through the annotations' owner, never by editing these rows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from agreement.models import Adjudication


@admin.register(Adjudication)
class AdjudicationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("decided_at", "article", "final_words", "kind", "decided_by", "settled_count")
    list_filter = ("kind",)
    list_select_related = ("article", "final", "decided_by")
    search_fields = ("article__title", "final__text")
    fields = ("article", "final", "kind", "decided_by", "decided_at")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Adjudication]:
        return super().get_queryset(request).annotate(settled_total=Count("settled"))

    @admin.display(description="final annotation")
    def final_words(self, obj: Adjudication) -> str:
        return str(obj.final)

    @admin.display(description="annotations settled", ordering="settled_total")
    def settled_count(self, obj: Any) -> int:
        return int(obj.settled_total)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
