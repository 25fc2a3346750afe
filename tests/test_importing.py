from __future__ import annotations

import codecs
import datetime
from typing import Any

import pytest

from articles.importing import ImportResult, import_bytes, import_parsed, replace_paragraphs
from articles.models import Article, Paragraph
from articles.parsing import (
    MAX_FILE_BYTES,
    ArticleImportError,
    ParsedArticle,
    ParsedParagraph,
    decode,
    guess_kind,
    parse_text,
)


def doc(body: str = "First paragraph.\n\nSecond one.", header: str = "title A title\n") -> bytes:
    return f"date 2026-03-14\n{header}\n{body}\n".encode()


def parse(data: str | bytes) -> ParsedArticle:
    return parse_text(decode(data.encode() if isinstance(data, str) else data))


def texts(parsed: ParsedArticle) -> list[str]:
    return [p.text for p in parsed.paragraphs]


def stored_texts(result: ImportResult) -> list[str]:
    return list(result.article.paragraphs.order_by("position").values_list("text", flat=True))


# Parsing


def test_it_reads_the_date_and_every_header_line() -> None:
    parsed = parse(
        "date 2024-02-29\ntitle Harbour toll rises\nsource The Calder Courier\n"
        "byline By Ada Reporter\nurl https://news.example/harbour-toll\n\nThe toll rose.\n"
    )
    assert parsed.published == datetime.date(2024, 2, 29)
    assert parsed.title == "Harbour toll rises"
    assert not parsed.title_derived
    assert parsed.source == "The Calder Courier"
    assert parsed.byline == "By Ada Reporter"
    assert parsed.url == "https://news.example/harbour-toll"
    assert texts(parsed) == ["The toll rose."]


def test_it_allows_spaces_around_the_date_line_and_leading_blank_lines() -> None:
    parsed = parse("\n  \n date 2021-07-15 \n\n\n\nOnly paragraph.")
    assert parsed.published == datetime.date(2021, 7, 15)
    assert parsed.source == parsed.byline == parsed.url == ""


def test_it_keeps_the_text_inside_a_paragraph_exactly() -> None:
    body = "  Line one,  two spaces\tand a tab\nline two of the same paragraph.  \n\n\n \t \nNext."
    parsed = parse(doc(body))
    assert texts(parsed) == [
        "Line one,  two spaces\tand a tab\nline two of the same paragraph.",
        "Next.",
    ]


def test_it_derives_a_title_from_the_first_sentence() -> None:
    parsed = parse(doc("The ferry is late again. Nobody knows why.", header=""))
    assert parsed.title == "The ferry is late again"
    assert parsed.title_derived


def test_it_does_not_end_the_first_sentence_at_an_abbreviation() -> None:
    parsed = parse(doc("Dr. Rosa Lind opened the clinic on St. Mary Street. It was busy.", ""))
    assert parsed.title == "Dr. Rosa Lind opened the clinic on St. Mary Street"


def test_it_trims_a_long_derived_title_at_a_word_boundary() -> None:
    sentence = "The harbour commission " + "agreed unanimously to extend the pier " * 6 + "today."
    parsed = parse(doc(sentence, header=""))
    assert len(parsed.title) <= 100
    assert parsed.title.endswith("…")
    assert sentence.startswith(parsed.title[:-1])
    assert sentence[len(parsed.title) - 1] == " "


def test_it_derives_the_title_from_the_first_body_paragraph_not_a_caption() -> None:
    body = "The mayor at the quay. Jo Bloggs / Calder Courier .\n\nTolls rise on Monday. More."
    assert parse(doc(body, header="")).title == "Tolls rise on Monday"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Both sides seek common ground", "heading"),
        ("The envoy also ended up discussing “the cyber situation”", "heading"),
        ("What happens next?", "body"),
        ("“Yes.”", "body"),
        ("Lavrov called him “dear John”.", "body"),
        ("Short but ends with a comma,", "body"),
        (
            "A heading-like line that is far too long to be a heading because it keeps going on "
            "and on without any end",
            "body",
        ),
        ("The mayor on Monday. Dimitar Dilkoff / Pool via AP .", "caption"),
        ("The pier at dawn. Stefan Mizha / US Embassy Moscow Press Office .", "caption"),
        ("Ada Reporter / The Calder Courier.", "caption"),
        ("Fares rose. Buyers and/or sellers paid more.", "body"),
        ("It passed. The EU / UK deal was signed.", "body"),
        ("Prices rose 3 / 4 of a point.", "body"),
    ],
)
def test_it_guesses_paragraph_kinds(text: str, kind: str) -> None:
    assert guess_kind(text) == kind


