"""Coreference: the full name a reference stands for.

A surname expands to the full name given in the article (:class:`.names.Registry`), a
role to the name given that role (:class:`.roles.RoleBook`), a pronoun to the nearest
person of its gender (:mod:`.gender`), the way a reader resolves them; the order of the
places searched follows the quote-attribution literature (see :mod:`.references`).
"""

from __future__ import annotations

from suggestions.engine.cues import ORGANISATION_WORDS
from suggestions.engine.gender import PRONOUN_GENDER, Genders, word_gender
from suggestions.engine.names import Mention, Registry, is_organisation
from suggestions.engine.patterns import ROLE_IN, ROLE_NOUNS, ROLE_NP_START
from suggestions.engine.references import MASK, Paragraph, Reference
from suggestions.engine.roles import RoleBook


class Coreference:
    """Resolve references to full names (mixed into
    :class:`suggestions.engine.speakers.Attributor`)."""

    registry: Registry
    roles: RoleBook
    paragraphs: list[Paragraph]
    genders: Genders
    last_speaker: str
    last_speaker_paragraph: int

    def resolve(self, ref: Reference, index: int, *, guess: bool = True) -> str:
        """The full name a reference stands for, "" when it cannot tell. A role nobody
        was given resolves to the body it belongs to ("the trust's chair"), else, with
        ``guess``, to the nearest person of the role's gender; an unnamed person ("one
        driver") and a body that was never named ("the board") resolve to ""."""
        if ref.kind == "name":
            full = self.registry.full_name(ref.text, ref.position)
            if full:
                return full
            if self._common_noun(ref):
                # German "Die Opposition spricht von…": a noun, not a name
                ref = Reference("role", ref.text, ref.position, words=(ref.text.lower(),))
            else:
                return ref.text
        if ref.kind in ("role", "someone"):
            named = self.roles.lookup(ref.text, ref.position) if ref.kind == "role" else None
            for word in ref.words if ref.kind == "role" else ():
                if named is None and word in ROLE_NOUNS:
                    named = self.roles.lookup(word, ref.position)
            if named:
                return named
            bodies = [w for w in ref.words if w in ORGANISATION_WORDS]
            for word in bodies:
                body = self.roles.lookup(word, ref.position)
                if body:
                    return body
            if bodies or ref.kind == "someone" or not guess:
                return ""
            gender = word_gender(ref.text)
            if gender:
                return self.person_like(index, ref.position, gender) or self.last_speaker
            if ref.text.lower().strip("’'s") not in ROLE_NOUNS:
                return ""  # "l'opposition municipale": no person to guess
            return self.recent_person(index, ref.position) or self.last_speaker
        gender = PRONOUN_GENDER.get(ref.text, "")
        if gender:
            found = self.person_like(index, ref.position, gender)
            if found:
                self.genders.learn(found, gender, strong=False)
                return found
        return self.recent_person(index, ref.position) or self.last_speaker

    def _common_noun(self, ref: Reference) -> bool:
        m = ref.mention
        return bool(
            m is not None
            and not self.registry.singles_are_names
            and len(m.tokens) == 1
            and not m.title
            and not self.registry.is_known_single(m.text)
        )

    def _people_in(self, p: Paragraph, s0: int, s1: int) -> list[str]:
        """The people (full names) named in ``p.text[s0:s1]`` outside quotations, and
        the holders of the roles written there ("die Bürgermeisterin"), in order."""
        found: list[tuple[int, str]] = []
        for m in p.mentions:
            if s0 <= m.start < s1 and p.masked[m.start] != MASK and not is_organisation(m.text):
                full = self.person_of(p, m)
                # one word that no full name expands is a place as often as a person
                if full and not is_organisation(full) and (len(full.split()) > 1 or m.title):
                    found.append((m.start, full))
        for role in ROLE_IN.finditer(p.masked, s0, s1):
            word = role.group(1).lower()
            if word not in ROLE_NOUNS and not word_gender(word):
                continue
            holder = self.roles.lookup(word, p.offset + role.start())
            if holder and not is_organisation(holder):
                found.append((role.start(), holder))
        return [name for _, name in sorted(found)]

    def person_like(self, index: int, position: int, gender: str) -> str | None:
        """The nearest person before ``position`` (global) whose gender is ``gender`` or
        unknown: sentence by sentence back through this paragraph, then the last
        speaker, then the previous paragraph, then this paragraph after ``position``
        (the person a pronoun-led quotation goes on to name). In each sentence a person
        known to have that gender goes before one of unknown gender."""
        p = self.paragraphs[index]
        local = position - p.offset
        groups: list[list[str]] = [
            self._people_in(p, s0, min(s1, local)) for s0, s1 in reversed(p.sentences) if s0 < local
        ]
        if self.last_speaker and self.last_speaker_paragraph >= index - 1:
            groups.append([self.last_speaker])
        if index > 0:
            prev = self.paragraphs[index - 1]
            groups.extend(self._people_in(prev, s0, s1) for s0, s1 in reversed(prev.sentences))
        groups.extend(self._people_in(p, s0, s1) for s0, s1 in p.sentences if s0 >= local)
        for people in groups:
            known = [n for n in people if self.genders.of(n) == gender]
            if known:
                return known[0]
            unknown = [n for n in people if not self.genders.of(n)]
            if unknown:
                return unknown[0]
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
