"""Agreement between editors on one article: pure functions, no Django.

Every editor's work is a list of :class:`Span` (paragraph id, start, end, tag), offsets in
Unicode code points, end exclusive, as annotations store them. For a pair of editors
``a`` and ``b`` (``a`` is the reference) and for all of them together this module gives:

- span precision, recall and F1 with **exact** boundaries and with **overlap** (the two
  spans share at least half of the length of *each* of them); matching is on boundaries
  only, one to one and maximum (:func:`match`), the tag breaking ties only (the tag is
  what kappa measures);
- **Cohen's kappa** on the tag over the spans matched with overlap (Cohen 1960);
- **Krippendorff's unitizing alpha** (αU) for the boundaries, with the tags as its
  categories, over the article's continuum (the paragraphs one after another), as
  INCEpTION computes it through DKPro Statistics (:mod:`agreement.unitizing`).

Overall figures: the mean of the pairs' precision, recall and F1; the mean of the pairs'
kappas (Light's kappa: Light, R. J., Measures of response agreement for qualitative
data, Psychological Bulletin 76(5), 1971); the multi-rater αU of all the editors at once.

A figure that is not defined is None, never a made-up number: precision without any span
of ``b``, recall without any span of ``a``, F1 when either is undefined (both zero: F1
is 0, no agreement at all, and counts in the overall mean as such), kappa without a
matched span or when both editors used a single and the same tag on every matched span
(no variation: chance agreement is 1), αU without any span or with no expected
disagreement (see :func:`agreement.unitizing.alpha_u`).

We wrote kappa ourselves (five lines) rather than take scikit-learn (tens of megabytes
for one formula); the ``krippendorff`` package computes alpha on coded units
(nominal, interval...), not on unitized continua, so αU is ours too, checked against the
worked examples DKPro Statistics' own tests reproduce (``tests/test_agreement_figures.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from statistics import fmean
from typing import NamedTuple

import numpy as np
from scipy.optimize import linear_sum_assignment

from agreement.unitizing import Unit, alpha_u


class Span(NamedTuple):
    """One editor's annotation: ``paragraph`` id, ``start`` and ``end`` in code points
    (end exclusive), and its ``tag``."""

    paragraph: int
    start: int
    end: int
    tag: str

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 in [0, 1], each None where undefined."""

    precision: float | None
    recall: float | None
    f1: float | None

    def as_dict(self) -> dict[str, float | None]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class PairFigures:
    """The figures of editors ``a`` (the reference) and ``b``; ``matched`` counts the
    pairs of spans matched with overlap (those kappa is computed on)."""

    a: str
    b: str
    exact: Scores
    overlap: Scores
    kappa: float | None
    alpha_u: float | None
    matched: int

    def as_dict(self) -> dict[str, object]:
        return {
            "a": self.a,
            "b": self.b,
            "exact": self.exact.as_dict(),
            "overlap": self.overlap.as_dict(),
            "kappa": self.kappa,
            "alpha_u": self.alpha_u,
            "matched": self.matched,
        }


@dataclass(frozen=True)
class Figures:
    """Every pair of editors (in the order of ``editors``) and the overall figures."""

    editors: list[str]
    pairs: list[PairFigures]
    overall: dict[str, object]

    def as_dict(self) -> dict[str, object]:
        return {
            "editors": self.editors,
            "pairs": [p.as_dict() for p in self.pairs],
            "overall": self.overall,
        }


def overlaps_enough(x: Span, y: Span) -> bool:
    """Do ``x`` and ``y`` share at least half of the length of each of them (same
    paragraph)? Lengths are integers, so 2 × shared ≥ length avoids rounding."""
    if x.paragraph != y.paragraph:
        return False
    shared = min(x.end, y.end) - max(x.start, y.start)
    return shared > 0 and 2 * shared >= x.length and 2 * shared >= y.length


def same_boundaries(x: Span, y: Span) -> bool:
    """Same paragraph, same start, same end."""
    return (x.paragraph, x.start, x.end) == (y.paragraph, y.start, y.end)


