from __future__ import annotations

import re
from dataclasses import dataclass

from annotations.rendering import highlight


@dataclass
class S:
    id: int
    start: int
    end: int
    tag: str


def text_of(html: str) -> str:
    return (
        re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    )


def test_it_escapes_text_without_annotations() -> None:
    assert highlight("a <b> & c", []) == "a &lt;b&gt; &amp; c"


def test_it_nests_a_claim_inside_a_quote() -> None:
    html = highlight("He said it is cheap today", [S(1, 3, 25, "quote"), S(2, 8, 19, "claim")])
    assert html == (
        'He <mark class="hl hl--quote" data-annotation-id="1" data-tag="quote">said </mark>'
        '<mark class="hl hl--quote" data-annotation-id="1" data-tag="quote">'
        '<mark class="hl hl--claim" data-annotation-id="2" data-tag="claim">it is cheap</mark></mark>'
        '<mark class="hl hl--quote" data-annotation-id="1" data-tag="quote"> today</mark>'
    )


def test_it_cuts_partly_overlapping_spans_into_well_formed_pieces() -> None:
    text = "one two three four"
    html = highlight(text, [S(1, 0, 7, "claim"), S(2, 4, 13, "context")])
    assert text_of(html) == text
    assert html.count("<mark") == html.count("</mark>") == 4
    # "two" is covered by both, outer (earlier) span first
    assert (
        '<mark class="hl hl--claim" data-annotation-id="1" data-tag="claim"><mark class="hl hl--context" data-annotation-id="2" data-tag="context">two</mark></mark>'
        in html
    )


def test_it_draws_one_span_with_several_tags_and_keeps_unicode() -> None:
    text = "🌉 Cafe\u0301 <quoted>"
    html = highlight(text, [S(1, 2, 7, "claim"), S(2, 2, 7, "quote")])
    assert text_of(html) == text
    assert ">Cafe\u0301</mark></mark>" in html


@dataclass
class Named(S):
    accessible_name: str


def test_a_named_span_is_a_labelled_highlight_with_its_name_escaped() -> None:
    html = highlight("say <it>", [Named(7, 0, 3, "quote", 'Quote by "ann": <say>')])
    assert html == (
        '<mark class="hl hl--quote" data-annotation-id="7" data-tag="quote" role="group" '
        'aria-roledescription="highlight" aria-label="Quote by &quot;ann&quot;: &lt;say&gt;">'
        "say</mark> &lt;it&gt;"
    )


def test_a_highlight_cut_into_pieces_is_named_once_on_its_first_piece() -> None:
    outer = Named(1, 0, 9, "quote", "Quote by ann: say it all")
    inner = Named(2, 4, 6, "claim", "Claim by bo: it")
    html = highlight("say it all", [outer, inner])
    assert html.count('aria-label="Quote by ann: say it all"') == 1
    assert html.count('aria-label="Claim by bo: it"') == 1
    first = html.index('data-annotation-id="1"')
    assert html.index('aria-label="Quote by ann') > first
    assert html.index('aria-label="Quote by ann') < html.index('data-annotation-id="2"')
