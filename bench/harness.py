"""What the benchmarks share: a throw-away database, the app under gunicorn (`DEBUG=0`),
a logged-in session, peak memory sampling, `wrk` runs and the paired product/baseline
rounds whose medians and spread every script prints.

Nothing here is imported by the product. The bench-only URL configuration with the bare
baseline view is the `baseline` package beside this file.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psutil
import psycopg

BASE = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
SAMPLE_EVERY = 0.05  # seconds between RSS samples
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SHORT = os.environ.get("BENCH_SHORT", "") not in ("", "0")


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` instead."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def server_url() -> str:
    """DATABASE_URL, or the embedded server's URL (started if it is not running)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    sys.path.insert(0, str(BASE))
    from newsroom import embedded_db

    data_dir = Path(os.environ.get("EMBEDDED_PGDATA", BASE / "var" / "pgdata"))
    return embedded_db.start(data_dir, database="newsroom")


def create_database(name: str) -> str:
    """Create an empty database ``name`` (dropping an old one) and return its URL."""
    url = server_url()
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        ident = psycopg.sql.Identifier(name)
        conn.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
        conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(ident))
    return with_database(url, name)


def drop_database(url: str) -> None:
    """Drop the database ``url`` names, closing Django's connections to it first."""
    with contextlib.suppress(Exception):
        from django.db import connections

        for wrapper in connections.all():
            wrapper.close()
            close_pool = getattr(wrapper, "close_pool", None)
            if close_pool is not None:
                close_pool()
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(
            psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                psycopg.sql.Identifier(name)
            )
        )


def setup_django(url: str, settings: str = "newsroom.settings") -> dict[str, str]:
    """Point this process at database ``url``, set Django up, migrate; returns the
    environment for servers and commands that should use the same database."""
    # Collected static files go to a scratch folder: a project's staticfiles/ left behind
    # would be served (by whitenoise) instead of the current files to the tests.
    os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="bench-static-"))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": settings,
        "PYTHONPATH": os.pathsep.join([str(BASE), str(BENCH)]),
    }
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE=settings)
    for path in (str(BASE), str(BENCH)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    from newsroom.secret_key import ensure_local_key

    ensure_local_key()  # the key gunicorn's workers read too (newsroom.wsgi makes it)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # DEBUG=0 serves hashed static files from the manifest, as production does.
    call_command("collectstatic", interactive=False, verbosity=0)
    return env


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Workers:
    """A gunicorn worker setup: ``kind`` is gunicorn's worker class (sync or gthread)."""

    kind: str = "sync"
    workers: int = 2
    threads: int = 1

    def args(self) -> list[str]:
        """gunicorn's command-line options for this setup."""
        args = [f"--worker-class={self.kind}", f"--workers={self.workers}"]
        if self.kind == "gthread":
            args.append(f"--threads={self.threads}")
        return args

    def __str__(self) -> str:
        if self.kind == "gthread":
            return f"{self.workers} gthread workers x {self.threads} threads"
        return f"{self.workers} sync workers"


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: Workers = Workers()) -> Iterator[tuple[int, list[int]]]:
    """Serve the WSGI app under gunicorn on a free port; yields (port, worker pids)."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "newsroom.wsgi:application",
            *workers.args(),
            f"--bind=127.0.0.1:{port}",
            # A sync worker is killed after --timeout seconds on one request.
            "--timeout=300",
            "--log-level=warning",
        ],
        cwd=BASE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError("gunicorn exited during start-up")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                children = psutil.Process(server.pid).children()
                if len(children) >= workers.workers:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start within 60 s")
            time.sleep(0.1)
        yield port, [child.pid for child in psutil.Process(server.pid).children()]
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class PeakRss:
    """Sample processes' resident memory in a thread; ``peak`` is the highest of any one
    process (bytes)."""

    def __init__(self, *pids: int) -> None:
        self.processes = [psutil.Process(pid) for pid in pids]
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> int:
        """The largest resident set of the processes now (bytes)."""
        largest = 0
        for process in self.processes:
            with contextlib.suppress(psutil.Error):
                largest = max(largest, process.memory_info().rss)
        return largest

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.sample())
            self._stop.wait(SAMPLE_EVERY)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def login_session(username: str, groups: Sequence[str] = ()) -> tuple[str, str]:
    """A user ``username`` in ``groups`` and a logged-in session for them; returns the
    Cookie header (session and CSRF cookies) and the CSRF token to send beside it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    user, _ = User.objects.get_or_create(username=username)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the model backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    token = _get_new_csrf_string()
    return f"sessionid={session.session_key}; csrftoken={token}", token


