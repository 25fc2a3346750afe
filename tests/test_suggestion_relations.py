"""Speaker attribution through relations (:mod:`suggestions.engine.relations` and the
rules beside it): families and relatives, the person an article is about, pronouns of
unknown gender, roles of sport and the courts, and bodies as speakers. One small input of
our own per rule, as in ``test_suggestion_coreference`` (kept apart from it to keep both
files small; across paragraphs: ``test_suggestion_discourse``; names:
``test_suggestion_name_evidence``).
"""

from __future__ import annotations

import pytest

from tests.test_suggestion_speakers import Case
from tests.test_suggestion_speakers import test_it_names_the_speaker as names_the_speaker

CASES = [
    # families and relatives
    Case(
        "a surname a family shares is the first of them introduced",
        [
            "Rosa Marlow has run the bakery on Quay Street since 1988.",
            "Her son, Ben Marlow, joined her in 2015.",
            "“We bake at four, every day of the year,” Marlow said.",
        ],
        "We bake at four, every day of the year,",
        "Rosa Marlow",
    ),
    Case(
        "his wife is the other member of the family the article names",
        [
            "Piet Vos, 70, and his wife have run the ferry since 1980. “We never missed a "
            "crossing,” he said.",
            "His wife was less sure. “We missed plenty.”",
            "Piet Vos and Anna Vos on the slipway.",
        ],
        "We missed plenty.",
        "Anna Vos",
    ),
    Case(
        "der Vater is the family member not given another relation",
        [
            "Karl Brenner führt den Hof mit seiner Tochter Lena Brenner.",
            "„Wir geben nicht auf“, sagt der Vater.",
        ],
        "Wir geben nicht auf",
        "Karl Brenner",
        "de",
    ),
    Case(
        "die Tochter written as a title before the name is that name",
        [
            "Karl Brenner führt den Hof mit seiner Tochter Lena Brenner.",
            "„Ich bleibe hier“, sagt die Tochter.",
        ],
        "Ich bleibe hier",
        "Lena Brenner",
        "de",
    ),
    Case(
        "le cadet is the brother who did not speak last",
        [
            "Le vainqueur s'appelle Hugo Marchand. Son frère aîné, Léo Marchand, l'attendait.",
            "« J'ai couru pour lui », a confié l'aîné.",
            "Le cadet, lui, sourit. « Je n'ai rien vu », a-t-il dit.",
        ],
        "Je n'ai rien vu",
        "Hugo Marchand",
        "fr",
    ),
    Case(
        "a relation in apposition before a title is learned",
        [
            "Her brother, Cllr Tom Vane, voted against. His sister, Cllr Edith Vane, did not.",
            "“It was a bad plan,” the brother said.",
        ],
        "It was a bad plan,",
        "Tom Vane",
    ),
    Case(
        "Mrs with a surname a family shares is the woman of the family",
        [
            "Owen Pryor and his mother, Ruth Pryor, sit on the parish council.",
            "“I will vote against,” Mrs Pryor said. “I will not,” Mr Pryor said.",
        ],
        "I will vote against,",
        "Ruth Pryor",
    ),
    Case(
        "Mr with that surname is the man of the family",
        [
            "Owen Pryor and his mother, Ruth Pryor, sit on the parish council.",
            "“I will vote against,” Mrs Pryor said. “I will not,” Mr Pryor said.",
        ],
        "I will not,",
        "Owen Pryor",
    ),
    Case(
        "Frau with a shared surname",
        [
            "Karl Lindner und seine Frau Greta Lindner führen die Mühle.",
            "„Wir bleiben hier“, sagte Frau Lindner.",
        ],
        "Wir bleiben hier",
        "Greta Lindner",
        "de",
    ),
    Case(
        "l'avocate in apposition gives her gender though a M. follows it",
        ["L'avocate de M. Ferrand, Me Odile Sarr, a plaidé. « Il est innocent », a-t-elle dit."],
        "Il est innocent",
        "Odile Sarr",
        "fr",
    ),
    # the person the article is about
    Case(
        "he with nobody near goes on with the subject, not a role named later",
        [
            "Ari Kovanen has kept the Skerry lighthouse since 1990.",
            "The lamp was electrified in 1961 and automated in 2004.",
            "“The sea does not care about machines,” he says, under a portrait of his grandfather.",
            "His grandfather, Olli Kovanen, built the tower.",
        ],
        "The sea does not care about machines,",
        "Ari Kovanen",
    ),
    Case(
        "a role nobody was given is the person the article is about",
        [
            "Marc Delorme, 58 ans, comparaissait mardi à Rennes.",
            "Le dossier compte 300 pages.",
            "« Je n'ai rien volé », a déclaré le prévenu.",
        ],
        "Je n'ai rien volé",
        "Marc Delorme",
        "fr",
    ),
    Case(
        "the pronoun after an opening clause leads the quotation",
        [
            "Nell Garvey has run the ferry since 1999.",
            "Tickets cost £4. Asked what she will do next, she laughs. “Sleep for a month.”",
        ],
        "Sleep for a month.",
        "Nell Garvey",
    ),
    Case(
        "a photo credit names nobody in the story",
        [
            "“We never close,” said Omar Haddad.",
            "Omar Haddad at the counter. Lisa Brandt / Westport Echo.",
            "Asked about Sundays, he smiles. “Not even then.”",
        ],
        "Not even then.",
        "Omar Haddad",
    ),
    Case(
        "she after a man whose gender was learned goes to the woman of unknown gender",
        [
            "Ana Ruiz, the council's finance chief, presented the budget.",
            "Tom Hale, who leads the opposition, was unimpressed.",
            "“This budget cuts libraries,” he said.",
            "“It protects them,” she replied.",
        ],
        "It protects them,",
        "Ana Ruiz",
    ),
    Case(
        "a role given with the verb to be",
        [
            "Ines Okafor, 34, is a midwife at the county hospital.",
            "“Some nights there are two of us for six births,” says the midwife.",
        ],
        "Some nights there are two of us for six births,",
        "Ines Okafor",
    ),
    Case(
        "l'élue is the woman named with her deputy, who is not her role",
        [
            "La maire, Sophie Lenoir, et son adjoint, Paul Brun, ont présenté le projet.",
            "« C'est une chance », estime l'élue. « Il faudra du temps », tempère son adjoint.",
        ],
        "C'est une chance",
        "Sophie Lenoir",
        "fr",
    ),
    Case(
        "son adjoint after a new verb of saying",
        [
            "La maire, Sophie Lenoir, et son adjoint, Paul Brun, ont présenté le projet.",
            "« C'est une chance », estime l'élue. « Il faudra du temps », tempère son adjoint.",
        ],
        "Il faudra du temps",
        "Paul Brun",
        "fr",
    ),
    Case(
        "a day between the verb and the speaker",
        [
            "« Nous allons porter plainte », a annoncé jeudi le président de "
            "l'association, Hervé Le Goff."
        ],
        "Nous allons porter plainte",
        "Hervé Le Goff",
        "fr",
    ),
    Case(
        "a German feminine role after a hyphen is a title",
        ["„Das ist Unsinn“, sagte Grünen-Chefin Lea Storm."],
        "Das ist Unsinn",
        "Lea Storm",
        "de",
    ),
    Case(
        "ihr Mann nobody named is nobody, not the woman before",
        [
            "„Wir sind enttäuscht“, sagt Anwohnerin Petra Vogel. Ihr Mann nickt. „Seit 30 "
            "Jahren wohnen wir hier“, sagt er."
        ],
        "Seit 30 Jahren wohnen wir hier",
        "",
        "de",
    ),
    Case(
        "a relation with a name in apposition leads the quotation after it",
        [
            "“I have not slept in months,” says Gwen Pryce, 67.",
            "Her neighbour, Tariq Aziz, agrees. “It starts at six every morning.”",
        ],
        "It starts at six every morning.",
        "Tariq Aziz",
    ),
    Case(
        "asked with the name after it is the asker's question",
        ["“Is it dead?” asked Tom Hale. “Yes,” replied Ana Ruiz."],
        "Is it dead?",
        "Tom Hale",
    ),
    Case(
        "the pronoun answering a question is not the asker",
        ["“Is it dead?” Tom Hale asked Ana Ruiz. “Yes,” she replied."],
        "Yes,",
        "Ana Ruiz",
    ),
    Case(
        "a noun of a person doing something nobody was given goes to the person before",
        ["Ana Ruiz is blunt. “Build more homes,” the planner says, “or watch the town die.”"],
        "Build more homes,",
        "Ana Ruiz",
    ),
    Case(
        "a noun of a thing after the verb is nobody",
        ["Ana Ruiz is blunt. “Build more homes,” the letter says."],
        "Build more homes,",
        "",
    ),
    Case(
        "the answer to the previous paragraph's question is not the asker",
        [
            "Mrs Ana Ruiz, the head teacher, met Ms Jo Park, a parent, on Monday.",
            "“The school is safe,” Ruiz said.",
            "Park was not convinced. “Then why is the roof leaking?” she asked.",
            "“It is being fixed,” she replied.",
        ],
        "It is being fixed,",
        "Ana Ruiz",
    ),
    Case(
        "a sentence opening with she names others, not her",
        [
            "Dr Lena Osei leads the team. She took over from Prof Mark Hale in 2020.",
            "“We have doubled the budget,” she said.",
        ],
        "We have doubled the budget,",
        "Lena Osei",
    ),
    # roles of sport and the courts
    Case(
        "le technicien is the coach",
        [
            "L'entraîneur, Paul Girardin, est arrivé en 2022.",
            "« On a souffert », a reconnu le technicien.",
        ],
        "On a souffert",
        "Paul Girardin",
        "fr",
    ),
    Case(
        "la magistrate is the prosecutor",
        [
            "Pour la procureure, Claire Vasseur, le dossier est solide.",
            "« Ce n'est pas un hasard », a lancé la magistrate.",
        ],
        "Ce n'est pas un hasard",
        "Claire Vasseur",
        "fr",
    ),
    Case(
        "X said Y had… is X's",
        ["Opening the case, Ruth Adair KC said Mr Hollis had “lied to everyone he knew”."],
        "lied to everyone he knew",
        "Ruth Adair",
    ),
    Case(
        "a cue of French legal writing: a fait valoir son avocat",
        [
            "La commune réclame 10 000 euros. « Le préjudice est réel », a fait valoir son "
            "avocat, Me Denis Carrel."
        ],
        "Le préjudice est réel",
        "Denis Carrel",
        "fr",
    ),
    # bodies as speakers
    Case(
        "the group is the body its volunteers were named with",
        [
            "Volunteers from Save Fenwick Pool handed in a petition. “Six thousand people "
            "signed it,” the group said."
        ],
        "Six thousand people signed it,",
        "Save Fenwick Pool",
    ),
    Case(
        "an unnamed spokesperson speaks for the body of the sentence before",
        [
            "Das Verkehrsministerium prüft den Fall. „Wir warten auf das Gutachten“, "
            "teilte eine Sprecherin mit."
        ],
        "Wir warten auf das Gutachten",
        "Verkehrsministerium",
        "de",
    ),
    Case(
        "le club is the body named last, an acronym and a name",
        ["L'US Kervel a perdu dimanche. « L'arbitre a tout vu », a indiqué le club."],
        "L'arbitre a tout vu",
        "US Kervel",
        "fr",
    ),
    Case(
        "an unnamed spokesperson speaks for the name the sentence before is about",
        ["Kestrel Water apologised on Monday. A spokeswoman said: “We are sorry.”"],
        "We are sorry.",
        "Kestrel Water",
    ),
    Case(
        "an answer after the writer's unquoted question is the interviewee's",
        [
            "Interview: Jana Novak on forty years at sea.",
            "Why did you start?",
            "“My father needed a deckhand.”",
        ],
        "My father needed a deckhand.",
        "Jana Novak",
    ),
    Case(
        "more verbs of saying: pointed out",
        ["“The figures are from 2019,” Gwen Arkwright pointed out. Tom Bale nodded."],
        "The figures are from 2019,",
        "Gwen Arkwright",
    ),
    Case(
        "more verbs of saying: erzählt",
        ["Sabine Ortlieb sitzt am Tisch. „Wir waren zu dritt“, erzählt Jonas Kerner."],
        "Wir waren zu dritt",
        "Jonas Kerner",
        "de",
    ),
    Case(
        "more verbs of saying: déplore",
        ["Anne Vidal écoute. « Personne ne nous a consultés », déplore Luc Morin."],
        "Personne ne nous a consultés",
        "Luc Morin",
        "fr",
    ),
    Case(
        "it is the name the sentence before opens with when no person",
        [
            "Ana Ruiz said the union would strike.",
            "Unite backed her. “We stand with our members,” it said.",
        ],
        "We stand with our members,",
        "Unite",
    ),
    Case(
        "it is a hospice named with a possessive",
        ["St Edwyn's Hospice has changed its rules. “Two people now sign every cheque,” it said."],
        "Two people now sign every cheque,",
        "St Edwyn's Hospice",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_it_names_the_speaker(case: Case) -> None:
    names_the_speaker(case)
