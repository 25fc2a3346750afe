"""What is on a page, in a feed entry's content or in a NewsML-G2 XHTML body but is not the
article's text: one rule for every reader (:mod:`sources.webpage`,
:mod:`sources.formats.xmltext`, which reads feed content and XHTML bodies).

:func:`left_out` is an element a reader never sees or that holds someone else's words:
hidden (``hidden``, ``aria-hidden``, ``display: none``, screen-reader-only classes), an
embedded post (a tweet, an Instagram post…) or a pull quote (the article's own words said
again in large type). :func:`is_boilerplate` is a block the page prints around the
article: a byline ("By …", "Von …", "Par …"), a date line ("Updated 1 August 2026") or a
"Read more:" link, by its class or by its whole text. Works on lxml and ElementTree
elements alike (only ``get`` is used).
"""

from __future__ import annotations

import re
from typing import Any

# Embeds carry another site's post inside the article: not the article's text.
EMBED_CLASSES = frozenset(
    {"twitter-tweet", "twitter-timeline", "instagram-media", "tiktok-embed", "fb-post"}
)
HIDDEN_CLASSES = frozenset({"sr-only", "visually-hidden", "screen-reader-text", "hidden"})
# The page's furniture around the article, by the class names CMSs give it.
FURNITURE_CLASSES = frozenset(
    {
        "byline",
        "author",
        "autor",
        "auteur",
        "dateline",
        "timestamp",
        "published",
        "updated",
        "read-more",
        "readmore",
        "related",
        "see-also",
    }
)
_PULL_QUOTE = re.compile(r"pull-?quote|quote-?pull|pullout", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# A whole block that is only a date line, a byline or a link to another article, in the
# languages of our pages. Short by construction: a sentence of the article is longer.
_DATE_LINE = re.compile(
    r"^(?:last\s+)?(?:updated|published|posted|aktualisiert|veröffentlicht|mis à jour|"
    r"publié|modifié)(?:\s+(?:on|am|le))?\s*:?\s+\S.{0,40}\d.{0,20}$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?i:by|von|par|door|por|di)\s+(?:\w[\w.'’-]*\s*){1,5}$")
_READ_MORE = re.compile(
    r"^(?:read more|see also|related|lire aussi|à lire aussi|mehr zum thema|lesen sie auch|"
    r"auch interessant)\s*:",
    re.IGNORECASE,
)
MAX_FURNITURE_CHARS = 200
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2"})


def _name(element: Any) -> str:
    return str(element.tag).rsplit("}", 1)[-1].lower()


def _classes(element: Any) -> str:
    return str(element.get("class") or "")


def left_out(element: Any) -> bool:
    """True for an element hidden from readers, an embedded post or a pull quote."""
    classes = set(_classes(element).split())
    return (
        element.get("hidden") is not None
        or str(element.get("aria-hidden") or "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(str(element.get("style") or "")))
        or bool(classes & (HIDDEN_CLASSES | EMBED_CLASSES))
        or bool(_PULL_QUOTE.search(_classes(element)))
    )


def is_boilerplate(element: Any, text: str) -> bool:
    """True for a block (``element`` showing ``text``) that is a byline, a date line or a
    "Read more:" link rather than a paragraph of the article (module docstring)."""
    if set(_classes(element).lower().split()) & FURNITURE_CLASSES:
        return True
    line = " ".join(text.split())
    # A heading may well read "By the River": only a paragraph is judged by its words.
    if len(line) > MAX_FURNITURE_CHARS or _name(element) in HEADINGS:
        return False
    byline = bool(_BYLINE.match(line)) and all(w[:1].isupper() for w in line.split()[1:])
    return byline or bool(_DATE_LINE.match(line)) or bool(_READ_MORE.match(line))
