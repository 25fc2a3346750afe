"""URL converters."""

from __future__ import annotations


class UnicodeSlugConverter:
    r"""A slug in any script, exactly what Django's ``validate_unicode_slug`` accepts
    (``[-\w]+``, where ``\w`` matches letters and digits of every script): an Arabic
    title keeps its words in the URL, where Django's own ``slug`` converter answers 404."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
