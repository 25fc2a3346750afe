"""With DEBUG=0 under gunicorn, whitenoise serves the files collectstatic wrote."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serving import PROBE_TIMEOUT, stop, wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    static_root = tmp_path_factory.mktemp("staticfiles")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DEBUG": "0",
        "STATIC_ROOT": str(static_root),
        # Static files never reach the database: nothing listens here.
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/nothing",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "newsroom.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # A loaded machine may take a while to start the worker: see tests/serving.py.
        wait_until_serving(f"{base}/static/{manifest['css/app.css']}", server)
        yield base, manifest
    finally:
        stop(server)


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT * 10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_hashed_css_is_served_with_a_long_cache_lifetime(
    production: tuple[str, dict[str, str]],
) -> None:
    base, manifest = production
    hashed = manifest["css/app.css"]
    assert hashed != "css/app.css"  # the manifest storage names files by content
    status, headers, body = _get(f"{base}/static/{hashed}")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "immutable" in headers["Cache-Control"]
    assert body.strip()


def test_plain_name_and_compression(production: tuple[str, dict[str, str]]) -> None:
    base, _ = production
    status, headers, _ = _get(f"{base}/static/css/app.css", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"


def test_htmx_comes_from_our_own_static_files(production: tuple[str, dict[str, str]]) -> None:
    base, manifest = production
    htmx = next(name for name in manifest if name.startswith("django_htmx/") and "htmx" in name)
    status, _, _ = _get(f"{base}/static/{manifest[htmx]}")
    assert status == 200


def test_unknown_static_file_is_a_plain_404(production: tuple[str, dict[str, str]]) -> None:
    # Not a file: whitenoise passes it on to Django, which has no such page (and no 500).
    base, _ = production
    status, _, _ = _get(f"{base}/static/does-not-exist.css")
    assert status == 404


def test_modules_import_each_other_by_hashed_name(
    production: tuple[str, dict[str, str]],
) -> None:
    base, manifest = production
    status, _, body = _get(f"{base}/static/{manifest['js/main.js']}")
    assert status == 200
    assert f'from "./{manifest["js/toolbar.js"].removeprefix("js/")}"' in body.decode()
