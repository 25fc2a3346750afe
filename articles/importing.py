"""Import the text format: a ``date YYYY-MM-DD`` line, optional title/source/byline/url
lines up to the first blank line, then paragraphs separated by blank lines."""

from __future__ import annotations

import codecs
import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import Count
from django.utils.text import slugify

from articles.models import Article, Paragraph

MAX_FILE_BYTES = 5 * 1024 * 1024
# Read from the model so that a migration widening a field needs no change here.
HEADER_MAX_LENGTHS: dict[str, int] = {
    name: getattr(Article._meta.get_field(name), "max_length", 0)
    for name in ("title", "source", "byline", "url")
}
SLUG_MAX_LENGTH: int = getattr(Article._meta.get_field("slug"), "max_length", 200)
DERIVED_TITLE_MAX_CHARS = 100
HEADING_MAX_CHARS = 80
HEADING_MAX_WORDS = 12
# Any constant works: it only has to be the same for every importer.
IMPORT_LOCK_KEY = 0x4E657773

_DATE_LINE = re.compile(r"^\s*date\s+(?P<value>\S+)\s*$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HEADER_LINE = re.compile(r"^\s*(?P<name>title|source|byline|url)(?:\s+(?P<value>.*?))?\s*$", re.I)
# C0 controls other than tab/newline/carriage return, and DEL: never in a real text file.
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
_CLOSERS = "\"'”\u2019»)]"
_OPENERS = "“\"\u2018'(["
_TERMINAL = ".!?…:;,"
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
        super().__init__(reason)
        self.reason = reason
        self.name = name

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}" if self.name else self.reason


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

    def header_fields(self) -> dict[str, str]:
        return {"title": self.title, "source": self.source, "byline": self.byline, "url": self.url}

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


@dataclass(frozen=True)
class ImportResult:
    status: Literal["imported", "replaced", "unchanged", "skipped"]
    article: Article
    parsed: ParsedArticle

    def detail(self) -> str:
        """What happened, without the verb: the command prints the status in a column."""
        title = self.article.title
        if self.status == "imported":
            return f"“{title}”, {self.parsed.summary()}"
        if self.status == "replaced":
            return f"“{title}”, now {self.parsed.summary()}"
        if self.status == "unchanged":
            return f"“{title}” already has these paragraphs"
        return f"duplicate of “{title}” ({self.article.slug}), replace to update it"

    def describe(self) -> str:
        return f"{self.status}: {self.detail()}"


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
    paragraphs = tuple(
        ParsedParagraph(text=para, kind=guess_kind(para))
        for para in split_paragraphs(lines[index:])
    )
    if not paragraphs:
        raise ArticleImportError("no paragraphs after the header")
    title = headers.get("title") or derive_title(paragraphs)
    return ParsedArticle(
        published=published,
        title=title,
        title_derived="title" not in headers,
        source=headers.get("source", ""),
        byline=headers.get("byline", ""),
        url=headers.get("url", ""),
        paragraphs=paragraphs,
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
            f"line {number}: expected a title, source, byline or url line, or a blank line "
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
    if name == "url":
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ArticleImportError(f"line {number}: invalid url '{_shorten(value)}'") from None
    return name, value


def split_paragraphs(lines: list[str]) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current).strip())
            current = []
    return paragraphs


def guess_kind(text: str) -> str:
    if is_caption(text):
        return Paragraph.Kind.CAPTION
    bare = text.rstrip(_CLOSERS + " \t")
    short = len(text) <= HEADING_MAX_CHARS and len(text.split()) <= HEADING_MAX_WORDS
    if short and "\n" not in text and bare and bare[-1] not in _TERMINAL:
        return Paragraph.Kind.HEADING
    return Paragraph.Kind.BODY


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


