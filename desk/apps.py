from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_roles(**kwargs: Any) -> None:
    """Keep the Reviewers and Desk groups after a flush too (the data migration made them)."""
    from desk.roles import ROLES
    from newsroom.groups import grant

    for name, permissions in ROLES.items():
        grant(name, permissions)


class DeskConfig(AppConfig):
    name = "desk"

    def ready(self) -> None:
        # After auth's own post_migrate handler has created the permissions.
        post_migrate.connect(ensure_roles, dispatch_uid="desk.roles")
