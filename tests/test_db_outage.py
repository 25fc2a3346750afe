"""When PostgreSQL goes away under the running app: a 503 with a plain page within 2 s
(an htmx request gets a message for the page), and the app serves again by itself, with
no restart, once the database is back; in embedded mode the app brings the server back.

Each test runs gunicorn (DEBUG=0) against a throwaway PostgreSQL cluster of its own under
``tmp_path``, never the server the rest of the suite uses, and kills that one.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from newsroom import embedded_db

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
# A session cookie makes every request look its user up in the database (an unknown key
# is looked up too, and then sent to log in): what a logged-in editor's request does.
COOKIE = {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}
HTMX = {**COOKIE, "HX-Request": "true"}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A migrated throwaway cluster (database ``newsroom``); stopped afterwards."""
    data_dir = tmp_path_factory.mktemp("outage") / "pgdata"
    url = embedded_db.start(data_dir)
    env = _env(data_dir, DATABASE_URL=url)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    yield data_dir
    pid = _postmaster(data_dir)
    if pid is not None:
        with contextlib.suppress(psutil.Error):
            psutil.Process(pid).send_signal(signal.SIGINT)


def _env(cluster: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "EMBEDDED_PGDATA")}
    # Nothing here serves static files: an empty STATIC_ROOT keeps whitenoise quiet.
    static = cluster.parent / "static"
    static.mkdir(exist_ok=True)
    return {**base, "DEBUG": "0", "LOG_LEVEL": "CRITICAL", "STATIC_ROOT": str(static), **extra}


def _postmaster(data_dir: Path) -> int | None:
    pid = embedded_db._pid_in(data_dir.resolve())
    return pid if embedded_db._is_our_postmaster(pid, data_dir.resolve()) else None


@contextlib.contextmanager
def _gunicorn(env: dict[str, str]) -> Iterator[tuple[int, psutil.Process]]:
    """gunicorn with one gthread worker of four threads; yields (port, worker)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "newsroom.wsgi:application",
            "--worker-class=gthread",
            "--workers=1",
            "--threads=4",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _until(lambda: _get(port, "/", {})[0] == 302, "gunicorn to serve", server)
        (worker,) = psutil.Process(server.pid).children()
        yield port, worker
    finally:
        server.terminate()
        server.wait(60)


def _get(port: int, path: str, headers: dict[str, str]) -> tuple[int, str, float]:
    """(status, body, seconds); status 0 when the connection failed."""
    t0 = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode(), time.monotonic() - t0
    except OSError:
        return 0, "", time.monotonic() - t0
    finally:
        conn.close()


def _until(
    condition: Callable[[], bool], what: str, server: subprocess.Popen[bytes] | None = None
) -> float:
    """Seconds until ``condition`` held (checked every 50 ms, for at most 60 s)."""
    t0 = time.monotonic()
    while not condition():
        assert server is None or server.poll() is None, "gunicorn exited"
        assert time.monotonic() - t0 < 60, f"timed out waiting for {what}"
        time.sleep(0.05)
    return time.monotonic() - t0


def _assert_fast_503(port: int) -> None:
    status, body, seconds = _get(port, "/", COOKIE)
    assert (status, seconds < 2) == (503, True), (status, seconds, body[:300])
    assert "Temporarily unavailable" in body
    assert "<header" not in body  # the plain page, not the site's (needs the user)
    status, body, seconds = _get(port, "/annotations/1/", HTMX)
    assert (status, seconds < 2) == (503, True), (status, seconds)
    assert "data-action-error" in body and "The database is not answering" in body


def test_it_answers_503_fast_and_serves_again_when_the_database_is_back(cluster: Path) -> None:
    url = embedded_db.start(cluster)
    with _gunicorn(_env(cluster, DATABASE_URL=url)) as (port, worker):
        assert _get(port, "/", COOKIE)[0] == 302  # the database said: no such session
        postmaster = _postmaster(cluster)
        assert postmaster is not None
        # Its backends outlive a killed postmaster for a moment (a pooled connection's
        # could still answer): wait for them too, not only for the postmaster.
        backends = psutil.Process(postmaster).children(recursive=True)
        os.kill(postmaster, signal.SIGKILL)
        _until(lambda: _postmaster(cluster) is None, "postgres to die")
        psutil.wait_procs(backends, timeout=60)

        _assert_fast_503(port)  # the first meets the dead pool: at most its 1 s timeout
        for _ in range(5):
            _assert_fast_503(port)  # then at once

        # With DATABASE_URL the app never starts a server: it stays down until we start it.
        time.sleep(1)
        assert _postmaster(cluster) is None
        embedded_db.start(cluster)
        took = _until(lambda: _get(port, "/", COOKIE)[0] == 302, "the app to serve again")
        print(f"serving again {took:.2f} s after the database was back")
        assert worker.is_running()  # the same worker: nothing was restarted


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_it_brings_the_embedded_server_back_while_serving(cluster: Path, sig: int) -> None:
    env = _env(cluster, EMBEDDED_PGDATA=str(cluster))
    with _gunicorn(env) as (port, worker):
        assert _get(port, "/", COOKIE)[0] == 302
        old = _postmaster(cluster)
        assert old is not None
        os.kill(old, sig)  # SIGTERM: a "smart" shutdown, which waits for our pooled clients
        statuses: list[int] = []

        def serving() -> bool:
            status, _, seconds = _get(port, "/", COOKIE)
            statuses.append(status)
            assert status in (302, 503), status
            assert seconds < 2
            return status == 302 and _postmaster(cluster) not in (None, old)

        took = _until(serving, "the supervisor to bring postgres back")
        print(f"{signal.Signals(sig).name}: serving again after {took:.2f} s; {statuses=}")
        assert took < 20
        assert worker.is_running()
