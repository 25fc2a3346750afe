"""Approximate (fuzzy) matching for :mod:`annotations.anchoring`.

Pure Python, no Django. All offsets are ``str`` indices (code points). :func:`windows`
returns *every* place where a stored annotation text occurs in a paragraph with at most
:func:`max_edits` Levenshtein edits (one window per place), so that the caller can choose
between them by context and position, like the Hypothesis client's quote matching
(``match-quote.ts``: every approximate match of the W3C ``TextQuoteSelector`` exact text is
scored by prefix, suffix and position) instead of taking the single best alignment.

Finding the places uses the pigeonhole filter of approximate string matching (Baeza-Yates
and Navarro, "Faster approximate string matching", 1999; Wu and Manber's agrep): split the
text into ``k + 1`` pieces; a window within ``k`` edits leaves at least one piece untouched,
so it contains that piece exactly, shifted by at most ``k`` from its place in the text.
Exact ``str.find`` hits of the pieces give candidate starts; each cluster of candidates is
checked with a cheap lower bound, then aligned (rapidfuzz) and its edges refined.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

__all__ = [
    "MIN_FUZZY_LENGTH",
    "Window",
    "clean",
    "clean_edge",
    "max_edits",
    "occurrences",
    "windows",
    "word_edge",
]

# Shorter stored texts (ignoring surrounding whitespace) are never matched fuzzily.
MIN_FUZZY_LENGTH = 4
# How many best-ranked places :func:`windows` refines when given a ranking.
SHORTLIST = 4
# How many rounds of moving a window's edges.
_REFINE_ROUNDS = 3


class Window(NamedTuple):
    """``target[start:end]`` matches the text with ``edits`` Levenshtein edits."""

    start: int
    end: int
    edits: int


def max_edits(text: str) -> int:
    """How many edits a fuzzy match of ``text`` may need (0: no fuzzy matching at all).

    One edit per five code points of ``text``, at least one; none for texts shorter than
    :data:`MIN_FUZZY_LENGTH` code points once surrounding whitespace is stripped.
    """
    if len(text.strip()) < MIN_FUZZY_LENGTH:
        return 0
    return max(1, len(text) // 5)


def occurrences(needle: str, haystack: str) -> list[int]:
    """Start offsets (code points) of every, possibly overlapping, occurrence of ``needle``."""
    hits: list[int] = []
    if not needle:
        return hits
    i = haystack.find(needle)
    while i != -1:
        hits.append(i)
        i = haystack.find(needle, i + 1)
    return hits


# --- character edges ------------------------------------------------------------------------


def _continues(ch: str) -> bool:
    """Does ``ch`` continue the previous character (must not start a span)?"""
    return (
        unicodedata.combining(ch) != 0
        or unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or ch in "\u200d\u200c"
        or "\ufe00" <= ch <= "\ufe0f"
        or "\U0001f3fb" <= ch <= "\U0001f3ff"
        or "\U000e0020" <= ch <= "\U000e007f"
    )


def clean_edge(text: str, i: int) -> bool:
    """Is offset ``i`` a place where ``text`` may be cut without splitting a character?"""
    if i <= 0 or i >= len(text):
        return True
    return not _continues(text[i]) and text[i - 1] != "\u200d"


def clean(text: str, s: int, e: int) -> bool:
    """Are both edges of ``text[s:e]`` clean (see :func:`clean_edge`)?"""
    return clean_edge(text, s) and clean_edge(text, e)


def word_edge(text: str, i: int) -> bool:
    """Does offset ``i`` of ``text`` not split a word (paragraph edges count as edges)?"""
    if i <= 0 or i >= len(text):
        return True
    return not (text[i - 1].isalnum() and text[i].isalnum())


@lru_cache(maxsize=16)
def _edge_costs(target: str) -> tuple[bytes, bytes]:
    """Per offset ``0..len(target)``: 1 where a cut splits a character, 1 where it splits a
    word. Computed once per paragraph text (``str`` hashes are cached, so the lookup is
    cheap), since every window of every annotation asks about the same offsets."""
    positions = range(len(target) + 1)
    unclean = bytes(0 if clean_edge(target, i) else 1 for i in positions)
    in_word = bytes(0 if word_edge(target, i) else 1 for i in positions)
    return unclean, in_word


# --- finding every window -------------------------------------------------------------------


def windows(
    text: str,
    target: str,
    rank: Callable[[int, int], Any] | None = None,
    keep: int = SHORTLIST,
) -> list[Window]:
    """Every place in ``target`` that ``text`` matches within :func:`max_edits` edits.

    One :class:`Window` per place (overlapping windows are the same place: the one with
    fewer edits is kept), in order of ``start``. Windows never cut a combining sequence
    when one within the limit avoids it, and are never blank.

    With ``rank`` (a key on a rough ``(start, end)``, larger is better) only the ``keep``
    best-ranked places are aligned and refined: a paragraph of near-identical sentences
    has a place per sentence, and refining each costs ~50 edit distances. The rough window
    starts where most pieces agree and is ``len(text)`` long.
    """
    limit = max_edits(text)
    n, size = len(text), len(target)
    if limit == 0 or size < n - limit:
        return []
    places: list[tuple[int, int, int, int]] = []  # (region start, region end, rough start)
    for low, high, likely in _clusters(_seed_starts(text, target, limit), limit):
        lo, hi = max(0, low - limit), min(size, high + n + 2 * limit)
        # A window W inside the region with d(text, W) <= limit and len(W) >= n - limit
        # implies d(text, region) <= limit + (len(region) - len(W)): skip the others cheaply.
        bound = 2 * limit + (hi - lo) - n
        if bound >= 0 and Levenshtein.distance(text, target[lo:hi], score_cutoff=bound) <= bound:
            places.append((lo, hi, max(0, likely), min(size, max(0, likely) + n)))
    if rank is not None and len(places) > keep:
        places = sorted(places, key=lambda p: rank(p[2], p[3]), reverse=True)[:keep]
    found: list[Window] = []
    for lo, hi, _, _ in places:
        alignment = fuzz.partial_ratio_alignment(text, target[lo:hi])
        if alignment is None:
            continue
        window = _refine(text, target, lo + alignment.dest_start, lo + alignment.dest_end, limit)
        if window is not None:
            found.append(window)
    return _distinct(found)


def _seed_starts(text: str, target: str, limit: int) -> Counter[int]:
    """Candidate window starts, with how many pieces vote for each: exact hits of
    ``limit + 1`` pieces of ``text``, moved back by each piece's offset in ``text`` (the
    pigeonhole filter)."""
    n, pieces = len(text), limit + 1
    starts: Counter[int] = Counter()
    for i in range(pieces):
        a, b = i * n // pieces, (i + 1) * n // pieces
        starts.update(hit - a for hit in occurrences(text[a:b], target))
    return starts


def _clusters(starts: Counter[int], limit: int) -> list[tuple[int, int, int]]:
    """Group candidate starts into ``(first, last, most voted)`` runs no wider than
    ``2 * limit`` (one place's pieces shift by at most ``limit`` either way)."""
    groups: list[tuple[int, int, int]] = []
    for s in sorted(starts):
        if groups and s - groups[-1][0] <= 2 * limit:
            first, _, likely = groups[-1]
            groups[-1] = (first, s, s if starts[s] > starts[likely] else likely)
        else:
            groups.append((s, s, s))
    return groups


def _distinct(found: list[Window]) -> list[Window]:
    """One window per place: of overlapping windows keep the one with fewer edits."""
    result: list[Window] = []
    for window in sorted(set(found)):
        if result and window.start < result[-1].end:
            if (window.edits, window.start) < (result[-1].edits, result[-1].start):
                result[-1] = window
            continue
        result.append(window)
    return result


def _refine(text: str, target: str, s0: int, e0: int, limit: int) -> Window | None:
    """The best window near ``target[s0:e0]``: fewest edits, then word edges, length and
    displacement; never cutting a combining sequence when a window within the limit
    avoids it. ``None`` when it needs more than ``limit`` edits."""
    n, size = len(text), len(target)
    unclean, in_word = _edge_costs(target)
    cache: dict[tuple[int, int], tuple[int, int, int, int, int]] = {}

    def cost(s: int, e: int) -> tuple[int, int, int, int, int]:
        found = cache.get((s, e))
        if found is None:
            found = (
                Levenshtein.distance(text, target[s:e], score_cutoff=limit + n),
                unclean[s] | unclean[e],
                in_word[s] + in_word[e],
                abs((e - s) - n),
                abs(s - s0),
            )
            cache[(s, e)] = found
        return found

    # Move each edge in turn to the best place within `limit` characters.
    s, e = s0, e0
    best = cost(s, e)
    for _ in range(_REFINE_ROUNDS):
        moved = False
        for cand in range(max(0, s - limit), min(e - 1, s + limit) + 1):
            c = cost(cand, e)
            if c < best:
                best, s, moved = c, cand, True
        for cand in range(max(s + 1, e - limit), min(size, e + limit) + 1):
            c = cost(s, cand)
            if c < best:
                best, e, moved = c, cand, True
        if not moved:
            break

    # Never cut a character sequence (combining marks, ZWJ emoji) when a window within the
    # limit avoids it; snap to word boundaries when that costs no extra edits.
    snapped = _snap_key(best)
    for cs in range(max(0, s - 2), min(size, s + 2) + 1):
        for ce in range(max(cs + 1, e - 2), min(size, e + 2) + 1):
            c = cost(cs, ce)
            if c[0] <= limit and _snap_key(c) < snapped:
                snapped, s, e = _snap_key(c), cs, ce
    edits = cost(s, e)[0]

    if edits > limit or not 0 <= s < e <= size or not target[s:e].strip():
        return None
    return Window(s, e, edits)


def _snap_key(cost: tuple[int, int, int, int, int]) -> tuple[int, int, int, int, int]:
    """Whole characters first, then fewer edits, word edges, length, displacement."""
    edits, unclean, cut_words, length, shift = cost
    return (unclean, edits, cut_words, length, shift)
