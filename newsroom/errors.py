"""Error pages: htmx requests get a fragment for the message slot, others a full page."""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.views.decorators.csrf import requires_csrf_token

from newsroom import dbhealth
from newsroom.fragments import error_page, refusal

CSRF_EXPIRED = (
    "The page's security token was out of date (after logging in again, for example), "
    "so this was not saved. It is renewed now: press the button again; what you typed "
    "is kept."
)


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        return refusal(request, message, status)
    return error_page(request, status, message, title)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "You may not do that."
    return _page(request, 403, "Not allowed", message)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404, "Not found", "That page or item does not exist (any more).")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's refusals of a request as a whole (too big, too many fields, a host that
    is not ours), each with its reason; other 400s with a general one."""
    if isinstance(exception, RequestDataTooBig):
        size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        return bad_input(
            request, f"The request is too large: at most {size:,} bytes of form data.", 413
        )
    if isinstance(exception, TooManyFieldsSent):
        count = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS or 0
        return bad_input(request, f"The request has too many fields: at most {count:,}.")
    if isinstance(exception, DisallowedHost):
        return _plain(400, "Host: this server does not answer for that host name.")
    return _page(request, 400, "Bad request", "The request could not be understood.")


def _plain(status: int, message: str) -> HttpResponse:
    return HttpResponse(f"{message}\n", status=status, content_type="text/plain; charset=utf-8")


def bad_input(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    """A refused input, ``message`` naming the field: a fragment for htmx, the error page
    for a browser, plain text for curl and scripts (an export's download, say)."""
    if (
        getattr(request, "htmx", False)
        or request.get_preferred_type(["text/plain", "text/html"]) == "text/html"
    ):
        return _page(request, status, "Bad request", message)
    return _plain(status, message)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or the plain 503 when the error was the database being unreachable
    (the 500 page's template asks the database for the user)."""
    if dbhealth.is_unavailable(sys.exception()):
        return dbhealth.unavailable(request)
    return _page(request, 500, "Server error", "Something went wrong on our side.")


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused CSRF check: a fragment for htmx requests, the error page otherwise.

    ``get_token`` makes sure the answer sets a fresh CSRF cookie, which the page sends
    with its next request (static/js/errors.js), so pressing again works.
    """
    get_token(request)
    message = (
        CSRF_EXPIRED
        if getattr(request, "htmx", False)
        else ("The form was out of date. Go back, reload the page and try again.")
    )
    return _page(request, 403, "Not allowed", message)
