"""Who said a quotation: the attribution cue next to it, then the name that cue points to.

The order of the rules follows the quote-attribution literature's finding that most
quotations are attributed by a verb of saying in the same sentence, then by the speaker
of the neighbouring quotations, then by the paragraph before (Pareti et al., "Automatically
detecting and attributing indirect quotations", 2013; O'Keefe et al., "A sequence
labelling approach to quote attribution", 2012). All offsets are code points.

A speaker found here is a *reference*: a name (maybe a surname alone), a pronoun or a
role ("the mayor"). :class:`Attributor` turns it into the full name given in the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from suggestions.engine.cues import (
    ALL_PRONOUNS,
    DETERMINERS,
    INVERSION_PRONOUN,
    LISTENER_VERBS,
    TITLES,
    source_cues,
    speech_verbs,
    word_set,
)
from suggestions.engine.names import Mention, Registry, is_organisation
from suggestions.engine.roles import RoleBook
from suggestions.engine.spans import Quotation

MASK = "\x00"
WINDOW = 120  # code points before a cue searched for its speaker
# Words that may stand between a speaker and the verb: "Lind also said", "Roy a ajouté".
_AUXILIARIES = re.compile(
    r"(?:\s+(?:also|later|then|has|had|have|once|again|further|previously|recently|"
    r"simply|only|quickly|repeatedly|would|will|a|ont|avait|aussi|également|encore|déjà|"
    r"hat|hatte|haben|hätten|ist|war|nur|bereits|auch|noch|zudem|dann|später|"
    r"on\s+\w+day|in\s+a\s+statement|in\s+an\s+interview))+\s*$",
    re.IGNORECASE,
)
_APPOSITION = re.compile(r",[^,\x00“”«»„\"]{1,90},\s*$")
_ROLE_NP_END = re.compile(
    r"(?:^|\s)(?:" + "|".join(re.escape(d) for d in DETERMINERS) + r")\s*"
    r"(?P<np>(?:[\w’'-]+\s+){0,3}[\w’'-]+)\s*$",
    re.IGNORECASE,
)
_ROLE_NP_START = re.compile(
    r"^\s*(?:" + "|".join(re.escape(d) for d in DETERMINERS) + r")\s*"
    r"(?P<np>(?:[\w’'-]+\s+){0,3}?[\w’'-]+)(?=\s*(?:[,.;:!?]|$|\s+(?:of|de|der|des|at|for)\b))",
    re.IGNORECASE,
)
# What may follow a role before the name in apposition: "the head of the trust, Ida Lam",
# "der Sprecher des Vereins, Uwe Kranz".
_ROLE_TAIL = re.compile(
    r"(?:\s+(?:of|for|at|de|du|des|der|von|vom|the|la|le)\s+[^,.;:\x00]{1,40}?)?,\s+"
)
ROLE_NOUNS = TITLES | word_set(
    "resident residents owner spokesman spokeswoman spokesperson member student teacher "
    "worker activist farmer fisherman fisher nurse driver manager organiser organizer "
    "campaigner volunteer expert analyst researcher scientist historian lawyer official "
    "head leader founder porte-parole habitant habitante responsable directeur directrice "
    "sprecher sprecherin anwohner anwohnerin leiterin leiter"
)


@dataclass(frozen=True)
class Reference:
    """A speaker as written: ``kind`` is "name", "pronoun" or "role"; ``text`` the name,
    the pronoun or the role's head noun; ``position`` its global offset."""

    kind: str
    text: str
    position: int
    mention: Mention | None = None


def masked(text: str, quotations: list[Quotation]) -> str:
    """``text`` with every quotation, marks included, replaced by :data:`MASK`."""
    chars = list(text)
    for q in quotations:
        for i in range(q.open, min(q.close + 1, len(text))):
            chars[i] = MASK
    return "".join(chars)


