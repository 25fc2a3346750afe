"""Login for every view, answered in a form the reading page can show to htmx requests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render, resolve_url
from django_htmx.http import trigger_client_event

SESSION_EXPIRED = (
    "Your session has expired, so this was not saved. Log in again in a new tab, then "
    "press the button again here: what you typed is kept."
)


def is_htmx(request: HttpRequest) -> bool:
    """True for a request htmx sent (it says so in the HX-Request header)."""
    return request.headers.get("HX-Request") == "true"


class HtmxLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, except that htmx requests get a 401.

    A 302 to the login page would be followed by the browser and its HTML swapped
    nowhere: the press would silently do nothing. The 401 carries a message with a link
    that logs in in a new tab, so the page (and what was typed in it) stays.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Any,
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        """A 401 fragment for htmx where Django would redirect to the login page."""
        response = super().process_view(request, view_func, view_args, view_kwargs)
        if response is None or not is_htmx(request):
            return response
        login_url = resolve_url(settings.LOGIN_URL) + "?next=" + resolve_url("article_list")
        context = {"message": SESSION_EXPIRED, "login_url": login_url}
        answer = render(request, "annotations/_error.html", context, status=401)
        return trigger_client_event(answer, "session-expired", {"loginUrl": login_url})


def explain_not_allowed(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    """Middleware: a 405 (Django's ``require_POST`` and friends send it empty) says which
    methods the address takes, as every refusal of ours names what was wrong."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        if (
            response.status_code == 405
            and isinstance(response, HttpResponse)
            and not response.content
        ):
            allowed = response.get("Allow", "")
            message = f"method: {request.method[:20] if request.method else ''} is not "
            message += f"accepted here; use {allowed}." if allowed else "accepted here."
            response.content = message.encode()
            response["Content-Type"] = "text/plain; charset=utf-8"
        return response

    return middleware
