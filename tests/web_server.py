"""A web server on loopback for the tests of fetching and importing from the web: the
files under ``tests/fixtures/`` at ``/fixtures/<path>``, and addresses that misbehave on
purpose (:class:`Handler`). Nothing leaves the machine."""

from __future__ import annotations

import contextlib
import mimetypes
import socket
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".json": "application/json",
}


class Handler(BaseHTTPRequestHandler):
    """``/fixtures/<path>``: a file under tests/fixtures (``?type=`` overrides its
    Content-Type, ``?status=`` its status). And:

    - ``/redirect/<n>?to=<url>``: n redirects in a chain, then to ``to``;
    - ``/big?chunked=1``: a page one byte over ``server.limit`` (streamed without a length);
    - ``/stall``: headers, then nothing until the test ends;
    - ``/drip``: a byte at a time, until the client gives up or the test ends;
    - ``/status/<code>``: that status, with a short body.
    """

    server: WebServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass  # the test's output is not the place for an access log

    def do_GET(self) -> None:
        self.server.requests.append((self.path, dict(self.headers.items())))
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        route, _, rest = parts.path.lstrip("/").partition("/")
        if route == "fixtures":
            self._fixture(rest, query)
        elif route == "redirect":
            left = int(rest or 0)
            target = f"/redirect/{left - 1}" if left > 1 else query.get("to", "/status/200")
            if left > 1 and "to" in query:
                target += f"?to={query['to']}"
            self._send(302, b"", "text/plain", {"Location": target})
        elif route == "big":
            self._big(chunked="chunked" in query)
        elif route == "stall":
            self._headers(200, "text/html", {"Content-Length": "100"})
            self.server.stop.wait()
        elif route == "drip":
            self._headers(200, "text/html", {"Content-Length": "1000000"})
            try:
                while not self.server.stop.wait(0.05):
                    self.wfile.write(b"<")
                    self.wfile.flush()
            except OSError:
                pass  # the client gave up, as it should
        elif route == "status":
            self._send(int(rest), b"status page", "text/html")
        else:
            self._send(404, b"no such page", "text/plain")

    def _fixture(self, rest: str, query: dict[str, str]) -> None:
        path = (FIXTURES / rest).resolve()
        if FIXTURES not in path.parents or not path.is_file():
            self._send(404, b"no such fixture", "text/plain")
            return
        content_type = query.get("type", CONTENT_TYPES.get(path.suffix.lower(), ""))
        if not content_type:
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self._send(int(query.get("status", 200)), path.read_bytes(), content_type)

    def _big(self, *, chunked: bool) -> None:
        body = b"<html><body><p>" + b"a" * (self.server.limit + 1) + b"</p></body></html>"
        if not chunked:
            self._send(200, body, "text/html")
            return
        self._headers(200, "text/html", {"Transfer-Encoding": "chunked"})
        try:
            for start in range(0, len(body), 65536):
                piece = body[start : start + 65536]
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # refused half-way: the client closed the connection

    def _headers(self, status: int, content_type: str, extra: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()

    def _send(
        self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None
    ) -> None:
        self._headers(status, content_type, {"Content-Length": str(len(body)), **(extra or {})})
        # The client may stop reading (a page over the size limit).
        with contextlib.suppress(OSError):
            self.wfile.write(body)


class WebServer(ThreadingHTTPServer):
    """The server on 127.0.0.1 (a free port); with ``tls``, an https server whose TLS
    handshake happens in the handler's thread (a client that refuses the certificate
    only ends its own connection)."""

    daemon_threads = True

    def __init__(self, limit: int, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.limit = limit
        self.tls = tls
        self.stop = threading.Event()
        self.requests: list[tuple[str, dict[str, str]]] = []

    def get_request(self) -> tuple[socket.socket, object]:
        sock, address = super().get_request()
        if self.tls is not None:
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gives up mid-answer (the fetcher at its limits) is expected.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def start(self) -> None:
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.stop.set()
        self.shutdown()
        self.server_close()
