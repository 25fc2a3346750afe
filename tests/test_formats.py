"""NewsML-G2, NITF and the JSON shape read into ParsedArticle: exact paragraphs and
metadata from our own fixtures, unsafe XML refused, and each refusal in one line."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from articles.limits import MAX_FILE_BYTES, MAX_PARAGRAPH_CHARS, MAX_PARAGRAPHS
from articles.parsing import ArticleImportError, ParsedArticle
from sources.formats import read_json, read_xml

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
NAR = "http://iptc.org/std/nar/2006-10-01/"


def read(name: str) -> ParsedArticle:
    data = (FIXTURES / name).read_bytes()
    return read_json(data) if name.endswith(".json") else read_xml(data)


def shape(parsed: ParsedArticle) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in parsed.paragraphs]


EXPECTED: dict[str, dict[str, Any]] = {
    "newsml-seawall.xml": {
        "meta": {
            "published": datetime.date(2026, 3, 2),
            "title": "Council approves £4.2 million seawall repair & a “storm fund”",
            "title_derived": False,
            "source": "The Calder Courier",
            "byline": "By Marta Quill and Józef Nowak",
            "url": "https://calder-courier.example/news/2026/03/02/seawall-repair",
            "language": "en-GB",
        },
        "paragraphs": [
            ("heading", "Work on the north breakwater starts in April"),
            (
                "body",
                "The council voted 7–2 on Monday night to repair the seawall that February’s "
                "storms breached in three places.",
            ),
            (
                "body",
                "“We cannot wait for the next surge,” said councillor Amélie Durand, who chairs "
                "the works committee. <Budget> papers put the cost at £4.2\xa0million.",
            ),
            ("caption", "Waves break over the damaged wall at Harbour Row on 14 February."),
            ("heading", "What the repair covers"),
            (
                "body",
                "Engineers will rebuild 340\xa0metres of wall,\nraise the parapet by half a metre "
                "and add drainage under the promenade.",
            ),
            ("body", "Residents can comment until 20 March."),
        ],
    },
    "nitf-brueckenbau.xml": {
        "meta": {
            "published": datetime.date(2026, 4, 17),
            "title": "Neue Fußgängerbrücke über die Ahle: Stadtrat gibt 3,1 Mio. € frei",
            "title_derived": False,
            "source": "Ahlenfelder Bote",
            "byline": "Von Greta Süßmilch, Lokalredaktion",
            "url": "https://ahlenfelder-bote.example/lokales/2026/04/17/neue-bruecke",
            "language": "de",
        },
        "paragraphs": [
            (
                "body",
                "Der Stadtrat hat am Donnerstag den Bau einer Fußgängerbrücke beschlossen – mit "
                "22 zu 9 Stimmen.",
            ),
            ("body", "„Die alte Fähre reicht nicht mehr“, sagte Bürgermeisterin Ülkü Demir."),
            ("heading", "Bauzeit und Kosten"),
            ("body", "Die Brücke soll 84 Meter lang werden; Baubeginn ist im Herbst."),
            ("caption", "So soll die Brücke aussehen: ein Entwurf des Büros Lindqvist & Ohm."),
            ("body", "Länge: 84 m"),
            ("body", "Breite: 4,5 m"),
        ],
    },
    "article.json": {
        "meta": {
            "published": datetime.date(2026, 5, 11),
            "title": "مجلس المدينة يوافق على إصلاح الجسر القديم",
            "title_derived": False,
            "source": "صحيفة الوادي",
            "byline": "بقلم ليلى حداد",
            "url": "https://alwadi.example/news/2026/05/11/bridge",
            "language": "ar",
        },
        "paragraphs": [
            ("body", "وافق مجلس المدينة مساء الأحد على خطة لإصلاح الجسر القديم فوق النهر."),
            ("heading", "التكلفة والجدول الزمني"),
            ("body", "تبلغ التكلفة 2.5 مليون دينار،\nوتبدأ الأعمال في يونيو."),
            ("caption", "الجسر القديم عند الغروب. تصوير: سامي نور / صحيفة الوادي."),
        ],
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_reads_the_exact_paragraphs_and_metadata_of_each_fixture(name: str) -> None:
    parsed = read(name)
    meta = {field: getattr(parsed, field) for field in EXPECTED[name]["meta"]}
    assert meta == EXPECTED[name]["meta"]
    assert shape(parsed) == EXPECTED[name]["paragraphs"]


def newsml(content: str = "", meta: str = "", content_meta: str = "", root: str = "") -> bytes:
    """A small NewsML-G2 item; ``content`` is the contentSet's inside."""
    content = content or (
        '<inlineXML contenttype="application/nitf+xml"><nitf><body><body.content>'
        "<p>One.</p></body.content></body></nitf></inlineXML>"
    )
    return (
        f'<newsItem xmlns="{NAR}" guid="urn:x" {root}>'
        f'<itemMeta><itemClass qcode="ninat:text"/>{meta}</itemMeta>'
        f"<contentMeta><contentCreated>2026-01-05T10:00:00Z</contentCreated>{content_meta}"
        f"</contentMeta><contentSet>{content}</contentSet></newsItem>"
    ).encode()


