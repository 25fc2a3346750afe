"""RSS and Atom feeds (read with feedparser) → one ParsedArticle per entry, each imported
by :func:`articles.importing.import_parsed` in its own transaction.

An entry's article is its full content when the feed carries it (RSS ``content:encoded``,
Atom ``<content>`` of type html, xhtml or text): the HTML is read as a body, paragraph by
paragraph (:func:`sources.formats.xmltext.blocks`), since a feed's content is the article
without the page around it. Otherwise the entry's link is fetched
(:func:`sources.fetching.fetch`) and read as a web page (:func:`sources.readers.read`).
The feed's own fields win over the page's where both have one (title, date, author: the
CMS wrote them), the page's canonical URL over the entry's link.

One entry's refusal is one line and the others go on; a document that is not RSS or Atom
is refused as a whole ("not a feed"), as is one whose structure is broken (a mismatched
tag) or that declares entities (the "billion laughs", XXE: refused as the XML formats
refuse them). feedparser is always given bytes in a stream: given a string it would open
it as a path or fetch it as a URL itself.
"""

from __future__ import annotations

import datetime
import email.utils
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import feedparser
import lxml.html
from lxml.etree import ParserError

from articles.importing import ImportResult, import_parsed
from articles.models import Article
from articles.parsing import (
    ArticleImportError,
    ParsedArticle,
    ParsedParagraph,
    guess_kind,
    split_paragraphs,
)
from sources.formats.article import Fields, build, is_http_url, iso_date, language_tag
from sources.formats.xmltext import blocks
from sources.readers import unreadable

# A feed is read whole: big enough for a hundred entries with their full text.
MAX_FEED_BYTES = 20 * 1024 * 1024
# At most this many entries are imported (or fetched, or refused) in one run; the rest
# wait for the next. Entries already imported do not count, so later runs reach them.
MAX_ENTRIES = 500
ENTRY_DATE = "the entry has no published or updated date"
PAGE_DATE = "the entry has no published or updated date, nor the page a date"

# A character reference to a lone surrogate (&#xD800;, &#55296;) crashes feedparser's
# loose parser, taking every entry with it. Each is read as a private-use stand-in the
# feed's own text never has, so only the entries holding one are refused (entry_article).
_SURROGATE_REF = re.compile(
    rb"&#(?:[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2}"
    rb"|0*(?:5529[6-9]|55[3-9]\d\d|56\d\d\d|57[0-2]\d\d|573[0-3]\d|5734[0-3]));"
)
_STAND_IN = "\U0010fffd"

# Entity declarations in a DTD's internal subset: the "billion laughs" and XXE. Refused
# outright, as the XML formats refuse them (defusedxml), rather than half-expanded.
_ENTITY_DECLARATION = re.compile(rb"<!DOCTYPE[^\[>]*\[[^\]]*<!ENTITY", re.IGNORECASE)
# Parse errors that leave the document's structure a guess (where an entry ends): such a
# document is refused. A bad character or an HTML entity (&nbsp;) in one entry is not.
_STRUCTURE_ERRORS = (
    "mismatched tag",
    "unclosed token",
    "no element found",
    "junk after document element",
    "syntax error",
)

# How xml.sax words a parse error: "<unknown>:2:1: not well-formed (invalid token)".
_SAX_ERROR = re.compile(r"^<unknown>:(\d+):(\d+): (.{1,80})")

type Status = Literal["imported", "replaced", "unchanged", "skipped", "refused"]
type PageReader = Callable[[str], ParsedArticle]


@dataclass(frozen=True)
class Entry:
    """One feed entry as far as the importer needs it. ``html`` is the full content as
    HTML (or plain text when ``plain``), "" when the feed carries only a link."""

    title: str
    link: str
    published: datetime.date | None
    author: str
    language: str
    html: str
    plain: bool = False


@dataclass(frozen=True)
class Feed:
    """A parsed feed: its title (the outlet, for entries without one) and its entries in
    document order."""

    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Outcome:
    """What became of one entry: the importer's status, or ``refused`` with the reason."""

    number: int
    entry: Entry
    status: Status
    detail: str
    article: Article | None = None
    fetched: bool = False

    def counts_to_limit(self) -> bool:
        """Whether this entry took a run's work (:data:`MAX_ENTRIES`): anything but a
        duplicate recognised without fetching a page."""
        return self.fetched or self.status not in ("skipped", "unchanged")


