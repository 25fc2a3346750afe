"""What no input may carry into the app, checked once for every request.

PostgreSQL refuses a NUL character in text (psycopg raises before the query is sent), and
UTF-8 cannot encode a lone surrogate; Django, for its part, quietly turns bytes that are
not UTF-8 (an encoded surrogate among them) into U+FFFD. Rather than each view or form
remembering this, :class:`InputGuardMiddleware` refuses such a request with a 400 whose
message names the parameter, before any view runs and so before anything is written:

- the query string and a form-encoded body, checked on their raw bytes: every name and
  value must be UTF-8 text without NUL;
- other bodies' form fields (multipart), the URL's captured values (an article's slug)
  and the path, checked as Django decoded them (a multipart field's bytes that are not
  UTF-8 arrive as U+FFFD, storable text, so they are not refused);
- cookies: a malformed one is dropped, as if never sent (a browser stuck with a bad
  cookie would otherwise get a 400 on every page), never a reason to fail.

Whole numbers are parsed by :func:`whole_number`: ASCII digits only (Python's ``int``
also takes "٣" and "３", and raises on "²" although ``"²".isdigit()`` is true), and at
most 18 of them, so a value always fits PostgreSQL's bigint.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote_to_bytes

from django.core.exceptions import ValidationError
from django.forms import IntegerField
from django.http import HttpRequest, HttpResponseBase

from newsroom.errors import bad_input

# Digits of the largest whole number we parse: 10**18 - 1 < 2**63 - 1 (bigint).
MAX_DIGITS = 18
_SURROGATE = re.compile("[\ud800-\udfff]")
_FORM = "application/x-www-form-urlencoded"


def whole_number(value: object) -> int | None:
    """``value`` as a whole number if it is written with the digits 0-9 only (at most
    MAX_DIGITS of them, surrounding spaces allowed), else None."""
    text = str(value).strip() if value is not None else ""
    if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS:
        return int(text)
    return None


class WholeNumberField(IntegerField):
    """An integer written with the digits 0-9 (at most MAX_DIGITS of them), a minus sign
    allowed (for min_value to refuse with its own message): "٣" and "²" are refused like
    "abc", and a value always fits PostgreSQL's bigint."""

    def to_python(self, value: Any) -> int | None:
        """None when empty; the number, or the field's "invalid" error."""
        if value in self.empty_values:
            return None
        text = str(value).strip()
        number = whole_number(text.removeprefix("-"))
        if number is not None and text.startswith("-"):
            number = -number
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def whole_number_field(**kwargs: Any) -> WholeNumberField:
    """A WholeNumberField whose "invalid" message says what a whole number is here."""
    messages = {"invalid": f"Enter a whole number (digits 0-9, at most {MAX_DIGITS})."}
    messages.update(kwargs.pop("error_messages", {}))
    return WholeNumberField(error_messages=messages, **kwargs)


def text_problem(text: str) -> str | None:
    """Why ``text`` may not reach the database (a NUL, a lone surrogate), or None."""
    if "\x00" in text:
        return "contains a NUL character, which is not allowed"
    if _SURROGATE.search(text):
        return "is not valid Unicode text (a lone surrogate)"
    return None


def _label(name: str) -> str:
    """A parameter's name as a message may show it: printable, at most 40 characters."""
    shown = name if name.isprintable() else ascii(name)[1:-1]
    return shown if len(shown) <= 40 else shown[:39] + "…"


