"""Parse the text format: a ``date YYYY-MM-DD`` line, optional title/source/byline/url
lines up to the first blank line, then paragraphs separated by blank lines."""

from __future__ import annotations

import codecs
import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

# The limits live in articles.limits, which the model's check constraints import too
# (this module imports the model, so they cannot live here); they are part of this
# module's interface: the importer, the command and the admin upload all refuse by them.
from articles.limits import MAX_FILE_BYTES, MAX_PARAGRAPH_CHARS, MAX_PARAGRAPHS
from articles.models import Article, Paragraph

# Read from the model so that a migration widening a field needs no change here.
# Header line name -> Article field.
HEADER_FIELDS = {
    "title": "title",
    "source": "source",
    "byline": "byline",
    "url": "url",
    "lang": "language",
}
HEADER_MAX_LENGTHS: dict[str, int] = {
    name: getattr(Article._meta.get_field(field), "max_length", 0)
    for name, field in HEADER_FIELDS.items()
}
# BCP 47 (RFC 5646) in the shape news uses: a language, then optional script, region or
# variant subtags ("ar", "he", "fr-CA", "zh-Hant-TW").
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
DERIVED_TITLE_MAX_CHARS = 100
HEADING_MAX_CHARS = 80
HEADING_MAX_WORDS = 12

_DATE_LINE = re.compile(r"^\s*date\s+(?P<value>\S+)\s*$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HEADER_LINE = re.compile(
    r"^\s*(?P<name>title|source|byline|url|lang)(?:\s+(?P<value>.*?))?\s*$", re.I
)
# C0 controls other than tab/newline/carriage return, and DEL: never in a real text file.
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
_OPENERS = "“\"\u2018'(["
# Sentence and clause ends in the scripts news is written in: a line ending in one of them
# is a sentence, never a heading (Latin, Arabic ؟ ، ؛ ۔, CJK 。！？，；：, Devanagari । ॥,
# Armenian ։, Ethiopic ። and Thai ฯ).
_TERMINAL = ".!?…:;,؟،؛۔。！？，；：।॥։።ฯ"
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”\u2019»)\]]*\s+")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gov", "sen", "rep", "gen"}
# A photo credit ends a caption: "Jane Doe / Agency ." or "Jane Doe / Pool via AP."
_CREDIT = re.compile(
    r"(?:^|(?<=[.!?…)\]”\u2019\"]\s))"
    r"(?P<who>[^\W\d_][\w'\u2019.\-]*(?:[ \t]+[\w'\u2019.\-]+){0,4}?)"
    r"[ \t]*/[ \t]*"
    r"(?P<org>[\w&'\u2019.\-]+(?:[ \t]+[\w&'\u2019.\-]+){0,7}?)"
    r"[ \t]*\.$"
)
_NAME_PARTICLES = {"de", "da", "del", "della", "di", "du", "van", "von", "der", "la", "le", "bin"}
_ORG_CONNECTORS = {"via", "for", "of", "and", "the", "de", "du", "des", "la", "le", "&"}


class ArticleImportError(ValueError):
    """A file that cannot be imported; ``reason`` says why in one line."""

    def __init__(self, reason: str, name: str = "") -> None:
        # A lone surrogate quoted from the input (a JSON key "\ud800", a file name that is
        # not UTF-8) would make the message itself unprintable: shown escaped instead.
        reason, name = _printable(reason), _printable(name)
        super().__init__(reason)
        self.reason = reason
        self.name = name

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}" if self.name else self.reason


def _printable(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True)
class ParsedParagraph:
    text: str
    kind: str


@dataclass(frozen=True)
class ParsedArticle:
    published: datetime.date
    title: str
    title_derived: bool
    source: str
    byline: str
    url: str
    paragraphs: tuple[ParsedParagraph, ...]
    language: str = ""

    def header_fields(self) -> dict[str, str]:
        return {
            "title": self.title,
            "source": self.source,
            "byline": self.byline,
            "url": self.url,
            "language": self.language,
        }

    def count(self, kind: str) -> int:
        return sum(1 for p in self.paragraphs if p.kind == kind)

    def content_hash(self) -> str:
        return content_hash([p.text for p in self.paragraphs])

    def summary(self) -> str:
        heads, captions = self.count(Paragraph.Kind.HEADING), self.count(Paragraph.Kind.CAPTION)
        counts = f"{_n(heads, 'heading')}, {_n(captions, 'caption')}"
        return f"{_n(len(self.paragraphs), 'paragraph')} ({counts})"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def content_hash(texts: list[str]) -> str:
    # Whitespace and Unicode normalisation differences should not hide a re-import.
    normalized = [" ".join(unicodedata.normalize("NFC", t).split()) for t in texts]
    return hashlib.sha256("\n\n".join(normalized).encode()).hexdigest()


