"""The reading page and the create request under load, beside a bare baseline view.

Run with `make bench` (or `.venv/bin/python bench/web.py`; `BENCH_SHORT=1` for a quick
run). In its own database (`newsroom_bench_web`, dropped at the end) it imports a
400-paragraph article with 4,000 overlapping annotations, a 10-annotation article and a
270-annotation one, serves the app under gunicorn (`DEBUG=0`) with the bench-only URL
configuration (`bench/baseline/`), and measures with `wrk`:

  1. create response size at 10 / 270 / 4,000 annotations on the article (bytes);
  2. the reading page of the 4,000-annotation article: req/s at 1 and 16 connections vs
     the bare INSERT view at the same concurrency, its size, and the workers' peak RSS;
  3. creating a highlight (POST /annotations/, a new span each time) at 1 and 16
     connections vs the bare INSERT view (POST /bench/insert/, the same body), under sync
     workers and under threaded (gthread) workers, to choose the production setup.

Product and baseline alternate (BENCH_ROUNDS, default 3); it prints the medians and
[min-max] of req/s and of the per-round ratio product/baseline.
"""

from __future__ import annotations

import http.client
import os
import statistics
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import harness

DURATION = 3 if harness.SHORT else 10  # seconds per wrk run
MB = 1024 * 1024

CREATE_LUA = """
-- POST a different create body each request: line n of BENCH_BODIES, the threads
-- interleaved, starting at BENCH_OFFSET so that later runs use spans not yet taken.
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  bodies = {}
  for line in io.lines(os.getenv("BENCH_BODIES")) do bodies[#bodies + 1] = line end
  step = tonumber(os.getenv("BENCH_THREADS"))
  n = tonumber(os.getenv("BENCH_OFFSET")) + id
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
  wrk.headers["X-CSRFToken"] = os.getenv("BENCH_TOKEN")
  wrk.headers["HX-Request"] = "true"
end
function request()
  n = n + step
  return wrk.format(nil, nil, nil, bodies[(n % #bodies) + 1])
end
"""

GET_LUA = """
function init(args)
  wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
end
"""


def build() -> dict[str, int]:
    """The three articles; returns their ids by annotation count."""
    from articles.importing import import_bytes
    from articles.models import Article

    ids = {}
    for count, paragraphs in ((4000, 400), (270, 27), (10, 10)):
        article = import_bytes(
            harness.article_file(paragraphs, f"Web bench {count}"), f"{count}.txt"
        ).article
        assert article is not None
        made = harness.annotate("bench-web-author", article.pk, 10, limit=count)
        assert made == count, (made, count)
        ids[str(count)] = article.pk
    print(
        "articles:",
        ", ".join(
            f"{a.slug} ({a.annotations.count():,} annotations)"
            for a in Article.objects.filter(pk__in=ids.values())
        ),
        flush=True,
    )
    return ids


def create_bodies(article_id: int, path: Path) -> int:
    """Write one urlencoded create body per line: distinct spans over the article."""
    from articles.models import Paragraph

    lines = 0
    with path.open("w") as out:
        for paragraph in Paragraph.objects.filter(article_id=article_id).order_by("position"):
            text = paragraph.text
            for start in range(1, len(text) - 60, 3):
                end = start + 7 + start % 40
                fields = {
                    "article": article_id,
                    "paragraph": paragraph.pk,
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "tag": "quote",
                    "note": "",
                    "speaker": "",
                    "verdict": "",
                }
                out.write(urlencode(fields) + "\n")
                lines += 1
    return lines


