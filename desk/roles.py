"""The desk's roles: which group holds which permissions.

- ``Editors`` (made by annotations' migration 0002): read and annotate.
- ``Reviewers``: also approve or reject annotations, change any annotation (an approved
  one is closed to its author, not to them), move any article to any status (to done),
  and see every editor's annotations in blind mode.
- ``Desk``: all of that, and assign editors, set blind mode, delete any annotation.

Superusers hold every permission. Each entry is (app label, codename).
"""

from __future__ import annotations

EDITORS = "Editors"
REVIEWERS = "Reviewers"
DESK = "Desk"

_READ_AND_ANNOTATE = [
    ("annotations", "add_annotation"),
    ("annotations", "view_annotation"),
    ("articles", "view_article"),
    ("articles", "view_paragraph"),
]
_REVIEW = [
    ("annotations", "change_annotation"),
    ("desk", "review_annotations"),
    ("desk", "move_any_article"),
    ("desk", "see_all_annotations"),
    ("desk", "view_workflow"),
]
_DESK = [
    ("annotations", "delete_annotation"),
    ("desk", "assign_editors"),
    ("desk", "change_workflow"),
    ("desk", "view_assignment"),
    ("desk", "add_assignment"),
    ("desk", "delete_assignment"),
    ("desk", "view_statuschange"),
]

ROLES: dict[str, list[tuple[str, str]]] = {
    REVIEWERS: _READ_AND_ANNOTATE + _REVIEW,
    DESK: _READ_AND_ANNOTATE + _REVIEW + _DESK,
}
