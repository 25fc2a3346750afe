"""Benchmark the CSV export against a bare COPY of the same SELECT.

Run with `make bench` (or `.venv/bin/python bench/export.py`). It creates its own database
(`newsroom_bench`, on the embedded server or on DATABASE_URL's server), fills it with
1,000,000 annotations over 1,000 articles, then measures:

  (a) COPY of the export's SELECT through psycopg, written to /dev/null;
  (b) GET /annotations.csv from gunicorn (one sync worker), read to the end;
  (c) manage.py export_annotations -o /dev/null;
  (d) the export closed after its first block (a client that goes away): the COPY is
      cancelled and the connection is idle again, at full size.

and drops the database again, whatever happens.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import subprocess
import sys
import time
from typing import Any

import harness
import psutil
import psycopg

BASE = harness.BASE
sys.path.insert(0, str(BASE))
PARAGRAPHS_PER_ARTICLE = 20
AUTHORS = 10


PARAGRAPH_TEXT = (
    "The council voted 7–2 on Tuesday to fund the new harbour bridge, "
    "said Rosa Lind — «it will pay for itself» 👍🏽 東京 café. "
)

FILL_SQL = [
    # Articles: titles with quotes and commas, some starting with a formula character.
    """
    INSERT INTO articles_article (title, slug, published, source, byline, url, created, updated)
    SELECT CASE WHEN n %% 10 = 0 THEN '=Bridge, "again" ' ELSE 'Bridge vote, "again" ' END || n,
           'bench-' || n, date '2020-01-01' + (n * 7 %% 2000), 'The Harbour Gazette',
           'By Ada Reporter', '', now(), now()
    FROM generate_series(1, %(articles)s) AS n
    """,
    f"""
    INSERT INTO articles_paragraph (article_id, position, kind, text)
    SELECT a.id, g, CASE WHEN g = 1 THEN 'heading' ELSE 'body' END,
           CASE WHEN g %% 7 = 0 THEN '-' ELSE '' END || repeat(%(text)s, 4)
    FROM articles_article a, generate_series(1, {PARAGRAPHS_PER_ARTICLE}) AS g
    """,
    """
    INSERT INTO annotations_annotation
        (article_id, paragraph_id, start, "end", text, prefix, suffix, tag, note, speaker,
         verdict, author_id, created, updated)
    SELECT p.article_id, p.id, s.start, s.stop,
           substr(p.text, s.start + 1, s.stop - s.start), '', '',
           (ARRAY['claim', 'quote', 'context'])[k %% 3 + 1],
           CASE k %% 10 WHEN 0 THEN '=HYPERLINK("http://example.com")'
                       WHEN 1 THEN E'a "quoted", note\nover two lines'
                       ELSE 'Checked against the minutes.' END,
           CASE WHEN k %% 3 = 1 THEN 'Rosa Lind' ELSE '' END,
           CASE WHEN k %% 3 = 0
                THEN (ARRAY['unverified', 'true', 'false', 'misleading'])[k %% 4 + 1]
                ELSE '' END,
           (%(authors)s::bigint[])[k %% cardinality(%(authors)s::bigint[]) + 1],
           now() - make_interval(mins => k), now()
    FROM articles_paragraph p,
         generate_series(0, %(per_paragraph)s - 1) AS k,
         LATERAL (SELECT k * 8 AS start, k * 8 + 5 + k %% 30 AS stop) AS s
    """,
    # One in a hundred could not be placed after an edit: the export lists them too.
    """
    UPDATE annotations_annotation SET anchor = 'orphaned', paragraph_id = NULL
    WHERE id %% 100 = 0
    """,
]


# What the per-row triggers (text = substr(paragraph text), foreign keys) would have
# checked, checked once for the whole table.
VERIFY_SQL = """
SELECT count(*) FROM annotations_annotation an
LEFT JOIN articles_paragraph p ON p.id = an.paragraph_id
LEFT JOIN auth_user u ON u.id = an.author_id
WHERE u.id IS NULL OR (an.anchor <> 'orphaned' AND (
      p.id IS NULL OR an."end" > char_length(p.text)
      OR substr(p.text, an.start + 1, an."end" - an.start) IS DISTINCT FROM an.text))
