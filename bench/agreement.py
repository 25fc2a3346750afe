"""The agreement figures of a big article, beside reading the same rows bare.

Run with `.venv/bin/python bench/agreement.py` (`BENCH_SHORT=1`: 100 paragraphs instead
of 400). In its own database (`newsroom_bench_agreement`, dropped at the end) it imports
web.py's article of about 320 code points a paragraph and has three editors annotate it,
4 spans a paragraph each, agreeing in part (the same spans, shifted ones, other tags).
Then, in this process, alternating with a baseline, three views of the agreement (each
reads the article with its text revision, as the views do, then the data):

- cold: the cache emptied first, so agreement.data.cached_agreement computes (the three
  queries, the figures, the disputes), stores the result under the revision, and makes
  the JSON of the figures;
- warm page: the same, everything found in the cache (cached under the article's text
  revision, which PostgreSQL renews on any change it comes from);
- warm JSON: the figures from the cache, as JSON (what the JSON view does);

and the baseline: the article with its revision, then the same three queries, their rows
as JSON, nothing computed. Prints the medians with their spread (min–max), the ratio of
each round, and the queries each view made.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable

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
        from django.db import connection
        from django.db.models.functions import Length
        from django.test.utils import CaptureQueriesContext

        from agreement.data import cached_agreement, clear_cache, with_revision
        from agreement.models import Settled
        from annotations.models import Annotation
        from articles.models import Article, Paragraph

        pk = build()
        count = Annotation.objects.filter(article_id=pk).count()

        def timed(read: Callable[[Article], object]) -> Callable[[], float]:
            """One view: the article with its revision, then ``read`` it, then the JSON."""

            def run() -> float:
                began = time.perf_counter()
                article = with_revision(Article.objects.all()).get(pk=pk)
                read(article)
                return time.perf_counter() - began

            return run

        def page(article: Article) -> object:
            data = cached_agreement(article)
            return json.dumps(data.figures.as_dict()), len(data.disputes)

        def figures_json(article: Article) -> object:
            return json.dumps(cached_agreement(article).figures.as_dict())

        warm_page, warm_json = timed(page), timed(figures_json)

        def cold() -> float:
            clear_cache()
            return warm_page()

        def baseline() -> float:
            began = time.perf_counter()
            article = with_revision(Article.objects.all()).get(pk=pk)
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

        queries = {}
        views = (("cold", cold), ("warm page", warm_page), ("warm JSON", warm_json))
        for name, run in (*views, ("baseline", baseline)):
            run()  # warm up each (the first query plans, imports); leaves the cache filled
            with CaptureQueriesContext(connection) as captured:
                run()
            queries[name] = len(captured)
        print(f"article: {PARAGRAPHS} paragraphs, 3 editors, {count} annotations")
        base_ms: list[float] = []
        for name, run in views:
            result = harness.paired(run, baseline, ROUNDS)
            ms = [1000 * t for t in result.product]
            base_ms += [1000 * t for t in result.baseline]
            print(f"{name} view (product), {queries[name]} queries: {harness.spread(ms, 2)} ms")
            print(f"  ratio {name} / baseline (time): {harness.spread(result.ratios, 3)}")
        print(
            f"the same rows read bare (baseline), {queries['baseline']} queries: "
            f"{harness.spread(base_ms, 2)} ms"
        )
    finally:
        harness.drop_database(url)


if __name__ == "__main__":
    main()
