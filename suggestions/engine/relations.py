"""References resolved through a relation rather than a name: a relative ("his wife",
"le cadet", "der Vater"), the members of a body speaking as a group ("the group said"),
and the person the text before was about (a pronoun that nothing near fits).

A relative nobody was given in apposition is a member of the family the article names:
the full names that share a surname ("Tomás Quigley", "Lena Quigley"), other than the
person the relation belongs to (the last speaker or the subject just before), not one
the article gave another relation ("seinem Sohn Jannik Ohlendorf" is not "der Vater"),
and of the relation's gender when the article says theirs. A reader resolves them so;
no list of first names is used. The word lists are ours.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from suggestions.engine.bodies import SPOKES_WORDS, is_body
from suggestions.engine.cues import ORGANISATION_WORDS, word_set
from suggestions.engine.gender import PRONOUN_GENDER, phrase_gender, word_gender
from suggestions.engine.modifiers import GROUP_NOUNS
from suggestions.engine.names import nfc
from suggestions.engine.patterns import INDEFINITE_START
from suggestions.engine.references import MASK, Paragraph, Reference

if TYPE_CHECKING:
    from suggestions.engine.coreference import Coreference

# Nouns of a body of any kind: "the company said", "das Unternehmen teilte mit".
GENERIC_BODIES = word_set(
    """
    company firm business operator provider group organisation organization force
    entreprise société groupe unternehmen firma konzern betreiber
    """
)
# A sentence opening with someone's relation: "Pike's neighbour", "Her husband".
RELATION_START = re.compile(
    r"\s*(?:(?:his|her|their|son|sa|sein|seine|ihr|ihre)\s+|[\w’'-]+[’']s\s+)(?P<np>[\w-]+)"
    r"(?=\s*(?:[,.;:]|\s+[a-z]))",
    re.IGNORECASE,
)
# Relatives, by the word a text names them with: English, French, German.
FAMILY_WORDS = word_set(
    """
    wife husband son daughter mother father mum dad brother sister widow widower
    grandson granddaughter grandmother grandfather
    femme mari épouse époux fils fille mère père frère sœur soeur cadet cadette aîné
    aînée veuve veuf
    ehefrau ehemann sohn tochter mutter vater bruder schwester witwe witwer
    """
)
# Endings of nouns of a person doing something ("the planner", "the historian",
# "le technicien", "la rédactrice"), and nouns with those endings that name no person.
_AGENT = re.compile(r"(?:er|or|ist|ian|ant|eur|euse|rice|iste|ien|ienne)$")
_NOT_AGENTS = word_set(
    """
    letter paper newspaper order number chapter poster flyer register answer border
    sector factor monitor mirror computer water weather matter quarter corner winter
    summer river tower power harbour counter meter filter trailer banner container
    error interior exterior colour color vapour rumour labour odour calendar
    restaurant plant giant quadrant plan intérieur extérieur moteur secteur
    compteur erreur couleur valeur bien lien chien rien
    """
)
# Relatives after a possessive ("Ihr Mann", "seine Frau"), family words and spouses.
RELATIVES = FAMILY_WORDS | word_set("mann frau partner partnerin compagnon compagne")
# Nouns of a group that speaks as one: "the group said", "le collectif", "die Gruppe".
GROUP_WORDS = word_set("group campaign collective groupe collectif gruppe bündnis")
# Plural nouns of the members of a body (not the people of a place): "Campaigners from X".
MEMBER_GROUPS = word_set(
    "campaigners members supporters volunteers activists protesters militants bénévoles "
    "membres adhérents aktivisten mitglieder unterstützer"
)
# How many paragraphs back a pronoun looks for the person the text was about.
REACH = 4


def relative(a: Coreference, index: int, position: int, word: str) -> str | None:
    """The full name of the relative ``word`` (lower case, in :data:`FAMILY_WORDS`)
    written at ``position`` (global) in paragraph ``index``, or None."""
    owner = a.last_speaker or ""
    recent = a.recent_person(index, position) or ""
    families = [f for f in _families(a) if owner in f or recent in f]
    if not families:
        families = _families(a)
        if len(families) != 1:
            return None
    gender = word_gender(word)
    for family in families:
        for name in family:
            if name in (owner, recent) and len(family) > 1:
                continue
            if _other_relation(a, name, word):
                continue
            if gender and a.genders.of(name) not in ("", gender):
                continue
            return name
    return None


def titled_relative(a: Coreference, ref: Reference) -> str | None:
    """For a surname with a gendered title ("Mrs Okonjo", "Frau Ohlendorf") that a
    family of the article shares, the member of that gender, or None."""
    m = ref.mention
    if m is None or not m.title or len(m.tokens) != 1:
        return None
    gender = phrase_gender(m.title)
    family = a.registry.family(nfc(m.text).lower())
    if not gender or len(family) < 2:
        return None
    known = [name for name in family if a.genders.of(name) == gender]
    unknown = [name for name in family if not a.genders.of(name)]
    found = known or unknown
    return found[0] if found else None


def _families(a: Coreference) -> list[list[str]]:
    """The families of the article: the full names sharing a surname, when several."""
    surnames: list[str] = []
    for _, full in a.registry.names:
        words = full.lower().split()
        if len(words) >= 2 and words[-1] not in surnames:
            surnames.append(words[-1])
    found = [a.registry.family(s) for s in surnames]
    return [f for f in found if len(f) >= 2]


def _other_relation(a: Coreference, name: str, word: str) -> bool:
    """True when the article gave ``name`` a relation other than ``word``."""
    for _, words, holder in a.roles.entries:
        if holder == name and words & FAMILY_WORDS and word not in words:
            return True
    return False


def members_of(a: Coreference, index: int, position: int) -> str | None:
    """The body whose members, as a group, the nearest sentence before ``position``
    (global) that names a group speaks of ("Campaigners from Clean Air Dunmere"), or
    None."""
    for q, s0, s1 in a._sentences_back(index, position):
        for m in q.groups_of():
            inside = s0 <= m.start < s1 and q.masked[m.start] != MASK
            members = q.groups[m.start] in MEMBER_GROUPS and m.text.lower() not in GROUP_NOUNS
            if inside and members:
                return a.registry.full_name(m.text, q.offset + m.start) or m.text
    return None


def earlier_subject(a: Coreference, index: int, exclude: str) -> str | None:
    """The subject of the nearest sentence naming a person in the paragraphs before
    the previous one, up to :data:`REACH` back, whatever the gender: the person the
    text was about ("Ewan Trelawny has been called out… He can remember…")."""
    for k in range(index - 2, max(-1, index - 1 - REACH), -1):
        prev = a.paragraphs[k]
        for s0, s1 in reversed(prev.sentences):
            found = a._subject(prev, s0, s1)
            if found and found != exclude and not is_body(found, a.roles):
                return found
    return None


def topic(a: Coreference) -> str | None:
    """The person the article is about: the first person it names in full (news style
    opens with its subject), or None."""
    for p in a.paragraphs:
        for m in p.mentions:
            if p.masked[m.start] == MASK or p.not_a_person(m):
                continue
            found = a.person_of(p, m)
            if found and len(found.split()) >= 2 and not is_body(found, a.roles):
                return found
    return None


def spoken_for(a: Coreference, index: int, position: int, *, people: bool = True) -> str | None:
    """Whom an unnamed spokesperson at ``position`` (global) speaks for when no body
    was named before: the subject of the nearest sentence before that opens with a
    name of two words or more ("Kestrel Water apologised. A spokeswoman said…"), or
    None. Without ``people``, for "it": a name of any length ("Unite said it backed
    her."), not one known to be a person (with a title or a gender)."""
    for q, s0, _ in a._sentences_back(index, position):
        m = next((m for m in q.mentions if s0 in (m.start, m.outer_start)), None)
        if m is None or q.not_a_person(m) or q.masked[m.start] == MASK or m.title:
            continue
        full = a.person_of(q, m) if people else a.registry.full_name(m.text, q.offset) or m.text
        if not full:
            continue
        if people and len(full.split()) >= 2:
            return full
        if not people and not a.genders.of(full) and full not in a.roles.genders:
            return full
    return None


def unnamed_subject(a: Coreference, p: Paragraph, s0: int, gender: str) -> bool:
    """True when the sentence at ``s0`` opens with an unnamed person ("A care
    worker", "Une sage-femme", "Eine Anwohnerin", or a relation nobody was given:
    "Pike's neighbour", "Her husband") who may be a ``gender`` pronoun."""
    # (a slice: "^" in a pattern does not match at a ``pos`` argument)
    text = p.masked[s0:]
    m = INDEFINITE_START.match(text)
    if m is None:
        m = RELATION_START.match(text)
        # German capitalises its nouns: "Ihr Mann nickt."
        if m is None or not (m.group("np").islower() or m.group("np").lower() in RELATIVES):
            return False
        if a.roles.lookup(m.group("np"), p.offset + s0):
            return False  # "Her lawyer" given a name before
        np = m.group("np").lower()
        index = a.paragraphs.index(p)
        if np in FAMILY_WORDS and relative(a, index, p.offset + s0, np):
            return False  # "His wife": a relative of a family the article names
        owner = m.group().split()[0].lower()
        if PRONOUN_GENDER.get(owner) == gender:
            return False  # "Her client said nothing. “…,” she said.": she is the owner
    comma = p.masked.find(",", s0 + m.end(), s0 + m.end() + 60)
    if comma != -1 and any(0 < x.start - comma <= 2 for x in p.mentions):
        return False  # "Une habitante du quartier, Joséphine N'Diaye, …": named
    words = m.group("np").split()
    if any(w.lower() in ORGANISATION_WORDS | GENERIC_BODIES | SPOKES_WORDS for w in words):
        return False
    found = word_gender(words[-1])
    return found in ("", gender)


def not_of_other_gender(a: Coreference, index: int, position: int, gender: str) -> str | None:
    """The nearest person before ``position`` (global), up to :data:`REACH` paragraphs
    back, not known to be of the other gender: "she" after a man and a woman whose
    gender the article never said ("Ana Ruiz… Tom Hale… “…,” he said. “…,” she
    replied."). None when there is none."""
    p = a.paragraphs[index]
    local = position - p.offset
    spans = [(p, s0, min(s1, local)) for s0, s1 in reversed(p.sentences) if s0 < local]
    for k in range(index - 1, max(-1, index - 1 - REACH), -1):
        q = a.paragraphs[k]
        spans.extend((q, s0, s1) for s0, s1 in reversed(q.sentences))
    for q, s0, s1 in spans:
        for name in a._people_in(q, s0, s1):
            if a.genders.of(name) in ("", gender) and not is_body(name, a.roles):
                return name
    return None


def agent_noun(word: str) -> bool:
    """True for a noun that names a person by what they do ("the planner", "the
    historian", "le technicien"), by its ending; a speaker to guess when the article
    gave nobody that role."""
    w = word.lower()
    return bool(_AGENT.search(w)) and w not in _NOT_AGENTS and w not in ORGANISATION_WORDS
