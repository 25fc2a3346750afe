from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString

from annotations.rendering import Span, highlight
from articles.models import Paragraph

register = template.Library()


@register.simple_tag
def highlighted(paragraph: Paragraph, spans: Iterable[Span] | None = None) -> SafeString:
    """The paragraph's text with its annotations drawn in (prefetched ones by default)."""
    if spans is None:
        spans = paragraph.annotations.all()
    return highlight(paragraph.text, spans)
