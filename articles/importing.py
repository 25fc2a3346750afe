"""Store parsed articles: find duplicates, pick slugs, create or replace paragraphs.
The text format itself is parsed in :mod:`articles.parsing`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from django.db import DataError, IntegrityError, connection, transaction

from articles.alignment import align
from articles.models import Article, Paragraph
from articles.parsing import (
    MAX_FILE_BYTES,
    ArticleImportError,
    ParsedArticle,
    decode,
    parse_text,
    too_large,
)
from articles.signals import paragraphs_changed
from articles.slugs import slugify_any_script

SLUG_MAX_LENGTH: int = getattr(Article._meta.get_field("slug"), "max_length", 200)
# Any constant works: it only has to be the same for every importer.
IMPORT_LOCK_KEY = 0x4E657773


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


def slug_base(title: str, published: datetime.date) -> str:
    """The slug an article of ``title`` gets unless it is taken (then ``-2``, ``-3``…)."""
    # Unicode slugs: an Arabic or Hebrew title keeps its words (the URLs' uslug converter).
    base = slugify_any_script(title)[: SLUG_MAX_LENGTH - 10].strip("-")
    return base or f"article-{published.isoformat()}"


def free_slug(base: str, taken: set[str]) -> str:
    """``base``, or the first of ``base-2``, ``base-3``… not in ``taken``."""
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


# What an import must know before it writes, in one round trip: the article this file was
# imported as before, and the slugs already taken by its base. The identity rule
# (README, "Duplicates"): the article at the same canonical URL (a page fetched again,
# whatever date it shows now); else one of the same day with the same paragraphs (the
# stored content hash: the same words, at whatever address); else one of the same day and
# title from the same outlet, and only when neither has a URL: a headline ("Live updates",
# "Letters") is no identity, so another outlet's article, or one at another address, is a
# new article, never a replacement. Each branch is an index look-up.
_EXISTING_SQL = """
SELECT COALESCE(
         (SELECT id FROM articles_article
          WHERE %(url)s <> '' AND url = %(url)s ORDER BY id LIMIT 1),
         (SELECT id FROM articles_article
          WHERE published = %(published)s
            AND (content_hash = %(hash)s
                 OR (upper(title) = upper(%(title)s) AND url = '' AND %(url)s = ''
                     AND upper(source) = upper(%(source)s)))
          ORDER BY upper(title) = upper(%(title)s) DESC, id LIMIT 1)),
       ARRAY(SELECT slug FROM articles_article WHERE slug LIKE %(prefix)s)
