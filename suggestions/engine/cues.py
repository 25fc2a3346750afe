"""Words that attribute speech and mark claims, in English, French and German.

The lists are ours, written from the usual verbs of reporting in news style guides
(said/says/told/added; a déclaré/selon/estime/affirme; sagte/so/erklärte/betonte). The
engine uses all three languages on every article, so a French quotation in an English
article is attributed too; the article's language only orders the lists.
"""

from __future__ import annotations

import functools
import re


def word_set(spec: str) -> frozenset[str]:
    """The white-space separated words of ``spec``, as a set (the lists below read
    better as running text than as a list literal)."""
    return frozenset(spec.split())


# Verbs of saying: a speaker stands before them ("Lind said") or right after them
# ("said Lind", "a déclaré Mme Roy", "sagte Müller").
SPEECH_VERBS = {
    "en": (
        "said says say told tells added adds asked asks explained explains insisted "
        "insists argued argues warned warns noted notes recalled recalls replied replies "
        "wrote writes stated states declared declares announced announces admitted admits "
        "conceded concedes claimed claims continued continues remarked remarks "
        "acknowledged acknowledges stressed stresses complained complains countered "
        "counters agreed agrees predicted predicts promised promises vowed vows joked jokes "
        "laughed sighed shouted urged urges suggested suggests observed observes "
        "responded responds maintained maintains confirmed confirms denied denies "
        "estimated estimates called calls described describes put_it puts_it "
        "pointed_out points_out went_on goes_on answered testified testifies "
        "recounted recounts reflected reflects emphasised emphasises emphasized emphasizes "
        "cautioned cautions protested objected pleaded pleads demanded "
        "revealed reveals assured assures reassured reassures exclaimed exclaims "
        "whispered whispers muttered mutters snapped quipped quips mused "
        "boasted boasts grumbled grumbles tweeted posted reported"
    ),
    "fr": (
        "déclare dit affirme estime explique ajoute souligne précise assure confie indique "
        "lance reconnaît raconte poursuit insiste martèle regrette rappelle observe note "
        "prévient avertit admet résume tranche juge répond réplique annonce confirme "
        "dénonce s'insurge s'inquiète conclut commente détaille "
        "déclaré dit affirmé estimé expliqué ajouté souligné précisé assuré confié indiqué "
        "lancé reconnu raconté poursuivi insisté martelé regretté rappelé observé noté "
        "prévenu averti admis résumé tranché jugé répondu répliqué annoncé confirmé "
        "dénoncé conclu commenté détaillé rétorque rétorqué glisse glissé souffle soufflé "
        "lâche lâché tonne tonné plaide plaidé ironise ironisé nuance nuancé avance avancé "
        "demande demandé déplore déploré témoigne témoigné avoue avoué concède concédé "
        "promet promis fustige fustigé s'exclame s'est_exclamé s'amuse s'emporte "
        "s'agace se_félicite se_réjouit s'étonne s'indigne tempère tempéré soupire "
        "soupiré sourit "
        "fait_valoir fait_savoir s'est_dit s'est_dite s'est_dits s'est_dites s’est_dit "
        "s’est_dite"
    ),
    "de": (
        "sagte sagt sagten erklärte erklärt betonte betont meinte meint ergänzte ergänzt "
        "warnte warnt kritisierte kritisiert erläuterte erläutert berichtete berichtet "
        "schreibt schrieb sprach spricht fügte räumte räumt bestätigte bestätigt "
        "versicherte versichert unterstrich unterstreicht forderte fordert klagte klagt "
        "mahnte mahnt kündigte kündigt argumentierte argumentiert antwortete antwortet "
        "erinnerte erinnert beklagte beklagt bilanzierte sagen teilte teilt widersprach "
        "fragte fragt entgegnete entgegnet konterte kontert erwiderte erwidert versprach "
        "verspricht erzählt erzählte gesteht gestand beteuert beteuerte bekräftigt "
        "bekräftigte resümiert resümierte urteilt urteilte ruft rief schimpft schimpfte "
        "stellte_klar stellt_klar gab_zu gibt_zu wandte_ein wendet_ein hielt_dagegen "
        "hält_dagegen"
    ),
}
# Verbs whose object is the listener, never the speaker ("told councillors").
LISTENER_VERBS = {"told", "tells", "asked", "asks", "urged", "urges", "warned", "warns"}
# Cues after which the source follows: "according to X", "selon X", "laut X", ", so X".
SOURCE_BEFORE = {
    "en": ("according to", "as told by", "in the words of", "quoting"),
    "fr": ("selon", "d'après", "d’après", "pour", "aux yeux de"),
    "de": ("laut", "nach angaben von", "nach angaben", "so", "nach worten von"),
}
# Cues after which the source stands: "X zufolge".
SOURCE_AFTER = ("zufolge",)

