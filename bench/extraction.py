"""Extraction quality on our own fixture pages: for each page under tests/fixtures/web/
with expectations in expected.json, how many of its paragraphs come out exactly right
(text and kind), how many extracted paragraphs are not the article's (boilerplate), and
how many of the article's are missing or not exact.

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

from sources.webpage import read_html  # noqa: E402

PAGES = BASE / "tests/fixtures/web"


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
    expectations = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
    rows = []
    totals = {"newsroom": [0, 0, 0], "trafilatura": [0, 0, 0]}
    for name, expected in sorted(expectations.items()):
        data = (PAGES / name).read_bytes()
        wanted = [f"{kind}\t{text}" for kind, text in expected["paragraphs"]]
        ours = [f"{p.kind}\t{p.text}" for p in read_html(data, name).paragraphs]
        # The title is kept apart by both: trafilatura's text repeats it as a first line.
        theirs = [line for line in baseline(data) if line != expected["title"]]
        texts = [text for _, text in expected["paragraphs"]]
        # A paragraph with line breaks is several lines of trafilatura's output.
        texts_as_lines = [line for text in texts for line in text.split("\n")]
        for label, result in (
            ("newsroom", score(wanted, ours)),
            ("trafilatura", score(texts_as_lines, theirs)),
        ):
            totals[label] = [a + b for a, b in zip(totals[label], result, strict=True)]
            rows.append(
                (name, label, len(wanted if label == "newsroom" else texts_as_lines), *result)
            )
    head = ("page", "reader", "expected", "right", "boilerplate", "missing")
    print(f"{head[0]:<22} {head[1]:<12} {head[2]:>8} {head[3]:>6} {head[4]:>12} {head[5]:>8}")
    for name, label, count, right, boilerplate, missing in rows:
        print(f"{name:<22} {label:<12} {count:>8} {right:>6} {boilerplate:>12} {missing:>8}")
    for label, (right, boilerplate, missing) in totals.items():
        print(
            f"{'all pages':<22} {label:<12} {right + missing:>8} {right:>6} {boilerplate:>12} "
            f"{missing:>8}"
        )


if __name__ == "__main__":
    main()
