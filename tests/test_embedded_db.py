"""The embedded PostgreSQL comes back after every way of killing the app or the database.

Each test drives real servers on a throwaway data folder under ``tmp_path``. Clients are
separate Python processes (pgserver keeps per-process state and stops the server from an
``atexit`` hook), so the tests can kill them the way a user or the OOM killer would.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent

CLIENT = textwrap.dedent(
    """
    import json, sys, time
    sys.path.insert(0, sys.argv[1])
    import dj_database_url, psycopg
    from newsroom import embedded_db

    t0 = time.monotonic()
    url = embedded_db.start(sys.argv[2])
    elapsed = time.monotonic() - t0
    db = dj_database_url.parse(url)
    conn = psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"])
    one = conn.execute("SELECT 1").fetchone()[0]
    print(json.dumps({"url": url, "elapsed": elapsed, "one": one}), flush=True)
    if sys.argv[3] == "hold":
        sys.stdin.read()  # keep the connection open until the test closes stdin
    conn.close()
    """
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


class Client:
    """A Python process that started (or joined) the embedded server."""

    def __init__(self, data_dir: Path, *, hold: bool) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CLIENT, str(ROOT), str(data_dir), "hold" if hold else "once"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            _, err = self.proc.communicate(timeout=30)
            raise AssertionError(f"client failed to start the server:\n{err}")
        self.result = json.loads(line)
        assert self.result["one"] == 1

    @property
    def pid(self) -> int:
        return self.proc.pid

    def finish(self) -> None:
        _, err = self.proc.communicate(timeout=30)
        assert self.proc.returncode == 0, err


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """One initdb for the module (about a second); each test gets a copy."""
    data_dir = tmp_path_factory.mktemp("template") / "fresh" / "pgdata"
    client = Client(data_dir, hold=False)
    client.finish()
    _wait_for(_server_stopped(data_dir), what="the only client's exit to stop the server")
    return data_dir, client.result


@pytest.fixture
def pgdata(tmp_path: Path, template: tuple[Path, dict[str, Any]]) -> Iterator[Path]:
    data_dir = tmp_path / "pgdata"
    # cp -a keeps the owner: run as root, the files belong to pgserver's system user.
    subprocess.run(["cp", "-a", str(template[0]), str(data_dir)], check=True)
    (data_dir / ".handle_pids.json").write_text("[]")
    yield data_dir
    # Never leave a server behind, whatever the test did.
    pid = _postmaster_pid(data_dir)
    if pid and _is_postgres_for(pid, data_dir):
        psutil.Process(pid).send_signal(signal.SIGINT)
        _wait_for(lambda: not _is_postgres_for(pid, data_dir), what="cleanup stop")


@pytest.fixture
def start(pgdata: Path) -> Iterator[Callable[..., Client]]:
    clients: list[Client] = []

    def _start(*, hold: bool = False) -> Client:
        client = Client(pgdata, hold=hold)
        clients.append(client)
        if not hold:
            client.finish()
        return client

    yield _start
    for client in clients:
        if client.proc.poll() is None:
            client.proc.kill()
            client.proc.wait()


def _postmaster_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None


def _is_postgres_for(pid: int, data_dir: Path) -> bool:
    try:
        proc = psutil.Process(pid)
        return proc.status() != psutil.STATUS_ZOMBIE and str(data_dir) in proc.cmdline()
    except psutil.Error:
        return False


def _handles(data_dir: Path) -> list[int]:
    return json.loads((data_dir / ".handle_pids.json").read_text() or "[]")


def _wait_for(condition: Callable[[], bool], *, what: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _server_stopped(data_dir: Path) -> Callable[[], bool]:
    return lambda: _postmaster_pid(data_dir) is None


def _running_postmaster(data_dir: Path) -> int:
    pid = _postmaster_pid(data_dir)
    assert pid is not None and _is_postgres_for(pid, data_dir)
    return pid


def _kill_postmaster(data_dir: Path, sig: int = signal.SIGKILL) -> int:
    pid = _running_postmaster(data_dir)
    os.kill(pid, sig)
    if sig == signal.SIGKILL:
        _wait_for(lambda: not _is_postgres_for(pid, data_dir), what="postmaster to die")
    return pid


def test_first_start_initialises_and_later_starts_are_quick(
    template: tuple[Path, dict[str, Any]], start: Callable[..., Client], pgdata: Path
) -> None:
    # The template fixture ran the first start: initdb into a folder whose parent did
    # not exist yet, then its only client exited, which stopped the server.
    fresh_dir, first = template
    assert (fresh_dir / "PG_VERSION").exists()
    again = start()
    print(f"first start (initdb) {first['elapsed']:.2f} s, later {again.result['elapsed']:.2f} s")
    assert first["url"].startswith("postgresql://postgres@")
    assert again.result["url"].endswith(":5432/newsroom")
    assert again.result["elapsed"] < 5
    _wait_for(_server_stopped(pgdata), what="server to stop")


def test_comes_back_after_postmaster_sigkill(start: Callable[..., Client], pgdata: Path) -> None:
    holder = start(hold=True)
    old = _kill_postmaster(pgdata)
    assert _postmaster_pid(pgdata) == old  # stale pid file left behind

    start()  # a new client brings it back ...
    new = _running_postmaster(pgdata)  # ... and the holder keeps it up
    assert new != old

    holder.finish()  # last live client: stops the *new* postmaster too
    _wait_for(_server_stopped(pgdata), what="server to stop")
    assert not _is_postgres_for(new, pgdata)


def test_pid_file_naming_an_unrelated_live_process(
    start: Callable[..., Client], pgdata: Path
) -> None:
    holder = start(hold=True)
    dead = _kill_postmaster(pgdata)
    holder.proc.kill()
    holder.proc.wait()

    # The kernel hands the number to somebody else: a program that must not be signalled.
    bystander = subprocess.Popen(["sleep", "60"])
    try:
        for lock_file in [pgdata / "postmaster.pid", *pgdata.glob(".s.PGSQL.*.lock")]:
            lines = lock_file.read_text().splitlines()
            assert int(lines[0]) == dead
            lock_file.write_text("\n".join([str(bystander.pid), *lines[1:]]) + "\n")

        start()
        _wait_for(_server_stopped(pgdata), what="server to stop")
        assert bystander.poll() is None, "start() signalled an unrelated process"
        assert psutil.Process(bystander.pid).status() != psutil.STATUS_ZOMBIE
    finally:
        bystander.kill()
        bystander.wait()


def test_pid_file_naming_a_zombie(start: Callable[..., Client], pgdata: Path) -> None:
    holder = start(hold=True)
    _kill_postmaster(pgdata)
    holder.proc.kill()
    holder.proc.wait()

    # A killed postmaster whose parent never reaps it stays a zombie: "alive" to kill(0).
    zombie = subprocess.Popen(["true"])
    _wait_for(lambda: psutil.Process(zombie.pid).status() == psutil.STATUS_ZOMBIE, what="a zombie")
    try:
        for lock_file in [pgdata / "postmaster.pid", *pgdata.glob(".s.PGSQL.*.lock")]:
            lines = lock_file.read_text().splitlines()
            lock_file.write_text("\n".join([str(zombie.pid), *lines[1:]]) + "\n")
        start()
        _wait_for(_server_stopped(pgdata), what="server to stop")
    finally:
        zombie.wait()


def test_postmaster_sigterm_with_clients_connected(
    start: Callable[..., Client], pgdata: Path
) -> None:
    # SIGTERM is postgres's "smart" shutdown: it waits for every connected client, and
    # refuses new connections meanwhile. A new start hurries it along and starts afresh.
    holder = start(hold=True)
    old = _kill_postmaster(pgdata, signal.SIGTERM)
    _wait_for(
        lambda: (pgdata / "postmaster.pid").read_text().splitlines()[-1].strip() == "stopping",
        what="postmaster to report 'stopping'",
    )
    start()
    assert _running_postmaster(pgdata) != old
    holder.finish()
    _wait_for(_server_stopped(pgdata), what="server to stop")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_app_sigterm_or_hangup_stops_the_server(
    sig: int, start: Callable[..., Client], pgdata: Path
) -> None:
    # `kill PID` or closing the terminal: the exit hooks still run and stop the server.
    holder = start(hold=True)
    postmaster = _running_postmaster(pgdata)
    holder.proc.send_signal(sig)
    holder.proc.wait(timeout=10)
    _wait_for(_server_stopped(pgdata), what="server to stop on the client's signal")
    assert not _is_postgres_for(postmaster, pgdata)
    assert _handles(pgdata) == []


def test_sigkilled_client_is_pruned(start: Callable[..., Client], pgdata: Path) -> None:
    victim = start(hold=True)
    survivor = start(hold=True)
    assert sorted(_handles(pgdata)) == sorted([victim.pid, survivor.pid])

    victim.proc.kill()  # never runs its exit hook: stays in the list
    victim.proc.wait()
    assert victim.pid in _handles(pgdata)

    # The last live client exiting stops the server although a dead one is still listed.
    survivor.finish()
    _wait_for(_server_stopped(pgdata), what="server to stop after the last live client")
    assert _handles(pgdata) == []


def test_start_prunes_dead_clients(start: Callable[..., Client], pgdata: Path) -> None:
    victim = start(hold=True)
    victim.proc.kill()
    victim.proc.wait()
    assert _handles(pgdata) == [victim.pid]

    joiner = start(hold=True)
    assert _handles(pgdata) == [joiner.pid]
    joiner.finish()
    _wait_for(_server_stopped(pgdata), what="server to stop")


def test_two_processes_starting_at_once_share_one_server(pgdata: Path) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CLIENT, str(ROOT), str(pgdata), "hold"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    try:
        results = []
        for proc in procs:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line, proc.communicate(timeout=30)[1]
            results.append(json.loads(line))
        assert len({r["url"] for r in results}) == 1
        assert sorted(_handles(pgdata)) == sorted(p.pid for p in procs)
        postmaster = _running_postmaster(pgdata)
        for proc in procs[:-1]:
            proc.communicate(timeout=30)
            assert _is_postgres_for(postmaster, pgdata), "stopped while a client was left"
        procs[-1].communicate(timeout=30)
        _wait_for(_server_stopped(pgdata), what="server to stop")
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def test_no_xdg_runtime_dir_warning(pgdata: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_RUNTIME_DIR", "DATABASE_URL")}
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from newsroom import embedded_db; embedded_db.start(sys.argv[2])"
    )
    out = subprocess.run(
        [sys.executable, "-W", "always", "-c", code, str(ROOT), str(pgdata)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert "XDG_RUNTIME_DIR" not in out.stderr
    assert "Warning" not in out.stderr, out.stderr
    _wait_for(_server_stopped(pgdata), what="server to stop")