def nitf(content: str = "<p>One.</p>", docdata: str = '<date.issue norm="20260105"/>') -> bytes:
    return (
        f"<nitf><head><docdata>{docdata}</docdata></head>"
        f"<body><body.content>{content}</body.content></body></nitf>"
    ).encode()


def test_it_reads_an_xhtml_body_inside_newsml() -> None:
    parsed = read_xml(
        newsml(
            '<inlineXML contenttype="application/xhtml+xml">'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Not text</title></head>'
            "<body><h2>Ferry fares</h2><p>Fares rise <strong>by 5 %</strong> in June.</p>"
            "<figure><img src='f.jpg'/><figcaption>The ferry at dawn.</figcaption></figure>"
            "<script>track()</script><div>Loose text<p>Inner.</p></div></body></html>"
            "</inlineXML>"
        )
    )
    assert shape(parsed) == [
        ("heading", "Ferry fares"),
        ("body", "Fares rise by 5 % in June."),
        ("caption", "The ferry at dawn."),
        ("body", "Loose text"),
        ("body", "Inner."),
    ]
    assert parsed.title == "Fares rise by 5 % in June"
    assert parsed.title_derived
    assert (parsed.source, parsed.byline, parsed.url, parsed.language) == ("", "", "", "")


def test_it_reads_plain_inline_data_and_the_item_in_a_news_message() -> None:
    item = newsml(
        '<inlineData contenttype="text/plain">Harbour toll rises\r\n\r\nThe toll rose.\n'
        "\nAgain.</inlineData>",
        meta='<provider literal="Wire Desk"/>',
        content_meta="<creator><name>Ada</name></creator><creator literal='Bo'/>",
        root='xml:lang="fr"',
    ).decode()
    picture = '<newsItem><itemMeta><itemClass qcode="ninat:picture"/></itemMeta></newsItem>'
    message = f'<newsMessage xmlns="{NAR}"><itemSet>{picture}{item.replace(f' xmlns="{NAR}"', "")}</itemSet></newsMessage>'
    for data in (item.encode(), message.encode()):
        parsed = read_xml(data)
        assert shape(parsed) == [
            ("heading", "Harbour toll rises"),
            ("body", "The toll rose."),
            ("body", "Again."),
        ]
        assert (parsed.source, parsed.byline, parsed.language) == ("Wire Desk", "Ada, Bo", "fr")


def test_it_takes_the_first_date_found_and_an_http_guid_as_url() -> None:
    data = newsml(root='guid="https://wire.example/item/1"').replace(
        b"<contentCreated>2026-01-05T10:00:00Z</contentCreated>", b""
    )
    data = data.replace(
        b"</itemMeta>", b"<versionCreated>2026-02-01T00:00:00Z</versionCreated></itemMeta>"
    )
    data = data.replace(b'guid="urn:x" ', b"")
    parsed = read_xml(data)
    assert parsed.published == datetime.date(2026, 2, 1)
    assert parsed.url == "https://wire.example/item/1"


