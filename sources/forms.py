from __future__ import annotations

from django import forms

URL_MAX_LENGTH = 2000


class ImportUrlForm(forms.Form):
    """The address of a web page holding one news article (the list page's paste form)."""

    url = forms.URLField(
        label="Web page address",
        max_length=URL_MAX_LENGTH,
        assume_scheme="https",
        error_messages={
            "required": "Paste the address of a web page (https://…).",
            "invalid": "Not a web address: paste one that starts with https:// or http://.",
            "max_length": f"Too long for a web address: at most {URL_MAX_LENGTH:,} characters.",
        },
    )
