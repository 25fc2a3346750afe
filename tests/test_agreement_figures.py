"""The agreement figures (agreement.figures) against values computed by hand, case by
case; Cohen's kappa also against the values Krippendorff (1995) gives for his digitized
example (reproduced by DKPro Statistics' Krippendorff1995Test)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from agreement.figures import (
    Span,
    cohen_kappa,
    figures,
    match,
    overlaps_enough,
    pair_figures,
    same_boundaries,
    scores,
    units_of,
)
from agreement.unitizing import Unit

P1, P2 = 11, 12
OFFSETS = {P1: 0, P2: 40}


def s(paragraph: int, start: int, end: int, tag: str = "claim") -> Span:
    return Span(paragraph, start, end, tag)


@pytest.mark.parametrize(
    ("x", "y", "enough"),
    [
        (s(P1, 0, 10), s(P1, 0, 10), True),
        (s(P1, 0, 10), s(P1, 5, 15), True),  # 5 shared: half of each, exactly
        (s(P1, 0, 10), s(P1, 5, 20), False),  # 5 of 15 is less than half of the second
        (s(P1, 0, 10), s(P1, 2, 8), True),  # inside, 6 of 10
        (s(P1, 0, 10), s(P1, 4, 5), False),  # inside, 1 of 10
        (s(P1, 0, 10), s(P1, 10, 20), False),  # touching, nothing shared
        (s(P1, 0, 10), s(P2, 0, 10), False),  # another paragraph
    ],
)
def test_it_matches_with_half_of_each_span(x: Span, y: Span, enough: bool) -> None:
    assert overlaps_enough(x, y) is enough
    assert overlaps_enough(y, x) is enough


@pytest.mark.parametrize(
    ("matched", "reference", "candidate", "expected"),
    [
        (1, 3, 3, (1 / 3, 1 / 3, 1 / 3)),
        (2, 4, 2, (1.0, 0.5, 2 / 3)),
        (0, 2, 2, (0.0, 0.0, 0.0)),  # nothing matched: F1 0, counted in means
        (0, 2, 0, (None, 0.0, None)),
        (0, 0, 0, (None, None, None)),
    ],
)
def test_it_scores_precision_recall_f1(
    matched: int, reference: int, candidate: int, expected: tuple[float | None, ...]
) -> None:
    found = scores(matched, reference, candidate)
    assert (found.precision, found.recall, found.f1) == pytest.approx(expected)


# Krippendorff (1995), his example's pairs A and C digitized: one item per position.
PAIRS_A = "00 00 10 10 11 11 11 11 10 10 00 00 00 00 10 11 11 10 10 10 00 00 00 00"
PAIRS_C = "01 01 10 10 11 11 11 11 00 00 11 11 01 01 10 10 11 11 00 00 11 11 00 00"


@pytest.mark.parametrize(
    ("pairs", "kappa"),
    [
        ([("claim", "claim"), ("quote", "quote")], 1.0),
        # p_o = 3/4; p_e = (2·1 + 1·2 + 1·1) / 16 = 5/16; κ = (3/4 − 5/16) / (11/16) = 7/11
        (
            [("claim", "claim"), ("claim", "quote"), ("quote", "quote"), ("context", "context")],
            7 / 11,
        ),
        ([("claim", "quote"), ("quote", "claim")], -1.0),
        ([("claim", "quote")], 0.0),  # p_o = 0, p_e = 0
        ([tuple(p) for p in PAIRS_A.split()], 0.385),
        ([tuple(p) for p in PAIRS_C.split()], 0.314),
    ],
)
def test_it_computes_cohens_kappa(pairs: list[tuple[str, str]], kappa: float) -> None:
    assert cohen_kappa(pairs) == pytest.approx(kappa, abs=0.001)


@pytest.mark.parametrize(
    "pairs",
    [[], [("claim", "claim")], [("quote", "quote"), ("quote", "quote")]],
    ids=["no matched spans", "one tag throughout", "one tag twice"],
)
def test_it_leaves_kappa_undefined_without_variation(pairs: list[tuple[str, str]]) -> None:
    assert cohen_kappa(pairs) is None


@pytest.mark.parametrize(
    ("a", "b", "criterion", "expected"),
    [
        # Both overlap enough and share 6 with [0, 10), both 4 off in boundaries, same
        # tag: the earlier one, whatever the input order.
        ([s(P1, 0, 10)], [s(P1, 4, 10), s(P1, 0, 6)], overlaps_enough, [(0, 1)]),
        ([s(P1, 0, 10)], [s(P1, 0, 6), s(P1, 4, 10)], overlaps_enough, [(0, 0)]),
        # Largest shared length first: [0, 8) shares 8, [1, 8) only 7.
        ([s(P1, 0, 10)], [s(P1, 1, 8), s(P1, 0, 8)], overlaps_enough, [(0, 1)]),
        # The same boundaries twice (two tags): the same tag first.
        (
            [s(P1, 0, 10, "quote")],
            [s(P1, 0, 10, "claim"), s(P1, 0, 10, "quote")],
            same_boundaries,
            [(0, 1)],
        ),
        # The tester's case: closest-first pairs a[0,10) with b[1,10) and leaves both
        # others alone; the maximum matching pairs a[0,10)↔b[0,7) (7 shared, ≥ half of
        # each) and a[3,14)↔b[1,10) (7 shared, ≥ half of each).
        (
            [s(P1, 0, 10), s(P1, 3, 14)],
            [s(P1, 1, 10), s(P1, 0, 7)],
            overlaps_enough,
            [(0, 1), (1, 0)],
        ),
        # A chain of three: the middle ones must give way for all three to match.
        (
            [s(P1, 0, 10), s(P1, 5, 15), s(P1, 10, 20)],
            [s(P1, 2, 12), s(P1, 0, 8), s(P1, 8, 18)],
            overlaps_enough,
            [(0, 1), (1, 0), (2, 2)],
        ),
        # Another paragraph never matches.
        ([s(P1, 0, 10)], [s(P2, 0, 10)], overlaps_enough, []),
    ],
)
def test_it_matches_one_to_one_maximum(
    a: list[Span],
    b: list[Span],
    criterion: Callable[[Span, Span], bool],
    expected: list[tuple[int, int]],
) -> None:
    assert match(a, b, criterion) == [(a[i], b[j]) for i, j in expected]
    assert match(list(reversed(a)), list(reversed(b)), criterion) == match(a, b, criterion)


def test_it_matches_the_testers_paragraph_fully() -> None:
    a = [s(P1, 0, 10), s(P1, 3, 14)]
    b = [s(P1, 1, 10), s(P1, 0, 7)]
    found = pair_figures("ana", "ben", a, b, {P1: 0}, 20)
    assert found.overlap.as_dict() == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert found.matched == 2
    assert found.exact.as_dict() == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_it_keeps_the_most_pairs_among_many_spans() -> None:
    # 30 spans each, a staircase where closest-first would strand spans: all match.
    a = [s(P1, 10 * k, 10 * k + 10) for k in range(30)]
    b = [s(P1, 10 * k + 3, 10 * k + 12) for k in range(30)]
    assert len(match(a, b, overlaps_enough)) == 30


def test_it_computes_a_pair_by_hand() -> None:
    a = [s(P1, 0, 10), s(P1, 20, 30, "quote"), s(P2, 0, 5, "context")]
    b = [s(P1, 0, 10), s(P1, 22, 30, "quote"), s(P2, 10, 15)]
    found = pair_figures("ann", "bob", a, b, OFFSETS, 60)
    # Exact: only [0, 10) of ¶1. Overlap: also [20, 30) with [22, 30) (8 shared).
    assert found.exact.as_dict() == pytest.approx(
        {"precision": 1 / 3, "recall": 1 / 3, "f1": 1 / 3}
    )
    assert found.overlap.as_dict() == pytest.approx(
        {"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3}
    )
    assert found.matched == 2
    # Matched tags: claim/claim, quote/quote: p_o = 1, p_e = 1/2.
    assert found.kappa == 1.0
    assert found.alpha_u is not None and -1 < found.alpha_u < 1


def test_it_computes_alpha_u_of_a_pair_by_hand() -> None:
    # One paragraph of 10, one category; ann marks [0, 4), bob [0, 2).
    # D_o: units [0,4) and [0,2) intersect: δ² = 0² + 2² = 4; ann's unit against bob's
    # gap [2, 10): not inside, 0. D_o = 2·4 / (2·1·10²) = 0.04.
    # D_e: N = 2, lengths 4 and 2; gaps: ann [4,10) = 6, bob [2,10) = 8.
    #   l = 4: (2−1)(2·64 − 3·16 + 4)/3 = 28; gaps ≥ 4: (8−4+1) + (6−4+1) = 8 → 16·8 = 128.
    #   l = 2: (2·8 − 3·4 + 2)/3 = 2; gaps ≥ 2: (8−2+1) + (6−2+1) = 12 → 4·12 = 48.
    #   sum 206 · 2/10 = 41.2, over 2·10·(20 − 1) − (4·3 + 2·1) = 366: D_e = 0.112568…
    # αU = 1 − 0.04 / 0.112568 = 0.644660…
    found = pair_figures("ann", "bob", [s(P1, 0, 4)], [s(P1, 0, 2)], {P1: 0}, 10)
    assert found.alpha_u == pytest.approx(1 - 0.04 / (41.2 / 366), abs=1e-9)
    assert found.alpha_u == pytest.approx(0.64466, abs=1e-5)


def test_it_lays_paragraphs_end_to_end_and_merges_overlaps() -> None:
    spans = [[s(P1, 0, 10), s(P1, 5, 15), s(P2, 3, 4, "quote")], [s(P2, 0, 2)]]
    assert sorted(units_of(spans, OFFSETS)) == [
        Unit(0, 15, 0, "claim"),
        Unit(40, 2, 1, "claim"),
        Unit(43, 1, 0, "quote"),
    ]


def test_it_averages_pairs_for_the_overall_figures() -> None:
    spans = {
        "x": [s(P1, 0, 10)],
        "y": [s(P1, 0, 10)],
        "z": [s(P1, 0, 10, "quote"), s(P1, 20, 25)],
    }
    found = figures(spans, [(P1, 40)])
    assert [(p.a, p.b) for p in found.pairs] == [("x", "y"), ("x", "z"), ("y", "z")]
    xy, xz, _ = found.pairs
    assert xy.exact.f1 == 1.0 and xy.kappa is None  # one tag throughout: undefined
    assert xy.alpha_u == 1.0
    # z marked the same boundaries with another tag, and one more span.
    assert (xz.exact.precision, xz.exact.recall) == (0.5, 1.0)
    assert xz.kappa == 0.0
    overall = found.overall
    assert overall["exact"] == pytest.approx(
        {"precision": 2 / 3, "recall": 1.0, "f1": (1 + 2 / 3 + 2 / 3) / 3}
    )
    assert overall["kappa"] == 0.0  # the defined ones: 0 and 0
    assert overall["matched"] == 3
    alpha = overall["alpha_u"]
    assert isinstance(alpha, float) and alpha < 1.0


def test_it_has_no_pairs_with_one_editor() -> None:
    found = figures({"x": [s(P1, 0, 10)]}, [(P1, 40)])
    assert found.pairs == []
    assert found.overall == {
        "exact": {"precision": None, "recall": None, "f1": None},
        "overlap": {"precision": None, "recall": None, "f1": None},
        "kappa": None,
        "alpha_u": None,
        "matched": 0,
    }


def test_a_pair_that_matched_nothing_counts_as_f1_zero_in_the_overall_mean() -> None:
    """Two editors agree; a third marked other boundaries: the overall exact F1 is the
    mean of 1, 0 and 0, not 1 (a pair with nothing matched is no agreement, not unknown)."""
    spans = {"ana": [s(P1, 0, 20)], "ben": [s(P1, 0, 20)], "rev": [s(P1, 5, 20, "quote")]}
    found = figures(spans, [(P1, 40)])
    assert [p.exact.f1 for p in found.pairs] == [1.0, 0.0, 0.0]
    assert found.overall["exact"] == pytest.approx(
        {"precision": 1 / 3, "recall": 1 / 3, "f1": 1 / 3}
    )