REFUSALS: list[tuple[str, bytes, str]] = [
    ("empty", b"  \n", "empty file"),
    (
        "malformed",
        b"<nitf><body></nitf>",
        "not well-formed XML (mismatched tag, line 1, column 15)",
    ),
    (
        "a feed",
        b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
        "a feed (RSS or Atom), not an article: import its entries with import_feed, or save it "
        "in the admin's Sources › Feeds",
    ),
    (
        "another root",
        b'<?xml version="1.0"?><newsML><item/></newsML>',
        "not NewsML-G2 or NITF: the root element is <newsML> (expected newsItem, newsMessage "
        "or nitf)",
    ),
    (
        "newsItem outside the namespace",
        b"<newsItem><itemMeta/></newsItem>",
        f"not NewsML-G2: <newsItem> outside the namespace {NAR}",
    ),
    (
        "picture item",
        newsml().replace(b"ninat:text", b"ninat:picture"),
        "a NewsML-G2 item of class ninat:picture, not a text item",
    ),
    (
        "message without text items",
        f'<newsMessage xmlns="{NAR}"><itemSet/></newsMessage>'.encode(),
        "a NewsML-G2 newsMessage with no text news items",
    ),
    (
        "remote content",
        newsml('<remoteContent href="https://wire.example/1.txt"/>'),
        "the item's content is remote (remoteContent), not inline",
    ),
    ("no content", newsml("<other/>"), "no inline content (contentSet/inlineXML or inlineData)"),
    (
        "newsml without a date",
        newsml().replace(b"<contentCreated>2026-01-05T10:00:00Z</contentCreated>", b""),
        "no date (NewsML-G2 keeps it in contentCreated, firstCreated or versionCreated)",
    ),
    (
        "nitf without a date",
        nitf(docdata='<date.issue norm="soon"/>'),
        "no date (NITF keeps it in the norm attribute of date.issue, story.date or date.release)",
    ),
    ("nitf without paragraphs", nitf(content="<p> </p>"), "no paragraphs in the body"),
    (
        "bad language",
        newsml(content_meta='<language tag="English (UK)"/>'),
        "lang: invalid language tag 'English (UK)' (a BCP 47 tag such as en, ar or fr-CA)",
    ),
    (
        "headline too long",
        newsml(content_meta=f"<headline>{'a' * 301}</headline>"),
        "headline is 301 characters, the limit is 300",
    ),
    (
        "paragraph too long",
        nitf(content=f"<p>x</p><p>{'y' * (MAX_PARAGRAPH_CHARS + 1)}</p>"),
        f"paragraph 2 is {MAX_PARAGRAPH_CHARS + 1:,} characters long, the limit is {MAX_PARAGRAPH_CHARS:,}",
    ),
    (
        "too many paragraphs",
        nitf(content="<p>x</p>" * (MAX_PARAGRAPHS + 1)),
        f"{MAX_PARAGRAPHS + 1:,} paragraphs, the limit is {MAX_PARAGRAPHS:,} per article",
    ),
    (
        "file too large",
        nitf(content="<p>x</p>" + " " * MAX_FILE_BYTES),
        "file too large (5.0 MB, the limit is 5 MB)",
    ),
]


