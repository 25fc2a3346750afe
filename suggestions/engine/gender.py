"""The grammatical gender of the people of an article, to resolve "he" and "she".

No list of first names: the evidence is what the article itself writes about a person,
as a reader does. Strong evidence is a gendered honorific or role next to the name
("Mrs", "Mme", "Herr", "Bürgermeisterin", "la maire", "une habitante", "spokeswoman");
weak evidence is a gendered pronoun that can only point to that person ("Brennan shook
his head", or a "he said" that the engine resolved to them). Strong evidence wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from suggestions.engine.cues import TITLES, role_stem, word_set
from suggestions.engine.names import nfc

_FEMININE = word_set(
    """
    mrs ms miss mme madame mlle frau dame lady sister queen princess spokeswoman
    chairwoman businesswoman councilwoman congresswoman policewoman fisherwoman
    habitante présidente directrice conseillère adjointe députée sénatrice préfète
    avocate employée infirmière agricultrice commerçante bouchère boulangère voisine
    retraitée ingénieure architecte-urbaniste élue sage-femme
    mother mum grandmother widow daughter mother-of-two mother-of-three
    politikerin
    wife sister tochter mutter schwester ehefrau enkelin femme épouse fille mère sœur
    soeur cadette aînée veuve witwe
    """
)
_MASCULINE = word_set(
    """
    mr sir lord m monsieur herr king prince father brother spokesman chairman
    businessman councilman congressman policeman fisherman
    habitant président directeur conseiller adjoint député sénateur préfet avocat
    employé infirmier agriculteur commerçant boucher boulanger voisin retraité
    bürgermeister oberbürgermeister sprecher pressesprecher stadtrat landrat anwohner
    nachbar statiker geschäftsführer vorsitzender leiter kanzler pfarrer kommissar
    direktor präsident ingenieur architekt lehrer arzt mieter rentner bewohner landwirt
    élu chef leiter trainer planer anwalt experte referent
    father dad grandfather widower father-of-two father-of-three
    politiker
    husband brother sohn vater bruder ehemann enkel mari époux fils père frère
    cadet aîné veuf witwer
    """
)
# Pronouns and possessives that name one person's gender.
PRONOUN_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "il": "m",
    "er": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "elle": "f",
    "sie": "f",
}
_ELIDED = re.compile(r"^[lLdD][’']")
_FRENCH_ARTICLE = re.compile(r"\b(la|une|le|un)\s+([\w’'-]+)", re.IGNORECASE)
_ROLE_STEMS = frozenset(w for w in TITLES if len(w) >= 4)


def word_gender(word: str) -> str:
    """ "m", "f" or "" for one honorific or role word ("Frau", "Sprecherin", "Sprecher",
    "présidente"). A German role is feminine with -in after a known role ("Rathaus-
    chefin"). Words of both genders ("mayor", "maire", "Minister") give ""."""
    w = word.lower().rstrip(".")
    if w in _FEMININE:
        return "f"
    if w in _MASCULINE:
        return "m"
    if w.endswith("in") and any(w[:-2].endswith(stem) for stem in _ROLE_STEMS):
        return "f"
    stem = role_stem(w)
    if stem and stem != w:
        return word_gender(stem)
    return ""


def phrase_gender(phrase: str) -> str:
    """The gender a role phrase gives its holder: its first gendered word ("the
    spokeswoman", "Bürgermeisterin"), or a French article before a role ("la maire")."""
    for w in re.findall(r"[\w’'-]+", phrase):
        g = word_gender(_ELIDED.sub("", w))  # "L'avocate": the noun after l'/d'
        if g:
            return g
    m = _FRENCH_ARTICLE.search(phrase)
    if m and m.group(2).lower() in TITLES:
        return "f" if m.group(1).lower() in ("la", "une") else "m"
    return ""


@dataclass
class Genders:
    """Full name -> "m" or "f", strong evidence first."""

    strong: dict[str, str] = field(default_factory=dict)
    weak: dict[str, str] = field(default_factory=dict)

    def learn(self, name: str, gender: str, *, strong: bool) -> None:
        """Record ``gender`` for ``name`` (first evidence of each kind kept)."""
        if gender and name:
            (self.strong if strong else self.weak).setdefault(nfc(name), gender)

    def of(self, name: str) -> str:
        """ "m", "f" or "" (unknown)."""
        key = nfc(name)
        return self.strong.get(key) or self.weak.get(key, "")