"""


def _existing(parsed: ParsedArticle, base: str, digest: str) -> tuple[int | None, set[str]]:
    prefix = base.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with connection.cursor() as cursor:
        cursor.execute(
            _EXISTING_SQL,
            {
                "published": parsed.published,
                "title": parsed.title,
                "url": parsed.url,
                "source": parsed.source,
                "hash": digest,
                "prefix": prefix,
            },
        )
        row = cursor.fetchone()
    return row[0], set(row[1])


def find_duplicate(parsed: ParsedArticle) -> Article | None:
    """The article this file was imported as before: the same canonical URL, else the same
    day and the same paragraphs (by the hash stored at import), or the same day, title
    and outlet when neither has a URL, a title match first. One query of index look-ups,
    and one more to load the article when there is one."""
    base = slug_base(parsed.title, parsed.published)
    duplicate, _ = _existing(parsed, base, parsed.content_hash())
    return None if duplicate is None else Article.objects.get(pk=duplicate)


def replace_paragraphs(article: Article, parsed: ParsedArticle) -> None:
    """Make the article's paragraphs the parsed ones, keeping annotations on their words.

    Paragraphs are aligned by content (:func:`articles.alignment.align`): unchanged and
    moved paragraphs keep their rows and only change position, so their annotations are
    not touched at all; edited paragraphs get the new text and their annotations are
    re-anchored; deleted ones are deleted (their annotations look for their words in the
    paragraphs that changed, or become orphans); new ones are created. Re-anchoring runs
    once, at the end, with every new paragraph in place.
    """
    from annotations import reanchoring  # annotations imports articles: not at module level

    with reanchoring.batch(actor="import --replace") as work:
        existing = list(article.paragraphs.select_for_update().order_by("position"))
        wanted = list(parsed.paragraphs)
        plan = align([p.text for p in existing], [p.text for p in wanted])
        moved = []
        for j, i in plan.kept.items():
            row = existing[i]
            if (row.position, row.kind) != (j + 1, wanted[j].kind):
                moved.append((row.pk, j + 1, wanted[j].kind))
        # Positions and kinds only: no text changes, nothing to re-anchor, no history.
        _update_paragraphs(moved)
        edits = []
        for j, i in plan.edited.items():
            row = existing[i]
            # The rows are locked and hold the old text: the batch learns it here rather
            # than from a query per paragraph in the save signal.
            work.record(row.pk, reanchoring.Change(article.pk, row.text))
            edits.append((row.pk, j + 1, wanted[j].kind, wanted[j].text))
        _update_paragraphs(edits)
        for i in plan.deleted:
            existing[i].delete()
        created = Paragraph.objects.bulk_create(
            Paragraph(article=article, position=j + 1, kind=wanted[j].kind, text=wanted[j].text)
            for j in plan.inserted
        )
        work.inserted.update(p.pk for p in created)


_MOVE_SQL = """
UPDATE articles_paragraph AS p SET position = r.position, kind = r.kind
FROM unnest(%s::bigint[], %s::integer[], %s::text[]) AS r(id, position, kind)
WHERE p.id = r.id
"""
_EDIT_SQL = """
UPDATE articles_paragraph AS p SET position = r.position, kind = r.kind, text = r.text
FROM unnest(%s::bigint[], %s::integer[], %s::text[], %s::text[]) AS r(id, position, kind, text)
WHERE p.id = r.id
"""


def _update_paragraphs(rows: list[tuple[int, int, str]] | list[tuple[int, int, str, str]]) -> None:
    """Set (id, position, kind[, text]) of many paragraphs in one statement: Django's
    bulk_update compiles a CASE per row and field, seconds for a few hundred rows. The
    database's triggers still check every row (annotations still match their text)."""
    if not rows:
        return
    columns = [list(column) for column in zip(*rows, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(_EDIT_SQL if len(columns) == 4 else _MOVE_SQL, columns)


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
            # Normalising and hashing every paragraph is done once per file.
            digest = parsed.content_hash()
            base = slug_base(parsed.title, parsed.published)
            duplicate, taken = _existing(parsed, base, digest)
            if duplicate is None:
                slug = free_slug(base, taken)
                fields = parsed.header_fields()
                article = Article.objects.create(
                    slug=slug,
                    published=parsed.published,
                    content_hash=digest,
                    **fields,
                )
                _create_paragraphs(article, parsed)
                paragraphs_changed.send(Article, article_id=article.pk)
                return ImportResult("imported", article, parsed)
            existing = Article.objects.get(pk=duplicate)
            if not replace:
                return ImportResult("skipped", existing, parsed)
            return _replace(existing, parsed, digest)
    except (IntegrityError, DataError) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ArticleImportError(f"the database refused it: {detail}") from exc


def _replace(article: Article, parsed: ParsedArticle, digest: str) -> ImportResult:
    # Header values the file gives win; a derived title does not override a real one.
    fields = parsed.header_fields()
    if parsed.title_derived:
        del fields["title"]
    changed = any(value and getattr(article, name) != value for name, value in fields.items())
    for name, value in fields.items():
        setattr(article, name, value or getattr(article, name))
    if article.content_hash != digest:
        article.content_hash = digest
        changed = True
    if changed:
        article.save()
    current = list(article.paragraphs.order_by("position").values_list("text", "kind"))
    wanted = [(p.text, p.kind) for p in parsed.paragraphs]
    # Nothing is saved, and no history written, when the paragraphs are the same.
    if current != wanted:
        replace_paragraphs(article, parsed)
        paragraphs_changed.send(Article, article_id=article.pk)
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
