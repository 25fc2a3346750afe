"""One entry for every kind of article file: :func:`read` picks the reader by content type,
then by the name's extension, and returns a :class:`articles.parsing.ParsedArticle`.

A reader is a function ``(data: bytes, name: str, content_type: str) -> ParsedArticle``
that raises :class:`articles.parsing.ArticleImportError` (one line, without the name) for
what it cannot read. Adding a format is one line in :data:`READERS`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from articles.parsing import ArticleImportError, ParsedArticle, decode, parse_text
from sources import formats, webpage
from sources.fetching import parse_content_type

type ReadFunction = Callable[[bytes, str, str], ParsedArticle]
type ReadItemsFunction = Callable[[bytes, str, str], list[ParsedArticle | ArticleImportError]]

logger = logging.getLogger(__name__)


def read_text(data: bytes, name: str, content_type: str) -> ParsedArticle:
    """The text format of :mod:`articles.parsing` (``date YYYY-MM-DD`` first)."""
    return parse_text(decode(data))


def read_newsroom_xml(data: bytes, name: str, content_type: str) -> ParsedArticle:
    """NewsML-G2 or NITF (:func:`sources.formats.read_xml`); other XML is refused."""
    return formats.read_xml(data)


def read_newsroom_xml_items(
    data: bytes, name: str, content_type: str
) -> list[ParsedArticle | ArticleImportError]:
    """Each text item of a NewsML-G2 newsMessage, else the one article of the document
    (:func:`sources.formats.read_xml_items`)."""
    return formats.read_xml_items(data)


def read_json(data: bytes, name: str, content_type: str) -> ParsedArticle:
    """The JSON shape of docs/json-import.md (:func:`sources.formats.read_json`)."""
    return formats.read_json(data)


@dataclass(frozen=True)
class Reader:
    """A reader and what it is chosen for: file extensions (lower case, with the dot) and
    media types (lower case, without parameters). ``read_items``, for a format whose one
    document may hold several articles, reads each (its article or its refusal)."""

    read: ReadFunction
    extensions: tuple[str, ...]
    content_types: tuple[str, ...]
    read_items: ReadItemsFunction | None = None


READERS: tuple[Reader, ...] = (
    Reader(read_text, (".txt",), ("text/plain",)),
    Reader(webpage.read_html, (".html", ".htm"), ("text/html", "application/xhtml+xml")),
    Reader(
        read_newsroom_xml,
        (".xml",),
        (
            "application/xml",
            "text/xml",
            "application/nitf+xml",
            "application/vnd.iptc.g2.newsitem+xml",
            "application/vnd.iptc.g2.newsmessage+xml",
        ),
        read_newsroom_xml_items,
    ),
    Reader(read_json, (".json",), ("application/json",)),
)


def extensions() -> tuple[str, ...]:
    """Every extension a reader takes, in the order of :data:`READERS` (".txt", ".html"…)."""
    return tuple(ext for reader in READERS for ext in reader.extensions)


def accepted() -> list[str]:
    """Every extension and media type a reader takes: a file input's ``accept``."""
    return [*extensions(), *(t for reader in READERS for t in reader.content_types)]


def extension(name: str) -> str:
    """The lower-case extension of a file name or of a URL's path ("" when none)."""
    path = urlsplit(name).path if is_url(name) else name
    return PurePosixPath(path.replace("\\", "/")).suffix.lower()


def is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def pick(name: str, content_type: str = "") -> Reader:
    """The reader for a file called ``name`` (or fetched from that URL) sent as
    ``content_type``: the content type decides when a reader takes it, then the extension.

    Raises ArticleImportError naming what was found and what is read.
    """
    media_type, _ = parse_content_type(content_type)
    for reader in READERS:
        if media_type and media_type in reader.content_types:
            return reader
    suffix = extension(name)
    # A server's generic type says nothing: the name may still.
    generic = media_type in ("", "application/octet-stream", "binary/octet-stream")
    if generic or not is_url(name):
        for reader in READERS:
            if suffix and suffix in reader.extensions:
                return reader
    known = ", ".join(extensions())
    if is_url(name):
        return _refuse(f"not a web page or an article file (content type {media_type or 'none'})")
    return _refuse(f"not a file Newsroom reads ({suffix or 'no extension'}; it reads {known})")


def _refuse(reason: str) -> Reader:
    raise ArticleImportError(reason)


def read(data: bytes, name: str, content_type: str = "") -> ParsedArticle:
    """Read one article from ``data``: the bytes of a file called ``name``, or of a page
    fetched from the URL ``name`` (then the page's address, for links and the canonical
    URL) sent as ``content_type`` (a Content-Type header; its charset is used).

    Raises ArticleImportError (the reason in one line, named by ``name``) when no reader
    takes it or the reader refuses it. Whatever else a reader raises on this input (a
    library tripping over it, a recursion too deep) is a refusal of this input too,
    logged with its traceback: one bad file never stops the others.
    """
    try:
        reader = pick(name, content_type)
        return reader.read(data, name, content_type)
    except ArticleImportError as exc:
        raise ArticleImportError(exc.reason, name) from exc
    except Exception as exc:
        raise unreadable(exc, name) from exc


def unreadable(exc: Exception, name: str) -> ArticleImportError:
    """The one-line refusal of an input a reader failed on with ``exc`` (logged with its
    traceback for the developers): "could not be read (RecursionError)"."""
    logger.exception("reading %s failed", name)
    return ArticleImportError(f"could not be read ({type(exc).__name__})", name)


@dataclass(frozen=True)
class Item:
    """One article of a document: ``name`` is the document's name, followed by ", item 2
    of 3" when the document holds several; ``article`` is the parsed article or the item's
    refusal (named by ``name``)."""

    name: str
    article: ParsedArticle | ArticleImportError


def read_items(data: bytes, name: str, content_type: str = "") -> list[Item]:
    """Every article of ``data`` (as :func:`read` takes it): one for most documents, one
    per text item of a NewsML-G2 newsMessage. Raises ArticleImportError (named by
    ``name``) when the document as a whole is refused; an item's own refusal is its
    :class:`Item`'s."""
    try:
        reader = pick(name, content_type)
        if reader.read_items is None:
            return [Item(name, reader.read(data, name, content_type))]
        found = reader.read_items(data, name, content_type)
    except ArticleImportError as exc:
        raise ArticleImportError(exc.reason, name) from exc
    except Exception as exc:
        raise unreadable(exc, name) from exc
    if len(found) == 1:
        labels = [name]
    else:
        labels = [f"{name}, item {n} of {len(found)}" for n in range(1, len(found) + 1)]
    return [
        Item(label, ArticleImportError(a.reason, label) if isinstance(a, ArticleImportError) else a)
        for label, a in zip(labels, found, strict=True)
    ]
