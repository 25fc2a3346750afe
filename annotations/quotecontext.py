"""Context of a stored quote: how well a candidate place's surroundings match it.

Pure Python, no Django; used by :mod:`annotations.anchoring`. Offsets are ``str`` indices
(code points). An :class:`~annotations.anchoring.Anchor` keeps, like the W3C Web Annotation
``TextQuoteSelector``, the quoted ``text`` with a ``prefix`` and ``suffix`` of up to
:data:`CONTEXT_WIDTH` code points (fewer only at the paragraph's edge). Choosing between
several candidate places by that context (then by position) follows the Hypothesis client's
quote anchoring (``match-quote.ts``), which scores every match by quote, prefix, suffix and
position.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from annotations.fuzzy import clean, occurrences

if TYPE_CHECKING:
    from annotations.anchoring import Anchor

__all__ = [
    "CONTEXT_WIDTH",
    "NEAR_CONTEXT",
    "agrees",
    "bracket",
    "context_points",
    "context_score",
    "full_sides",
    "near_context_same",
]

CONTEXT_WIDTH = 32
# The nearest context (code points) that must agree for the fast path and for step 4, and
# the shortest stored prefix/suffix that step 6 trusts on its own.
NEAR_CONTEXT = 8
# Context is compared (fuzz.ratio) over the whole stored width and the nearest characters.
_CONTEXT_WINDOWS = (CONTEXT_WIDTH, NEAR_CONTEXT)
# Each code point of exact agreement next to the span (or a shared paragraph edge) adds this
# much, so the adjacent words weigh most.
_RUN_WEIGHT = 5.0
# Context scores within the same bucket count as equally good, so the distance from the
# old position decides between them.
_CONTEXT_BUCKET = 10.0
# Above any bucketed similarity (at most about 60): a whole stored side outranks it.
_FULL_SIDE = 1000


def near_context_same(anchor: Anchor, target: str, s: int, e: int) -> bool:
    """Are the nearest :data:`NEAR_CONTEXT` code points on both sides as stored?"""
    near = NEAR_CONTEXT
    return (
        target[max(0, s - near) : s] == anchor.prefix[-near:]
        and target[e : e + near] == anchor.suffix[:near]
    )


def agrees(anchor: Anchor, target: str, s: int, e: int) -> bool:
    """Does the nearest context of ``target[s:e]`` agree with the stored one, as text, on
    at least one side? An empty stored side agrees with a paragraph edge (a span that
    started or ended its paragraph still does). A bare edge does not agree on its own: a
    word that merely opens some new paragraph ("Lee Street…") is not the moved "Lee"."""
    near = NEAR_CONTEXT
    return (
        target[max(0, s - near) : s] == anchor.prefix[-near:]
        or target[e : e + near] == anchor.suffix[:near]
    )


def context_score(anchor: Anchor, target: str, s: int, e: int) -> int:
    """How well the context of ``target[s:e]`` matches: first how many sides hold the whole
    stored prefix or suffix exactly (:func:`full_sides`), then :func:`context_points`
    bucketed, so that near-equal contexts tie and position decides."""
    bucketed = round(context_points(anchor, target, s, e) / _CONTEXT_BUCKET)
    return _FULL_SIDE * full_sides(anchor, target, s, e) + bucketed


def full_sides(anchor: Anchor, target: str, s: int, e: int) -> int:
    """0-2: the sides of ``target[s:e]`` next to which the whole stored prefix (suffix)
    stands exactly; an empty stored side only at the paragraph's edge. Between two copies
    of a repeated phrase, the stored context is mostly the phrase itself, so similarity
    alone prefers the wrong copy: the word that really follows (or precedes) decides."""
    prefix, suffix = anchor.prefix, anchor.suffix
    before = s == 0 if not prefix else target[max(0, s - len(prefix)) : s] == prefix
    after = e == len(target) if not suffix else target[e : e + len(suffix)] == suffix
    return int(before) + int(after)


def context_points(anchor: Anchor, target: str, s: int, e: int) -> float:
    """How alike the text around ``target[s:e]`` is to the stored prefix/suffix (bucketed).

    Two parts, so that the adjacent words weigh most:

    * ``fuzz.ratio`` of the stored context and as many code points of the candidate's,
      over the whole width and over the nearest :data:`NEAR_CONTEXT` (0-400);
    * the run of code points, outwards from the span, that equal the stored context on
      each side, plus one when both reach a paragraph edge at the same distance (a stored
      side shorter than the width means the span was that close to the edge), times
      :data:`_RUN_WEIGHT`.
    """
    width = CONTEXT_WIDTH
    prefix, suffix = anchor.prefix[-width:], anchor.suffix[:width]
    before, after = target[max(0, s - width) : s], target[e : e + width]
    score = 0.0
    for w in _CONTEXT_WINDOWS:
        p, x = prefix[-w:], suffix[:w]
        score += fuzz.ratio(p, before[-len(p) :] if p else "")
        score += fuzz.ratio(x, after[: len(x)])
    run_before = _common_prefix(prefix[::-1], before[::-1])
    run_after = _common_prefix(suffix, after)
    if len(prefix) < width and run_before == len(prefix) == s:
        run_before += 1
    if len(suffix) < width and run_after == len(suffix) == len(target) - e:
        run_after += 1
    return score + _RUN_WEIGHT * (run_before + run_after)


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


# --- bracketing -----------------------------------------------------------------------------


def bracket(anchor: Anchor, old_text: str, new_text: str, hint: int) -> tuple[int, int] | None:
    """Step 6: ``(start, end)`` between an exact stored prefix and suffix in ``new_text``.

    Each side must be at least :data:`NEAR_CONTEXT` code points long, or reach the paragraph's
    edge in ``old_text`` (an empty prefix: the span started at 0; an empty suffix: it ended
    the paragraph; a shorter side, e.g. the final ``"."``, must then reach the same edge of
    ``new_text``), and at least one side must be that long. The suffix must follow within
    ``3 * len(text) + 32`` code points; the span between must be non-blank and not cut a
    character. Several pairs: nearest ``hint``, then length closest to the stored one.
    """
    prefix, suffix, n = anchor.prefix, anchor.suffix, len(anchor.text)
    near = NEAR_CONTEXT
    if len(prefix) < near and len(suffix) < near:
        return None
    if len(prefix) >= near:
        starts = [i + len(prefix) for i in occurrences(prefix, new_text)]
    elif anchor.start == len(prefix) and old_text[: anchor.start] == prefix:
        starts = [len(prefix)] if new_text.startswith(prefix) else []
    else:
        return None
    if len(suffix) >= near:
        ends = occurrences(suffix, new_text)
    elif anchor.end + len(suffix) == len(old_text) and old_text[anchor.end :] == suffix:
        ends = [len(new_text) - len(suffix)] if new_text.endswith(suffix) else []
    else:
        return None
    longest = 3 * n + CONTEXT_WIDTH
    pairs = [
        (s, e)
        for s in starts
        for e in ends
        if 0 < e - s <= longest and new_text[s:e].strip() and clean(new_text, s, e)
    ]
    if not pairs:
        return None
    return min(pairs, key=lambda p: (abs(p[0] - hint), abs((p[1] - p[0]) - n)))
