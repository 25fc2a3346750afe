"""Check-worthiness: does a sentence state a checkable fact that matters?

The features are those the check-worthiness literature found to carry most of the
signal (ClaimBuster, Hassan et al. 2017; the CheckThat! lab's task 1, Nakov et al.
2018–2023): numbers and quantities, comparisons and records, causal connectives, dates of
events, and attribution to an official; opinions, feelings, questions and predictions
without a figure are not check-worthy. The word lists are ours, in English, French and
German. :func:`score` gives a score in [0, 1] and the reason in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from suggestions.engine.cues import Lexicon, tokens


def _words(spec: str) -> Lexicon:
    return Lexicon(spec)


_DIGITS = re.compile(r"\d")
_YEAR_ONLY = re.compile(r"(?<![\d.,])(?:1[89]|20)\d\d(?![\d%]|[.,]\d)")
_NUMBER_WORDS = _words(
    """
        million millions billion billions trillion thousand thousands hundred hundreds
        dozen dozens percent per_cent half third quarter two-thirds three-quarters
        one-third twice double doubled tripled
        halved two three four five six seven eight nine ten eleven twelve fifteen
        twenty thirty forty fifty sixty seventy eighty ninety
        milliard milliards mille moitié tiers quart pour_cent deux trois quatre cinq
        sept huit neuf dix douze quinze vingt trente quarante cinquante soixante
        millionen milliarde milliarden tausend hundert prozent hälfte drittel viertel
        doppelt zwei drei vier fünf sechs sieben acht neun zehn zwölf zwanzig dreißig
        vierzig fünfzig
        """
)
_COMPARISON = _words(
    """
        more_than less_than fewer_than higher_than lower_than larger_than smaller_than
        largest smallest biggest highest lowest record records doubled tripled halved rose_by
        risen fell_by fallen dropped_by increased decreased grew_by declined up_from down_from
        compared_with compared_to since_records_began the_first the_only worst best
        fastest slowest cheapest longest shortest oldest youngest most least outnumber
        surpassed exceeded overtook average below_average above_average cut cuts reduce
        reduced reduces slashed
        plus_de moins_de plus_que moins_que record hausse baisse augmenté diminué doublé
        triplé le_plus la_plus les_plus premier première seul seule pire meilleur
        par_rapport dépassé jamais_vu moyenne
        mehr_als weniger_als höher niedriger rekord gestiegen gesunken verdoppelt
        halbiert zugenommen abgenommen am_meisten größte größten höchste höchsten
        niedrigste erste ersten einzige im_vergleich gegenüber übertroffen durchschnitt
        günstiger teurer
        """
)
_CAUSAL = _words(
    """
        because because_of caused causes cause due_to as_a_result resulted_in result_of
        led_to leads_to lead_to blamed blames owing_to thanks_to forced triggered
        contributed_to responsible_for linked_to
        à_cause en_raison grâce_à provoqué provoque entraîné causé suite_à à_la_suite
        dû_à due_à conséquence responsable
        wegen aufgrund verursacht verursachte führte_zu führten_zu deshalb daher infolge
        weil folge zurückzuführen
        """
)
_DATE = _words(
    """
        monday tuesday wednesday thursday friday saturday sunday january february march
        april june july august september october november december yesterday last_year
        last_week last_month last_night this_year since
        lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril
        juin juillet août septembre octobre novembre décembre hier l'an_dernier
        l’an_dernier l'année_dernière depuis
        montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz
        juni juli oktober dezember gestern vergangenen_jahr letzten_jahr seit
        """
)
_AGE = re.compile(r",\s*\d{1,3}(?:\s*(?:ans|Jahre|years\s+old))?\s*,")
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_OPINION = _words(
    """
        i_think i_believe we_believe i_feel in_my_view should ought must hope hopes
        hoped wonderful beautiful lovely terrible awful love loved feel feels delighted
        proud sad happy excited disappointed worried fear fears seems seemed perhaps
        maybe probably deserve deserves unfair shameful magical
        je_pense nous_pensons il_faut devrait doit espère espèrent magnifique formidable
        heureux heureuse fier fière triste inquiet inquiète semble peut-être honteux
        ich_glaube wir_glauben meiner_meinung sollte sollten muss müssen hoffe hoffen
        hofft wunderbar schön traurig stolz froh scheint vielleicht wohl enttäuscht
        """
)
_PREDICTION = _words(
    """
        will would could may might expect expects expected_to plan_to plans_to likely
        forecast forecasts going_to won't
        va vont devrait pourrait prévoit sera seront pourra pourraient devraient
        wird werden würde könnte soll sollen dürfte voraussichtlich
        """
)
_OFFICIAL = _words(
    """
        said says according_to told stated confirmed announced reported figures data
        statistics survey census report budget
        selon d'après d’après a_déclaré a_annoncé a_confirmé chiffres données rapport
        laut zufolge sagte erklärte teilte_mit bestätigte angaben zahlen bericht
        admitted admits insisted insists conceded acknowledged warned
        a_précisé a_indiqué a_reconnu a_admis affirme assure
        sagt räumte_ein räumt_ein betonte betont warnte
        """
)


@dataclass(frozen=True)
class Verdict:
    """A sentence's check-worthiness ``score`` in [0, 1] and the ``reason`` in words."""

    score: float
    reason: str


