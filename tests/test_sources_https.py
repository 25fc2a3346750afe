"""Fetching over HTTPS from a TLS server on loopback whose certificate a test CA made
with trustme signed: trusted only through ``NEWSROOM_FETCH_CA_BUNDLE`` (the default is
certifi's bundle, which knows nothing of it), refused in one line for an untrusted
certificate or one for another name, and reached through an http → https redirect."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import certifi
import pytest
import trustme

from articles.models import Article
from articles.parsing import ArticleImportError
from sources.fetching import MAX_BYTES, ca_bundle, fetch
from sources.importing import import_url
from tests.web_server import WebServer

PAGE = "/fixtures/web/harbour-ferry.html"
TITLE = "Harbour ferry returns after six-month repair"


@pytest.fixture(scope="module")
def test_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_server(test_ca: trustme.CA) -> Iterator[WebServer]:
    """An https server for the name ``localhost`` only (not for 127.0.0.1)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    test_ca.issue_cert("localhost").configure_cert(context)
    server = WebServer(limit=MAX_BYTES, tls=context)
    server.start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def trusting(test_ca: trustme.CA, tmp_path: Path, settings: Any, tls_server: WebServer) -> str:
    """Fetching from loopback allowed, and the test CA the only one trusted; the https
    address of the tests' page by the certificate's name."""
    bundle = tmp_path / "test-ca.pem"
    test_ca.cert_pem.write_to_path(str(bundle))
    settings.NEWSROOM_FETCH_CA_BUNDLE = str(bundle)
    settings.NEWSROOM_FETCH_ALLOW_NETWORKS = ["127.0.0.0/8", "::1/128"]
    tls_server.requests.clear()
    return f"https://localhost:{tls_server.port}{PAGE}"


def refusal(url: str) -> str:
    with pytest.raises(ArticleImportError) as refused:
        fetch(url)
    assert "\n" not in str(refused.value)
    return str(refused.value)


def test_the_default_authorities_are_certifis(settings: Any) -> None:
    settings.NEWSROOM_FETCH_CA_BUNDLE = ""
    assert ca_bundle() == certifi.where()


@pytest.mark.django_db
def test_a_page_with_a_trusted_certificate_is_imported(trusting: str) -> None:
    result = import_url(trusting)
    assert result.status == "imported" and result.article.title == TITLE
    assert Article.objects.count() == 1


def test_a_certificate_for_another_name_is_refused(trusting: str, tls_server: WebServer) -> None:
    url = f"https://127.0.0.1:{tls_server.port}{PAGE}"
    assert refusal(url) == (
        f"{url}: the certificate of 127.0.0.1 is not valid for that name "
        "(hostname '127.0.0.1' doesn't match 'localhost')"
    )
    assert tls_server.requests == []


def test_a_certificate_no_trusted_authority_signed_is_refused(
    trusting: str, tls_server: WebServer, settings: Any, tmp_path: Path
) -> None:
    # Mozilla's list (the default), then another test CA: neither signed the server's.
    settings.NEWSROOM_FETCH_CA_BUNDLE = ""
    expected = (
        f"{trusting}: the certificate of localhost is not trusted "
        "(unable to get local issuer certificate)"
    )
    assert refusal(trusting) == expected
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    settings.NEWSROOM_FETCH_CA_BUNDLE = str(other)
    assert refusal(trusting) == expected
    assert tls_server.requests == []


def test_an_unreadable_authorities_file_refuses_every_https_fetch(
    trusting: str, tls_server: WebServer, settings: Any, tmp_path: Path
) -> None:
    settings.NEWSROOM_FETCH_CA_BUNDLE = str(tmp_path / "missing.pem")
    assert refusal(trusting) == (
        f"{trusting}: the certificate authorities file (NEWSROOM_FETCH_CA_BUNDLE) cannot be "
        "read, so no https page is fetched"
    )
    assert tls_server.requests == []


@pytest.mark.django_db
def test_a_redirect_from_http_to_https_is_followed_within_the_limit(
    trusting: str, web_server: WebServer, tls_server: WebServer, settings: Any
) -> None:
    settings.NEWSROOM_FETCH_ALLOW_NETWORKS = ["127.0.0.0/8", "::1/128"]
    start = f"{web_server.url}/redirect/3?to={trusting}"
    result = import_url(start)
    assert result.article.title == TITLE
    assert result.article.url.startswith("https://")
    assert len(web_server.requests) == 3 and len(tls_server.requests) == 1
    # Five redirects is the limit: a sixth is not followed, and https is never reached.
    tls_server.requests.clear()
    too_far = f"{web_server.url}/redirect/6?to={trusting}"
    assert refusal(too_far) == f"{too_far}: more than 5 redirects (the limit)"
    assert tls_server.requests == []


def test_a_server_that_does_not_speak_tls_is_refused_in_one_line(
    trusting: str, web_server: WebServer, settings: Any
) -> None:
    settings.NEWSROOM_FETCH_ALLOW_NETWORKS = ["127.0.0.0/8", "::1/128"]
    url = f"https://localhost:{web_server.port}{PAGE}"
    assert refusal(url) == f"{url}: the TLS connection to localhost failed"
