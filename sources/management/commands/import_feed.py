"""``manage.py import_feed URL_OR_FILE [--replace]``: import an RSS or Atom feed's entries."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.parsing import ArticleImportError
from sources.feeds import Outcome
from sources.polling import import_feed
from suggestions.management.commands.suggest_annotations import progress_line


class Command(BaseCommand):
    help = (
        "Import the entries of an RSS or Atom feed (a URL or a file): each entry's full "
        "content when the feed carries it, else its linked page, fetched and extracted. One "
        "line per entry; duplicates (already imported) are skipped unless --replace."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", metavar="URL_OR_FILE", help="the feed's URL or a file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the paragraphs of already imported articles instead of skipping them",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_feed(
                options["address"], files=True, replace=options["replace"], progress=self._entry
            )
        except ArticleImportError as exc:
            raise CommandError(f"refused   {exc}") from None
        if self.stderr.isatty():
            self.stderr.write("\r\x1b[K", ending="", style_func=str)
        self.stdout.write(f"Done: {report.summary()}.")
        counts = report.counts()
        if not counts["imported"] + counts["replaced"]:
            self.stdout.write("Nothing new was imported.")
        refused = counts["refused"]
        if refused:
            noun = "entry was" if refused == 1 else "entries were"
            raise CommandError(f"{refused} {noun} refused, see the lines above.")

    def _entry(self, outcome: Outcome, total: int) -> None:
        # The progress bar (on a terminal) is cleared so the entry's line is not drawn on it.
        if self.stderr.isatty():
            self.stderr.write("\r\x1b[K", ending="", style_func=str)
        style = {
            "imported": self.style.SUCCESS,
            "refused": self.style.ERROR,
        }.get(outcome.status, self.style.WARNING)
        self.stdout.write(style(f"{outcome.status:<9} [{outcome.number}/{total}] {outcome.detail}"))
        if self.stderr.isatty():
            line = progress_line(outcome.number, total, "entries")
            self.stderr.write(line, ending="", style_func=str)
            self.stderr.flush()
