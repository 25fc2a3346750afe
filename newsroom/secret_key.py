"""The local SECRET_KEY: made once under var/ for development, never taken from the source.

Settings only *read* the key file (importing them writes nothing). The entry points that
run the app without the production switch (manage.py, WSGI/ASGI, the test run, the
benchmarks) call :func:`ensure_local_key` first, which writes the file the first time, as
``load_demo`` writes the demo passwords. With ``NEWSROOM_PRODUCTION`` on, nothing is
written: the settings then refuse to start without ``SECRET_KEY`` in the environment.

This module imports neither Django nor the settings, so entry points can call it before
Django loads them.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_SWITCH = "NEWSROOM_PRODUCTION"
# Django's own check (security.W009) asks for 50 characters and 5 different ones.
MIN_LENGTH = 50
MIN_UNIQUE = 5


def key_file() -> Path:
    """Where the local key lives: ``SECRET_KEY_FILE``, or ``var/secret_key``."""
    return Path(os.environ.get("SECRET_KEY_FILE") or BASE_DIR / "var" / "secret_key")


def read_key(path: Path) -> str:
    """The key stored at ``path``, or ``""`` when there is none yet."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""


def is_weak(key: str) -> bool:
    """True for a key Django's deployment check would call weak."""
    return len(key) < MIN_LENGTH or len(set(key)) < MIN_UNIQUE or key.startswith("django-insecure")


def production_switch_on() -> bool:
    """Whether ``NEWSROOM_PRODUCTION`` is on (any of the settings' spellings of true)."""
    return os.environ.get(PRODUCTION_SWITCH, "").strip().lower() in {"1", "true", "yes", "on"}


def ensure_local_key() -> str:
    """Make the local key file if it is needed and missing; return the key in force.

    Does nothing with the production switch on or with ``SECRET_KEY`` set. The file is
    written to a temporary name and linked into place, so two processes starting at once
    agree on one key and none ever reads a half-written file. Readable by its owner only.
    """
    if production_switch_on() or os.environ.get("SECRET_KEY"):
        return os.environ.get("SECRET_KEY", "")
    path = key_file()
    existing = read_key(path)
    if existing:
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(MIN_LENGTH) + "\n")
        # link() fails if another process got there first: theirs is the key.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return read_key(path)
