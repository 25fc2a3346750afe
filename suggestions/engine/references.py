"""Where a quotation's speaker is written: the verb of saying (or colon) next to it and
the name, pronoun or role that verb points to.

The order of the rules follows the quote-attribution literature's finding that most
quotations are attributed by a verb of saying in the same sentence, then by the speaker
of the neighbouring quotations, then by the paragraph before (Pareti et al., "Automatically
detecting and attributing indirect quotations", 2013; O'Keefe et al., "A sequence
labelling approach to quote attribution", 2012). All offsets are code points.

A speaker found here is a :class:`Reference`: a name (maybe a surname alone), a pronoun
or a role ("the mayor"); :mod:`.coreference` turns it into the full name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from suggestions.engine.cues import (
    ALL_PRONOUNS,
    INVERSION_PRONOUN,
    LISTENER_VERBS,
    POSTNOMINALS,
    source_cues,
    speech_verbs,
    word_set,
)
from suggestions.engine.gender import word_gender
from suggestions.engine.modifiers import GROUP_START, group_places, modified_people
from suggestions.engine.names import Mention, Registry
from suggestions.engine.patterns import (
    APPOSITION,
    AUXILIARIES,
    INDEFINITE_END,
    INDEFINITE_START,
    PARTICLE_RUN,
    ROLE_NOUNS,
    ROLE_NP_END,
    ROLE_NP_START,
    ROLE_TAIL,
)
from suggestions.engine.roles import role_words
from suggestions.engine.spans import Quotation

MASK = "\x00"
# A relative clause between a speaker and the verb, up to the verb's comma.
RELATIVE_CLAUSE = re.compile(
    r",\s+(?:who|whose|which|qui|dont|der|die|deren|dessen)\b[^\x00]*,\s*$", re.IGNORECASE
)
# French impersonal "indique-t-on à la préfecture": where "on" speaks from
_ON_AT = re.compile(r"\s*(?:à|au|aux|auprès\s+de|chez|du\s+côté\s+de)\s+", re.IGNORECASE)
# Between a person and the place they come from: "Tom Hale of Northfield".
_ORIGIN = re.compile(r"\s+(?:of|from|aus|von|de)\s+$")
# A short sentence of attribution after a quotation ("O’Neill asked."), in words.
ATTRIBUTION_WORDS = 6
WINDOW = 120  # code points before a cue searched for its speaker
# When, between a verb of saying and its speaker: "a annoncé jeudi le président".
_WHEN = re.compile(
    r"(?:(?:on|am|ce|le)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag|yesterday|today|tonight|hier|aujourd['’]hui|"
    r"gestern|heute|matin|soir)(?:\s+(?:soir|matin|morning|evening|abend|morgen))?"
    r"\s+(?=\S)",
    re.IGNORECASE,
)
# Words after "said NAME" that still belong to the attribution: "said Lind on Monday".
_AFTER_SPEAKER = word_set(
    "on in at after before during when while yesterday today tonight last this outside "
    "inside afterwards later earlier recently from of who whose which and to as "
    "lors après avant devant au à en dans mardi lundi hier am im nach vor bei und"
)


# Words that may stand between a speaker and the verb: "Lind also said", "Roy a ajouté".
@dataclass(frozen=True)
class Reference:
    """A speaker as written: ``kind`` is "name", "pronoun", "role" or "someone" (an
    unnamed person: "one driver"); ``text`` the name, the pronoun or the role's head
    noun; ``position`` its global offset; ``words`` all the words of a role phrase."""

    kind: str
    text: str
    position: int
    mention: Mention | None = None
    words: tuple[str, ...] = ()


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
    # names that are not the speaker (see :mod:`.modifiers`), by their start
    modified: dict[int, Mention] = field(default_factory=dict)
    groups: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cues = speech_verbs(self.masked)
        self.sources = source_cues(self.masked)
        self.modified = modified_people(self.text, self.mentions)
        self.groups = group_places(self.text, self.mentions)

    def groups_of(self) -> list[Mention]:
        """The names that are an unnamed group or its place ("Residents of Quay Lane")."""
        return [m for m in self.mentions if m.start in self.groups]

    def not_a_person(self, m: Mention) -> bool:
        """True when ``m`` modifies a person's role or is an unnamed group's place."""
        return m.start in self.modified or m.start in self.groups

    def cues_in(self, s0: int, s1: int) -> list[tuple[int, int, str]]:
        """The verbs of saying between ``s0`` and ``s1``."""
        return [c for c in self.cues if s0 <= c[0] and c[1] <= s1]

    def sources_in(self, s0: int, s1: int) -> list[tuple[int, int, str]]:
        """The source cues ("according to") between ``s0`` and ``s1``."""
        return [c for c in self.sources if s0 <= c[0] and c[1] <= s1]


class CueReader:
    """Find the reference a quotation's cue points to (mixed into
    :class:`suggestions.engine.speakers.Attributor`)."""

    registry: Registry

    def _mention_at(self, p: Paragraph, start: int) -> Mention | None:
        """The name at ``start``; for a modifier ("Harbour Row resident Deirdre
        Mackay"), the person it modifies."""
        for m in p.mentions:
            if start in (m.start, m.outer_start):
                return p.modified.get(m.start, m)
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
        when = _WHEN.match(rest[skip:])
        if when:
            skip += when.end()  # "a annoncé jeudi le président…", "said on Monday Ana Ruiz"
        at += skip
        rest = rest[skip:]
        m = self._mention_at(p, at)
        if m is None:
            # "sagte von der Heydt": the name starts after its lower-case particles
            particles = PARTICLE_RUN.match(rest)
            if particles:
                m = self._mention_at(p, at + particles.end())
        group = GROUP_START.match(rest)
        if group and (m is None or m.start in p.groups):
            # "said residents of Quay Lane", "selon les habitants de Kerlouan": nobody named
            noun = group.group("group").lower()
            return Reference("someone", noun, p.offset + at, words=(noun,))
        if m is not None:
            return Reference("name", m.text, p.offset + at, m)
        word = re.match(r"[\w’'-]+", rest)
        # "said it would": after the verb, "it" is what was said, never who said it
        if word and word.group().lower() in ALL_PRONOUNS - {"it"}:
            return Reference("pronoun", word.group().lower(), p.offset + at)
        role = ROLE_NP_START.match(rest)
        kind = "role"
        if role is None:
            role = INDEFINITE_START.match(rest)
            kind = "someone"
        if role:
            # "le conseiller Thierry Ndiaye-Lambert": a name after the role words
            for w in re.finditer(r"\S+", rest[: role.end()]):
                named = self._mention_at(p, at + w.start())
                if named is not None and w.start() > 0 and self._is_person(p, named):
                    return Reference("name", named.text, p.offset + named.start, named)
            after = at + role.end()
            apposed = ROLE_TAIL.match(p.masked[after:])
            if apposed:
                named = self._mention_at(p, after + apposed.end())
                if named is not None:
                    return Reference("name", named.text, p.offset + named.start, named)
            words = tuple(role_words(rest[: after - at]))
            head = role.group("np").split()[-1]
            return Reference(kind, head, p.offset + at, words=words)
        return None

    @staticmethod
    def _clause_subject(p: Paragraph, ref: Reference) -> bool:
        """True when the name of ``ref`` is followed by a lower-case word (a verb: "had",
        "was"), not by punctuation or the end: the subject of a reported clause."""
        m = ref.mention
        assert m is not None
        word = re.match(r" (?:[a-zäöüéèàç]\w*)", p.masked[m.end : m.end + 20])
        return word is not None and word.group().strip() not in _AFTER_SPEAKER

    def _is_person(self, p: Paragraph, m: Mention) -> bool:
        return bool(
            len(m.tokens) >= 2
            or m.title
            or self.registry.full_name(m.text, p.offset + m.start)
            or self.registry.is_known_single(m.text)
        )

    def _ref_before(self, p: Paragraph, end: int, start_limit: int) -> Reference | None:
        """A speaker written just before ``end`` (before a cue), skipping auxiliaries
        ("also", "a") and an apposition (", the council's engineer,")."""
        # the patterns are anchored at the end: a bounded window keeps them linear
        start_limit = max(start_limit, end - WINDOW)
        before = p.masked[start_limit:end]
        aux = AUXILIARIES.search(before)
        if aux:
            before = before[: aux.start()]
        rel = RELATIVE_CLAUSE.search(before)
        if rel:
            # "Tomasz Wiśniewski, whose mother, Halina, has lived there, told": the
            # speaker stands before the relative clause, whatever names it holds
            before = before[: rel.start()]
        app = APPOSITION.search(before)
        if app:
            # "A Japanese engineer, Haruto Nishimura, put it": the apposition is the name
            inner = start_limit + app.start() + 1
            inner += len(p.masked[inner:]) - len(p.masked[inner:].lstrip())
            named = self._mention_at(p, inner)
            if named is not None and p.masked[named.end : start_limit + app.end()].strip() == ",":
                return Reference("name", named.text, p.offset + named.start, named)
            before = before[: app.start()]
        before = before.rstrip(" \u00a0")
        post = re.search(r"\s+([A-Z]{2,3})$", before)
        if post and post.group(1).lower() in POSTNOMINALS:
            before = before[: post.start()]  # "Adaeze Obi KC said"
        stop = start_limit + len(before)
        m = self._mention_ending(p, stop)
        if m is not None and m.start in p.groups:
            # "Residents of Quay Lane said": the group speaks, not the place
            group = p.groups[m.start]
            return Reference("someone", group, p.offset + m.start, words=(group,))
        if m is not None:
            # "Tom Hale of Northfield said", "Ilse Rau aus Lindau sagte": the person,
            # not the place they come from
            origin = _ORIGIN.search(p.masked[max(0, m.start - 8) : m.start])
            if origin:
                person = self._mention_ending(p, m.start - len(origin.group()))
                if person is not None and (len(person.tokens) >= 2 or person.title):
                    m = person
            return Reference("name", m.text, p.offset + m.start, m)
        word = re.search(r"[\w’'-]+$", before)
        if word and word.group().lower() in ALL_PRONOUNS:
            return Reference("pronoun", word.group().lower(), p.offset + start_limit)
        role = ROLE_NP_END.search(before)
        if role:
            words = role.group("np").split()
            if words[-1].lower().strip("’'s") in ROLE_NOUNS or len(words) <= 3:
                at = p.offset + start_limit + role.start()
                return Reference("role", words[-1], at, words=tuple(role_words(role.group())))
        someone = INDEFINITE_END.search(before)
        if someone:
            words = tuple(role_words(someone.group("np")))
            at = p.offset + start_limit + someone.start()
            return Reference("someone", someone.group("np").split()[-1], at, words=words)
        return None

    def cue_reference(self, p: Paragraph, q: Quotation) -> Reference | None:
        """The speaker the nearest cue of the quotation's sentence points to; for a
        quotation that ends its sentence, else the cue of a short sentence right after
        it ("“Was it urgent?” O’Neill asked.", split after the question mark)."""
        s0, s1 = self._sentence_of(p, q)
        best = self._nearest_cue(p, q, s0, s1)
        if best is None:
            # "Lind: “…”" - a name and a colon before the quotation
            colon = re.search(r":\s*$", p.masked[s0 : q.open])
            if colon:
                ref = self._ref_before(p, s0 + colon.start(), s0)
                if ref is None or ref.kind != "name":
                    # "Son voisin, Marcel Petit, acquiesce : « … »": the nearest person
                    ref = self._last_person(p, s0, q.open) or self._subject_role(p, s0) or ref
                return ref
            following = self._attribution_after(p, q, s1)
            if following is not None:
                best = self._nearest_cue(p, q, *following)
            return None if best is None else best[1]
        return best[1]

    def _subject_role(self, p: Paragraph, s0: int) -> Reference | None:
        """A role opening the sentence at ``s0`` ("La commerçante est plus pessimiste :
        « … »"): the speaker of a colon-introduced quotation that names nobody."""
        role = ROLE_NP_START.match(p.masked[s0:])
        if role is None:
            return None
        # the first word that is a role: "La commerçante est plus pessimiste" runs on
        feminine = role.group().lstrip().lower().startswith("die ")  # "Die Bäckerin"
        head = next(
            (
                w
                for w in role.group("np").split()
                if w.lower() in ROLE_NOUNS or word_gender(w) or (feminine and w.endswith("in"))
            ),
            None,
        )
        if head is None:
            return None
        words = tuple(role_words(role.group()))
        return Reference("role", head, p.offset + s0, words=words)

    def _attribution_after(self, p: Paragraph, q: Quotation, s1: int) -> tuple[int, int] | None:
        """The next sentence when the quotation ends its own and that sentence is a
        short one with a verb of saying and no quotation of its own."""
        if p.masked[q.close + 1 : s1].strip(" \u00a0.,!?…"):
            return None
        for t0, t1 in p.sentences:
            if t0 >= s1:
                short = len(p.masked[t0:t1].split()) <= ATTRIBUTION_WORDS
                if short and MASK not in p.masked[t0:t1] and p.cues_in(t0, t1):
                    return t0, t1
                return None
        return None

    def _nearest_cue(
        self, p: Paragraph, q: Quotation, s0: int, s1: int
    ) -> tuple[int, Reference] | None:
        """(distance, reference) of the cue between ``s0`` and ``s1`` nearest to the
        quotation, None when no cue there points to anyone."""
        best: tuple[int, Reference] | None = None
        for c0, c1, verb in p.cues_in(s0, s1):
            ref: Reference | None = None
            inversion = INVERSION_PRONOUN.search(verb)
            if inversion:
                ref = Reference("pronoun", inversion.group(1).lower(), p.offset + c0)
            elif verb.endswith("-on"):
                at = _ON_AT.match(p.masked, c1)
                ref = self._ref_after(p, at.end()) if at else None
            elif verb not in LISTENER_VERBS:
                ref = self._ref_after(p, c1)
                if ref is not None and ref.kind == "role" and c1 > q.close:
                    ref = self._ref_before(p, c0, s0) or ref
                elif ref is not None and ref.mention is not None and self._clause_subject(p, ref):
                    # "Obi said Pryce-Jones had…": the name after the verb is the
                    # subject of what was said; the speaker stands before the verb
                    ref = self._ref_before(p, c0, s0) or ref
            if ref is None or (ref.kind == "role" and self._ref_before(p, c0, s0)):
                ref = self._ref_before(p, c0, s0) or ref
            inverted = c0 > q.close and not p.masked[q.close + 1 : c0].strip(" ,\u00a0")
            if ref is None and verb in LISTENER_VERBS and inverted:
                # "“Is it dead?” asked Tom Hale": inverted, the name after is the asker
                ref = self._ref_after(p, c1)
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
        return best

    def _last_person(self, p: Paragraph, s0: int, s1: int) -> Reference | None:
        for m in reversed(p.mentions):
            if (
                s0 <= m.start < s1
                and p.masked[m.start] != MASK
                and not p.not_a_person(m)
                and self._is_person(p, m)
            ):
                return Reference("name", m.text, p.offset + m.start, m)
        return None

    def _sentence_of(self, p: Paragraph, q: Quotation) -> tuple[int, int]:
        for s0, s1 in p.sentences:
            if s0 <= q.open < s1:
                return s0, s1
        return 0, len(p.text)
