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

from suggestions.engine.cues import ORGANISATION_WORDS
from suggestions.engine.gender import phrase_gender
from suggestions.engine.names import Mention, nfc

_DETERMINER = (
    r"(?:the|a|an|its|his|her|our|their|la|le|l[’']|un|une|son|sa|leur|der|die|das|ein|eine|"
    r"sein|seine|ihr|ihre)"
)
_ROLE_AFTER = re.compile(
    r"^,\s+(?:(?:the|a|an|its|our|their|la|le|l[’']|un|une|der|die|das|ein|eine)\s+)?"
    r"(?P<role>[^\W\d][^,.;:()“”\"«»„]{1,70}?)\s*(?:[,.;]|\s+(?:who|qui|der|die)\b)"
)
_ROLE_BEFORE = re.compile(
    r"(?:^|\s)(?P<det>" + _DETERMINER + r")\s+(?P<role>[^\W\d][^,.;:()“”\"«»„]{1,60}?),\s*$",
    re.IGNORECASE,
)
# "the union Unite Loire", "le syndicat Unité Loire": a kind of body right before a name
_KIND_BEFORE = re.compile(r"(?:^|\s)(?P<kind>[\w-]+)\s+$")
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
    # full name -> the gender its roles give it ("Bürgermeisterin", "la maire")
    genders: dict[str, str] = field(default_factory=dict)

    def learn(self, text: str, offset: int, mention: Mention, full: str) -> None:
        """Record the roles written around ``mention`` (whose full name is ``full``) in
        ``text``; ``offset`` is the paragraph's global offset."""
        phrases = []
        if mention.title:
            phrases.append(mention.title)
        m = _ROLE_AFTER.match(text[mention.end :])
        if m:
            phrases.append(m.group(0))
        m = _ROLE_BEFORE.search(text[max(0, mention.start - 70) : mention.start])
        if m:
            phrases.append(m.group(0))
        for phrase in phrases:
            self.entries.append((offset + mention.start, role_words(phrase), full))
            gender = phrase_gender(phrase)
            if gender:
                self.genders.setdefault(nfc(full), gender)

    def learn_body(self, text: str, offset: int, mention: Mention) -> None:
        """Record an organisation under the kinds of body it is, so "the union" or "die
        Initiative" resolves to it: the words of its name that are kinds of body (the
        end of a compound too: "Bürgerinitiative"), or the kind written right before
        it ("le syndicat Unité Loire")."""
        kinds: set[str] = set()
        for w in role_words(mention.text):
            kinds.update(k for k in ORGANISATION_WORDS if w == k or (len(k) >= 5 and w.endswith(k)))
        m = _KIND_BEFORE.search(text[max(0, mention.start - 30) : mention.start])
        if m and m.group("kind").lower() in ORGANISATION_WORDS:
            kinds.add(m.group("kind").lower())
        if kinds:
            self.entries.append((offset + mention.start, frozenset(kinds), nfc(mention.text)))

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
