"""Krippendorff's unitizing alpha (agreement.unitizing) on the worked examples that DKPro
Statistics' own tests reproduce (dkpro/dkpro-statistics, dkpro-statistics-agreement,
org.dkpro.statistics.agreement.unitizing: Krippendorff1995Test, Krippendorff2004Test,
UnitizingAgreementTest), with the tolerances those tests use."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreement.unitizing import (
    Segment,
    Unit,
    _pair_sum,
    alpha_u,
    category_alpha,
    distance,
    expected,
    observed,
    segments,
)

# Krippendorff (1995: p. 57), four pairs of coders on a continuum of 24, one category
# per pair (A: Bertha/Bill, B: John/Jill, C: Gerret/Gill, D: Heather/Hill):
# (offset, length, rater, category).
EXAMPLE_1995 = [
    (2, 8, 0, "A"), (14, 6, 0, "A"), (4, 4, 1, "A"), (15, 2, 1, "A"),
    (0, 18, 0, "B"), (0, 2, 1, "B"), (2, 1, 1, "B"), (3, 1, 1, "B"), (4, 1, 1, "B"),
    (5, 1, 1, "B"), (6, 3, 1, "B"), (9, 1, 1, "B"),
    (2, 6, 0, "C"), (10, 2, 0, "C"), (14, 4, 0, "C"), (20, 2, 0, "C"), (0, 2, 1, "C"),
    (4, 4, 1, "C"), (10, 4, 1, "C"), (16, 2, 1, "C"), (20, 2, 1, "C"),
    (0, 2, 0, "D"), (2, 8, 0, "D"), (10, 4, 0, "D"), (14, 6, 0, "D"), (20, 4, 0, "D"),
    (0, 4, 1, "D"), (4, 4, 1, "D"), (8, 7, 1, "D"), (15, 2, 1, "D"), (17, 7, 1, "D"),
]  # fmt: skip


def example_1995(stretch: float) -> tuple[list[Unit], int]:
    """The 1995 example stretched as DKPro's createExample does (int() of each value)."""
    units = [Unit(int(o * stretch), int(n * stretch), r, c) for o, n, r, c in EXAMPLE_1995]
    return units, int(24 * stretch)


