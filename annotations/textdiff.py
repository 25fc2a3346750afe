"""Offset mapping through a diff of a paragraph's old and new text.

Pure Python, like :mod:`annotations.anchoring`, whose cascade uses :class:`Mapper` for its
``"diff"`` step.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from difflib import SequenceMatcher

from rapidfuzz.distance import Indel

__all__ = ["Mapper"]

# Larger diffs (len(old) * len(new) of the changed middle) use rapidfuzz, not difflib.
_DIFFLIB_MAX_CELLS = 1_000_000


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


def _clamp_span(start: int, end: int, size: int) -> tuple[int, int]:
    start = min(max(0, start), size)
    end = min(max(start, end), size)
    return start, end
