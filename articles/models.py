from __future__ import annotations

import unicodedata
from typing import Any

import pghistory
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Sum
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse

from articles.limits import MAX_PARAGRAPH_CHARS, MAX_PARAGRAPHS
from articles.slugs import AnyScriptSlugField
from articles.text import ReaderTextField

# Languages written right to left (their ISO 639 codes), for Article.direction.
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
)


def text_direction(text: str) -> str:
    """ "rtl" or "ltr" after the first strong character of ``text`` (Unicode's bidi rule
    P2, which is what dir="auto" applies), "auto" when it has none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"


class ArticleQuerySet(models.QuerySet["Article"]):
    def with_counts(self, visible: Q | None = None) -> ArticleQuerySet:
        """Each article's paragraph_count and annotation_count; ``visible``: a filter on
        the annotation tally's rows the viewer may count (blind mode, desk.visibility)."""
        # Subqueries rather than two JOINed Counts: joining paragraphs and annotations
        # together would multiply the rows and inflate both counts.
        from annotations.models import AnnotationTally

        paragraphs = (
            Paragraph.objects.filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(n=Count("pk"))
            .values("n")
        )
        annotations = (
            # Orphans count too: they still belong to the article. From the tally the
            # database keeps, a few rows per article.
            AnnotationTally.objects.filter(article=OuterRef("pk"))
            .filter(visible or Q())
            .order_by()
            .values("article")
            .annotate(n=Sum("n"))
            .values("n")
        )
        return self.annotate(
            paragraph_count=models.functions.Coalesce(models.Subquery(paragraphs), 0),
            annotation_count=models.functions.Coalesce(models.Subquery(annotations), 0),
        )

    def search(self, query: str) -> ArticleQuerySet:
        """Articles whose title or text matches ``query`` (English full-text search, web
        search syntax; or the title contains it as typed).

        Each branch is its own id subquery, so each uses its index (the GIN indexes on the
        title's and the paragraphs' tsvector) and runs once per query as a hashed
        sub-plan, rather than computing ``to_tsvector`` of every title row by row.
        """
        query = query.strip()
        if not query:
            return self
        ts_query = SearchQuery(query, config="english", search_type="websearch")
        by_title = (
            Article.objects.annotate(v=SearchVector("title", config="english"))
            .filter(v=ts_query)
            .values("pk")
        )
        by_text = (
            Paragraph.objects.annotate(v=SearchVector("text", config="english"))
            .filter(v=ts_query)
            .values("article_id")
        )
        as_typed = Article.objects.filter(title__icontains=query).values("pk")
        return self.filter(Q(pk__in=by_title) | Q(pk__in=by_text) | Q(pk__in=as_typed))


class Article(models.Model):
    title = models.CharField(max_length=300)
    # Unicode: a title in Arabic or Hebrew keeps its words in the address.
    slug = AnyScriptSlugField(max_length=200, unique=True)
    published = models.DateField("published date", db_index=True)
    source = models.CharField("outlet", max_length=200, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    language = models.CharField(
        max_length=35,
        blank=True,
        default="",
        db_default="",
        help_text="BCP 47 language tag of the text (e.g. en, ar, he, fr-CA); empty if unknown.",
    )
    # Finds a re-import of the same file with one index look-up instead of re-hashing
    # every article of the day (articles.importing.find_duplicate).
    content_hash = models.CharField(
        max_length=64,
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text="SHA-256 of the paragraphs as last imported (articles.parsing.content_hash).",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [
            models.Index(fields=["published", "content_hash"], name="article_day_content"),
            # A page imported again is found by its canonical URL (articles.importing).
            models.Index(fields=["url"], name="article_url"),
            GinIndex(SearchVector("title", config="english"), name="article_title_search"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("article_detail", args=[self.slug])

    @property
    def kicker_direction(self) -> str:
        """The direction of the source · date line: the article's, or, when its language
        is unknown, that of the source's first strong character (the date is Latin)."""
        if self.language:
            return self.direction
        return text_direction(self.source)

    @property
    def direction(self) -> str:
        """The HTML ``dir`` of the article: "rtl" or "ltr" when its language says so,
        "auto" (each text's own first strong character, Unicode's bidi rule P2) when the
        language is unknown."""
        if not self.language:
            return "auto"
        primary = self.language.split("-")[0].lower()
        return "rtl" if primary in RTL_LANGUAGES or "-arab" in self.language.lower() else "ltr"


@pghistory.track(
    pghistory.UpdateEvent("text-change", condition=pghistory.AnyChange("text")),
    pghistory.DeleteEvent("delete"),
    model_name="ParagraphEvent",
)
class Paragraph(models.Model):
    class Kind(models.TextChoices):
        BODY = "body", "Body"
        HEADING = "heading", "Heading"
        CAPTION = "caption", "Caption"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="paragraphs")
    # The validators give forms an error on the field; the check constraints below are the
    # same rules for every other way in. Position <= MAX_PARAGRAPHS, with positions unique
    # and >= 1, also bounds how many paragraphs an article has.
    position = models.PositiveIntegerField(
        help_text=f"1-based order within the article (1 to {MAX_PARAGRAPHS:,}).",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PARAGRAPHS)],
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.BODY)
    # Not max_length: a textarea's maxlength counts UTF-16 units, not code points.
    text = ReaderTextField(
        help_text=f"At most {MAX_PARAGRAPH_CHARS:,} characters.",
        validators=[MaxLengthValidator(MAX_PARAGRAPH_CHARS)],
    )

    class Meta:
        ordering = ["article", "position"]
        indexes = [
            GinIndex(SearchVector("text", config="english"), name="paragraph_text_search"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"],
                name="paragraph_unique_position",
                # Deferred so that reordering paragraphs in one transaction can swap positions.
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="paragraph_position_gte_1"),
            models.CheckConstraint(
                condition=Q(position__lte=MAX_PARAGRAPHS),
                name="paragraph_position_lte_max",
                violation_error_message=f"An article has at most {MAX_PARAGRAPHS:,} paragraphs.",
            ),
            models.CheckConstraint(
                # LENGTH of a text on PostgreSQL is char_length: code points, not bytes.
                condition=LessThanOrEqual(Length("text"), MAX_PARAGRAPH_CHARS),
                name="paragraph_text_max_chars",
                violation_error_message=(
                    f"A paragraph has at most {MAX_PARAGRAPH_CHARS:,} characters."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["body", "heading", "caption"]), name="paragraph_kind_valid"
            ),
            # Stored as the reader sees it (articles.text): never a carriage return.
            models.CheckConstraint(
                condition=~Q(text__contains="\r"),
                name="paragraph_text_no_cr",
                violation_error_message="Line breaks are stored as LF only.",
            ),
        ]

    def __str__(self) -> str:
        # What the admin labels a paragraph row with: its place and its kind.
        return f"Paragraph {self.position} ({self.get_kind_display().lower()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # One transaction for the text and for the annotations that move with it (the
        # re-anchoring runs in the save signals): they commit together or not at all.
        with transaction.atomic():
            super().save(*args, **kwargs)
