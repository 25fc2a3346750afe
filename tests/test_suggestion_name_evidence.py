"""What the speaker rules read from names: names of bodies and relatives, a word the
article writes as a common noun before a name, bodies named by an acronym, the families
of an article, and a relative clause that is not a role. Small inputs of our own.
"""

from __future__ import annotations

import pytest

from suggestions.engine.names import Mention, Registry, common_nouns, is_organisation, mentions
from suggestions.engine.roles import RoleBook


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("St Edwyn's Hospice said so.", ["St Edwyn's Hospice"]),
        ("Ils ont battu l'AS Valmont-sur-Aude dimanche.", ["AS Valmont-sur-Aude"]),
        ("Kestrel's chief executive spoke.", ["Kestrel"]),
        ("Karl Brenner und sein Sohn Jonas Brenner kamen.", ["Karl Brenner", "Jonas Brenner"]),
        ("Das sagte der Landwirt Heinrich Ostermann.", ["Heinrich Ostermann"]),
        ("Gemeinderätin Ute Sander (SPD) spricht.", ["Ute Sander", "SPD"]),
        ("Das sagte ein Sprecher der Stadtwerke Bad Lindau.", ["Stadtwerke Bad Lindau"]),
        ("Das sagte die Leiterin des Tierparks, Eva Stolz.", ["Tierparks", "Eva Stolz"]),
    ],
)
def test_names_of_bodies_and_relatives(text: str, names: list[str]) -> None:
    assert [m.text for m in mentions(text)] == names


@pytest.mark.parametrize(
    ("texts", "names"),
    [
        (["Harbourmaster Jo Ellis spoke.", "The harbourmaster is 60."], ["Jo Ellis"]),
        (["Die Tierärztin Eva Klein kam.", "Tierärztin Eva Klein sprach."], ["Eva Klein"]),
        (["The Coastal Workers Union met.", "It is coastal."], ["Coastal Workers Union"]),
        (["Harbourmaster Jo Ellis spoke.", "Nobody else spoke."], ["Harbourmaster Jo Ellis"]),
    ],
)
def test_a_word_the_article_writes_as_a_noun_is_not_part_of_a_name(
    texts: list[str], names: list[str]
) -> None:
    nouns = common_nouns(texts)
    assert [m.text for m in mentions(texts[0], nouns)] == names


@pytest.mark.parametrize(
    ("name", "body"),
    [("AS Valmont-sur-Aude", True), ("RC Lorient", True), ("Ana Ruiz", False), ("RNLI", False)],
)
def test_a_name_opening_with_an_acronym_is_a_body(name: str, body: bool) -> None:
    assert is_organisation(name) is body


def test_a_family_is_the_full_names_sharing_a_surname_in_order() -> None:
    registry = Registry()
    for at, name in enumerate(["Daniel Okonjo", "Ruth Abel", "Grace Okonjo", "Okonjo"]):
        registry.add(at, Mention(0, len(name), name), sentence_start=False)
    assert registry.family("okonjo") == ["Daniel Okonjo", "Grace Okonjo"]
    assert registry.full_name("Okonjo", 10) == "Daniel Okonjo"
    assert registry.full_name("Abel", 10) == "Ruth Abel"


def test_a_relative_clause_after_a_name_is_not_a_role() -> None:
    roles = RoleBook()
    text = "Ada Quist, who leads the Green group, voted against."
    roles.learn(text, 0, mentions(text)[0], "Ada Quist")
    assert roles.lookup("group", 100) is None
