"""Measure the suggestion engine on the evaluation set in ``bench/suggestions_eval/``.

Two parts: ``tuning/`` (written by us, tuned on) and ``heldout/`` (written by someone who
had not seen the engine; never tuned on). Each article is ``NN-slug.txt`` in the import
format with ``NN-slug.gold.jsonl`` beside it: quotes ``{"paragraph", "tag": "quote",
"text", "speaker"[, "occurrence"]}`` and claims ``{"paragraph", "tag": "claim", "text"
(the whole sentence), "speaker"}``; paragraphs numbered from 1 in file order.

Printed per file and overall, per part: quote precision, recall and F1 with exact spans
and with at least 50% overlap (the overlap is at least half of the longer span; one-to-one
matching), speaker accuracy on the overlap-matched quotes (exact after Unicode NFC, and
lenient: one name contained in the other, case-insensitive), claim precision, recall and
F1 at sentence level (a suggestion matches a gold sentence it overlaps by half), and the
engine's CPU time per article (``time.process_time``, so that other work on a shared
machine does not count; median of 5 runs; median over articles) and for a 30-paragraph
article against the 50 ms goal. ``context`` suggestions are neither rewarded nor
penalised. ``--errors`` lists the tuning part's misses and false alarms (never the
held-out part's: it must not steer the tuning).

    .venv/bin/python bench/suggestions.py [--part {tuning,heldout,all}] [--errors]

``--part`` picks which part to measure (default ``all``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
EVAL = Path(__file__).resolve().parent / "suggestions_eval"
GOAL_MS = 50.0
RUNS = 5

sys.path.insert(0, str(BASE))
# The parser imports the models; no database is opened.
os.environ.setdefault("DATABASE_URL", "postgresql://bench@localhost/unused")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
import django  # noqa: E402

django.setup()

from articles.parsing import parse_text  # noqa: E402
from suggestions.engine import Found, ParagraphIn, suggest  # noqa: E402


@dataclass(frozen=True)
class Gold:
    paragraph: int  # 0-based
    start: int
    end: int
    tag: str
    speaker: str


@dataclass
class Counts:
    """Tallies of one file or of a whole part."""

    q_gold: int = 0
    q_pred: int = 0
    q_exact: int = 0
    q_overlap: int = 0
    spk_exact: int = 0
    spk_lenient: int = 0
    c_gold: int = 0
    c_pred: int = 0
    c_match: int = 0
    times: list[float] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        names = ("q_gold", "q_pred", "q_exact", "q_overlap", "spk_exact", "spk_lenient")
        for name in (*names, "c_gold", "c_pred", "c_match"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.times.extend(other.times)


def prf(match: int, pred: int, gold: int) -> str:
    p = match / pred if pred else 0.0
    r = match / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.2f} R {r:.2f} F1 {f:.2f}"


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s).strip()


def lenient(a: str, b: str) -> bool:
    a, b = nfc(a).casefold(), nfc(b).casefold()
    return bool(a and b) and (a in b or b in a)


def load_gold(path: Path, texts: list[str]) -> list[Gold]:
    gold = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        item = json.loads(line)
        index = item["paragraph"] - 1
        text = texts[index]
        k = item.get("occurrence", 1)
        at = -1
        for _ in range(k):
            at = text.find(item["text"], at + 1)
            if at == -1:
                raise SystemExit(f"{path.name}:{number}: text not in paragraph {index + 1}")
        gold.append(Gold(index, at, at + len(item["text"]), item["tag"], item.get("speaker", "")))
    return gold


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    inter = min(a1, b1) - max(a0, b0)
    return inter > 0 and inter * 2 >= max(a1 - a0, b1 - b0)


def match(gold: list[Gold], pred: list[Found], exact: bool) -> list[tuple[Gold, Found]]:
    pairs = []
    used: set[int] = set()
    for g in gold:
        for i, p in enumerate(pred):
            if i in used or p.paragraph != g.paragraph:
                continue
            if (
                (p.start, p.end) == (g.start, g.end)
                if exact
                else overlaps(g.start, g.end, p.start, p.end)
            ):
                pairs.append((g, p))
                used.add(i)
                break
    return pairs


def timed(paragraphs: list[ParagraphIn], language: str) -> tuple[list[Found], float]:
    runs = []
    found: list[Found] = []
    for _ in range(RUNS):
        t0 = time.process_time()
        found = suggest(paragraphs, language)
        runs.append((time.process_time() - t0) * 1000)
    return found, statistics.median(runs)


def evaluate(txt: Path, errors: bool) -> tuple[Counts, list[ParagraphIn]]:
    parsed = parse_text(txt.read_text(encoding="utf-8"))
    paragraphs = [ParagraphIn(p.text, p.kind) for p in parsed.paragraphs]
    texts = [p.text for p in paragraphs]
    gold = load_gold(txt.with_name(txt.stem + ".gold.jsonl"), texts)
    found, ms = timed(paragraphs, parsed.language)
    c = Counts(times=[ms])
    g_quotes = [g for g in gold if g.tag == "quote"]
    p_quotes = [f for f in found if f.tag == "quote"]
    g_claims = [g for g in gold if g.tag == "claim"]
    p_claims = [f for f in found if f.tag == "claim"]
    c.q_gold, c.q_pred = len(g_quotes), len(p_quotes)
    c.q_exact = len(match(g_quotes, p_quotes, exact=True))
    matched = match(g_quotes, p_quotes, exact=False)
    c.q_overlap = len(matched)
    c.spk_exact = sum(nfc(g.speaker) == nfc(p.speaker) for g, p in matched)
    c.spk_lenient = sum(lenient(g.speaker, p.speaker) for g, p in matched)
    c.c_gold, c.c_pred = len(g_claims), len(p_claims)
    c.c_match = len(match(g_claims, p_claims, exact=False))
    if errors:
        show_errors(txt.name, texts, g_quotes, p_quotes, matched, g_claims, p_claims)
    return c, paragraphs


def show_errors(name, texts, g_quotes, p_quotes, matched, g_claims, p_claims) -> None:  # type: ignore[no-untyped-def]
    def s(x: Gold | Found) -> str:
        return f"p{x.paragraph + 1} {texts[x.paragraph][x.start : x.end][:90]!r}"

    exact = {(g.paragraph, g.start, g.end) for g in g_quotes}
    got = {(p.paragraph, p.start, p.end) for p in p_quotes}
    for g in g_quotes:
        if (g.paragraph, g.start, g.end) not in got:
            print(f"  {name} quote missed  {s(g)}")
    for p in p_quotes:
        if (p.paragraph, p.start, p.end) not in exact:
            print(f"  {name} quote extra   {s(p)}")
    for g, p in matched:
        if not lenient(g.speaker, p.speaker) or nfc(g.speaker) != nfc(p.speaker):
            print(f"  {name} speaker {p.speaker!r} for {g.speaker!r}: {s(g)}")
    claim_pairs = match(g_claims, p_claims, exact=False)
    hit_g = {id(g) for g, _ in claim_pairs}
    hit_p = {id(p) for _, p in claim_pairs}
    for g in g_claims:
        if id(g) not in hit_g:
            print(f"  {name} claim missed  {s(g)}")
    for p in p_claims:
        if id(p) not in hit_p:
            print(f"  {name} claim extra   {s(p)} ({p.reason})")


def line(label: str, c: Counts) -> str:
    spk = (
        f"speaker {c.spk_exact / c.q_overlap:.2f}/{c.spk_lenient / c.q_overlap:.2f}"
        if c.q_overlap
        else "speaker -"
    )
    return (
        f"{label:<34} quotes {c.q_gold:>3} exact {prf(c.q_exact, c.q_pred, c.q_gold)} | "
        f"overlap {prf(c.q_overlap, c.q_pred, c.q_gold)} | {spk} (n={c.q_overlap}) | "
        f"claims {c.c_gold:>3} {prf(c.c_match, c.c_pred, c.c_gold)} | "
        f"{statistics.median(c.times):.1f} ms"
    )


def thirty_paragraphs(pool: list[ParagraphIn]) -> list[ParagraphIn]:
    body = [p for p in pool if p.kind == "body"] or pool
    return [body[i % len(body)] for i in range(30)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="list the tuning part's errors")
    parser.add_argument(
        "--part",
        choices=("tuning", "heldout", "all"),
        default="all",
        help="which part of the evaluation set to measure (default: all)",
    )
    args = parser.parse_args()
    parts = ("tuning", "heldout") if args.part == "all" else (args.part,)
    pool: list[ParagraphIn] = []
    for part in parts:
        files = sorted((EVAL / part).glob("*.txt"))
        print(f"== {part} ==")
        if not files:
            print("no held-out set" if part == "heldout" else "no tuning set")
            continue
        total = Counts()
        for txt in files:
            c, paragraphs = evaluate(txt, errors=args.errors and part == "tuning")
            pool.extend(paragraphs)
            total.add(c)
            print(line(txt.stem, c))
        print(line(f"ALL {part} ({len(files)} articles)", total))
        print(
            f"CPU time per article: median {statistics.median(total.times):.1f} ms, "
            f"max {max(total.times):.1f} ms"
        )
    if pool:
        _, ms = timed(thirty_paragraphs(pool), "en")
        verdict = "meets" if ms < GOAL_MS else "misses"
        print(f"30-paragraph article: {ms:.1f} ms CPU ({verdict} the {GOAL_MS:.0f} ms goal)")


if __name__ == "__main__":
    main()
