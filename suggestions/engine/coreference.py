"""Coreference: the full name a reference stands for.

A surname expands to the full name given in the article (:class:`.names.Registry`), a
role to the name given that role (:class:`.roles.RoleBook`), a pronoun to the nearest
person of its gender (:mod:`.gender`), the way a reader resolves them; the order of the
places searched follows the quote-attribution literature (see :mod:`.references`).
"""

from __future__ import annotations

import re

from suggestions.engine import relations
from suggestions.engine.bodies import SPOKES_WORDS, is_body, named_body, spokesperson_body
from suggestions.engine.cues import ORGANISATION_WORDS, role_stem
from suggestions.engine.gender import PRONOUN_GENDER, Genders, word_gender
from suggestions.engine.names import Mention, Registry, is_organisation
from suggestions.engine.patterns import (
    DESCRIPTION,
    ROLE_IN,
    ROLE_NOUNS,
    ROLE_NP_START,
)
from suggestions.engine.references import MASK, Paragraph, Reference
from suggestions.engine.relations import GENERIC_BODIES
from suggestions.engine.roles import ANY_BODY, RoleBook

# Pronouns that may stand for an unnamed group ("Residents of Quay Lane… they said").
_PLURAL_PRONOUNS = frozenset({"they", "ils", "elles"})


def _credit(text: str, m: Mention) -> bool:
    """True for a name in a photo credit ("Kit Polglaze / Penwith Gazette")."""
    return text[m.end : m.end + 2] == " /" or text[max(0, m.start - 2) : m.start] == "/ "


# A sentence opening with a subject pronoun: "She took over from…", "Il a ajouté…".
_OPENING_PRONOUN = re.compile(r"\s*(he|she|il|elle|er|sie)\s+[a-zäöüéèàç]", re.IGNORECASE)
# How many paragraphs back a pronoun looks for a speaker of its gender.
PRONOUN_REACH = 4


