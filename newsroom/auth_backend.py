"""Django's ModelBackend, reading a user's permissions in one query instead of two.

Every write checks a permission, and Django's backend asks PostgreSQL twice for them
(the user's own, then their groups'). Here one UNION of both answers, cached on the user
object for the request as Django caches it; the rules (inactive users have none,
superusers have all) are Django's own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class ModelBackendOneQuery(ModelBackend):
    """ModelBackend whose ``get_all_permissions`` costs one query per user and request."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        """``{"app_label.codename", …}`` of ``user_obj``'s own and group permissions
        (every permission for an active superuser; none for an inactive or anonymous
        user, or when ``obj`` is given: object permissions are not ours)."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            names = ("content_type__app_label", "codename")
            if user_obj.is_superuser:
                rows = Permission.objects.values_list(*names)
            else:
                # Unordered: Permission's default ordering names no selected column.
                own = Permission.objects.filter(user=user_obj).order_by().values_list(*names)
                groups = Permission.objects.filter(group__user=user_obj).order_by()
                rows = own.union(groups.values_list(*names)).order_by()
            user_obj._perm_cache = {f"{label}.{codename}" for label, codename in rows}
        perms: set[str] = user_obj._perm_cache
        return perms