def decode(data: bytes) -> str:
    if not data:
        raise ArticleImportError("empty file")
    if len(data) > MAX_FILE_BYTES:
        raise ArticleImportError(too_large(len(data)))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ArticleImportError("UTF-16 text, save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ArticleImportError(f"binary file (NUL byte at offset {nul})")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise ArticleImportError(f"not UTF-8 text (byte 0x{bad} at offset {exc.start})") from None
    control = _CONTROL_CHAR.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        code = f"U+{ord(control.group()):04X}"
        raise ArticleImportError(f"binary file (control character {code} on line {line})")
    if not text.strip():
        raise ArticleImportError("empty file (only whitespace)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def too_large(size: int) -> str:
    return f"file too large ({size / 2**20:.1f} MB, the limit is {MAX_FILE_BYTES // 2**20} MB)"


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_text(text: str) -> ParsedArticle:
    """Parse a decoded file into its header and paragraphs.

    Raises ArticleImportError (one line, naming the line or paragraph) for a bad header,
    no paragraphs, more than MAX_PARAGRAPHS paragraphs, or a paragraph longer than
    MAX_PARAGRAPH_CHARS code points.
    """
    lines = text.split("\n")
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index == len(lines):
        raise ArticleImportError("empty file (only whitespace)")
    published = _parse_date_line(lines[index], index + 1)
    headers: dict[str, str] = {}
    index += 1
    while index < len(lines) and lines[index].strip():
        name, value = _parse_header_line(lines[index], index + 1)
        if name in headers:
            raise ArticleImportError(f"line {index + 1}: second {name} line")
        headers[name] = value
        index += 1
    found = _paragraphs_with_lines(lines[index:], first_line=index + 1)
    if not found:
        raise ArticleImportError("no paragraphs after the header")
    check_limits(found)
    paragraphs = tuple(ParsedParagraph(text=para, kind=guess_kind(para)) for _, para in found)
    title = headers.get("title") or derive_title(paragraphs)
    return ParsedArticle(
        published=published,
        title=title,
        title_derived="title" not in headers,
        source=headers.get("source", ""),
        byline=headers.get("byline", ""),
        url=headers.get("url", ""),
        paragraphs=paragraphs,
        language=headers.get("lang", ""),
    )


def _parse_date_line(line: str, number: int) -> datetime.date:
    match = _DATE_LINE.match(line)
    if not match:
        found = _shorten(line.strip())
        raise ArticleImportError(f"line {number}: expected 'date YYYY-MM-DD', found '{found}'")
    value = match.group("value")
    try:
        if not _ISO_DATE.match(value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        found = _shorten(value)
        raise ArticleImportError(f"line {number}: invalid date '{found}' (YYYY-MM-DD)") from None


def _parse_header_line(line: str, number: int) -> tuple[str, str]:
    match = _HEADER_LINE.match(line)
    if not match:
        raise ArticleImportError(
            f"line {number}: expected a title, source, byline, url or lang line, or a blank line "
            f"before the first paragraph, found '{_shorten(line.strip())}'"
        )
    name = match.group("name").lower()
    value = match.group("value") or ""
    if not value:
        raise ArticleImportError(f"line {number}: empty {name}")
    limit = HEADER_MAX_LENGTHS[name]
    if len(value) > limit:
        raise ArticleImportError(
            f"line {number}: {name} is {len(value)} characters, the limit is {limit}"
        )
    if name == "lang" and not _LANGUAGE_TAG.match(value):
        raise ArticleImportError(
            f"line {number}: invalid lang '{_shorten(value)}' (a language tag such as en, ar "
            "or fr-CA)"
        )
    if name == "url":
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ArticleImportError(f"line {number}: invalid url '{_shorten(value)}'") from None
    return name, value


def check_limits(paragraphs: list[tuple[int, str]]) -> None:
    """Refuse more than MAX_PARAGRAPHS paragraphs, or one longer than MAX_PARAGRAPH_CHARS
    code points, with ArticleImportError; ``paragraphs`` are (first line, text) pairs."""
    # Before guessing kinds: there is no point in running the patterns over a text
    # that is refused anyway.
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise ArticleImportError(
            f"{len(paragraphs):,} paragraphs, the limit is {MAX_PARAGRAPHS:,} per article"
        )
    for number, (line, text) in enumerate(paragraphs, start=1):
        if len(text) > MAX_PARAGRAPH_CHARS:
            raise ArticleImportError(
                f"line {line}: paragraph {number} is {len(text):,} characters long, "
                f"the limit is {MAX_PARAGRAPH_CHARS:,}"
            )


def split_paragraphs(lines: list[str]) -> list[str]:
    return [text for _, text in _paragraphs_with_lines(lines)]


def _paragraphs_with_lines(lines: list[str], first_line: int = 1) -> list[tuple[int, str]]:
    # The line numbers are only for the messages: "line 42: paragraph 17 is ...".
    paragraphs: list[tuple[int, str]] = []
    current: list[str] = []
    start = first_line
    for number, line in enumerate([*lines, ""], start=first_line):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            paragraphs.append((start, "\n".join(current).strip()))
            current = []
    return paragraphs


def guess_kind(text: str) -> str:
    if is_caption(text):
        return Paragraph.Kind.CAPTION
    bare = _without_closers(text)
    short = len(text) <= HEADING_MAX_CHARS and len(text.split()) <= HEADING_MAX_WORDS
    if short and "\n" not in text and bare and bare[-1] not in _TERMINAL:
        return Paragraph.Kind.HEADING
    return Paragraph.Kind.BODY


def _without_closers(text: str) -> str:
    """``text`` without the quotation marks and brackets that close it: any style, whose
    closing mark may be a "left" one („…“ German, »…« Danish, «…» French, 「…」 CJK, ‚…‘),
    so any Unicode initial or final quotation mark (Pi, Pf) or closing bracket (Pe), and
    the ASCII ' and ". A quotation that ends "…bereit.“" is then a sentence, not a heading."""
    end = len(text)
    while end and (
        text[end - 1] in "\"' \t" or unicodedata.category(text[end - 1]) in ("Pi", "Pf", "Pe")
    ):
        end -= 1
    return text[:end]


def is_caption(text: str) -> bool:
    match = _CREDIT.search(text)
    if not match:
        return False
    # Capitalised names on both sides tell a credit from prose such as "and/or".
    who = match.group("who").split()
    org = match.group("org").split()
    names_ok = all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in who)
    org_ok = all(w[0].isupper() or w[0].isdigit() or w.lower() in _ORG_CONNECTORS for w in org)
    return names_ok and org_ok and not org[0].islower()


def derive_title(paragraphs: tuple[ParsedParagraph, ...]) -> str:
    body = next((p for p in paragraphs if p.kind == Paragraph.Kind.BODY), paragraphs[0])
    sentence = " ".join(first_sentence(body.text).split())
    if sentence.endswith(".") and not sentence.endswith(".."):
        sentence = sentence[:-1].rstrip()
    if len(sentence) <= DERIVED_TITLE_MAX_CHARS:
        return sentence
    cut = sentence[: DERIVED_TITLE_MAX_CHARS - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:—\u2013-") + "…"


def first_sentence(text: str) -> str:
    for match in _SENTENCE_END.finditer(text):
        word = text[text.rfind(" ", 0, match.start()) + 1 : match.start()].lower().lstrip(_OPENERS)
        # "Dr. Lind" or "J. Lind" is not the end of a sentence.
        abbreviation = match.group()[0] == "." and (word in _ABBREVIATIONS or len(word) == 1)
        after = text[match.end() : match.end() + 1]
        if after and not abbreviation and (after.isupper() or after.isdigit() or after in _OPENERS):
            return text[: match.end()].strip()
    return text.strip()
