"""Fetch a web page safely: :func:`fetch` (a URL → :class:`Fetched`, or a one-line refusal).

A URL comes from an editor's paste, a feed or the command line, and the server fetches it:
what a URL may make the server reach is the risk (server-side request forgery, OWASP's
SSRF prevention cheat sheet). So:

- only ``http`` and ``https``, without a user name or password in the address;
- the host name is resolved once, every address it resolves to must be public (not
  private, loopback, link-local, shared, reserved, multicast or unspecified; IPv4 inside
  IPv6 is unwrapped first) unless it is in ``settings.NEWSROOM_FETCH_ALLOW_NETWORKS``, and the
  connection goes to that checked address (the host name still goes into the ``Host``
  header and into TLS, SNI and the certificate check), so a DNS answer that changes
  between the check and the connection (DNS rebinding) cannot move it elsewhere;
- each redirect (at most :data:`MAX_REDIRECTS`) is checked the same way before it is
  followed;
- at most :data:`MAX_BYTES` of body (after decompression), and at most
  ``settings.NEWSROOM_FETCH_TIMEOUT`` seconds for the whole fetch (connections, redirects
  and body together; name resolution itself is the system resolver's and not bounded);
- a User-Agent that says who fetches (:func:`user_agent`);
- https certificates checked against Mozilla's list of authorities (certifi's bundle), or
  only against the authorities of the file ``settings.NEWSROOM_FETCH_CA_BUNDLE`` names
  (the tests' own CA); a file that cannot be read refuses every https fetch rather than
  fall back to anything else (:func:`ca_bundle`).

urllib3 rather than httpx: trafilatura already depends on it, and its connection pools
take the address to connect to and the host name for TLS separately (``server_hostname``,
``assert_hostname``), which is what connecting to the checked address needs.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings
from urllib3.exceptions import (
    HTTPError,
    NewConnectionError,
    ProtocolError,
    SSLError,
)
from urllib3.exceptions import (
    TimeoutError as Urllib3Timeout,
)
from urllib3.util.ssl_match_hostname import CertificateError

from articles.limits import MAX_FILE_BYTES
from articles.parsing import ArticleImportError

# The importer refuses a larger file anyway: the same limit, stated the same way.
MAX_BYTES = MAX_FILE_BYTES
MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK_BYTES = 64 * 1024
VERSION = "0.1"
# 64:ff9b::/96 (RFC 6052) carries an IPv4 address to a NAT64 gateway.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

type IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Fetched:
    """A fetched page: ``url`` is the address after redirects, ``data`` the body (at most
    :data:`MAX_BYTES`), ``content_type`` the media type in lower case without parameters
    ("text/html"; "" when the server sent none) and ``charset`` the charset parameter as
    sent ("" when none)."""

    url: str
    data: bytes
    content_type: str
    charset: str = ""

    def content_type_header(self) -> str:
        """The Content-Type again, with its charset: what :func:`sources.readers.read` takes."""
        if not self.charset:
            return self.content_type
        return f"{self.content_type}; charset={self.charset}"


def user_agent() -> str:
    """``Newsroom/0.1 (+contact URL)``: the contact is ``settings.NEWSROOM_FETCH_CONTACT``."""
    return f"Newsroom/{VERSION} (+{settings.NEWSROOM_FETCH_CONTACT})"


def time_limit() -> float:
    """Seconds a whole fetch may take (``settings.NEWSROOM_FETCH_TIMEOUT``)."""
    return float(settings.NEWSROOM_FETCH_TIMEOUT)


def ca_bundle() -> str:
    """The PEM file of the certificate authorities https servers are checked against:
    ``settings.NEWSROOM_FETCH_CA_BUNDLE`` when set, else certifi's bundle (Mozilla's list).
    Raises ArticleImportError when that file cannot be read: no https fetch then, rather
    than one checked against some other list."""
    path = getattr(settings, "NEWSROOM_FETCH_CA_BUNDLE", "") or certifi.where()
    if not Path(path).is_file():
        raise ArticleImportError(
            "the certificate authorities file (NEWSROOM_FETCH_CA_BUNDLE) cannot be read, "
            "so no https page is fetched"
        )
    return str(path)


def _tls_refusal(host: str, exc: BaseException) -> ArticleImportError:
    """One line for a failed TLS handshake: an untrusted certificate, one for another
    name, or another TLS failure."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        for cause in (current, *current.args):
            if isinstance(cause, CertificateError):
                # urllib3 matches the name itself (assert_hostname): "hostname '…' doesn't
                # match 'localhost'".
                return ArticleImportError(
                    f"the certificate of {host} is not valid for that name ({cause})"
                )
            if isinstance(cause, ssl.SSLCertVerificationError):
                detail = cause.verify_message or "certificate verify failed"
                return ArticleImportError(f"the certificate of {host} is not trusted ({detail})")
        current = current.__cause__ or current.__context__
    return ArticleImportError(f"the TLS connection to {host} failed")


