"""The production switch: fail closed without a real key, secure defaults, a clean deploy check;
without it, a key made once under var/ by the entry points and never one from the source."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# A PostgreSQL URL nothing connects to: importing the settings does not start a database.
DUMMY_URL = "postgresql://nobody@127.0.0.1:9/nothing"
STRONG_KEY = "k3Y-" + "".join(chr(ord("a") + i % 26) for i in range(60))
SECURITY = (
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
)
SHOW = textwrap.dedent(
    f"""
    import json
    from newsroom import settings as s
    print(json.dumps({{name: getattr(s, name) for name in {(*SECURITY, "SECRET_KEY")!r}}}))
    """
)


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """``args`` in a fresh interpreter, with only the environment given here deciding."""
    ours = {"DEBUG", "DATABASE_URL", "SECRET_KEY", "SECRET_KEY_FILE", "NEWSROOM_PRODUCTION"}
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ours and k not in SECURITY and not k.startswith("DJANGO_")
    }
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**base, "DATABASE_URL": DUMMY_URL, **env},
        timeout=120,
    )


def _settings(**env: str) -> dict[str, object]:
    result = _run(["-c", SHOW], **env)
    assert result.returncode == 0, result.stderr
    shown: dict[str, object] = json.loads(result.stdout)
    return shown


def _refusal(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    return last_line


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "NEWSROOM_PRODUCTION is on, so SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 50 random characters"),
        ({"SECRET_KEY": "a" * 80}, "SECRET_KEY must be at least 50 random characters"),
        ({"SECRET_KEY": STRONG_KEY, "DEBUG": "1"}, "so DEBUG must be off"),
        (
            {"SECRET_KEY": STRONG_KEY, "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https"},
            "SECURE_PROXY_SSL_HEADER must be a header name",
        ),
    ],
)
def test_it_refuses_to_start_in_production_without_a_real_key(
    env: dict[str, str], message: str, tmp_path: Path
) -> None:
    # A local key file is there, and still not used: production takes its key from the
    # environment only.
    local = tmp_path / "secret_key"
    local.write_text(STRONG_KEY)
    result = _run(
        ["-c", "import newsroom.settings"],
        NEWSROOM_PRODUCTION="1",
        SECRET_KEY_FILE=str(local),
        **env,
    )
    assert message in _refusal(result)


def test_it_refuses_manage_py_and_wsgi_in_production_without_a_key(tmp_path: Path) -> None:
    local = tmp_path / "secret_key"
    for args in (["manage.py", "check"], ["-c", "import newsroom.wsgi"]):
        result = _run(args, NEWSROOM_PRODUCTION="1", SECRET_KEY_FILE=str(local))
        assert "SECRET_KEY must be set" in _refusal(result)
    assert not local.exists()  # the switch never makes a key of its own


def test_it_turns_on_what_a_deployment_needs() -> None:
    shown = _settings(NEWSROOM_PRODUCTION="1", SECRET_KEY=STRONG_KEY)
    assert shown == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECRET_KEY": STRONG_KEY,
    }


def test_each_security_setting_has_its_own_variable(tmp_path: Path) -> None:
    # Turned off one by one under the switch (a TLS proxy that redirects by itself, say)...
    shown = _settings(
        NEWSROOM_PRODUCTION="1",
        SECRET_KEY=STRONG_KEY,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="no",
        SECURE_HSTS_SECONDS="0",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="off",
        SECURE_PROXY_SSL_HEADER="",
    )
    assert not any(shown[name] for name in SECURITY)
    # ... and on one by one without it.
    shown = _settings(
        SECRET_KEY_FILE=str(tmp_path / "key"),
        SECURE_SSL_REDIRECT="1",
        SESSION_COOKIE_SECURE="1",
        CSRF_COOKIE_SECURE="true",
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="yes",
        SECURE_HSTS_PRELOAD="1",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Scheme",
    )
    assert {name: shown[name] for name in SECURITY} == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_SCHEME", "https"],
    }


def test_it_is_plain_http_on_loopback_without_the_switch(tmp_path: Path) -> None:
    shown = _settings(SECRET_KEY_FILE=str(tmp_path / "key"))
    assert not any(shown[name] for name in SECURITY)


def test_importing_settings_makes_no_key_and_takes_none_from_the_source(tmp_path: Path) -> None:
    key_file = tmp_path / "var" / "secret_key"
    shown = _settings(SECRET_KEY_FILE=str(key_file))
    # Empty, so Django refuses to sign anything; importing the settings wrote nothing.
    assert shown["SECRET_KEY"] == ""
    assert not key_file.parent.exists()


def test_entry_points_make_the_local_key_once(tmp_path: Path) -> None:
    key_file = tmp_path / "var" / "secret_key"
    show = [
        "manage.py",
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SECRET_KEY)",
    ]
    first = _run(show, SECRET_KEY_FILE=str(key_file))
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip().splitlines()[-1]  # after the shell's own lines
    assert len(key) >= 50
    assert key_file.read_text().strip() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # Later runs, and the WSGI entry point, use the same key.
    again = _run(show, SECRET_KEY_FILE=str(key_file))
    assert again.stdout.strip().splitlines()[-1] == key
    wsgi = _run(
        [
            "-c",
            "import newsroom.wsgi; from django.conf import settings; print(settings.SECRET_KEY)",
        ],
        SECRET_KEY_FILE=str(key_file),
    )
    assert wsgi.returncode == 0, wsgi.stderr
    assert wsgi.stdout.strip() == key


def test_processes_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    code = "from newsroom.secret_key import ensure_local_key; print(ensure_local_key())"
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "NEWSROOM_PRODUCTION")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**base, "SECRET_KEY_FILE": str(key_file)},
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    keys = {proc.communicate(timeout=120)[0].strip() for proc in procs}
    assert keys == {key_file.read_text().strip()}
    assert list(tmp_path.iterdir()) == [key_file]  # no temporary file left behind


def test_the_deploy_check_is_clean_with_the_switch_and_only_with_it() -> None:
    check = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    result = _run(check, NEWSROOM_PRODUCTION="1", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    # Without the switch the same check names what is missing, so the switch is what
    # makes it clean (make lint runs it with the switch on).
    plain = _run(check, SECRET_KEY=STRONG_KEY)
    assert plain.returncode != 0
    for missing in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert missing in plain.stderr


def test_the_image_and_compose_turn_the_switch_on() -> None:
    assert "NEWSROOM_PRODUCTION=1" in (ROOT / "Dockerfile").read_text()
    compose = (ROOT / "docker-compose.yml").read_text()
    assert 'NEWSROOM_PRODUCTION: "1"' in compose
    # No default key: compose refuses to start without one rather than use a public key.
    assert "SECRET_KEY: ${SECRET_KEY:?" in compose
