"""A news web page → :class:`articles.parsing.ParsedArticle` (:func:`read_html`).

trafilatura (Barbaresi, ACL 2021: the reference for main-text extraction from web pages)
decides *which* blocks of the page are the article, and finds the title, byline, site
name and, through htmldate, the publication date. It does not give the text exactly: it
collapses every Unicode space (a no-break space becomes a space), drops format
characters (the zero-width non-joiner Persian and Arabic spell with, soft hyphens,
direction marks) and has no captions. So each block it chose is matched back to the page's
own element, and the text is taken from there as a browser lays it out: entities decoded,
runs of ASCII white space collapsed to one space (never a no-break space), ``<br>`` a line
break, anything else exactly as written. Headings (``h1``–``h6``) and captions
(``figcaption``) keep their kinds; a caption is kept when it stands among the blocks
trafilatura chose. Embedded posts (a tweet, an Instagram post…) and hidden elements are
removed before extraction: they are someone else's text, or none that a reader sees.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import trafilatura
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.settings import Document, set_date_params
from trafilatura.utils import load_html

from articles.limits import MAX_FILE_BYTES
from articles.parsing import (
    HEADER_MAX_LENGTHS,
    ArticleImportError,
    ParsedArticle,
    ParsedParagraph,
    derive_title,
    too_large,
)
from sources.boilerplate import is_boilerplate, left_out
from sources.formats.article import check_limits, language_tag

HEADING = "heading"
CAPTION = "caption"
BODY = "body"

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose text is one paragraph of the page (when no such element is inside them).
BLOCK_TAGS = frozenset(
    {"p", "li", "dd", "dt", "blockquote", "figcaption", "pre", "td", "th", "div", "section"}
    | HEADING_TAGS
)
# Elements a browser lays out inside a line of text.
INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font"}
    | {"i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup"}
    | {"time", "u", "var", "wbr"}
)
# Never text (scripts stay for trafilatura: JSON-LD metadata is in one).
SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "head", "title"})
# HTML collapses ASCII white space only (WHATWG Infra): a no-break space stays.
_ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
_ASCII_SPACE_CHARS = " \t\n\r\f"
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# A character reference to a control character (&#7;; not tab, line feed or carriage
# return): libxml2 reads it as U+FFFD, on which trafilatura then finds no text at all.
# Each is read as a private-use stand-in (U+10FF00 + its code) so the paragraph holding
# it is refused by name, as every reader refuses control characters.
_CONTROL_REF = re.compile(
    rb"&#(?:[xX]0*([0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF])|0*([0-8]|1[12]|1[4-9]|2\d|3[01]|127));"
)
# The same for one written raw (libxml2 drops it), in the ASCII-compatible encodings pages
# use; ESC is left to libxml2, as ISO-2022-JP pages are written with it.
_RAW_CONTROL = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_STAND_IN = re.compile("[\U0010ff00-\U0010ff7f]")


def read_html(data: bytes, name: str = "", content_type: str = "") -> ParsedArticle:
    """Read the news article in an HTML page.

    ``name`` is the page's URL when it was fetched (links, the canonical URL and the
    fallback for it are resolved against it), else the file name; ``content_type`` the
    Content-Type it came with (its charset wins over the page's own declaration).

    The paragraphs are the article's blocks in page order, their text exact as described
    in the module docstring, each of kind "body", "heading" or "caption"; a first heading
    that repeats the title is left out (the title is kept apart). The metadata: title,
    byline (the author), published (the publication date), source (the site's name),
    url (``<link rel="canonical">``, else ``og:url``, else the page's own URL) and
    language (``<html lang>``, else ``og:locale``, as a BCP 47 tag: ``en_US`` is read as
    ``en-US``, what is no tag is passed over).

    Raises ArticleImportError for an empty or oversized file, a file that is not HTML, a
    page without article text or without a publication date, or an article over the
    limits of :mod:`articles.limits`.
    """
    tree = _parse(data, content_type)
    page_url = name if name.lower().startswith(("http://", "https://")) else ""
    canonical = _canonical_url(tree, page_url)
    language = _language(tree)
    _prune(tree)
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=page_url or canonical or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            # A news article: better a paragraph left out than boilerplate let in.
            favor_precision=True,
            # Dates from the page's markup only (meta tags, <time>, JSON-LD, the URL):
            # htmldate's extensive search guesses from any year in the text, a footer's
            # "© 2019" becoming 2019-01-01.
            date_extraction_params=set_date_params(extensive=False),
            output_format="python",
        )
    except Exception as exc:
        # Any page from the web reaches this library: whatever it trips on is a page it
        # cannot read (one line for the user), never a server error.
        raise ArticleImportError(f"the page could not be read ({type(exc).__name__})") from exc
    body = getattr(document, "body", None)
    if not isinstance(document, Document) or body is None or not (document.text or "").strip():
        raise ArticleImportError("no article text found on the page")
    full_title = _one_line(document.title or "")
    title = _clip("title", full_title)
    # The first heading is compared with the whole title: a clipped one ends in "…".
    paragraphs = _paragraphs(tree, body, full_title)
    if not paragraphs:
        raise ArticleImportError("no article text found on the page")
    _refuse_control(paragraphs, {"title": title})
    check_limits(paragraphs)
    published = _date(document.date)
    return ParsedArticle(
        published=published,
        title=title or derive_title(paragraphs),
        title_derived=not title,
        source=_clip("source", _one_line(document.sitename or "")),
        byline=_clip("byline", _one_line(document.author or "")),
        url=canonical or _valid_url(page_url),
        paragraphs=paragraphs,
        language=language,
    )


def _parse(data: bytes, content_type: str) -> HtmlElement:
    if not data.strip():
        raise ArticleImportError("empty file")
    if len(data) > MAX_FILE_BYTES:
        raise ArticleImportError(too_large(len(data)))
    data = _CONTROL_REF.sub(_control_stand_in, data)
    if b"\x00" not in data:  # not UTF-16 or UTF-32, whose ASCII letters hold NUL bytes
        data = _RAW_CONTROL.sub(lambda m: b"&#x%X;" % (0x10FF00 + m.group()[0]), data)
    source: bytes | str = data
    declared = _CHARSET.search(content_type or "")
    if declared:
        try:
            source = _XML_DECLARATION.sub("", data.decode(declared.group(1)), count=1)
        except (LookupError, UnicodeDecodeError):
            source = data  # a wrong header: let the page's own declaration and sniffing decide
    try:
        tree = load_html(source)
    except (ValueError, etree.LxmlError):
        raise ArticleImportError("not an HTML page") from None
    if tree is None or (tree.find(".//body") is None and not tree.xpath("//p|//div|//article")):
        raise ArticleImportError("not an HTML page")
    return tree


def _control_stand_in(match: re.Match[bytes]) -> bytes:
    hexadecimal, decimal = match.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return b"&#x%X;" % (0x10FF00 + code)


def _refuse_control(paragraphs: tuple[ParsedParagraph, ...], header: dict[str, str]) -> None:
    """ArticleImportError naming the paragraph or field that held a control character."""
    places = [(f"paragraph {n}", p.text) for n, p in enumerate(paragraphs, start=1)]
    for where, text in [*header.items(), *places]:
        found = _CONTROL_STAND_IN.search(text)
        if found:
            code = ord(found.group()) - 0x10FF00
            raise ArticleImportError(f"{where}: control character U+{code:04X}")


def _meta(tree: HtmlElement, *names: str) -> str:
    for name in names:
        for element in tree.xpath(
            "//meta[@property=$n or @name=$n or @http-equiv=$n][@content]", n=name
        ):
            value = str(element.get("content", "")).strip()
            if value:
                return value
    return ""


def _valid_url(url: str) -> str:
    limit = HEADER_MAX_LENGTHS["url"]
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url if len(url) <= limit else ""


def _canonical_url(tree: HtmlElement, page_url: str) -> str:
    links = [
        str(link.get("href", "")).strip()
        for link in tree.xpath("//link[@href]")
        if "canonical" in str(link.get("rel", "")).lower().split()
    ]
    for candidate in [*links, _meta(tree, "og:url")]:
        if candidate:
            url = _valid_url(urljoin(page_url, candidate) if page_url else candidate)
            if url and not _site_root(url):
                return url
    return ""


def _site_root(url: str) -> bool:
    """A canonical link to the site's home page, which some CMSs put on every page: it is
    no article's address, and taken as one it would make every article a duplicate."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _language(tree: HtmlElement) -> str:
    html = tree if tree.tag == "html" else tree.find(".//html")
    candidates = [
        str(html.get("lang", "")) if html is not None else "",
        _meta(tree, "og:locale"),
        _meta(tree, "content-language").split(",")[0],
    ]
    for candidate in candidates:
        tag = language_tag(candidate)
        if tag:
            return tag
    return ""


def _prune(tree: HtmlElement) -> None:
    """Remove embeds and what a reader never sees, keeping each removed element's tail;
    then give loose text its own paragraph (:func:`_wrap_loose_text`)."""
    doomed = [
        e
        for e in tree.iter()
        if isinstance(e.tag, str) and e.tag not in ("html", "body") and left_out(e)
    ]
    for element in doomed:
        element.drop_tree()
    holders = [
        e
        for e in tree.iter("div", "section", "article", "main", "td")
        if any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in e)
    ]
    for holder in holders:
        _wrap_loose_text(holder)


def _wrap_loose_text(holder: HtmlElement) -> None:
    """Wrap each run of text and inline elements that stands directly in ``holder``
    beside its block children (``<div>Loose text<p>…</p>more</div>``) in a ``<p>``: a
    browser shows it as a paragraph of its own, and as one it can be chosen and matched.
    White space between blocks is dropped (a browser shows none)."""
    out: list[HtmlElement] = []
    run: HtmlElement | None = None

    def add_text(text: str | None) -> None:
        nonlocal run
        if not text:
            return
        if run is None:
            if not text.strip(_ASCII_SPACE_CHARS):
                return
            run = holder.makeelement("p", {})
            out.append(run)
        if len(run):
            run[-1].tail = (run[-1].tail or "") + text
        else:
            run.text = (run.text or "") + text

    add_text(holder.text)
    holder.text = None
    for child in list(holder):
        tail, child.tail = child.tail, None
        holder.remove(child)
        inline = isinstance(child.tag, str) and child.tag in INLINE_TAGS
        if inline and run is None and "".join(child.itertext()).strip(_ASCII_SPACE_CHARS):
            run = holder.makeelement("p", {})
            out.append(run)
        if inline and run is not None:
            run.append(child)
        else:
            out.append(child)
            if isinstance(child.tag, str) and not inline:
                run = None
        add_text(tail)
    holder.extend(out)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _clip(field: str, text: str) -> str:
    limit = HEADER_MAX_LENGTHS[field]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _date(value: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat((value or "")[:10])
    except ValueError:
        raise ArticleImportError("no publication date found on the page") from None


def key(text: str) -> str:
    """What two renderings of one block have in common: NFC, without format and control
    characters, white space collapsed. Only for matching; never stored."""
    kept = "".join(
        ch
        for ch in unicodedata.normalize("NFC", text)
        if ch.isspace() or unicodedata.category(ch)[0] != "C"
    )
    return " ".join(kept.split())


def rendered_text(element: HtmlElement) -> str:
    """The text of ``element`` as a browser lays it out (see the module docstring); a
    ``<pre>`` keeps its white space."""
    if element.tag == "pre":
        return "".join(element.itertext()).replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    lines: list[list[str]] = [[]]

    def walk(node: HtmlElement, top: bool) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "br":
            lines.append([])
        elif tag and tag not in SKIPPED_TAGS:
            lines[-1].append(node.text or "")
            for child in node:
                walk(child, False)
        if not top and node.tail:
            lines[-1].append(node.tail)

    walk(element, True)
    text = "\n".join(
        _ASCII_SPACE.sub(" ", "".join(parts)).strip(_ASCII_SPACE_CHARS) for parts in lines
    )
    return text.strip("\n")


def _blocks(tree: HtmlElement) -> list[HtmlElement]:
    """The page's innermost block elements with text, in document order."""
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag not in BLOCK_TAGS:
            continue
        inner = any(
            isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in element.iterdescendants()
        )
        if not inner and key("".join(element.itertext())):
            found.append(element)
    return found


def _chosen(body: etree._Element) -> Iterator[tuple[str, str]]:
    """(trafilatura's tag, text) of each block trafilatura kept, in order."""
    for element in body.iter():
        if element.tag in ("p", "head", "item", "cell") or (
            element.tag == "quote" and element.find("p") is None
        ):
            yield str(element.tag), _lines(element)


def _lines(element: etree._Element) -> str:
    """The text of one of trafilatura's blocks, its line breaks (``<lb/>``, the page's
    ``<br>``) as ``\n``: ``itertext`` would join "engines.<br>He" into "engines.He", which
    matches no block of the page."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _lines(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _kind(element: HtmlElement) -> str:
    if element.tag in HEADING_TAGS:
        return HEADING
    if element.tag == "figcaption" or any(a.tag == "figcaption" for a in element.iterancestors()):
        return CAPTION
    return BODY


def _paragraphs(tree: HtmlElement, body: etree._Element, title: str) -> tuple[ParsedParagraph, ...]:
    blocks = _blocks(tree)
    keys = [key(rendered_text(b)) for b in blocks]
    # (index in blocks, kind, text), the text the page's element shows.
    chosen: list[tuple[int, str, str]] = []
    start = 0
    found = lost = 0
    for tag, text in _chosen(body):
        wanted = key(text)
        if not wanted:
            continue
        index = next((i for i in range(start, len(blocks)) if keys[i] == wanted), None)
        if index is None:
            # Text trafilatura put together from several elements (a list of links, say):
            # no element of the page says it, so it cannot be given exactly. Left out.
            lost += len(wanted)
            continue
        found += len(wanted)
        start = index + 1
        block_text = rendered_text(blocks[index])
        if is_boilerplate(blocks[index], block_text):
            continue
        kind = HEADING if tag == "head" else _kind(blocks[index])
        chosen.append((index, kind, block_text))
    if lost > MAX_LOST_SHARE * (found + lost):
        raise ArticleImportError(
            f"the article's text could not be taken exactly from the page ({lost:,} of "
            f"{found + lost:,} characters match none of its elements)"
        )
    if not chosen:
        return ()
    if _listing(blocks[index] for index, _, _ in chosen):
        return ()
    chosen = _without_repeats(blocks, _with_captions(blocks, chosen))
    paragraphs: list[ParsedParagraph] = []
    for _, kind, block_text in chosen:
        # The text format's paragraphs never hold a blank line: <br><br> splits one.
        for text in re.split(r"\n[ \t\n\r\f]*\n", block_text):
            if text.strip(_ASCII_SPACE_CHARS):
                paragraphs.append(ParsedParagraph(text=text, kind=kind))
    if paragraphs and paragraphs[0].kind == HEADING and key(paragraphs[0].text) == key(title):
        paragraphs.pop(0)
    return tuple(paragraphs)


# More of trafilatura's text than this matching no element of the page would make a
# partial article: the page is refused instead.
MAX_LOST_SHARE = 0.2
# A page whose text comes from this many <article> elements lists articles (a section
# front's teasers); an article page has one, and its related-article cards are left out.
LISTING_ARTICLES = 3


def _listing(elements: Iterator[HtmlElement]) -> bool:
    """True when the blocks come from :data:`LISTING_ARTICLES` or more ``<article>``
    elements: a section front, not an article (README: "no article text found")."""
    articles = set()
    for element in elements:
        holder = next((a for a in element.iterancestors() if a.tag == "article"), None)
        if holder is not None:
            articles.add(holder)
    return len(articles) >= LISTING_ARTICLES


def _without_repeats(
    blocks: list[HtmlElement], chosen: list[tuple[int, str, str]]
) -> list[tuple[int, str, str]]:
    """Leave out a quotation (``blockquote``, ``aside``) whose words another chosen block
    already says: a pull quote, set in large type without a class that names it."""
    keys = [key(text) for _, _, text in chosen]
    kept = []
    for n, entry in enumerate(chosen):
        element = blocks[entry[0]]
        quoted = any(e.tag in ("blockquote", "aside") for e in (element, *element.iterancestors()))
        if quoted and any(m != n and keys[n] in keys[m] for m in range(len(chosen))):
            continue
        kept.append(entry)
    return kept


def _with_captions(
    blocks: list[HtmlElement], chosen: list[tuple[int, str, str]]
) -> list[tuple[int, str, str]]:
    """Add the captions (``figcaption``) that stand between the first and the last chosen
    block, inside the element that holds all of them: trafilatura leaves figures out."""
    indexes = {index for index, _, _ in chosen}
    container = _common_ancestor([blocks[i] for i in sorted(indexes)])
    extra = []
    for index in range(min(indexes), max(indexes) + 1):
        if index in indexes or _kind(blocks[index]) != CAPTION:
            continue
        if container is None or any(a is container for a in blocks[index].iterancestors()):
            extra.append((index, CAPTION, rendered_text(blocks[index])))
    return sorted(chosen + extra, key=lambda entry: entry[0])


def _common_ancestor(elements: list[HtmlElement]) -> HtmlElement | None:
    paths = [[*reversed(list(e.iterancestors()))] for e in elements]
    common = None
    for level in zip(*paths, strict=False):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    return common
