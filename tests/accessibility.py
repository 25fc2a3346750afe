"""Accessibility checked by a machine: axe-core (bundled by axe-playwright-python, nothing
downloaded) run in the page under test. WCAG 2.1 A/AA rules and axe's best practices."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

BLOCKING = {"serious", "critical"}
# axe's experimental rule for visible labels that differ from accessible names (WCAG 2.5.3
# Label in Name) is on: speech-input users say what they see.
OPTIONS = {
    "resultTypes": ["violations"],
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}


def serious_violations(page: Any) -> list[str]:
    """axe's serious and critical violations on ``page`` as it is now, one line each:
    ``rule id: help — selector, …``; an empty list when there are none."""
    results = Axe().run(page, options=OPTIONS)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in BLOCKING:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            found.append(f"{violation['id']}: {violation['help']} — {targets}")
    return found
