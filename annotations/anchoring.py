"""Re-anchoring of text annotations after a paragraph's text changed.

Pure Python: no Django, no database. An annotation is stored as an :class:`Anchor`:
``start``/``end`` are ``str`` indices (code points) into the paragraph text, ``text`` is
``paragraph_text[start:end]`` and ``prefix``/``suffix`` are up to 32 code points of context
before and after the span (see :func:`context_of`): the W3C Web Annotation
``TextQuoteSelector`` (exact, prefix, suffix) plus a ``TextPositionSelector``.

When the paragraph's text changes, :func:`reanchor` finds the annotation's new place. Where
several places qualify, every step chooses by the stored context (see
:mod:`annotations.quotecontext`), then by the distance from the old position shifted
through the paragraph's diff, never by "first found", as the Hypothesis client's quote
anchoring (``match-quote.ts``) scores every match by prefix, suffix and position. Steps:

1. ``"unchanged"``   the new text holds the stored text at the old offsets. When the
                     nearest 8 code points of context on both sides are unchanged too,
                     nothing else is looked at (not even the diff); otherwise another
                     occurrence with a better context wins, as ``"search"``;
2. ``"diff"``        the old offsets shifted through a diff of old and new text hold it,
                     and no other occurrence has a better context;
3. ``"search"``      another exact occurrence in the new text, by context, then nearness
                     to the diff-mapped position. If no occurrence's nearest context
                     agrees on either side and a reworded copy (fuzzy, step 5) where the
                     diff maps the old span has a better context, that copy wins as
                     ``"fuzzy"``: the words found are a twin;
4. ``"moved"``       exact occurrence in another paragraph changed or inserted in the same
                     edit (``changed_others``) whose nearest 8 code points of context agree
                     on at least one side, a paragraph edge counting as agreeing: a split
                     or merge. Silent;
5. ``"fuzzy"``       approximate match in the own paragraph (:mod:`annotations.fuzzy`): every
                     window within the edit limit, by context, position, then edits; the
                     placement takes the new wording;
6. ``"bracketed"``   the stored prefix and suffix both still occur exactly, in order and
                     close together, in the own paragraph: the words between them, however
                     rewritten;
7. ``"moved-check"`` exact occurrence in another paragraph that step 4 did not take, e.g. an
                     unchanged paragraph that already said the same thing;
8. ``"moved-fuzzy"`` approximate match in another paragraph;
9. ``"orphaned"``    nowhere to be found.

Steps 5-8 need a person to confirm (:attr:`Placement.needs_review`, :data:`REVIEW_METHODS`).
A deleted paragraph (``new_text is None``) skips steps 1-3, 5 and 6. Whitespace-only texts
are only ever kept at their old offsets. For steps 4, 7 and 8 ``Placement.paragraph`` is
the index into ``others``.

Invariant: for every non-orphaned placement, ``target[start:end] == placement.text``,
``0 <= start < end <= len(target)`` and ``text`` is non-empty, where ``target`` is
``new_text`` (``paragraph is None``) or ``others[paragraph]``. Nothing here raises on
any ``str`` input.

Many annotations on one paragraph should go through :func:`reanchor_many` (or a shared
:class:`Mapper`), which computes the paragraph diff once, and only if needed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from annotations.fuzzy import (
    MIN_FUZZY_LENGTH,
    Window,
    clean,
    max_edits,
    occurrences,
    windows,
    word_edge,
)
from annotations.quotecontext import (
    CONTEXT_WIDTH,
    NEAR_CONTEXT,
    agrees,
    bracket,
    context_points,
    context_score,
    near_context_same,
)
from annotations.textdiff import Mapper, _clamp_span

__all__ = [
    "CONTEXT_WIDTH",
    "METHODS",
    "MIN_FUZZY_LENGTH",
    "NEAR_CONTEXT",
    "REVIEW_METHODS",
    "Anchor",
    "Mapper",
    "Placement",
    "context_of",
    "make_anchor",
    "max_edits",
    "reanchor",
    "reanchor_many",
]

METHODS = (
    "unchanged",
    "diff",
    "search",
    "moved",
    "fuzzy",
    "bracketed",
    "moved-check",
    "moved-fuzzy",
    "orphaned",
)
REVIEW_METHODS = frozenset({"fuzzy", "bracketed", "moved-check", "moved-fuzzy"})
_REVIEW = REVIEW_METHODS


@dataclass(frozen=True)
class Anchor:
    """Where an annotation was: ``text == paragraph_text[start:end]`` plus context.

    Offsets are code points; ``prefix``/``suffix`` hold up to :data:`CONTEXT_WIDTH` code
    points, fewer only at the paragraph's edge.
    """

    start: int
    end: int
    text: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Placement:
    """Where an annotation is now.

    ``paragraph`` is ``None`` for the annotation's own paragraph (and when orphaned),
    otherwise an index into the ``others`` passed to :func:`reanchor`. ``start``/``end``
    are code point offsets into that paragraph's new text.
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
        """Placed on changed words, rewritten words or a doubtful twin: a person should
        confirm (``fuzzy``, ``bracketed``, ``moved-check``, ``moved-fuzzy``)."""
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
    """``(prefix, suffix)``: up to ``width`` code points before ``start`` and after ``end``."""
    start, end = _clamp_span(start, end, len(text))
    width = max(0, width)
    return text[max(0, start - width) : start], text[end : end + width]


