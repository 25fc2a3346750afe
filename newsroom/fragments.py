"""Views whose answer is a piece of a page, for htmx to swap in, answering a request made
any other way: a link opened in a new tab, a form posted with scripts off, a bookmark.

A bare fragment there is a scrap of unstyled HTML. :func:`fragment` turns the answer into
what a browser expects: a success sends the reader to the page the fragment belongs to
(302 after a GET, 303 after a POST: the Post/Redirect/Get pattern), a refusal is the site's
error page with the same status and message. Only a navigation is changed: browsers mark
one with ``Sec-Fetch-Mode: navigate`` (Fetch Metadata, W3C); htmx's requests, scripts and
API clients are answered with the fragment as before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

View = Callable[..., HttpResponse]

TITLES = {400: "Not saved", 403: "Not allowed", 404: "Not found", 409: "Changed meanwhile"}


def refusal(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    """A refused request, ``message`` saying why (naming the field for a 400): the
    fragment for the page's message slot (``annotations/_error.html``, its ``message``
    kept on the response as ``refusal`` for :func:`fragment`)."""
    response = render(request, "annotations/_error.html", {"message": message}, status=status)
    response.refusal = message  # type: ignore[attr-defined]
    return response


def _back(request: HttpRequest) -> str:
    """Where the request came from, if it is this site; else the start page."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return "/"


def fragment(page: Callable[..., str] | None = None) -> Callable[[View], View]:
    """Decorate a view answering htmx with a fragment. ``page(request, *args, **kwargs)``
    (the view's arguments) gives the address of the page the fragment belongs to, e.g. an
    article's page with ``#entry-12``; without it, or for a POST, the reader goes back to
    the page that sent the request (its ``Referer``, if on this site) or the start page.
    ``page`` runs only after the view answered 2xx, so it may assume the object exists
    and the reader may see it."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            kind = response.get("Content-Type", "")
            navigation = request.headers.get("Sec-Fetch-Mode") == "navigate"
            if not navigation or getattr(request, "htmx", False):
                return response
            if not kind.startswith("text/html"):
                return response
            status = response.status_code
            if status >= 400:
                message = getattr(response, "refusal", "") or "That could not be done."
                title = TITLES.get(status, "Not done")
                context = {"title": title, "message": message, "back": _back(request)}
                return render(request, "error.html", context, status=status)
            if 300 <= status < 400:
                return response
            url = _back(request)
            if request.method == "GET":
                # The address htmx would have shown for the same answer, if it says one.
                shown = response.get("HX-Replace-Url") or response.get("HX-Push-Url")
                url = shown or (page(request, *args, **kwargs) if page else url)
            redirect = HttpResponseRedirect(url)
            if request.method != "GET":
                redirect.status_code = 303
            return redirect

        return wrapped

    return decorate
