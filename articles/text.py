"""Paragraph text is stored as the reader sees it.

An HTML parser turns every CR LF and lone CR into LF before the page's script sees the
text (HTML Living Standard, "preprocessing the input stream"), and browsers submit a
textarea's line breaks as CR LF. Offsets picked in the page are therefore offsets into
LF-only text: the stored text must be LF-only too, on every path (importer, admin forms,
model saves), or every selection after a line break is off by one. PostgreSQL checks the
same rule (constraint ``paragraph_text_no_cr``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models


def normalize_newlines(text: str) -> str:
    """``text`` with CR LF and lone CR turned into LF, as an HTML parser does; same length
    or shorter (one code point less per CR LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class ReaderTextFormField(forms.CharField):
    """A form field whose value has a reader's line breaks, so a textarea submitted without
    a change compares equal to the stored text (no save, no re-anchoring, no history)."""

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        return normalize_newlines(text) if isinstance(text, str) else text


class ReaderTextField(models.TextField):  # type: ignore[type-arg]
    """A TextField that stores LF-only text, whatever code path saves it."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalize_newlines(value) if isinstance(value, str) else value

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            value = normalize_newlines(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": ReaderTextFormField, **kwargs})
