from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.parsing import ArticleImportError
from sources.importing import ItemOutcome, import_file, import_url
from sources.readers import extensions

# Below this many files the per-file lines are progress enough.
PROGRESS_MIN_FILES = 5


def plain(text: str) -> str:
    # stderr is styled as an error by default; a progress counter is not one.
    return text


def collect_files(paths: list[str]) -> tuple[list[Path], list[ArticleImportError]]:
    """Expand folders into their article files (every extension :mod:`sources.readers`
    reads: .txt, .html…; sorted, not recursive); keep files as given."""
    files: list[Path] = []
    problems: list[ArticleImportError] = []
    readable = extensions()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in readable
            )
            if not found:
                names = ", ".join(readable)
                problems.append(
                    ArticleImportError(f"no article files ({names}) in this folder", raw)
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(ArticleImportError("no such file or folder", raw))
    return files, problems


class Command(BaseCommand):
    help = (
        "Import articles from files (.txt in the article format, .html web pages) and from "
        "web pages by URL (--url, repeatable). A folder stands for the article files directly "
        "inside it (sorted by name, not recursive). Duplicates (the same canonical URL, or "
        "the same title or paragraphs on the same date) are skipped unless --replace."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="*", metavar="PATH", help="an article file (.txt, .html) or a folder"
        )
        parser.add_argument(
            "--url",
            action="append",
            default=[],
            metavar="URL",
            help="a web page to fetch and import (http or https; repeat for several)",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the paragraphs of already imported articles instead of skipping them",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["paths"] and not options["url"]:
            raise CommandError("Give files or folders to import, or --url URL.")
        files, refused = collect_files(options["paths"])
        for problem in refused:
            self.stdout.write(self.style.ERROR(f"refused   {problem}"))
        sources: list[Path | str] = [*files, *options["url"]]
        counts = {"imported": 0, "replaced": 0, "unchanged": 0, "skipped": 0}
        show_progress = len(sources) > PROGRESS_MIN_FILES and self.stderr.isatty()
        items = False  # an item of a newsMessage was refused (the summary names items)
        for number, source in enumerate(sources, start=1):
            if show_progress:
                label = source.name if isinstance(source, Path) else source
                counter = f"\r\x1b[K[{number}/{len(sources)}] {label}"
                self.stderr.write(counter, style_func=plain, ending="")
                self.stderr.flush()
            lines = []
            try:
                outcomes = self._import(source, replace=options["replace"])
            except ArticleImportError as exc:
                refused.append(exc)
                lines.append(self.style.ERROR(f"refused   {exc}"))
                outcomes = []
            for outcome in outcomes:
                if outcome.error is not None:
                    items = items or len(outcomes) > 1
                    refused.append(outcome.error)
                    lines.append(self.style.ERROR(f"refused   {outcome.error}"))
                elif outcome.result is not None:
                    result = outcome.result
                    counts[result.status] += 1
                    ok = result.status == "imported"
                    style = self.style.SUCCESS if ok else self.style.WARNING
                    lines.append(style(f"{result.status:<9} {outcome.name}: {result.detail()}"))
            if show_progress:
                # Clear the counter so the result line is not printed on top of it.
                self.stderr.write("\r\x1b[K", style_func=plain, ending="")
            for line in lines:
                self.stdout.write(line)
        pages = f", {len(options['url'])} pages" if options["url"] else ""
        self.stdout.write(
            f"Done: {counts['imported']} imported, {counts['replaced']} replaced, "
            f"{counts['unchanged']} unchanged, {counts['skipped']} skipped as duplicates, "
            f"{len(refused)} refused ({len(files)} files{pages})."
        )
        if refused:
            nouns = ["file", "folder"]
            nouns += ["page"] if options["url"] else []
            nouns += ["newsMessage item"] if items else []
            one = ", ".join(nouns[:-1]) + f" or {nouns[-1]}"
            many = ", ".join(f"{n}s" for n in nouns[:-1]) + f" or {nouns[-1]}s"
            said = f"1 {one} was" if len(refused) == 1 else f"{len(refused)} {many} were"
            raise CommandError(f"{said} refused, see the lines above.")

    def _import(self, source: Path | str, *, replace: bool) -> list[ItemOutcome]:
        # A file may hold several articles (a NewsML-G2 newsMessage): a line for each.
        if isinstance(source, Path):
            return import_file(source, replace=replace)
        return [ItemOutcome(source, import_url(source, replace=replace))]
