"""Bulk insert of annotations through the owner (history and exactness triggers, foreign
keys, rules) beside a bare baseline, at 3k / 10k / 30k rows.

Run with `make bench` (or `.venv/bin/python bench/bulk_insert.py [--sizes 3000,10000]`).
Everything happens in transactions that are rolled back, on the embedded server (or
DATABASE_URL). The baseline inserts the same rows, in batches of the same size, into a
temporary table shaped like the annotation table (same columns and indexes) without
triggers or foreign keys. Product and baseline alternate three times per size; the script
prints medians, the spread, the ratio baseline/product and how each grows from the
smallest size to the largest (linear: 10 × the rows ≈ 10 × the time).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

from newsroom import boot  # noqa: E402
from newsroom.secret_key import ensure_local_key  # noqa: E402

boot.database(supervise=False)  # settings start no server: the entry points do
ensure_local_key()
django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from annotations import lifecycle  # noqa: E402
from annotations.apps import EDITORS  # noqa: E402
from articles.models import Article, Paragraph  # noqa: E402

TEXT = "word " * 2000  # 10,000 code points
ROUNDS = 3


class Rollback(Exception):
    pass


def items(
    paragraphs: list[Paragraph], n: int
) -> list[tuple[lifecycle.Selection, lifecycle.Fields]]:
    out = []
    for i in range(n):
        paragraph = paragraphs[i % len(paragraphs)]
        start = (i // len(paragraphs)) * 5 % 9_995
        selection = lifecycle.Selection(paragraph.pk, start, start + 4, TEXT[start : start + 4])
        out.append((selection, lifecycle.Fields("claim")))
    return out


def product(user: User, n: int) -> float:
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=f"bulk {n}", slug=f"bench-bulk-{n}-{time.time_ns()}", published="2026-01-01"
            )
            paragraphs = Paragraph.objects.bulk_create(
                Paragraph(article=article, position=i + 1, text=TEXT)
                for i in range(max(1, n // 500))
            )
            work = items(paragraphs, n)
            started = time.perf_counter()
            lifecycle.create_many(user, work)
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what COMMIT would check
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        return elapsed


def baseline(user: User, n: int) -> float:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE bare (LIKE annotations_annotation INCLUDING DEFAULTS "
                "INCLUDING IDENTITY INCLUDING INDEXES) ON COMMIT DROP"
            )
            rows = [
                (1, 1, "placed", 1, s.start, s.end, s.text, "", "", "claim", "", "", "", user.pk)
                for s, _ in items([Paragraph(pk=1)], n)
            ]
            started = time.perf_counter()
            for i in range(0, n, lifecycle.BULK_BATCH):
                cursor.executemany(
                    'INSERT INTO bare (article_id, paragraph_id, anchor, version, start, "end", '
                    "text, prefix, suffix, tag, note, speaker, verdict, author_id, created, "
                    "updated) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                    "now(), now())",
                    rows[i : i + lifecycle.BULK_BATCH],
                )
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3000,10000,30000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    user, _ = User.objects.get_or_create(username="bench-bulk")
    user.groups.add(Group.objects.get(name=EDITORS))
    user = User.objects.get(pk=user.pk)
    results: dict[int, tuple[list[float], list[float]]] = {}
    for n in sizes:
        ours, bare = [], []
        for _ in range(ROUNDS):
            ours.append(product(user, n))
            bare.append(baseline(user, n))
        results[n] = (ours, bare)
        ratio = [b / o for o, b in zip(ours, bare, strict=True)]
        print(
            f"{n:>7,} rows  owner {statistics.median(ours):6.2f} s "
            f"[{min(ours):.2f}-{max(ours):.2f}]  bare {statistics.median(bare):6.2f} s "
            f"[{min(bare):.2f}-{max(bare):.2f}]  bare/owner {statistics.median(ratio):.3f} "
            f"[{min(ratio):.3f}-{max(ratio):.3f}]",
            flush=True,
        )
    small, large = sizes[0], sizes[-1]
    grow = statistics.median(results[large][0]) / statistics.median(results[small][0])
    bare_grow = statistics.median(results[large][1]) / statistics.median(results[small][1])
    print(
        f"growth {small:,} -> {large:,} rows ({large / small:.0f} x the rows): owner {grow:.1f} x, "
        f"bare {bare_grow:.1f} x   (target: owner <= {1.2 * large / small:.0f} x)"
    )
    User.objects.filter(pk=user.pk).delete()


if __name__ == "__main__":
    main()