THRESHOLD = 0.4
# A verb in a past tense: English -ed and common irregular forms, the French passé
# composé's auxiliary, German Perfekt and Präteritum auxiliaries.
_PAST = re.compile(
    r"\b(?:\w+ed|was|were|had|did|met|won|lost|held|took|began|made|sold|paid|spent|"
    r"a\s+\w+(?:é|i|u|is|it)|ont|avait|avaient|était|hat|haben|hatte|wurde|wurden|war|"
    r"habe|hätten|seien|worden|gewesen)\b",
    re.IGNORECASE,
)
_FEATURES = (
    ("number", _NUMBER_WORDS),
    ("comparison", _COMPARISON),
    ("causal", _CAUSAL),
    ("date", _DATE),
    ("official", _OFFICIAL),
    ("opinion", _OPINION),
    ("prediction", _PREDICTION),
)


def score(sentence: str) -> Verdict:
    """How check-worthy ``sentence`` is. Questions score 0; an opinion or a prediction
    without a number is pulled down. Raises nothing."""
    text = sentence.strip()
    if not text or text.rstrip('”’"»«“)').endswith("?"):
        return Verdict(0.0, "question")
    toks = tokens(text)
    hits = {name for name, lexicon in _FEATURES if lexicon.find(toks)}
    # a person's age in apposition ("Jean Lowe, 81, moved…") is not a statistic
    without_years = _AGE.sub(",", _YEAR_ONLY.sub("", text))
    number = bool(_DIGITS.search(without_years)) or "number" in hits
    comparison = "comparison" in hits
    causal = "causal" in hits
    date = "date" in hits or bool(_YEAR.search(text))
    official = "official" in hits
    opinion = "opinion" in hits
    prediction = "prediction" in hits
    value = 0.0
    parts = []
    if number:
        value += 0.45
        parts.append("number")
    if comparison:
        value += 0.4
        parts.append("comparison")
    if causal:
        value += 0.3
        parts.append("causal claim")
    if date and not parts:
        value += 0.4 if _PAST.search(text) and not prediction else 0.25
        parts.append("date of an event")
    if official:
        value += 0.15
    if opinion:
        value -= 0.35 if not number else 0.05
    if prediction and not number:
        value -= 0.3
    value = max(0.0, min(1.0, value))
    reason = " + ".join(parts) if parts else "statement of fact"
    if official and parts:
        reason += " by an official" if parts[-1] == "causal claim" else ", attributed"
    elif official:
        reason = "statement of fact by an official"
    return Verdict(round(value, 2), reason)
