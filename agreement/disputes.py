"""Where editors differ on an article: passages to adjudicate. Pure functions, no Django.

A passage is a group of annotations of one paragraph that overlap one another, directly
or through others (by at least one code point), whoever made them. Editors agree on a
passage when each of them marked exactly the same spans with the same tags there;
otherwise it is a dispute: a span only some editors marked, or spans matched with other
boundaries or another tag. A dispute whose annotations were all settled by an
adjudication is settled, no longer open.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple


class Item(NamedTuple):
    """An editor's annotation as the dispute view shows it (offsets in code points); a
    named tuple, light in number (the agreement cache keeps thousands)."""

    id: int
    editor: str
    paragraph: int
    start: int
    end: int
    tag: str
    text: str
    speaker: str = ""
    note: str = ""


@dataclass
class Passage:
    """Overlapping annotations of one paragraph; ``start``/``end`` cover them all."""

    paragraph: int
    start: int
    end: int
    items: list[Item] = field(default_factory=list)

    @property
    def key(self) -> int:
        """A stable name for the page: its first annotation's id."""
        return min(i.id for i in self.items)

    @property
    def ids(self) -> list[int]:
        return sorted(i.id for i in self.items)

    def by_editor(self, editors: Sequence[str]) -> list[tuple[str, list[Item]]]:
        """Each editor's annotations here (side by side), in the order of ``editors``."""
        return [(e, [i for i in self.items if i.editor == e]) for e in editors]

    def agreed(self, editors: Sequence[str]) -> bool:
        """Did every editor mark the same spans with the same tags here?"""
        marks = [
            Counter((i.start, i.end, i.tag) for i in self.items if i.editor == e) for e in editors
        ]
        return all(m == marks[0] for m in marks[1:])


def passages(items: Iterable[Item]) -> list[Passage]:
    """The overlapping groups of ``items``, which must come in reading order (paragraph
    by position, then start)."""
    out: list[Passage] = []
    current: Passage | None = None
    for item in items:
        if current is not None and item.paragraph == current.paragraph and item.start < current.end:
            current.items.append(item)
            current.end = max(current.end, item.end)
            continue
        current = Passage(item.paragraph, item.start, item.end, [item])
        out.append(current)
    return out


def disputes(
    items: Iterable[Item], editors: Sequence[str], settled: set[int]
) -> tuple[list[Passage], int]:
    """The open disputes among ``items`` (sorted by paragraph in reading order, then
    start), and how many disputes are settled (every annotation in ``settled``)."""
    open_, done = [], 0
    for passage in passages(items):
        if passage.agreed(editors):
            continue
        if all(i.id in settled for i in passage.items):
            done += 1
        else:
            open_.append(passage)
    return open_, done
