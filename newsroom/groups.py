"""Groups kept with their permissions after a flush (the apps' post_migrate handlers)."""

from __future__ import annotations

from collections.abc import Iterable


def grant(name: str, permissions: Iterable[tuple[str, str]]) -> None:
    """Make the group ``name`` if missing and give it ``permissions`` ((app label,
    codename) pairs); a permission not created yet is skipped, never an error."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=name)
    for app_label, codename in permissions:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)
