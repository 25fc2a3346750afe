"""Krippendorff's alpha for unitizing (αU), as DKPro Statistics computes it.

No well-kept Python package computes αU on a continuum (the ``krippendorff`` package
takes coded units), so it is written here, small, after:

- Krippendorff, K.: On the reliability of unitizing contiguous data. Sociological
  Methodology 25:47–76, 1995 (the observed disagreement and the distance δ);
- Krippendorff, K.: Content Analysis: An Introduction to Its Methodology, 2nd edition,
  Sage, 2004, pp. 251–256 (the expected disagreement);
- DKPro Statistics' ``KrippendorffAlphaUnitizingAgreement`` (Meyer, Stab; Apache 2.0,
  github.com/dkpro/dkpro-statistics, module dkpro-statistics-agreement, package
  ``org.dkpro.statistics.agreement.unitizing``), which INCEpTION uses: one αU over all
  categories is 1 − mean(D_o) / mean(D_e), the means taken over the categories.

Tested on the worked examples that DKPro's own tests reproduce (``Krippendorff1995Test``,
``Krippendorff2004Test``, ``UnitizingAgreementTest``): ``tests/test_agreement_unitizing.py``.

The arithmetic is exact (integers and fractions), so equal disagreements compare equal
and a long article loses no precision; only the result is a float. Positions and
lengths are integers (here: code points of the article's paragraphs laid end to end).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import NamedTuple


class Unit(NamedTuple):
    """A unit a rater marked: ``offset`` and ``length`` on the continuum, the ``rater``'s
    index (0 … raters − 1) and its ``category``. A rater's units of one category must not
    overlap one another (DKPro requires it too)."""

    offset: int
    length: int
    rater: int
    category: str


class Segment(NamedTuple):
    """A stretch of one rater's continuum for one category: a unit (``marked``) or a gap."""

    offset: int
    length: int
    marked: bool


def distance(x: Segment, y: Segment) -> int:
    """Krippendorff's (1995) squared distance δ² between two raters' segments.

    Two units that intersect: (b_x − b_y)² + (e_x − e_y)² (their begins and ends apart).
    A unit lying wholly inside the other rater's gap: its length squared. Anything else
    (two gaps, segments that do not intersect, a unit only partly in a gap): 0.
    """
    begin = x.offset - y.offset
    end = (x.offset + x.length) - (y.offset + y.length)
    if x.marked and y.marked:
        return begin * begin + end * end if -x.length < begin < y.length else 0
    if x.marked and not y.marked:
        return x.length * x.length if begin >= 0 and end <= 0 else 0
    if y.marked and not x.marked:
        return y.length * y.length if begin <= 0 and end >= 0 else 0
    return 0


def segments(units: Iterable[Unit], begin: int, length: int) -> list[Segment]:
    """One rater's continuum [begin, begin + length) for one category: its units and the
    gaps between, before and after them, in order."""
    out: list[Segment] = []
    pos = begin
    for unit in sorted(units):
        if unit.offset > pos:
            out.append(Segment(pos, unit.offset - pos, False))
        out.append(Segment(unit.offset, unit.length, True))
        pos = unit.offset + unit.length
    if pos < begin + length:
        out.append(Segment(pos, begin + length - pos, False))
    return out


def _by_rater(units: Sequence[Unit], category: str, raters: int) -> list[list[Unit]]:
    found: list[list[Unit]] = [[] for _ in range(raters)]
    for unit in units:
        if unit.category == category:
            found[unit.rater].append(unit)
    return found


def observed(
    units: Sequence[Unit], category: str, raters: int, begin: int, length: int
) -> Fraction:
    """D_o of ``category``: the δ² of every two raters' segments that meet, summed over
    every pair of raters, times 2 / (m (m − 1) L²) (m raters, continuum of length L)."""
    return _observed(_layouts(units, category, raters, begin, length), length)


def _layouts(
    units: Sequence[Unit], category: str, raters: int, begin: int, length: int
) -> list[list[Segment]]:
    """Each rater's segments (units and gaps) of ``category``."""
    return [segments(u, begin, length) for u in _by_rater(units, category, raters)]


