"""Write annotations as CSV to a file or stdout: the same rows as /annotations.csv."""

from __future__ import annotations

import codecs
import sys
import time
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict

from annotations.export import ExportFilter, count_rows, stream_csv
from annotations.export_filters import ExportFilterForm

PROGRESS_INTERVAL = 0.2  # seconds between progress updates on a terminal


class Progress:
    def __init__(self, stream: IO[str], total: int) -> None:
        self.stream = stream
        self.total = total
        self.started = time.monotonic()
        self.shown = 0.0

    def __call__(self, rows: int) -> None:
        now = time.monotonic()
        if now - self.shown < PROGRESS_INTERVAL and rows < self.total:
            return
        self.shown = now
        percent = f" ({100 * rows / self.total:.0f}%)" if self.total else ""
        rate = rows / max(now - self.started, 1e-9)
        self.stream.write(f"\r{rows:,} / {self.total:,} rows{percent}, {rate:,.0f} rows/s ")
        self.stream.flush()

    def done(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Export annotations as CSV (one row per annotation), like /annotations.csv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--article", action="append", default=[], metavar="SLUG")
        parser.add_argument("--tag", action="append", default=[], metavar="TAG")
        parser.add_argument("--author", default="", metavar="USERNAME")
        parser.add_argument("--since", default="", metavar="YYYY-MM-DD")
        parser.add_argument("--until", default="", metavar="YYYY-MM-DD")
        parser.add_argument(
            "--raw", action="store_true", help="Leave text unguarded (no leading ' on =+-@)."
        )
        parser.add_argument(
            "--suggestions",
            action="store_true",
            help="Also the pending suggestions, as rows of origin 'pending'.",
        )
        parser.add_argument(
            "-o", "--output", default="-", metavar="FILE", help="Output file (default stdout)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        export_filter = self._filter(options)
        progress = None
        if self.stderr.isatty():
            progress = Progress(getattr(self.stderr, "_out", sys.stderr), count_rows(export_filter))
        chunks = stream_csv(export_filter, on_rows=progress)
        try:
            if options["output"] == "-":
                self._to_stdout(chunks)
            else:
                with open(options["output"], "wb") as out:
                    for chunk in chunks:
                        out.write(chunk)
        finally:
            chunks.close()
            if progress is not None:
                progress.done()

    def _filter(self, options: dict[str, Any]) -> ExportFilter:
        # The same form as the web view, so both reject the same mistakes the same way.
        data = QueryDict(mutable=True)
        data.setlist("article", options["article"])
        data.setlist("tag", options["tag"])
        for name in ("author", "since", "until"):
            data[name] = options[name]
        data["raw"] = "1" if options["raw"] else "0"
        data["suggestions"] = "1" if options["suggestions"] else "0"
        form = ExportFilterForm(data)
        if not form.is_valid():
            raise CommandError(form.error_text())
        return form.export_filter()

    def _to_stdout(self, chunks: Any) -> None:
        out = getattr(self.stdout, "_out", sys.stdout)
        buffer = getattr(out, "buffer", None)
        if buffer is not None:
            out.flush()
            for chunk in chunks:
                buffer.write(chunk)
            buffer.flush()
            return
        # A text stream (call_command(stdout=StringIO())): decode incrementally, as a
        # block boundary may fall inside a multi-byte character.
        decoder = codecs.getincrementaldecoder("utf-8")()
        for chunk in chunks:
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))
