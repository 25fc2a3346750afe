"""Views whose answer is a piece of a page, for htmx to swap in, answering a request made
any other way: a link opened in a new tab, a form posted with scripts off, a bookmark.

A bare fragment there is a scrap of unstyled HTML. :func:`fragment` turns the answer into
what a browser expects: a success sends the reader to the page the fragment belongs to
(302 after a GET, 303 after a POST: the Post/Redirect/Get pattern), with the sentence the
fragment said (:func:`notice`) as a message on that page; a refusal is the site's error
page with the same status and message. Only a navigation is changed: browsers mark one
with ``Sec-Fetch-Mode: navigate`` (Fetch Metadata, W3C); htmx's requests, scripts and API
clients are answered with the fragment as before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
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


def notice(response: HttpResponse, sentence: str) -> HttpResponse:
    """``response`` (a success), keeping ``sentence``, what changed as htmx shows it ("ana
    assigned to 3 articles."), as its ``notice``: when :func:`fragment` answers a
    navigation with a redirect, the sentence becomes a message (django.contrib.messages)
    that the page the reader lands on shows (base.html)."""
    response.notice = sentence  # type: ignore[attr-defined]
    return response


def error_page(
    request: HttpRequest, status: int, message: str, title: str = "", back: str = ""
) -> HttpResponse:
    """The site's error page (``error.html``) with HTTP ``status``: ``title`` (by default
    the status's, from TITLES), ``message`` saying why, and a link ``back`` to the page
    the reader came from when given."""
    title = title or TITLES.get(status, "Not done")
    context = {"title": title, "message": message, "back": back}
    return render(request, "error.html", context, status=status)


def article_entry(model: type[Model], prefix: str) -> Callable[[HttpRequest, int], str]:
    """A ``page`` for :func:`fragment`: for the row ``pk`` of ``model`` (which has an
    ``article``), the address of its entry on its article's reading page,
    ``/articles/<slug>#<prefix>-<pk>``. One query; the row must exist (DoesNotExist
    otherwise, which ``page`` may assume: it runs after a 2xx)."""

    def page(request: HttpRequest, pk: int) -> str:
        rows = model._default_manager.filter(pk=pk)
        slug = rows.values_list("article__slug", flat=True).get()
        return f"{reverse('article_detail', args=[slug])}#{prefix}-{pk}"

    return page


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
    and the reader may see it. The view's sentence (:func:`notice`), if it said one,
    goes with the redirect as a message; a refusal becomes :func:`error_page`."""

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
                return error_page(request, status, message, back=_back(request))
            if 300 <= status < 400:
                return response
            url = _back(request)
            if request.method == "GET":
                # The address htmx would have shown for the same answer, if it says one.
                shown = response.get("HX-Replace-Url") or response.get("HX-Push-Url")
                url = shown or (page(request, *args, **kwargs) if page else url)
            sentence = getattr(response, "notice", "")
            if sentence:
                messages.success(request, sentence)
            redirect = HttpResponseRedirect(url)
            if request.method != "GET":
                redirect.status_code = 303
            return redirect

        return wrapped

    return decorate
