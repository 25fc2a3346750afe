"""Safe XML reading and the text of XML or HTML bodies as paragraphs.

:func:`parse` reads XML with defusedxml: a document that declares entities (the
"billion laughs") or refers to external ones (XXE: ``<!ENTITY x SYSTEM "file:///…">``)
is refused, and nothing is ever fetched over the network; the five XML entities and
character references are decoded as usual. :func:`blocks` turns a body (NITF's
``body.content``, XHTML's ``body``, the HTML of a feed entry) into paragraphs: ``p``,
``li`` and table rows are body text, ``hl1``/``hl2`` and ``h1``–``h6`` headings,
``media-caption``, ``figcaption`` and ``caption`` captions. Elements are matched by local
name, so any namespace (or none) reads the same.

White space is what a reader sees: runs of spaces, tabs and line breaks in the source are
one space (XML and HTML render them so), ``<br/>`` is a line break, and the ends are
trimmed; every other character, no-break spaces included, is kept exactly. What
:mod:`sources.boilerplate` says is not the article (hidden, embedded, pull quotes,
bylines and date lines) is left out, as on a web page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from articles.limits import MAX_FILE_BYTES
from articles.models import Paragraph
from articles.parsing import ArticleImportError, ParsedParagraph, too_large
from sources.boilerplate import is_boilerplate, left_out

BODY, HEADING, CAPTION = Paragraph.Kind.BODY, Paragraph.Kind.HEADING, Paragraph.Kind.CAPTION

# An element of one of these names is one paragraph of that kind.
BLOCK_KINDS: dict[str, str] = {
    "p": BODY,
    "li": BODY,
    "dt": BODY,
    "dd": BODY,
    "tr": BODY,
    "pre": BODY,
    "hl1": HEADING,
    "hl2": HEADING,
    **{f"h{level}": HEADING for level in range(1, 7)},
    "media-caption": CAPTION,
    "figcaption": CAPTION,
    "caption": CAPTION,
}
# Not text of the article: pictures' references and credits, machine metadata, scripts,
# and what HTML hides. NITF's media-producer is the picture's credit, kept out of the
# caption it follows.
SKIPPED = frozenset(
    {
        "media-reference",
        "media-producer",
        "media-metadata",
        "media-object",
        "object",
        "img",
        "iframe",
        "video",
        "audio",
        "source",
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "button",
        "form",
        "input",
        "select",
        "textarea",
        "nav",
        "svg",
    }
)
# Elements inside a paragraph: their text joins the paragraph's. Anything else that is not
# a paragraph, skipped or a line break holds blocks (div, section, block, bq, figure,
# media, ul, table…), and loose text inside it is a body paragraph of its own.
INLINE = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "i",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
        "font",
        # NITF's inline elements.
        "alt-code",
        "chron",
        "classifier",
        "copyrite",
        "event",
        "function",
        "lang",
        "location",
        "money",
        "num",
        "object.title",
        "org",
        "person",
        "postaddr",
        "virtloc",
        "city",
        "state",
        "region",
        "country",
        "sublocation",
        "name.given",
        "name.family",
        "frac",
        "frac-num",
        "frac-den",
        "sub-point",
        "pronounce",
        "byttl",
        "delivery.point",
        "delivery.office",
        "postcode",
        "br",
    }
)
# XML's white space (and HTML's): never a no-break space or any other Unicode space.
_MARKUP_SPACE = re.compile(r"[ \t\r\n\f]+")
# A <br/> while a paragraph's text is gathered: XML cannot hold NUL, and the HTML
# parsers drop it, so it cannot be a character of the text.
_BREAK = "\x00"


def local(tag: Any) -> str:
    """An element's name without its namespace ("{ns}p" → "p"); "" for comments and
    processing instructions (whose tag is not a string in ElementTree or lxml)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower() if tag.startswith("{") else tag.lower()


