"""Speaker attribution rules of the suggestion engine, one small input per rule.

Each case gives paragraphs, a quotation's text and the speaker expected for it (the
full name as given anywhere in the article, or "" for nobody named).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from suggestions.engine import ParagraphIn, suggest
from suggestions.engine.gender import Genders, phrase_gender, word_gender
from suggestions.engine.names import mentions
from suggestions.engine.quotes import find_quotations


@dataclass(frozen=True)
class Case:
    name: str
    paragraphs: list[str]
    quote: str
    speaker: str
    language: str = "en"


CASES = [
    Case(
        "she skips the man named first in the sentence before",
        [
            "Mayor Helen Okafor spoke. “It is signed,” she said.",
            "Councillor Dan Brett smiled at Okafor. “Then you can say I was wrong,” she said.",
        ],
        "Then you can say I was wrong,",
        "Helen Okafor",
    ),
    Case(
        "he skips a woman known by Mrs",
        ["Mrs Ada Lowe and Tom Hale left. “We will be back,” he said."],
        "We will be back,",
        "Tom Hale",
    ),
    Case(
        "a man's gender learned from his earlier pronoun",
        [
            "Tom Hale said he was tired.",
            "Ada Lowe and Hale met. “Not again,” he said.",
        ],
        "Not again,",
        "Tom Hale",
    ),
    Case(
        "French il after Mme and M.",
        ["Mme Ada Roy et M. Paul Girard sont sortis. « Nous verrons », a-t-il dit."],
        "Nous verrons",
        "Paul Girard",
        "fr",
    ),
    Case(
        "German sie resolves to the role holder written as die Bürgermeisterin",
        [
            "Bürgermeisterin Anna Roth und Stadtrat Jens Ott sprachen.",
            "Ott und die Bürgermeisterin stritten. „Doch“, antwortete sie.",
        ],
        "Doch",
        "Anna Roth",
        "de",
    ),
    Case(
        "a pronoun-led quotation names its speaker next",
        [
            "Mr Tom Hale said he was against it.",
            "“I leave at six,” she said. Ada Lowe, a nurse, takes the bus.",
        ],
        "I leave at six,",
        "Ada Lowe",
    ),
    Case(
        "a gendered role with no apposition goes to the nearest woman",
        [
            "Katrin Roth stellte den Plan vor. „Es geht los“, sagte die Rathauschefin.",
        ],
        "Es geht los",
        "Katrin Roth",
        "de",
    ),
    Case(
        "the union resolves to the named union",
        [
            "The Coastal Workers Union was angry.",
            "“We heard nothing,” the union said in a statement.",
        ],
        "We heard nothing,",
        "Coastal Workers Union",
    ),
    Case(
        "an unnamed officer of a named body gives the body",
        [
            "The Kessock Harbour Trust owns the quay. Mayor Ann Bell spoke.",
            "The trust's chair said the board had “every confidence” in them.",
        ],
        "every confidence",
        "Kessock Harbour Trust",
    ),
    Case(
        "a body named after its kind word: le syndicat X",
        ["Le syndicat Unité Loire proteste. « Rien ne change », indique le syndicat."],
        "Rien ne change",
        "Unité Loire",
        "fr",
    ),
    Case(
        "German compound: die Initiative is the Bürgerinitiative",
        ["Die Bürgerinitiative Auenbrücke sammelt. „Wir bleiben“, teilte die Initiative mit."],
        "Wir bleiben",
        "Bürgerinitiative Auenbrücke",
        "de",
    ),
    Case(
        "a body never named does not fall back to the last person",
        ["Tom Hale spoke first.", "“We approve,” the board said."],
        "We approve,",
        "",
    ),
    Case(
        "an unnamed person gives no speaker",
        ["Tom Hale spoke first.", "One driver, who asked not to be named, said: “We hear last.”"],
        "We hear last.",
        "",
    ),
    Case(
        "an unnamed person with a name in apposition",
        ["“Never like this,” said one fisherman, Ewan Ross, who moors here."],
        "Never like this,",
        "Ewan Ross",
    ),
    Case(
        "a German noun as subject is not a name",
        ["Tom Hale sprach. Die Opposition spricht von einem „Tropfen auf den heißen Stein“."],
        "Tropfen auf den heißen Stein",
        "",
        "de",
    ),
    Case(
        "a command before a name is not part of it",
        ["Ask Anke Lindqvist and she will agree. “Half have gone,” Lindqvist said."],
        "Half have gone,",
        "Anke Lindqvist",
    ),
    Case(
        "German command with Sie",
        ["Fragen Sie Ilse von der Heydt. „Zu spät“, sagte von der Heydt."],
        "Zu spät",
        "Ilse von der Heydt",
        "de",
    ),
    Case(
        "German role noun before a name is not part of it",
        ["Ihr Nachbar Emre Yılmaz nickte. „Sie hat recht“, sagte er."],
        "Sie hat recht",
        "Emre Yılmaz",
        "de",
    ),
    Case(
        "Mr keeps the particles of the name",
        ["Jonas van der Linde came. “Never,” said Mr van der Linde. “No,” said Ann Bell."],
        "Never,",
        "Jonas van der Linde",
    ),
    Case(
        "particles join only one capitalised word",
        ["Stadtrat Jürgen Pfeiffer von der Freien Liste stimmte dagegen. „Nein“, sagte Pfeiffer."],
        "Nein",
        "Jürgen Pfeiffer",
        "de",
    ),
    Case(
        "NFD and NFC spellings of one name",
        ["“Loud,” said Tomasz Wo\u0301jcik.", "“Then quiet,” Mr Wójcik said."],
        "Then quiet,",
        "Tomasz Wójcik",
    ),
    Case(
        "a possessive determiner before a role and a name",
        ["The authority agreed. “We looked first,” said its director, Sandra Hale."],
        "We looked first,",
        "Sandra Hale",
    ),
    Case(
        "French role after son: son adjoint",
        [
            "Son adjoint, Karim Benali, parle.",
            "« Ce n'est pas idéal », a reconnu l'adjoint.",
        ],
        "Ce n'est pas idéal",
        "Karim Benali",
        "fr",
    ),
    Case(
        "colon quote after a verb takes the nearest person",
        ["Son voisin, Marcel Petit, acquiesce : « On vient pour se voir. »"],
        "On vient pour se voir.",
        "Marcel Petit",
        "fr",
    ),
    Case(
        "role phrase with du: la présidente du club",
        [
            "La présidente du club, Ada Roy, arrive. M. Paul Girard aussi.",
            "« Je vous prends au mot », a répondu la présidente du club.",
        ],
        "Je vous prends au mot",
        "Ada Roy",
        "fr",
    ),
    Case(
        "straight single quotes with a cue",
        ["Tom Hale said divers found 'voids the size of a car' behind the stones."],
        "voids the size of a car",
        "Tom Hale",
    ),
    Case(
        "straight single quotes with apostrophes inside",
        ["Ada Lowe waited. 'I've never had a car,' she said."],
        "I've never had a car,",
        "Ada Lowe",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_it_names_the_speaker(case: Case) -> None:
    found = suggest([ParagraphIn(t) for t in case.paragraphs], case.language)
    quotes = {f.text: f.speaker for f in found if f.tag == "quote"}
    assert case.quote in quotes, quotes
    assert quotes[case.quote] == case.speaker


@pytest.mark.parametrize(
    "text",
    [
        "He loved rock 'n' roll and the '90s, he said.",
        "The drivers' union met the mayor's team on Monday.",
        "The 'old heart' of the town is its square.",
    ],
)
def test_straight_single_marks_without_a_cue_are_not_quotations(text: str) -> None:
    assert find_quotations(text) == []


@pytest.mark.parametrize(
    ("word", "gender"),
    [
        ("Mrs", "f"),
        ("Mme", "f"),
        ("Frau", "f"),
        ("Bürgermeisterin", "f"),
        ("Rathauschefin", "f"),
        ("spokeswoman", "f"),
        ("Mr", "m"),
        ("M.", "m"),
        ("Herr", "m"),
        ("Sprecher", "m"),
        ("mayor", ""),
        ("Professor", ""),
        ("Minister", ""),
    ],
)
def test_word_gender(word: str, gender: str) -> None:
    assert word_gender(word) == gender


@pytest.mark.parametrize(
    ("phrase", "gender"),
    [
        ("la maire, ", "f"),
        ("le maire, ", "m"),
        ("une habitante du quartier, ", "f"),
        ("the engineer", ""),
    ],
)
def test_phrase_gender(phrase: str, gender: str) -> None:
    assert phrase_gender(phrase) == gender


def test_strong_gender_evidence_wins_over_weak() -> None:
    genders = Genders()
    genders.learn("Ada Lowe", "m", strong=False)
    genders.learn("Ada Lowe", "f", strong=True)
    assert genders.of("Ada Lowe") == "f"
    assert genders.of("Nobody") == ""


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ask Anke Lindqvist today.", ["Anke Lindqvist"]),
        ("Fragen Sie Ilse von der Heydt.", ["Ilse von der Heydt"]),
        ("Then Mr van der Linde spoke.", ["van der Linde"]),
        (
            "Stadtrat Jürgen Pfeiffer von der Freien Liste sprach.",
            ["Jürgen Pfeiffer", "Freien Liste"],
        ),
        ("Die Anwohnerin Ilse von der Heydt wohnt hier.", ["Ilse von der Heydt"]),
    ],
)
def test_names_leave_commands_roles_and_following_phrases_out(text: str, names: list[str]) -> None:
    assert [m.text for m in mentions(text)] == names