# Krippendorff (2004: p. 254): continuum [150, 450), categories c and k.
EXAMPLE_2004 = [
    Unit(225, 70, 0, "c"), Unit(370, 30, 0, "c"), Unit(220, 80, 1, "c"), Unit(355, 20, 1, "c"),
    Unit(400, 20, 1, "c"), Unit(180, 60, 0, "k"), Unit(300, 50, 0, "k"), Unit(180, 60, 1, "k"),
    Unit(300, 50, 1, "k"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("category", "d_o"),
    [("A", 0.03125), ("B", 2.26736), ("C", 0.02777), ("D", 0.38715)],
)
def test_it_computes_the_observed_disagreement_of_1995(category: str, d_o: float) -> None:
    units, length = example_1995(1)
    assert float(observed(units, category, 2, 0, length)) == pytest.approx(d_o, abs=1e-5)


@pytest.mark.parametrize(
    ("category", "d_e", "alpha"),
    [("A", 0.06990, 0.553), ("B", 1.17731, -0.926), ("C", 0.08642, 0.679), ("D", 0.41445, 0.066)],
)
def test_it_computes_the_expected_disagreement_and_alpha_of_1995(
    category: str, d_e: float, alpha: float
) -> None:
    units, length = example_1995(1_200_000 / 24)
    assert float(expected(units, category, 2, 0, length)) == pytest.approx(d_e, abs=0.005)
    found = category_alpha(units, category, raters=2, begin=0, length=length)
    assert found == pytest.approx(alpha, abs=0.02)


@pytest.mark.parametrize(
    ("stretch", "d_e", "tolerance", "alpha"),
    [
        (12 / 24, 0.05494, 0.00001, 0.494),
        (120 / 24, 0.08234, 0.005, 0.663),
        (1200 / 24, 0.08600, 0.005, 0.677),
        (12000 / 24, 0.08638, 0.005, 0.678),
        (120000 / 24, 0.08642, 0.005, 0.679),
    ],
)
def test_it_follows_the_1995_example_as_the_continuum_grows(
    stretch: float, d_e: float, tolerance: float, alpha: float
) -> None:
    units, length = example_1995(stretch)
    assert float(observed(units, "C", 2, 0, length)) == pytest.approx(0.02777, abs=1e-5)
    assert float(expected(units, "C", 2, 0, length)) == pytest.approx(d_e, abs=tolerance)
    found = category_alpha(units, "C", raters=2, begin=0, length=length)
    assert found == pytest.approx(alpha, abs=0.02)


def test_it_computes_the_2004_example() -> None:
    assert alpha_u(EXAMPLE_2004, raters=2, begin=150, length=300) == pytest.approx(
        0.8591, abs=0.0005
    )
    table = [("c", 0.0144, 0.0532, 0.7286), ("k", 0.0, 0.0490, 1.0)]
    for category, d_o, d_e, alpha in table:
        assert float(observed(EXAMPLE_2004, category, 2, 150, 300)) == pytest.approx(d_o, abs=1e-4)
        assert float(expected(EXAMPLE_2004, category, 2, 150, 300)) == pytest.approx(d_e, abs=1e-4)
        found = category_alpha(EXAMPLE_2004, category, raters=2, begin=150, length=300)
        assert found == pytest.approx(alpha, abs=1e-4)


def test_it_computes_dkpros_own_example() -> None:
    # r0: -11111111-   r1: --1-1-1---
    units = [Unit(1, 8, 0, "A"), Unit(2, 1, 1, "A"), Unit(4, 1, 1, "A"), Unit(6, 1, 1, "A")]
    assert float(observed(units, "A", 2, 0, 10)) == pytest.approx(0.9100, abs=1e-4)
    assert float(expected(units, "A", 2, 0, 10)) == pytest.approx(0.5351, abs=1e-4)
    assert category_alpha(units, "A", raters=2, begin=0, length=10) == pytest.approx(
        -0.7003, abs=1e-4
    )


@pytest.mark.parametrize(
    ("x", "y", "d"),
    [
        # UnitizingAgreementTest.testDistanceMetric
        (Segment(0, 1, False), Segment(0, 2, False), 0),
        (Segment(1, 8, True), Segment(0, 2, False), 0),
        (Segment(1, 8, True), Segment(2, 1, True), 37),
        (Segment(1, 8, True), Segment(3, 1, False), 0),
        (Segment(1, 8, True), Segment(4, 1, True), 25),
        (Segment(1, 8, True), Segment(6, 1, True), 29),
        (Segment(1, 8, True), Segment(7, 4, False), 0),
        (Segment(9, 2, False), Segment(7, 4, False), 0),
        # Krippendorff2004Test.testDistanceMetric1 and 2
        (Segment(5, 6, True), Segment(4, 2, True), 26),
        (Segment(5, 6, True), Segment(5, 2, True), 16),
        (Segment(5, 6, True), Segment(6, 2, True), 10),
        (Segment(5, 6, True), Segment(7, 2, True), 8),
        (Segment(5, 6, True), Segment(6, 4, True), 2),
        (Segment(5, 6, True), Segment(5, 6, True), 0),
        (Segment(225, 70, True), Segment(220, 80, True), 50),
        (Segment(370, 30, True), Segment(355, 20, True), 850),
        (Segment(400, 50, False), Segment(400, 20, True), 400),
    ],
)
def test_it_measures_krippendorffs_distance(x: Segment, y: Segment, d: int) -> None:
    assert distance(x, y) == d


def test_it_sums_the_2004_distance_pairs() -> None:
    pair_1 = distance(Segment(2, 3, False), Segment(2, 2, True))
    assert pair_1 + distance(Segment(5, 6, True), Segment(4, 7, False)) == 40
    pair_2 = distance(Segment(3, 2, False), Segment(3, 2, True))
    assert pair_2 + distance(Segment(5, 6, True), Segment(5, 6, False)) == 40


def test_it_gives_dkpros_answers_where_alpha_is_degenerate() -> None:
    # One unit among three raters: D_o = D_e, so 0 (DKPro's testSingleAnnotationUnit).
    assert alpha_u([Unit(0, 1, 0, "X")], raters=3, begin=0, length=20) == 0.0
    # No unit at all: DKPro answers NaN; we answer None.
    assert alpha_u([], raters=3, begin=0, length=20) is None


def test_it_is_none_without_two_raters_or_a_continuum() -> None:
    assert alpha_u([Unit(0, 1, 0, "X")], raters=1, begin=0, length=20) is None
    assert alpha_u([], raters=2, begin=0, length=0) is None


def test_it_is_one_when_raters_agree_exactly() -> None:
    units = [Unit(2, 3, 0, "X"), Unit(2, 3, 1, "X")]
    assert alpha_u(units, raters=2, begin=0, length=10) == 1.0


def test_it_refuses_units_outside_the_continuum() -> None:
    with pytest.raises(ValueError, match="continuum"):
        alpha_u([Unit(8, 4, 0, "X")], raters=2, begin=0, length=10)
    with pytest.raises(ValueError, match="rater"):
        alpha_u([Unit(0, 4, 2, "X")], raters=2, begin=0, length=10)


def _naive_pair_sum(first: list[Segment], second: list[Segment]) -> int:
    return sum(distance(x, y) for x in first for y in second)


def _naive_fits(gaps: list[int], n: int) -> int:
    return sum(g - n + 1 for g in gaps if g >= n)


@st.composite
def rater_units(draw: st.DrawFn) -> tuple[list[Unit], int]:
    """Units of up to three raters and two categories on a continuum of up to 60, each
    rater's units of a category apart from one another."""
    length = draw(st.integers(min_value=1, max_value=60))
    units = []
    for rater in range(3):
        for category in ("X", "Y"):
            cuts = sorted(draw(st.sets(st.integers(0, length), max_size=8)))
            for b, e in zip(cuts[::2], cuts[1::2], strict=False):
                if b < e:
                    units.append(Unit(b, e - b, rater, category))
    return units, length


@settings(max_examples=200, deadline=None)
@given(rater_units())
def test_the_walk_and_the_prefix_sums_agree_with_the_plain_sums(
    case: tuple[list[Unit], int],
) -> None:
    units, length = case
    for category in ("X", "Y"):
        layouts = [
            segments([u for u in units if u.rater == r and u.category == category], 0, length)
            for r in range(3)
        ]
        for i, j in ((0, 1), (0, 2), (1, 2)):
            assert _pair_sum(layouts[i], layouts[j]) == _naive_pair_sum(layouts[i], layouts[j])
        marked = [u.length for u in units if u.category == category]
        gaps = [s.length for layout in layouts for s in layout if not s.marked]
        count = len(marked)
        naive = sum(
            Fraction((count - 1) * (2 * n**3 - 3 * n**2 + n), 3) + n * n * _naive_fits(gaps, n)
            for n in marked
        )
        pairs = 3 * length * (3 * length - 1) - sum(n * (n - 1) for n in marked)
        assert expected(units, category, 3, 0, length) == naive * 2 / length / pairs
