"""Load and faults: 16 logged-in editors creating, editing and deleting annotations through
the real endpoints, under gunicorn as the Dockerfile runs it (gthread, 2 workers x 1
thread, ``DEBUG=0``), on loopback, for a bounded time; then the same load while we kill
things.

Run with `make bench` (or `.venv/bin/python bench/faults.py [load|faults]`; `BENCH_SHORT=1`
for 30 s instead of 60 s a section). Everything runs on a throwaway embedded PostgreSQL
cluster in a temporary folder (never var/pgdata, never DATABASE_URL's server).

  load    gunicorn with DATABASE_URL pointing at the cluster. Prints requests, 5xx (must
          be 0), p50/p99 and the reconciliation: every acknowledged create is in the
          database and in the CSV export, every acknowledged delete is gone.
  faults  gunicorn in embedded mode (it manages the cluster: no DATABASE_URL), and during
          the load: kill -9 of PostgreSQL, SIGTERM of PostgreSQL, kill -9 of one gunicorn
          worker. For each: what clients got until requests succeeded again (status counts,
          longest wait), the seconds that took, and acknowledged writes lost (must be 0).

A client that gets an error waits 0.1 s before its next request, as a person would.
Only acknowledged writes are reconciled: a write whose answer never came may or may not
have happened (a delete answered with an error is left out of both checks).
"""

from __future__ import annotations

import collections
import csv
import http.client
import io
import json
import os
import random
import re
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import harness
import psutil

EDITORS = 16
SECONDS = 30.0 if harness.SHORT else 60.0
TIMEOUT = 60.0  # a client gives up on one request after this long (seconds)
DOCKERFILE = harness.Workers("gthread", workers=2, threads=1)
PARAGRAPHS = 40


@dataclass
class Call:
    """One request: start and end (monotonic seconds), what it was, the status (0: no
    answer: connection refused or reset, or timed out)."""

    t0: float
    t1: float
    kind: str
    status: int

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400