@dataclass
class Report:
    """Every entry's outcome; ``counts()`` for the summary and the admin; ``left_out``
    the entries not reached because the run's :data:`MAX_ENTRIES` were used."""

    feed: Feed
    outcomes: list[Outcome] = field(default_factory=list)
    left_out: int = 0

    def counts(self) -> dict[str, int]:
        """``{"imported", "replaced", "unchanged", "skipped", "refused"}`` → entries."""
        counts = dict.fromkeys(("imported", "replaced", "unchanged", "skipped", "refused"), 0)
        for outcome in self.outcomes:
            counts[outcome.status] += 1
        return counts

    def summary(self) -> str:
        """``3 imported, 0 replaced, 0 unchanged, 1 duplicate, 1 refused (5 entries)``."""
        c = self.counts()
        duplicates = "duplicate" if c["skipped"] == 1 else "duplicates"
        entries = "entry" if len(self.outcomes) == 1 else "entries"
        more = f"; {self.left_out} more left for the next run" if self.left_out else ""
        return (
            f"{c['imported']} imported, {c['replaced']} replaced, {c['unchanged']} unchanged, "
            f"{c['skipped']} {duplicates}, {c['refused']} refused "
            f"({len(self.outcomes)} {entries}{more})"
        )


def parse_feed(data: bytes, url: str = "") -> Feed:
    """The feed in ``data`` (bytes as served; ``url`` resolves relative links).
    ArticleImportError (one line) for an empty or too large document, or one that is not
    RSS or Atom."""
    if not data.strip():
        raise ArticleImportError("empty file")
    if len(data) > MAX_FEED_BYTES:
        limit = MAX_FEED_BYTES // 2**20
        raise ArticleImportError(
            f"feed too large ({len(data) / 2**20:.1f} MB, the limit is {limit} MB)"
        )
    if _ENTITY_DECLARATION.search(data):
        raise ArticleImportError(
            "not a feed Newsroom reads: it declares entities (<!ENTITY>), refused as unsafe"
        )
    headers = {"content-location": url} if url else {}
    if _STAND_IN.encode() not in data:
        data = _SURROGATE_REF.sub(b"&#x10FFFD;", data)
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if not parsed.get("version"):
        raise ArticleImportError(f"not a feed: no RSS or Atom found{_why(parsed)}")
    error = str(parsed.get("bozo_exception") or "")
    if parsed.get("bozo") and any(words in error for words in _STRUCTURE_ERRORS):
        raise ArticleImportError(f"not a feed: not well-formed XML{_why(parsed)}")
    language = parsed.feed.get("language", "")
    entries = [_entry(item, language) for item in parsed.entries]
    return Feed(
        title=" ".join(parsed.feed.get("title", "").split()),
        entries=tuple(entries),
    )


def _why(parsed: Any) -> str:
    """What the XML parser said, as " (line 2, column 1: not well-formed (invalid token))"."""
    match = _SAX_ERROR.match(str(parsed.get("bozo_exception") or ""))
    return f" (line {match[1]}, column {match[2]}: {match[3]})" if match else ""


def _entry(item: Any, feed_language: str) -> Entry:
    content = _full_content(item)
    language = (content or {}).get("language") or item.get("language") or feed_language
    author = item.get("author_detail", {}).get("name") or item.get("author", "")
    title = item.get("title", "")
    if item.get("title_detail", {}).get("type") == "text/html":
        title = html_text(title)
    link = item.get("link", "")
    return Entry(
        title=" ".join(title.split()),
        # feedparser gives an Atom entry's id as its link when it has none: "urn:…" is
        # no address to fetch ("neither content nor a link").
        link=link if is_http_url(link) else "",
        published=_entry_date(item),
        author=" ".join(author.split()),
        # The feed's language is metadata given in passing: "en_US" is read as en-US,
        # "English (UK)" as none, and the entry is imported either way.
        language=language_tag(language or ""),
        html=(content or {}).get("value", ""),
        plain=(content or {}).get("type") == "text/plain",
    )


def _full_content(item: Any) -> dict[str, Any] | None:
    for content in item.get("content", []):
        if content.get("value", "").strip():
            return dict(content)
    return None


def _entry_date(item: Any) -> datetime.date | None:
    """The day as the feed writes it, in its own offset (RSS's RFC 822, Atom's ISO 8601);
    feedparser's own parse, in UTC, only when neither reads."""
    for name in ("published", "updated"):
        raw = item.get(name, "")
        if not raw:
            continue
        day = iso_date(raw)
        if day is None:
            try:
                day = email.utils.parsedate_to_datetime(raw).date()
            except (TypeError, ValueError):
                day = None
        parsed = item.get(f"{name}_parsed")
        if day is None and parsed:
            day = datetime.date.fromtimestamp(time.mktime(parsed))
        if day is not None:
            return day
    return None


