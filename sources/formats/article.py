"""One checked way from the fields a newsroom format carries to a
:class:`~articles.parsing.ParsedArticle`, with the refusals of the ``.txt`` importer.

Every reader in :mod:`sources.formats` gathers a date, the header fields and the
paragraphs, then calls :func:`build`, so a NewsML-G2 file, a NITF file and a JSON
document are held to the same limits (:mod:`articles.limits`), the same field lengths and
the same language-tag and URL rules as a ``.txt`` file, each refusal one line naming the
field in the format's own words.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from articles.limits import MAX_PARAGRAPH_CHARS, MAX_PARAGRAPHS
from articles.parsing import (
    _CONTROL_CHAR,
    _LANGUAGE_TAG,
    HEADER_MAX_LENGTHS,
    ArticleImportError,
    ParsedArticle,
    ParsedParagraph,
    derive_title,
)

# ISO 8601 dates as the formats write them: 2026-03-02, 20260302, or either followed by a
# time (2026-03-02T09:00:00+01:00, 20260302T090000Z). The date is taken as written, in the
# offset the file gives, which is the desk's own day.
_ISO_DATE_PREFIX = re.compile(r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:$|[T\s])")
_HTTP_URL = URLValidator(schemes=["http", "https"])
# A lone UTF-16 surrogate (JSON's "\\ud800", a feed's &#xD800;) is no character at all:
# neither UTF-8 nor PostgreSQL can hold it.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class Fields:
    """What a format reader found, before it is checked. ``names`` maps a header field
    (title, source, byline, url, lang) to the name the format gives it, for messages
    (NewsML-G2's ``headline``, NITF's ``hl1``)."""

    published: datetime.date | None = None
    title: str = ""
    source: str = ""
    byline: str = ""
    url: str = ""
    lang: str = ""
    paragraphs: list[ParsedParagraph] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)


def iso_date(value: str) -> datetime.date | None:
    """The calendar date at the start of an ISO 8601 date or date-time (extended or
    basic form), or None when ``value`` does not start with one or names no real day."""
    match = _ISO_DATE_PREFIX.match(value)
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def is_http_url(value: str) -> bool:
    """True when ``value`` is an absolute http(s) URL Django's URLField accepts."""
    try:
        _HTTP_URL(value)
    except ValidationError:
        return False
    return True


def language_tag(value: str) -> str:
    """``value`` as a BCP 47 language tag the importer stores ("en_US" → "en-US", the
    form locales and some feeds write), or "" when it is none ("English (UK)") or too
    long. For metadata a page or a feed gives in passing: an article is never lost over
    it."""
    tag = value.strip().replace("_", "-")
    if _LANGUAGE_TAG.match(tag) and len(tag) <= HEADER_MAX_LENGTHS["lang"]:
        return tag
    return ""


def check_text(text: str, where: str) -> str:
    """``text`` with ``\\r\\n``/``\\r`` as ``\\n`` and the white space at its ends removed,
    as the ``.txt`` importer stores paragraphs; ArticleImportError naming ``where`` for a
    control character (PostgreSQL refuses NUL, and none belongs in an article) or a lone
    surrogate (no character: it cannot be stored)."""
    refuse_control(text, where)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def refuse_control(text: str, where: str) -> None:
    """ArticleImportError naming ``where`` when ``text`` holds a control character (but
    tab and line feed) or a lone surrogate. The one rule of every reader: such text is
    refused, never stored and never silently dropped (README, "Control characters")."""
    control = _CONTROL_CHAR.search(text)
    if control:
        raise ArticleImportError(f"{where}: control character U+{ord(control.group()):04X}")
    surrogate = _SURROGATE.search(text)
    if surrogate:
        raise ArticleImportError(
            f"{where}: lone surrogate U+{ord(surrogate.group()):04X} (not a Unicode character)"
        )


def check_paragraphs(paragraphs: Sequence[ParsedParagraph]) -> None:
    """ArticleImportError for none, or what :func:`check_limits` refuses."""
    if not paragraphs:
        raise ArticleImportError("no paragraphs in the body")
    check_limits(paragraphs)


def check_limits(paragraphs: Sequence[ParsedParagraph]) -> None:
    """ArticleImportError for more than MAX_PARAGRAPHS paragraphs, or one longer than
    MAX_PARAGRAPH_CHARS code points (numbered from 1, as the messages say), or one with a
    control character or a lone surrogate (:func:`refuse_control`). The readers of every
    format refuse by it (web pages too), so the messages are the same."""
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise ArticleImportError(
            f"{len(paragraphs):,} paragraphs, the limit is {MAX_PARAGRAPHS:,} per article"
        )
    for number, paragraph in enumerate(paragraphs, start=1):
        if len(paragraph.text) > MAX_PARAGRAPH_CHARS:
            raise ArticleImportError(
                f"paragraph {number} is {len(paragraph.text):,} characters long, "
                f"the limit is {MAX_PARAGRAPH_CHARS:,}"
            )
        refuse_control(paragraph.text, f"paragraph {number}")


def build(found: Fields, *, date_names: str) -> ParsedArticle:
    """The checked article. Raises ArticleImportError (one line) when there is no date
    (``date_names`` says where the format keeps it), no paragraphs, a limit is passed, a
    header field is too long, the language is not a BCP 47 tag or the URL is not http(s).
    Without a title, one is derived from the first body paragraph, as for ``.txt``."""
    if found.published is None:
        raise ArticleImportError(f"no date ({date_names})")
    check_paragraphs(found.paragraphs)
    values = {
        "title": " ".join(found.title.split()),
        "source": " ".join(found.source.split()),
        "byline": " ".join(found.byline.split()),
        "url": found.url.strip(),
        "lang": found.lang.strip().replace("_", "-"),
    }
    for name, value in values.items():
        label = found.names.get(name, name)
        check_text(value, label)
        limit = HEADER_MAX_LENGTHS[name]
        if len(value) > limit:
            raise ArticleImportError(f"{label} is {len(value):,} characters, the limit is {limit}")
    if values["lang"] and not _LANGUAGE_TAG.match(values["lang"]):
        label = found.names.get("lang", "lang")
        raise ArticleImportError(
            f"{label}: invalid language tag '{values['lang'][:40]}' (a BCP 47 tag such as en, "
            "ar or fr-CA)"
        )
    if values["url"] and not is_http_url(values["url"]):
        raise ArticleImportError(f"{found.names.get('url', 'url')}: not an http(s) URL")
    paragraphs = tuple(found.paragraphs)
    return ParsedArticle(
        published=found.published,
        title=values["title"] or derive_title(paragraphs),
        title_derived=not values["title"],
        source=values["source"],
        byline=values["byline"],
        url=values["url"],
        paragraphs=paragraphs,
        language=values["lang"],
    )
