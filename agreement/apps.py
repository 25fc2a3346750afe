from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate

# Who sees the agreement and adjudicates: the same as migration 0003 grants.
GROUPS = ("Reviewers", "Desk")
CODENAMES = ("view_agreement", "adjudicate")


def ensure_groups(**kwargs: Any) -> None:
    """Keep the Reviewers' and the Desk's agreement permissions after a flush too (the
    data migration gave them first). get_or_create: the desk's roles make these groups."""
    from django.contrib.auth.models import Group, Permission

    permissions = list(
        Permission.objects.filter(content_type__app_label="agreement", codename__in=CODENAMES)
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class AgreementConfig(AppConfig):
    name = "agreement"
    verbose_name = "Agreement between editors"

    def ready(self) -> None:
        # For this app only: auth's own handler has created its permissions by then.
        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="agreement.groups")
