"""The input guard's pieces (newsroom/inputs.py), without a request or a database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from newsroom.inputs import (
    encoded_problem,
    fields_problem,
    text_problem,
    whole_number,
    whole_number_field,
)


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("0", 0),
        ("007", 7),
        (" 42 ", 42),
        (42, 42),
        ("9" * 18, 10**18 - 1),
        ("9" * 19, None),
        ("9" * 5000, None),  # int() would raise past 4,300 digits
        ("²", None),  # "²".isdigit() is true, int("²") raises
        ("٣", None),  # int("٣") is 3
        ("３", None),  # int("３") is 3
        ("-1", None),
        ("+1", None),
        ("1.0", None),
        ("1_000", None),  # int("1_000") is 1000
        ("", None),
        (None, None),
    ],
)
def test_it_parses_whole_numbers_from_ascii_digits_only(value: object, number: int | None) -> None:
    assert whole_number(value) == number


def test_it_gives_the_form_field_a_sign_and_its_messages() -> None:
    field = whole_number_field(min_value=0, error_messages={"min_value": "Bad offsets."})
    assert field.clean("12") == 12
    with pytest.raises(ValidationError, match="Bad offsets"):
        field.clean("-1")
    for bad in ("²", "٣", "--1", "9" * 40):
        with pytest.raises(ValidationError, match="digits 0-9"):
            field.clean(bad)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"q=hello+world&tag=claim", None),
        (b"q=%F0%9F%8C%89&a=&&b", None),  # an emoji, an empty value, an empty pair
        (b"q=a%00b", "q: the value contains a NUL character"),
        (b"q=\x00", "q: the value contains a NUL character"),
        (b"q=%ED%A0%80", "q: the value is not valid text in utf-8"),
        (b"q=%FF", "q: the value is not valid text in utf-8"),
        (b"ok=1&a%00b=1", "a\\x00b: the parameter's name contains a NUL"),
        (b"%FF=1", "\ufffd: the parameter's name is not valid text"),
    ],
)
def test_it_names_the_parameter_at_fault(raw: bytes, problem: str | None) -> None:
    found = encoded_problem(raw)
    assert (found is None) if problem is None else (found or "").startswith(problem)


def test_it_checks_decoded_fields_and_plain_text() -> None:
    assert fields_problem([("note", ["fine", "🌉"]), ("x", [None])]) is None
    assert (fields_problem([("note", ["a\x00"])]) or "").startswith("note: the value")
    assert text_problem("\ud800") is not None
    assert text_problem("\ufffd and \x01 are text") is None
    assert (fields_problem([("n" * 100, ["\x00"])]) or "").startswith("n" * 39 + "…:")
