"""Re-anchoring of text annotations after a paragraph's text changed.

Pure Python: no Django, no database. An annotation is stored as an :class:`Anchor`:
``start``/``end`` are ``str`` indices (code points) into the paragraph text, ``text`` is
``paragraph_text[start:end]`` and ``prefix``/``suffix`` are up to 32 characters of context
before and after the span (see :func:`context_of`).

When the paragraph's text changes, :func:`reanchor` finds the annotation's new place,
trying in this order:

1. ``"unchanged"``   the new text holds the stored text at the old offsets;
2. ``"diff"``        the offsets shifted through a diff of old and new text hold it;
3. ``"search"``      exact search in the new text (several hits: best prefix/suffix
                     similarity, then nearest to the diff-mapped old position);
4. ``"fuzzy"``       approximate match (few edits relative to the length); the
                     placement takes the new wording, a human should review it;
5. ``"moved"``       steps 3 then 4 in the other paragraphs of the article
   ``"moved-fuzzy"`` (``Placement.paragraph`` is the index into ``others``);
6. ``"orphaned"``    nowhere to be found.

A deleted paragraph (``new_text is None``) skips steps 1-4.

Invariant: for every non-orphaned placement, ``target[start:end] == placement.text``,
``0 <= start < end <= len(target)`` and ``text`` is non-empty, where ``target`` is
``new_text`` (``paragraph is None``) or ``others[paragraph]``. Nothing here raises on
any ``str`` input.

Many annotations on one paragraph should go through :func:`reanchor_many` (or a shared
:class:`Mapper`), which computes the paragraph diff once, and only if needed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from annotations.textdiff import Mapper, _clamp_span

__all__ = [
    "CONTEXT_WIDTH",
    "METHODS",
    "MIN_FUZZY_LENGTH",
    "Anchor",
    "Mapper",
    "Placement",
    "context_of",
    "make_anchor",
    "max_edits",
    "reanchor",
    "reanchor_many",
]

CONTEXT_WIDTH = 32
# Shorter stored texts (ignoring surrounding whitespace) are never matched fuzzily.
MIN_FUZZY_LENGTH = 4
# Context is compared over the whole stored width and over the nearest characters.
_CONTEXT_WINDOWS = (CONTEXT_WIDTH, 8)
# Context similarities (0-400) within the same bucket count as equally good, so the
# distance from the old position decides between them.
_CONTEXT_BUCKET = 10.0
# How many rounds of moving the fuzzy window's edges.
_REFINE_ROUNDS = 3

METHODS = ("unchanged", "diff", "search", "fuzzy", "moved", "moved-fuzzy", "orphaned")
_REVIEW = frozenset({"fuzzy", "moved-fuzzy"})


@dataclass(frozen=True)
class Anchor:
    """Where an annotation was: ``text == paragraph_text[start:end]`` plus context."""

    start: int
    end: int
    text: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Placement:
    """Where an annotation is now.

    ``paragraph`` is ``None`` for the annotation's own paragraph (and when orphaned),
    otherwise an index into the ``others`` passed to :func:`reanchor`.
    """

    method: str
    paragraph: int | None
    start: int = 0
    end: int = 0
    text: str = ""

    @property
    def orphaned(self) -> bool:
        return self.method == "orphaned"

    @property
    def needs_review(self) -> bool:
        """Fuzzy placements changed the annotated wording: a human should confirm."""
        return self.method in _REVIEW

    def target(self, new_text: str | None, others: Sequence[str] = ()) -> str | None:
        """The paragraph text this placement points into (``None`` when orphaned)."""
        if self.orphaned:
            return None
        if self.paragraph is None:
            return new_text
        return others[self.paragraph]


ORPHANED = Placement("orphaned", None)


def context_of(text: str, start: int, end: int, width: int = CONTEXT_WIDTH) -> tuple[str, str]:
    """``(prefix, suffix)``: up to ``width`` characters before ``start`` and after ``end``."""
    start, end = _clamp_span(start, end, len(text))
    width = max(0, width)
    return text[max(0, start - width) : start], text[end : end + width]


def make_anchor(text: str, start: int, end: int, width: int = CONTEXT_WIDTH) -> Anchor:
    """The :class:`Anchor` of ``text[start:end]`` with its context."""
    start, end = _clamp_span(start, end, len(text))
    prefix, suffix = context_of(text, start, end, width)
    return Anchor(start, end, text[start:end], prefix, suffix)


def max_edits(text: str) -> int:
    """How many edits a fuzzy match of ``text`` may need (0: no fuzzy matching at all)."""
    if len(text.strip()) < MIN_FUZZY_LENGTH:
        return 0
    return max(1, len(text) // 5)


def reanchor(
    anchor: Anchor, old_text: str, new_text: str | None, others: Sequence[str] = ()
) -> Placement:
    """Find where ``anchor`` (placed in ``old_text``) belongs now.

    ``new_text`` is the paragraph's new text, ``None`` if the paragraph was deleted.
    ``others`` are the new texts of the article's other paragraphs (not this one).
    """
    mapper = Mapper(old_text, new_text) if new_text is not None else None
    return _reanchor(anchor, old_text, new_text, others, mapper)


def reanchor_many(
    anchors: Sequence[Anchor], old_text: str, new_text: str | None, others: Sequence[str] = ()
) -> list[Placement]:
    """:func:`reanchor` for many annotations of one paragraph, sharing one diff."""
    mapper = Mapper(old_text, new_text) if new_text is not None else None
    return [_reanchor(anchor, old_text, new_text, others, mapper) for anchor in anchors]


# --- the cascade --------------------------------------------------------------------------


def _reanchor(
    anchor: Anchor,
    old_text: str,
    new_text: str | None,
    others: Sequence[str],
    mapper: Mapper | None,
) -> Placement:
    text = anchor.text
    if not text:
        return ORPHANED

    hint: int | None = None
    if new_text is not None:
        # (1) unchanged
        start, end = anchor.start, anchor.end
        if 0 <= start < end <= len(new_text) and new_text[start:end] == text:
            return Placement("unchanged", None, start, end, text)
        if not text.strip():
            return ORPHANED
        # (2) shift through the diff
        if mapper is None or mapper.old_text != old_text or mapper.new_text != new_text:
            mapper = Mapper(old_text, new_text)
        new_start, new_end = mapper.map_span(anchor.start, anchor.end)
        if new_text[new_start:new_end] == text:
            return Placement("diff", None, new_start, new_end, text)
        hint = new_start
        # (3) exact search
        found = _search(anchor, new_text, hint)
        if found is not None:
            return Placement("search", None, found, found + len(text), text)
        # (4) fuzzy
        window = _fuzzy(text, new_text)
        if window is not None:
            s, e, _ = window
            return Placement("fuzzy", None, s, e, new_text[s:e])
    elif not text.strip():
        return ORPHANED

    # (5) other paragraphs: exact first, then fuzzy
    best: tuple[tuple[int, bool], int, int] | None = None
    for index, other in enumerate(others):
        for s in _occurrences(text, other):
            key = (_context_score(anchor, other, s), _clean(other, s, s + len(text)))
            if best is None or key > best[0]:
                best = (key, index, s)
    if best is not None:
        _, index, s = best
        return Placement("moved", index, s, s + len(text), text)

    best_fuzzy: tuple[int, int, int, int] | None = None
    for index, other in enumerate(others):
        window = _fuzzy(text, other)
        if window is not None and (best_fuzzy is None or window[2] < best_fuzzy[0]):
            best_fuzzy = (window[2], index, window[0], window[1])
    if best_fuzzy is not None:
        _, index, s, e = best_fuzzy
        return Placement("moved-fuzzy", index, s, e, others[index][s:e])

    # (6)
    return ORPHANED


def _occurrences(needle: str, haystack: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``needle``."""
    hits: list[int] = []
    if not needle:
        return hits
    i = haystack.find(needle)
    while i != -1:
        hits.append(i)
        i = haystack.find(needle, i + 1)
    return hits