"""


def fill(url: str, articles: int, per_paragraph: int, author_ids: list[int]) -> dict[str, float]:
    steps: dict[str, float] = {}
    started = time.perf_counter()
    params = {
        "articles": articles,
        "text": PARAGRAPH_TEXT,
        "per_paragraph": per_paragraph,
        "authors": author_ids,
    }
    with psycopg.connect(url, autocommit=True) as conn:
        # Per-row triggers (ours and the foreign keys') triple the fill time. Replica mode
        # skips them for this session only, so nothing is left disabled if we die; the
        # same rules are then checked set-wise. Without superuser rights the triggers run.
        with contextlib.suppress(psycopg.errors.InsufficientPrivilege):
            conn.execute("SET session_replication_role = replica")
        for statement in FILL_SQL:
            conn.execute(statement, params)
        conn.execute("RESET session_replication_role")
        steps["insert"] = time.perf_counter() - started
        bad = conn.execute(VERIFY_SQL).fetchone()
        steps["verify"] = time.perf_counter() - started - steps["insert"]
        if bad is None or bad[0]:
            raise RuntimeError(f"bench data breaks the annotation rules: {bad}")
        # Statistics for the planner; a VACUUM would add time and change nothing here.
        conn.execute("ANALYZE")
    steps["total"] = time.perf_counter() - started
    return steps


def measure_copy(url: str) -> dict[str, float]:
    from annotations.export import ExportFilter, copy_statement

    rows = size = 0
    with psycopg.connect(url) as conn, open(os.devnull, "wb") as devnull:
        started = time.perf_counter()
        first = 0.0
        with conn.cursor() as cursor, cursor.copy(copy_statement(ExportFilter())) as copy:
            for data in copy:
                if not rows:
                    first = time.perf_counter() - started
                devnull.write(data)
                rows += 1
                size += len(data)
        elapsed = time.perf_counter() - started
    return {"rows": rows, "bytes": size, "seconds": elapsed, "first": first}


def session_cookie() -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    user = User.objects.create_user("bench-reader", password=None)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the model backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"


def fetch(port: int, path: str, cookie: str) -> dict[str, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    if response.status != 200:
        raise RuntimeError(f"GET {path}: {response.status} {response.read()[:200]!r}")
    from annotations.export import HEADER

    first_block = response.read1(65536)
    first = time.perf_counter() - started
    size = len(first_block)
    # The header line leaves at once; the first data row shows whether rows stream.
    first_row = first if size > len(HEADER) else 0.0
    while block := response.read1(65536):
        size += len(block)
        if not first_row and size > len(HEADER):
            first_row = time.perf_counter() - started
    elapsed = time.perf_counter() - started
    conn.close()
    return {"bytes": size, "seconds": elapsed, "first": first, "first_row": first_row}


def measure_http(env: dict[str, str], rows: int) -> dict[str, float]:
    cookie = session_cookie()
    with harness.gunicorn(env, harness.Workers("sync", 1)) as (port, workers):
        fetch(port, "/annotations.csv?article=bench-1", cookie)  # warm the worker up
        idle = psutil.Process(workers[0]).memory_info().rss
        with harness.PeakRss(*workers) as rss:
            result = fetch(port, "/annotations.csv", cookie)
        return {**result, "rows": rows, "peak_rss": rss.peak, "idle_rss": idle}


def measure_command(env: dict[str, str], rows: int) -> dict[str, float]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "export_annotations", "-o", os.devnull],
        cwd=BASE,
        env=env,
    )
    with harness.PeakRss(process.pid) as rss:
        if process.wait() != 0:
            raise RuntimeError("export_annotations failed")
    elapsed = time.perf_counter() - started
    return {"rows": rows, "seconds": elapsed, "peak_rss": rss.peak}


def measure_cancel(rows: int) -> dict[str, Any]:
    """The export's generator closed after its first block, as when a client goes away
    (tests/test_export_csv.py does the same on a small table): how long the cancel takes,
    and whether Django's connection is idle and usable again afterwards."""
    from django.db import connection

    from annotations.export import ExportFilter, stream_csv
    from annotations.models import Annotation

    chunks = stream_csv(ExportFilter())
    sent = len(next(chunks)) + len(next(chunks))  # the header and the first block
    started = time.perf_counter()
    chunks.close()
    elapsed = time.perf_counter() - started
    idle = connection.connection.info.transaction_status.name == "IDLE"
    return {
        "sent": sent,
        "seconds": elapsed,
        "idle": idle and Annotation.objects.count() == rows,
    }