# Weights handed to the solver stay exact in float64 even once summed over a matching.
_EXACT = 2**52


def _tiered(values: Sequence[Sequence[int]], size: int) -> list[int]:
    """Per edge, one integer whose order over *sums across a matching of up to ``size``
    edges* is the lexicographic order of the ``values`` tiers (each a list of
    non-negative integers, one per edge, most important tier first). Tiers that would
    make the weights inexact in float64 are dropped from the least important up: ties
    among them then fall to the solver's order on sorted input, still deterministic."""
    tiers = list(values)
    while True:
        bases = [size * max(tier, default=0) + 1 for tier in tiers]
        weights = [0] * len(tiers[0])
        for tier, base in zip(tiers, bases, strict=True):
            weights = [w * base + v for w, v in zip(weights, tier, strict=True)]
        total = 1
        for base in bases:
            total *= base
        if total * (size + 1) < _EXACT or len(tiers) == 1:
            return weights
        tiers.pop()


def match(
    a: Sequence[Span], b: Sequence[Span], criterion: Callable[[Span, Span], bool]
) -> list[tuple[Span, Span]]:
    """Pairs (span of ``a``, span of ``b``) that meet ``criterion``, one to one, sorted.

    A maximum one-to-one matching, not a greedy one: the most pairs possible; among
    matchings with as many pairs, the largest total shared length; then the closest
    boundaries (smallest total of |Δstart| + |Δend|); then the most pairs with the same
    tag; then the earliest spans. Spans are sorted first, so the answer never depends on
    the input's order. Solved per paragraph as a maximum weight bipartite matching with
    ``scipy.optimize.linear_sum_assignment`` (Crouse, On implementing 2D rectangular
    assignment algorithms, IEEE TAES 52(4), 2016), the tiers folded into one exact integer
    weight per pair; pairs that do not meet ``criterion`` weigh 0 and are dropped.
    """
    # Spans meet only within a paragraph: solve each one on its own.
    by_paragraph: dict[int, tuple[list[Span], list[Span]]] = {}
    for x in a:
        by_paragraph.setdefault(x.paragraph, ([], []))[0].append(x)
    for y in b:
        by_paragraph.setdefault(y.paragraph, ([], []))[1].append(y)
    pairs: list[tuple[Span, Span]] = []
    for xs, ys in by_paragraph.values():
        xs.sort()
        ys.sort()
        edges = [(i, j) for i, x in enumerate(xs) for j, y in enumerate(ys) if criterion(x, y)]
        if not edges:
            continue
        reach = max(max(s.end for s in xs), max(s.end for s in ys))
        shared, closeness, same_tag, early = [], [], [], []
        for i, j in edges:
            x, y = xs[i], ys[j]
            shared.append(min(x.end, y.end) - max(x.start, y.start))
            closeness.append(2 * reach - abs(x.start - y.start) - abs(x.end - y.end))
            same_tag.append(int(x.tag == y.tag))
            early.append(len(xs) + len(ys) - i - j)
        size = min(len(xs), len(ys))
        weights = _tiered([[1] * len(edges), shared, closeness, same_tag, early], size)
        matrix = np.zeros((len(xs), len(ys)))
        for (i, j), w in zip(edges, weights, strict=True):
            matrix[i, j] = w
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        pairs.extend((xs[i], ys[j]) for i, j in zip(rows, cols, strict=True) if matrix[i, j] > 0)
    return sorted(pairs)