def make_anchor(text: str, start: int, end: int, width: int = CONTEXT_WIDTH) -> Anchor:
    """The :class:`Anchor` of ``text[start:end]`` (code points) with its context."""
    start, end = _clamp_span(start, end, len(text))
    prefix, suffix = context_of(text, start, end, width)
    return Anchor(start, end, text[start:end], prefix, suffix)


def reanchor(
    anchor: Anchor,
    old_text: str,
    new_text: str | None,
    others: Sequence[str] = (),
    *,
    changed_others: Collection[int] | None = None,
) -> Placement:
    """Find where ``anchor`` (placed in ``old_text``) belongs now.

    ``new_text`` is the paragraph's new text, ``None`` if the paragraph was deleted.
    ``others`` are the new texts of the article's other paragraphs (not this one).
    ``changed_others`` are the indexes into ``others`` of paragraphs inserted or changed
    in the same edit; only those can take the annotation silently (step 4). ``None``
    treats every other paragraph as changed.
    """
    mapper = Mapper(old_text, new_text) if new_text is not None else None
    return _reanchor(anchor, old_text, new_text, others, mapper, changed_others)


def reanchor_many(
    anchors: Sequence[Anchor],
    old_text: str,
    new_text: str | None,
    others: Sequence[str] = (),
    *,
    changed_others: Collection[int] | None = None,
) -> list[Placement]:
    """:func:`reanchor` for many annotations of one paragraph, sharing one diff."""
    mapper = Mapper(old_text, new_text) if new_text is not None else None
    changed = None if changed_others is None else frozenset(changed_others)
    return [_reanchor(a, old_text, new_text, others, mapper, changed) for a in anchors]


# --- the cascade --------------------------------------------------------------------------


