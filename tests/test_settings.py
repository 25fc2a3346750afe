"""Settings come from the environment and refuse bad values loudly, at start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent
# A PostgreSQL URL nothing connects to: importing the settings does not start a database.
DUMMY_URL = "postgresql://nobody@127.0.0.1:9/nothing"

SHOW = textwrap.dedent(
    """
    import json
    from newsroom import settings as s
    db = s.DATABASES["default"]
    print(json.dumps({
        "DEBUG": s.DEBUG,
        "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
        "OPTIONS": db["OPTIONS"],
        "CONN_MAX_AGE": db["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": db["CONN_HEALTH_CHECKS"],
        "staticfiles": s.STORAGES["staticfiles"]["BACKEND"],
        "STATIC_ROOT": str(s.STATIC_ROOT),
        "NEWSROOM_FETCH_ALLOW_NETWORKS": s.NEWSROOM_FETCH_ALLOW_NETWORKS,
    }))
    """
)


def _import_settings(
    code: str = "import newsroom.settings", **env: str
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**base, "DATABASE_URL": DUMMY_URL, **env},
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be a boolean (1/0, true/false), got 'maybe'"),
        ({"DB_POOL_SIZE": "ten"}, "DB_POOL_SIZE must be an integer, got 'ten'"),
        ({"DB_POOL_SIZE": "0"}, "DB_POOL_SIZE must be at least 1, got 0"),
        ({"DATABASE_URL": "sqlite:///db.sqlite3"}, "DATABASE_URL must point at PostgreSQL"),
        ({"DATABASE_URL": "mysql://u@localhost/db"}, "DATABASE_URL must point at PostgreSQL"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL is not a database URL"),
        (
            {"NEWSROOM_FETCH_ALLOW_NETWORKS": "127.0.0.0/8, localhost"},
            "NEWSROOM_FETCH_ALLOW_NETWORKS must be comma-separated IP networks such as "
            "127.0.0.0/8, got 'localhost'",
        ),
        ({"NEWSROOM_FETCH_TIMEOUT": "0"}, "NEWSROOM_FETCH_TIMEOUT must be at least 1, got 0"),
    ],
)
def test_bad_values_are_refused_at_import(env: dict[str, str], message: str) -> None:
    result = _import_settings(**env)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert message in last_line


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("On", True), ("0", False), ("false", False)]
)
def test_debug_accepts_the_usual_spellings(raw: str, expected: bool) -> None:
    result = _import_settings(SHOW, DEBUG=raw)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["DEBUG"] is expected


def test_values_from_the_environment() -> None:
    result = _import_settings(
        SHOW,
        DEBUG="0",
        ALLOWED_HOSTS="news.example.org, .example.net ,",
        DATABASE_URL="postgres://u:p@db.example.org:5432/newsroom?sslmode=require",
        STATIC_ROOT="/srv/static",
        NEWSROOM_FETCH_ALLOW_NETWORKS="127.0.0.1/8, ::1",
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["NEWSROOM_FETCH_ALLOW_NETWORKS"] == ["127.0.0.0/8", "::1/128"]
    assert shown["ALLOWED_HOSTS"] == ["news.example.org", ".example.net"]
    # Options from the URL survive next to the pool; the pool checks connections it hands out.
    assert shown["OPTIONS"]["sslmode"] == "require"
    assert shown["OPTIONS"]["pool"]["max_size"] == 10
    assert shown["CONN_MAX_AGE"] == 0
    assert shown["CONN_HEALTH_CHECKS"] is True
    # DEBUG off: hashed, compressed static files that collectstatic wrote for whitenoise.
    # Whitenoise's compressed manifest storage, rewriting the ES modules' imports too.
    assert shown["staticfiles"] == "newsroom.storage.StaticStorage"
    assert shown["STATIC_ROOT"] == "/srv/static"


RESTART = textwrap.dedent(
    """
    import os, signal, sys, time
    from pathlib import Path
    from newsroom import boot, embedded_db

    boot.database(supervise=False)  # what manage.py and the WSGI/ASGI modules do first
    from django.db import connection

    data = Path(os.environ["EMBEDDED_PGDATA"]).resolve()

    def one():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0]

    assert one() == 1
    connection.close()  # end of a request: the connection goes back to the pool

    pid = int((data / "postmaster.pid").read_text().split()[0])
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while embedded_db._is_our_postmaster(pid, data):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    embedded_db.start(data)  # what the next `make run` does: a new postmaster

    assert one() == 1  # the pool dropped the dead connection and opened a new one
    connection.close()
    print("survived")
    """
)


def test_pooled_connections_survive_a_database_restart(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", RESTART],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "EMBEDDED_PGDATA": str(tmp_path / "pgdata"),
        },
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "survived"


def test_it_imports_the_settings_without_starting_a_database(tmp_path: Path) -> None:
    # Embedded mode (no DATABASE_URL): the settings only work out the server's URL.
    data_dir = tmp_path / "pgdata"
    code = "from newsroom import settings as s; print(s.DATABASES['default']['HOST'])"
    result = _import_settings(code, DATABASE_URL="", EMBEDDED_PGDATA=str(data_dir))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(data_dir.resolve())
    assert not tmp_path.joinpath("pgdata").exists()
    assert not list(tmp_path.iterdir()), "importing the settings wrote files"
    assert not any(
        str(data_dir) in " ".join(p.info["cmdline"] or []) for p in psutil.process_iter(["cmdline"])
    ), "importing the settings started postgres"


def test_fetching_private_addresses_is_off_unless_networks_are_named() -> None:
    result = _import_settings(SHOW)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["NEWSROOM_FETCH_ALLOW_NETWORKS"] == []
