"""Split a paragraph into sentences, keeping quotations whole.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (closing marks and brackets after it
belong to it) before white space and a capital letter, a digit or an opening mark; not
after a known abbreviation ("Dr.", "Mme.", "z. B."), an initial ("J. R. Tolkien") or a
German ordinal before a month ("am 3. März"), and not inside a quotation unless the
punctuation closes it. The rules are those of the classic Punkt-style splitters, with
the lists written for news in English, French and German.
"""

from __future__ import annotations

import re

from suggestions.engine.cues import word_set
from suggestions.engine.spans import Quotation

_END = re.compile(r"[.!?…]+[\"'”’»“«)\]」』]*(?=\s+[\"'“‘«»„(\[「『]?[\s\u00a0\u202f]*[\d\w])")
_ABBREVIATIONS = word_set(
    """
    mr mrs ms dr st prof gen gov sen rep jr sr inc ltd co corp vs etc e.g i.e no nos
    approx dept est fig jan feb mar apr jun jul aug sep sept oct nov dec mt ft lt col
    capt sgt supt m mme mlle me av bd bzw ca nr str tel z.b u.a d.h usw vgl evtl hr fr
    """
)
_MONTHS = word_set(
    "januar februar märz april mai juni juli august september oktober november dezember jänner"
)


def split(
    text: str, quotations: list[Quotation] | tuple[Quotation, ...] = ()
) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text`` (code points, end exclusive, spaces
    between sentences left out), in order. ``quotations`` are not split inside."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        punct = m.start()
        if _inside(punct, m.end(), quotations):
            continue
        if text[punct] == "." and _not_an_end(text, punct):
            continue
        nxt = text[m.end() :].lstrip()
        if nxt and nxt[0].islower():
            continue
        spans.append((start, m.end()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        end = len(text.rstrip())
        if end > start:
            spans.append((start, end))
    return spans


def _inside(punct: int, end: int, quotations: list[Quotation] | tuple[Quotation, ...]) -> bool:
    for q in quotations:
        if q.open < punct < q.close:
            # Punctuation that ends the quotation ends the sentence only if the closing
            # mark comes right after it.
            return not (q.close < end and not q.runs_on)
    return False


def _not_an_end(text: str, dot: int) -> bool:
    before = text[:dot]
    m = re.search(r"([\w.]+)$", before)
    if m is None:
        return False
    word = m.group(1)
    if word.lower() in _ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial
    if word.isdigit() and len(word) <= 2:
        after = re.match(r"\s+(\w+)", text[dot + 1 :])
        if after and after.group(1).lower() in _MONTHS:
            return True
    return False
