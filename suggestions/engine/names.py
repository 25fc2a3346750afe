"""Names of people and organisations in a text, and the full name a short one stands for.

A name is a run of capitalised words (any script with case: accents, combining marks,
apostrophes and hyphens inside a word, as in "Zoë", "Ñuño", "O’Brien",
"Jean-Luc"), with lower-case particles between them ("van der", "de la", "von", "bin",
"d’"). Leading honorifics and roles ("Mayor", "Mme", "Herr Dr.") are removed and kept
apart. The rule is the classic capitalisation heuristic of named-entity recognisers
without a model; sentence-initial words that are never names are listed in
:data:`suggestions.engine.cues.NOT_NAMES`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from suggestions.engine.cues import (
    HONORIFICS,
    IMPERATIVES,
    NOT_NAMES,
    ORGANISATION_WORDS,
    POSTNOMINALS,
    TITLES,
    is_title_word,
    word_set,
)

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = re.compile(rf"[^\W\d_][\w{_MARKS}]*(?:[’'\-][\w{_MARKS}]+)*\.?")
PARTICLES = word_set(
    "van der den de la le du des di da del della von zu ten ter bin ben al y dos das vom zum st."
)
_GLUED_PARTICLE = re.compile(r"^(?:d|l|D|L)[’']|^(?:al|el)-")


@dataclass(frozen=True)
class Mention:
    """A name in a text: ``text`` is ``source[start:end]`` without titles; ``title`` the
    honorific or role written before it (lower case, "" if none)."""

    start: int
    end: int
    text: str
    title: str = ""
    outer_start: int = -1  # where the name starts with its titles ("Mayor Inès…")

    @property
    def tokens(self) -> list[str]:
        return self.text.split()


def _is_capitalised(word: str) -> bool:
    core = _GLUED_PARTICLE.sub("", word)
    if core != word and core and word[0] in "DL":
        # "L’élue", "D’après" open a sentence; "D’Souza", "L’Oréal" are names
        return core[0].isupper()
    if word[0].isupper():
        return True
    if word[0] not in "dlae":
        return False
    return bool(core) and core[0].isupper()


def _words(text: str) -> list[tuple[int, int, str]]:
    result = []
    for m in _WORD.finditer(text):
        word = m.group()
        end = m.end()
        if word.endswith(".") and not (len(word) == 2 or is_title_word(word)):
            word, end = word[:-1], end - 1
        result.append((m.start(), end, word))
    return result


def mentions(text: str, nouns: frozenset[str] = frozenset()) -> list[Mention]:
    """Every name in ``text``, in order (offsets in code points). Single capitalised
    words are included; the caller decides whether one is a name (see
    :class:`Registry`). Possessive ’s is left out of the name. ``nouns`` are words (lower
    case) the article shows to be common nouns (:func:`common_nouns`): one opening a
    run of three capitalised words is kept as the title ("Coxswain Ewan Trelawny")."""
    words = _words(text)
    found: list[Mention] = []
    i = 0
    while i < len(words):
        if not _is_capitalised(words[i][2]):
            i += 1
            continue
        run = [words[i]]
        j = i + 1
        while j < len(words):
            if run[-1][2].endswith(("’s", "'s")) and not (
                text[run[-1][1] : words[j][0]] == " "
                and _is_capitalised(words[j][2])
                and words[j][2].lower() in ORGANISATION_WORDS
            ):
                # a possessive ends a name ("Ashcombe's MP", "Kestrel’s chief") unless a
                # kind of body follows it: "St Brannoc's Hospice"
                break
            gap = text[run[-1][1] : words[j][0]]
            # a plural possessive inside a body's name: "the Ramblers’ Association"
            plural = gap in ("' ", "’ ") and run[-1][2].endswith("s")
            if gap not in (" ", "\u00a0") and not (plural and _is_capitalised(words[j][2])):
                break
            word = words[j][2]
            if _is_capitalised(word):
                run.append(words[j])
                j += 1
                continue
            # particles continue a name only when one capitalised word (not an acronym)
            # follows them: "Ilse von der Heydt", not "Pfeiffer von der Freien Liste"
            k = j
            while k < len(words) and words[k][2].lower() in PARTICLES:
                k += 1
            if k == j and word in ("of", "for") and run[-1][2].lower() in ORGANISATION_WORDS:
                k += 1  # "City of Harrowgate", "Chamber of Trade", "Department for Transport"
            if k > j and k < len(words) and _ends_name(text, words, k):
                run.extend(words[j : k + 1])
                j = k + 1
                continue
            break
        i = j
        split = _inner_title(run)
        # "seinem Sohn Jannik Ohlendorf", "der Landwirt Heinrich Ohlendorf": after a
        # German determiner the first capitalised word is a noun, the name follows
        for part in (run[:split], run[split:]) if split else (run,):
            mention = _clean(text, part, nouns)
            if mention is not None:
                found.append(mention)
    return found


_ANY_WORD = re.compile(r"[\w’'-]+")


def common_nouns(texts: list[str]) -> frozenset[str]:
    """The words an article writes as common nouns, lower case: those it writes in lower
    case somewhere ("the coxswain"), and in German those after a determiner ("seinem
    Sohn"). Evidence for :func:`mentions` that a capitalised word before a name is a
    noun, the article's own, as a reader's is."""
    found: set[str] = set()
    for text in texts:
        found.update(w for w in _ANY_WORD.findall(text) if w[0].islower())
        found.update(m.group(1).lower() for m in _AFTER_DETERMINER.finditer(text))
    return frozenset(found - PARTICLES)


def _names_a_body(word: str) -> bool:
    """True for a kind of body ("Stadtwerke", "Landesamt") or an acronym ("SV"): the
    start of a body's name, not a noun before a person's."""
    w = word.lower()
    if word.isupper() or w in ORGANISATION_WORDS:
        return True
    return any(len(k) >= 5 and w.endswith(k) for k in ORGANISATION_WORDS)


def _inner_title(run: list[tuple[int, int, str]]) -> int:
    """Where a role written as a title starts inside a run, when a name of two words
    or more follows it and words that are not titles come before it ("Hillside
    Councillor Ana Ruiz", "Kirchwalder Anwohnerin Ilse Rau": a modifier, then the
    person with their title); 0 when there is none. A body's name keeps its words
    ("Northfield Nurse Training College")."""
    for k in range(1, len(run) - 2):
        before = [w for _, _, w in run[:k]]
        if not is_title_word(run[k][2]) or is_title_word(before[-1]):
            continue
        if all(w.lower() in NOT_NAMES for w in before):
            return 0
        rest = [w for _, _, w in run[k + 1 :] if not is_title_word(w)]
        if len(rest) >= 2 and not any(w.lower() in ORGANISATION_WORDS for w in rest):
            return k
        return 0
    return 0


def _ends_name(text: str, words: list[tuple[int, int, str]], k: int) -> bool:
    """True when ``words[k]`` (after particles) is a capitalised word, not an acronym,
    and the last capitalised word of the run: the surname of "van der Berg"."""
    word = words[k][2]
    if not _is_capitalised(word) or (len(word) > 1 and word.isupper()):
        return False
    if k + 1 < len(words) and text[words[k][1] : words[k + 1][0]] in (" ", "\u00a0"):
        return not _is_capitalised(words[k + 1][2])
    return True


def _leading_not_name(run: list[tuple[int, int, str]]) -> bool:
    word = run[0][2].lower().rstrip(".")
    if is_title_word(run[0][2]) or (word == "st" and len(run) > 1):
        return False  # "St Brannoc's Hospice": Saint, part of the name
    return word in NOT_NAMES or (word in IMPERATIVES and len(run) > 1)


def _noun_first(text: str, run: list[tuple[int, int, str]], nouns: frozenset[str]) -> bool:
    """True when the first of three capitalised words or more is a common noun before
    a person's name: after a German determiner ("seinem Sohn Jannik Ohlendorf") or a
    word the article writes as a noun elsewhere ("Coxswain Ewan Trelawny"), and not
    the start of a body's name ("der Stadtwerke Bad Kirchwald", "Coastal Workers
    Union")."""
    if len(run) < 3 or not _is_capitalised(run[1][2]) or _names_a_body(run[0][2]):
        return False
    if any(w.lower() in ORGANISATION_WORDS for _, _, w in run):
        return False
    return bool(_NOUN_BEFORE.search(text[: run[0][0]])) or run[0][2].lower() in nouns


def _clean(
    text: str, run: list[tuple[int, int, str]], nouns: frozenset[str] = frozenset()
) -> Mention | None:
    # Leading words that are never names (commands too: "Ask Anke Lind"), then
    # honorifics and roles.
    while run and _leading_not_name(run):
        run = run[1:]
    noun_first = _noun_first(text, run, nouns)
    if run and _ELIDED_ACRONYM.match(run[0][2]):
        # "l'AS Portes-du-Causse", "L'ARS": the elided article is not part of the name
        s0, e0, w0 = run[0]
        run = [(s0 + 2, e0, w0[2:]), *run[1:]]
    titles = []
    outer = run[0][0] if run else 0
    if noun_first and len(run) >= 3:
        titles.append(run[0][2].lower())
        run = run[1:]
    while len(run) > 1 and is_title_word(run[0][2]):
        titles.append(run[0][2].lower().rstrip("."))
        run = run[1:]
        # "Sprecherin der Stadt": particles left at the front are articles, and the
        # "title" a role of what follows, not a person's honorific ("Mr van der Linde")
        if run and run[0][2] in PARTICLES and titles[-1] not in HONORIFICS:
            while run and run[0][2] in PARTICLES:
                run = run[1:]
            titles = []
            outer = run[0][0] if run else 0
    while run and (run[-1][2].lower() in PARTICLES or run[-1][2].lower() in POSTNOMINALS):
        run = run[:-1]
    if not run or (len(run) == 1 and is_title_word(run[0][2])):
        return None
    start, end = run[0][0], run[-1][1]
    name = text[start:end]
    for suffix in ("’s", "'s"):
        if name.endswith(suffix):
            name, end = name[: -len(suffix)], end - len(suffix)
    if run[-1][2].lower() in NOT_NAMES and len(run) == 1:
        return None
    if len(run) > 1 and name.isupper():
        return None  # a dateline ("PORT CALDER —"), not a name
    return Mention(start, end, name, " ".join(titles), outer)


# A German determiner or possessive right before a capitalised word: that word is a noun.
_GERMAN_DETERMINERS = (
    r"(?:dem|den|der|die|das|ein|eine|einem|einen|einer|eines|sein|seine|seinem|"
    r"seinen|seiner|ihr|ihre|ihrem|ihren|ihrer|unser|unsere|unserem)"
)
_NOUN_BEFORE = re.compile(r"(?:^|\s)" + _GERMAN_DETERMINERS + r"\s+$", re.IGNORECASE)
_AFTER_DETERMINER = re.compile(r"(?:^|\s)" + _GERMAN_DETERMINERS + r"\s+(\w+)", re.IGNORECASE)
_ELIDED_ACRONYM = re.compile(r"^[lLdD][’'][A-Z]{2,5}$")
# A body named by an acronym and a name: "AS Portes-du-Causse", "RC Saint-Aubin", "SV Lind".
_ACRONYM_FIRST = re.compile(r"^[A-Z]{2,5}\s+\w")


def nfc(name: str) -> str:
    """``name`` in Unicode NFC, as names are compared."""
    return unicodedata.normalize("NFC", name)


def is_organisation(name: str) -> bool:
    """True when a word of ``name`` names a kind of body (Council, Ministère, Verband…)
    or the name opens with an acronym ("AS Portes-du-Causse", "RC Saint-Aubin")."""
    return bool(_ACRONYM_FIRST.match(name)) or any(
        w.lower() in ORGANISATION_WORDS for w in name.split()
    )


@dataclass
class Registry:
    """The names of one article, in the order they appear, to expand a short name (a
    surname, a first name, "Mr Lind") to the full one given anywhere in the article.

    ``add`` is called with every mention in reading order, with a global offset (any
    increasing number); ``full_name`` prefers the most recent full name before that
    offset, then the first one after it.
    """

    names: list[tuple[int, str]] = field(default_factory=list)
    single: set[str] = field(default_factory=set)
    # German capitalises every noun: a lone capitalised word there is not a name.
    singles_are_names: bool = True

    # full_name's and family's answers, cleared when a name is added
    _memo: dict[tuple[str, int], str | None] = field(default_factory=dict, repr=False)
    _families: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def add(self, position: int, mention: Mention, *, sentence_start: bool) -> None:
        self._memo.clear()
        self._families.clear()
        tokens = mention.tokens
        if len(tokens) >= 2 or mention.title:
            self.names.append((position, nfc(mention.text)))
        elif not sentence_start and self.singles_are_names:
            self.single.add(nfc(mention.text))

    def full_name(self, name: str, position: int) -> str | None:
        """The longest known name whose words include all of ``name``'s words (for one
        word: whose last or first word it is), most recent before ``position`` first;
        None when none is known."""
        key = (name, position)
        if key not in self._memo:
            self._memo[key] = self._full_name(name, position)
        return self._memo[key]

    def _full_name(self, name: str, position: int) -> str | None:
        words = nfc(name).lower().split()
        if len(words) == 1:
            family = self.family(words[0])
            if len(family) >= 2:
                # A surname that several people of the article share (a family) stands
                # for the first of them introduced: news style names a relative in full
                # or by first name, the article's own subject by surname alone.
                return family[0]
        best: tuple[int, int, str] | None = None
        for where, full in self.names:
            full_words = full.lower().split()
            if len(full_words) < len(words):
                continue
            if len(words) == 1:
                ok = words[0] in (full_words[-1], full_words[0]) or (
                    "-" in full_words[-1] and words[0] in full_words[-1].split("-")
                )
            else:
                ok = _contains(full_words, words)
            if not ok:
                continue
            before = where <= position
            rank = (1 if before else 0, where if before else -where)
            if best is None or rank > best[:2]:
                best = (*rank, full)
        if best is None:
            return None
        # the most complete form of that name anywhere in the article
        chosen = best[2]
        for _, full in self.names:
            if len(full) > len(chosen) and _contains(full.lower().split(), chosen.lower().split()):
                chosen = full
        return chosen

    def family(self, surname: str) -> list[str]:
        """The distinct full names (two words or more) whose last word is ``surname``
        (lower case), in the order they were first given: a family when there are
        several ("Daniel Okonjo", "Grace Okonjo")."""
        if surname not in self._families:
            self._families[surname] = self._family(surname)
        return self._families[surname]

    def _family(self, surname: str) -> list[str]:
        found: list[str] = []
        for _, full in self.names:
            full_words = full.lower().split()
            if len(full_words) >= 2 and full_words[-1] == surname:
                longest = max(
                    (f for _, f in self.names if _contains(f.lower().split(), full_words)),
                    key=len,
                )
                if longest not in found:
                    found.append(longest)
        return found

    def is_known_single(self, word: str) -> bool:
        """True when ``word`` was seen alone in the middle of a sentence (a name)."""
        return nfc(word) in self.single


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def strip_titles(name: str) -> str:
    """``name`` without leading honorifics and roles ("Mayor Rosa Lind" -> "Rosa Lind")."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    return " ".join(words)
