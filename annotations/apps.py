from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate

EDITORS = "Editors"
EDITOR_PERMISSIONS = [
    ("annotations", "add_annotation"),
    ("annotations", "view_annotation"),
    ("articles", "view_article"),
    ("articles", "view_paragraph"),
]


def ensure_editors_group(**kwargs: Any) -> None:
    """Keep the Editors group after a flush too (the data migration made it first)."""
    from newsroom.groups import grant

    grant(EDITORS, EDITOR_PERMISSIONS)


class AnnotationsConfig(AppConfig):
    name = "annotations"

    def ready(self) -> None:
        # Runs after auth's own post_migrate handler has created the permissions.
        post_migrate.connect(ensure_editors_group, dispatch_uid="annotations.editors_group")
        from annotations import reanchoring  # noqa: F401  (connects the re-anchoring signals)