@pytest.mark.parametrize(
    ("data", "message"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_it_refuses_xml_in_one_line(data: bytes, message: str) -> None:
    with pytest.raises(ArticleImportError) as caught:
        read_xml(data)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE nitf [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<nitf><head><docdata><date.issue norm="20260105"/></docdata></head>
<body><body.content><p>&lol4;</p></body.content></body></nitf>"""


def test_it_refuses_entity_expansion_and_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
        '<nitf><head><docdata><date.issue norm="20260105"/></docdata></head>'
        "<body><body.content><p>&s;</p></body.content></body></nitf>"
    ).encode()
    for data, name in ((BILLION_LAUGHS, "EntitiesForbidden"), (xxe, "EntitiesForbidden")):
        with pytest.raises(ArticleImportError) as caught:
            read_xml(data)
        assert str(caught.value) == (
            f"XML that declares or refers to entities is refused (unsafe: {name})"
        )


def test_it_reads_a_doctype_naming_a_dtd_without_fetching_it() -> None:
    data = b'<!DOCTYPE nitf SYSTEM "http://127.0.0.1:9/nitf.dtd">' + nitf()
    assert shape(read_xml(data)) == [("body", "One.")]


def article_json(**fields: Any) -> bytes:
    document: dict[str, Any] = {"date": "2026-01-05", "paragraphs": [{"text": "One."}]}
    document.update(fields)
    return json.dumps({k: v for k, v in document.items() if v is not ...}).encode()


def test_it_reads_the_smallest_json_and_a_date_time() -> None:
    parsed = read_json(article_json(date="2026-01-05T23:30:00-05:00"))
    assert parsed.published == datetime.date(2026, 1, 5)
    assert shape(parsed) == [("body", "One.")]
    assert (parsed.title, parsed.title_derived) == ("One", True)


JSON_REFUSALS: list[tuple[str, bytes, str]] = [
    (
        "not json",
        b"{title: 1}",
        "not JSON (Expecting property name enclosed in double quotes, line 1, column 2)",
    ),
    ("not an object", b"[1]", "expected a JSON object, found an array"),
    (
        "unknown field",
        article_json(headline="x"),
        "unknown field 'headline' (the fields are date, title, source, byline, url, language, paragraphs)",
    ),
    ("no date", article_json(date=...), "date: missing (required)"),
    ("date not a string", article_json(date=20260105), "date: expected a string, found a number"),
    ("bad date", article_json(date="2026-02-30"), "date: invalid date '2026-02-30' (YYYY-MM-DD)"),
    ("title not a string", article_json(title=None), "title: expected a string, found null"),
    ("bad url", article_json(url="ftp://x.example/a"), "url: not an http(s) URL"),
    (
        "bad language",
        article_json(language="english"),
        "language: invalid language tag 'english' (a BCP 47 tag such as en, ar or fr-CA)",
    ),
    ("long byline", article_json(byline="b" * 301), "byline is 301 characters, the limit is 300"),
    ("control character", article_json(source="A\u0007B"), "source: control character U+0007"),
    ("no paragraphs", article_json(paragraphs=...), "paragraphs: missing (required)"),
    (
        "paragraphs not an array",
        article_json(paragraphs="One."),
        "paragraphs: expected an array, found a string",
    ),
    (
        "empty paragraphs",
        article_json(paragraphs=[]),
        "paragraphs: empty (at least one is required)",
    ),
    (
        "paragraph not an object",
        article_json(paragraphs=["One."]),
        'paragraphs[0]: expected an object {"kind", "text"}, found a string',
    ),
    (
        "bad kind",
        article_json(paragraphs=[{"kind": "quote", "text": "x"}]),
        "paragraphs[0].kind: 'quote' is not one of body, heading, caption",
    ),
    (
        "kind not a string",
        article_json(paragraphs=[{"kind": True, "text": "x"}]),
        "paragraphs[0].kind: 'true or false' is not one of body, heading, caption",
    ),
    (
        "extra paragraph field",
        article_json(paragraphs=[{"text": "x", "style": "b"}]),
        "paragraphs[0]: unknown field 'style'",
    ),
    (
        "no text",
        article_json(paragraphs=[{"text": "x"}, {"kind": "body"}]),
        "paragraphs[1].text: missing (required)",
    ),
    (
        "text not a string",
        article_json(paragraphs=[{"text": 3}]),
        "paragraphs[0].text: expected a string, found a number",
    ),
    ("blank text", article_json(paragraphs=[{"text": " \n "}]), "paragraphs[0].text: empty"),
    (
        "NUL in text",
        article_json(paragraphs=[{"text": "a\u0000b"}]),
        "paragraphs[0].text: control character U+0000",
    ),
    (
        "too long",
        article_json(paragraphs=[{"text": "y" * (MAX_PARAGRAPH_CHARS + 1)}]),
        f"paragraph 1 is {MAX_PARAGRAPH_CHARS + 1:,} characters long, the limit is {MAX_PARAGRAPH_CHARS:,}",
    ),
    ("not UTF-8", b'{"date": "\xff"}', "not UTF-8 text (byte 0xff at offset 10)"),
]


@pytest.mark.parametrize(
    ("data", "message"), [r[1:] for r in JSON_REFUSALS], ids=[r[0] for r in JSON_REFUSALS]
)
def test_it_refuses_json_naming_the_field(data: bytes, message: str) -> None:
    with pytest.raises(ArticleImportError) as caught:
        read_json(data)
    assert str(caught.value) == message


def test_it_keeps_json_text_exactly_but_for_line_ends_and_outer_space() -> None:
    text = "  Zero\u200bwidth, e\u0301 and  two spaces,\r\nnew line.\t"
    parsed = read_json(article_json(paragraphs=[{"kind": "body", "text": text}]))
    assert shape(parsed) == [("body", "Zero\u200bwidth, e\u0301 and  two spaces,\nnew line.")]
