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
    ``accessible_name`` names its first piece for screen readers.
    """
    ordered: Sequence[Span] = sorted(spans, key=lambda s: (s.start, -s.end, s.id))
    if not ordered:
        return mark_safe(escape(text))  # noqa: S308 - escaped just above
    cuts = sorted({0, len(text), *(s.start for s in ordered), *(s.end for s in ordered)})
    parts: list[str] = []
    named: set[tuple[bool, int]] = set()
    for left, right in pairwise(cuts):
        piece: str = escape(text[left:right])
        covering = [s for s in ordered if s.start <= left and right <= s.end]
        for span in reversed(covering):
            # An annotation (the model) names itself for screen readers; bare spans do not.
            # ARIA forbids naming the mark role, so a named highlight is a group that
            # screen readers call a "highlight". No tabindex: the script makes the one it
            # focuses focusable (static/js/highlights.js), the mouse can select in the rest.
            # Named once, on its first piece (where the keys and the script focus it): a
            # highlight cut into pieces by others is announced once, not once a piece.
            # A suggestion (not yet anyone's annotation) is drawn as an outline, with
            # its own data attribute: the highlight keys and clicks never see it.
            suggested = bool(getattr(span, "suggested", False))
            key = (suggested, span.id)
            name = getattr(span, "accessible_name", None) if key not in named else None
            role = "suggestion" if suggested else "highlight"
            label = (
                f' role="group" aria-roledescription="{role}" aria-label="{escape(name)}"'
                if name
                else ""
            )
            if name:
                named.add(key)
            if suggested:
                # Its first and last pieces close the outline's ends: pieces cut by
                # other marks join into one outline, not a box each.
                ends = (" sg--start" if left == span.start else "") + (
                    " sg--end" if right == span.end else ""
                )
                piece = (
                    f'<mark class="sg sg--{span.tag}{ends}" data-suggestion-id="{span.id}" '
                    f'data-tag="{span.tag}"{label}>{piece}</mark>'
                )
            else:
                piece = (
                    f'<mark class="hl hl--{span.tag}" data-annotation-id="{span.id}" '
                    f'data-tag="{span.tag}"{label}>{piece}</mark>'
                )
        parts.append(piece)
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped
