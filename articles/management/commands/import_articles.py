from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.importing import import_path
from articles.parsing import ArticleImportError

# Below this many files the per-file lines are progress enough.
PROGRESS_MIN_FILES = 5


def plain(text: str) -> str:
    # stderr is styled as an error by default; a progress counter is not one.
    return text


def collect_files(paths: list[str]) -> tuple[list[Path], list[ArticleImportError]]:
    """Expand folders into their *.txt files (sorted, not recursive); keep files as given."""
    files: list[Path] = []
    problems: list[ArticleImportError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
            if not found:
                problems.append(ArticleImportError("no .txt files in this folder", raw))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(ArticleImportError("no such file or folder", raw))
    return files, problems


class Command(BaseCommand):
    help = (
        "Import articles from .txt files in the article format. A folder stands for the "
        "*.txt files directly inside it (sorted by name, not recursive). Duplicates (same "
        "title and date, or same paragraphs on the same date) are skipped unless --replace."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a .txt file or a folder")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the paragraphs of already imported articles instead of skipping them",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files, refused = collect_files(options["paths"])
        for problem in refused:
            self.stdout.write(self.style.ERROR(f"refused   {problem}"))
        counts = {"imported": 0, "replaced": 0, "unchanged": 0, "skipped": 0}
        show_progress = len(files) > PROGRESS_MIN_FILES and self.stderr.isatty()
        for number, path in enumerate(files, start=1):
            if show_progress:
                counter = f"\r\x1b[K[{number}/{len(files)}] {path.name}"
                self.stderr.write(counter, style_func=plain, ending="")
                self.stderr.flush()
            try:
                result = import_path(path, replace=options["replace"])
            except ArticleImportError as exc:
                refused.append(exc)
                line = self.style.ERROR(f"refused   {exc}")
            else:
                counts[result.status] += 1
                style = self.style.SUCCESS if result.status == "imported" else self.style.WARNING
                line = style(f"{result.status:<9} {path}: {result.detail()}")
            if show_progress:
                # Clear the counter so the result line is not printed on top of it.
                self.stderr.write("\r\x1b[K", style_func=plain, ending="")
            self.stdout.write(line)
        self.stdout.write(
            f"Done: {counts['imported']} imported, {counts['replaced']} replaced, "
            f"{counts['unchanged']} unchanged, {counts['skipped']} skipped as duplicates, "
            f"{len(refused)} refused ({len(files)} files)."
        )
        if refused:
            noun = "file or folder was" if len(refused) == 1 else "files or folders were"
            raise CommandError(f"{len(refused)} {noun} refused, see the lines above.")