def _seconds(value: float) -> str:
    return f"{value:g} s"


def fetch(url: str) -> Fetched:
    """GET ``url`` under the rules of this module's docstring and return the page.

    Raises :class:`articles.parsing.ArticleImportError` (named by ``url``, one line) for a
    URL that is not http(s), a host that does not resolve or resolves to an address that is
    not public, a server that cannot be reached, an answer other than 200 (redirects
    followed, at most :data:`MAX_REDIRECTS`), a body over :data:`MAX_BYTES`, or a fetch
    longer than :func:`time_limit` seconds.
    """
    deadline = time.monotonic() + time_limit()
    current = url.strip()
    try:
        for _ in range(MAX_REDIRECTS + 1):
            target = _Target.parse(current)
            response = _request(target, deadline)
            try:
                location = response.headers.get("Location")
                if response.status in REDIRECT_STATUSES:
                    if not location:
                        raise ArticleImportError(f"a redirect ({response.status}) to nowhere")
                    current = urljoin(current, location.strip())
                    continue
                if response.status != 200:
                    reason = f" {response.reason}" if response.reason else ""
                    raise ArticleImportError(f"the server answered {response.status}{reason}")
                data = _read_body(response, deadline)
            finally:
                response.release_conn()
                response.close()
            content_type, charset = parse_content_type(response.headers.get("Content-Type", ""))
            page = urldefrag(current).url  # a fragment is the browser's, not the page's
            return Fetched(url=page, data=data, content_type=content_type, charset=charset)
        raise ArticleImportError(f"more than {MAX_REDIRECTS} redirects (the limit)")
    except ArticleImportError as exc:
        raise ArticleImportError(exc.reason, url) from exc


def parse_content_type(header: str) -> tuple[str, str]:
    """``"text/html; charset=UTF-8"`` → ``("text/html", "UTF-8")``; ``("", "")`` for none."""
    if not header.strip():
        return "", ""
    message = Message()
    message["Content-Type"] = header
    charset = message.get_param("charset")
    return message.get_content_type(), charset if isinstance(charset, str) else ""


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str  # ASCII (IDNA), without brackets
    port: int
    path: str  # path and query, never empty

    @classmethod
    def parse(cls, url: str) -> _Target:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise ArticleImportError("not a valid web address") from None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            shown = f"'{scheme}:'" if scheme else "no scheme"
            raise ArticleImportError(f"only http and https addresses are fetched, not {shown}")
        if parts.username is not None or parts.password is not None:
            raise ArticleImportError("an address with a user name or password is not fetched")
        if not parts.hostname:
            raise ArticleImportError("no host name in the address")
        try:
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            raise ArticleImportError(f"invalid host name '{parts.hostname}'") from None
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        default = 443 if scheme == "https" else 80
        return cls(scheme, host, port or default, path)

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, each checked by :func:`check_address`.

    Raises ArticleImportError when it does not resolve, or when any of its addresses is
    refused (all of them, not only the one used: which one a client picks is not ours to
    decide).
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise ArticleImportError(f"the host name {host} does not resolve") from None
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]
        if address not in addresses:
            addresses.append(address)
    for address in addresses:
        check_address(host, ipaddress.ip_address(address))
    return addresses


