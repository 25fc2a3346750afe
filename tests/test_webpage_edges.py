"""sources.webpage on the pages a new user brought (tests/fixtures/web-edges/, our own):
line breaks between words, section fronts, copyright years, a canonical link to the home
page, bylines and date lines, loose text, control characters."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.parsing import ArticleImportError, ParsedArticle
from sources.readers import read
from tests.web_server import WebServer

EDGES = Path(__file__).parent / "fixtures" / "web-edges"


def page(name: str) -> ParsedArticle:
    return read((EDGES / name).read_bytes(), name)


def texts(parsed: ParsedArticle) -> list[str]:
    return [p.text for p in parsed.paragraphs]


def refusal(name: str) -> str:
    with pytest.raises(ArticleImportError) as caught:
        page(name)
    return caught.value.reason


def test_it_keeps_a_paragraph_with_a_line_break_between_words() -> None:
    assert texts(page("line-breaks.html")) == [
        "The pilot said the landing was calm once she had checked the engines.\n"
        "She added that the meadow was the only flat field left within reach.",
        "Farmers watched from the lane as the glider rolled to a stop by the hedge.",
        "Nobody was hurt, and the glider will be towed away on Monday morning.",
        "The club thanked the farmer, who left the gate open for the recovery trailer.",
    ]


def test_it_keeps_every_paragraph_of_a_long_page_of_line_breaks() -> None:
    paragraphs = "".join(
        f"<p>Sentence {n} ends here.<br>Sentence {n} goes on after the break.</p>"
        for n in range(1, 4902)
    )
    html = (
        "<html lang='en'><head><meta charset='utf-8'><title>Long</title>"
        "<meta property='article:published_time' content='2026-07-04'></head><body><article>"
        f"<h1>Long</h1>{paragraphs}</article></body></html>"
    )
    parsed = read(html.encode(), "long.html")
    assert len(parsed.paragraphs) == 4901
    assert parsed.paragraphs[-1].text == (
        "Sentence 4901 ends here.\nSentence 4901 goes on after the break."
    )


def test_it_reads_a_locale_written_with_an_underscore_as_a_language_tag() -> None:
    # <html lang="en_US">: the page's language, written as a locale.
    assert page("loose-text.html").language == "en-US"


def test_a_section_front_of_teasers_is_no_article() -> None:
    assert refusal("sport-front.html") == "no article text found on the page"


def test_a_copyright_year_is_no_publication_date() -> None:
    assert refusal("copyright-only.html") == "no publication date found on the page"


def test_it_keeps_loose_text_beside_paragraphs_and_a_pre_block() -> None:
    assert texts(page("loose-text.html")) == [
        "Divers surveying the harbour wall found a pouch of old coins wedged between two "
        "stones last week.",
        "The coins date from the eighteenth century, the museum's curator said on Wednesday "
        "afternoon.",
        "More loose text follows the paragraph, as some content systems write it without any tags.",
        "Coins found:   14\nSilver:         9",
        "The museum will show the coins in its harbour room from September, beside the old charts.",
    ]


def test_a_control_character_is_refused_naming_its_paragraph() -> None:
    assert refusal("control-char.html") == "paragraph 2: control character U+0007"


@pytest.mark.django_db
def test_a_canonical_link_to_the_home_page_is_not_the_articles_address(
    web_server: WebServer,
) -> None:
    urls = [f"{web_server.url}/fixtures/web-edges/root-canonical-{x}.html" for x in "ab"]
    out = StringIO()
    call_command("import_articles", "--url", urls[0], "--url", urls[1], stdout=out)
    assert "Done: 2 imported" in out.getvalue()
    assert sorted(Article.objects.values_list("url", flat=True)) == urls


def test_a_raw_control_character_is_refused_too() -> None:
    raw = (EDGES / "control-char.html").read_bytes().replace(b"quarry&#7;s", b"quarry\x0bs")
    with pytest.raises(ArticleImportError) as caught:
        read(raw, "raw.html")
    assert caught.value.reason == "paragraph 2: control character U+000B"


def test_a_page_whose_text_cannot_be_matched_is_refused_not_imported_in_part() -> None:
    # Ruby annotations (<rt>) are text of the element that trafilatura leaves out, so
    # those paragraphs match no element of the page: better no article than half of one.
    ruby = "<p>The <ruby>old<rt>o</rt></ruby> mill on the river turns its wheel again today.</p>"
    plain = "<p>The museum volunteers repaired the axle over two long winters.</p>"
    html = (
        "<html lang='en'><head><meta charset='utf-8'><title>Mill</title>"
        "<meta property='article:published_time' content='2026-07-05'></head><body><article>"
        f"<h1>Mill</h1>{plain}{ruby * 3}{plain}</article></body></html>"
    )
    with pytest.raises(ArticleImportError) as caught:
        read(html.encode(), "ruby.html")
    assert caught.value.reason.startswith("the article's text could not be taken exactly")
