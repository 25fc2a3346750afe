"""Speaker attribution rules for organisations, unnamed people and people referred to
again (pronouns, surnames, roles), one small input per rule.

Each case gives paragraphs, a quotation's text and the speaker expected for it (the
full name as given anywhere in the article, the body's name for its spokespeople, or ""
for nobody named), as in ``test_suggestion_speakers``.
"""

from __future__ import annotations

import pytest

from suggestions.engine import ParagraphIn, suggest
from suggestions.engine.cues import is_title_word, role_stem
from suggestions.engine.gender import word_gender
from suggestions.engine.names import mentions
from suggestions.engine.roles import RoleBook
from tests.test_suggestion_speakers import Case

CASES = [
    # organisations
    Case(
        "a spokeswoman's pronoun is her body",
        [
            "A spokeswoman for the Northfield Health Agency said the risk was low. “Call 111,” she said."
        ],
        "Call 111,",
        "Northfield Health Agency",
    ),
    Case(
        "the spokesman later is the body he spoke for",
        [
            "The cost was confirmed by a spokesman for Calder Rail on Monday.",
            "“We apologise,” said the spokesman.",
        ],
        "We apologise,",
        "Calder Rail",
    ),
    Case(
        "der Sprecher later is the body named with him",
        [
            "Das bestätigte ein Sprecher der Stadtwerke Lindau.",
            "„Die Erstattung läuft automatisch“, sagte der Sprecher.",
        ],
        "Die Erstattung läuft automatisch",
        "Stadtwerke Lindau",
        "de",
    ),
    Case(
        "the company is the body named last, not its director",
        [
            "Kestrel Water said in a statement that samples were taken. “We are sorry,” the company said.",
            "Kestrel’s operations director, Declan Ryan, said more tests were due.",
        ],
        "We are sorry,",
        "Kestrel Water",
    ),
    Case(
        "it is the body of the sentence before",
        [
            "Ashby Borough Council voted on Tuesday.",
            "The council said the homes had 61 empty beds. That was “more than enough”, it said.",
        ],
        "more than enough",
        "Ashby Borough Council",
    ),
    Case(
        "an unnamed officer of a body speaks for it",
        [
            "The landlord, Orrin Property Holdings, wants flats. A director of the company, "
            "who did not want to be named, said: “We offered him a smaller unit.”"
        ],
        "We offered him a smaller unit.",
        "Orrin Property Holdings",
    ),
    Case(
        "a kind of body before a particle belongs to its name",
        [
            "Selon la préfecture du Haut-Morvan, une ambulance sera là. « Le délai restera "
            "court », indique-t-on à la préfecture."
        ],
        "Le délai restera court",
        "préfecture du Haut-Morvan",
        "fr",
    ),
    Case(
        "a plural possessive stays inside a body's name",
        ["The Ramblers’ Association welcomed it. “A great day,” it said in a statement."],
        "A great day,",
        "Ramblers’ Association",
    ),
    Case(
        "a body named before its spokesman",
        ["“We launched within minutes,” an RNLI spokesman said."],
        "We launched within minutes,",
        "RNLI",
    ),
    Case(
        "of inside a body's name after its kind",
        ["The City of Harrowgate said it would appeal. “The ruling is wrong,” the city said."],
        "The ruling is wrong,",
        "City of Harrowgate",
    ),
    Case(
        "la ville is the town named with its kind",
        ["La ville de Rezé a porté plainte. « Nous irons au bout », a déclaré la ville."],
        "Nous irons au bout",
        "ville de Rezé",
        "fr",
    ),
    Case(
        "a person, not the place they come from",
        ["Council officials met. Tom Hale of Northfield said: “Fine by me.”"],
        "Fine by me.",
        "Tom Hale",
    ),
    Case(
        "the force is the police named before",
        ["Northshire Police made an arrest. The force said: “Enquiries are continuing.”"],
        "Enquiries are continuing.",
        "Northshire Police",
    ),
    Case(
        "an organisation is never he or she",
        [
            "Orrin Property Holdings said: “He turned it down.”",
            "I put that to Fergus Bryce. “No parking for the vans,” he says.",
            "“They know I’d never take it,” he says.",
        ],
        "They know I’d never take it,",
        "Fergus Bryce",
    ),
    # unnamed people
    Case(
        "she after an unnamed subject is unnamed",
        [
            "Anna Lee spoke first.",
            "A care worker, who asked not to be named, said morale was low. “We are leaving,” "
            "she said. “Nobody tells us anything.”",
        ],
        "Nobody tells us anything.",
        "",
    ),
    Case(
        "eine Anwohnerin is unnamed whatever place the sentence names",
        [
            "Eine Anwohnerin, die jeden Sommer im Erlenhof schwimmt, ist enttäuscht. „Das Bad "
            "war das Herz des Viertels“, sagt sie."
        ],
        "Das Bad war das Herz des Viertels",
        "",
        "de",
    ),
    Case(
        "an unnamed subject in the middle of a paragraph",
        [
            "Rachel Lowe spoke first. A neighbour, who did not give her name, agreed. “It is "
            "too loud,” she said."
        ],
        "It is too loud,",
        "",
    ),
    Case(
        "a colon after a sentence opened by a role",
        [
            "Sa vice-présidente, Inès Kaddour, tient une boulangerie. « Nous avons perdu 30 % »,"
            " affirme-t-elle.",
            "« Nous allons demander une aide », a ajouté M. Hugo Lemaire.",
            "La commerçante est plus pessimiste : « Certains ne tiendront pas. »",
        ],
        "Certains ne tiendront pas.",
        "Inès Kaddour",
        "fr",
    ),
    Case(
        "glisse is a verb of saying",
        ["Luc Roy était là. « Tout le monde souffre », glisse un fleuriste du marché."],
        "Tout le monde souffre",
        "",
        "fr",
    ),
    Case(
        "a relation nobody named is unnamed",
        ["Joan Pike left early. Pike's neighbour agreed. “Nobody listens to us,” he said."],
        "Nobody listens to us,",
        "",
    ),
    Case(
        "her client is not the she who speaks",
        ["Tom Hale's lawyer, Ann Roe, spoke. Her client said nothing. “He is innocent,” she said."],
        "He is innocent,",
        "Ann Roe",
    ),
    Case(
        "an unnamed subject named in apposition is that name",
        [
            "Une habitante du quartier, Joséphine Diallo, s'inquiète. « C'est un lieu de vie », "
            "dit-elle."
        ],
        "C'est un lieu de vie",
        "Joséphine Diallo",
        "fr",
    ),
    # people referred to again
    Case(
        "a relative clause between speaker and verb is skipped",
        [
            "Tomasz Nowak, whose mother, Halina, has lived there for six years, told the "
            "meeting it would be “a death sentence dressed up as a saving”."
        ],
        "a death sentence dressed up as a saving",
        "Tomasz Nowak",
    ),
    Case(
        "she goes back past a man's paragraph to the woman before him",
        [
            "The care chief, Bernadette Reyes, said repairs cost £4 million. “We looked at every option,” she said.",
            "The opposition leader, Callum Weir, disagreed. “It is inflated,” Weir said. He "
            "insisted the survey was old.",
            "“That survey came before the inspection,” she said in reply.",
        ],
        "That survey came before the inspection,",
        "Bernadette Reyes",
    ),
    Case(
        "a possessive ends a name and an MP is a role",
        [
            "Ashby's MP, Deborah Nkosi, wrote on Monday. In the letter she warned: “This hands "
            "the market to three providers.”"
        ],
        "This hands the market to three providers.",
        "Deborah Nkosi",
    ),
    Case(
        "the barrister is the counsel named with KC",
        [
            "Counsel to the inquiry, Ngozi Obi KC, asked Siobhan Grant who decided. Grant "
            "said she did not know. “Somebody did,” the barrister said."
        ],
        "Somebody did,",
        "Ngozi Obi",
    ),
    Case(
        "a short attribution sentence after a question",
        ["“Was the bridge urgent?” Obi-Hale asked. Nobody answered."],
        "Was the bridge urgent?",
        "Obi-Hale",
    ),
    Case(
        "the pronoun that answers a question is not the asker",
        [
            "The leader, Graham Pike, insisted it was advice. “We fund what is urgent,” he argued.",
            "“Was the bridge urgent?” Ngozi Obi asked. He paused. “Not from what I was shown.”",
        ],
        "Not from what I was shown.",
        "Graham Pike",
    ),
    Case(
        "the sentence before a cue-less quotation names its speaker",
        [
            "Dilara Brandt sagt: „Jedes Kind muss schwimmen lernen.“ Jörg Müller nickt. "
            "„Sie hat völlig recht.“"
        ],
        "Sie hat völlig recht.",
        "Jörg Müller",
        "de",
    ),
    Case(
        "a German compound role is a title and finds the role it ends with",
        [
            "Der Leiter des Bäderbetriebs, Konstantin Weber, rechnet mit 2028. Ines Roth schwieg.",
            "„Wenn alles gut geht“, sagte der Bäderchef.",
        ],
        "Wenn alles gut geht",
        "Konstantin Weber",
        "de",
    ),
    Case(
        "a hyphenated German role and entgegnete",
        [
            "Bürgermeister Hans Ebert eröffnete die Sitzung. „Wir müssen sparen“, sagte er.",
            "Die Grünen-Fraktionschefin Mara Stein widersprach.",
            "„Doch, das geht“, entgegnete die Grünen-Politikerin.",
        ],
        "Doch, das geht",
        "Mara Stein",
        "de",
    ),
    Case(
        "fragte er is a verb of saying",
        [
            "Der Vorsitzende des SV Kirchwald 1921, Jörg Lüdenscheidt, sagte, 340 Kinder "
            "lernten dort schwimmen. „Wo sollen die jetzt hin?“, fragte er."
        ],
        "Wo sollen die jetzt hin?",
        "Jörg Lüdenscheidt",
        "de",
    ),
    Case(
        "the 81-year-old is the person just described",
        [
            "Tom Hale spoke to Ann Lee. Margaret Osei, 81, has lived on Mill Lane since 1970. "
            "“I am not moving,” the 81-year-old said."
        ],
        "I am not moving,",
        "Margaret Osei",
    ),
    Case(
        "die 81-Jährige is the woman just described",
        [
            "Uwe Rau war da. Ilse Brandt wohnt seit 1970 in der Straße. „Ich ziehe nicht aus“, "
            "sagte die 81-Jährige."
        ],
        "Ich ziehe nicht aus",
        "Ilse Brandt",
        "de",
    ),
    Case(
        "French son is a possessive, not a man",
        [
            "La présidente du club, Éloïse Roche, ne cache pas son inquiétude.",
            "Mme Roche et M. Karim Benali sont sortis. « Nous trouverons une solution », a-t-il "
            "promis.",
        ],
        "Nous trouverons une solution",
        "Karim Benali",
        "fr",
    ),
    Case(
        "L'élue opening a sentence is a role, not a name",
        [
            "La maire, Hélène Marchetti, conteste. L'élue a ajouté : « Nous avions proposé de "
            "payer. »"
        ],
        "Nous avions proposé de payer.",
        "Hélène Marchetti",
        "fr",
    ),
    # a place or body written as a modifier of a person's role is not the speaker
    Case(
        "a place before a role and a name: the pronoun is the person",
        [
            "Harbour Row resident Deirdre Mackay, 71, watched the vote. “I have lived here "
            "for 40 years,” she said."
        ],
        "I have lived here for 40 years,",
        "Deirdre Mackay",
    ),
    Case(
        "a place before a role after the verb: the person",
        ["“We need the bus,” said Hillside councillor Ana Ruiz."],
        "We need the bus,",
        "Ana Ruiz",
    ),
    Case(
        "an organisation before a role: the person",
        ["Acme Ltd engineer Sam Ode checked the wall. “It will hold,” he said."],
        "It will hold,",
        "Sam Ode",
    ),
    Case(
        "a modified person opening the sentence before: the person",
        ["Kestrel Bay fisherman Tom Hale shrugged. “It will hold.”"],
        "It will hold.",
        "Tom Hale",
    ),
    Case(
        "a capitalised role after a place: the person",
        ["Hillside Councillor Ana Ruiz voted against. “We need the bus,” she said."],
        "We need the bus,",
        "Ana Ruiz",
    ),
    Case(
        "a longer modifier: residents' association secretary",
        [
            "According to Hillside residents’ association secretary Joanna Pietrzak, the "
            "petition grew. “We have 1,450 names,” she said."
        ],
        "We have 1,450 names,",
        "Joanna Pietrzak",
    ),
    Case(
        "German place adjective before a role and a name: the person",
        ["Die Kirchwalder Anwohnerin Ilse Rau wartete. „Wir backen weiter“, sagte sie."],
        "Wir backen weiter",
        "Ilse Rau",
        "de",
    ),
    Case(
        "a name before a verb and a role is the subject, not a modifier",
        ["Tomás Reyes thanked councillor Ann Lee. “It was close,” he said."],
        "It was close,",
        "Tomás Reyes",
    ),
    Case(
        "a real organisation speaker still speaks through its spokeswoman",
        ["A spokeswoman for Harbour Row Housing said: “We will fix it.”"],
        "We will fix it.",
        "Harbour Row Housing",
    ),
    Case(
        "a person is not the place they come from, a place of two words too",
        ["Tom Hale of Kestrel Bay said: “We need the bus.”"],
        "We need the bus.",
        "Tom Hale",
    ),
    # an unnamed group of a place is nobody named, not the place
    Case(
        "residents of a place before the verb",
        ["Residents of Quay Lane said: “We could not get out.”"],
        "We could not get out.",
        "",
    ),
    Case(
        "residents of a place after the verb",
        ["Ann Lee spoke first. “We could not get out,” said residents of Quay Lane."],
        "We could not get out,",
        "",
    ),
    Case(
        "workers at a company are not the company",
        ["Workers at Acme Ltd said: “Nobody told us.”"],
        "Nobody told us.",
        "",
    ),
    Case(
        "les habitants de X are not X",
        ["Les habitants de Kerlouan Plage ont dit : « Personne ne nous a prévenus. »"],
        "Personne ne nous a prévenus.",
        "",
        "fr",
    ),
    Case(
        "they after an unnamed group is nobody named, not the person before",
        [
            "Ann Lee met Tom Hale. Residents of Quay Lane were angry. “We could not get "
            "out,” they said."
        ],
        "We could not get out,",
        "",
    ),
    Case(
        "ils after les habitants de X is nobody named",
        [
            "Anne Roy a parlé. Les habitants de Kerlouan Plage sont en colère. « Personne ne "
            "nous a prévenus », disent-ils."
        ],
        "Personne ne nous a prévenus",
        "",
        "fr",
    ),
    Case(
        "Anwohner der X are not X",
        ["Anwohner der Quay Lane Siedlung sagten: „Niemand hat uns gewarnt.“"],
        "Niemand hat uns gewarnt.",
        "",
        "de",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_it_names_the_speaker(case: Case) -> None:
    found = suggest([ParagraphIn(t) for t in case.paragraphs], case.language)
    quotes = {f.text: f.speaker for f in found if f.tag == "quote"}
    assert case.quote in quotes, quotes
    assert quotes[case.quote] == case.speaker


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ashby's MP, Deborah Nkosi, spoke.", ["Ashby", "Deborah Nkosi"]),
        ("Then Ngozi Obi KC asked.", ["Ngozi Obi"]),
        ("L’élue Anne Roy a ajouté.", ["Anne Roy"]),
        ("D’Souza spoke.", ["D’Souza"]),
        ("Die Fraktionschefin Annegret van den Bosch sprach.", ["Annegret van den Bosch"]),
        ("The Ramblers' Association met.", ["Ramblers' Association"]),
        ("Cllr Jane Smith and PC Tom Ward came.", ["Jane Smith", "Tom Ward"]),
        ("Headteacher Ruth Ames spoke.", ["Ruth Ames"]),
        ("Kämmerer Uwe Brandt und Ortsvorsteher Emil Zorn kamen.", ["Uwe Brandt", "Emil Zorn"]),
        ("Le Pr Luc Ferry parle.", ["Luc Ferry"]),
        ("Seine Stellvertreterin Birgit Ohm kam.", ["Birgit Ohm"]),
        ("Ashby Chamber of Trade says so.", ["Ashby Chamber of Trade"]),
        ("Tom Hale of Northfield spoke.", ["Tom Hale", "Northfield"]),
        ("Hillside Councillor Ana Ruiz spoke.", ["Hillside", "Ana Ruiz"]),
        ("Die Kirchwalder Anwohnerin Ilse Rau kam.", ["Kirchwalder", "Ilse Rau"]),
        ("Northfield Nurse Training College met.", ["Northfield Nurse Training College"]),
        ("John Major spoke.", ["John Major"]),
    ],
)
def test_names_leave_possessives_post_nominals_and_roles_out(text: str, names: list[str]) -> None:
    assert [m.text for m in mentions(text)] == names


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("Bäderchef", "chef"),
        ("Fraktionschefin", "chefin"),
        ("Schwimmlehrerin", "lehrerin"),
        ("Meister", ""),
        ("Grünen-Politikerin", "politikerin"),
        ("Müller-Lüdenscheidt", ""),
        ("Schmidt-Meister", ""),
        ("Hawking", ""),
        ("O'Neill-Adeyemi", ""),
    ],
)
def test_role_stem_of_german_compounds(word: str, stem: str) -> None:
    assert role_stem(word) == stem
    assert is_title_word(word) is bool(stem)


@pytest.mark.parametrize(("word", "gender"), [("Bäderchef", "m"), ("Fraktionschefin", "f")])
def test_german_compound_roles_have_the_gender_of_their_role(word: str, gender: str) -> None:
    assert word_gender(word) == gender


def test_role_synonyms_and_bodies_only_lookup() -> None:
    roles = RoleBook()
    text = "Counsel to the inquiry, Ngozi Obi KC, asked."
    roles.learn(text, 0, mentions(text)[-1], "Ngozi Obi")
    assert roles.lookup("barrister", 100) == "Ngozi Obi"
    assert roles.lookup_body("barrister", 100) is None
    roles.add_body(50, {"council"}, "Ashby Borough Council")
    assert roles.lookup_body("council", 100) == "Ashby Borough Council"
