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
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=EDITORS)
    for app_label, codename in EDITOR_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)


class AnnotationsConfig(AppConfig):
    name = "annotations"

    def ready(self) -> None:
        # Runs after auth's own post_migrate handler has created the permissions.
        post_migrate.connect(ensure_editors_group, dispatch_uid="annotations.editors_group")
        from annotations import reanchoring  # noqa: F401  (connects the re-anchoring signals)