def report(fill: dict[str, float], rows: int, a: dict[str, Any], b: dict[str, Any], c: Any) -> None:
    mb = 1024 * 1024

    def rate(r: dict[str, Any]) -> str:
        return f"{r['rows'] / r['seconds']:>12,.0f}"

    print()
    print(
        f"fill: {rows:,} annotations in {fill['total']:.1f} s"
        f" (insert {fill['insert']:.1f} s, verify {fill['verify']:.1f} s, rest ANALYZE)"
    )
    print(f"{'':40} {'rows/s':>12} {'seconds':>8} {'1st row':>9} {'peak RSS':>9}")
    print(
        f"{'(a) COPY via psycopg -> /dev/null':40} {rate(a)} {a['seconds']:>8.2f}"
        f" {a['first']:>8.3f}s {'':>9}"
    )
    print(
        f"{'(b) GET /annotations.csv, gunicorn sync':40} {rate(b)} {b['seconds']:>8.2f}"
        f" {b['first_row']:>8.3f}s {b['peak_rss'] / mb:>6.1f} MB"
    )
    print(
        f"{'(c) manage.py export_annotations':40} {rate(c)} {c['seconds']:>8.2f}"
        f" {'':>9} {c['peak_rss'] / mb:>6.1f} MB"
    )
    ratio = (b["rows"] / b["seconds"]) / (a["rows"] / a["seconds"])
    print()
    print(f"(b)/(a) = {ratio:.2f}   (target >= 0.5)")
    print(f"(b) first byte (the header line): {b['first']:.3f} s")
    print(
        f"worker RSS: {b['idle_rss'] / mb:.1f} MB idle, {b['peak_rss'] / mb:.1f} MB peak"
        "   (target < 100 MB)"
    )
    from annotations.export import HEADER

    # The same SELECT: the HTTP body must be the COPY output plus our header line.
    same = b["bytes"] == a["bytes"] + len(HEADER)
    print(f"bytes: COPY {a['bytes']:,}, HTTP {b['bytes']:,} (COPY + header: {same})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--annotations", type=int, default=1_000_000)
    parser.add_argument("--database", default="newsroom_bench")
    args = parser.parse_args()
    per_paragraph = max(1, args.annotations // (args.articles * PARAGRAPHS_PER_ARTICLE))
    rows = per_paragraph * args.articles * PARAGRAPHS_PER_ARTICLE

    url = harness.create_database(args.database)
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "LOG_LEVEL": "WARNING"}
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="newsroom.settings")
    try:
        import django

        from newsroom.secret_key import ensure_local_key

        ensure_local_key()  # the session cookie below is signed with it, as gunicorn's are
        django.setup()
        from django.contrib.auth.models import User
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        authors = User.objects.bulk_create(User(username=f"author{i:02}") for i in range(AUTHORS))
        # One author's name starts with "@", so the guard shows up in the author column.
        User.objects.filter(pk=authors[0].pk).update(username="@author00")
        print(f"filling {url.rsplit('/', 1)[-1]} with {rows:,} annotations ...", flush=True)
        filled = fill(url, args.articles, per_paragraph, [u.pk for u in authors])
        print("(a) COPY ...", flush=True)
        a = measure_copy(url)
        print("(b) HTTP ...", flush=True)
        b = measure_http(env, rows)
        print("(c) command ...", flush=True)
        c = measure_command(env, rows)
        print("(d) client gone ...", flush=True)
        d = measure_cancel(rows)
        report(filled, rows, a, b, c)
        print(
            f"(d) client gone after the first block ({d['sent']:,} of {a['bytes']:,} bytes): "
            f"COPY cancelled in {d['seconds']:.3f} s, connection idle again: {d['idle']}"
        )
    finally:
        harness.drop_database(url)


if __name__ == "__main__":
    main()
