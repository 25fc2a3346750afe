"""Align two versions of an article paragraph by paragraph, by content.

Pure Python, no database. The import's ``--replace`` (and anything else that replaces an
article's paragraphs wholesale) uses it so that a paragraph inserted above moves nothing
but positions: unchanged paragraphs keep their rows, and with them their annotations'
offsets, anchor state and version. Only the paragraphs whose text changed are re-anchored.

The diff is Python's :class:`difflib.SequenceMatcher` over whole paragraph texts (Ratcliff
and Obershelp's "gestalt pattern matching"), then two refinements:

- a paragraph deleted in one place whose exact text is inserted in another was **moved**:
  it keeps its row;
- within a run of replaced paragraphs, old and new are paired in order as **edits** when
  they are similar enough (the ratio >= :data:`EDIT_SIMILARITY`, rapidfuzz's C version of
  difflib's), otherwise the old
  one is deleted and the new one inserted (its annotations then look for their words in
  the paragraphs that changed, see annotations.anchoring).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rapidfuzz import fuzz

# Below this similarity (difflib's ratio, 0-1) a replaced paragraph is a different one.
EDIT_SIMILARITY = 0.5


@dataclass
class Alignment:
    """How the new paragraphs (indexes into ``new``) relate to the old (into ``old``).

    ``kept``: new index -> old index with the same text (in place or moved);
    ``edited``: new index -> old index whose text changed into it;
    ``inserted``: new indexes with no old paragraph; ``deleted``: old indexes that are gone.
    Every new index is in exactly one of kept, edited, inserted; every old index in
    exactly one of kept's values, edited's values, deleted.
    """

    kept: dict[int, int] = field(default_factory=dict)
    edited: dict[int, int] = field(default_factory=dict)
    inserted: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)


def align(old: Sequence[str], new: Sequence[str]) -> Alignment:
    """Align paragraph texts ``old`` with ``new`` (see the module docstring)."""
    result = Alignment()
    matcher = SequenceMatcher(None, list(old), list(new), autojunk=False)
    gone: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.kept.update({j1 + k: i1 + k for k in range(i2 - i1)})
        elif tag == "delete":
            gone.extend(range(i1, i2))
        elif tag == "insert":
            result.inserted.extend(range(j1, j2))
        else:  # replace
            _pair(old, new, list(range(i1, i2)), list(range(j1, j2)), result, gone)
    _find_moves(old, new, result, gone)
    result.deleted = sorted(gone)
    result.inserted.sort()
    return result


def _pair(
    old: Sequence[str],
    new: Sequence[str],
    olds: list[int],
    news: list[int],
    result: Alignment,
    gone: list[int],
) -> None:
    """Pair a replaced run in order, each old paragraph with the first similar new one."""
    j = 0
    for i in olds:
        for k in range(j, len(news)):
            if _similar(old[i], new[news[k]]):
                result.inserted.extend(news[j:k])
                result.edited[news[k]] = i
                j = k + 1
                break
        else:
            gone.append(i)
    result.inserted.extend(news[j:])


def _similar(a: str, b: str) -> bool:
    # rapidfuzz's normalised Indel similarity is difflib's ratio, computed in C.
    return fuzz.ratio(a, b, score_cutoff=EDIT_SIMILARITY * 100) > 0


def _find_moves(old: Sequence[str], new: Sequence[str], result: Alignment, gone: list[int]) -> None:
    """A deleted paragraph whose exact text was inserted elsewhere was moved: keep it."""
    waiting: dict[str, list[int]] = {}
    for i in gone:
        waiting.setdefault(old[i], []).append(i)
    for j in list(result.inserted):
        candidates = waiting.get(new[j])
        if candidates:
            i = candidates.pop(0)
            result.kept[j] = i
            result.inserted.remove(j)
            gone.remove(i)
