from __future__ import annotations

from typing import Any

from django import forms

from sources.readers import accepted


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files (the pattern from Django's documentation)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single_file_clean = super().clean
        items = list(data) if isinstance(data, list | tuple) else [data]
        # No file at all comes as an empty list; clean None so "required" still applies.
        cleaned = [single_file_clean(item, initial) for item in items or [None]]
        return [item for item in cleaned if item]


class ArticleImportForm(forms.Form):
    uploads = MultipleFileField(
        label="Article files",
        # Empty and other bad files are refused one by one with the importer's reasons,
        # not by failing the whole form.
        allow_empty_file=True,
        widget=MultipleFileInput(attrs={"accept": ",".join(accepted())}),
        help_text="One article per file: .txt in the import format, a saved web page "
        "(.html), NewsML-G2 or NITF (.xml), or JSON (.json). Several files at once are fine.",
    )
    replace = forms.BooleanField(
        required=False,
        label="Replace already imported articles",
        help_text="Off: articles already imported are skipped. On: their paragraphs are "
        "replaced, aligned by content; the annotations of changed paragraphs are re-anchored "
        "onto the new text, not lost (those whose words are gone wait as orphans, to be "
        "re-attached on the reading page).",
    )