def _observed(layouts: list[list[Segment]], length: int) -> Fraction:
    raters = len(layouts)
    total = 0
    for i in range(raters):
        for j in range(i + 1, raters):
            total += _pair_sum(layouts[i], layouts[j])
    return Fraction(2 * total, raters * (raters - 1) * length * length)


def _pair_sum(first: list[Segment], second: list[Segment]) -> int:
    """Σ δ² over the pairs of segments that meet. Both lists tile the same continuum in
    order, so a walk along both meets each such pair once (δ² of any other pair is 0):
    linear, not quadratic, in the number of units."""
    total, p, q = 0, 0, 0
    while p < len(first) and q < len(second):
        x, y = first[p], second[q]
        total += distance(x, y)
        x_end, y_end = x.offset + x.length, y.offset + y.length
        if x_end <= y_end:
            p += 1
        if y_end <= x_end:
            q += 1
    return total


def expected(
    units: Sequence[Unit], category: str, raters: int, begin: int, length: int
) -> Fraction:
    """D_e of ``category`` (Krippendorff 2004, as DKPro computes it): every unit of the
    category against every unit and every gap it fits in, by any rater, normalised by
    the number of pairs of positions, m L (m L − 1) − Σ l (l − 1)."""
    return _expected(_layouts(units, category, raters, begin, length), length)


def _expected(layouts: list[list[Segment]], length: int) -> Fraction:
    raters = len(layouts)
    marked = [s.length for layout in layouts for s in layout if s.marked]
    count = len(marked)
    gaps = sorted(s.length for layout in layouts for s in layout if not s.marked)
    # Sums of the gaps from each index on, for Σ_{gaps g ≥ n} (g − n + 1) in O(log) per
    # unit: (sum of those gaps) − (n − 1) · (how many there are).
    tail = [0] * (len(gaps) + 1)
    for k in range(len(gaps) - 1, -1, -1):
        tail[k] = tail[k + 1] + gaps[k]
    # Three times the sum, in integers: (N_c − 1) · (2n³ − 3n² + n) / 3 per unit is a
    # whole number (2 · Σ_{k<n} k²), but dividing once at the end costs less.
    thrice = 0
    for n in marked:
        first = bisect_left(gaps, n)
        fits = tail[first] - (n - 1) * (len(gaps) - first)
        thrice += (count - 1) * (2 * n**3 - 3 * n**2 + n) + 3 * n * n * fits
    pairs = raters * length * (raters * length - 1) - sum(n * (n - 1) for n in marked)
    return Fraction(2 * thrice, 3 * length * pairs)


def _alpha(d_o: Fraction, d_e: Fraction) -> float | None:
    if d_e == 0:
        return None
    return float(1 - d_o / d_e)


def category_alpha(
    units: Sequence[Unit], category: str, *, raters: int, begin: int, length: int
) -> float | None:
    """αU of one category: 1 − D_o / D_e; None when D_e is 0 (nothing could disagree)."""
    return _alpha(
        observed(units, category, raters, begin, length),
        expected(units, category, raters, begin, length),
    )


def alpha_u(units: Sequence[Unit], *, raters: int, begin: int, length: int) -> float | None:
    """αU over all the categories of ``units``: 1 − mean(D_o) / mean(D_e) (DKPro's
    ``calculateAgreement``).

    None when it is undefined: fewer than two raters, an empty continuum, no unit at
    all (DKPro: NaN), or no expected disagreement (D_o = D_e = 0; DKPro answers 0 there).
    Raises ValueError for a unit outside the continuum or a rater out of range.
    """
    if raters < 2 or length <= 0:
        return None
    for unit in units:
        if unit.length <= 0 or unit.offset < begin or unit.offset + unit.length > begin + length:
            raise ValueError(f"unit {unit} is not inside the continuum [{begin}, {begin + length})")
        if not 0 <= unit.rater < raters:
            raise ValueError(f"unit {unit} names a rater outside 0…{raters - 1}")
    categories = sorted({u.category for u in units})
    if not categories:
        return None
    d_o, d_e = Fraction(0), Fraction(0)
    for category in categories:
        layouts = _layouts(units, category, raters, begin, length)
        d_o += _observed(layouts, length)
        d_e += _expected(layouts, length)
    return _alpha(d_o / len(categories), d_e / len(categories))