def html_text(html: str) -> str:
    """The text of an HTML fragment, white space as a reader sees it."""
    paragraphs = html_paragraphs(html)
    return " ".join(p.text for p in paragraphs)


def html_paragraphs(html: str) -> list[ParsedParagraph]:
    """The paragraphs of an HTML fragment (a feed entry's content), with their kinds."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return []
    return blocks(root)


def entry_article(entry: Entry, feed: Feed, read_page: PageReader) -> ParsedArticle:
    """The article of one entry (module docstring). ArticleImportError (one line) when it
    has neither content nor link, the page is refused, or the result is."""
    for name, value in (("title", entry.title), ("author", entry.author), ("content", entry.html)):
        if _STAND_IN in value:
            raise ArticleImportError(
                f"{name}: a character reference to a lone surrogate (U+D800–U+DFFF), "
                "not a Unicode character"
            )
    if entry.html:
        if entry.plain:
            # Plain text is kept as written (runs of spaces too), as a .txt file's is.
            texts = split_paragraphs(entry.html.replace("\r\n", "\n").split("\n"))
            paragraphs = [ParsedParagraph(t.strip(), guess_kind(t.strip())) for t in texts]
        else:
            paragraphs = html_paragraphs(entry.html)
        found = Fields(
            published=entry.published,
            title=entry.title,
            source=feed.title,
            byline=entry.author,
            url=entry.link,
            lang=entry.language,
            paragraphs=[p for p in paragraphs if p.text],
            names={"url": "link", "source": "feed title", "byline": "author"},
        )
        return build(found, date_names=ENTRY_DATE)
    if not entry.link:
        raise ArticleImportError("neither content nor a link")
    page = read_page(entry.link)
    found = Fields(
        published=entry.published or page.published,
        title=entry.title or ("" if page.title_derived else page.title),
        source=page.source or feed.title,
        byline=entry.author or page.byline,
        url=page.url or entry.link,
        lang=page.language or entry.language,
        paragraphs=list(page.paragraphs),
        names={"url": "link", "source": "site name", "byline": "author"},
    )
    return build(found, date_names=PAGE_DATE)


def import_entries(
    feed: Feed,
    read_page: PageReader,
    *,
    replace: bool = False,
    progress: Callable[[Outcome, int], None] | None = None,
) -> Report:
    """Import every entry of ``feed``, each all or nothing in its own transaction; an
    entry whose link is the URL of an article already imported is a duplicate without
    being fetched again. ``progress(outcome, total)`` is called after each entry.
    After :data:`MAX_ENTRIES` entries that took work (:meth:`Outcome.counts_to_limit`)
    the rest are left for the next run (``Report.left_out``): the duplicates before them
    are passed over cheaply, so each run gets further."""
    report = Report(feed)
    total = len(feed.entries)
    worked = 0
    for number, entry in enumerate(feed.entries, start=1):
        if worked >= MAX_ENTRIES:
            report.left_out = total - number + 1
            break
        outcome = _import_entry(number, entry, feed, read_page, replace=replace)
        worked += outcome.counts_to_limit()
        report.outcomes.append(outcome)
        if progress is not None:
            progress(outcome, total)
    return report


def _import_entry(
    number: int, entry: Entry, feed: Feed, read_page: PageReader, *, replace: bool
) -> Outcome:
    label = f"“{entry.title}”" if entry.title else (entry.link or "(an entry without title)")
    known = None
    if entry.link and not entry.html and not replace:
        known = Article.objects.filter(url=entry.link).order_by("pk").first()
    if known is not None:
        detail = f"duplicate of “{known.title}” ({known.slug}), already imported from this link"
        return Outcome(number, entry, "skipped", detail, known)
    try:
        try:
            parsed = entry_article(entry, feed, read_page)
        except ArticleImportError:
            raise
        except Exception as exc:
            # Whatever one entry's content trips on is that entry's refusal (logged with
            # its traceback); the next entries still import.
            raise ArticleImportError(unreadable(exc, f"entry {number}").reason) from exc
        result: ImportResult = import_parsed(parsed, replace=replace)
    except ArticleImportError as exc:
        return Outcome(number, entry, "refused", f"{label}: {exc}", fetched=not entry.html)
    return Outcome(
        number, entry, result.status, result.detail(), result.article, fetched=not entry.html
    )