def _reanchor(
    anchor: Anchor,
    old_text: str,
    new_text: str | None,
    others: Sequence[str],
    mapper: Mapper | None,
    changed_others: Collection[int] | None,
) -> Placement:
    text = anchor.text
    if not text:
        return ORPHANED

    hint = 0
    if new_text is not None:
        if mapper is None or mapper.old_text != old_text or mapper.new_text != new_text:
            mapper = Mapper(old_text, new_text)
        placed, mapped = _exact_own(anchor, new_text, mapper)
        hint = mapped[0]
        if placed is not None and placed.method == "search":
            placed = _rival_fuzzy(anchor, new_text, placed, mapped)
        if placed is not None or not text.strip():
            return placed or ORPHANED
    elif not text.strip():
        return ORPHANED

    # (4) exact in a changed other paragraph, with agreeing context; else keep for (7).
    silent, doubtful = _exact_others(anchor, others, changed_others)
    if silent is not None:
        return silent

    if new_text is not None:
        # (5) fuzzy in the own paragraph
        window = _best_window(anchor, new_text, hint)
        if window is not None:
            return Placement(
                "fuzzy", None, window.start, window.end, new_text[window.start : window.end]
            )
        # (6) between the stored prefix and suffix
        span = bracket(anchor, old_text, new_text, hint)
        if span is not None:
            return Placement("bracketed", None, span[0], span[1], new_text[span[0] : span[1]])

    # (7) exact in another paragraph, to be checked
    if doubtful is not None:
        return doubtful

    # (8) fuzzy in the other paragraphs
    best: tuple[tuple[int, int, int], int, Window] | None = None
    for index, other in enumerate(others):
        window = _best_window(anchor, other, anchor.start)
        if window is not None:
            key = _window_key(anchor, other, window, anchor.start)
            if best is None or key > best[0]:
                best = (key, index, window)
    if best is not None:
        _, index, window = best
        return Placement(
            "moved-fuzzy", index, window.start, window.end, others[index][window.start : window.end]
        )

    # (9)
    return ORPHANED


def _exact_own(
    anchor: Anchor, new_text: str, mapper: Mapper
) -> tuple[Placement | None, tuple[int, int]]:
    """Steps 1-3: ``(placement or None, the old span shifted through the diff)``; step 1
    does not compute the diff and gives the old span."""
    text, start, end = anchor.text, anchor.start, anchor.end
    if 0 <= start < end <= len(new_text) and new_text[start:end] == text:
        if not text.strip() or near_context_same(anchor, new_text, start, end):
            return Placement("unchanged", None, start, end, text), (start, end)
        best = _best_exact(anchor, new_text, occurrences(text, new_text), start)
        method = "unchanged" if best == start else "search"
        return Placement(method, None, best, best + len(text), text), (start, end)
    if not text.strip():
        return None, (0, 0)
    new_start, new_end = mapper.map_span(start, end)
    if new_text[new_start:new_end] == text and near_context_same(
        anchor, new_text, new_start, new_end
    ):
        return Placement("diff", None, new_start, new_end, text), (new_start, new_end)
    hits = occurrences(text, new_text)
    if not hits:
        return None, (new_start, new_end)
    best = _best_exact(anchor, new_text, hits, new_start)
    mapped = best == new_start and new_text[new_start:new_end] == text
    placed = Placement("diff" if mapped else "search", None, best, best + len(text), text)
    return placed, (new_start, new_end)


def _rival_fuzzy(
    anchor: Anchor, new_text: str, placed: Placement, mapped: tuple[int, int]
) -> Placement:
    """Step 3's guard. When no exact occurrence's nearest context agrees on either side
    (:func:`~annotations.quotecontext.agrees`), the words found are likely a twin and the
    annotated ones were reworded: a fuzzy window with some edits, on the old span shifted
    through the diff (``mapped``) and with a better context wins, as ``"fuzzy"`` (for
    review)."""
    n = len(anchor.text)
    if any(agrees(anchor, new_text, s, s + n) for s in occurrences(anchor.text, new_text)):
        return placed
    window = _best_window(anchor, new_text, mapped[0])
    if window is None or window.edits == 0:
        return placed
    if not (window.start <= mapped[1] and mapped[0] <= window.end):
        return placed
    exact = context_score(anchor, new_text, placed.start, placed.end)
    if context_score(anchor, new_text, window.start, window.end) <= exact:
        return placed
    return Placement("fuzzy", None, window.start, window.end, new_text[window.start : window.end])


