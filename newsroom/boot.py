"""What the entry points do before Django loads the settings: in embedded mode (no
``DATABASE_URL``), start or join the embedded PostgreSQL and, for a process that serves
requests, keep it up with a :class:`Supervisor`.

``manage.py``, ``newsroom/wsgi.py`` and ``newsroom/asgi.py`` call :func:`database`;
importing ``newsroom.settings`` starts nothing (mypy, ruff and tools need no database).
With ``DATABASE_URL`` set, nothing here touches any server.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from newsroom import embedded_db

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parent.parent
# How often the supervisor looks at the server (seconds): a file read and a process lookup.
CHECK_EVERY = 0.5

_supervisor: Supervisor | None = None


def database(*, supervise: bool) -> str | None:
    """Start (or join) the embedded server when ``DATABASE_URL`` is unset; returns its URL,
    or None when ``DATABASE_URL`` is set (nothing started).

    ``supervise``: also start one :class:`Supervisor` for this process (once), for
    processes that serve requests. Raises RuntimeError when the server does not start.
    """
    data_dir = embedded_db.data_dir_from_env(BASE_DIR)
    if data_dir is None:
        return None
    url = embedded_db.start(data_dir)
    if supervise:
        global _supervisor
        if _supervisor is None:
            _supervisor = Supervisor(data_dir)
            _supervisor.start()
    return url


class Supervisor(threading.Thread):
    """Brings the embedded server back when it crashed or was stopped, within about
    ``CHECK_EVERY`` plus a start (0.2-0.5 s; a server stuck "stopping" after a SIGTERM is
    given :data:`embedded_db.STOPPING_GRACE` seconds first).

    Every serving process runs one; the data folder's lock in :func:`embedded_db.start`
    makes them take turns, and the later ones join the server the first one started. Not a
    daemon: it ends once the main thread has ended, before the exit hooks stop the server,
    so it never restarts a server its own process is stopping.
    """

    def __init__(self, data_dir: Path, every: float = CHECK_EVERY) -> None:
        super().__init__(name="embedded-postgres-supervisor")
        self.data_dir = data_dir
        self.every = every
        self.restarts = 0
        self._stop_event = threading.Event()

    def stop(self) -> None:
        """Ask the thread to end after its current check."""
        self._stop_event.set()

    def run(self) -> None:
        """Check every ``every`` seconds until stopped or the main thread ends."""
        main = threading.main_thread()
        while not self._stop_event.wait(self.every) and main.is_alive():
            if embedded_db.is_ready(self.data_dir):
                continue
            t0 = time.monotonic()
            try:
                embedded_db.start(self.data_dir)
            except Exception:  # logged; the next check tries again
                logger.exception("embedded postgres did not come back; trying again")
                continue
            self.restarts += 1
            logger.warning(
                "embedded postgres was down: up again after %.2f s", time.monotonic() - t0
            )
