"""Speaker attribution across paragraphs (:mod:`suggestions.engine.discourse`): a
quotation named in the next paragraph, question-and-answer exchanges, pull quotes in
headings and captions, and the titles these rules must leave alone. One small input of
our own per rule, as in ``test_suggestion_coreference``.
"""

from __future__ import annotations

import pytest

from suggestions.engine import ParagraphIn, suggest
from tests.test_suggestion_speakers import Case
from tests.test_suggestion_speakers import test_it_names_the_speaker as names_the_speaker

CASES = [
    # a quotation named in the next paragraph
    Case(
        "a sentence pointing back names the quotation's speaker",
        [
            "“Nobody warned the tenants.”",
            "That was the view of Maud Ellery, who chairs the residents' committee.",
        ],
        "Nobody warned the tenants.",
        "Maud Ellery",
    ),
    Case(
        "a paragraph opening with a person after a paragraph without quotations",
        [
            "The flats were built in 1972.",
            "“Nobody warned the tenants.”",
            "Maud Ellery, who chairs the residents' committee, shakes her head.",
        ],
        "Nobody warned the tenants.",
        "Maud Ellery",
    ),
    Case(
        "a standalone quotation after a quoted speaker goes on with that speaker",
        [
            "“We are ready,” said Tom Reyes.",
            "“Everything is in place.”",
            "Maud Ellery, the treasurer, disagreed.",
        ],
        "Everything is in place.",
        "Tom Reyes",
    ),
    Case(
        "a spokesperson named in the next paragraph speaks for the body",
        [
            "Harlow Mills said the site would close.",
            "“The machines are moving with us.”",
            "That was the answer of a Harlow Mills spokesperson on Friday.",
        ],
        "The machines are moving with us.",
        "Harlow Mills",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_it_names_the_speaker(case: Case) -> None:
    names_the_speaker(case)


def _quotes(paragraphs: list[ParagraphIn], language: str = "en") -> list[tuple[str, str]]:
    return [(f.text, f.speaker) for f in suggest(paragraphs, language) if f.tag == "quote"]


def test_a_question_and_answer_exchange_alternates_between_asker_and_answerer() -> None:
    texts = [
        "Dr Ines Holm, the harbour master, gave evidence first.",
        "She was questioned by Paul Ashe, for the council.",
        "“Were the gates closed?”",
        "“Yes.”",
        "“Every night?”",
        "“Every night.”",
    ]
    assert _quotes([ParagraphIn(t) for t in texts]) == [
        ("Were the gates closed?", "Paul Ashe"),
        ("Yes.", "Ines Holm"),
        ("Every night?", "Paul Ashe"),
        ("Every night.", "Ines Holm"),
    ]


@pytest.mark.parametrize("kind", ["heading", "caption"])
def test_a_pull_quote_is_the_words_of_whoever_says_them_in_the_story(kind: str) -> None:
    paragraphs = [
        ParagraphIn("“Nobody asked the traders”", kind),
        ParagraphIn("Noor Shah spoke first. “Nobody asked the traders,” she said."),
        ParagraphIn("Gil Amos, the council's engineer, said the works would take a year."),
    ]
    assert _quotes(paragraphs) == [
        ("Nobody asked the traders", "Noor Shah"),
        ("Nobody asked the traders,", "Noor Shah"),
    ]


def test_a_pull_quote_does_not_make_its_speaker_the_last_one() -> None:
    paragraphs = [
        ParagraphIn("Tess Orr has fished here since 1980. She will retire on Friday."),
        ParagraphIn("“You never get used to it”", "heading"),
        ParagraphIn("“You never get used to it,” she says."),
        ParagraphIn("Her son, Jim Orr, takes over. “I learned from the best,” he said."),
    ]
    assert ("You never get used to it,", "Tess Orr") in _quotes(paragraphs)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("The documentary “The Men of the Harbour” was shown in 1995.", False),
        ("Le quartier, baptisé « Les Jardins du Port », compte 40 maisons.", False),
        ("The paper, “Rapid return of a river fish after weir removal”, is out.", False),
        ("L'association s'est dite « très inquiète pour la suite ».", True),
        ("The so-called “reform” was dropped.", False),
    ],
)
def test_titles_after_a_naming_word_and_words_said_of_oneself(text: str, quoted: bool) -> None:
    found = [f for f in suggest([ParagraphIn(text)], "") if f.tag == "quote"]
    assert bool(found) is quoted
