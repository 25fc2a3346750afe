"""A paragraph that is a quotation, closed by a quotation mark after the sentence's
punctuation, is a paragraph in every quotation style, not a heading (articles.parsing
guess_kind); a short line without sentence punctuation inside quotation marks is still a
heading."""

from __future__ import annotations

import pytest

from articles.parsing import guess_kind, parse_text

# (style, opening mark, closing mark)
STYLES = [
    ("English", "“", "”"),
    ("English single", "‘", "’"),
    ("German", "„", "“"),
    ("German single", "‚", "‘"),
    ("French", "« ", " »"),
    ("Danish", "»", "«"),
    ("Swedish", "”", "”"),
    ("Polish", "„", "”"),
    ("Japanese", "「", "」"),
    ("Japanese double", "『", "』"),
    ("Chinese", "《", "》"),
    ("Swiss single", "‹", "›"),
    ("ASCII double", '"', '"'),
    ("ASCII single", "'", "'"),
]
ENDS = [".", "!", "?", "…", ","]


@pytest.mark.parametrize(("style", "opener", "closer"), STYLES, ids=[s[0] for s in STYLES])
@pytest.mark.parametrize("end", ENDS)
def test_a_quotation_ending_in_punctuation_is_a_paragraph(
    style: str, opener: str, closer: str, end: str
) -> None:
    assert guess_kind(f"{opener}Wir sind bereit{end}{closer}") == "body"
    # Nested: the inner quotation closes too.
    assert guess_kind(f"{opener}Er sagte: ‚Nein{end}‘{closer}") == "body"


@pytest.mark.parametrize(("style", "opener", "closer"), STYLES, ids=[s[0] for s in STYLES])
def test_a_short_line_in_quotation_marks_without_punctuation_is_a_heading(
    style: str, opener: str, closer: str
) -> None:
    assert guess_kind(f"Der {opener}Bürgermeister{closer}") == "heading"


def test_the_german_quotation_is_imported_as_a_paragraph() -> None:
    parsed = parse_text(
        "date 2026-03-02\ntitle Brücke\nlang de\n\nDie neue Brücke\n\n"
        "„Wir sind bereit.“\n\nDer Rat hat am Dienstag abgestimmt.\n"
    )
    assert [p.kind for p in parsed.paragraphs] == ["heading", "body", "body"]
