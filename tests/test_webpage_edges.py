"""sources.webpage on the pages a new user brought (tests/fixtures/web-edges/, our own):
line breaks between words, section fronts, copyright years, a canonical link to the home
page, bylines and date lines, loose text, control characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from articles.parsing import ArticleImportError, ParsedArticle
from sources.readers import read

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
