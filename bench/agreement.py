"""The agreement figures of a big article, beside reading the same rows bare.

Run with `.venv/bin/python bench/agreement.py` (`BENCH_SHORT=1`: 100 paragraphs instead
of 400). In its own database (`newsroom_bench_agreement`, dropped at the end) it imports
web.py's article of about 320 code points a paragraph and has three editors annotate it,
4 spans a paragraph each, agreeing in part (the same spans, shifted ones, other tags).
Then, in this process, alternating: the product (agreement.data.article_agreement: the
three queries, the figures, the disputes, and the JSON of the figures) against the
baseline (the same three queries, their rows as JSON, nothing computed). Prints the
medians with their spread (min–max) and the ratio of each round.
"""

from __future__ import annotations

import json
import os
import time

import harness

SHORT = bool(os.environ.get("BENCH_SHORT"))
PARAGRAPHS = 100 if SHORT else 400
ROUNDS = 5


def build() -> int:
    """The article and its three editors' annotations; its id."""
    from django.contrib.auth.models import Group, User

    from annotations import lifecycle
    from annotations.apps import EDITORS
    from articles.importing import import_bytes
    from articles.models import Paragraph

    article = import_bytes(harness.article_file(PARAGRAPHS, "Agreement bench"), "a.txt").article
    assert article is not None
    paragraphs = list(Paragraph.objects.filter(article=article).order_by("position"))
    # (shift of the start, tag of the third span) per editor: ana and ben agree on most,
    # cleo marks the same passages a few characters off.
    for name, shift, tag in (("ana", 0, "claim"), ("ben", 0, "quote"), ("cleo", 3, "claim")):
        user, _ = User.objects.get_or_create(username=name)
        user.groups.add(Group.objects.get(name=EDITORS))
        user = User.objects.get(pk=user.pk)
        items = []
        for paragraph in paragraphs:
            for k in range(4):
                start = k * 70 + shift
                end = start + 30 + (k if name == "ben" else 0)
                fields = lifecycle.Fields(tag if k == 2 else "claim")
                items.append(
                    (
                        lifecycle.Selection(paragraph.pk, start, end, paragraph.text[start:end]),
                        fields,
                    )
                )
        lifecycle.create_many(user, items)
    return article.pk


def main() -> None:
    url = harness.create_database("newsroom_bench_agreement")
    try:
        harness.setup_django(url)
        from django.db.models.functions import Length

        from agreement.data import article_agreement
        from agreement.models import Settled
        from annotations.models import Annotation
        from articles.models import Article, Paragraph

        article = Article.objects.get(pk=build())
        count = Annotation.objects.filter(article=article).count()

        def product() -> float:
            began = time.perf_counter()
            data = article_agreement(article)
            json.dumps(data.figures.as_dict())
            return time.perf_counter() - began

        def baseline() -> float:
            began = time.perf_counter()
            rows = list(
                Annotation.objects.for_article(article.pk)
                .order_by("paragraph__position", "start", "end", "id")
                .values_list("pk", "author__username", "paragraph_id", "start", "end", "tag")
            )
            lengths = list(
                Paragraph.objects.filter(article_id=article.pk).values_list("pk", Length("text"))
            )
            settled = list(
                Settled.objects.filter(adjudication__article_id=article.pk).values_list(
                    "annotation_id", flat=True
                )
            )
            json.dumps([rows, lengths, settled])
            return time.perf_counter() - began

        product()  # warm up both (the first query plans, imports)
        baseline()
        result = harness.paired(product, baseline, ROUNDS)
        ms = [1000 * t for t in result.product]
        base = [1000 * t for t in result.baseline]
        print(f"article: {PARAGRAPHS} paragraphs, 3 editors, {count} annotations")
        print(f"figures and disputes (product): {harness.spread(ms)} ms")
        print(f"the same rows read bare (baseline): {harness.spread(base)} ms")
        print(f"ratio product / baseline (time): {harness.spread(result.ratios, 1)}")
    finally:
        harness.drop_database(url)


if __name__ == "__main__":
    main()