def written_name(element: Any) -> str:
    """An element's name without its namespace, in the case the document writes it
    (``newsItem``), for messages; :func:`local` lower-cases it for matching."""
    return str(element.tag).rsplit("}", 1)[-1]


def parse(data: bytes) -> Element:
    """The root element of an XML document given as bytes (any encoding its declaration
    names). ArticleImportError (one line) for an empty or too large file, a document that
    is not well-formed, or one that declares entities or refers to external ones."""
    if not data.strip():
        raise ArticleImportError("empty file")
    if len(data) > MAX_FILE_BYTES:
        raise ArticleImportError(too_large(len(data)))
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ArticleImportError(
            f"XML that declares or refers to entities is refused (unsafe: {type(exc).__name__})"
        ) from None
    except ParseError as exc:
        line, column = exc.position
        message = str(exc).split(":", 1)[0]
        raise ArticleImportError(
            f"not well-formed XML ({message}, line {line}, column {column + 1})"
        ) from None


def children(element: Any, name: str) -> list[Any]:
    """The child elements of ``element`` whose local name is ``name`` ([] for None)."""
    if element is None:
        return []
    name = name.lower()
    return [item for item in element if local(item.tag) == name]


def child(element: Any, *path: str) -> Any | None:
    """The first element down ``path`` of local names, or None."""
    for name in path:
        if element is None:
            return None
        found = children(element, name)
        element = found[0] if found else None
    return element


def attribute(element: Any, name: str) -> str:
    """An attribute's value by local name (``lang`` finds ``xml:lang``), or ""."""
    if element is None:
        return ""
    name = name.lower()
    for key, value in element.attrib.items():
        if local(key) == name:
            return str(value)
    return ""


def inline_text(element: Any) -> str:
    """The text of one paragraph element as a reader sees it (see the module docstring)."""
    pieces: list[str] = []
    _gather(element, pieces)
    return tidy("".join(pieces))


def text_of(element: Any) -> str:
    """:func:`inline_text` of ``element``, or "" for None."""
    return "" if element is None else inline_text(element)


def tidy(text: str) -> str:
    """Markup white space collapsed to one space, breaks as ``\\n``, ends trimmed."""
    text = _MARKUP_SPACE.sub(" ", text)
    lines = [line.strip(" ") for line in text.split(_BREAK)]
    return "\n".join(lines).strip("\n")


def _gather(element: Any, pieces: list[str]) -> None:
    if element.text:
        pieces.append(element.text)
    for item in element:
        name = local(item.tag)
        if name == "br":
            pieces.append(_BREAK)
        elif name and name not in SKIPPED and not left_out(item):
            _gather(item, pieces)
        if item.tail:
            pieces.append(item.tail)


def blocks(element: Any, skipped: Iterable[str] = ()) -> list[ParsedParagraph]:
    """The paragraphs inside ``element``, in document order, with their kinds; elements
    whose local name is in ``skipped`` are left out too (NITF's ``body.head``)."""
    out: list[ParsedParagraph] = []
    _walk(element, out, SKIPPED | frozenset(skipped))
    return out


def _walk(element: Any, out: list[ParsedParagraph], skipped: frozenset[str]) -> None:
    # Text and inline elements outside any paragraph element make a body paragraph of
    # their own, ended by the next block.
    loose: list[str] = [element.text or ""]

    def flush() -> None:
        text = tidy("".join(loose))
        loose.clear()
        if text:
            out.append(ParsedParagraph(text=text, kind=BODY))

    for item in element:
        name = local(item.tag)
        if not name or name in skipped or left_out(item):
            pass
        elif name in BLOCK_KINDS:
            flush()
            text = inline_text(item)
            if text and not is_boilerplate(item, text):
                out.append(ParsedParagraph(text=text, kind=BLOCK_KINDS[name]))
        elif name in INLINE:
            if name == "br":
                loose.append(_BREAK)
            else:
                _gather(item, loose)
        else:
            flush()
            _walk(item, out, skipped)
        loose.append(item.tail or "")
    flush()
