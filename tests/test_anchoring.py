"""Re-anchoring of annotations after paragraph edits (pure: no database)."""

from __future__ import annotations

import time
from collections.abc import Sequence

import pytest

from annotations import anchoring, textdiff
from annotations.anchoring import (
    REVIEW_METHODS,
    Anchor,
    Placement,
    context_of,
    make_anchor,
    reanchor,
    reanchor_many,
)
from annotations.textdiff import Mapper

P = "The goverment announced new measures on Tuesday, officials said."
S = "The minister resigned on Friday. She cited health reasons in a letter to staff."
FIRST, SECOND = "The minister resigned on Friday.", "She cited health reasons in a letter to staff."
ARABIC = "قال الوزير إن الخطة ناجحة جدا"
# Arabic with Western digits and a Latin name inside; it ends with the annotated words.
AR = "وافق المجلس على 1,200 منزل جديد في Nordlys خلال ثمانية عشر شهرا."
# Hebrew with a repeated phrase (defective spelling "התכנית", plene "התוכנית").
HE = "הוועדה אישרה את התכנית, והעירייה אישרה את התכנית שוב ביום שני."
HE_SWAP = "העירייה אישרה את התכנית. הוועדה אישרה את התכנית."
BRIDGE = (
    "We were promised the bridge by spring, and then we were promised the bridge by sprng again."
)
MAYOR = "The mayor said the new bridge would open in spring 2025, officials confirmed on Monday."


def nth(text: str, sub: str, occurrence: int = 0) -> int:
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(sub, index + 1)
    return index


def anchor_on(text: str, sub: str, occurrence: int = 0) -> Anchor:
    start = nth(text, sub, occurrence)
    return make_anchor(text, start, start + len(sub))


def assert_exact(placement: Placement, new_text: str | None, others: Sequence[str] = ()) -> None:
    """The invariant: a placement's text is exactly its target paragraph's slice."""
    if placement.orphaned:
        assert placement.paragraph is None
        return
    target = new_text if placement.paragraph is None else others[placement.paragraph]
    assert target is not None
    assert 0 <= placement.start < placement.end <= len(target)
    assert placement.text
    assert target[placement.start : placement.end] == placement.text


