"""A fast, honest answer when the database is gone: a 503 with a plain page (or, for htmx,
a message for the page), never a page that needs the database to render.

The first requests to meet the outage wait at most the pool's timeout (``DB_POOL_TIMEOUT``,
1 s); from then on :class:`DatabaseUnavailableMiddleware` answers at once, while one
request at a time (at most every :data:`PROBE_EVERY` seconds) tries a direct connection.
As soon as one succeeds, requests go through again: no restart is needed.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg
from django.contrib.auth.models import AnonymousUser
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string

from newsroom.middleware import is_htmx

logger = logging.getLogger(__name__)

PROBE_EVERY = 0.25  # seconds between two direct connection attempts while down
PROBE_TIMEOUT = 2  # seconds: libpq's smallest connect_timeout
RETRY_AFTER = 5  # seconds, the Retry-After header of the 503
# SQLSTATEs of a server that is going away or not there yet: admin_shutdown,
# crash_shutdown, cannot_connect_now. Class 08 is "connection exception".
GONE = {"57P01", "57P02", "57P03"}
MESSAGE = (
    "The database is not answering right now, so this could not be done. It usually "
    "comes back within seconds: try again in a moment. What you typed is kept."
)
_FLAG = "_newsroom_database_unavailable"


def is_unavailable(exc: BaseException | None) -> bool:
    """True when ``exc`` (or what it was raised from) says the database cannot be reached:
    no connection, a broken one, a pool timeout, or a server shutting down or starting.
    False for errors of a working server (deadlocks, cancelled statements, bad SQL)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, psycopg.InterfaceError):
            return True
        if isinstance(exc, psycopg.OperationalError):
            state = exc.sqlstate
            return state is None or state.startswith("08") or state in GONE
        if isinstance(exc, InterfaceError) and exc.__cause__ is None:
            return True  # Django's own "connection already closed"
        if not isinstance(exc, OperationalError | InterfaceError):
            return False
        exc = exc.__cause__
    return False


def unavailable(request: HttpRequest) -> HttpResponse:
    """The 503: for htmx a message fragment the page shows beside the control pressed
    (static/js/errors.js), else a plain page. Renders without the database (no request
    context: no user, no session)."""
    if is_htmx(request):
        body = render_to_string("annotations/_error.html", {"message": MESSAGE})
    else:
        body = render_to_string("unavailable.html", {"message": MESSAGE})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class Breaker:
    """Whether this process believes the database is down, and the probe that finds out
    it is back. Thread-safe; one per process (:data:`breaker`)."""

    def __init__(self, probe: Callable[[], bool]) -> None:
        self._probe = probe
        self._lock = threading.Lock()
        self.down = False
        self._next_probe = 0.0

    def trip(self) -> None:
        """Mark the database down; the next request probes at once."""
        if not self.down:
            logger.warning("the database is unavailable: answering 503 until it is back")
        self.down = True

    def allows(self) -> bool:
        """Whether a request may go to the database now: always while it is up; while it
        is down, only after a probe (one thread at a time, every PROBE_EVERY) succeeded."""
        if not self.down:
            return True
        if time.monotonic() < self._next_probe or not self._lock.acquire(blocking=False):
            return False
        try:
            if self.down and time.monotonic() >= self._next_probe:
                if self._probe():
                    self.down = False
                    logger.warning("the database is back")
                    _fresh_pool()
                else:
                    self._next_probe = time.monotonic() + PROBE_EVERY
            return not self.down
        finally:
            self._lock.release()


def probe() -> bool:
    """True when a new connection to the default database answers ``SELECT 1`` (within
    :data:`PROBE_TIMEOUT` seconds to connect)."""
    params = connections["default"].get_connection_params()
    params["connect_timeout"] = PROBE_TIMEOUT
    try:
        with psycopg.connect(**params, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error:
        return False
    return True


def _fresh_pool() -> None:
    # The old pool may still be waiting out a failed reconnection (and then gives up on
    # its waiting clients): start a new one, so the next request connects at once.
    # Connections still checked out of the old one are closed when they are returned.
    for connection in connections.all(initialized_only=True):
        close_pool = getattr(connection, "close_pool", None)
        if close_pool is not None:
            try:
                close_pool()
            except Exception:  # a pool that cannot close cleanly is dropped all the same
                logger.exception("closing the old connection pool")


breaker = Breaker(probe)


def _note(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    # Called inside Django's except block, before the 500 page (or DEBUG's technical page)
    # is made: neither may then ask the database for the user again.
    if request is not None and is_unavailable(sys.exception()):
        setattr(request, _FLAG, True)
        request.user = AnonymousUser()  # type: ignore[assignment]
        breaker.trip()


got_request_exception.connect(_note, dispatch_uid="newsroom.dbhealth")


class DatabaseUnavailableMiddleware:
    """Outermost middleware: a 503 at once while the database is known to be down, and a
    503 instead of the 500 any request that met the outage would get."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        """Answer ``request``; a 503 (see :func:`unavailable`) when the database is down."""
        if not breaker.allows():
            return unavailable(request)
        response = self.get_response(request)
        if getattr(request, _FLAG, False) and response.status_code != 503:
            return unavailable(request)
        return response
