"""Import from outside sources through the one importer (:func:`articles.importing.import_parsed`):
a file of any kind :mod:`sources.readers` reads, or a URL fetched by :mod:`sources.fetching`."""

from __future__ import annotations

from pathlib import Path

from articles.importing import ImportResult, import_parsed
from articles.parsing import MAX_FILE_BYTES, ArticleImportError, too_large
from sources.fetching import fetch
from sources.readers import read


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


def import_file(path: Path, *, replace: bool = False) -> ImportResult:
    """:func:`import_data` of a file on disk, refused unread when over the size limit."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ArticleImportError(too_large(size), str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleImportError(exc.strerror or str(exc), str(path)) from exc
    return import_data(data, str(path), replace=replace)


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
