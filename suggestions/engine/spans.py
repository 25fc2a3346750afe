"""The engine's value types: what it reads (a paragraph) and what it finds (a suggestion).

Offsets are Unicode code points into the paragraph's text, end exclusive, as Python's
``str`` counts them and as the database's ``substr`` does (the exactness invariant).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Tag = Literal["quote", "claim", "context"]


@dataclass(frozen=True)
class ParagraphIn:
    """One paragraph as the engine reads it: its text and kind ("body", "heading",
    "caption", as :class:`articles.models.Paragraph.Kind`)."""

    text: str
    kind: str = "body"


@dataclass(frozen=True)
class Found:
    """One suggestion.

    ``paragraph`` is the 0-based index in the article's paragraphs (the reading page's
    position minus one); ``text == paragraphs[paragraph].text[start:end]``. ``speaker``
    is a full name as given in the article, or "" when none was found; ``reason`` says
    in a few words why (e.g. "number + comparison"); ``score`` is in [0, 1].
    """

    paragraph: int
    start: int
    end: int
    text: str
    tag: Tag
    speaker: str = ""
    reason: str = ""
    score: float = 0.5


@dataclass(frozen=True)
class Quotation:
    """A quotation found in a paragraph, before it is judged and attributed.

    ``open``/``close`` are the offsets of the marks (``close`` is the paragraph's length
    when the quotation runs on into the next paragraph, ``runs_on``); ``start``/``end``
    the quoted words with surrounding spaces trimmed.
    """

    open: int
    close: int
    start: int
    end: int
    runs_on: bool = False
    continues: bool = False  # opens a paragraph that continues the previous one's quotation
