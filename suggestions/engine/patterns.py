"""The patterns that find a speaker's words around a verb of saying: auxiliaries and
appositions to skip, role phrases ("the mayor", "its director", "la maire"), unnamed
people ("one driver", "eine Anwohnerin"), name particles and the nouns of roles.
"""

from __future__ import annotations

import re

from suggestions.engine.cues import (
    DETERMINERS,
    INDEFINITES,
    POSSESSIVES,
    TITLES,
    word_set,
)
from suggestions.engine.names import PARTICLES

AUXILIARIES = re.compile(
    r"(?:\s+(?:also|later|then|has|had|have|once|again|further|previously|recently|"
    r"simply|only|quickly|repeatedly|would|will|a|ont|avait|aussi|également|encore|déjà|"
    r"hat|hatte|haben|hätten|ist|war|nur|bereits|auch|noch|zudem|dann|später|"
    r"on\s+\w+day|in\s+a\s+statement|in\s+an\s+interview))+\s*$",
    re.IGNORECASE,
)
APPOSITION = re.compile(r",[^,\x00“”«»„\"]{1,90},\s*$")
DETS = "|".join(re.escape(d) for d in DETERMINERS + POSSESSIVES)
ROLE_NP_END = re.compile(
    r"(?:^|\s)(?:" + DETS + r")\s*(?P<np>(?:[\w’'-]+\s+){0,3}[\w’'-]+)\s*$",
    re.IGNORECASE,
)
# "one driver", "a resident", "eine Anwohnerin": someone the article does not name
INDEFINITE_END = re.compile(
    r"(?:^|\s)(?:" + "|".join(INDEFINITES) + r")\s+(?P<np>(?:[\w’'-]+\s+){0,2}[\w’'-]+)\s*$",
    re.IGNORECASE,
)
INDEFINITE_START = re.compile(
    r"^\s*(?:" + "|".join(INDEFINITES) + r")\s+(?P<np>(?:[\w’'-]+\s+){0,2}?[\w’'-]+)"
    r"(?=\s*(?:[,.;:!?]|$|\s+(?:of|for|de|du|des|der|at)\b))",
    re.IGNORECASE,
)
PARTICLE_RUN = re.compile(r"(?:(?:" + "|".join(re.escape(w) for w in PARTICLES) + r")\s+)+")
# A role written with its determiner anywhere in a sentence: "Pfeiffer und die
# Bürgermeisterin stritten".
ROLE_IN = re.compile(r"\b(?:" + DETS + r")\s+([\w’'-]+)", re.IGNORECASE)
ROLE_NP_START = re.compile(
    r"^\s*(?:" + DETS + r")\s*"
    r"(?P<np>(?:[\w’'-]+\s+){0,3}?[\w’'-]+)(?=\s*(?:[,.;:!?]|$|\s+(?:of|de|du|der|des|at|for)\b))",
    re.IGNORECASE,
)
# What may follow a role before the name in apposition: "the head of the trust, Ida Lam",
# "der Sprecher des Vereins, Uwe Kranz".
ROLE_TAIL = re.compile(
    r"(?:\s+(?:of|for|at|de|du|des|der|von|vom|the|la|le)\s+[^,.;:\x00]{1,40}?)?,\s+"
)
ROLE_NOUNS = TITLES | word_set(
    "resident residents owner spokesman spokeswoman spokesperson member student teacher "
    "worker activist farmer fisherman fisher nurse driver manager organiser organizer "
    "campaigner volunteer expert analyst researcher scientist historian lawyer official "
    "head leader founder porte-parole habitant habitante responsable directeur directrice "
    "sprecher sprecherin anwohner anwohnerin leiterin leiter pensioner teenager retiree "
    "mother father mum dad grandmother grandfather widow widower grandparent "
    "retraité retraitée rentner rentnerin senior seniorin "
    # sport and the courts: "le capitaine", "le technicien", "the defendant"
    "captain capitaine coach entraîneur entraîneuse technicien trainer trainerin player "
    "joueur joueuse witness témoin zeuge zeugin defendant accused prévenu prévenue "
    "accusé accusée angeklagte angeklagter prosecutor procureur procureure magistrat "
    "magistrate staatsanwalt staatsanwältin avocat avocate élu élue midwife nurse "
)
# A person described by age or family ("the 81-year-old", "die 81-Jährige", "the
# father-of-two", "l'octogénaire"): news style for someone named just before.
DESCRIPTION = re.compile(
    r"^(?:\w+-year-old|\d+-jährige[rn]?|(?:father|mother)-of-\w+|\w+génaire)$", re.IGNORECASE
)
