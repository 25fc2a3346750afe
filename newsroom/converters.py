"""URL converters."""

from __future__ import annotations


class UnicodeSlugConverter:
    """A slug in any script (articles.slugs: letters, numbers and combining marks): an
    Arabic or Hindi title keeps its words in the URL, where Django's own ``slug``
    converter answers 404. Python's ``re`` has no class for marks, so this takes one path
    segment; the view looks the slug up and answers 404 for anything else."""

    regex = r"[^/]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