def _exact_others(
    anchor: Anchor, others: Sequence[str], changed_others: Collection[int] | None
) -> tuple[Placement | None, Placement | None]:
    """Steps 4 and 7: the best ``"moved"`` and the best ``"moved-check"`` placement."""
    text = anchor.text
    best: dict[bool, tuple[tuple[int, bool, int], int, int]] = {}
    for index, other in enumerate(others):
        changed = changed_others is None or index in changed_others
        for s in occurrences(text, other):
            e = s + len(text)
            silent = changed and agrees(anchor, other, s, e)
            key = (context_score(anchor, other, s, e), clean(other, s, e), -abs(s - anchor.start))
            if silent not in best or key > best[silent][0]:
                best[silent] = (key, index, s)
    found = {
        silent: Placement("moved" if silent else "moved-check", index, s, s + len(text), text)
        for silent, (_, index, s) in best.items()
    }
    return found.get(True), found.get(False)


def _best_exact(anchor: Anchor, target: str, hits: Iterable[int], hint: int) -> int:
    """The exact occurrence with the best context, then clean edges, then nearest ``hint``."""
    n = len(anchor.text)
    return max(
        hits,
        key=lambda s: (
            context_score(anchor, target, s, s + n),
            clean(target, s, s + n),
            -abs(s - hint),
        ),
    )


def _window_key(anchor: Anchor, target: str, window: Window, hint: int) -> tuple[int, int, int]:
    """Fuzzy candidates: best context, then nearest ``hint``, then fewest edits."""
    score = context_score(anchor, target, window.start, window.end)
    return (score, -abs(window.start - hint), -window.edits)


def _best_window(anchor: Anchor, target: str, hint: int) -> Window | None:
    """Steps 5 and 8 in one paragraph: the best-ranked fuzzy window (see :func:`_window_key`)."""

    prefix, suffix, width = (
        anchor.prefix[-CONTEXT_WIDTH:],
        anchor.suffix[:CONTEXT_WIDTH],
        CONTEXT_WIDTH,
    )

    def rough(s: int, e: int) -> tuple[float, int]:
        # Cheap shortlist key: whole-width context similarity, then position.
        before, after = target[max(0, s - width) : s], target[e : e + width]
        return (fuzz.ratio(prefix, before) + fuzz.ratio(suffix, after), -abs(s - hint))

    found = windows(anchor.text, target, rank=rough)
    if not found:
        return None
    return _fit(anchor, target, max(found, key=lambda w: _window_key(anchor, target, w, hint)))


def _fit(anchor: Anchor, target: str, window: Window) -> Window:
    """Move the chosen window's edges by up to two code points, within the edit limit, to
    where they cut words like the stored span did (at a word edge or inside a word), then
    where the context fits best, then fewer edits: an annotation that ended the paragraph
    keeps ending it when its last word grew."""
    text, n, size = anchor.text, len(anchor.text), len(target)
    limit = max_edits(text)
    stored = (
        word_edge(anchor.prefix[-1:] + text[:1], min(1, len(anchor.prefix))),
        word_edge(text[-1:] + anchor.suffix[:1], 1),
    )

    def key(w: Window) -> tuple[int, float, int, int]:
        edges = (word_edge(target, w.start), word_edge(target, w.end))
        alike = sum(a == b for a, b in zip(edges, stored, strict=True))
        points = context_points(anchor, target, w.start, w.end)
        return (alike, points, -w.edits, -abs((w.end - w.start) - n))

    best, best_key = window, key(window)
    for s in range(max(0, window.start - 2), min(size, window.start + 2) + 1):
        for e in range(max(s + 1, window.end - 2), min(size, window.end + 2) + 1):
            if (s, e) == (window.start, window.end) or not clean(target, s, e):
                continue
            edits = Levenshtein.distance(text, target[s:e], score_cutoff=limit)
            if edits > limit or not target[s:e].strip():
                continue
            candidate = Window(s, e, edits)
            if (candidate_key := key(candidate)) > best_key:
                best, best_key = candidate, candidate_key
    return best