PRONOUNS = {
    "en": ("he", "she", "they", "it"),
    "fr": ("il", "elle", "ils", "elles"),
    "de": ("er", "sie"),
}
# Determiners that start a role phrase: "the mayor", "la maire", "der Sprecher".
DETERMINERS = ("the", "le", "la", "l'", "l’", "der", "die", "das", "des", "du")
# Possessives that may stand for the determiner: "its director", "son adjoint".
POSSESSIVES = ("its", "his", "her", "their", "son", "sa", "leur", "sein", "seine", "ihr", "ihre")
# Indefinites of an unnamed speaker: "one driver", "a resident", "une habitante".
INDEFINITES = ("one", "a", "an", "another", "un", "une", "ein", "eine", "einer")

# Honorifics and roles written before a name, removed from a speaker's name.
TITLES = word_set(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister
    mayor councillor councilor alderman senator sen governor gov president minister
    premier chancellor chief inspector sergeant sgt detective constable officer captain
    capt judge justice commissioner director superintendent supt coach dean principal
    deputy general gen colonel col major lieutenant lt rep representative secretary
    chairman chairwoman chair ambassador bishop pastor rabbi imam king queen prince
    princess speaker commander nurse doctor engineer economist
    m mme mlle me maître maire ministre président présidente docteur monsieur madame
    herr frau dr. prof. bürgermeister bürgermeisterin minister ministerin präsident
    präsidentin kanzler kanzlerin stadträtin stadtrat sprecher sprecherin direktor
    direktorin professorin pfarrer pfarrerin kommissar kommissarin geschäftsführer
    geschäftsführerin oberbürgermeister oberbürgermeisterin vorsitzende vorsitzender
    landrat landrätin pressesprecher pressesprecherin chef chefin leiter leiterin
    conseiller conseillère adjoint adjointe préfet préfète député députée sénateur
    anwohner anwohnerin nachbar nachbarin statiker statikerin ingenieur ingenieurin
    architekt architektin bewohner bewohnerin mieter mieterin rentner rentnerin
    lehrer lehrerin arzt ärztin landwirt landwirtin stadträte
    resident pensioner campaigner shopkeeper activist student volunteer organiser farmer
    cllr coun headteacher headmaster headmistress pc wpc dc ds dci insp vicar
    rector archdeacon pr mgr kämmerer kämmerin ortsvorsteher ortsvorsteherin dezernent
    dezernentin rektor rektorin
    sohn tochter vater mutter bruder schwester ehefrau ehemann enkel enkelin
    """
)
# The roles German compounds end with ("Bäderchef", "Schwimmlehrerin"), longest first.
_GERMAN_ROLE_STEMS = sorted(
    word_set(
        """
        sprecher sprecherin chef chefin leiter leiterin lehrer lehrerin meister meisterin
        direktor direktorin vorsitzende vorsitzender präsident präsidentin minister
        ministerin ingenieur ingenieurin architekt architektin arzt ärztin anwalt anwältin
        führer führerin trainer trainerin planer planerin experte expertin beauftragte
        beauftragter referent referentin
        vorsteher vorsteherin kämmerer kämmerin dezernent dezernentin abgeordnete
        abgeordneter
        politiker politikerin vertreter vertreterin rat rätin
        """
    ),
    key=len,
    reverse=True,
)
# Post-nominal letters after a name ("Ngozi Obi KC"), never part of it.
POSTNOMINALS = word_set("kc qc mp mep msp mla obe mbe cbe dbe jr jr. sr sr. phd")
# Honorifics proper: a person's title, never a role of what follows ("Mr van der Linde"
# keeps its particles; "Sprecherin der Stadt" does not).
HONORIFICS = word_set("mr mrs ms miss mx dr prof sir dame m mme mlle me monsieur madame herr frau")
# Commands that open a sentence before a name ("Ask Anke Lind…", "Fragen Sie Ilse…"):
# never part of the name.
IMPERATIVES = word_set(
    """
    ask tell take meet call look watch listen imagine consider remember try visit join
    follow talk demandez interrogez prenez regardez écoutez voyez imaginez fragen frag
    fragt nehmen nimm schauen sehen hören besuchen stellen
    """
)

# Capitalised words that begin a sentence or a phrase but are never part of a name.
NOT_NAMES = word_set(
    """
    the a an and but or so yet if when while after before since because as at in on of
    for from to by with without this that these those there here it its he she they we
    you i his her their our my your them us me who what which where why how all some
    many most more no not one two three four five six seven eight nine ten first last
    next new old monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december
    mondays sundays today tomorrow yesterday tonight also still even only just then
    now however although though meanwhile instead despite during under over about
    against between into through up down out off again once further each every both
    either neither other another such same any few less than too very can will would
    should could might must shall do does did has have had is are was were be been being
    let yes mrs ms mr dr st prof
    le la les un une des et mais ou donc car ni si quand lorsque alors puis il elle ils
    elles nous vous je tu on ce cette ces son sa ses leur leurs selon dans pour par avec
    sans sur sous chez depuis pendant après avant lundi mardi mercredi jeudi vendredi
    samedi dimanche janvier février mars avril mai juin juillet août septembre octobre
    novembre décembre aujourd'hui hier demain mais plus moins très aussi encore déjà
    der die das ein eine einen einem einer und aber oder doch wenn als weil dass ob
    er sie es wir ihr ich du man sein seine ihre im am vom zum zur mit ohne für gegen
    auf aus bei nach seit von vor zu über unter montag dienstag mittwoch donnerstag
    freitag samstag sonntag januar februar märz juni juli oktober dezember heute
    gestern morgen auch noch schon nur dann jetzt laut so wie was wer wo warum
    """
)

# Words that make a capitalised name an organisation rather than a person.
ORGANISATION_WORDS = word_set(
    """
    council authority ministry department agency union association company corporation
    inc ltd llc plc group police service office bank university college school hospital
    commission board institute party committee court trust foundation federation club
    network society centre center bureau administration government parliament assembly
    fund guard army navy team league coalition alliance partnership
    conseil ministère mairie préfecture syndicat agence société fédération association
    université hôpital commission comité tribunal fondation gouvernement assemblée
    ministerium verband gewerkschaft stadtrat amt behörde polizei universität
    klinikum krankenhaus gmbh ag kommission ausschuss gericht stiftung regierung
    bundesamt landesamt stadtwerke verein initiative verwaltung
    inspectorate regulator watchdog holdings chamber services firm hospice charity
    city town ville commune gemeinde stadt landkreis kreis
    """
)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


ALL_SPEECH_VERBS = frozenset(w for words in SPEECH_VERBS.values() for w in words.split())
_TOKEN = re.compile(r"[^\W_][\w’'-]*")
# French inversion: "explique-t-elle", "a-t-il", "déclare-t-il", "dit-elle"
_INVERSION = re.compile(r"^\w+-(?:t-)?(?:il|elle|ils|elles|on)$")


def tokens(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text`` as (start, end, lower-case word), code points."""
    return [(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(text)]


class Lexicon:
    """A set of words and phrases (``_`` joins the words of a phrase in the spec),
    looked up over a text's tokens: a hash look-up per token and phrase length, not a
    regular expression alternation, so a sentence costs microseconds."""

    def __init__(self, spec: str | list[str]) -> None:
        items = spec.split() if isinstance(spec, str) else spec
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for item in items:
            phrase = tuple(item.replace("_", " ").lower().split())
            by_first.setdefault(phrase[0], []).append(phrase)
        # longest phrase first, so "according to" wins over "according"
        self.by_first = {w: sorted(ps, key=len, reverse=True) for w, ps in by_first.items()}

    def find(self, toks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """(start, end, phrase) of each occurrence, in order, longest phrase first at a
        token."""
        found = []
        words = [t[2] for t in toks]
        for i, word in enumerate(words):
            phrases = self.by_first.get(word)
            if phrases is None:
                continue
            for phrase in phrases:
                n = len(phrase)
                if n == 1 or tuple(words[i : i + n]) == phrase:
                    found.append((toks[i][0], toks[i + n - 1][1], " ".join(phrase)))
                    break
        return found

    def search(self, text: str) -> bool:
        """True when ``text`` contains one of the phrases."""
        return bool(self.find(tokens(text)))


_SPEECH = Lexicon(sorted(ALL_SPEECH_VERBS))
SOURCES = Lexicon([w.replace(" ", "_") for words in SOURCE_BEFORE.values() for w in words])


def speech_verbs(text: str) -> list[tuple[int, int, str]]:
    """The verbs of saying in ``text`` (French inversions included): (start, end, word)."""
    toks = tokens(text)
    found = _SPEECH.find(toks)
    found.extend(t for t in toks if "-" in t[2] and _INVERSION.match(t[2]))
    return sorted(found)


def source_cues(text: str) -> list[tuple[int, int, str]]:
    """ "according to", "selon", "laut"… in ``text``: (start, end, phrase)."""
    return SOURCES.find(tokens(text))


INVERSION_PRONOUN = re.compile(r"-(?:t-)?(il|elle|ils|elles)$", re.IGNORECASE)
ALL_PRONOUNS = frozenset(p for ps in PRONOUNS.values() for p in ps)


def is_title_word(word: str) -> bool:
    """True for an honorific or role written before a name (Mr, Mayor, Mme, Herr…),
    German compounds of a role included ("Fraktionschefin", "Schwimmlehrerin")."""
    return word.lower().rstrip(".") in TITLES or word.lower() in TITLES or bool(role_stem(word))


@functools.lru_cache(maxsize=4096)
def role_stem(word: str) -> str:
    """The role a German compound ends with ("Bäderchef" -> "chef", "Fraktionschefin" ->
    "chefin"), or "": the head of a German compound is its last part, and newsrooms
    coin such roles freely. At least three letters must come before the role, so a
    surname that is a role ("Meister") stays a name."""
    w = word.lower()
    if "-" in w:
        # "Grünen-Fraktionschefin", "Grünen-Politikerin": the part after the hyphen
        # ("Schmidt-Meister" stays a surname: a short role alone after a hyphen is not)
        head = w.rsplit("-", 1)[1]
        # a feminine role is no surname: "Grünen-Chefin"
        long = len(head) >= 8 or head.endswith("in")
        return head if head in _GERMAN_ROLE_STEMS and long else role_stem(head)
    if not w.isalpha():
        return ""
    for stem in _GERMAN_ROLE_STEMS:
        if w.endswith(stem) and len(w) >= len(stem) + 3:
            return stem
    return ""