def ensure_wrk() -> str:
    """The path of `wrk`, installed with apt-get when missing and we are root."""
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk with apt-get ...", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            stdout=subprocess.DEVNULL,
        )
        path = shutil.which("wrk")
    if not path:
        raise SystemExit("These benchmarks need wrk: apt-get install wrk")
    return path


def drain(port: int, workers: Workers) -> None:
    """Wait until the server has served what earlier runs left queued: as many pings at
    once as it serves at once, each answered only after the requests ahead of it."""
    import http.client
    from concurrent.futures import ThreadPoolExecutor

    def ping(_: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        conn.request("GET", "/bench/ping/")
        conn.getresponse().read()
        conn.close()

    at_once = workers.workers * workers.threads
    with ThreadPoolExecutor(at_once) as pool:
        list(pool.map(ping, range(at_once)))


@dataclass(frozen=True)
class WrkResult:
    """One wrk run: requests per second, median latency (seconds), request count."""

    rps: float
    p50: float
    requests: int


_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def wrk(
    url: str,
    connections: int,
    seconds: float,
    script: Path | None = None,
    env: dict[str, str] | None = None,
) -> WrkResult:
    """Load ``url`` with wrk for ``seconds`` over ``connections`` connections; raises
    RuntimeError when any response was not 2xx/3xx or the script reported a failure."""
    threads = min(connections, 2)
    command = [
        ensure_wrk(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout=60s",
    ]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, env=env or dict(os.environ), check=True
    ).stdout
    if "Non-2xx" in out or "Socket errors" in out or "FAILED" in out:
        raise RuntimeError(f"wrk saw errors:\n{out}")
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s|m)\b", out)
    count = re.search(r"(\d+) requests in", out)
    if not (rps and p50 and count):
        raise RuntimeError(f"cannot read wrk's output:\n{out}")
    return WrkResult(
        float(rps.group(1)), float(p50.group(1)) * _UNITS[p50.group(2)], int(count.group(1))
    )


@dataclass(frozen=True)
class Paired:
    """Product and baseline figures from alternating rounds; ``ratios`` are per round."""

    product: list[float]
    baseline: list[float]
    ratios: list[float]

    def __str__(self) -> str:
        return (
            f"product {spread(self.product)}, baseline {spread(self.baseline)}, "
            f"ratio {spread(self.ratios, 3)}"
        )


def spread(values: Sequence[float], digits: int = 1) -> str:
    """'median [min–max]' of ``values``."""
    return (
        f"{statistics.median(values):.{digits}f} "
        f"[{min(values):.{digits}f}-{max(values):.{digits}f}]"
    )


def paired(
    product: Callable[[], float], baseline: Callable[[], float], rounds: int = ROUNDS
) -> Paired:
    """Alternate ``product`` and ``baseline`` ``rounds`` times; ratio = product/baseline of
    each round (for throughput: higher is better for the product)."""
    p: list[float] = []
    b: list[float] = []
    for _ in range(rounds):
        p.append(product())
        b.append(baseline())
    return Paired(p, b, [x / y for x, y in zip(p, b, strict=True)])


SENTENCE = "The council voted on Tuesday to fund the harbour bridge, the mayor said in {n}. "


def article_file(paragraphs: int, title: str, edited: bool = False) -> bytes:
    """An import file of ``paragraphs`` paragraphs (about 320 code points each); with
    ``edited``, every tenth paragraph has one word changed."""
    texts = []
    for n in range(paragraphs):
        text = (SENTENCE.format(n=2000 + n) * 4).strip()
        if edited and n % 10 == 5:
            text = text.replace("harbour", "river", 1)
        texts.append(text)
    return (f"date 2026-03-14\ntitle {title}\n\n" + "\n\n".join(texts) + "\n").encode()


def annotate(username: str, article_id: int, per_paragraph: int, limit: int | None = None) -> int:
    """Put ``per_paragraph`` overlapping claims on each paragraph of the article (at most
    ``limit`` in all) through the owner, by ``username`` (an editor); returns the count."""
    from django.contrib.auth.models import Group, User

    from annotations import lifecycle
    from annotations.apps import EDITORS
    from articles.models import Paragraph

    user, _ = User.objects.get_or_create(username=username)
    user.groups.add(Group.objects.get(name=EDITORS))
    user = User.objects.get(pk=user.pk)
    items = []
    for paragraph in Paragraph.objects.filter(article_id=article_id).order_by("position"):
        for k in range(per_paragraph):
            start = (k * 17) % (len(paragraph.text) - 40)
            end = start + 20 + k
            selection = lifecycle.Selection(paragraph.pk, start, end, paragraph.text[start:end])
            items.append((selection, lifecycle.Fields("claim")))
    return sum(o.created for o in lifecycle.create_many(user, items[:limit]))
