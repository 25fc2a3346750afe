"""Roles given to names in an article, so "the mayor" or "la porte-parole" can be
resolved to the full name introduced with that role.

Three patterns, the appositions of news style: "NAME, (the) ROLE," ("Lena Osei, the
harbour engineer, said"), "(the) ROLE, NAME" ("the harbour engineer, Lena Osei") and a
role written as a title before the name ("Mayor Inès Ferrand", "Bürgermeisterin Anna
Roth"), which :mod:`suggestions.engine.names` keeps as the mention's ``title``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from suggestions.engine.names import Mention

_ROLE_AFTER = re.compile(
    r"^,\s+(?:(?:the|a|an|its|our|their|la|le|l[’']|un|une|der|die|das|ein|eine)\s+)?"
    r"(?P<role>[^\W\d][^,.;:()“”\"«»„]{1,70}?)\s*(?:[,.;]|\s+(?:who|qui|der|die)\b)"
)
_ROLE_BEFORE = re.compile(
    r"(?:^|\s)(?:the|a|an|la|le|l[’']|der|die|das)\s+(?P<role>[^\W\d][^,.;:()“”\"«»„]{1,60}?),\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def role_words(phrase: str) -> frozenset[str]:
    """The words of a role phrase, lower case, possessives removed ("council's" ->
    "council")."""
    words = set()
    for w in _WORD.findall(phrase):
        w = w.lower()
        for suffix in ("’s", "'s"):
            w = w.removesuffix(suffix)
        words.add(w)
    return frozenset(words)


@dataclass
class RoleBook:
    """(position, role words, full name) in reading order; positions as in
    :class:`suggestions.engine.names.Registry`."""

    entries: list[tuple[int, frozenset[str], str]] = field(default_factory=list)

    def learn(self, text: str, offset: int, mention: Mention, full: str) -> None:
        """Record the roles written around ``mention`` (whose full name is ``full``) in
        ``text``; ``offset`` is the paragraph's global offset."""
        if mention.title:
            self.entries.append((offset + mention.start, role_words(mention.title), full))
        m = _ROLE_AFTER.match(text[mention.end :])
        if m:
            self.entries.append((offset + mention.start, role_words(m.group("role")), full))
        m = _ROLE_BEFORE.search(text[max(0, mention.start - 70) : mention.start])
        if m:
            self.entries.append((offset + mention.start, role_words(m.group("role")), full))

    def lookup(self, head: str, position: int) -> str | None:
        """The name last given the role ``head`` (one word, e.g. "mayor") before
        ``position``, else the first after it; None if no name has that role."""
        head = head.lower()
        best: tuple[int, int, str] | None = None
        for where, words, name in self.entries:
            if head not in words:
                continue
            before = where <= position
            rank = (1 if before else 0, where if before else -where)
            if best is None or rank > best[:2]:
                best = (*rank, name)
        return None if best is None else best[2]