def scores(matched: int, reference: int, candidate: int) -> Scores:
    """Precision (matched / ``candidate`` spans), recall (matched / ``reference`` spans)
    and their harmonic mean F1; None where a denominator is zero."""
    precision = matched / candidate if candidate else None
    recall = matched / reference if reference else None
    if precision is None or recall is None:
        f1 = None
    elif precision + recall == 0:
        f1 = 0.0  # nothing matched: no agreement, not an unknown one
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return Scores(precision, recall, f1)


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's (1960) kappa of two raters' labels, one (label of a, label of b) per item:
    (p_o − p_e) / (1 − p_e), p_e from each rater's own label frequencies. None without
    items or when p_e = 1 (both raters gave one and the same label throughout)."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(x == y for x, y in pairs) / n
    first = Counter(x for x, _ in pairs)
    second = Counter(y for _, y in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def units_of(
    spans_by_editor: Sequence[Sequence[Span]], paragraph_offsets: Mapping[int, int]
) -> list[Unit]:
    """The editors' spans as αU units on the article's continuum: a paragraph's spans
    shifted by ``paragraph_offsets[paragraph]`` (the lengths of the paragraphs before
    it). DKPro's αU requires a rater's units of one category not to overlap, so an
    editor's overlapping spans of one tag are merged into one unit (their union)."""
    units: list[Unit] = []
    for rater, spans in enumerate(spans_by_editor):
        by_tag: dict[str, list[tuple[int, int]]] = {}
        for s in spans:
            shift = paragraph_offsets[s.paragraph]
            by_tag.setdefault(s.tag, []).append((shift + s.start, shift + s.end))
        for tag, intervals in by_tag.items():
            intervals.sort()
            begin, end = intervals[0]
            for b, e in intervals[1:]:
                if b < end:
                    end = max(end, e)
                else:
                    units.append(Unit(begin, end - begin, rater, tag))
                    begin, end = b, e
            units.append(Unit(begin, end - begin, rater, tag))
    return units


def pair_figures(
    a: str,
    b: str,
    spans_a: Sequence[Span],
    spans_b: Sequence[Span],
    paragraph_offsets: Mapping[int, int],
    length: int,
) -> PairFigures:
    """The figures of editors ``a`` (reference) and ``b`` on a continuum of ``length``
    code points (the article's paragraphs one after another)."""
    exact = match(spans_a, spans_b, same_boundaries)
    overlap = match(spans_a, spans_b, overlaps_enough)
    units = units_of([spans_a, spans_b], paragraph_offsets)
    return PairFigures(
        a=a,
        b=b,
        exact=scores(len(exact), len(spans_a), len(spans_b)),
        overlap=scores(len(overlap), len(spans_a), len(spans_b)),
        kappa=cohen_kappa([(x.tag, y.tag) for x, y in overlap]),
        alpha_u=alpha_u(units, raters=2, begin=0, length=length),
        matched=len(overlap),
    )


def _mean(values: Sequence[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return fmean(defined) if defined else None


def figures(
    spans: Mapping[str, Sequence[Span]],
    paragraph_lengths: Sequence[tuple[int, int]],
) -> Figures:
    """The agreement figures of an article.

    ``spans``: each editor's spans, by username (editors in the order given, usually
    sorted). ``paragraph_lengths``: (paragraph id, length in code points) in reading
    order, which lays out the continuum. Pairs are every two editors in that order, the
    first of each the reference. ``overall``: the means of the pairs' defined values for
    precision, recall, F1 (exact and overlap) and kappa, the multi-rater αU of all
    editors, and the total of matched spans. With fewer than two editors: no pairs, and
    every overall figure None.
    """
    offsets: dict[int, int] = {}
    total = 0
    for paragraph, n in paragraph_lengths:
        offsets[paragraph] = total
        total += n
    editors = list(spans)
    pairs = [
        pair_figures(x, y, spans[x], spans[y], offsets, total) for x, y in combinations(editors, 2)
    ]

    def mean_of(kind: str) -> dict[str, float | None]:
        return {
            name: _mean([getattr(getattr(p, kind), name) for p in pairs])
            for name in ("precision", "recall", "f1")
        }

    overall: dict[str, object] = {
        "exact": mean_of("exact"),
        "overlap": mean_of("overlap"),
        "kappa": _mean([p.kappa for p in pairs]),
        "alpha_u": (
            alpha_u(
                units_of([spans[e] for e in editors], offsets),
                raters=len(editors),
                begin=0,
                length=total,
            )
            if len(editors) >= 2
            else None
        ),
        "matched": sum(p.matched for p in pairs),
    }
    return Figures(editors, pairs, overall)
