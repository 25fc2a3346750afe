"""``manage.py suggest_annotations [SLUG ...] [--all] [--jsonl PATH]``."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.models import Article
from suggestions import store

BAR_WIDTH = 30


def progress_line(done: int, total: int, label: str) -> str:
    """A text progress bar: ``[#####-----] 5/10 label`` (``BAR_WIDTH`` cells)."""
    filled = BAR_WIDTH * done // max(1, total)
    return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total} {label}"


def plural(n: int, noun: str) -> str:
    """``1 article``, ``2 articles``, ``0 quotes``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


class _Lines(io.StringIO):
    """Standard output for ``--jsonl -``: each write goes to the command's stdout."""

    def __init__(self, command: BaseCommand) -> None:
        super().__init__()
        self.command = command

    def write(self, text: str) -> int:
        self.command.stdout.write(text, ending="")
        return len(text)


class Command(BaseCommand):
    help = (
        "Recompute the suggestions (quotes with speakers, check-worthy claims, context) of "
        "the articles named by slug, or of every article with --all. With --jsonl PATH, "
        "also write one JSON object per suggestion (- for standard output): article, "
        "paragraph (1-based position), start, end (code points, end exclusive), text, "
        "tag, speaker, reason, score. The summary line goes to standard output, or to "
        "standard error with --jsonl -."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", metavar="SLUG")
        parser.add_argument("--all", action="store_true", help="every article")
        parser.add_argument("--jsonl", metavar="PATH", help="write the suggestions here")

    def handle(self, *args: Any, **options: Any) -> None:
        slugs: list[str] = options["slugs"]
        if options["all"] == bool(slugs):
            raise CommandError("Name articles by slug, or pass --all (not both).")
        articles = Article.objects.order_by("pk").only("pk", "slug")
        if slugs:
            found = {a.slug: a for a in articles.filter(slug__in=slugs)}
            missing = [s for s in slugs if s not in found]
            if missing:
                raise CommandError(f"No article with slug: {', '.join(missing)}")
            chosen = [found[s] for s in dict.fromkeys(slugs)]
        else:
            chosen = list(articles)
        out: TextIO | None = None
        path = options["jsonl"]
        if path == "-":
            out = _Lines(self)
        elif path:
            try:
                out = Path(path).open("w", encoding="utf-8")  # noqa: SIM115
            except OSError as exc:
                raise CommandError(f"Cannot write --jsonl {path}: {exc.strerror}.") from exc
        counts = {"quote": 0, "claim": 0, "context": 0}
        try:
            for number, article in enumerate(chosen, start=1):
                self._progress(number - 1, len(chosen), article.slug)
                rows = store.recompute(article.pk)
                positions = dict(
                    article.paragraphs.values_list("pk", "position") if out is not None else []
                )
                for s in rows:
                    counts[s.tag] += 1
                    if out is not None:
                        record = {
                            "article": article.slug,
                            "paragraph": positions[s.paragraph_id],
                            "start": s.start,
                            "end": s.end,
                            "text": s.text,
                            "tag": s.tag,
                            "speaker": s.speaker,
                            "reason": s.reason,
                            "score": s.score,
                        }
                        out.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._progress(len(chosen), len(chosen), "done")
        finally:
            if out is not None and path != "-":
                out.close()
        self.stderr.write("")
        # With --jsonl - standard output is the JSON lines stream: the summary is not one.
        summary = self.stderr if path == "-" else self.stdout
        summary.write(
            f"{plural(len(chosen), 'article')}: {plural(counts['quote'], 'quote')}, "
            f"{plural(counts['claim'], 'claim')}, "
            f"{plural(counts['context'], 'context suggestion')}.",
            style_func=str,
        )

    def _progress(self, done: int, total: int, label: str) -> None:
        line = progress_line(done, total, label)
        if self.stderr.isatty():
            self.stderr.write(f"\r\x1b[K{line}", ending="", style_func=str)
        elif done in (0, total) or not sys.stderr.isatty():
            self.stderr.write(line, style_func=str)
        self.stderr.flush()
