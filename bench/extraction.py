"""Extraction quality on pages of our own writing: for each page with expectations in
an expected.json beside it, how many of its paragraphs come out exactly right (text and
kind), how many extracted paragraphs are not the article's (boilerplate), and how many of
the article's are missing or not exact. Two sets: tests/fixtures/web/ (the test suite's
pages, written while the reader was made: "tuned") and bench/extraction_pages/ (written,
expectations included, before the reader was ever run on them: "held out").

Run with `.venv/bin/python bench/extraction.py` (also in `make bench`). Beside Newsroom's
reader (sources.webpage: trafilatura chooses the blocks, the page's elements give the
text), the bare baseline is trafilatura's own text output with the same options, one
line a paragraph (it has no kinds, so only its text is compared). No database is needed.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()  # models are imported, never queried: no database is started

import trafilatura  # noqa: E402

from articles.parsing import ArticleImportError  # noqa: E402
from sources.webpage import read_html  # noqa: E402

SETS = {"tuned": BASE / "tests/fixtures/web", "held out": BASE / "bench/extraction_pages"}


def score(expected: list[str], extracted: list[str]) -> tuple[int, int, int]:
    """(right, boilerplate, missing): expected paragraphs extracted exactly; extracted
    paragraphs that are none of the expected; expected paragraphs not extracted exactly."""
    right = sum(1 for paragraph in expected if paragraph in extracted)
    boilerplate = sum(1 for paragraph in extracted if paragraph not in expected)
    return right, boilerplate, len(expected) - right


def baseline(data: bytes) -> list[str]:
    text = trafilatura.extract(
        data,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
    )
    return [line for line in (text or "").split("\n") if line.strip()]


def main() -> None:
    head = ("page", "reader", "expected", "right", "boilerplate", "missing")
    print(f"{head[0]:<26} {head[1]:<12} {head[2]:>8} {head[3]:>6} {head[4]:>12} {head[5]:>8}")
    for set_name, folder in SETS.items():
        totals = {"newsroom": [0, 0, 0], "trafilatura": [0, 0, 0]}
        expectations = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        for name, expected in sorted(expectations.items()):
            data = (folder / name).read_bytes()
            wanted = [f"{kind}\t{text}" for kind, text in expected["paragraphs"]]
            try:
                ours = [f"{p.kind}\t{p.text}" for p in read_html(data, name).paragraphs]
            except ArticleImportError as exc:
                print(f"{name:<26} newsroom     refused: {exc.reason}")
                ours = []
            # The title is kept apart by both: trafilatura's text repeats it as a first line.
            theirs = [line for line in baseline(data) if line != expected["title"]]
            # A paragraph with line breaks is several lines of trafilatura's output.
            lines = [line for _, text in expected["paragraphs"] for line in text.split("\n")]
            for label, want, got in (("newsroom", wanted, ours), ("trafilatura", lines, theirs)):
                right, boilerplate, missing = score(want, got)
                totals[label] = [
                    a + b for a, b in zip(totals[label], (right, boilerplate, missing), strict=True)
                ]
                print(
                    f"{name:<26} {label:<12} {len(want):>8} {right:>6} {boilerplate:>12} "
                    f"{missing:>8}"
                )
        for label, (right, boilerplate, missing) in totals.items():
            print(
                f"{'all ' + set_name:<26} {label:<12} {right + missing:>8} {right:>6} "
                f"{boilerplate:>12} {missing:>8}"
            )


if __name__ == "__main__":
    main()
