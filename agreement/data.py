"""What the agreement page reads from the database: a fixed number of queries per
article, whatever it holds (three: the annotations with their authors, the paragraphs'
lengths, the settled annotations)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.functions import Length

from agreement.disputes import Item, Passage, disputes
from agreement.figures import Figures, Span, figures
from agreement.models import Adjudication, Settled
from annotations.models import Annotation
from articles.models import Article, Paragraph


@dataclass(frozen=True)
class ArticleAgreement:
    """The figures of an article, its open disputes (each with its paragraph's position
    for the page), and how many disputes are settled."""

    figures: Figures
    disputes: list[Passage]
    settled: int
    positions: dict[int, int]


def editors_items(article: Article) -> list[Item]:
    """The editors' placed annotations of ``article`` in reading order; merged versions
    written by an adjudicator are left out (they are a decision, not an editor's work)."""
    rows = (
        Annotation.objects.for_article(article.pk)
        .exclude(adjudication__kind=Adjudication.Kind.MERGED)
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
        )
    )
    return [Item(*row) for row in rows]


def article_agreement(article: Article) -> ArticleAgreement:
    """Everything the agreement page and its JSON show, in three queries."""
    items = editors_items(article)
    paragraphs = list(
        Paragraph.objects.filter(article_id=article.pk)
        .order_by("position")
        .values_list("pk", "position", Length("text"))
    )
    settled = set(
        Settled.objects.filter(adjudication__article_id=article.pk).values_list(
            "annotation_id", flat=True
        )
    )
    editors = sorted({i.editor for i in items})
    spans: dict[str, list[Span]] = {e: [] for e in editors}
    for i in items:
        spans[i.editor].append(Span(i.paragraph, i.start, i.end, i.tag))
    result = figures(spans, [(pk, n) for pk, _, n in paragraphs])
    open_, done = disputes(items, editors, settled) if len(editors) >= 2 else ([], 0)
    return ArticleAgreement(result, open_, done, {pk: pos for pk, pos, _ in paragraphs})