def encoded_problem(raw: bytes, encoding: str = "utf-8") -> str | None:
    """The first problem in a query string or form-encoded body ``raw``: a message that
    names the parameter, or None when every name and value is clean text."""
    for pair in raw.split(b"&"):
        if not pair:
            continue
        name_raw, _, value_raw = pair.partition(b"=")
        name_bytes = unquote_to_bytes(name_raw.replace(b"+", b" "))
        value_bytes = unquote_to_bytes(value_raw.replace(b"+", b" "))
        try:
            name = name_bytes.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            shown = name_bytes.decode(encoding, errors="replace")
            return f"{_label(shown)}: the parameter's name is not valid text in {encoding}."
        if (problem := text_problem(name)) is not None:
            return f"{_label(name)}: the parameter's name {problem}."
        try:
            value = value_bytes.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            return f"{_label(name)}: the value is not valid text in {encoding}."
        if (problem := text_problem(value)) is not None:
            return f"{_label(name)}: the value {problem}."
    return None


def fields_problem(items: Iterable[tuple[str, Iterable[Any]]]) -> str | None:
    """The first problem among decoded form fields (name, values), or None."""
    for name, values in items:
        if (problem := text_problem(name)) is not None:
            return f"{_label(name)}: the parameter's name {problem}."
        for value in values:
            if isinstance(value, str) and (problem := text_problem(value)) is not None:
                return f"{_label(name)}: the value {problem}."
    return None


def request_problem(request: HttpRequest, view_kwargs: dict[str, Any]) -> str | None:
    """The first problem in what ``request`` brings to a view: its path, the values the
    URL captured, its query string and its form data. None when all is clean text."""
    if (problem := text_problem(request.path)) is not None:
        return f"address: the page's address {problem}."
    for name, value in view_kwargs.items():
        if isinstance(value, str) and (problem := text_problem(value)) is not None:
            return f"{name}: the address {problem}."
    if (problem := encoded_problem(_raw_query(request))) is not None:
        return problem
    if request.method != "POST":
        return None
    encoding = request.encoding or "utf-8"
    if request.content_type == _FORM:
        # Read by CSRF's check already: the raw body is kept.
        return encoded_problem(request.body, encoding)
    return fields_problem(request.POST.lists())


def _raw_query(request: HttpRequest) -> bytes:
    """The query string's bytes as the client sent them."""
    query = request.META.get("QUERY_STRING", "")
    if isinstance(query, bytes):
        return query
    # WSGI (PEP 3333) hands them over as latin-1 text; ASGI decoded them as UTF-8.
    codec = "utf-8" if hasattr(request, "scope") else "latin-1"
    return str(query).encode(codec, errors="replace")


def charset_problem(request: HttpRequest) -> str | None:
    """A message when ``request`` declares its body in a charset other than UTF-8 (the
    pages and the admin send UTF-8; decoding another, or an unknown one, fails deep in
    Django's form parsing, before any field could be named), else None."""
    charset = request.content_params.get("charset") if request.content_params else None
    if charset is None or charset.strip().lower().replace("-", "") == "utf8":
        return None
    return f"Content-Type: send the form as UTF-8 (charset={charset[:40]!r} was declared)."


def drop_bad_cookies(request: HttpRequest) -> None:
    """Forget the cookies whose name or value could not reach the database as text."""
    for name in [n for n, v in request.COOKIES.items() if text_problem(n + v) is not None]:
        del request.COOKIES[name]


class CookieGuardMiddleware:
    """Drop malformed cookies (see :func:`drop_bad_cookies`); placed before the session's
    middleware, which looks its cookie up in the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        """Drop malformed cookies, refuse a body that is not UTF-8 (the session's and
        CSRF's middleware read them next), then answer as usual."""
        drop_bad_cookies(request)
        if (problem := charset_problem(request)) is not None:
            return bad_input(request, problem)
        return self.get_response(request)


class InputGuardMiddleware:
    """Refuse a request whose parameters could not be stored as text (see the module).

    Placed after CSRF's check and the login requirement, so that a forged or anonymous
    request gets their answer first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        """Answer as usual; the check is :meth:`process_view`."""
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        """A 400 naming the parameter when the request carries what text cannot hold."""
        problem = request_problem(request, view_kwargs or {})
        if problem is None:
            return None
        return bad_input(request, problem)
