"""Reading a feed from where it lives and importing it: the command line's
``import_feed`` and ``poll_feeds``, and the admin's "Poll now" (a background task).

A URL is fetched with :func:`sources.fetching.fetch` (only http(s), no private addresses
unless allowed, size and time limits); a link-only entry's page the same way, read by
:func:`sources.readers.read`. A file is read from disk only on the command line, or for a
saved feed whose ``file:`` URL lies in ``settings.NEWSROOM_FEED_FILES_DIR`` (the demo's).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from articles.parsing import ArticleImportError, ParsedArticle
from sources.feeds import MAX_FEED_BYTES, Outcome, Report, import_entries, parse_feed
from sources.models import Feed, local_feed_path
from sources.readers import unreadable

# Which of the feed's figures an entry's outcome adds to.
COUNTERS = {
    "imported": "imported",
    "replaced": "imported",
    "unchanged": "duplicates",
    "skipped": "duplicates",
    "refused": "refused",
}


def read_page(url: str) -> ParsedArticle:
    """The article of the web page at ``url``, fetched safely; ArticleImportError (one
    line, naming the URL) when the fetch or the reader refuses it."""
    from sources.fetching import fetch
    from sources.readers import read

    fetched = fetch(url)
    try:
        return read(fetched.data, fetched.url, fetched.content_type_header())
    except ArticleImportError as exc:
        raise ArticleImportError(exc.reason, url) from exc


def load(address: str, *, files: bool) -> tuple[bytes, str]:
    """The bytes of the feed at ``address`` and the URL its relative links are read
    against. A path (or ``file:`` URL) is read only when ``files`` is true or it lies in
    the demo feed folder. ArticleImportError (one line) for what cannot be read."""
    path: Path | None = None
    if address.startswith("file:"):
        try:
            path = local_feed_path(address)
        except ValidationError as exc:
            if not files:
                raise ArticleImportError(exc.messages[0], address) from None
            path = Path(unquote(urlsplit(address).path))
    elif "://" not in address:
        if not files:
            raise ArticleImportError("only http and https feeds are polled", address)
        path = Path(address)
    if path is None:
        from sources.fetching import fetch

        try:
            fetched = fetch(address)
        except ArticleImportError as exc:
            # The fetcher speaks of pages; what it fetched here is a feed.
            if exc.reason.startswith("page too large"):
                raise ArticleImportError("feed" + exc.reason[4:], exc.name) from None
            raise
        return fetched.data, fetched.url
    try:
        size = path.stat().st_size
        if size > MAX_FEED_BYTES:
            limit = MAX_FEED_BYTES // 2**20
            raise ArticleImportError(
                f"feed too large ({size / 2**20:.1f} MB, the limit is {limit} MB)", address
            )
        return path.read_bytes(), ""
    except OSError as exc:
        raise ArticleImportError(exc.strerror or str(exc), address) from exc


def import_feed(
    address: str,
    *,
    files: bool,
    replace: bool = False,
    progress: Callable[[Outcome, int], None] | None = None,
    begin: Callable[[int], None] | None = None,
) -> Report:
    """Read the feed at ``address`` and import its entries (see :mod:`sources.feeds`).
    ArticleImportError (one line, naming the address) when the feed itself is refused;
    each entry's refusal is in the report. ``begin(entries)`` is called once the feed is
    read, before its first entry is imported."""
    data, base = load(address, files=files)
    try:
        feed = parse_feed(data, base)
    except ArticleImportError as exc:
        raise ArticleImportError(exc.reason, address) from exc
    if begin is not None:
        begin(len(feed.entries))
    return import_entries(feed, read_page, replace=replace, progress=progress)


def poll(feed: Feed) -> Report | None:
    """Poll one saved feed, keeping its state, progress and last result on its row.
    None when another poll holds it. Never raises for the feed's own faults: a refused
    feed, or one whose reading raised anything else, is recorded as failed with its
    one-line reason."""
    if not feed.claim():
        return None
    rows = Feed.objects.filter(pk=feed.pk)

    def advance(outcome: Outcome, total: int) -> None:
        name = COUNTERS[outcome.status]
        changes = {"entries_done": F("entries_done") + 1, "entries_total": total}
        changes[name] = F(name) + 1
        rows.update(**changes)

    def begin(total: int) -> None:
        rows.update(entries_total=total)

    try:
        report = import_feed(feed.url, files=False, progress=advance, begin=begin)
    except ArticleImportError as exc:
        # The reason alone: the feed's row (and poll_feeds' line) already names the feed.
        failed = exc.reason[:500]
        rows.update(state=Feed.State.FAILED, last_polled=timezone.now(), last_result=failed)
        return None
    except Exception as exc:
        # Whatever this feed trips on is its own failure, said in one line (the traceback
        # is logged): the next saved feeds are still polled.
        reason = unreadable(exc, feed.url).reason
        rows.update(state=Feed.State.FAILED, last_polled=timezone.now(), last_result=reason)
        return None
    except BaseException:
        rows.update(state=Feed.State.FAILED, last_polled=timezone.now(), last_result="crashed")
        raise
    counts = report.counts()
    rows.update(
        state=Feed.State.DONE,
        last_polled=timezone.now(),
        last_result=report.summary()[:500],
        title=report.feed.title[:300] or F("title"),
        imported=counts["imported"] + counts["replaced"],
        duplicates=counts["skipped"] + counts["unchanged"],
        refused=counts["refused"],
        entries_done=len(report.outcomes),
        entries_total=len(report.outcomes),
    )
    return report


@task
def poll_feed(feed_id: int) -> str:
    """The admin's "Poll now": poll one feed in the background; returns its last result."""
    feed = Feed.objects.get(pk=feed_id)
    poll(feed)
    return Feed.objects.get(pk=feed_id).last_result
