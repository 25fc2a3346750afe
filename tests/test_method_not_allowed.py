"""A wrong method gets a 405 that says which methods the address takes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User


def test_it_names_the_methods_an_address_takes(client_for: Any, editor: User) -> None:
    client = client_for(editor)
    response = client.get("/annotations/")
    assert response.status_code == 405
    assert response.content.decode() == "method: GET is not accepted here; use POST."
    put = client.put("/")
    assert put.status_code == 405
    assert put.content.decode().startswith("method: PUT is not accepted here; use GET")
