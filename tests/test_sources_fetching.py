"""sources.fetching: what is fetched, and each refusal in one line (tests/web_server.py)."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

from articles.parsing import ArticleImportError
from sources import fetching
from sources.fetching import MAX_REDIRECTS, fetch, is_public, parse_content_type
from tests.web_server import FIXTURES, WebServer

PAGE = "/fixtures/web/harbour-ferry.html"


def refusal(url: str) -> str:
    with pytest.raises(ArticleImportError) as caught:
        fetch(url)
    assert caught.value.name == url
    assert "\n" not in str(caught.value)
    return caught.value.reason


def test_it_fetches_a_page_with_its_type_charset_and_user_agent(web_server: WebServer) -> None:
    fetched = fetch(web_server.url + PAGE)
    assert fetched.data == (FIXTURES / "web/harbour-ferry.html").read_bytes()
    assert (fetched.url, fetched.content_type, fetched.charset) == (
        web_server.url + PAGE,
        "text/html",
        "utf-8",
    )
    assert fetched.content_type_header() == "text/html; charset=utf-8"
    path, headers = web_server.requests[-1]
    assert path == PAGE
    assert headers["User-Agent"] == "Newsroom/0.1 (+https://newsroom.example/fetcher)"
    assert headers["Host"] == web_server.url.removeprefix("http://")


def test_it_keeps_the_fragment_to_itself(web_server: WebServer) -> None:
    fetched = fetch(web_server.url + PAGE + "#comments")
    assert fetched.url == web_server.url + PAGE
    assert web_server.requests[-1][0] == PAGE


def test_it_follows_redirects_up_to_the_limit(web_server: WebServer) -> None:
    fetched = fetch(f"{web_server.url}/redirect/{MAX_REDIRECTS}?to={PAGE}")
    assert fetched.url == web_server.url + PAGE
    assert len(web_server.requests) == MAX_REDIRECTS + 1


def test_it_refuses_too_many_redirects(web_server: WebServer) -> None:
    url = f"{web_server.url}/redirect/{MAX_REDIRECTS + 1}?to={PAGE}"
    assert refusal(url) == "more than 5 redirects (the limit)"
    assert len(web_server.requests) == MAX_REDIRECTS + 1


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",  # the cloud metadata service
        "http://10.1.2.3/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
def test_it_refuses_a_redirect_to_an_address_that_is_not_allowed(
    web_server: WebServer, target: str
) -> None:
    # Loopback IPv4 is allowed for the test server; none of these is.
    host = target.split("//")[1].split("/")[0].strip("[]")
    assert refusal(f"{web_server.url}/redirect/1?to={target}") == (
        f"{host} is a private, loopback or link-local address, which is not fetched"
    )
    assert len(web_server.requests) == 1


def test_it_refuses_private_and_loopback_addresses_when_the_setting_is_off(
    web_server: WebServer, settings: Any
) -> None:
    settings.NEWSROOM_FETCH_ALLOW_NETWORKS = []
    assert refusal(web_server.url + PAGE) == (
        "127.0.0.1 is a private, loopback or link-local address, which is not fetched"
    )
    port = web_server.url.rsplit(":", 1)[1]
    assert refusal(f"http://localhost:{port}{PAGE}") == (
        "localhost resolves to a private, loopback or link-local address, which is not fetched"
    )
    assert web_server.requests == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only http and https addresses are fetched, not 'file:'"),
        ("ftp://example.org/a.html", "only http and https addresses are fetched, not 'ftp:'"),
        ("gopher://example.org/", "only http and https addresses are fetched, not 'gopher:'"),
        ("example.org/page", "only http and https addresses are fetched, not no scheme"),
        ("http:///no-host", "no host name in the address"),
        (
            "http://user:secret@example.org/",
            "an address with a user name or password is not fetched",
        ),
        ("http://example.org:99999/", "not a valid web address"),
        ("http://nowhere.invalid/", "the host name nowhere.invalid does not resolve"),
    ],
)
def test_it_refuses_what_is_not_an_http_address(url: str, reason: str) -> None:
    assert refusal(url) == reason


def test_it_refuses_a_page_over_the_size_limit(web_server: WebServer) -> None:
    assert refusal(web_server.url + "/big") == "page too large (5.0 MB, the limit is 5 MB)"


def test_it_refuses_a_streamed_page_over_the_size_limit(web_server: WebServer) -> None:
    assert refusal(web_server.url + "/big?chunked=1") == (
        "page too large (more than 5 MB, the limit is 5 MB)"
    )


@pytest.mark.parametrize("route", ["/stall", "/drip"])
def test_it_gives_up_on_a_server_that_stalls_or_drips(
    web_server: WebServer, settings: Any, route: str
) -> None:
    # The server never finishes: any limit is reached; a short one keeps the test short.
    settings.NEWSROOM_FETCH_TIMEOUT = 0.5
    assert refusal(web_server.url + route) == "no complete answer within 0.5 s (the limit)"


def test_it_refuses_an_error_status(web_server: WebServer) -> None:
    assert refusal(web_server.url + "/status/404") == "the server answered 404 Not Found"
    assert refusal(web_server.url + "/status/503") == (
        "the server answered 503 Service Unavailable"
    )


def test_it_says_when_nothing_listens(web_server: WebServer) -> None:
    # A port just closed: nothing listens there.
    probe = WebServer(limit=1)
    port = probe.server_address[1]
    probe.server_close()
    assert refusal(f"http://127.0.0.1:{port}/") == f"could not connect to 127.0.0.1 (port {port})"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700::1", True),
        ("::ffff:93.184.215.14", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),  # noqa: S104
        ("224.0.0.1", False),
        ("239.255.255.250", False),
        ("255.255.255.255", False),
        ("192.0.2.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
    ],
)
def test_it_tells_public_addresses_from_the_others(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def test_it_reads_content_types() -> None:
    assert parse_content_type("Text/HTML; Charset=ISO-8859-1") == ("text/html", "ISO-8859-1")
    assert parse_content_type("application/xhtml+xml") == ("application/xhtml+xml", "")
    assert parse_content_type("") == ("", "")


def test_it_connects_to_the_address_it_checked_not_to_a_later_answer(
    web_server: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DNS rebinding: the first answer passes the check, later ones would point elsewhere.
    # The name is resolved once per hop and the connection goes to the checked address.
    port = int(web_server.url.rsplit(":", 1)[1])
    answers = iter(["127.0.0.1", "10.9.9.9", "10.9.9.9"])
    asked = []

    def getaddrinfo(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        # A resolver answers an address with itself (urllib3 asks so when connecting).
        if host.replace(".", "").isdigit():
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (host, port))]
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(fetching.socket, "getaddrinfo", getaddrinfo)
    fetched = fetch(f"http://news.example:{port}{PAGE}")
    assert fetched.data == (FIXTURES / "web/harbour-ferry.html").read_bytes()
    assert asked == ["news.example"]
    # The server saw the name, not the address: virtual hosts and TLS need it.
    assert web_server.requests[-1][1]["Host"] == f"news.example:{port}"


def test_it_refuses_a_name_with_any_address_that_is_not_allowed(
    web_server: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = int(web_server.url.rsplit(":", 1)[1])

    def getaddrinfo(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
            for address in ("127.0.0.1", "192.168.0.10")
        ]

    monkeypatch.setattr(fetching.socket, "getaddrinfo", getaddrinfo)
    assert refusal(f"http://mixed.example:{port}{PAGE}") == (
        "mixed.example resolves to a private, loopback or link-local address, which is not fetched"
    )
    assert web_server.requests == []
