"""The reading page's forms: they parse and bound what the browser sends. The domain rules
(which tag may carry a speaker or a verdict) are the owner's, annotations.lifecycle."""

from __future__ import annotations

from typing import Any

from django import forms

from annotations.models import NOTE_MAX_LENGTH, SPEAKER_MAX_LENGTH, Annotation
from newsroom.inputs import whole_number_field

MAX_SELECTION = 20_000
# The verdict as the toolbar and the Edit form both offer it, a ClaimReview-style rating
# (https://schema.org/ClaimReview). A claim with none chosen is stored as "unverified"
# (annotations.change_rules), so "" is offered under that one name, not as a second option.
VERDICT_CHOICES = [
    ("", Annotation.Verdict.UNVERIFIED.label),
    *(c for c in Annotation.Verdict.choices if c[0] != Annotation.Verdict.UNVERIFIED),
]
FIELDS = ("tag", "note", "speaker", "verdict")


class VersionForm(forms.Form):
    """The version of the annotation a change was made against (missing: the owner says so)."""

    version = whole_number_field(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"min_value": "Bad version."},
    )


class AnnotationFieldsForm(VersionForm):
    """What an editor may set or change on an annotation: never its offsets or author."""

    tag = forms.ChoiceField(
        choices=Annotation.Tag.choices,
        error_messages={"invalid_choice": "Unknown tag: choose claim, quote or context."},
    )
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX_LENGTH,
        error_messages={
            "max_length": f"The note is too long: at most {NOTE_MAX_LENGTH} characters."
        },
    )
    speaker = forms.CharField(
        required=False,
        max_length=SPEAKER_MAX_LENGTH,
        error_messages={
            "max_length": f"The speaker is too long: at most {SPEAKER_MAX_LENGTH} characters."
        },
    )
    verdict = forms.ChoiceField(
        required=False,
        # Offered: VERDICT_CHOICES; accepted: "unverified" by name as well.
        choices=[*VERDICT_CHOICES, (Annotation.Verdict.UNVERIFIED, "Unverified")],
        error_messages={"invalid_choice": "Unknown verdict."},
    )


class SelectionForm(forms.Form):
    """A passage selected in the browser: its paragraph, offsets (code points) and text.

    Whether the text really is the paragraph's text there is checked by the owner, which
    locks the paragraph.
    """

    paragraph = whole_number_field(min_value=1)
    start = whole_number_field(min_value=0, error_messages={"min_value": "Bad offsets."})
    end = whole_number_field(min_value=1, error_messages={"min_value": "Bad offsets."})
    text = forms.CharField(strip=False, max_length=MAX_SELECTION)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and start >= end:
            # On a field, so that the message names it (views._first_error).
            self.add_error("start", "Bad offsets: the selection is empty or reversed.")
        return data


class AnnotationCreateForm(SelectionForm, AnnotationFieldsForm):
    article = whole_number_field(min_value=1)


class ReattachForm(SelectionForm, VersionForm):
    """An orphaned annotation and the new text to put it on."""

    annotation = whole_number_field(min_value=1)
