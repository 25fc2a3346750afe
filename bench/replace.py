"""`import_articles --replace` of a large annotated article beside a fresh import of the
same file.

Run with `make bench` (or `.venv/bin/python bench/replace.py [--paragraphs 400]`). In a
transaction that is rolled back, on the embedded server (or DATABASE_URL): import an
article of N paragraphs, put ten annotations on each (4,000 for 400 paragraphs, many
overlapping), then re-import it with a tenth of its paragraphs edited (a word changed in
each). The baseline is a fresh import of that edited file as a new article. Three rounds;
medians, spread and the ratio replace/fresh (the issue's goal: at most 10 x).
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
from django.db import transaction  # noqa: E402

from annotations.apps import EDITORS  # noqa: E402
from articles.importing import import_bytes  # noqa: E402

sys.path.insert(0, str(BASE / "bench"))
import harness  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


class Rollback(Exception):
    pass


def one_round(user: User, paragraphs: int) -> tuple[float, float, int]:
    try:
        with transaction.atomic():
            title = f"Replace bench {time.time_ns()}"
            article = import_bytes(harness.article_file(paragraphs, title), "v1.txt").article
            assert article is not None
            count = harness.annotate(user.username, article.pk, 10)
            edited = harness.article_file(paragraphs, title, edited=True)
            started = time.perf_counter()
            result = import_bytes(edited, "v2.txt", replace=True)
            replace = time.perf_counter() - started
            assert result.status == "replaced", result.status
            started = time.perf_counter()
            fresh_file = harness.article_file(paragraphs, title + " fresh", edited=True)
            import_bytes(fresh_file, "fresh.txt")
            fresh = time.perf_counter() - started
            raise Rollback
    except Rollback:
        return replace, fresh, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=400)
    paragraphs = parser.parse_args().paragraphs
    user, _ = User.objects.get_or_create(username="bench-replace")
    user.groups.add(Group.objects.get(name=EDITORS))
    user = User.objects.get(pk=user.pk)
    runs = [one_round(user, paragraphs) for _ in range(ROUNDS)]
    replace = [r for r, _, _ in runs]
    fresh = [f for _, f, _ in runs]
    ratio = [r / f for r, f, _ in runs]
    print(
        f"{paragraphs} paragraphs, {runs[0][2]:,} annotations, {paragraphs // 10} edited: "
        f"replace {statistics.median(replace):.2f} s [{min(replace):.2f}-{max(replace):.2f}], "
        f"fresh import {statistics.median(fresh):.3f} s [{min(fresh):.3f}-{max(fresh):.3f}], "
        f"replace/fresh {statistics.median(ratio):.1f} x [{min(ratio):.1f}-{max(ratio):.1f}] "
        "(goal <= 10 x)"
    )
    User.objects.filter(pk=user.pk).delete()


if __name__ == "__main__":
    main()
