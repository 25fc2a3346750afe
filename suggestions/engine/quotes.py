"""Find quotations in a paragraph: the marks of English, French, German and CJK news.

Handled: curly “…” and straight "…" double quotes; ‘…’ single quotes (at the top level
only when they open a word and close before a non-letter, so apostrophes are never
taken for marks); straight '…' single quotes on the same terms and only with a verb of
saying or a colon next to them ('…,' she said), as straight marks double as
apostrophes and as the marks of years ('90s) and of "rock 'n' roll"; « … » with or
without (narrow) no-break spaces; German „…“ and »…«;
「…」 and 『…』. Marks of another kind inside a quotation (nested quotes) are part of
its words. Which closer a mark pairs with follows from the order the marks come in (an
article's first guillemet « or » decides its direction), so the language is a hint only.

A quotation whose paragraph ends before its closing mark runs on into the next
paragraph when that one opens with a mark, the convention of English, French and German
news alike (one quotation per paragraph, each without marks).
"""

from __future__ import annotations

from suggestions.engine.cues import speech_verbs
from suggestions.engine.spans import Quotation

# Opening mark -> the marks that may close it.
_PAIRS: dict[str, str] = {
    "“": "”“",  # “…” (English); “…“ occurs in careless typing
    "„": "“”",  # German „…“, sometimes „…”
    "«": "»",
    "»": "«",  # German »…«
    '"': '"',
    "「": "」",
    "『": "』",
    "‘": "’",
    "'": "'",
}
_CUE_BEFORE = 60  # code points before a straight single quote searched for a verb
_CUE_AFTER = 40
_DOUBLE_OPENERS = '“„«»"「『'
# Spaces that may stand between a mark and the words: French puts a (narrow) no-break
# space inside « ».
_SPACES = " \t\n\u00a0\u202f\u2009\u2007\u200a"
# What may stand right before an opening mark (start of a word, after a dash or bracket).
_BEFORE_OPEN = set(_SPACES) | set("([{—–-/:;,")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _SPACES:
        start += 1
    while end > start and text[end - 1] in _SPACES:
        end -= 1
    return start, end


def _may_open(text: str, i: int) -> bool:
    mark = text[i]
    if mark == "»" and "«" not in text[i + 1 :]:
        return False  # a French closer whose opener was in another paragraph
    if mark in "\"‘'":
        # A straight or single mark opens only at the start of a word.
        if i > 0 and text[i - 1] not in _BEFORE_OPEN and text[i - 1] not in _DOUBLE_OPENERS:
            return False
        if i + 1 >= len(text) or text[i + 1] in _SPACES:
            return False
    return True


def _closer(text: str, i: int, closers: str) -> int:
    """Offset of the mark closing the one at ``i``, or -1."""
    j = i + 1
    while j < len(text):
        ch = text[j]
        if ch in closers:
            # An apostrophe (council’s, Ng’ang’a) is followed by a letter.
            if ch in "’'" and j + 1 < len(text) and text[j + 1].isalpha():
                j += 1
                continue
            if ch == '"' and j + 1 < len(text) and text[j + 1].isalnum() and j > i + 1:
                # a straight mark followed by a letter opens rather than closes: keep
                # looking only if another mark follows
                if text.find('"', j + 1) == -1:
                    return j
                j += 1
                continue
            return j
        j += 1
    return -1


def _attributed(text: str, i: int, j: int) -> bool:
    """A straight single quotation from ``i`` to ``j`` has a cue beside it: a verb of
    saying shortly before or after it, or a colon right before it."""
    if j - i < 3 or text[j - 1] in _SPACES:
        return False
    if text[:i].rstrip(_SPACES).endswith(":"):
        return True
    before = text[max(0, i - _CUE_BEFORE) : i]
    after = text[j + 1 : j + 1 + _CUE_AFTER]
    return bool(speech_verbs(before) or speech_verbs(after))


def find_quotations(text: str, *, after_open: bool = False) -> list[Quotation]:
    """The quotations of one paragraph, in order, top-level only.

    ``after_open`` says the previous paragraph ended inside a quotation: an opening mark
    at the start of this one then continues it (``continues``). A quotation with no closer
    runs to the end of the paragraph (``runs_on``). Quotations with no words are left
    out. Raises nothing.
    """
    found: list[Quotation] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _PAIRS and _may_open(text, i):
            j = _closer(text, i, _PAIRS[ch])
            runs_on = j == -1
            if runs_on and ch in "‘'":
                i += 1
                continue
            if ch == "'" and not _attributed(text, i, j):
                i += 1
                continue
            close = n if runs_on else j
            start, end = _trim(text, i + 1, close)
            if end > start:
                continues = after_open and not text[:i].strip(_SPACES)
                found.append(Quotation(i, close, start, end, runs_on, continues))
            i = close + 1
            continue
        i += 1
    return found


def quotations_of_article(texts: list[str]) -> list[list[Quotation]]:
    """:func:`find_quotations` for each paragraph, carrying a run-on quotation over to a
    next paragraph that opens with a mark. A run-on quotation whose next paragraph does
    not open with a mark stays one (the closing mark was forgotten)."""
    result: list[list[Quotation]] = []
    open_before = False
    for text in texts:
        quotations = find_quotations(text, after_open=open_before)
        result.append(quotations)
        open_before = bool(quotations) and quotations[-1].runs_on
    return result
