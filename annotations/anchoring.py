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
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

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
# Larger diffs (len(old) * len(new) of the changed middle) use rapidfuzz, not difflib.
_DIFFLIB_MAX_CELLS = 1_000_000
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


class Mapper:
    """Maps offsets of ``old_text`` to ``new_text`` through one (lazily computed) diff.

    Positions inside an unchanged block map exactly; positions inside replaced or deleted
    text map to the edge of the replacement (a start to its beginning, an end to its end).
    Text inserted exactly at a span's start goes before the span, at its end after it.
    """

    def __init__(self, old_text: str, new_text: str) -> None:
        self.old_text = old_text
        self.new_text = new_text
        self._blocks: list[tuple[str, int, int, int, int]] | None = None
        self._starts: list[int] = []
        self._ends: list[int] = []

    def _ensure(self) -> list[tuple[str, int, int, int, int]]:
        if self._blocks is None:
            self._blocks = _diff_blocks(self.old_text, self.new_text)
            self._starts = [op[1] for op in self._blocks]
            self._ends = [op[2] for op in self._blocks]
        return self._blocks

    def map_start(self, pos: int) -> int:
        """New position of a span start at old position ``pos``."""
        blocks = self._ensure()
        if pos >= len(self.old_text) or not blocks:
            return len(self.new_text)
        pos = max(0, pos)
        tag, i1, _i2, j1, _j2 = blocks[bisect_right(self._starts, pos) - 1]
        return j1 + (pos - i1) if tag == "equal" else j1

    def map_end(self, pos: int) -> int:
        """New position of a span end at old position ``pos``."""
        blocks = self._ensure()
        if pos <= 0 or not blocks:
            return 0
        pos = min(pos, len(self.old_text))
        tag, i1, _i2, j1, j2 = blocks[bisect_left(self._ends, pos)]
        return j1 + (pos - i1) if tag == "equal" else j2

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        start, end = _clamp_span(start, end, len(self.old_text))
        new_start = self.map_start(start)
        return new_start, max(new_start, self.map_end(end))

    def reanchor(self, anchor: Anchor, others: Sequence[str] = ()) -> Placement:
        """:func:`reanchor` of ``anchor`` from this mapper's old text to its new text."""
        return _reanchor(anchor, self.old_text, self.new_text, others, self)


def _diff_blocks(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """Opcodes of ``old`` -> ``new`` that cover old text (no pure inserts), in order.

    The common head and tail are split off first (an edit usually touches a small part of
    the paragraph). The middle goes through ``SequenceMatcher(None, a, b, autojunk=False)``
    unless it is large: difflib is quadratic or worse (minutes for a repetitive 5,000
    character paragraph with scattered edits), so large middles use rapidfuzz's
    bit-parallel ``Indel.opcodes`` (a longest-common-subsequence alignment) instead.
    Adjacent changed opcodes are merged into one ``replace``/``delete`` block, so both
    sources map positions the same way.
    """
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    old_mid, new_mid = old[head : len(old) - tail], new[head : len(new) - tail]

    ops: Sequence[tuple[str, int, int, int, int]]
    if len(old_mid) * len(new_mid) <= _DIFFLIB_MAX_CELLS:
        ops = SequenceMatcher(None, old_mid, new_mid, autojunk=False).get_opcodes()
    else:
        ops = [
            (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
            for op in Indel.opcodes(old_mid, new_mid)
        ]

    blocks: list[tuple[str, int, int, int, int]] = []
    if head:
        blocks.append(("equal", 0, head, 0, head))
    changed: list[int] | None = None  # [i1, i2, j1, j2] of the current run of changes

    def flush() -> None:
        if changed is not None and changed[0] < changed[1]:
            tag = "replace" if changed[2] < changed[3] else "delete"
            blocks.append((tag, changed[0], changed[1], changed[2], changed[3]))

    for tag, i1, i2, j1, j2 in ops:
        i1, i2, j1, j2 = i1 + head, i2 + head, j1 + head, j2 + head
        if tag == "equal":
            flush()
            changed = None
            if i1 < i2:
                blocks.append(("equal", i1, i2, j1, j2))
        elif changed is None:
            changed = [i1, i2, j1, j2]
        else:
            changed[1], changed[3] = i2, j2
    flush()
    if tail:
        blocks.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    return blocks


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


def _clamp_span(start: int, end: int, size: int) -> tuple[int, int]:
    start = min(max(0, start), size)
    end = min(max(start, end), size)
    return start, end
