"""The DEBUG 500 page and error reports during a database outage do not ask the database
again (each attempt would wait the pool's timeout once more)."""

from __future__ import annotations

import sys

import psycopg
from django.db import OperationalError
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from newsroom.outage_reporter import OutageExceptionReporter


def _user_from_the_database() -> object:
    raise AssertionError("the report asked the database for the user")


def _report(exc: BaseException) -> str:
    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(_user_from_the_database)  # type: ignore[assignment]
    lazy_local = SimpleLazyObject(_user_from_the_database)  # a frame variable like it
    try:
        raise exc
    except type(exc):
        assert lazy_local is not None
        reporter = OutageExceptionReporter(request, *sys.exc_info())
        return reporter.get_traceback_text()


def test_it_leaves_out_the_user_and_the_frames_variables_during_an_outage() -> None:
    try:
        raise psycopg.OperationalError("connection refused")
    except psycopg.OperationalError as cause:
        outage = OperationalError("couldn't get a connection after 1.00 sec")
        outage.__cause__ = cause
    text = _report(outage)
    assert "couldn't get a connection" in text


def test_it_reports_other_errors_in_full() -> None:
    reporter = OutageExceptionReporter(RequestFactory().get("/"), ValueError, ValueError("x"), None)
    assert not reporter.outage
    assert reporter.request is not None
