"""Names that stand next to a speaker without being one: a place or body written as a
modifier of a person, and the place of a group of people the article does not name.

News style puts a place or an organisation before a role and a name, without commas:
"Harbour Row resident Deirdre Mackay", "Hillside councillor Ana Ruiz", "Acme Ltd
engineer Sam Ode", "Hillside residents’ association secretary Joanna Pietrzak",
"Hillside Councillor Ana Ruiz", "die Kirchwalder Anwohnerin Ilse Rau". The person is
the name after the role; the capitalised words before it modify the role (the
pre-modifier of a noun phrase, Quirk et al., "A Comprehensive Grammar of the English
Language", 1985, §17.97 on proper nouns as modifiers). A name before a verb is the
subject instead ("Reyes thanked councillor Tom Hale"), so the first word after the
modifier must not look like a verb.

"Residents of Quay Lane said", "Workers at Acme Ltd", "Les habitants de Kerlouan",
"Anwohner der Hafenstraße": a group of unnamed people of a place or body speaks, not the
place or the body (the evaluation set's rule: nobody named, speaker ""). Offsets are
code points into one paragraph. The word lists are ours.
"""

from __future__ import annotations

import itertools
import re

from suggestions.engine.bodies import OFFICERS, SPOKES_WORDS
from suggestions.engine.cues import ALL_SPEECH_VERBS, NOT_NAMES, is_title_word, word_set
from suggestions.engine.names import PARTICLES, Mention, is_organisation
from suggestions.engine.patterns import ROLE_NOUNS

# Occupations and kinds of person that may head a modified role ("Kestrel Bay fisherman")
# beside the roles of :data:`ROLE_NOUNS` and the titles.
PERSON_NOUNS = word_set(
    """
    baker publican landlord landlady tenant homeowner householder lifeguard pharmacist
    firefighter paramedic midwife businessman businesswoman mechanic plumber builder
    artist author writer musician trader stallholder landowner commuter passenger
    cyclist parent pupil neighbour neighbor shopper customer patient officer clerk
    boss chef coach caretaker warden ranger skipper guide
    """
)
# Plural nouns of people who speak as a group, never for a body: "Residents of X".
GROUP_NOUNS = word_set(
    """
    residents people locals neighbours neighbors villagers householders homeowners
    tenants families parents pupils students teachers workers staff employees shoppers
    traders shopkeepers stallholders fishermen farmers commuters passengers drivers
    patients nurses members supporters fans campaigners protesters volunteers visitors
    customers users voters swimmers cyclists
    habitants habitantes riverains résidents voisins parents élèves salariés employés
    commerçants usagers locataires pêcheurs agriculteurs familles étudiants enseignants
    ouvriers clients passagers
    anwohner anwohnern anwohnerinnen bewohner bewohnern einwohner einwohnern eltern
    schüler schülern mitarbeiter mitarbeitern mitarbeitende beschäftigte beschäftigten
    händler händlern mieter mietern fahrgäste fahrgästen pendler kunden nachbarn
    familien landwirte besucher patienten
    """
)
_GROUPS = "|".join(sorted(GROUP_NOUNS, key=len, reverse=True))
_GROUP_PREPOSITION = (
    r"(?:of|at|in|from|on|near|along|de|du|des|d[’']|de\s+la|de\s+l[’']|à|au|aux|"
    r"der|des|den|von|vom|aus|im|am|an)"
)
# "Residents of", "les habitants de la", "Anwohner der": right before a place's name
_GROUP_OF = re.compile(
    r"(?:^|[\s(])(?P<group>" + _GROUPS + r")\s+" + _GROUP_PREPOSITION + r"\s*"
    r"(?:(?:the|la|le|l[’']|die|das)\s*)?$",
    re.IGNORECASE,
)
# A group at the start of what follows a cue: "said residents of Quay Lane", "selon les
# habitants", "laut Anwohnern der Hafenstraße"
GROUP_START = re.compile(
    r"^\s*(?:(?:the|some|many|most|several|other|les|des|certains|plusieurs|die|viele|"
    r"einige|manche)\s+)?(?:[\w-]+\s+)?(?P<group>" + _GROUPS + r")\b"
    r"(?=\s+" + _GROUP_PREPOSITION + r"\s|\s*(?:[,.;:!?]|$))",
    re.IGNORECASE,
)
# What a verb right after its subject looks like, where a modifier has a noun.
_VERBS = ALL_SPEECH_VERBS | word_set(
    "met meets thanked thanks told tells saw sees joined joins backed backs named names "
    "hired hires beat beats sent sends took takes gave gives left leaves"
)
_GAP_WORD = re.compile(r"[^\W\d_][\w’'-]*")
MAX_GAP_WORDS = 4


def _is_role(word: str) -> bool:
    w = word.lower()
    return bool(
        is_title_word(w)
        or w in ROLE_NOUNS
        or w in PERSON_NOUNS
        or w in OFFICERS
        or w in SPOKES_WORDS
    )


def _looks_like_verb(word: str) -> bool:
    """A word that may follow a subject: a verb of saying, a common verb, -ed, or a
    present tense -s (not a plural possessive: "residents’ association")."""
    w = word.lower()
    if w in _VERBS or w.endswith("ed"):
        return True
    return w.endswith("s") and not w.endswith(("ss", "us", "is")) and not _is_role(w)


def _modifies(text: str, m: Mention, n: Mention) -> bool:
    """True when ``m`` modifies the role written before the person ``n``."""
    if m.title or is_organisation(n.text) or not (len(n.tokens) >= 2 or n.title):
        return False
    gap = text[m.end : n.outer_start if n.outer_start >= 0 else n.start]
    if not gap.startswith(" ") or any(c in gap for c in ',;:.()“”"«»„\x00'):
        return False
    raw = _GAP_WORD.findall(gap)
    if " ".join(raw) != gap.strip():
        return False  # digits, marks or more than a space between the words
    words = [w.rstrip("’'") for w in raw]
    if not words:
        return bool(n.title)  # "Hillside Councillor Ana Ruiz"
    if len(words) > MAX_GAP_WORDS or not _is_role(words[-1].removesuffix("’s")):
        return False
    if any(not w.islower() or w in NOT_NAMES or w in PARTICLES for w in words):
        return False
    return not _looks_like_verb(words[0])


def modified_people(text: str, mentions: list[Mention]) -> dict[int, Mention]:
    """{start of a modifier: the person it modifies} for the names of one paragraph
    ("Harbour Row" -> "Deirdre Mackay" in "Harbour Row resident Deirdre Mackay")."""
    found: dict[int, Mention] = {}
    for m, n in itertools.pairwise(mentions):
        if _modifies(text, m, n):
            found[m.start] = n
    return found


def group_places(text: str, mentions: list[Mention]) -> dict[int, str]:
    """{start of a name: the group noun} for the names that are the place or body of an
    unnamed group ("Quay Lane" in "Residents of Quay Lane") or are that group noun
    itself, capitalised at a sentence's start ("Residents said")."""
    found: dict[int, str] = {}
    for m in mentions:
        if m.text.lower() in GROUP_NOUNS and not m.title:
            found[m.start] = m.text.lower()
            continue
        start = m.outer_start if m.outer_start >= 0 else m.start
        group = _GROUP_OF.search(text[max(0, start - 40) : start])
        if group:
            found[m.start] = group.group("group").lower()
    return found
