"""Waiting for a server the tests started, however busy the machine is."""

from __future__ import annotations

import http.client
import subprocess
import time
import urllib.request

# Bounds for a machine that is busy with other work, not for a healthy idle one: a probe
# that gets no answer in time is simply tried again, until the deadline.
PROBE_TIMEOUT = 30.0
DEADLINE = 300.0


def wait_until_serving(
    url: str,
    server: subprocess.Popen[str],
    *,
    probe_timeout: float = PROBE_TIMEOUT,
    deadline: float = DEADLINE,
) -> None:
    """Return once ``url`` answers 2xx; fail with the server's stderr if it exits or the
    deadline passes. Refused connections, resets, slow answers (``TimeoutError``) and
    error statuses while the server starts are all just "not yet"."""
    give_up = time.monotonic() + deadline
    while True:
        try:
            with urllib.request.urlopen(url, timeout=probe_timeout) as response:
                response.read()
                return
        except (OSError, http.client.HTTPException):  # URLError and TimeoutError included
            if server.poll() is not None or time.monotonic() > give_up:
                stop(server)
                raise AssertionError(
                    f"the server never answered {url}:\n{server.communicate()[1]}"
                ) from None
            time.sleep(0.1)  # between probes, not a wait for anything in particular


def stop(server: subprocess.Popen[str]) -> None:
    """Terminate ``server`` and wait for it; kill it if it does not stop in good time."""
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
