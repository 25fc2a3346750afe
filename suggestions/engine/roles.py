"""Roles given to names in an article, so "the mayor" or "la porte-parole" can be
resolved to the full name introduced with that role.

Three patterns, the appositions of news style: "NAME, (the) ROLE," ("Lena Osei, the
harbour engineer, said"), "(the) ROLE, NAME" ("the harbour engineer, Lena Osei") and a
role written as a title before the name ("Mayor Inès Ferrand", "Bürgermeisterin Anna
Roth"), which :mod:`suggestions.engine.names` keeps as the mention's ``title``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from suggestions.engine.cues import ALL_SPEECH_VERBS, ORGANISATION_WORDS
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
    r"(?:^|\s)(?P<det>" + _DETERMINER + r")(?:\s+|(?<=[’']))"
    # an abbreviated title may stand in the role: "L'avocate de M. Castaing, Me …"
    r"(?P<role>[^\W\d](?:[^,.;:()“”\"«»„]|(?<= [A-Z])\.|(?<= [A-Z][a-z])\.){1,60}?),\s*$",
    re.IGNORECASE,
)
# "the union Unite Loire", "le syndicat Unité Loire": a kind of body right before a name
_KIND_BEFORE = re.compile(r"(?:^|\s)(?P<kind>[\w-]+)\s+$")
# "la préfecture du Haut-Morvan": a kind of body, a particle, then the name
_KIND_OF = re.compile(r"(?:^|\s)(?P<kind>[\w-]+\s+(?:du|de\s+la|de\s+l[’']|de|des|d[’'])\s*)$")
# A relative clause after a name, not a role: "who leads…", "qui dirige…"
# and a coordinated person: "La maire, Sophie Lenoir, et son adjoint, Paul Brun"
_RELATIVE = re.compile(
    r"(?:who|whose|which|qui|dont|que|welche[rs]?|and|et|und|or|ou|oder|but|mais|aber)\b",
    re.IGNORECASE,
)
# A role given by the verb "to be" right after the name: "Ines Okafor, 34, is a
# midwife", "Anne Roy est infirmière", "Eva Klein ist Tierärztin".
_ROLE_PREDICATE = re.compile(
    r"^(?:,\s*\d+(?:\s+ans)?,)?\s+(?:is|was|has\s+been|est|était|ist|war)\s+"
    r"(?:(?:a|an|the|one\s+of\s+the|un|une|le|la|l[’']|ein|eine|der|die)\s+)?"
    r"(?P<role>[^\W\d][\w’'-]*)"
)
# Post-nominal letters that give a role ("Ngozi Obi KC": a barrister).
_POSTNOMINAL_ROLE = re.compile(r"^\s+(?P<role>KC|QC|MP|MEP|MSP)\b")
# Words that name the same role, so "the barrister" finds "Counsel to the inquiry" and
# "der Bäderchef" finds "der Leiter des Bäderbetriebs". Our lists, by meaning.
_SYNONYMS = [
    frozenset(group.split())
    for group in (
        "barrister counsel lawyer solicitor attorney advocate kc qc avocat avocate anwalt "
        "anwältin rechtsanwalt rechtsanwältin",
        "spokesman spokeswoman spokesperson porte-parole sprecher sprecherin pressesprecher "
        "pressesprecherin",
        "chef chefin leiter leiterin head chief",
        "mp mep msp député députée abgeordnete abgeordneter",
        # a coach is "le technicien" in French sports writing
        "coach entraîneur entraîneuse technicien trainer trainerin",
        # French "magistrat" covers the prosecution too ("la magistrate" = "la procureure")
        "prosecutor procureur procureure magistrat magistrate staatsanwalt staatsanwältin",
        "defendant accused prévenu prévenue accusé accusée angeklagte angeklagter",
    )
]
# The kind every body is recorded under, for "the company", "die Firma", "l'entreprise".
ANY_BODY = "*body*"
_WORD = re.compile(r"[^\W\d_][\w’'-]*")


@functools.lru_cache(maxsize=4096)
def _body_kinds(word: str) -> frozenset[str]:
    """The kinds of body a word of a name names, compounds too ("bürgerinitiative")."""
    return frozenset(
        k for k in ORGANISATION_WORDS if word == k or (len(k) >= 5 and word.endswith(k))
    )


def role_words(phrase: str, *, possessors: bool = True) -> frozenset[str]:
    """The words of a role phrase, lower case, possessives removed ("council's" ->
    "council"); without ``possessors``, a possessive word is left out altogether: in
    "the company's operations director" the company is whom the director works for,
    not a role of theirs."""
    words = set()
    for w in _WORD.findall(phrase):
        w = w.lower()
        if not possessors and w.endswith(("’s", "'s")):
            continue
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
    # names known to be organisations (see :mod:`.bodies`), NFC
    bodies: set[str] = field(default_factory=set)

    def learn(self, text: str, offset: int, mention: Mention, full: str) -> None:
        """Record the roles written around ``mention`` (whose full name is ``full``) in
        ``text``; ``offset`` is the paragraph's global offset."""
        phrases = []
        if mention.title:
            phrases.append(mention.title)
        m = _ROLE_AFTER.match(text[mention.end :])
        # "Lind, said the company would…" is a clause, not a role in apposition, and so
        # is "Ruiz, who leads the Independent group," (she leads it, she is not it)
        if (
            m
            and not role_words(m.group("role")) & ALL_SPEECH_VERBS
            and not _RELATIVE.match(m.group("role"))
        ):
            phrases.append(m.group(0))
        # "His mother, Cllr Grace Okonjo": the apposition stands before the title
        start = mention.outer_start if mention.outer_start >= 0 else mention.start
        m = _ROLE_BEFORE.search(text[max(0, start - 70) : start])
        if m:
            phrases.append(m.group(0))
        m = _POSTNOMINAL_ROLE.match(text[mention.end :])
        if m:
            phrases.append(m.group("role"))
        m = _ROLE_PREDICATE.match(text[mention.end :])
        if m:
            phrases.append(m.group("role"))  # "Ines Okafor, 34, is a midwife"
        for phrase in phrases:
            words = role_words(phrase, possessors=False)
            self.entries.append((offset + mention.start, words, full))
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
            kinds.update(_body_kinds(w))
        name = nfc(mention.text)
        m = _KIND_BEFORE.search(text[max(0, mention.start - 30) : mention.start])
        # "Stadtrat Jürgen Pfeiffer": a title, not the kind of a body
        if m and m.group("kind").lower() in ORGANISATION_WORDS and not mention.title:
            kinds.add(m.group("kind").lower())
        m = _KIND_OF.search(text[max(0, mention.start - 30) : mention.start])
        if not kinds and m and m.group("kind").split()[0].lower() in ORGANISATION_WORDS:
            # a lower-case kind is part of the body's name as written
            kinds.add(m.group("kind").split()[0].lower())
            name = nfc(m.group("kind").lstrip() + mention.text)
        if kinds:
            self.add_body(offset + mention.start, kinds, name)

    def add_body(self, position: int, kinds: set[str], name: str) -> None:
        """Record ``name`` as an organisation of the given kinds at ``position``."""
        self.entries.append((position, frozenset(kinds | {ANY_BODY}), nfc(name)))
        self.bodies.add(nfc(name))

    def lookup_body(self, kind: str, position: int) -> str | None:
        """:meth:`lookup` among organisations only: "the council" is the council, not
        "the council's engineer"."""
        return self.lookup(kind, position, bodies_only=True)

    def lookup(self, head: str, position: int, *, bodies_only: bool = False) -> str | None:
        """The name last given the role ``head`` (one word, e.g. "mayor") or a word of
        the same meaning ("barrister" for "counsel") before ``position``, else the first
        after it; None if no name has that role. ``ANY_BODY`` finds any organisation."""
        head = head.lower()
        heads = {head}.union(*(group for group in _SYNONYMS if head in group))
        best: tuple[int, int, str] | None = None
        for where, words, name in self.entries:
            if not heads & words or (bodies_only and name not in self.bodies):
                continue
            before = where <= position
            rank = (1 if before else 0, where if before else -where)
            if best is None or rank > best[:2]:
                best = (*rank, name)
        return None if best is None else best[2]