@dataclass
class Editor:
    """One logged-in editor's client and what the server acknowledged to it."""

    cookie: str
    token: str
    rng: random.Random
    calls: list[Call] = field(default_factory=list)
    live: list[int] = field(default_factory=list)
    created: set[int] = field(default_factory=set)
    deleted: set[int] = field(default_factory=set)
    unsure: set[int] = field(default_factory=set)  # a delete without an answer
    versions: dict[int, int | None] = field(default_factory=dict)  # None: ask the entry

    def post(
        self, port: int, path: str, data: Mapping[str, object] | None, kind: str
    ) -> tuple[int, dict, str]:
        """POST ``data`` as htmx does (GET when None); returns the status, the
        annotation-changed event and the body."""
        headers = {
            "Cookie": self.cookie,
            "X-CSRFToken": self.token,
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        t0 = time.monotonic()
        status, event, body = 0, {}, ""
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        try:
            if data is None:
                conn.request("GET", path, headers=headers)
            else:
                conn.request("POST", path, body=urlencode(data), headers=headers)
            response = conn.getresponse()
            body = response.read().decode()
            status = response.status
            trigger = response.getheader("HX-Trigger-After-Settle")
            if trigger:
                event = json.loads(trigger).get("annotation-changed", {})
        except OSError:
            pass
        finally:
            conn.close()
        self.calls.append(Call(t0, time.monotonic(), kind, status))
        return status, event, body

    def version(self, port: int, pk: int) -> int | None:
        """The version the client knows for ``pk``, else the one its entry shows."""
        known = self.versions.get(pk)
        if known is None:
            status, _, body = self.post(port, f"/annotations/{pk}/", None, "entry")
            found = re.search(r'"version": "(\d+)"', body) if status == 200 else None
            known = self.versions[pk] = int(found.group(1)) if found else None
        return known

    def run(self, port: int, article: int, paragraphs: list[tuple[int, str]], until: float) -> None:
        """Create, edit and delete until the monotonic clock reaches ``until``."""
        n = 0
        while time.monotonic() < until:
            n += 1
            roll = self.rng.random()
            if len(self.live) < 3 or roll < 0.4:
                pk, text = self.rng.choice(paragraphs)
                start = self.rng.randrange(0, len(text) - 40)
                end = start + self.rng.randrange(5, 40)
                status, event, body = self.post(
                    port,
                    "/annotations/",
                    {
                        "article": article,
                        "paragraph": pk,
                        "start": start,
                        "end": end,
                        "text": text[start:end],
                        "tag": self.rng.choice(["claim", "quote", "context"]),
                        "note": f"note {n}",
                        "speaker": "",
                        "verdict": "",
                    },
                    "create",
                )
                if status == 201 and event.get("id"):
                    pk = event["id"]
                    self.created.add(pk)
                    self.versions[pk] = None if "already there" in body else 1
                    if pk not in self.live:
                        self.live.append(pk)
            elif roll < 0.7:
                pk = self.rng.choice(self.live)
                version = self.version(port, pk)
                if version is None:
                    time.sleep(0.1)
                    continue
                data = {"version": version, "tag": "context", "note": f"edit {n}"}
                status, _, _ = self.post(port, f"/annotations/{pk}/edit/", data, "edit")
                self.versions[pk] = version + 1 if status == 200 else None
            else:
                pk = self.rng.choice(self.live)
                version = self.version(port, pk)
                if version is None:
                    time.sleep(0.1)
                    continue
                data = {"version": version}
                status, _, _ = self.post(port, f"/annotations/{pk}/delete/", data, "delete")
                if status != 409:  # 409: a stale version; the annotation is still there
                    self.live.remove(pk)
                    (self.deleted if status == 200 else self.unsure).add(pk)
                self.versions[pk] = None
            if not 200 <= status < 400:
                time.sleep(0.1)


def prepare() -> tuple[Path, str, int, list[tuple[int, str]]]:
    """A throwaway cluster, migrated, with one article; (data folder, URL, article id,
    its paragraphs as (id, text))."""
    sys.path.insert(0, str(harness.BASE))
    folder = Path(tempfile.mkdtemp(prefix="nr-faults-"))
    data_dir = folder / "pgdata"
    from newsroom import embedded_db

    url = embedded_db.start(data_dir)
    os.environ["STATIC_ROOT"] = str(folder / "static")
    harness.setup_django(url)
    from articles.models import Article, Paragraph

    article = Article.objects.create(
        title="Load and faults", slug="load-and-faults", published="2026-03-14", source="Bench"
    )
    sentence = harness.SENTENCE
    Paragraph.objects.bulk_create(
        Paragraph(article=article, position=i, text=(sentence.format(n=i) * 3).strip())
        for i in range(1, PARAGRAPHS + 1)
    )
    paragraphs = list(Paragraph.objects.filter(article=article).values_list("pk", "text"))
    return data_dir, url, article.pk, paragraphs


def editors(section: str, seed: int) -> list[Editor]:
    """EDITORS logged-in editors for ``section``."""
    result = []
    for i in range(EDITORS):
        cookie, token = harness.login_session(f"{section}-editor-{i}", groups=["Editors"])
        result.append(Editor(cookie, token, random.Random(seed * 1000 + i)))
    return result


def drive(
    port: int, clients: list[Editor], article: int, paragraphs: list[tuple[int, str]]
) -> tuple[float, list[threading.Thread]]:
    """Start every client for SECONDS; returns the monotonic start time and the threads."""
    from django.db import connections

    connections.close_all()  # the bench's own connection must not hold anything meanwhile
    t0 = time.monotonic()
    threads = [
        threading.Thread(target=c.run, args=(port, article, paragraphs, t0 + SECONDS))
        for c in clients
    ]
    for thread in threads:
        thread.start()
    return t0, threads


def reconcile(port: int, clients: list[Editor]) -> dict[str, int]:
    """Acknowledged creates missing from the database or the CSV export, acknowledged
    deletes still there."""
    from annotations.models import Annotation

    in_db = set(Annotation.objects.values_list("pk", flat=True))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("GET", "/annotations.csv", headers={"Cookie": clients[0].cookie})
    response = conn.getresponse()
    body = response.read().decode()
    assert response.status == 200, response.status
    in_csv = {int(row["annotation_id"]) for row in csv.DictReader(io.StringIO(body))}
    created = set().union(*(c.created for c in clients))
    deleted = set().union(*(c.deleted for c in clients))
    unsure = set().union(*(c.unsure for c in clients))
    kept = created - deleted - unsure
    return {
        "acknowledged creates": len(created),
        "acknowledged deletes": len(deleted),
        "creates missing from the database": len(kept - in_db),
        "creates missing from the CSV": len(kept - in_csv),
        "deletes still in the database": len(deleted & in_db),
    }


def summary(calls: list[Call]) -> str:
    """Requests, 5xx, other failures, p50/p99 (ms)."""
    times = sorted(c.t1 - c.t0 for c in calls)
    q = statistics.quantiles(times, n=100)
    statuses = collections.Counter(c.status for c in calls)
    fives = sum(n for s, n in statuses.items() if s >= 500)
    return (
        f"{len(calls)} requests ({len(calls) / SECONDS:.0f}/s), 5xx {fives}, "
        f"statuses {dict(sorted(statuses.items()))}, "
        f"p50 {q[49] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms"
    )


def load_section(url: str, article: int, paragraphs: list[tuple[int, str]]) -> bool:
    """The load without faults; True when there was no 5xx and nothing was lost."""
    env = harness.setup_django(url)
    clients = editors("load", 1)
    print(f"\n== load: {EDITORS} editors for {SECONDS:.0f} s, {DOCKERFILE}, DEBUG=0", flush=True)
    with harness.gunicorn(env, DOCKERFILE) as (port, _):
        _, threads = drive(port, clients, article, paragraphs)
        for thread in threads:
            thread.join()
        calls = [call for c in clients for call in c.calls]
        print(summary(calls))
        figures = reconcile(port, clients)
    print("reconciliation:", figures)
    bad = sum(v for k, v in figures.items() if "missing" in k or "still" in k)
    return bad == 0 and not any(c.status >= 500 for c in calls)


def fault_section(
    data_dir: Path, url: str, article: int, paragraphs: list[tuple[int, str]]
) -> bool:
    """The load with three faults; True when no acknowledged write was lost."""
    from newsroom import embedded_db

    env = {k: v for k, v in harness.setup_django(url).items() if k != "DATABASE_URL"}
    env["EMBEDDED_PGDATA"] = str(data_dir)  # embedded mode: the app supervises the server
    clients = editors("faults", 2)
    print(f"\n== faults: the same load, gunicorn in embedded mode ({DOCKERFILE})", flush=True)
    faults: list[tuple[str, float]] = []
    with harness.gunicorn(env, DOCKERFILE) as (port, workers):
        t0, threads = drive(port, clients, article, paragraphs)
        plan = [
            (0.2, "kill -9 postgres", lambda: _signal_postmaster(data_dir, signal.SIGKILL)),
            (0.5, "SIGTERM postgres", lambda: _signal_postmaster(data_dir, signal.SIGTERM)),
            (0.8, "kill -9 a gunicorn worker", lambda: os.kill(workers[0], signal.SIGKILL)),
        ]
        for at, name, act in plan:
            time.sleep(max(0.0, t0 + at * SECONDS - time.monotonic()))
            faults.append((name, time.monotonic()))
            act()
        for thread in threads:
            thread.join()
        calls = sorted((call for c in clients for call in c.calls), key=lambda c: c.t0)
        print(summary(calls))
        print("timeline, each second: ok/failed:", timeline(calls, t0))
        ends = [t for _, t in faults[1:]] + [t0 + SECONDS + TIMEOUT]
        for (name, at), end in zip(faults, ends, strict=True):
            print(f"{name}: {_outage([c for c in calls if at <= c.t1 < end], at)}")
        assert embedded_db.is_ready(data_dir), "postgres is not up at the end"
        figures = reconcile(port, clients)
    print("reconciliation:", figures)
    lost = sum(v for k, v in figures.items() if "missing" in k or "still" in k)
    print(f"acknowledged writes lost: {lost}")
    return lost == 0


def timeline(calls: list[Call], t0: float) -> str:
    """Per second of the run (by when requests ended): succeeded/failed."""
    ok: collections.Counter[int] = collections.Counter()
    bad: collections.Counter[int] = collections.Counter()
    for c in calls:
        (ok if c.ok else bad)[int(c.t1 - t0)] += 1
    return " ".join(f"{ok[s]}/{bad[s]}" for s in range(int(SECONDS) + 1))


def _outage(window: list[Call], at: float) -> str:
    failed = [c for c in window if not c.ok]
    if not failed:
        longest = max((c.t1 - c.t0 for c in window), default=0.0)
        return f"no request failed (longest wait {longest:.2f} s)"
    last = max(c.t1 for c in failed)
    back = min((c.t1 for c in window if c.ok and c.t0 >= last), default=None)
    if back is None:
        return f"{len(failed)} requests failed; none succeeded after the last failure"
    during = [c for c in window if c.t0 <= back]
    counts = collections.Counter(c.status for c in during)
    longest = max(c.t1 - c.t0 for c in during)
    return (
        f"statuses until requests succeeded again {dict(sorted(counts.items()))} "
        f"(0 = no answer), longest wait {longest:.2f} s, "
        f"requests succeed again {back - at:.2f} s after the fault"
    )


def _signal_postmaster(data_dir: Path, sig: int) -> None:
    from newsroom import embedded_db

    pid = embedded_db._pid_in(data_dir.resolve())
    assert pid is not None and embedded_db._is_our_postmaster(pid, data_dir.resolve())
    psutil.Process(pid).send_signal(sig)


def main() -> None:
    """Run the sections named on the command line (default: both)."""
    sections = sys.argv[1:] or ["load", "faults"]
    data_dir, url, article, paragraphs = prepare()
    ok = True
    if "load" in sections:
        ok &= load_section(url, article, paragraphs)
    if "faults" in sections:
        ok &= fault_section(data_dir, url, article, paragraphs)
    if not ok:
        raise SystemExit("FAILED: 5xx under load, or an acknowledged write lost")


if __name__ == "__main__":
    main()