# Unicode and line endings


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "The bakery sold out by noon 🥖🎉 — and the queue stayed.",
        "Cafe\u0301 owner Rene\u0301e said so.",
        "قال رئيس البلدية إن الجسر سيفتح في مارس.",
        "市长说\uff0c新桥将于三月开放。",
        "Zoë Høgh, Tomás Reyes and Inès Ferrand agreed\u00a0on “everything”.",
    ],
)
def test_it_stores_unicode_text_byte_for_byte(text: str) -> None:
    result = import_bytes(doc(text, header=""), "u.txt")
    assert stored_texts(result) == [text]
    assert stored_texts(result)[0].encode() == text.encode()


def test_it_turns_crlf_and_lone_cr_into_newlines() -> None:
    crlf = parse(b"date 2026-03-14\r\ntitle T\r\n\r\nOne\r\nline two.\r\n\r\nTwo.\r\n")
    cr = parse(b"date 2026-03-14\rtitle T\r\rOne\rline two.\r\rTwo.\r")
    assert texts(crlf) == texts(cr) == ["One\nline two.", "Two."]


def test_it_drops_a_utf8_byte_order_mark() -> None:
    parsed = parse(codecs.BOM_UTF8 + doc("Only paragraph."))
    assert parsed.published == datetime.date(2026, 3, 14)
    assert texts(parsed) == ["Only paragraph."]


# Bad files


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n \r\n", "empty file (only whitespace)"),
        (b"date 2026-03-14\ntitle Caf\xe9\n\nText.", "not UTF-8 text (byte 0xe9 at offset 25)"),
        (codecs.BOM_UTF16_LE + "date".encode("utf-16-le"), "UTF-16 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL byte at offset 8)"),
        (b"date 2026-03-14\n\nText \x07 bell.", "binary file (control character U+0007 on line 3)"),
        (b"title No date\n\nText.", "line 1: expected 'date YYYY-MM-DD', found 'title No date'"),
        (b"date 2021-13-45\n\nText.", "line 1: invalid date '2021-13-45'"),
        (b"date 14/03/2026\n\nText.", "line 1: invalid date '14/03/2026'"),
        (b"date\n\nText.", "line 1: expected 'date YYYY-MM-DD'"),
        (b"date 2026-03-14\ntitle Only a header\n", "no paragraphs after the header"),
        (b"date 2026-03-14\n\n\n   \n", "no paragraphs after the header"),
        (b"date 2026-03-14\ntitle A\ntitle B\n\nText.", "line 3: second title line"),
        (b"date 2026-03-14\ntitle\n\nText.", "line 2: empty title"),
        (b"date 2026-03-14\nheadline A\n\nText.", "line 2: expected a title, source, byline"),
        (b"date 2026-03-14\nurl not a url\n\nText.", "line 2: invalid url 'not a url'"),
        (b"date 2026-03-14\nurl ftp://x.example/a\n\nText.", "line 2: invalid url"),
    ],
)
def test_it_refuses_bad_files_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ArticleImportError) as caught:
        parse(data)
    assert caught.value.reason.startswith(reason)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("field", "limit"), [("title", 300), ("source", 200), ("byline", 300)])
def test_it_refuses_header_values_longer_than_the_model_allows(field: str, limit: int) -> None:
    assert parse(doc(header=f"{field} {'x' * limit}\n"))
    with pytest.raises(ArticleImportError, match=f"{field} is {limit + 1} characters"):
        parse(doc(header=f"{field} {'x' * (limit + 1)}\n"))


def test_it_refuses_a_file_over_the_size_limit() -> None:
    data = doc("x" * MAX_FILE_BYTES)
    with pytest.raises(ArticleImportError, match=r"file too large \(5\.0 MB, the limit is 5 MB\)"):
        decode(data)


@pytest.mark.django_db
def test_it_names_the_file_in_the_error() -> None:
    with pytest.raises(ArticleImportError) as caught:
        import_bytes(b"", "inbox/empty.txt")
    assert str(caught.value) == "inbox/empty.txt: empty file"
    assert Article.objects.count() == 0


# Storing, duplicates and replacing


@pytest.mark.django_db
def test_it_imports_an_article_with_its_paragraphs_in_order() -> None:
    body = "Intro paragraph.\n\nThe new pier\n\nThe pier at dawn. Jo Bloggs / Calder Courier ."
    result = import_bytes(doc(body, header="title Pier opens\nsource Courier\n"), "a.txt")
    assert result.status == "imported"
    article = Article.objects.get()
    assert (article.title, article.slug, article.source) == ("Pier opens", "pier-opens", "Courier")
    rows = list(article.paragraphs.values_list("position", "kind", "text"))
    assert rows == [
        (1, "body", "Intro paragraph."),
        (2, "heading", "The new pier"),
        (3, "caption", "The pier at dawn. Jo Bloggs / Calder Courier ."),
    ]
    assert result.describe() == "imported: “Pier opens”, 3 paragraphs (1 heading, 1 caption)"


