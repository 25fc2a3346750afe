"""Property tests: re-anchoring never raises and placements are always exact."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.anchoring import (
    METHODS,
    REVIEW_METHODS,
    Anchor,
    Placement,
    make_anchor,
    reanchor,
    reanchor_many,
)
from annotations.quotecontext import agrees

# Latin with spaces and punctuation, combining marks, emoji (incl. ZWJ/modifiers), CJK,
# right-to-left text (Arabic with its digits and harakat, Hebrew with niqqud) and the
# RLM/LRM marks: small enough that repeated substrings are common.
ALPHABET = st.sampled_from(
    [
        *"abcde fgh  .,",
        *"\u0301\u0308\u0327",  # combining acute, diaeresis, cedilla
        *"😀👍\U0001f3fd\u200d\ufe0f👨",  # emoji, skin tone modifier, ZWJ, variation selector
        *"天气公园",
        *"الخطة",
        *"\u064b\u0651\u0650",  # Arabic tanween fatha, shadda, kasra (combining)
        *"١٢0",  # Arabic-Indic digits next to a Western one
        *"שלום",
        *"\u05b8\u05bc",  # Hebrew qamats, dagesh (combining)
        *"\u200f\u200e",  # RIGHT-TO-LEFT MARK, LEFT-TO-RIGHT MARK
    ]
)
TEXT = st.text(ALPHABET, max_size=80)


@st.composite
def edits(draw: st.DrawFn, size: int) -> list[tuple[int, int, str]]:
    """Up to four (position, deleted length, inserted text) edits, applied in order."""
    result = []
    for _ in range(draw(st.integers(0, 4))):
        pos = draw(st.integers(0, size))
        length = draw(st.integers(0, max(0, min(8, size - pos))))
        inserted = draw(st.text(ALPHABET, max_size=10))
        result.append((pos, length, inserted))
        size += len(inserted) - length
    return result


def apply(text: str, changes: list[tuple[int, int, str]]) -> str:
    for pos, length, inserted in changes:
        text = text[:pos] + inserted + text[pos + length :]
    return text


def assert_exact(placement: Placement, new: str | None, others: list[str]) -> None:
    assert placement.method in METHODS
    if placement.orphaned:
        assert placement.paragraph is None
        return
    target = new if placement.paragraph is None else others[placement.paragraph]
    assert target is not None
    assert 0 <= placement.start < placement.end <= len(target)
    assert placement.text
    assert target[placement.start : placement.end] == placement.text
    assert placement.needs_review == (placement.method in REVIEW_METHODS)


Scenario = tuple[str, Anchor, str | None, list[str], set[int] | None]


@st.composite
def scenario(draw: st.DrawFn) -> Scenario:
    old = draw(TEXT.filter(bool))
    start = draw(st.integers(0, len(old) - 1))
    end = draw(st.integers(start + 1, len(old)))
    new = None if draw(st.integers(0, 9)) == 0 else apply(old, draw(edits(len(old))))
    # Others: unrelated text, or the old paragraph edited (a split, a twin, a copy).
    others = draw(
        st.lists(st.one_of(TEXT, edits(len(old)).map(lambda e: apply(old, e))), max_size=3)
    )
    changed = draw(st.one_of(st.none(), st.sets(st.integers(0, max(0, len(others) - 1)))))
    return old, make_anchor(old, start, end), new, others, changed


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario())
def test_never_raises_and_is_exact(case: Scenario) -> None:
    old, anchor, new, others, changed = case
    placement = reanchor(anchor, old, new, others, changed_others=changed)
    assert_exact(placement, new, others)
    assert reanchor_many([anchor, anchor], old, new, others, changed_others=changed) == [
        placement,
        placement,
    ]
    if placement.method == "moved":
        # Silent moves only into paragraphs changed in the same edit.
        assert changed is None or placement.paragraph in changed
    if changed is None:
        # The default treats every other paragraph as changed.
        assert placement == reanchor(anchor, old, new, others, changed_others=range(len(others)))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT.filter(bool), st.data())
def test_same_text_is_unchanged(old: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(old) - 1))
    end = data.draw(st.integers(start + 1, len(old)))
    anchor = make_anchor(old, start, end)
    placement = reanchor(anchor, old, old, [old])
    assert placement == Placement("unchanged", None, start, end, old[start:end])


@st.composite
def untouched_span(draw: st.DrawFn) -> tuple[str, Anchor, str, int]:
    """An old text, an anchor in it, a new text whose edits all avoid the span, and the
    span's start in the new text."""
    old = draw(TEXT.filter(bool))
    start = draw(st.integers(0, len(old) - 1))
    end = draw(st.integers(start + 1, len(old)))
    anchor = make_anchor(old, start, end)
    new, span_start, span_end = old, start, end
    for _ in range(draw(st.integers(1, 4))):
        # Edit entirely before or entirely after the span (touching its edge is allowed).
        if draw(st.booleans()):
            pos = draw(st.integers(0, span_start))
            length = draw(st.integers(0, span_start - pos))
        else:
            pos = draw(st.integers(span_end, len(new)))
            length = draw(st.integers(0, len(new) - pos))
        inserted = draw(st.text(ALPHABET, max_size=10))
        new = new[:pos] + inserted + new[pos + length :]
        if pos < span_start or (pos == span_start and length == 0 and pos < span_end):
            shift = len(inserted) - length
            span_start, span_end = span_start + shift, span_end + shift
    assert new[span_start:span_end] == anchor.text
    return old, anchor, new, span_start


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(untouched_span(), st.lists(TEXT, max_size=2))
def test_edits_outside_the_span_keep_it(
    case: tuple[str, Anchor, str, int], others: list[str]
) -> None:
    old, anchor, new, span_start = case
    placement = reanchor(anchor, old, new, others)
    assert_exact(placement, new, others)
    if not anchor.text.strip():
        # Whitespace-only spans are kept only at their old offsets.
        assert placement.method in ("unchanged", "orphaned")
        return
    assert placement.paragraph is None
    if placement.method == "fuzzy":
        # Step 3's twin guard, for review: the words' nearest context changed on both
        # sides (edits touching both edges), and the diff maps the old span elsewhere.
        assert not agrees(anchor, new, span_start, span_start + len(anchor.text))
        return
    assert placement.method in ("unchanged", "diff", "search")
    assert placement.text == anchor.text
    # Only one occurrence (overlapping ones count: str.count does not see them).
    if sum(new.startswith(anchor.text, i) for i in range(len(new))) == 1:
        assert placement.start == span_start