def check_address(host: str, address: IPAddress) -> None:
    """Refuse (ArticleImportError) an address that is not public (:func:`is_public`) unless
    it is in one of ``settings.NEWSROOM_FETCH_ALLOW_NETWORKS``."""
    if is_public(address) or allowed(address):
        return
    what = "is" if _is_literal(host) else "resolves to"
    raise ArticleImportError(
        f"{host} {what} a private, loopback or link-local address, which is not fetched"
    )


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def allowed(address: IPAddress) -> bool:
    """True when ``address`` is in a network of ``settings.NEWSROOM_FETCH_ALLOW_NETWORKS``."""
    networks = getattr(settings, "NEWSROOM_FETCH_ALLOW_NETWORKS", None) or []
    return any(address in ipaddress.ip_network(network, strict=False) for network in networks)


def is_public(address: IPAddress) -> bool:
    """True for a global unicast address, after unwrapping IPv4 carried in IPv6."""
    if isinstance(address, ipaddress.IPv6Address):
        inner: list[IPAddress] = []
        if address.ipv4_mapped is not None:
            inner.append(address.ipv4_mapped)
        if address.sixtofour is not None:
            inner.append(address.sixtofour)
        if address.teredo is not None:
            inner.extend(address.teredo)
        if address in _NAT64:
            inner.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if inner and not all(is_public(a) for a in inner):
            return False
        if address.ipv4_mapped is not None:
            return True
    return address.is_global and not (
        address.is_multicast or address.is_unspecified or address.is_reserved
    )


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _too_slow()
    return left


def _too_slow() -> ArticleImportError:
    return ArticleImportError(f"no complete answer within {_seconds(time_limit())} (the limit)")


def _request(target: _Target, deadline: float) -> urllib3.BaseHTTPResponse:
    addresses = resolve(target.host, target.port)
    headers = {
        "Host": target.host_header,
        "User-Agent": user_agent(),
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Encoding": "gzip, deflate",
    }
    failure = ""
    for address in addresses:
        left = _remaining(deadline)
        timeout = urllib3.Timeout(connect=left, read=left)
        pool: urllib3.HTTPConnectionPool
        if target.scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                address,
                target.port,
                timeout=timeout,
                retries=False,
                server_hostname=target.host,
                assert_hostname=target.host,
                cert_reqs="CERT_REQUIRED",
                ca_certs=ca_bundle(),
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, target.port, timeout=timeout, retries=False)
        try:
            return pool.urlopen(
                "GET",
                target.path,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
        except NewConnectionError:
            # Before the timeout: urllib3 makes NewConnectionError a ConnectTimeoutError.
            failure = f"could not connect to {target.host} (port {target.port})"
        except Urllib3Timeout:
            raise _too_slow() from None
        except SSLError as exc:
            raise _tls_refusal(target.host, exc) from None
        except (ProtocolError, HTTPError, OSError) as exc:
            if isinstance(exc, TimeoutError):
                raise _too_slow() from None
            raise ArticleImportError(f"the connection to {target.host} broke off") from None
    raise ArticleImportError(failure or f"could not connect to {target.host}")


def _read_body(response: urllib3.BaseHTTPResponse, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise ArticleImportError(_too_large(int(declared)))
    chunks: list[bytes] = []
    size = 0
    connection = getattr(response, "connection", None)
    try:
        while True:
            left = _remaining(deadline)
            # The read timeout was set for the whole fetch when the request was sent; each
            # read now waits only for what is left of it, so a server dripping a byte at a
            # time is stopped at the limit, not a read timeout later.
            sock = getattr(connection, "sock", None)
            if sock is not None:
                sock.settimeout(left)
            chunk = response.read1(CHUNK_BYTES)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_BYTES:
                raise ArticleImportError(_too_large(size, streamed=True))
            chunks.append(chunk)
    except (Urllib3Timeout, TimeoutError):
        raise _too_slow() from None
    except (ProtocolError, HTTPError, OSError):
        raise ArticleImportError("the connection broke off before the page was complete") from None
    return b"".join(chunks)


def _too_large(size: int, *, streamed: bool = False) -> str:
    limit = MAX_BYTES // 2**20
    # A streamed body is cut at the limit: how much more there was is not known.
    shown = f"more than {limit}" if streamed else f"{size / 2**20:.1f}"
    return f"page too large ({shown} MB, the limit is {limit} MB)"
