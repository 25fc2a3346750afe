"""tests/serving.py waits out a busy machine: a probe answered too late is tried again."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

import pytest

from tests.serving import stop, wait_until_serving


def _idle_process() -> subprocess.Popen[str]:
    """A stand-in for the server process: alive until its stdin closes."""
    return subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_probe_that_times_out_is_tried_again() -> None:
    # The server answers only once the first probe has given up and a second one came:
    # what a worker still starting on a busy machine looks like to the probe. The old
    # probe died of the first read timeout (TimeoutError, which its loop did not catch).
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    accepted: list[socket.socket] = []

    def serve() -> None:
        for _ in range(2):
            accepted.append(listener.accept()[0])
        late = accepted[-1]
        late.recv(65536)
        late.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        for conn in accepted:
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    process = _idle_process()
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/", process, probe_timeout=0.5)
    finally:
        stop(process)
        listener.close()
    thread.join()
    assert len(accepted) == 2


def test_a_server_that_exits_fails_with_what_it_said() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.exit('gunicorn: cannot bind')"],
        stderr=subprocess.PIPE,
        text=True,
    )
    with pytest.raises(AssertionError, match="gunicorn: cannot bind"):
        wait_until_serving(f"http://127.0.0.1:{port}/", process)