def unique_slug(title: str, published: datetime.date) -> str:
    # Plain ASCII slugs: URLs use the <slug:...> converter, which rejects other letters.
    base = slugify(title)[: SLUG_MAX_LENGTH - 10].strip("-") or f"article-{published.isoformat()}"
    taken = set(Article.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def find_duplicate(parsed: ParsedArticle) -> Article | None:
    same_day = Article.objects.filter(published=parsed.published)
    by_title = same_day.filter(title__iexact=parsed.title).order_by("id").first()
    if by_title is not None:
        return by_title
    # Only articles with as many paragraphs can have the same text: compare just those.
    candidates = same_day.annotate(n=Count("paragraphs")).filter(n=len(parsed.paragraphs))
    rows = Paragraph.objects.filter(article__in=candidates.values("id"))
    texts: dict[int, list[str]] = {}
    for article_id, text in rows.order_by("article_id", "position").values_list(
        "article_id", "text"
    ):
        texts.setdefault(article_id, []).append(text)
    wanted = parsed.content_hash()
    found = next((pk for pk in sorted(texts) if content_hash(texts[pk]) == wanted), None)
    return None if found is None else Article.objects.get(pk=found)


def replace_paragraphs(article: Article, parsed: ParsedArticle) -> None:
    """Make the article's paragraphs the parsed ones, keeping annotations on their words.

    Paragraphs are matched by position: the first existing one takes the first parsed
    text, and so on; surplus paragraphs are deleted and missing ones created. Every save
    and delete goes through the ORM, so the annotations are re-anchored (once, at the end,
    with all the new paragraphs in place): they follow their words into whichever
    paragraph now holds them, or are kept as orphans when the words are gone.
    """
    from annotations import anchors  # annotations imports articles: not at module level

    with anchors.batch(actor="import --replace"):
        existing = list(article.paragraphs.select_for_update().order_by("position"))
        wanted = list(enumerate(parsed.paragraphs, start=1))
        for paragraph, (position, p) in zip(existing, wanted, strict=False):
            if (paragraph.position, paragraph.text, paragraph.kind) != (position, p.text, p.kind):
                paragraph.position, paragraph.text, paragraph.kind = position, p.text, p.kind
                paragraph.save()
        for paragraph in existing[len(wanted) :]:
            paragraph.delete()
        Paragraph.objects.bulk_create(
            Paragraph(article=article, position=position, kind=p.kind, text=p.text)
            for position, p in wanted[len(existing) :]
        )


def _create_paragraphs(article: Article, parsed: ParsedArticle) -> None:
    Paragraph.objects.bulk_create(
        Paragraph(article=article, position=position, kind=p.kind, text=p.text)
        for position, p in enumerate(parsed.paragraphs, start=1)
    )


def import_parsed(parsed: ParsedArticle, *, replace: bool = False) -> ImportResult:
    try:
        with transaction.atomic():
            # Serialise importers so two of them cannot both miss a duplicate or a slug.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
            existing = find_duplicate(parsed)
            if existing is None:
                slug = unique_slug(parsed.title, parsed.published)
                fields = parsed.header_fields()
                article = Article.objects.create(slug=slug, published=parsed.published, **fields)
                _create_paragraphs(article, parsed)
                return ImportResult("imported", article, parsed)
            if not replace:
                return ImportResult("skipped", existing, parsed)
            return _replace(existing, parsed)
    except (IntegrityError, DataError) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ArticleImportError(f"the database refused it: {detail}") from exc


def _replace(article: Article, parsed: ParsedArticle) -> ImportResult:
    # Header values the file gives win; a derived title does not override a real one.
    fields = parsed.header_fields()
    if parsed.title_derived:
        del fields["title"]
    changed = any(value and getattr(article, name) != value for name, value in fields.items())
    for name, value in fields.items():
        setattr(article, name, value or getattr(article, name))
    if changed:
        article.save()
    current = list(article.paragraphs.order_by("position").values_list("text", "kind"))
    wanted = [(p.text, p.kind) for p in parsed.paragraphs]
    # Nothing is saved, and no history written, when the paragraphs are the same.
    if current != wanted:
        replace_paragraphs(article, parsed)
        changed = True
    return ImportResult("replaced" if changed else "unchanged", article, parsed)


def import_bytes(data: bytes, name: str, *, replace: bool = False) -> ImportResult:
    try:
        return import_parsed(parse_text(decode(data)), replace=replace)
    except ArticleImportError as exc:
        raise ArticleImportError(exc.reason, name) from exc


def import_path(path: Path, *, replace: bool = False) -> ImportResult:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ArticleImportError(too_large(size), str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleImportError(exc.strerror or str(exc), str(path)) from exc
    return import_bytes(data, str(path), replace=replace)
