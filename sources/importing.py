"""Import from outside sources through the one importer (:func:`articles.importing.import_parsed`):
a file of any kind :mod:`sources.readers` reads, or a URL fetched by :mod:`sources.fetching`.

A file may hold several articles (a NewsML-G2 newsMessage of several text items):
:func:`import_items` imports each in its own transaction and says what became of each
(:class:`ItemOutcome`); an item refused leaves the others imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from articles.importing import ImportResult, import_parsed
from articles.parsing import MAX_FILE_BYTES, ArticleImportError, too_large
from sources.fetching import fetch
from sources.readers import read, read_items


@dataclass(frozen=True)
class ItemOutcome:
    """What became of one article of a file: ``result`` when the importer stored it or
    recognised it (imported, replaced, unchanged, skipped), else ``error`` (its one-line
    refusal, named by ``name``: the file's name, with ", item 2 of 3" for one of several)."""

    name: str
    result: ImportResult | None = None
    error: ArticleImportError | None = None

    @property
    def status(self) -> str:
        """The importer's status, or "refused"."""
        return self.result.status if self.result is not None else "refused"


def import_data(
    data: bytes, name: str, content_type: str = "", *, replace: bool = False
) -> ImportResult:
    """Read ``data`` (a file called ``name``, or a page fetched from the URL ``name``) with
    :func:`sources.readers.read` and import it: one transaction, duplicates skipped unless
    ``replace``. Raises ArticleImportError named by ``name``."""
    parsed = read(data, name, content_type)
    try:
        return import_parsed(parsed, replace=replace)
    except ArticleImportError as exc:
        raise ArticleImportError(exc.reason, name) from exc


def import_items(
    data: bytes,
    name: str,
    content_type: str = "",
    *,
    replace: bool = False,
    progress: Callable[[ItemOutcome, int], None] | None = None,
) -> list[ItemOutcome]:
    """Import every article of ``data`` (:func:`sources.readers.read_items`), each in its
    own transaction (all or nothing per article; duplicates skipped unless ``replace``),
    in document order. ``progress(outcome, total)`` is called after each. Raises
    ArticleImportError (named by ``name``) only when the file as a whole is refused."""
    items = read_items(data, name, content_type)
    outcomes: list[ItemOutcome] = []
    for item in items:
        if isinstance(item.article, ArticleImportError):
            outcome = ItemOutcome(item.name, error=item.article)
        else:
            try:
                outcome = ItemOutcome(item.name, import_parsed(item.article, replace=replace))
            except ArticleImportError as exc:
                outcome = ItemOutcome(item.name, error=ArticleImportError(exc.reason, item.name))
        outcomes.append(outcome)
        if progress is not None:
            progress(outcome, len(items))
    return outcomes


def read_file(path: Path) -> bytes:
    """The bytes of an article file, refused unread (ArticleImportError naming the path)
    when over the size limit or unreadable."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ArticleImportError(too_large(size), str(path))
        return path.read_bytes()
    except OSError as exc:
        raise ArticleImportError(exc.strerror or str(exc), str(path)) from exc


def import_file(path: Path, *, replace: bool = False) -> list[ItemOutcome]:
    """:func:`import_items` of a file on disk (:func:`read_file`'s refusals first)."""
    return import_items(read_file(path), str(path), replace=replace)


def import_url(url: str, *, replace: bool = False) -> ImportResult:
    """Fetch ``url`` (:func:`sources.fetching.fetch`: its limits and refusals) and import
    the page. Refusals are named by the URL as given."""
    fetched = fetch(url)
    try:
        return import_data(
            fetched.data, fetched.url, fetched.content_type_header(), replace=replace
        )
    except ArticleImportError as exc:
        raise ArticleImportError(exc.reason, url) from exc
