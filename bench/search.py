"""Search on 10,000 articles beside the plain list page, and import of 1,000 files beside
a bare ORM insert of the same rows.

Run with `make bench` (or `.venv/bin/python bench/search.py`; `BENCH_SHORT=1` for a quick
run). In its own database (`newsroom_bench_search`, dropped at the end):

  1. imports 1,000 generated files with `import_articles` code (reading, decoding,
     limits, duplicate check by the stored content hash, slug; a transaction per file)
     and inserts the same articles and paragraphs with the bare ORM (one create and one
     bulk_create per file, a transaction per file), each into an emptied table;
     ratio bare-time/import-time, goal >= 0.5;
  2. fills up to 10,000 articles (five paragraphs each), serves the app under gunicorn
     (`DEBUG=0`, two sync workers) and loads `/?q=bridge` (a search, first page) and `/`
     (the list's first page) with wrk, one connection, alternating; ratio of the p50
     latencies search/list, goal <= 2.
"""

from __future__ import annotations

import datetime
import statistics
import tempfile
import time
from pathlib import Path

import harness

DURATION = 3 if harness.SHORT else 10  # seconds per wrk run
FILES = 200 if harness.SHORT else 1000
ARTICLES = 10_000
WORDS = ["council", "harbour", "budget", "school", "river", "museum", "tram", "housing"]


def article_text(n: int) -> tuple[str, list[str]]:
    """Title and paragraphs of generated article ``n``; one in ten has "bridge" in its
    title, one in ten other ones in its text."""
    word = WORDS[n % len(WORDS)]
    title = f"{word.title()} plan {n} {'bridge vote' if n % 10 == 0 else 'goes ahead'}"
    paragraphs = [
        f"The {word} committee met on day {n % 28 + 1} to discuss item {n}-{k}, "
        f"officials said{' of the old bridge' if n % 10 == 5 and k == 2 else ''}."
        for k in range(5)
    ]
    return title, paragraphs


def write_files(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        title, paragraphs = article_text(n)
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300)
        path = folder / f"{n:05}.txt"
        path.write_text(f"date {day}\ntitle {title}\n\n" + "\n\n".join(paragraphs) + "\n")
        paths.append(path)
    return paths


def clear() -> None:
    """Remove every article (not timed): each round starts from an empty table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE articles_article CASCADE")


def bare_insert(paths: list[Path]) -> float:
    """The same rows through the ORM, one transaction per file as the import commits
    them, nothing else. Seconds."""
    from django.db import transaction

    from articles.models import Article, Paragraph
    from articles.parsing import parse_text

    parsed = [parse_text(path.read_text()) for path in paths]  # parsing is not timed
    clear()
    started = time.perf_counter()
    for n, p in enumerate(parsed):
        with transaction.atomic():
            article = Article.objects.create(title=p.title, slug=f"bare-{n}", published=p.published)
            Paragraph.objects.bulk_create(
                Paragraph(article=article, position=k, kind=q.kind, text=q.text)
                for k, q in enumerate(p.paragraphs, start=1)
            )
    return time.perf_counter() - started


def product_import(paths: list[Path]) -> float:
    """import_path for each file, as `import_articles` does (reading, decoding, limits,
    duplicate check, slug, one transaction per file). Seconds."""
    from articles.importing import import_path

    clear()
    started = time.perf_counter()
    for path in paths:
        assert import_path(path).status == "imported"
    return time.perf_counter() - started


def fill(count: int) -> None:
    """``count`` articles with five paragraphs each, in bulk (not timed)."""
    from articles.models import Article, Paragraph

    articles = []
    for n in range(count):
        title, _ = article_text(n)
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300)
        articles.append(Article(title=title, slug=f"search-{n}", published=day))
    made = Article.objects.bulk_create(articles, batch_size=2000)
    Paragraph.objects.bulk_create(
        (
            Paragraph(article=article, position=k, text=text)
            for n, article in enumerate(made)
            for k, text in enumerate(article_text(n)[1], start=1)
        ),
        batch_size=5000,
    )


def main() -> None:
    url = harness.create_database("newsroom_bench_search")
    try:
        env = harness.setup_django(url, "baseline.settings")
        from django.db import connection

        scratch = Path(tempfile.mkdtemp(prefix="bench-search-"))
        paths = write_files(scratch, FILES)
        imports = harness.paired(lambda: 1 / product_import(paths), lambda: 1 / bare_insert(paths))
        clear()
        fill(ARTICLES)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        cookie, _ = harness.login_session("bench-search-reader")
        (scratch / "get.lua").write_text(
            'function init(args) wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") end\n'
        )
        env_wrk = {**env, "BENCH_COOKIE": cookie}
        workers = harness.Workers("sync", 2)
        with harness.gunicorn(env, workers) as (port, _):
            base = f"http://127.0.0.1:{port}"

            def p50(path: str) -> float:
                harness.drain(port, workers)
                return harness.wrk(base + path, 1, DURATION, scratch / "get.lua", env_wrk).p50

            # Lower latency is better: the ratio is search/list.
            search = harness.paired(lambda: p50("/?q=bridge"), lambda: p50("/"))
        print(f"\nsearch bench, medians [min-max] over {harness.ROUNDS} rounds:")
        print(
            f"import of {FILES:,} files vs bare ORM insert, files/s: "
            f"import {harness.spread([FILES * r for r in imports.product])}, "
            f"bare {harness.spread([FILES * r for r in imports.baseline])}, "
            f"ratio bare-time/import-time {harness.spread(imports.ratios, 2)}   (goal >= 0.5)"
        )
        ms = [1000 * v for v in search.product], [1000 * v for v in search.baseline]
        print(
            f"search '/?q=bridge' on {ARTICLES:,} articles vs list '/', p50 ms: "
            f"search {harness.spread(ms[0])}, list {harness.spread(ms[1])}, "
            f"ratio {harness.spread(search.ratios, 2)}   (goal <= 2)"
        )
        print(f"(median p50s: {statistics.median(ms[0]):.1f} / {statistics.median(ms[1]):.1f} ms)")
    finally:
        harness.drop_database(url)


if __name__ == "__main__":
    main()
