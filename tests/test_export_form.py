"""The export form that the article list includes: plain GET form, labelled inputs."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import Client

from annotations.models import Annotation


def test_it_renders_a_get_form_to_the_export(db: None) -> None:
    html = render_to_string("annotations/_export_form.html")
    assert re.search(r'<form class="export-form" method="get" action="/annotations.csv">', html)
    for name in ("article", "tag", "author", "since", "until", "raw"):
        assert f'name="{name}"' in html
    # Every input has a label pointing at it.
    for input_id in re.findall(r'<input id="([^"]+)"', html):
        assert f'<label for="{input_id}">' in html
    assert set(re.findall(r'name="tag" type="checkbox" value="(\w+)"', html)) == set(
        Annotation.Tag.values
    )
    # Strict CSP: nothing inline.
    assert "<script" not in html
    assert "style=" not in html


def test_it_exports_what_an_empty_form_submits(
    client_for: Callable[[User | None], Client], reader: User
) -> None:
    # An untouched form sends every text field empty and no checkboxes.
    params = {"article": "", "author": "", "since": "", "until": ""}
    response = client_for(reader).get("/annotations.csv", params)
    assert response.status_code == 200
    assert response.streaming is True
