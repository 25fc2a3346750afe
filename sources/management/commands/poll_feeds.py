"""``manage.py poll_feeds``: poll every active saved feed once (run it from a cron job or
a systemd timer, see docs/feeds.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sources.models import Feed
from sources.polling import poll


class Command(BaseCommand):
    help = (
        "Poll the active feeds saved in the admin (or those whose URLs are given) and import "
        "their new entries. One line per feed with its result; a feed another poll is "
        "busy with is left to it. Exits 0 even when a feed fails: its result says why."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("urls", nargs="*", metavar="URL", help="only these saved feeds")

    def handle(self, *args: Any, **options: Any) -> None:
        feeds = Feed.objects.filter(active=True).order_by("pk")
        if options["urls"]:
            feeds = feeds.filter(url__in=options["urls"])
        polled = 0
        for feed in feeds:
            report = poll(feed)
            feed.refresh_from_db()
            if report is None and feed.state == Feed.State.POLLING:
                self.stdout.write(self.style.WARNING(f"busy      {feed}: another poll has it"))
                continue
            polled += 1
            failed = feed.state == Feed.State.FAILED
            style = self.style.ERROR if failed else self.style.SUCCESS
            verb = "failed" if failed else "polled"
            self.stdout.write(style(f"{verb:<9} {feed}: {feed.last_result}"))
        self.stdout.write(f"Done: {polled} feeds polled.")