@dataclass
class Paragraph:
    """What attribution knows of one paragraph: its text, the text with quotations
    masked, its sentences, names and quotations, and its global ``offset``."""

    text: str
    masked: str
    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    quotations: list[Quotation]
    offset: int
    cues: list[tuple[int, int, str]] = field(default_factory=list)
    sources: list[tuple[int, int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cues = speech_verbs(self.masked)
        self.sources = source_cues(self.masked)

    def cues_in(self, s0: int, s1: int) -> list[tuple[int, int, str]]:
        """The verbs of saying between ``s0`` and ``s1``."""
        return [c for c in self.cues if s0 <= c[0] and c[1] <= s1]

    def sources_in(self, s0: int, s1: int) -> list[tuple[int, int, str]]:
        """The source cues ("according to") between ``s0`` and ``s1``."""
        return [c for c in self.sources if s0 <= c[0] and c[1] <= s1]


@dataclass
class Attributor:
    """Attribute the quotations of one article, paragraph by paragraph in order."""

    registry: Registry
    roles: RoleBook
    paragraphs: list[Paragraph]
    last_speaker: str = ""
    last_speaker_paragraph: int = -10
    speakers: dict[tuple[int, int], str] = field(default_factory=dict)

    # -- references ---------------------------------------------------------------
    def _mention_at(self, p: Paragraph, start: int) -> Mention | None:
        for m in p.mentions:
            if start in (m.start, m.outer_start):
                return m
        return None

    def _mention_ending(self, p: Paragraph, end: int) -> Mention | None:
        for m in p.mentions:
            if m.end == end or (m.end + 2 == end and p.text[m.end : end] in ("’s", "'s")):
                return m
        return None

    def _ref_after(self, p: Paragraph, at: int) -> Reference | None:
        """A speaker written at ``at`` (after a cue): a name, a pronoun or a role,
        a role followed by a name in apposition giving the name."""
        rest = p.masked[at:]
        skip = len(rest) - len(rest.lstrip(" \u00a0"))
        at += skip
        rest = rest[skip:]
        m = self._mention_at(p, at)
        if m is not None:
            return Reference("name", m.text, p.offset + at, m)
        word = re.match(r"[\w’'-]+", rest)
        if word and word.group().lower() in ALL_PRONOUNS:
            return Reference("pronoun", word.group().lower(), p.offset + at)
        role = _ROLE_NP_START.match(rest)
        if role:
            # "le conseiller Thierry Ndiaye-Lambert": a name after the role words
            for w in re.finditer(r"\S+", rest[: role.end()]):
                named = self._mention_at(p, at + w.start())
                if named is not None and w.start() > 0:
                    return Reference("name", named.text, p.offset + named.start, named)
            after = at + role.end()
            apposed = _ROLE_TAIL.match(p.masked[after:])
            if apposed:
                named = self._mention_at(p, after + apposed.end())
                if named is not None:
                    return Reference("name", named.text, p.offset + named.start, named)
            head = role.group("np").split()[-1]
            return Reference("role", head, p.offset + at)
        return None

    def _ref_before(self, p: Paragraph, end: int, start_limit: int) -> Reference | None:
        """A speaker written just before ``end`` (before a cue), skipping auxiliaries
        ("also", "a") and an apposition (", the council's engineer,")."""
        # the patterns are anchored at the end: a bounded window keeps them linear
        start_limit = max(start_limit, end - WINDOW)
        before = p.masked[start_limit:end]
        aux = _AUXILIARIES.search(before)
        if aux:
            before = before[: aux.start()]
        app = _APPOSITION.search(before)
        if app:
            # "A Japanese engineer, Haruto Nishimura, put it": the apposition is the name
            inner = start_limit + app.start() + 1
            inner += len(p.masked[inner:]) - len(p.masked[inner:].lstrip())
            named = self._mention_at(p, inner)
            if named is not None and p.masked[named.end : start_limit + app.end()].strip() == ",":
                return Reference("name", named.text, p.offset + named.start, named)
            before = before[: app.start()]
        before = before.rstrip(" \u00a0")
        stop = start_limit + len(before)
        m = self._mention_ending(p, stop)
        if m is not None:
            return Reference("name", m.text, p.offset + m.start, m)
        word = re.search(r"[\w’'-]+$", before)
        if word and word.group().lower() in ALL_PRONOUNS:
            return Reference("pronoun", word.group().lower(), p.offset + start_limit)
        role = _ROLE_NP_END.search(before)
        if role:
            words = role.group("np").split()
            if words[-1].lower().strip("’'s") in ROLE_NOUNS or len(words) <= 3:
                return Reference("role", words[-1], p.offset + start_limit + role.start())
        return None

    def cue_reference(self, p: Paragraph, q: Quotation) -> Reference | None:
        """The speaker the nearest cue of the quotation's sentence points to."""
        s0, s1 = self._sentence_of(p, q)
        best: tuple[int, Reference] | None = None
        for c0, c1, verb in p.cues_in(s0, s1):
            ref: Reference | None = None
            inversion = INVERSION_PRONOUN.search(verb)
            if inversion:
                ref = Reference("pronoun", inversion.group(1).lower(), p.offset + c0)
            elif verb not in LISTENER_VERBS:
                ref = self._ref_after(p, c1)
                if ref is not None and ref.kind == "role" and c1 > q.close:
                    ref = self._ref_before(p, c0, s0) or ref
            if ref is None or (ref.kind == "role" and self._ref_before(p, c0, s0)):
                ref = self._ref_before(p, c0, s0) or ref
            if ref is None:
                continue
            distance = c0 - q.close if c0 >= q.close else q.open - c1
            if best is None or distance < best[0]:
                best = (abs(distance), ref)
        for c0, c1, phrase in p.sources_in(s0, s1):
            if phrase == "so" and not p.masked[:c0].rstrip().endswith(","):
                continue  # German ", so Müller"; not English "so Smith decided"
            ref = self._ref_after(p, c1)
            if ref is None or (phrase == "so" and ref.kind == "role"):
                continue
            distance = c0 - q.close if c0 >= q.close else q.open - c1
            if best is None or abs(distance) < best[0]:
                best = (abs(distance), ref)
        if best is None:
            # "Lind: “…”" - a name and a colon before the quotation
            colon = re.search(r":\s*$", p.masked[s0 : q.open])
            if colon:
                ref = self._ref_before(p, s0 + colon.start(), s0)
                if ref is not None:
                    return ref
            return None
        return best[1]

    def _sentence_of(self, p: Paragraph, q: Quotation) -> tuple[int, int]:
        for s0, s1 in p.sentences:
            if s0 <= q.open < s1:
                return s0, s1
        return 0, len(p.text)

    # -- resolution ---------------------------------------------------------------
    def resolve(self, ref: Reference, index: int, *, guess: bool = True) -> str:
        """The full name a reference stands for, "" when it cannot tell. Without
        ``guess``, a role no name was given is not resolved to the last person."""
        if ref.kind == "name":
            full = self.registry.full_name(ref.text, ref.position)
            if full:
                return full
            return ref.text
        if ref.kind == "role":
            named = self.roles.lookup(ref.text, ref.position)
            if named:
                return named
            if not guess:
                return ""
            return self.recent_person(index, ref.position) or self.last_speaker
        return self.recent_person(index, ref.position) or self.last_speaker

    def person_of(self, p: Paragraph, m: Mention) -> str | None:
        """The full name of ``m`` if it looks like a person or organisation."""
        if len(m.tokens) >= 2 or m.title:
            full = self.registry.full_name(m.text, p.offset + m.start)
            return full or m.text
        full = self.registry.full_name(m.text, p.offset + m.start)
        if full:
            return full
        if self.registry.is_known_single(m.text):
            return m.text
        return None

    def _subject(self, p: Paragraph, s0: int, s1: int) -> str | None:
        """The first person named in ``p.text[s0:s1]`` outside quotations, skipping a
        name used as a modifier ("Harbour Row resident Deirdre Mackay")."""
        names = [m for m in p.mentions if s0 <= m.start < s1 and p.masked[m.start] != MASK]
        for k, m in enumerate(names):
            if k + 1 < len(names):
                gap = p.text[m.end : names[k + 1].start].strip().lower()
                if gap in ROLE_NOUNS or (gap and all(w in ROLE_NOUNS for w in gap.split())):
                    continue
            if is_organisation(m.text) and len(names) > k + 1:
                continue
            full = self.person_of(p, m)
            if full:
                return full
        role = _ROLE_NP_START.match(p.masked[s0:s1])
        if role:
            for word in role.group("np").split():
                named = self.roles.lookup(word, p.offset + s0)
                if named:
                    return named
        return None

    def recent_person(self, index: int, position: int) -> str | None:
        """The subject of the nearest sentence before ``position`` (global) that names a
        person: this paragraph, then the previous one, then the speaker before."""
        p = self.paragraphs[index]
        local = position - p.offset
        for s0, s1 in reversed(p.sentences):
            if s0 >= local:
                continue
            found = self._subject(p, s0, min(s1, local))
            if found:
                return found
        if self.last_speaker and self.last_speaker_paragraph >= index - 1:
            return self.last_speaker
        if index > 0:
            prev = self.paragraphs[index - 1]
            for s0, s1 in reversed(prev.sentences):
                found = self._subject(prev, s0, s1)
                if found:
                    return found
        return self.last_speaker or None