class Coreference:
    """Resolve references to full names (mixed into
    :class:`suggestions.engine.speakers.Attributor`)."""

    registry: Registry
    roles: RoleBook
    paragraphs: list[Paragraph]
    genders: Genders
    last_speaker: str
    last_speaker_paragraph: int
    history: list[tuple[int, str]]

    def resolve(self, ref: Reference, index: int, *, guess: bool = True) -> str:
        """The full name a reference stands for, "" when it cannot tell. A role nobody
        was given resolves to the body it belongs to ("the trust's chair"), else, with
        ``guess``, to the nearest person of the role's gender; an unnamed person ("one
        driver") and a body that was never named ("the board") resolve to ""."""
        if ref.kind == "name":
            full = relations.titled_relative(self, ref) or self.registry.full_name(
                ref.text, ref.position
            )
            if full:
                return full
            if self._common_noun(ref):
                # German "Die Opposition spricht von…": a noun, not a name
                ref = Reference("role", ref.text, ref.position, words=(ref.text.lower(),))
            else:
                return ref.text
        if ref.kind in ("role", "someone"):
            body = named_body(ref.words, self.roles)
            if body:
                return body
            named = self.roles.lookup(ref.text, ref.position) if ref.kind == "role" else None
            for word in ref.words if ref.kind == "role" else ():
                if named is None and word in ROLE_NOUNS:
                    named = self.roles.lookup(word, ref.position)
            if named:
                return named
            head = ref.text.lower()
            if ref.kind == "role" and head in relations.FAMILY_WORDS:
                # "sagt der Vater", "le cadet": the relative among the article's family
                named = relations.relative(self, index, ref.position, head)
                if named:
                    return named
            if relations.GROUP_WORDS & set(ref.words):
                # "Campaigners from Clean Air Dunmere cheered. “…,” the group said."
                members = relations.members_of(self, index, ref.position)
                if members:
                    return members
            bodies = [w for w in ref.words if w in ORGANISATION_WORDS or w in GENERIC_BODIES]
            for word in bodies:
                body = self.roles.lookup_body(word, ref.position)
                if body is None and word in GENERIC_BODIES:
                    # "the company": the body named last, else any the article gave
                    body = self.body_like(index, ref.position) or self.roles.lookup_body(
                        ANY_BODY, ref.position
                    )
                if body:
                    return body
            if SPOKES_WORDS & set(ref.words):
                # "Das Ministerium verwies… , teilte eine Sprecherin mit": the body before,
                # else the name the sentence before is about ("Kestrel Water apologised.")
                body = self.body_like(index, ref.position) or relations.spoken_for(
                    self, index, ref.position
                )
                if body:
                    return body
            if bodies and not any(w in GENERIC_BODIES for w in bodies):
                # "le club": the body named last in these paragraphs, whatever its kind
                body = self.body_like(index, ref.position)
                if body:
                    return body
            if bodies or ref.kind == "someone" or not guess:
                return ""
            stem = role_stem(ref.text)
            if stem:
                # "der Bäderchef": the role the compound ends with
                named = self.roles.lookup(stem, ref.position)
                if named:
                    return named
            gender = word_gender(ref.text) or self._described_gender(ref)
            if gender:
                return self.person_like(index, ref.position, gender) or self.last_speaker
            described = DESCRIPTION.match(ref.text) or self._described_gender(ref)
            nouns = {ref.text.lower().strip("’'s"), *ref.words} & ROLE_NOUNS
            agent = ref.kind == "role" and relations.agent_noun(ref.text)
            if not nouns and not (described or stem or agent):
                return ""  # "l'opposition municipale": no person to guess
            # "a déclaré le prévenu" with nobody near: the person the article is about
            return (
                self.recent_person(index, ref.position)
                or self.last_speaker
                or relations.topic(self)
                or ""
            )
        if ref.text == "it":
            # else the name the sentence before opens with, when no person: "Unite said
            # it backed her. “…,” it said."
            found = self.body_like(index, ref.position) or relations.spoken_for(
                self, index, ref.position, people=False
            )
            return found or ""
        if ref.text in _PLURAL_PRONOUNS and self._group_before(index, ref.position):
            return ""  # "Residents of Quay Lane were angry. “…,” they said."
        gender = PRONOUN_GENDER.get(ref.text, "")
        if gender:
            found = self.person_like(index, ref.position, gender)
            if found is not None:
                if found and not is_body(found, self.roles):
                    self.genders.learn(found, gender, strong=False)
                return found
        # salience: nobody near fits, so the pronoun goes on with the person the text
        # before was about, gender unknown ("Ewan Trelawny has… He can…")
        found = (
            (gender and relations.not_of_other_gender(self, index, ref.position, gender))
            or self.recent_person(index, ref.position)
            or self.last_speaker
            or relations.earlier_subject(self, index, "")
            or ""
        )
        if gender and found and not is_body(found, self.roles):
            self.genders.learn(found, gender, strong=False)
        return found

    @staticmethod
    def _described_gender(ref: Reference) -> str:
        """The gender a German article gives a person described by age ("die
        81-Jährige": "f") or by a feminine noun ("die Bäckerin"), else ""."""
        words = set(ref.words)
        described = DESCRIPTION.match(ref.text) and ref.text.lower().endswith("jährige")
        # "die Bäckerin": a German feminine noun of a person ends in -in
        feminine_noun = ref.text[:1].isupper() and ref.text.endswith("in") and "die" in words
        if not (described or feminine_noun):
            return ""
        return "f" if "die" in words else "m" if "der" in words else ""

    def _common_noun(self, ref: Reference) -> bool:
        m = ref.mention
        return bool(
            m is not None
            and not self.registry.singles_are_names
            and len(m.tokens) == 1
            and not m.title
            and not self.registry.is_known_single(m.text)
        )

    def _people_in(self, p: Paragraph, s0: int, s1: int, *, roles: bool = True) -> list[str]:
        """The people (full names) named in ``p.text[s0:s1]`` outside quotations, and
        with ``roles`` the holders of the roles written there ("die Bürgermeisterin"),
        in order."""
        found: list[tuple[int, str]] = []
        body = spokesperson_body(p.masked[s0:s1], self.roles, p.offset + s1)
        if body:
            found.append((s0, body))  # "A spokeswoman for X said…": she speaks for X
        for m in p.mentions:
            if (
                s0 <= m.start < s1
                and p.masked[m.start] != MASK
                and not is_organisation(m.text)
                and not p.not_a_person(m)
                and not _credit(p.text, m)
            ):
                full = self.person_of(p, m)
                # one word that no full name expands is a place as often as a person
                if full and not is_body(full, self.roles) and (len(full.split()) > 1 or m.title):
                    # "Tom Hale's lawyer, Ann Roe": the owner is the last candidate
                    owner = p.text[m.end : m.end + 2] in ("'s", "’s")
                    found.append((m.start + (len(p.text) if owner else 0), full))
        for role in ROLE_IN.finditer(p.masked, s0, s1) if roles else ():
            word = role.group(1).lower()
            if word not in ROLE_NOUNS and not word_gender(word):
                continue
            holder = self.roles.lookup(word, p.offset + role.start())
            if holder is None and word in relations.FAMILY_WORDS:
                # "Le cadet, lui, jure…": the relative among the article's family
                index = self.paragraphs.index(p)
                holder = relations.relative(self, index, p.offset + role.start(), word)
            if holder and not is_organisation(holder):
                found.append((role.start(), holder))
        return [name for _, name in sorted(found)]

    def person_like(
        self, index: int, position: int, gender: str, *, exclude: str = ""
    ) -> str | None:
        """The nearest person before ``position`` (global) whose gender is ``gender`` or
        unknown: sentence by sentence back through this paragraph, then the last
        speaker, then the previous paragraph, then this paragraph after ``position``
        (the person a pronoun-led quotation goes on to name). In each sentence a person
        known to have that gender goes before one of unknown gender. Then, known gender
        only, the speakers and people of the :data:`PRONOUN_REACH` paragraphs before.
        "" when the nearest person of this paragraph is unnamed ("A care worker, who
        asked not to be named, said…"); None when nobody fits."""
        p = self.paragraphs[index]
        local = position - p.offset
        groups: list[list[str] | None] = []
        for s0, s1 in reversed(p.sentences):
            if s0 < local:
                if relations.unnamed_subject(self, p, s0, gender):
                    groups.append(None)  # the sentence's subject is the unnamed person
                groups.append(self._named_besides(p, s0, min(s1, local), gender))
        if (
            self.last_speaker
            and self.last_speaker_paragraph >= index - 1
            and not is_body(self.last_speaker, self.roles)
        ):
            groups.append([self.last_speaker])
        if index > 0:
            prev = self.paragraphs[index - 1]
            groups.extend(
                self._named_besides(prev, s0, s1, gender) for s0, s1 in reversed(prev.sentences)
            )
        found = self._first_of_gender(groups, gender, exclude)
        if found is not None:
            return found
        # the person a pronoun-led quotation goes on to name; a role there ("a photo of
        # his father") names someone only later, so roles are left out
        after: list[list[str] | None] = [
            self._people_in(p, s0, s1, roles=False) for s0, s1 in p.sentences if s0 >= local
        ]
        found = self._first_of_gender(after, gender, exclude)
        if found is not None:
            return found
        return self._earlier_of_gender(index, gender, exclude)

    def _named_besides(self, p: Paragraph, s0: int, s1: int, gender: str) -> list[str]:
        """:meth:`_people_in`, but nobody when the sentence opens with a pronoun of
        ``gender``: its subject is that pronoun's own antecedent, further back, and the
        people it names are others ("She took over from Prof Mark Hale.")."""
        opening = _OPENING_PRONOUN.match(p.masked[s0:s1])
        if opening and PRONOUN_GENDER.get(opening.group(1).lower()) == gender:
            return []
        return self._people_in(p, s0, s1)

    def _first_of_gender(
        self, groups: list[list[str] | None], gender: str, exclude: str
    ) -> str | None:
        """The first person of the first group with someone of ``gender`` (known before
        unknown); "" at a None group (an unnamed subject), None when nobody fits."""
        for people in groups:
            if people is None:
                return ""
            people = [n for n in people if n != exclude]
            known = [n for n in people if self.genders.of(n) == gender]
            if known:
                return known[0]
            unknown = [n for n in people if not self.genders.of(n)]
            if unknown:
                return unknown[0]
        return None

    def _earlier_of_gender(self, index: int, gender: str, exclude: str = "") -> str | None:
        """The latest speaker, then the nearest person, of the paragraphs before the
        previous one (up to :data:`PRONOUN_REACH` back) known to have ``gender``: "she"
        after a man's paragraph goes back to the woman who spoke before him."""
        for where, name in reversed(self.history):
            near = index - PRONOUN_REACH <= where < index and name != exclude
            if near and self.genders.of(name) == gender:
                return name
        for k in range(index - 2, max(-1, index - 1 - PRONOUN_REACH), -1):
            prev = self.paragraphs[k]
            for s0, s1 in reversed(prev.sentences):
                for name in self._people_in(prev, s0, s1):
                    if self.genders.of(name) == gender and name != exclude:
                        return name
        return None

    def _sentences_back(self, index: int, position: int) -> list[tuple[Paragraph, int, int]]:
        """(paragraph, start, end) of the sentences before ``position`` (global), nearest
        first: this paragraph's (cut at ``position``), then the previous paragraph's."""
        p = self.paragraphs[index]
        local = position - p.offset
        spans = [(p, s0, min(s1, local)) for s0, s1 in reversed(p.sentences) if s0 < local]
        if index > 0:
            prev = self.paragraphs[index - 1]
            spans.extend((prev, s0, s1) for s0, s1 in reversed(prev.sentences))
        return spans

    def _group_before(self, index: int, position: int) -> bool:
        """True when the nearest sentence before ``position`` (global) in this paragraph
        or the previous one that names people or a group names an unnamed group of a
        place (:mod:`.modifiers`) and no person."""
        for q, s0, s1 in self._sentences_back(index, position):
            if self._people_in(q, s0, s1):
                return False
            if any(s0 <= m.start < s1 and q.masked[m.start] != MASK for m in q.groups_of()):
                return True
        return False

    def body_like(self, index: int, position: int) -> str | None:
        """The organisation "it" stands for: the first body named in the nearest
        sentence before ``position`` (global) that names one, in this paragraph then
        the previous one: a name known to be a body, or a kind of body with its
        determiner ("The council said…") that an earlier name gave."""
        for q, s0, s1 in self._sentences_back(index, position):
            found: list[tuple[int, str]] = []
            for m in q.mentions:
                if s0 <= m.start < s1 and q.masked[m.start] != MASK:
                    full = self.registry.full_name(m.text, q.offset + m.start) or m.text
                    if is_body(full, self.roles):
                        found.append((m.start, full))
            for role in ROLE_IN.finditer(q.masked, s0, s1):
                word = role.group(1).lower()
                if word in ORGANISATION_WORDS or word in GENERIC_BODIES:
                    body = self.roles.lookup_body(word, q.offset + role.start())
                    if body is None and word in GENERIC_BODIES:
                        body = self.roles.lookup_body(ANY_BODY, q.offset + role.start())
                    if body:
                        found.append((role.start(), body))
            if found:
                return min(found)[1]
        return None

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
        name used as a modifier ("Harbour Row resident Deirdre Mackay") and the place
        of an unnamed group ("Residents of Quay Lane")."""
        names = [m for m in p.mentions if s0 <= m.start < s1 and p.masked[m.start] != MASK]
        for k, m in enumerate(names):
            if p.not_a_person(m):
                continue
            if is_organisation(m.text) and len(names) > k + 1:
                continue
            full = self.person_of(p, m)
            if full:
                return full
        role = ROLE_NP_START.match(p.masked[s0:s1])
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
