"""Logged-in pages kept out of caches, and the login page's answer to a lockout."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_cache_control

LOCKED_OUT = (
    "Too many failed log-ins for this username from your address, so log-in is paused "
    "for {minutes} minutes; each further try starts the wait again. An admin can lift "
    "the pause now (Admin › Axes › Access attempts: delete the attempt)."
)


def private_pages(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    """Middleware: every answer to a logged-in user says ``Cache-Control: private, no-store``.

    Such pages show what this user may see (and carry their CSRF token), so no shared
    cache may keep them and the browser should not store them on disk either. Other
    directives a view set (``no-store`` on the CSV export) are kept. Static files never
    get here: whitenoise answers them earlier, with their long cache lifetime.
    """

    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


def locked_out(
    request: HttpRequest,
    original_response: HttpResponseBase | None,
    credentials: dict[str, Any] | None,
) -> HttpResponse:
    """django-axes' lockout answer: the login page again, saying why and until when (429)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "form": form,
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "locked_out": LOCKED_OUT.format(minutes=minutes),
    }
    return render(request, "registration/login.html", context, status=429)