# id, old text, (annotated substring, occurrence), new text (None: deleted), others,
# expected (method, paragraph, start, end, text).
CASCADE = [
    pytest.param(
        P, ("new measures", 0), P.replace("goverment", "government"), (),
        ("diff", None, 25, 37, "new measures"),
        id="typo-fixed-before-span",
    ),
    pytest.param(
        P, ("goverment announced", 0), P.replace("goverment", "government"), (),
        ("fuzzy", None, 4, 24, "government announced"),
        id="typo-fixed-inside-span",
    ),
    pytest.param(
        P, ("goverment announced", 0), P.replace("officials", "oficials"), (),
        ("unchanged", None, 4, 23, "goverment announced"),
        id="typo-after-span",
    ),
    pytest.param(
        P, ("new measures", 0), "In a surprise move, " + P, (),
        ("diff", None, 44, 56, "new measures"),
        id="words-inserted-before",
    ),
    pytest.param(
        P, ("announced new measures", 0), P.replace("new measures", "new tax measures"), (),
        ("fuzzy", None, 14, 40, "announced new tax measures"),
        id="word-inserted-inside-span",
    ),
    pytest.param(
        S, ("resigned on Friday", 0), FIRST, (SECOND,),
        ("unchanged", None, 13, 31, "resigned on Friday"),
        id="split-annotation-in-first-half",
    ),
    pytest.param(
        S, ("health reasons", 0), FIRST, (SECOND,),
        ("moved", 0, 10, 24, "health reasons"),
        id="split-annotation-in-second-half",
    ),
    pytest.param(
        FIRST, ("resigned on Friday", 0), S, (),
        ("unchanged", None, 13, 31, "resigned on Friday"),
        id="merged-surviving-paragraph",
    ),
    pytest.param(
        SECOND, ("health reasons", 0), None, ("Background.", S),
        ("moved", 1, 43, 57, "health reasons"),
        id="merged-removed-paragraph",
    ),
    pytest.param(
        S, ("in a letter to staff", 0), FIRST,
        ("Intro.", "Her deputy takes over. She cited health reasons in a letter to staff."),
        ("moved", 1, 48, 68, "in a letter to staff"),
        id="sentence-moved-to-other-paragraph",
    ),
    pytest.param(
        S, ("health reasons", 0), FIRST, ("Her deputy takes over. She cited health raesons.",),
        ("moved-fuzzy", 0, 33, 47, "health raesons"),
        id="sentence-moved-and-edited",
    ),
    pytest.param(
        S, ("health reasons", 0), None, ("Unrelated text about sport.", "Weather: sunny."),
        ("orphaned", None, 0, 0, ""),
        id="paragraph-deleted-sentence-nowhere",
    ),
    pytest.param(
        P, ("new measures", 0), "Officials declined to comment on the plans.", ("Unrelated.",),
        ("orphaned", None, 0, 0, ""),
        id="rewritten-beyond-recognition",
    ),
    pytest.param(
        "Alice said yes. Bob said no. Carol said yes.", ("said yes", 1),
        "Carol said yes. Alice said yes. Bob said no.", (),
        ("search", None, 6, 14, "said yes"),
        id="repeated-phrase-context-picks-occurrence",
    ),
    pytest.param(
        "Critics said the plan is flawed.", ("said the plan is", 0), None,
        ("Supporters said the plan is sound. Critics said the plan is flawed.",),
        ("moved", 0, 43, 59, "said the plan is"),
        id="repeated-phrase-in-other-paragraph",
    ),
    pytest.param(
        "Rates rose. Stocks fell sharply. Bonds held.", ("Stocks fell sharply", 0),
        "Stocks fell sharply. Rates rose, and bonds held.", (),
        ("diff", None, 0, 19, "Stocks fell sharply"),
        id="sentence-reordered-diff-follows",
    ),
    pytest.param(
        "Rates rose on Monday. Bonds held firm. Stocks fell.", ("Stocks fell", 0),
        "Stocks fell. Rates rose on Monday. Bonds held firm.", (),
        ("search", None, 0, 11, "Stocks fell"),
        id="sentence-reordered-search-finds",
    ),
    pytest.param(
        "🎉 Launch day: the rocket flew at dawn.", ("the rocket flew", 0),
        "🎉🚀👨\u200d👩\u200d👧 Launch day: the rocket flew at dawn.", (),
        ("diff", None, 20, 35, "the rocket flew"),
        id="emoji-inserted-before",
    ),
    pytest.param(
        "Cafe\u0301 owners protested the new rules.", ("protested the new rules", 0),
        "Cafe\u0301 and bistro owners protested the new rules.", (),
        ("diff", None, 24, 47, "protested the new rules"),
        id="combining-accent-before",
    ),
    pytest.param(
        "The re\u0301sume\u0301 was sent to the comitee yesterday.",
        ("re\u0301sume\u0301 was sent to the comitee", 0),
        "The re\u0301sume\u0301 was sent to the committee yesterday.", (),
        ("fuzzy", None, 4, 38, "re\u0301sume\u0301 was sent to the committee"),
        id="combining-accent-inside-fuzzy",
    ),
    pytest.param(
        "今天天气很好，我们去公园散步。", ("我们去公园散步", 0), "据报道，今天天气很好，我们去公园散步。", (),
        ("diff", None, 11, 18, "我们去公园散步"),
        id="cjk-inserted-before",
    ),
    pytest.param(
        "今天天气很好。我们去公园散步。", ("我们去公园散步", 0), "今天天气很好。", ("他说：我们去公园散步。",),
        ("moved", 0, 3, 10, "我们去公园散步"),
        id="cjk-sentence-moved",
    ),
    pytest.param(
        ARABIC, ("الخطة ناجحة", 0), "قال الوزير يوم الاثنين إن الخطة ناجحة جدا", (),
        ("diff", None, 26, 37, "الخطة ناجحة"),
        id="arabic-words-inserted-before",
    ),
    pytest.param(
        ARABIC, ("إن الخطة ناجحة", 0), "قال الوزير إن الخطط ناجحة جدا", (),
        ("fuzzy", None, 11, 25, "إن الخطط ناجحة"),
        id="arabic-typo-inside-fuzzy",
    ),
    pytest.param(
        P, ("new", 0), "The government announced now measures.", (),
        ("orphaned", None, 0, 0, ""),
        id="short-text-never-fuzzy",
    ),
    pytest.param(
        P, (" ", 2), "X " + P, (),
        ("orphaned", None, 0, 0, ""),
        id="whitespace-only-moved-orphaned",
    ),
    # Repeated phrases: every step chooses by context, then position.
    pytest.param(
        BRIDGE, ("the bridge by sprng", 0), BRIDGE.replace("sprng", "spring"), (),
        ("fuzzy", None, 65, 85, "the bridge by spring"),
        id="repeated-phrase-typo-fixed-stays-on-second",
    ),
    pytest.param(
        "Lind said yes. Berg said yes.", ("yes", 1), "Berg said yes. Lind said yes.", (),
        ("search", None, 10, 13, "yes"),
        id="swapped-phrases-same-offsets-follow-context",
    ),
    pytest.param(
        "Alice said yes, and Bob said yes.", ("said yes", 0),
        "Alice said yes, and Bob said yes.".replace("and Bob", "and then Bob"), (),
        ("unchanged", None, 6, 14, "said yes"),
        id="repeated-phrase-edit-elsewhere-unchanged",
    ),
    # Prefix and suffix still there, the words between rewritten beyond the fuzzy limit.
    pytest.param(
        MAYOR, ("the new bridge would open in spring 2025", 0),
        MAYOR.replace("the new bridge would open in spring 2025",
                      "construction is delayed until at least the autumn of 2026"), (),
        ("bracketed", None, 15, 72, "construction is delayed until at least the autumn of 2026"),
        id="bracketed-rewritten-between-context",
    ),
    pytest.param(
        MAYOR, ("the new bridge would open in spring 2025", 0),
        MAYOR.replace("the new bridge would open in spring 2025", "x" * 200), (),
        ("orphaned", None, 0, 0, ""),
        id="bracket-gap-too-long-orphaned",
    ),
    pytest.param(
        "Mon: the plan won. Critics left.", ("the plan won", 0),
        "Mon: a different vote entirely. Critics left.", (),
        ("bracketed", None, 5, 30, "a different vote entirely"),
        id="bracket-short-prefix-at-edge",
    ),
    pytest.param(
        "Mon: the plan won. Critics left.", ("the plan won", 0),
        "Tue: a different vote entirely. Critics left.", (),
        ("orphaned", None, 0, 0, ""),
        id="bracket-short-prefix-changed-orphaned",
    ),
    pytest.param(
        "Dawn. The council approved the budget. Taxes will rise next year.",
        ("Taxes will rise next year.", 0),
        "Dawn. The council approved the budget. Fees go up in 2026, the mayor added.", (),
        ("bracketed", None, 39, 75, "Fees go up in 2026, the mayor added."),
        id="bracketed-at-paragraph-end",
    ),
    # Right-to-left paragraphs (Arabic with digits and a Latin word, Hebrew, RLM/LRM marks).
    pytest.param(
        AR, ("ثمانية عشر شهرا.", 0), AR.replace("1,200", "12,000"), (),
        ("diff", None, 49, 65, "ثمانية عشر شهرا."),
        id="arabic-end-of-paragraph-edit-before",
    ),
    pytest.param(
        AR, ("ثمانية عشر شهرا.", 0), AR + " وقال رئيس البلدية إن العمل يبدأ في مايو.", (),
        ("unchanged", None, 48, 64, "ثمانية عشر شهرا."),
        id="arabic-end-of-paragraph-edit-after",
    ),
    pytest.param(
        AR, ("ثمانية عشر شهرا.", 0), AR.replace("شهرا.", "شهراً."), (),
        ("fuzzy", None, 48, 65, "ثمانية عشر شهراً."),
        id="arabic-end-of-paragraph-mark-added-inside",
    ),
    pytest.param(
        AR, ("ثمانية عشر شهرا.", 0), AR.replace("ثمانية عشر شهرا.", "ثمانية أشهر."), (),
        ("bracketed", None, 48, 60, "ثمانية أشهر."),
        id="arabic-end-of-paragraph-rewritten-bracketed",
    ),
    pytest.param(
        AR, ("1,200 منزل", 0), "بعد نقاش طويل، " + AR, (),
        ("diff", None, 31, 41, "1,200 منزل"),
        id="arabic-digits-words-inserted-before",
    ),
    pytest.param(
        AR, ("Nordlys", 0), AR.replace("Nordlys", "\u200eNordlys\u200e"), (),
        ("diff", None, 36, 43, "Nordlys"),
        id="arabic-lrm-marks-around-latin-word",
    ),
    pytest.param(
        HE, ("אישרה את התכנית", 1), "\u200fבישיבה סוערת, " + HE, (),
        ("diff", None, 48, 63, "אישרה את התכנית"),
        id="hebrew-repeated-phrase-rlm-inserted-before",
    ),
    pytest.param(
        HE, ("אישרה את התכנית", 1), HE.replace("והעירייה אישרה את התכנית", "והעירייה אישרה את התוכנית"), (),
        ("fuzzy", None, 33, 49, "אישרה את התוכנית"),
        id="hebrew-repeated-phrase-reworded-not-the-twin",
    ),
    pytest.param(
        HE_SWAP, ("אישרה את התכנית", 1), "הוועדה אישרה את התכנית. העירייה אישרה את התכנית.", (),
        ("search", None, 7, 22, "אישרה את התכנית"),
        id="hebrew-swapped-phrases-follow-context",
    ),
    pytest.param(
        HE, ("התכנית שוב ביום שני.", 0), HE.replace("שני", "שלישי"), (),
        ("fuzzy", None, 42, 64, "התכנית שוב ביום שלישי."),
        id="hebrew-end-of-paragraph-word-changed",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("old", "span", "new", "others", "expected"), CASCADE)
def test_cascade(
    old: str,
    span: tuple[str, int],
    new: str | None,
    others: tuple[str, ...],
    expected: tuple[str, int | None, int, int, str],
) -> None:
    anchor = anchor_on(old, *span)
    placement = reanchor(anchor, old, new, others)
    method, paragraph, start, end, text = expected
    assert (placement.method, placement.paragraph) == (method, paragraph)
    assert (placement.start, placement.end, placement.text) == (start, end, text)
    assert_exact(placement, new, others)
    assert placement.needs_review == (method in REVIEW_METHODS)
    assert placement.orphaned == (method == "orphaned")
    # The same answer through the batch API.
    assert reanchor_many([anchor], old, new, others) == [placement]


TWIN = "The council approved the budget. Taxes will rise next year."

# id, old text, annotated substring, new text (None: deleted), others, changed_others,
# expected (method, paragraph, start, end, text).
MOVES = [
    pytest.param(
        S, "health reasons", FIRST, (SECOND,), {0},
        ("moved", 0, 10, 24, "health reasons"),
        id="split-into-changed-paragraph-silent",
    ),
    pytest.param(
        S, "health reasons", FIRST, (SECOND,), set(),
        ("moved-check", 0, 10, 24, "health reasons"),
        id="exact-in-unchanged-paragraph-flagged",
    ),
    pytest.param(
        TWIN, "Taxes will rise next year", "The council approved a smaller budget after a long debate.",
        (TWIN,), set(),
        ("moved-check", 0, 33, 58, "Taxes will rise next year"),
        id="words-gone-unchanged-twin-flagged",
    ),
    pytest.param(
        TWIN, "Taxes will rise next year", "The council approved the budget. Fees will go up in 2026.",
        (TWIN,), set(),
        ("bracketed", None, 33, 56, "Fees will go up in 2026"),
        id="words-rewritten-own-bracket-before-twin",
    ),
    pytest.param(
        TWIN, "Taxes will rise next year", "The council approved the budget. Taxes will rise next yer.",
        (TWIN,), set(),
        ("fuzzy", None, 33, 57, "Taxes will rise next yer"),
        id="words-edited-own-fuzzy-before-twin",
    ),
    pytest.param(
        TWIN, "Taxes will rise next year", "The council approved a smaller budget after a long debate.",
        (TWIN,), None,
        ("moved", 0, 33, 58, "Taxes will rise next year"),
        id="changed-others-none-keeps-old-silent-move",
    ),
    pytest.param(
        "Rain is likely on Sunday, forecasters said.", "likely on Sunday", "Forecasters were unsure.",
        ("Heavy snow is likely on Sunday in the hills.",), {0},
        ("moved-check", 0, 14, 30, "likely on Sunday"),
        id="changed-paragraph-context-disagrees-flagged",
    ),
    pytest.param(
        "Rain is likely on Sunday, forecasters said.", "likely on Sunday", "Forecasters were unsure.",
        ("likely on Sunday in the hills.",), {0},
        # Only a bare paragraph edge agrees: not enough to move silently.
        ("moved-check", 0, 0, 16, "likely on Sunday"),
        id="changed-paragraph-bare-edge-flagged",
    ),
    pytest.param(
        TWIN, "Taxes will rise next year", None, ("Intro.", TWIN, "Later: " + TWIN), {2},
        ("moved", 2, 40, 65, "Taxes will rise next year"),
        id="deleted-paragraph-prefers-changed-paragraph",
    ),
    pytest.param(
        S, "health reasons", FIRST, ("She cited health raesons.",), set(),
        ("moved-fuzzy", 0, 10, 24, "health raesons"),
        id="fuzzy-in-unchanged-paragraph-flagged",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("old", "sub", "new", "others", "changed", "expected"), MOVES)
def test_cascade_with_changed_others(
    old: str,
    sub: str,
    new: str | None,
    others: tuple[str, ...],
    changed: set[int] | None,
    expected: tuple[str, int | None, int, int, str],
) -> None:
    anchor = anchor_on(old, sub)
    placement = reanchor(anchor, old, new, others, changed_others=changed)
    assert placement == Placement(*expected)
    assert_exact(placement, new, others)
    assert placement.needs_review == (placement.method in REVIEW_METHODS)
    assert reanchor_many([anchor], old, new, others, changed_others=changed) == [placement]


def test_changed_paragraph_silent_move_comes_before_own_fuzzy() -> None:
    """The documented order: words gone from their paragraph but present, with agreeing
    context, in a paragraph changed in the same edit (a split) move silently there even
    when the own paragraph keeps a near copy."""
    old = "The minister resigned on Friday. She cited health reasons."
    new = "The minister resigned on Friday. She cited health raesons."
    placement = reanchor(anchor_on(old, "health reasons"), old, new, [SECOND], changed_others=[0])
    assert placement == Placement("moved", 0, 10, 24, "health reasons")
    assert reanchor(anchor_on(old, "health reasons"), old, new, [SECOND], changed_others=[]) == (
        Placement("fuzzy", None, 43, 57, "health raesons")
    )


def test_swapped_phrases_need_no_diff(diff_calls: list[tuple[str, str]]) -> None:
    """Step 1 chooses between occurrences by context without computing the diff."""
    old, new = "Lind said yes. Berg said yes.", "Berg said yes. Lind said yes."
    assert reanchor(anchor_on(old, "yes", 1), old, new) == Placement("search", None, 10, 13, "yes")
    assert diff_calls == []


def test_near_context_changed_single_occurrence_unchanged(
    diff_calls: list[tuple[str, str]],
) -> None:
    old = "Officials said the plan was sound."
    new = "Officials says the plan was sound."
    placement = reanchor(anchor_on(old, "plan was sound"), old, new)
    assert placement == Placement("unchanged", None, 19, 33, "plan was sound")
    assert diff_calls == []
    new = "Officials said: the plan was sound."
    assert reanchor(anchor_on(old, "the plan"), old, new).method == "diff"


def test_whitespace_only_text_kept_when_unchanged() -> None:
    anchor = anchor_on(P, " ", 2)
    placement = reanchor(anchor, P, P.replace("officials", "oficials"))
    assert placement == Placement("unchanged", None, anchor.start, anchor.end, " ")


@pytest.mark.parametrize(
    "anchor",
    [
        Anchor(0, 0, ""),
        Anchor(5, 2, "abc"),
        Anchor(-3, 4, "The "),
        Anchor(10**9, 10**9 + 3, "xyz"),
        Anchor(0, 3, "The", prefix="x" * 100, suffix="y" * 100),
        Anchor(1, 2, "\u0301"),
        Anchor(0, 2, "👨\u200d"),
    ],
    ids=["empty", "reversed", "negative", "huge", "long-context", "lone-mark", "half-zwj"],
)
@pytest.mark.parametrize("new", ["", "The", P, "👨\u200d👩\u200d👧 e\u0301", None])
def test_odd_inputs_never_raise(anchor: Anchor, new: str | None) -> None:
    others = ["", "The goverment", "\u0301\u0301"]
    placement = reanchor(anchor, P, new, others)
    assert placement.method in anchoring.METHODS
    assert_exact(placement, new, others)
    if not anchor.text:
        assert placement.orphaned


def test_empty_old_text() -> None:
    anchor = Anchor(0, 5, "hello")
    placement = reanchor(anchor, "", "well, hello there")
    assert placement == Placement("search", None, 6, 11, "hello")


def test_fuzzy_prefers_word_boundaries() -> None:
    old = "Officials confirmed the recieved letters were forged."
    new = "Officials confirmed the received letters were forged."
    placement = reanchor(anchor_on(old, "recieved letters"), old, new)
    assert placement == Placement("fuzzy", None, 24, 40, "received letters")


def test_fuzzy_does_not_split_combining_sequences() -> None:
    old = "Le comite a vote la loi hier."
    new = "Le comite\u0301 a vote\u0301 la loi hier."
    # "comite\u0301 a vote" is one edit away but cuts "e\u0301": take the accent too.
    placement = reanchor(anchor_on(old, "comite a vote"), old, new)
    assert placement == Placement("fuzzy", None, 3, 18, "comite\u0301 a vote\u0301")


# --- Mapper ---------------------------------------------------------------------------------


@pytest.fixture(params=["difflib", "rapidfuzz"])
def diff_backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with small diffs on difflib (the default) and on the large-diff path."""
    if request.param == "rapidfuzz":
        monkeypatch.setattr(textdiff, "_DIFFLIB_MAX_CELLS", 0)
    return str(request.param)


def test_mapper_insert_at_span_edges_stays_outside(diff_backend: str) -> None:
    mapper = Mapper("abc XYZ def", "abc __XYZ__ def")
    assert mapper.map_span(4, 7) == (6, 9)


def test_mapper_replaced_region_maps_to_edges(diff_backend: str) -> None:
    mapper = Mapper("one two three", "one 2 three")
    # 'two' -> '2': a start inside the replaced text maps to its beginning, an end to its end.
    assert mapper.map_start(5) == 4
    assert mapper.map_end(6) == 5
    assert mapper.map_span(0, 13) == (0, 11)
    assert mapper.map_span(8, 13) == (6, 11)


def test_mapper_many_edits(diff_backend: str) -> None:
    old = "alpha beta gamma delta epsilon zeta eta theta"
    new = "ALPHA beta gamma, delta epsilon zeta eta THETA"
    mapper = Mapper(old, new)
    for word in ("beta gamma", "delta epsilon", "zeta eta"):
        start, end = mapper.map_span(old.index(word), old.index(word) + len(word))
        assert new[start:end] == word


def test_mapper_clamps() -> None:
    mapper = Mapper("abc", "")
    assert mapper.map_span(-5, 99) == (0, 0)
    assert Mapper("", "xyz").map_span(0, 0) == (3, 3)


# --- reanchor_many -----------------------------------------------------------------------------


def _long_paragraph() -> str:
    sentence = "Council member {n} asked whether the budget for district {n} would rise. "
    return "".join(sentence.format(n=n) for n in range(80))[:5000]


@pytest.fixture
def diff_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Records every paragraph diff the module computes."""
    real = textdiff._diff_blocks
    calls: list[tuple[str, str]] = []

    def counting(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
        calls.append((old, new))
        return real(old, new)

    monkeypatch.setattr(textdiff, "_diff_blocks", counting)
    return calls


def test_reanchor_many_computes_one_diff(diff_calls: list[tuple[str, str]]) -> None:
    old = _long_paragraph()
    assert len(old) == 5000
    new = "Updated: " + old.replace("district 3 ", "district three ").replace("Council", "council")
    anchors = [make_anchor(old, s, s + 20) for s in range(0, 4900, 15)]
    assert len(anchors) > 300

    started = time.perf_counter()
    placements = reanchor_many(anchors, old, new, ["An unrelated paragraph."])
    elapsed = time.perf_counter() - started

    assert len(diff_calls) == 1
    assert elapsed < 5
    assert len(placements) == len(anchors)
    for anchor, placement in zip(anchors, placements, strict=True):
        assert_exact(placement, new, ["An unrelated paragraph."])
        if placement.method in ("unchanged", "diff", "search"):
            assert placement.text == anchor.text
    # Most spans touch neither edit and follow the diff.
    assert sum(p.method == "diff" for p in placements) > len(anchors) // 2
    # Each anchor alone gives the same answers.
    assert [reanchor(a, old, new, ["An unrelated paragraph."]) for a in anchors] == placements


def test_reanchor_many_skips_the_diff_when_nothing_moved(
    diff_calls: list[tuple[str, str]],
) -> None:
    anchors = [anchor_on(P, "goverment"), anchor_on(P, "Tuesday")]
    placements = reanchor_many(anchors, P, P + " More.")
    assert [p.method for p in placements] == ["unchanged", "unchanged"]
    assert diff_calls == []


def test_reanchor_many_deleted_paragraph() -> None:
    anchors = [anchor_on(S, "health reasons"), anchor_on(S, "resigned")]
    placements = reanchor_many(anchors, S, None, [SECOND])
    assert placements == [
        Placement("moved", 0, 10, 24, "health reasons"),
        Placement("orphaned", None),
    ]
    assert reanchor_many([], S, None) == []


# --- context_of / make_anchor / Placement ------------------------------------------------------


def test_context_of() -> None:
    text = "a" * 40 + "SPAN" + "b" * 40
    assert context_of(text, 40, 44) == ("a" * 32, "b" * 32)
    assert context_of(text, 40, 44, width=3) == ("aaa", "bbb")
    assert context_of("Hello world", 0, 5) == ("", " world")
    assert context_of("Hello world", 6, 11) == ("Hello ", "")
    assert context_of("", 0, 0) == ("", "")
    assert context_of("abc", -4, 99) == ("", "")
    assert context_of("abc", 2, 1) == ("ab", "c")
    assert context_of("abc", 1, 2, width=-1) == ("", "")
    assert context_of("👍e\u0301x", 3, 4, width=2) == ("e\u0301", "")


def test_make_anchor() -> None:
    anchor = make_anchor(P, 24, 36)
    assert anchor == Anchor(24, 36, "new measures", P[:24][-32:], P[36:68])
    assert make_anchor("abc", 5, 9) == Anchor(3, 3, "", "abc", "")


def test_placement_properties() -> None:
    assert Placement("orphaned", None).orphaned
    assert not Placement("orphaned", None).needs_review
    assert Placement("fuzzy", None, 0, 1, "x").needs_review
    assert Placement("moved-fuzzy", 2, 0, 1, "x").needs_review
    assert Placement("bracketed", None, 0, 1, "x").needs_review
    assert Placement("moved-check", 2, 0, 1, "x").needs_review
    assert REVIEW_METHODS.issubset(anchoring.METHODS)
    for method in ("unchanged", "diff", "search", "moved"):
        placement = Placement(method, None, 0, 1, "x")
        assert not placement.needs_review and not placement.orphaned
    assert Placement("moved", 1, 0, 1, "x").target("new", ["a", "b"]) == "b"
    assert Placement("diff", None, 0, 1, "x").target("new") == "new"
    assert Placement("orphaned", None).target("new") is None
    with pytest.raises(AttributeError):
        Placement("diff", None).method = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("old", "new", "start", "end", "expected"),
    [
        # Found by trying the product: the later copy of a repeated phrase, swapped.
        (
            "Ana Sousa said yes. Ana Sousa said nah.",
            "Ana Sousa said nah. Ana Sousa said yes.",
            20,
            34,
            (0, 14),
        ),
        (
            "Police said the man fled north. Police said the man fled south.",
            "Police said the man fled south. Police said the man fled north.",
            32,
            57,
            (0, 25),
        ),
        (
            "Witnesses saw a red car. Witnesses saw a tan car.",
            "Witnesses saw a tan car. Witnesses saw a red car.",
            25,
            40,
            (0, 15),
        ),
    ],
)
def test_a_swapped_later_copy_follows_the_word_next_to_it(
    old: str, new: str, start: int, end: int, expected: tuple[int, int]
) -> None:
    anchor = make_anchor(old, start, end)
    placement = reanchor(anchor, old, new)
    assert (placement.start, placement.end) == expected
    assert new[placement.start : placement.end] == anchor.text


def test_a_word_opening_an_unrelated_new_paragraph_is_not_a_silent_move() -> None:
    old = "Mayor Lee opened the new bridge on Monday."
    new = "Mayor Kim opened the new bridge on Monday."
    others = ["The harbour stays closed.", "Lee Street will be repaved next year."]
    placement = reanchor(make_anchor(old, 6, 9), old, new, others, changed_others={1})
    assert placement.orphaned or placement.needs_review
