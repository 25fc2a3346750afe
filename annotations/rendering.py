"""Draw annotations into a paragraph's text as nested ``<mark>`` elements."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


class Span(Protocol):
    """What a highlight is drawn from: an annotation's id, span (code points) and tag."""

    @property
    def id(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def tag(self) -> str: ...


def highlight(text: str, spans: Iterable[Span]) -> SafeString:
    """Return escaped ``text`` with every span wrapped in ``<mark>``.

    Overlapping spans cannot nest as whole elements, so the text is cut at every span
    boundary and each piece is wrapped in one ``<mark>`` per span covering it, outermost
    (earliest, longest) first. Each mark names its annotation, so a span drawn in several
    pieces is still one annotation to the script and the styles. A span with an
    ``accessible_name`` names its first piece for screen readers. Suggestions (spans with
    ``suggested``) that do not overlap one another are each one element around the
    pieces inside them.
    """
    ordered: Sequence[Span] = sorted(spans, key=lambda s: (s.start, -s.end, s.id))
    if not ordered:
        return mark_safe(escape(text))  # noqa: S308 - escaped just above
    named: set[tuple[bool, int]] = set()
    suggested = [s for s in ordered if getattr(s, "suggested", False)]
    if not suggested or any(a.end > b.start for a, b in pairwise(suggested)):
        return mark_safe(_pieces(text, 0, len(text), ordered, named))  # noqa: S308
    # Suggestions that do not overlap one another are drawn as one element each, around
    # the highlights' pieces inside (cut at its ends): one outline, and a smaller page.
    marks = [s for s in ordered if not getattr(s, "suggested", False)]
    parts: list[str] = []
    at = 0
    for span in suggested:
        parts.append(_pieces(text, at, span.start, marks, named))
        inner = _pieces(text, span.start, span.end, marks, named)
        parts.append(_wrap(inner, span, span.start, span.end, named))
        at = span.end
    parts.append(_pieces(text, at, len(text), marks, named))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped


def _wrap(piece: str, span: Span, left: int, right: int, named: set[tuple[bool, int]]) -> str:
    """``piece`` (escaped ``text[left:right]``) inside ``span``'s mark."""
    # An annotation (the model) names itself for screen readers; bare spans do not.
    # ARIA forbids naming the mark role, so a named highlight is a group that screen
    # readers call a "highlight". No tabindex: the script makes the one it focuses
    # focusable (static/js/highlights.js), the mouse can select in the rest. Named once,
    # on its first piece (where the keys and the script focus it): a highlight cut into
    # pieces by others is announced once, not once a piece. A suggestion (not yet
    # anyone's annotation) is drawn as an outline, with its own data attribute: the
    # highlight keys and clicks never see it.
    suggested = bool(getattr(span, "suggested", False))
    key = (suggested, span.id)
    name = getattr(span, "accessible_name", None) if key not in named else None
    role = "suggestion" if suggested else "highlight"
    label = (
        f' role="group" aria-roledescription="{role}" aria-label="{escape(name)}"' if name else ""
    )
    if name:
        named.add(key)
    if suggested:
        # Its first and last pieces close the outline's ends (a suggestion drawn in
        # pieces, when suggestions overlap, still reads as one outline).
        ends = (" sg--start" if left == span.start else "") + (
            " sg--end" if right == span.end else ""
        )
        return (
            f'<mark class="sg sg--{span.tag}{ends}" data-suggestion-id="{span.id}"'
            f"{label}>{piece}</mark>"
        )
    return (
        f'<mark class="hl hl--{span.tag}" data-annotation-id="{span.id}" '
        f'data-tag="{span.tag}"{label}>{piece}</mark>'
    )


def _pieces(
    text: str, low: int, high: int, ordered: Sequence[Span], named: set[tuple[bool, int]]
) -> str:
    """``text[low:high]`` escaped, cut at every boundary of ``ordered`` (sorted) inside it,
    each piece in one mark per span covering it, outermost first."""
    if low >= high:
        return ""
    inside = [s for s in ordered if s.start < high and s.end > low]
    cuts = sorted({low, high, *(x for s in inside for x in (s.start, s.end) if low < x < high)})
    parts: list[str] = []
    for left, right in pairwise(cuts):
        piece: str = escape(text[left:right])
        covering = [s for s in inside if s.start <= left and right <= s.end]
        for span in reversed(covering):
            piece = _wrap(piece, span, left, right, named)
        parts.append(piece)
    return "".join(parts)
