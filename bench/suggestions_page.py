"""The reading page with hundreds of suggestions drawn, beside the same page without.

Run with `.venv/bin/python bench/suggestions_page.py` (`BENCH_SHORT=1` for a quick run;
`make bench` runs web.py, whose big article has its suggestions too). In its own database
(`newsroom_bench_suggestions`, dropped at the end) it imports two copies of web.py's
400-paragraph article with 4,000 overlapping annotations each; the engine suggests on
both (after the import commits), then one copy loses its suggestions. Under gunicorn
(`DEBUG=0`) it measures with `wrk`, alternating: the page with suggestions vs the page
without (the cost of drawing them: goal ratio >= 0.8), and vs the bare INSERT view (the
scale issue's figure: goal ratio >= 0.1); and the size of each page.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import harness
from web import CREATE_LUA, GET_LUA, Load, create_bodies, page_size


def build() -> tuple[str, str, int, int]:
    """Both copies; returns their addresses, the suggestion count of the first and the
    id of the second (whose spans the bare INSERT's bodies take)."""
    from django.tasks import task_backends

    from articles.importing import import_bytes
    from suggestions.models import Suggestion

    urls = []
    ids = []
    for name in ("with", "without"):
        # The same text would be taken as the same article: the second has a line more.
        data = harness.article_file(400, f"Suggestions bench {name}")
        if name == "without":
            data += b"\nThe end.\n"
        article = import_bytes(data, f"{name}.txt").article
        assert article is not None
        made = harness.annotate("bench-sg-author", article.pk, 10, limit=4000)
        assert made == 4000, made
        urls.append(article.get_absolute_url())
        ids.append(article.pk)
    backend = task_backends["default"]
    if hasattr(backend, "drain"):
        backend.drain()
    Suggestion.objects.filter(article_id=ids[1]).delete()
    return urls[0], urls[1], Suggestion.objects.filter(article_id=ids[0]).count(), ids[1]


def main() -> None:
    url = harness.create_database("newsroom_bench_suggestions")
    try:
        env = harness.setup_django(url, "baseline.settings")
        from baseline.models import CREATE_SQL
        from django.db import connection

        from annotations.apps import EDITORS

        with connection.cursor() as cursor:
            cursor.execute(CREATE_SQL)
        with_url, without_url, count, other = build()
        cookie, token = harness.login_session("bench-sg-editor", [EDITORS])
        scratch = Path(tempfile.mkdtemp(prefix="bench-sg-"))
        (scratch / "get.lua").write_text(GET_LUA)
        (scratch / "create.lua").write_text(CREATE_LUA)
        bodies = scratch / "bodies.txt"
        create_bodies(other, bodies)
        report = [f"400 paragraphs, 4,000 annotations, {count:,} suggestions drawn"]
        workers = harness.Workers("sync", 2)
        with harness.gunicorn(env, workers) as (port, _):
            load = Load(port, workers, cookie, token, bodies, scratch)
            sizes = [page_size(port, cookie, u) / 1024 for u in (with_url, without_url)]
            report.append(f"page size: {sizes[0]:,.0f} KB with, {sizes[1]:,.0f} KB without")
            pair = harness.paired(lambda: load.get(with_url, 1), lambda: load.get(without_url, 1))
            report.append(f"req/s with vs without suggestions: {pair}   (goal ratio >= 0.8)")
            bare = harness.paired(
                lambda: load.get(with_url, 1), lambda: load.post("/bench/insert/", 1)
            )
            report.append(f"req/s with suggestions vs bare INSERT: {bare}   (goal ratio >= 0.1)")
        print("\n".join(report))
    finally:
        harness.drop_database(url)


if __name__ == "__main__":
    main()
