"""Tell quotations from marks that quote nobody: scare quotes and titles.

Scare quotes hold a word or two that the writer distances themself from ("the
so-called “efficiency” plan"); titles name a book, film, ship, campaign or slogan
(“The Long Tide”). Both are told by the words before the marks and by the shape of the
quoted words, the cues a sub-editor uses; a verb of saying next to short quoted words
(“called it “reckless””) keeps them a quotation.
"""

from __future__ import annotations

import re

from suggestions.engine.cues import word_set

_TITLE_NOUNS = word_set(
    """
    book novel memoir biography film movie documentary album song single play musical
    opera series show programme program podcast exhibition exhibit report study poem
    painting ship vessel ferry boat yacht tug trawler barge slogan motto campaign banner
    sign signs placard placards hashtag headline titled entitled named dubbed nicknamed
    brand label column newsletter festival paper article essay
    livre roman film documentaire album chanson pièce série émission exposition rapport
    étude poème navire bateau ferry slogan devise campagne banderole pancarte intitulé
    intitulée baptisé baptisée nommé nommée
    buch roman film album lied stück serie sendung ausstellung bericht studie gedicht
    schiff fähre boot slogan motto kampagne transparent plakat titel namens genannt
    heißt
    """
)
# Groups named right before their name in marks: "le collectif « Touche pas à ma
# maternité »", "the campaign group "Save Our Pool"", "die Initiative „Rettet das Bad“".
_GROUP_NOUNS = word_set(
    """
    group campaign movement coalition collective alliance initiative petition
    collectif association mouvement groupe coalition pétition
    initiative bündnis aktion bewegung petition
    """
)
_SO_CALLED = re.compile(
    r"(?:so-called|so called|sogenannte[nmrs]?|so genannte[nmrs]?|soi-disant|prétendu[es]*|"
    r"dite?s?|quote-unquote)\s*$",
    re.IGNORECASE,
)
# French "s'est dite « soulagée »" reports what someone said of themself: not "so-called"
_SAID_OF_ONESELF = re.compile(r"(?:s['’]est|se\s+sont)\s+dite?s?\s*$", re.IGNORECASE)
_WORD = re.compile(r"[^\W_][\w’'-]*")
_TERMINAL = ".!?…,;:"


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def words(text: str) -> list[str]:
    """The words of ``text`` (letters and digits, with inner apostrophes and hyphens);
    in Chinese, Japanese and Korean, written without spaces, every two characters count
    as a word."""
    cjk = _CJK.findall(text)
    if len(cjk) >= 2:
        return ["".join(cjk[i : i + 2]) for i in range(0, len(cjk), 2)]
    return _WORD.findall(text)


def is_title_case(text: str) -> bool:
    """True when every word of four letters or more starts with a capital and there are
    at least two of them, or the text is one capitalised word (“Resolute”)."""
    long_words = [w for w in words(text) if len(w) >= 4]
    if not long_words:
        return False
    if not all(w[0].isupper() for w in long_words):
        return False
    return len(long_words) >= 2 or len(words(text)) == 1


def judge(quoted: str, before: str, *, cue_near: bool, cue_in_sentence: bool) -> str:
    """ "quote", "scare" or "title" for the quoted words ``quoted`` preceded in their
    sentence by ``before`` (quotations masked or not, it only reads the last words).

    ``cue_near`` says a verb of saying or a speaker's colon stands right before or after
    the marks; ``cue_in_sentence`` that one is somewhere in the sentence.
    """
    n = len(words(quoted))
    tail = before.rstrip(" \u00a0")
    last_words = [w.lower() for w in words(tail)[-3:]]
    if _SO_CALLED.search(tail) and not _SAID_OF_ONESELF.search(tail):
        return "scare"
    ends_like_speech = quoted.rstrip()[-1:] in _TERMINAL
    after_title_noun = any(w in _TITLE_NOUNS for w in last_words)
    if after_title_noun and not ends_like_speech and (is_title_case(quoted) or n <= 3):
        return "title"
    if after_title_noun and not ends_like_speech and quoted[:1].isupper() and n <= 10:
        # "the documentary “The Men of the Point”", "baptisé « Les Jardins du Lac »":
        # short words of a title are lower case or short, the first is capitalised
        return "title"
    after_group = bool(last_words) and last_words[-1] in _GROUP_NOUNS
    if after_group and not ends_like_speech and not cue_near and n <= 8:
        return "title"
    if n <= 3 and not ends_like_speech and is_title_case(quoted) and not cue_near:
        return "title"
    if n <= 2 and not cue_near and not (ends_like_speech and quoted[:1].isupper()):
        return "scare"
    if n <= 3 and not cue_in_sentence and not ends_like_speech:
        return "scare"
    if n <= 8 and is_title_case(quoted) and not ends_like_speech and not cue_near:
        return "title"
    return "quote"
