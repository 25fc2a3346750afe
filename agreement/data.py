"""What the agreement page reads from the database: a fixed number of queries per
article, whatever it holds (three: the annotations with their authors, the paragraphs'
lengths, the settled annotations), and none at all when the article did not change since.

The result is cached under the article's text revision
(:class:`annotations.models.TextRevision`), a number PostgreSQL renews whenever anything
it is computed from changes: the article's paragraphs, its annotations (any field, any
code path), their authors' usernames (annotations migration 0011), and its adjudications
and settled annotations (agreement migration 0006). So a cached entry is never stale, only
unused; the revision only grows, so an old key cannot come back.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Length

from agreement.disputes import Item, Passage, disputes
from agreement.figures import Figures, Span, figures
from agreement.models import Adjudication, Settled
from annotations.models import Annotation, AnnotationTally, TextRevision
from articles.models import Article, Paragraph
from desk.models import Assignment


@dataclass(frozen=True)
class ArticleAgreement:
    """The figures of an article, its open disputes (each with its paragraph's position
    for the page), how many disputes are settled, and what earlier decisions left in the
    open ones: ``finals`` maps each settled annotation to its decision's final annotation
    (None: nobody should mark it),
    ``merged`` holds the merged finals (by id), versions no editor wrote."""

    figures: Figures
    disputes: list[Passage]
    settled: int
    positions: dict[int, int]
    finals: dict[int, int | None] = field(default_factory=dict)
    merged: dict[int, Item] = field(default_factory=dict)

    def earlier_finals(self, passage: Passage) -> list[int]:
        """The final annotations of earlier decisions on ``passage`` (a settled passage
        a new overlapping annotation pulled into a larger dispute), by id."""
        found = {self.finals.get(pk) for pk in passage.ids}
        return sorted(pk for pk in found if pk is not None)


EDITORS_GROUP = "Editors"


def rater(article_id: int | OuterRef) -> Q:
    """Whose annotations of article ``article_id`` count as a rater's work (a filter on
    annotations, or on any rows with an ``author_id``, no query of its own; the article
    an id or a reference to the filtered rows' column): when the article has assigned
    editors, theirs only; otherwise the authors in the ``Editors`` group. A reviewer's,
    the desk's or a superuser's own annotation (unless they are also an assigned editor,
    or in Editors on an unassigned article) and an unassigned editor's on an assigned
    article are not ratings: they would make a third rater and turn agreed passages into
    disputes. Assignments and group membership renew the article's text revision (desk
    migration 0005), so the cached figures follow them."""
    assigned = Assignment.objects.filter(article_id=article_id)
    return Q(
        Exists(assigned.filter(editor_id=OuterRef("author_id")))
        | (
            ~Exists(assigned)
            & Exists(
                User.groups.through.objects.filter(
                    user_id=OuterRef("author_id"), group__name=EDITORS_GROUP
                )
            )
        )
    )


def _items(article: Article) -> tuple[list[Item], dict[int, Item]]:
    """The raters' placed annotations of ``article`` (:func:`rater`) in reading order,
    and apart the merged versions written by an adjudicator (a decision, not an editor's
    work)."""
    rows = (
        Annotation.objects.for_article(article.pk)
        .filter(rater(article.pk) | Q(adjudication__kind=Adjudication.Kind.MERGED))
        .order_by("paragraph__position", "start", "end", "id")
        .values_list(
            "pk",
            "author__username",
            "paragraph_id",
            "start",
            "end",
            "tag",
            "text",
            "speaker",
            "note",
            "adjudication__kind",
        )
    )
    items, merged = [], {}
    for row in rows:
        item = Item(*row[:-1])
        if row[-1] == Adjudication.Kind.MERGED:
            merged[item.id] = item
        else:
            items.append(item)
    return items, merged


def with_rater_count(articles: QuerySet[Article]) -> QuerySet[Article]:
    """``articles``, each with ``rater_count``: how many raters (:func:`rater`) placed
    annotations on it, the agreement page's editors. A subquery of the same query, on
    the tally PostgreSQL keeps (a few rows per article), so no query of its own."""
    tally = AnnotationTally.objects.filter(article_id=OuterRef("pk"), placed=True, n__gt=0)
    raters = (
        tally.filter(rater(OuterRef("article_id")))
        .values("article_id")
        .annotate(raters=Count("author_id", distinct=True))
        .values("raters")
    )
    return articles.annotate(
        rater_count=Coalesce(Subquery(raters[:1], output_field=IntegerField()), 0)
    )


def with_revision(articles: QuerySet[Article]) -> QuerySet[Article]:
    """``articles``, each with its ``text_revision`` (None without one), in the same query."""
    revision = TextRevision.objects.filter(article_id=OuterRef("pk")).values("revision")
    return articles.annotate(text_revision=Subquery(revision[:1]))


def cached_agreement(article: Article) -> ArticleAgreement:
    """:func:`article_agreement`, from this process's memory when ``article.text_revision``
    (read with the article: :func:`with_revision`) is the one it was computed under: no
    query. The result is shared: callers must not change it."""
    revision = getattr(article, "text_revision", None)
    if revision is None:
        return article_agreement(article)
    return _computed(article.pk, revision)


# Objects kept as they are, not pickled as Django's caches do: reading back the disputes
# of a 4,800-annotation article from a pickle costs about as much as reading its rows.
# Per process, like the other caches; a few big articles' worth.
@functools.lru_cache(maxsize=32)
def _computed(article_id: int, revision: int) -> ArticleAgreement:
    # Computed after the revision was read: at worst newer than its key, never older.
    return article_agreement(Article(pk=article_id))


def clear_cache() -> None:
    """Forget what :func:`cached_agreement` kept in this process (for a cold measure)."""
    _computed.cache_clear()


def article_agreement(article: Article) -> ArticleAgreement:
    """Everything the agreement page and its JSON show, in three queries."""
    items, merged = _items(article)
    paragraphs = list(
        Paragraph.objects.filter(article_id=article.pk)
        .order_by("position")
        .values_list("pk", "position", Length("text"))
    )
    finals: dict[int, int | None] = dict(
        Settled.objects.filter(adjudication__article_id=article.pk).values_list(
            "annotation_id", "adjudication__final_id"
        )
    )
    editors = sorted({i.editor for i in items})
    spans: dict[str, list[Span]] = {e: [] for e in editors}
    for i in items:
        spans[i.editor].append(Span(i.paragraph, i.start, i.end, i.tag))
    result = figures(spans, [(pk, n) for pk, _, n in paragraphs])
    open_, done = disputes(items, editors, set(finals)) if len(editors) >= 2 else ([], 0)
    positions = {pk: pos for pk, pos, _ in paragraphs}
    return ArticleAgreement(result, open_, done, positions, finals, merged)
