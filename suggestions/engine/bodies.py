"""Organisations as speakers: the body a spokesperson speaks for, and the names an
article shows to be organisations rather than people.

A quotation given by "a spokeswoman for the UK Health Security Agency" or "ein Sprecher
der Stadtwerke" is the body's (the evaluation set's rule, and ClaimReview's
``author`` of type Organization). Capitalisation alone cannot tell "Kestrel Water" from
a person, so the evidence is the article's own grammar, as a reader's is: a body has
spokespeople and officers ("Kestrel's chief executive", "der Vorsitzende des SV
Kirchwald"), a person does not. The lists of words are ours.
"""

from __future__ import annotations

import re

from suggestions.engine.cues import ORGANISATION_WORDS, word_set
from suggestions.engine.names import Mention, is_organisation, nfc
from suggestions.engine.roles import ANY_BODY, RoleBook

# Who speaks for a body without being named.
SPOKES_WORDS = word_set(
    """
    spokesman spokeswoman spokesperson spokespeople representative porte-parole
    sprecher sprecherin pressesprecher pressesprecherin
    """
)
_SPOKES = "|".join(sorted(SPOKES_WORDS, key=len, reverse=True))
# "a spokeswoman for the", "ein Sprecher der", "la porte-parole de la": right before a name
_SPOKES_FOR = re.compile(
    r"\b(?P<role>" + _SPOKES + r")\s+(?:for|of|at|from|der|des|du|de\s+la|de\s+l[’']|de|"
    r"d[’']|von|vom)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
# "Der Vorsitzende des SV Kirchwald", "the chief executive of Orrin", "le directeur de
# l’ARS": an officer's role, then the body
_OFFICER_OF = re.compile(
    r"\b(?P<role>[\w’'-]+)\s+(?:of|des|der|du|de\s+la|de\s+l[’']|de|d[’'])\s*(?:the\s+)?$",
    re.IGNORECASE,
)
# "Kestrel’s chief executive", "Orrin's director": a possessive before an officer's role
_POSSESSIVE_OFFICER = re.compile(r"^[’']s\s+(?P<role>(?:[\w-]+\s+){0,2}[\w-]+)")
OFFICERS = word_set(
    """
    spokesman spokeswoman spokesperson chief executive director chair chairman
    chairwoman president head manager boss owner founder secretary treasurer
    vorsitzende vorsitzender geschäftsführer geschäftsführerin chef chefin leiter
    leiterin direktor direktorin präsident präsidentin directeur directrice président
    présidente responsable porte-parole
    """
)
_BODY_SPOKES = re.compile(r"^\s+(?:" + _SPOKES + r")\b", re.IGNORECASE)


def named_body(words: tuple[str, ...] | frozenset[str], roles: RoleBook) -> str | None:
    """The body whose every word is among ``words`` (lower case), for a spokesperson
    phrase that names its body as a modifier ("an RNLI spokesman"); None if none or if
    the words name no spokesperson."""
    if not SPOKES_WORDS & set(words):
        return None
    for body in sorted(roles.bodies, key=len, reverse=True):
        if set(body.lower().split()) <= set(words):
            return body
    return None


def learn(text: str, offset: int, mention: Mention, full: str, roles: RoleBook) -> None:
    """Record in ``roles`` what ``text`` shows ``mention`` (full name ``full``) to be:
    the body a spokesperson speaks for ("a spokeswoman for X": X under the spokesperson
    roles, so "the spokeswoman" and "der Sprecher" resolve to it), or an organisation
    with officers ("X’s chief executive", "the chair of X"). ``offset`` is the
    paragraph's global offset."""
    before = text[max(0, mention.start - 40) : mention.start]
    spokes = _SPOKES_FOR.search(before)
    position = offset + mention.start
    if spokes:
        kinds = {w.lower() for w in SPOKES_WORDS} | _kinds(full)
        roles.add_body(position, kinds, full)
        return
    officer = _OFFICER_OF.search(before)
    if officer and officer.group("role").lower() in OFFICERS:
        roles.add_body(position, _kinds(full), full)
        return
    if _BODY_SPOKES.match(text[mention.end :]):
        # "an RNLI spokesman", "a Kestrel Water spokeswoman"
        roles.add_body(position, {w.lower() for w in SPOKES_WORDS} | _kinds(full), full)
        return
    possessive = _POSSESSIVE_OFFICER.match(text[mention.end :])
    if possessive and OFFICERS & set(possessive.group("role").lower().split()):
        roles.add_body(position, _kinds(full), full)


def _kinds(name: str) -> set[str]:
    return {w.lower() for w in name.split() if w.lower() in ORGANISATION_WORDS}


def is_body(name: str, roles: RoleBook) -> bool:
    """True when ``name`` (a full name) is an organisation: a word of it names a kind of
    body, or the article gave it spokespeople or officers."""
    return is_organisation(name) or nfc(name) in roles.bodies


def spokesperson_body(sentence: str, roles: RoleBook, position: int) -> str | None:
    """The body a spokesperson written in ``sentence`` speaks for ("A spokeswoman for
    the UK Health Security Agency said…"), looked up among the bodies recorded before
    ``position`` (global); None when the sentence has no spokesperson or the body is
    unknown."""
    for m in re.finditer(r"\b(?:" + _SPOKES + r")\b", sentence, re.IGNORECASE):
        found = roles.lookup(m.group().lower(), position)
        if found:
            return found
    return None


__all__ = [
    "ANY_BODY",
    "OFFICERS",
    "SPOKES_WORDS",
    "is_body",
    "learn",
    "named_body",
    "spokesperson_body",
]