@pytest.mark.django_db
def test_it_makes_slugs_unique() -> None:
    slugs = [
        import_bytes(
            f"date 2026-03-{day:02}\ntitle Pier opens\n\nDay {day}.".encode(), "a.txt"
        ).article.slug
        for day in (1, 2, 3)
    ]
    assert slugs == ["pier-opens", "pier-opens-2", "pier-opens-3"]


@pytest.mark.django_db
def test_it_keeps_titles_in_any_script_in_the_slug() -> None:
    first = import_bytes(doc("Text one.", header="title 市长说\n"), "a.txt").article
    second = import_bytes(doc("Text two.", header="title جسر\n"), "b.txt").article
    third = import_bytes(doc("Text three.", header="title !!!\n"), "c.txt").article
    assert (first.title, first.slug, second.slug) == ("市长说", "市长说", "جسر")
    assert first.get_absolute_url() == "/articles/%E5%B8%82%E9%95%BF%E8%AF%B4/"
    # Nothing left of a title of punctuation: a slug from the date.
    assert third.slug == "article-2026-03-14"


@pytest.mark.django_db
def test_it_skips_the_same_title_on_the_same_date() -> None:
    import_bytes(doc("Old text."), "a.txt")
    again = import_bytes(doc("Completely new text."), "b.txt")
    assert again.status == "skipped"
    assert Article.objects.count() == 1
    assert stored_texts(again) == ["Old text."]


@pytest.mark.django_db
def test_it_skips_the_same_paragraphs_under_another_title() -> None:
    import_bytes(doc("Same  text.\n\nSame end.", header="title First\n"), "a.txt")
    again = import_bytes(doc("Same text.\n\nSame end.", header="title Second\n"), "b.txt")
    assert again.status == "skipped"
    assert again.article.title == "First"
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_it_imports_the_same_title_on_another_date() -> None:
    import_bytes(b"date 2026-03-14\ntitle T\n\nText.", "a.txt")
    import_bytes(b"date 2026-03-15\ntitle T\n\nText.", "b.txt")
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_it_replaces_paragraphs_and_header_values_when_asked() -> None:
    first = import_bytes(doc("Old one.\n\nOld two."), "a.txt").article
    result = import_bytes(
        doc("New one.", header="title A title\nbyline By Someone Else\n"),
        "a.txt",
        replace=True,
    )
    assert result.status == "replaced"
    assert result.article.pk == first.pk
    assert stored_texts(result) == ["New one."]
    first.refresh_from_db()
    assert first.byline == "By Someone Else"
    assert Paragraph.objects.count() == 1


@pytest.mark.django_db
def test_it_leaves_identical_paragraphs_alone_when_replacing() -> None:
    first = import_bytes(doc("Same."), "a.txt")
    paragraph_ids = list(first.article.paragraphs.values_list("id", flat=True))
    again = import_bytes(doc("Same."), "a.txt", replace=True)
    assert again.status == "unchanged"
    assert list(again.article.paragraphs.values_list("id", flat=True)) == paragraph_ids


@pytest.mark.django_db
def test_it_replace_paragraphs_swaps_them_in_one_go() -> None:
    article = import_bytes(doc("One.\n\nTwo.\n\nThree."), "a.txt").article
    replace_paragraphs(article, parse(doc("Uno.\n\nDos.")))
    rows = list(article.paragraphs.order_by("position").values_list("position", "text"))
    assert rows == [(1, "Uno."), (2, "Dos.")]


@pytest.mark.django_db
def test_it_stores_nothing_when_the_database_refuses_a_later_paragraph() -> None:
    parsed = ParsedArticle(
        published=datetime.date(2026, 3, 14),
        title="Broken",
        title_derived=False,
        source="",
        byline="",
        url="",
        paragraphs=(ParsedParagraph("Fine.", "body"), ParsedParagraph("Bad kind.", "sidebar")),
    )
    with pytest.raises(ArticleImportError, match="the database refused it"):
        import_parsed(parsed)
    assert not Article.objects.exists()
    assert not Paragraph.objects.exists()


@pytest.mark.django_db
def test_it_finds_a_duplicate_with_a_fixed_number_of_queries(
    django_assert_num_queries: Any,
) -> None:
    from articles.importing import find_duplicate
    from articles.parsing import decode, parse_text

    for n in range(30):  # many articles on the same day: none is re-hashed
        import_bytes(doc(f"Text {n}.\n\nMore {n}.", header=f"title Story {n}\n"), f"{n}.txt")
    renamed = parse_text(decode(doc("Text 7.\n\nMore 7.", header="title Another title\n")))
    with django_assert_num_queries(2):  # by title or stored content hash; then load it
        found = find_duplicate(renamed)
    assert found is not None and found.title == "Story 7"
    assert found.content_hash == renamed.content_hash()
