"""The suggestion engine over small inputs: one case per kind the issue names.

Each case gives paragraphs and the suggestions expected among the engine's answer, as
(tag, text, speaker); ``absent`` lists texts that must not be suggested as quotes.
The engine is pure Python: these tests need no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from suggestions.engine import ParagraphIn, suggest
from suggestions.engine.claims import score
from suggestions.engine.names import mentions
from suggestions.engine.sentences import split

NBSP = "\u00a0"
NNBSP = "\u202f"


@dataclass(frozen=True)
class Case:
    name: str
    paragraphs: list[str]
    expected: list[tuple[str, str, str]]
    absent: list[str] = field(default_factory=list)
    language: str = "en"


QUOTE_CASES = [
    Case(
        "curly double quotes, speaker after",
        ["“The bridge will open in May,” said Rosa Lind."],
        [("quote", "The bridge will open in May,", "Rosa Lind")],
    ),
    Case(
        "straight double quotes, speaker before",
        ['Rosa Lind said: "We have the money now."'],
        [("quote", "We have the money now.", "Rosa Lind")],
    ),
    Case(
        "single quotes nested inside double",
        ["“He told me, ‘Never again,’ and left,” said Ada Brook."],
        [("quote", "He told me, ‘Never again,’ and left,", "Ada Brook")],
    ),
    Case(
        "French guillemets with no-break spaces",
        [f"«{NBSP}Nous n’avions pas le choix{NNBSP}», a déclaré Marie Dubois."],
        [("quote", "Nous n’avions pas le choix", "Marie Dubois")],
        language="fr",
    ),
    Case(
        "French guillemets without spaces, estime",
        ["«C’est trop tard», estime Paul Girard."],
        [("quote", "C’est trop tard", "Paul Girard")],
        language="fr",
    ),
    Case(
        "German low-high quotes, sagte",
        ["„Wir geben nur die Kosten weiter“, sagte Jonas Weber."],
        [("quote", "Wir geben nur die Kosten weiter", "Jonas Weber")],
        language="de",
    ),
    Case(
        "German reversed guillemets, so",
        ["»Das ist zu wenig«, so Lea Hartmann."],
        [("quote", "Das ist zu wenig", "Lea Hartmann")],
        language="de",
    ),
    Case(
        "CJK corner brackets",
        ["Kenji Mori said: 「水は待たない」"],
        [("quote", "水は待たない", "Kenji Mori")],
    ),
    Case(
        "a quotation over two paragraphs",
        [
            "“We waited ten years for this bridge,” said Rosa Lind. “Now it is funded.",
            "“It will carry 9,000 cars a day.”",
        ],
        [
            ("quote", "Now it is funded.", "Rosa Lind"),
            ("quote", "It will carry 9,000 cars a day.", "Rosa Lind"),
        ],
    ),
    Case(
        "partial quote inside a sentence",
        ["Rosa Lind called the plan “a reckless gamble with public money” on Monday."],
        [("quote", "a reckless gamble with public money", "Rosa Lind")],
    ),
    Case(
        "colon-introduced quote",
        ["Tom Reyes: “I am against paying for it twice.”"],
        [("quote", "I am against paying for it twice.", "Tom Reyes")],
    ),
    Case(
        "speaker after, with a role in apposition",
        ["“The wall is sound,” said Lena Osei, the council's engineer."],
        [("quote", "The wall is sound,", "Lena Osei")],
    ),
    Case(
        "pronoun resolved to the name introduced earlier",
        [
            "Deirdre Mackay watched the vote from the gallery.",
            "“I will believe it when I see the cranes,” she said.",
        ],
        [("quote", "I will believe it when I see the cranes,", "Deirdre Mackay")],
    ),
    Case(
        "surname alone resolved to the full name",
        [
            "Councillor Tomás Reyes voted against.",
            "“It is too expensive,” Reyes said.",
        ],
        [("quote", "It is too expensive,", "Tomás Reyes")],
    ),
    Case(
        "role resolved to the full name, title removed",
        [
            "Mayor Inès Ferrand proposed the motion.",
            "“We cannot wait another winter,” the mayor said.",
        ],
        [("quote", "We cannot wait another winter,", "Inès Ferrand")],
    ),
    Case(
        "names with particles, hyphens and accents",
        ["“Es reicht nicht”, sagte Anke van der Berg-Šimić."],
        [("quote", "Es reicht nicht", "Anke van der Berg-Šimić")],
        language="de",
    ),
    Case(
        "name with a combining mark",
        ["“It is done,” said Zoe\u0308 Ha\u0308rtel."],
        [("quote", "It is done,", "Zoë Härtel")],
    ),
    Case(
        "French inversion and particle de la",
        [
            "La maire, Marie-Claire de la Fontaine, a parlé lundi.",
            "« Les études datent de 2021 », explique-t-elle.",
        ],
        [("quote", "Les études datent de 2021", "Marie-Claire de la Fontaine")],
        language="fr",
    ),
    Case(
        "German erklärte and betonte",
        ["„Wir bleiben günstiger“, erklärte Matthias von Bredow."],
        [("quote", "Wir bleiben günstiger", "Matthias von Bredow")],
        language="de",
    ),
    Case(
        "German role with a genitive, then the name",
        ["„Das reicht nicht“, so der Sprecher des Vereins, Uwe Kranz."],
        [("quote", "Das reicht nicht", "Uwe Kranz")],
        language="de",
    ),
    Case(
        "German pronoun after a role of a common noun",
        [
            "Die Sprecherin der Stadt, Anna Roth, äußerte sich am Montag.",
            "„Wir prüfen das“, sagte sie. „Mehr können wir nicht tun.“",
        ],
        [
            ("quote", "Wir prüfen das", "Anna Roth"),
            ("quote", "Mehr können wir nicht tun.", "Anna Roth"),
        ],
        language="de",
    ),
    Case(
        "a short quoted sentence is a quotation",
        ["Paul Martin est arrivé tôt.", "« Je suis inquiet », a-t-il ajouté. « Très inquiet. »"],
        [("quote", "Très inquiet.", "Paul Martin")],
        language="fr",
    ),
    Case(
        "scare quotes are not quotations",
        ["The council's so-called “efficiency” review was published in May."],
        [],
        absent=["efficiency"],
    ),
    Case(
        "a word or two in quotes that nobody said",
        ["Residents call the square the “old heart” of the town."],
        [],
        absent=["old heart"],
    ),
    Case(
        "titles of books and films",
        ["A documentary, “The Last Crossing”, was filmed aboard the ferry."],
        [],
        absent=["The Last Crossing"],
    ),
    Case(
        "ship names",
        ["Its oldest boat, the “Northern Lark”, will be retired in October."],
        [],
        absent=["Northern Lark"],
    ),
    Case(
        "slogans",
        ['Fans held banners reading "Not For Sale" at the game.'],
        [],
        absent=["Not For Sale"],
    ),
    Case(
        "a group's name in marks after the group noun",
        ["Le collectif « Touche pas à ma maternité » organise une manifestation samedi."],
        [],
        absent=["Touche pas à ma maternité"],
        language="fr",
    ),
]

CLAIM_CASES = [
    Case(
        "number and comparison",
        ["Visits fell by 18 percent since 2019, the lowest figure in the region."],
        [
            (
                "claim",
                "Visits fell by 18 percent since 2019, the lowest figure in the region.",
                "",
            )
        ],
    ),
    Case(
        "causal claim by an official",
        ["The closures were needed because state aid fell, Gareth Moss said."],
        [
            (
                "claim",
                "The closures were needed because state aid fell, Gareth Moss said.",
                "Gareth Moss",
            )
        ],
    ),
    Case(
        "record",
        ["It was the highest tide since records began."],
        [("claim", "It was the highest tide since records began.", "")],
    ),
    Case(
        "date of an event",
        ["The council approved the plan on Tuesday."],
        [("claim", "The council approved the plan on Tuesday.", "")],
    ),
    Case(
        "French figure with selon",
        ["Selon la chambre de commerce, la fréquentation a baissé de 22 % depuis 2019."],
        [
            (
                "claim",
                "Selon la chambre de commerce, la fréquentation a baissé de 22 % depuis 2019.",
                "",
            )
        ],
        language="fr",
    ),
    Case(
        "German figure on an ordinal date",
        ["Die Preise steigen am 1. Januar um 19 Prozent."],
        [("claim", "Die Preise steigen am 1. Januar um 19 Prozent.", "")],
        language="de",
    ),
    Case(
        "German reported speech in the Konjunktiv with a year",
        ["Das Gutachten von 2019 habe nur die Technik betroffen, nicht die Becken."],
        [("claim", "Das Gutachten von 2019 habe nur die Technik betroffen, nicht die Becken.", "")],
        language="de",
    ),
    Case(
        "an admission with a date is attributed",
        ["Siobhan Grant admitted that the report had reached her desk in October."],
        [
            (
                "claim",
                "Siobhan Grant admitted that the report had reached her desk in October.",
                "Siobhan Grant",
            )
        ],
    ),
    Case(
        "a place before a role and a name: the person claims",
        [
            "A petition had 1,450 signatures by Tuesday, according to its organiser, Hillside "
            "residents’ association secretary Joanna Pietrzak."
        ],
        [
            (
                "claim",
                "A petition had 1,450 signatures by Tuesday, according to its organiser, "
                "Hillside residents’ association secretary Joanna Pietrzak.",
                "Joanna Pietrzak",
            )
        ],
    ),
    Case(
        "a councillor of a place claims, not the place",
        ["Hillside councillor Ana Ruiz said the route lost 40 percent of its riders."],
        [
            (
                "claim",
                "Hillside councillor Ana Ruiz said the route lost 40 percent of its riders.",
                "Ana Ruiz",
            )
        ],
    ),
    Case(
        "residents of a place are nobody named",
        ["Residents of Quay Lane said the queues blocked their doorways for 3 hours."],
        [
            (
                "claim",
                "Residents of Quay Lane said the queues blocked their doorways for 3 hours.",
                "",
            )
        ],
    ),
    Case(
        "parents at a school are not the school",
        ["Parents at Northfield School said the roof leaked 12 times in 2024."],
        [("claim", "Parents at Northfield School said the roof leaked 12 times in 2024.", "")],
    ),
    Case(
        "according to workers at a company: nobody named",
        ["The plant lost 40 jobs in 2024, according to workers at Acme Ltd."],
        [("claim", "The plant lost 40 jobs in 2024, according to workers at Acme Ltd.", "")],
    ),
    Case(
        "French habitants de X: nobody named",
        ["Selon les habitants de Kerlouan Plage, la route a été fermée 12 fois en 2024."],
        [
            (
                "claim",
                "Selon les habitants de Kerlouan Plage, la route a été fermée 12 fois en 2024.",
                "",
            )
        ],
        language="fr",
    ),
    Case(
        "a real organisation's spokeswoman claims for it",
        ["A spokeswoman for Harbour Row Housing said rents rose 12 percent in 2024."],
        [
            (
                "claim",
                "A spokeswoman for Harbour Row Housing said rents rose 12 percent in 2024.",
                "Harbour Row Housing",
            )
        ],
    ),
    Case(
        "according to is context with its source",
        ["According to Carys Lind, the board has lost its way."],
        [("context", "According to Carys Lind, the board has lost its way.", "Carys Lind")],
    ),
]


def _run(case: Case) -> list[tuple[str, str, str]]:
    found = suggest([ParagraphIn(t) for t in case.paragraphs], case.language)
    for f in found:
        assert case.paragraphs[f.paragraph][f.start : f.end] == f.text
    return [(f.tag, f.text, f.speaker) for f in found]


@pytest.mark.parametrize("case", QUOTE_CASES + CLAIM_CASES, ids=lambda c: c.name)
def test_it_suggests_each_case(case: Case) -> None:
    got = _run(case)
    for item in case.expected:
        assert item in got, (item, got)
    quotes = [text for tag, text, _ in got if tag == "quote"]
    for text in case.absent:
        assert text not in quotes, got


@pytest.mark.parametrize(
    "sentence",
    [
        "I think the new square is wonderful.",
        "The bridge will make the town happier.",
        "Will the council ever listen?",
        "Rain fell on the square as the crowd gathered.",
        "Jean Lowe, 81, walks to the shop with her dog.",
    ],
)
def test_it_leaves_opinions_predictions_and_questions_out(sentence: str) -> None:
    assert score(sentence).score < 0.4
    assert not [f for f in suggest([ParagraphIn(sentence)]) if f.tag == "claim"]


def test_it_gives_each_claim_a_reason() -> None:
    verdict = score("The harbour lost 40 percent more than in 2019 because of the storm.")
    assert verdict.reason.startswith("number + comparison + causal claim")
    assert 0.4 <= verdict.score <= 1


def test_it_does_not_suggest_a_mainly_quoted_sentence_as_a_claim() -> None:
    text = "“We spent $4 million, twice the budget,” said Rosa Lind."
    tags = [f.tag for f in suggest([ParagraphIn(text)])]
    assert tags == ["quote"]


def test_it_skips_claims_in_headings() -> None:
    found = suggest([ParagraphIn("Council spends $4 million more", "heading")])
    assert found == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Ada Brook spoke. Then she left.", ["Dr. Ada Brook spoke.", "Then she left."]),
        (
            "“It works. It is cheap,” she said. Then she left.",
            ["“It works. It is cheap,” she said.", "Then she left."],
        ),
        (
            "Am 3. März tagt der Rat. Er entscheidet.",
            ["Am 3. März tagt der Rat.", "Er entscheidet."],
        ),
        ("J. R. Hale wrote it. It sold well.", ["J. R. Hale wrote it.", "It sold well."]),
    ],
)
def test_it_splits_sentences(text: str, expected: list[str]) -> None:
    from suggestions.engine.quotes import find_quotations

    spans = split(text, find_quotations(text))
    assert [text[a:b] for a, b in spans] == expected


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Mayor Inès Ferrand spoke.", ["Inès Ferrand"]),
        ("We asked Anke van der Berg today.", ["Anke van der Berg"]),
        ("PORT CALDER — Jean-Luc O’Brien’s boat sank.", ["Jean-Luc O’Brien"]),
    ],
)
def test_it_finds_names(text: str, names: list[str]) -> None:
    assert [m.text for m in mentions(text) if len(m.tokens) > 1] == names