def response_sizes(port: int, cookie: str, token: str, ids: dict[str, int]) -> dict[str, int]:
    """Bytes of one create response on each article, beside its annotation count."""
    from articles.models import Paragraph

    sizes = {}
    for count, article_id in ids.items():
        paragraph = Paragraph.objects.filter(article_id=article_id).order_by("position")[1]
        fields = {
            "article": article_id,
            "paragraph": paragraph.pk,
            "start": 2,
            "end": 30,
            "text": paragraph.text[2:30],
            "tag": "context",
        }
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request(
            "POST",
            "/annotations/",
            body=urlencode(fields),
            headers={
                "Cookie": cookie,
                "X-CSRFToken": token,
                "HX-Request": "true",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = conn.getresponse()
        body = response.read()
        if response.status != 201:
            raise RuntimeError(f"create: {response.status} {body[:300]!r}")
        sizes[count] = len(body)
        conn.close()
    return sizes


def page_size(port: int, cookie: str, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET {path}: {response.status}")
    return len(body)


class Load:
    """wrk runs against one server with the bench's session and scripts."""

    def __init__(
        self,
        port: int,
        workers: harness.Workers,
        cookie: str,
        token: str,
        bodies: Path,
        scripts: Path,
    ) -> None:
        self.port, self.workers = port, workers
        self.base = f"http://127.0.0.1:{port}"
        self.offset = 0
        self.env = {
            **os.environ,
            "BENCH_COOKIE": cookie,
            "BENCH_TOKEN": token,
            "BENCH_BODIES": str(bodies),
        }
        self.create_lua = scripts / "create.lua"
        self.get_lua = scripts / "get.lua"

    def post(self, path: str, connections: int) -> float:
        env = {
            **self.env,
            "BENCH_OFFSET": str(self.offset),
            "BENCH_THREADS": str(min(connections, 2)),
        }
        harness.drain(self.port, self.workers)
        result = harness.wrk(self.base + path, connections, DURATION, self.create_lua, env)
        self.offset += result.requests + 2 * connections  # in-flight ones are not counted
        return result.rps

    def get(self, path: str, connections: int) -> float:
        harness.drain(self.port, self.workers)
        return harness.wrk(self.base + path, connections, DURATION, self.get_lua, self.env).rps


def main() -> None:
    url = harness.create_database("newsroom_bench_web")
    try:
        env = harness.setup_django(url, "baseline.settings")
        from baseline.models import CREATE_SQL
        from django.db import connection

        from annotations.apps import EDITORS
        from articles.models import Article

        with connection.cursor() as cursor:
            cursor.execute(CREATE_SQL)
        ids = build()
        cookie, token = harness.login_session("bench-web-editor", [EDITORS])
        scratch = Path(tempfile.mkdtemp(prefix="bench-web-"))
        (scratch / "create.lua").write_text(CREATE_LUA)
        (scratch / "get.lua").write_text(GET_LUA)
        bodies = scratch / "bodies.txt"
        print(f"{create_bodies(ids['4000'], bodies):,} create bodies", flush=True)
        big = Article.objects.get(pk=ids["4000"]).get_absolute_url()
        report: list[str] = []

        sync = harness.Workers("sync", 2)
        with harness.gunicorn(env, sync) as (port, workers):
            load = Load(port, sync, cookie, token, bodies, scratch)
            rss = harness.PeakRss(*workers)
            idle = rss.sample()
            size = page_size(port, cookie, big)
            report.append(f"reading page of the 4,000-annotation article: {size / 1024:,.0f} KB")
            with rss:
                for connections in (1, 16):
                    pair = harness.paired(
                        lambda c=connections: load.get(big, c),
                        lambda c=connections: load.post("/bench/insert/", c),
                    )
                    report.append(
                        f"reading page req/s vs bare INSERT, {connections:>2} connections: {pair}"
                        "   (goal ratio >= 0.1)"
                    )
            report.append(
                f"worker RSS: {idle / MB:.0f} MB idle, {rss.peak / MB:.0f} MB peak while "
                "serving the reading page   (goal < 100 MB)"
            )
            sizes = response_sizes(port, cookie, token, ids)
            report.append(
                "create response size at "
                + " / ".join(f"{count} annotations: {size:,} B" for count, size in sizes.items())
                + "   (goal < 10 KB whatever the count)"
            )
            print("\n".join(report), flush=True)

        setups = (
            harness.Workers("sync", 2),
            harness.Workers("gthread", 2, 1),
            harness.Workers("gthread", 2, 4),
        )
        for setup in setups:
            with harness.gunicorn(env, setup) as (port, _):
                load = Load(port, setup, cookie, token, bodies, scratch)
                for connections in (1, 16):
                    pair = harness.paired(
                        lambda c=connections, w=load: w.post("/annotations/", c),
                        lambda c=connections, w=load: w.post("/bench/insert/", c),
                    )
                    line = (
                        f"create req/s vs bare INSERT, {setup}, {connections:>2} connections: "
                        f"{pair}   (goal ratio >= 0.5)"
                    )
                    print(line, flush=True)
                    report.append(line)
        final = Article.objects.get(pk=ids["4000"]).annotations.count()
        report.append(f"(the big article ended with {final:,} annotations)")
        print("\nweb bench, medians [min-max] over", harness.ROUNDS, "rounds:")
        print("\n".join(report))
        print(f"median create size: {statistics.median(sizes.values()):,.0f} B")
    finally:
        harness.drop_database(url)


if __name__ == "__main__":
    main()
