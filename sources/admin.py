"""Saved feeds in the admin: their address, whether they are polled, and each one's last
poll (when, its result line, imported / duplicates / refused, and the progress of a poll
under way); "Poll now" polls the selected feeds in the background."""

from __future__ import annotations

import functools

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from sources.models import Feed
from sources.polling import poll_feed


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "url",
        "active",
        "progress",
        "last_polled",
        "imported",
        "duplicates",
        "refused",
        "last_result",
    )
    list_filter = ("active", "state")
    search_fields = ("title", "url")
    readonly_fields = (
        "progress",
        "last_polled",
        "last_result",
        "imported",
        "duplicates",
        "refused",
    )
    fields = ("url", "title", "active", *readonly_fields)
    actions = ("poll_now",)

    @admin.display(description="state")
    def progress(self, obj: Feed) -> str:
        """ "polling 3/12 entries" ("polling: reading the feed" before its entries are
        known), or the state's name."""
        if obj.state == Feed.State.POLLING and obj.entries_total:
            return f"polling {obj.entries_done}/{obj.entries_total} entries"
        if obj.state == Feed.State.POLLING:
            return "polling: reading the feed"
        return obj.get_state_display()

    @admin.action(description="Poll now", permissions=("change",))
    def poll_now(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        """Queue a poll of each selected feed not already being polled (the tasks backend
        runs it in the background; refresh the list for its progress and result)."""
        ids = list(queryset.exclude(state=Feed.State.POLLING).values_list("pk", flat=True))
        Feed.objects.filter(pk__in=ids).update(state=Feed.State.QUEUED)
        for pk in ids:
            transaction.on_commit(functools.partial(poll_feed.enqueue, pk))
        busy = queryset.count() - len(ids)
        noun = "feed" if len(ids) == 1 else "feeds"
        text = f"Polling {len(ids)} {noun} in the background: refresh this page for the results."
        if busy:
            text += f" {busy} already being polled left alone."
        self.message_user(request, text, messages.SUCCESS)