def _search(anchor: Anchor, target: str, hint: int | None) -> int | None:
    """Start of the best exact occurrence of ``anchor.text`` in ``target``, if any."""
    hits = _occurrences(anchor.text, target)
    if len(hits) <= 1:
        return hits[0] if hits else None
    end_offset = len(anchor.text)

    def key(s: int) -> tuple[int, bool, int]:
        distance = abs(s - hint) if hint is not None else 0
        return (_context_score(anchor, target, s), _clean(target, s, s + end_offset), -distance)

    return max(hits, key=key)


def _context_score(anchor: Anchor, target: str, s: int) -> int:
    """How alike the text around an occurrence at ``s`` is to the stored prefix/suffix.

    Sums ``fuzz.ratio`` of the stored and the candidate's context over the whole width and
    over the nearest few characters (adjacent words weigh more), then buckets the sum so
    that near-equal contexts tie. A stored context shorter than the width means the span
    was near the paragraph's edge, so candidates near the edge score higher.
    """
    e = s + len(anchor.text)
    score = 0.0
    for width in _CONTEXT_WINDOWS:
        before = target[max(0, s - width) : s]
        score += fuzz.ratio(anchor.prefix[-width:], before)
        score += fuzz.ratio(anchor.suffix[:width], target[e : e + width])
    return round(score / _CONTEXT_BUCKET)


# --- fuzzy matching -----------------------------------------------------------------------


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


def _clean_edge(text: str, i: int) -> bool:
    """Is offset ``i`` a place where ``text`` may be cut without splitting a character?"""
    if i <= 0 or i >= len(text):
        return True
    return not _continues(text[i]) and text[i - 1] != "\u200d"


def _clean(text: str, s: int, e: int) -> bool:
    return _clean_edge(text, s) and _clean_edge(text, e)


def _word_edge(text: str, i: int) -> bool:
    if i <= 0 or i >= len(text):
        return True
    return not (text[i - 1].isalnum() and text[i].isalnum())


def _fuzzy(text: str, target: str) -> tuple[int, int, int] | None:
    """``(start, end, edits)`` of the best approximate match of ``text`` in ``target``."""
    limit = max_edits(text)
    n = len(text)
    if limit == 0 or len(target) < n - limit:
        return None
    alignment = fuzz.partial_ratio_alignment(text, target)
    if alignment is None:
        return None
    s0, e0 = alignment.dest_start, alignment.dest_end
    size = len(target)

    cache: dict[tuple[int, int], tuple[int, int, int, int, int]] = {}

    def cost(s: int, e: int) -> tuple[int, int, int, int, int]:
        found = cache.get((s, e))
        if found is None:
            edits = Levenshtein.distance(text, target[s:e], score_cutoff=limit + n)
            found = (
                edits,
                0 if _clean(target, s, e) else 1,
                (0 if _word_edge(target, s) else 1) + (0 if _word_edge(target, e) else 1),
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
    return s, e, edits


def _snap_key(cost: tuple[int, int, int, int, int]) -> tuple[int, int, int, int, int]:
    """Whole characters first, then fewer edits, word edges, length, displacement."""
    edits, unclean, cut_words, length, shift = cost
    return (unclean, edits, cut_words, length, shift)
