"""Slugs in any script.

Django's Unicode slugs keep letters and digits (``\\w``) but drop combining marks, which
Devanagari, Thai, Bengali and vocalised Arabic need to spell a word at all (नगर परिषद
became नगर-परषद). These keep every letter, number and mark (Unicode categories L, N, M).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

_SEPARATORS = re.compile(r"[-\s]+")


def _kept(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LNM" or ch in "-_"


def slugify_any_script(value: str) -> str:
    """``value`` as a slug: NFKC, lower case, letters, numbers and marks of any script
    kept, other punctuation dropped, runs of spaces and hyphens made one hyphen."""
    value = unicodedata.normalize("NFKC", value).lower()
    kept = "".join(ch if _kept(ch) or ch.isspace() else "" for ch in value)
    return _SEPARATORS.sub("-", kept).strip("-_")


def validate_slug_any_script(value: str) -> None:
    """Raise ValidationError unless ``value`` is letters, numbers, marks, ``-`` and ``_``."""
    if not value or not all(_kept(ch) for ch in value):
        raise ValidationError(
            "Enter a slug of letters, numbers and marks in any script, hyphens or underscores.",
            code="invalid",
        )


class AnyScriptSlugField(models.SlugField):  # type: ignore[type-arg]
    """A SlugField whose values may use any script, combining marks included."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_unicode"] = True
        super().__init__(*args, **kwargs)
        # Field.validators is cached, and CharField's __init__ has filled it with Django's
        # slug validator: build it again with ours (and the length limit).
        self.default_validators = [validate_slug_any_script]
        self.__dict__.pop("validators", None)
        self.validators.append(MaxLengthValidator(self.max_length))

    def formfield(self, **kwargs: Any) -> Any:
        # Not forms.SlugField: its validator is Django's, which refuses marks.
        return models.CharField.formfield(
            self,
            **{"form_class": forms.CharField, "validators": [validate_slug_any_script], **kwargs},
        )
